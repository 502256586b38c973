//! The OpenAPI document, generated from the handlers' annotations. `openapi.yaml` at the repo
//! root is this output, committed; a test fails when they differ (`crosstalk openapi > openapi.yaml`).

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(title = "Crosstalk API", version = "1", description = "Asynchronous video exchanges for MOOCs. \
        Errors are application/problem+json with a stable `code`. Lists are cursor-paginated. \
        Creating POSTs honour `Idempotency-Key`."),
    paths(
        routes::health::healthz, routes::health::readyz, routes::health::metrics, routes::health::openapi_yaml,
        routes::me::me,
        routes::courses::create, routes::courses::list, routes::courses::get, routes::courses::update,
        routes::modules::create, routes::modules::list, routes::modules::update,
        routes::prompts::create, routes::prompts::list, routes::prompts::get, routes::prompts::update,
        routes::members::upsert, routes::members::list, routes::members::mint_token, routes::members::mint_sign_in_link,
        routes::cohorts::create, routes::cohorts::list, routes::cohorts::set_members, routes::cohorts::generate,
        routes::uploads::options, routes::uploads::create, routes::uploads::head, routes::uploads::patch, routes::uploads::delete,
        routes::posts::create, routes::posts::get, routes::posts::list, routes::posts::reply, routes::posts::delete,
        routes::posts::mine,
        routes::captions::put, routes::captions::delete,
        routes::exports::me, routes::exports::create_course, routes::exports::get_course,
        routes::erasure::erase, routes::erasure::get,
        routes::retention::get, routes::retention::put,
        routes::display_names::get, routes::display_names::put,
        routes::moderation::flag, routes::moderation::decide, routes::moderation::queue, routes::moderation::audit,
        routes::moderation::participation, routes::moderation::mute, routes::moderation::unmute,
        routes::notifications::get_preferences, routes::notifications::update_preferences,
        routes::notifications::unsubscribe_page, routes::notifications::unsubscribe,
        routes::notifications::create_webhook, routes::notifications::list_webhooks, routes::notifications::delete_webhook,
        routes::notifications::deliveries, routes::notifications::redeliver,
        routes::lti::create, routes::lti::list, routes::lti::delete, routes::lti::roster_sync,
        routes::admin::list, routes::admin::retry,
        routes::media::get,
    ),
    modifiers(&Security, &Faults),
    tags(
        (name = "courses", description = "A team's MOOC runs"),
        (name = "structure", description = "Modules and prompts"),
        (name = "roster", description = "Learners, facilitators and member tokens"),
        (name = "cohorts", description = "Groups whose members see each other's threads"),
        (name = "members", description = "What a member sees of themselves"),
        (name = "uploads", description = "tus 1.0.0 resumable uploads"),
        (name = "posts", description = "Video responses and their processing status"),
        (name = "moderation", description = "Flags, decisions, the queue, mutes, the audit log, participation"),
        (name = "media", description = "Signed, expiring media URLs"),
        (name = "notifications", description = "Email preferences and one-click unsubscribe"),
        (name = "webhooks", description = "Signed event delivery to a team's systems, and its log"),
        (name = "lti", description = "LTI 1.3 platforms a team registers, and the tool URLs to give them"),
        (name = "admin", description = "Dead and stuck jobs"),
        (name = "ops", description = "Health, readiness, metrics, this document"),
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A team API key (`ctk_...`) or a member token (`ctm1....`)"))
                    .build(),
            ),
        );
    }
}

/// Failing dependencies (see `crosstalk_core::fault`): every `/v1` operation may answer 503
/// when the database or the store is unreachable, and the tus routes that write bytes 507 when
/// the disk is full; both problem+json with `Retry-After`. Added here, once, not per route.
struct Faults;

impl Modify for Faults {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{header::HeaderBuilder, ContentBuilder, Ref, ResponseBuilder};
        let fault = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/problem+json",
                    ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
                )
                .header(
                    "Retry-After",
                    HeaderBuilder::new()
                        .schema(utoipa::openapi::schema::Object::with_type(utoipa::openapi::schema::Type::Integer))
                        .description(Some("Seconds to wait before trying again"))
                        .build(),
                )
                .build()
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            if !path.starts_with("/v1/") {
                continue;
            }
            let ops = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.head, &mut item.patch];
            for op in ops.into_iter().flatten() {
                let r = &mut op.responses.responses;
                r.entry("503".into()).or_insert_with(|| {
                    fault(
                        "`database_unavailable` or `store_unavailable`: a dependency is down; nothing stored was lost",
                    )
                    .into()
                });
                if matches!(op.operation_id.as_deref(), Some("createUpload" | "appendToUpload")) {
                    r.entry("507".into()).or_insert_with(|| {
                        fault("`insufficient_storage`: no space for these bytes; those already acknowledged stay")
                            .into()
                    });
                }
            }
        }
    }
}

/// The document as YAML.
pub fn yaml() -> String {
    ApiDoc::openapi().to_yaml().unwrap_or_else(|e| format!("# could not render: {e}\n"))
}
