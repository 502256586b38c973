//! HTTP routes, one file per resource. Every handler is listed in [`crate::openapi::ApiDoc`].

use actix_web::web;

pub mod admin;
pub mod captions;
pub mod cohorts;
pub mod courses;
pub mod display_names;
pub mod erasure;
pub mod exports;
pub mod health;
pub mod lti;
pub mod me;
pub mod media;
pub mod members;
pub mod moderation;
pub mod modules;
pub mod notifications;
pub mod posts;
pub mod prompts;
pub mod retention;
pub mod uploads;

pub fn configure(cfg: &mut web::ServiceConfig) {
    use web::{delete, get, head, method, patch, post, put, resource};
    cfg.service(resource("/healthz").route(get().to(health::healthz)))
        .service(resource("/readyz").route(get().to(health::readyz)))
        .service(resource("/metrics").route(get().to(health::metrics)))
        .service(resource("/openapi.yaml").route(get().to(health::openapi_yaml)))
        .service(resource("/v1/me").route(get().to(me::me)))
        .service(resource("/v1/courses").route(post().to(courses::create)).route(get().to(courses::list)))
        .service(resource("/v1/courses/{course_id}").route(get().to(courses::get)).route(patch().to(courses::update)))
        .service(
            resource("/v1/courses/{course_id}/modules")
                .route(post().to(modules::create))
                .route(get().to(modules::list)),
        )
        .service(resource("/v1/modules/{module_id}").route(patch().to(modules::update)))
        .service(
            resource("/v1/modules/{module_id}/prompts")
                .route(post().to(prompts::create))
                .route(get().to(prompts::list)),
        )
        .service(resource("/v1/prompts/{prompt_id}").route(get().to(prompts::get)).route(patch().to(prompts::update)))
        .service(
            resource("/v1/courses/{course_id}/members")
                // A roster of thousands of members is larger than the default JSON limit.
                .app_data(web::JsonConfig::default().limit(4 * 1024 * 1024).error_handler(crate::extract::json_error))
                .route(put().to(members::upsert))
                .route(get().to(members::list)),
        )
        .service(resource("/v1/courses/{course_id}/members/{external_id}").route(delete().to(erasure::erase)))
        .service(resource("/v1/courses/{course_id}/erasures/{erasure_id}").route(get().to(erasure::get)))
        .service(resource("/v1/courses/{course_id}/members/{external_id}/tokens").route(post().to(members::mint_token)))
        .service(
            resource("/v1/courses/{course_id}/members/{external_id}/sign-in-links")
                .route(post().to(members::mint_sign_in_link)),
        )
        .service(
            resource("/v1/courses/{course_id}/cohorts")
                .route(post().to(cohorts::create))
                .route(get().to(cohorts::list)),
        )
        .service(resource("/v1/cohorts/{cohort_id}/members").route(put().to(cohorts::set_members)))
        .service(resource("/v1/courses/{course_id}/cohorts/generate").route(post().to(cohorts::generate)))
        .service(
            resource("/v1/uploads")
                .route(method(actix_web::http::Method::OPTIONS).to(uploads::options))
                .route(post().to(uploads::create)),
        )
        .service(
            resource("/v1/uploads/{upload_id}")
                .route(head().to(uploads::head))
                .route(patch().to(uploads::patch))
                .route(delete().to(uploads::delete)),
        )
        .service(resource("/v1/prompts/{prompt_id}/posts").route(post().to(posts::create)).route(get().to(posts::list)))
        .service(resource("/v1/posts/{post_id}").route(get().to(posts::get)).route(delete().to(posts::delete)))
        .service(resource("/v1/posts/{post_id}/replies").route(post().to(posts::reply)))
        .service(
            resource("/v1/posts/{post_id}/captions/{lang}")
                .route(put().to(captions::put))
                .route(delete().to(captions::delete)),
        )
        .service(resource("/v1/posts/{post_id}/flags").route(post().to(moderation::flag)))
        .service(resource("/v1/posts/{post_id}/moderation").route(post().to(moderation::decide)))
        .service(resource("/v1/me/export").route(get().to(exports::me)))
        .service(
            resource("/v1/courses/{course_id}/retention")
                .route(get().to(retention::get))
                .route(put().to(retention::put)),
        )
        .service(
            resource("/v1/courses/{course_id}/display-names")
                .route(get().to(display_names::get))
                .route(put().to(display_names::put)),
        )
        .service(resource("/v1/courses/{course_id}/exports").route(post().to(exports::create_course)))
        .service(resource("/v1/courses/{course_id}/exports/{export_id}").route(get().to(exports::get_course)))
        .service(resource("/v1/me/posts").route(get().to(posts::mine)))
        .service(resource("/v1/courses/{course_id}/moderation/queue").route(get().to(moderation::queue)))
        .service(resource("/v1/courses/{course_id}/audit").route(get().to(moderation::audit)))
        .service(resource("/v1/courses/{course_id}/participation").route(get().to(moderation::participation)))
        .service(
            resource("/v1/courses/{course_id}/members/{external_id}/mute")
                .route(put().to(moderation::mute))
                .route(delete().to(moderation::unmute)),
        )
        .service(
            resource("/v1/me/notifications")
                .route(get().to(notifications::get_preferences))
                .route(patch().to(notifications::update_preferences)),
        )
        .service(
            resource("/v1/unsubscribe")
                .route(get().to(notifications::unsubscribe_page))
                .route(post().to(notifications::unsubscribe)),
        )
        .service(
            resource("/v1/webhooks")
                .route(post().to(notifications::create_webhook))
                .route(get().to(notifications::list_webhooks)),
        )
        .service(resource("/v1/webhooks/{webhook_id}").route(delete().to(notifications::delete_webhook)))
        .service(resource("/v1/webhooks/{webhook_id}/deliveries").route(get().to(notifications::deliveries)))
        .service(
            resource("/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver")
                .route(post().to(notifications::redeliver)),
        )
        .service(resource("/v1/lti/registrations").route(post().to(lti::create)).route(get().to(lti::list)))
        .service(resource("/v1/lti/registrations/{registration_id}").route(delete().to(lti::delete)))
        .service(resource("/v1/courses/{course_id}/lti/roster-sync").route(post().to(lti::roster_sync)))
        .service(resource("/v1/admin/jobs").route(get().to(admin::list)))
        .service(resource("/v1/admin/jobs/{job_id}/retry").route(post().to(admin::retry)))
        .service(resource("/media/{key:.+}").route(get().to(media::get)));
}
