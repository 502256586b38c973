//! openapi.yaml is the code's own description of the API: regenerate it with
//! `cargo run -p crosstalk-api -- openapi > openapi.yaml` when this fails.

mod common;

#[test]
fn committed_openapi_yaml_matches_the_code() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml")).unwrap();
    let generated = crosstalk_api::openapi::yaml();
    assert!(
        committed == generated,
        "openapi.yaml differs from the code; run `cargo run -p crosstalk-api -- openapi > openapi.yaml`"
    );
}

/// OpenAPI requires operationIds unique; generated clients name their methods after them.
#[test]
fn every_operation_has_its_own_operation_id() {
    let spec = <crosstalk_api::openapi::ApiDoc as utoipa::OpenApi>::openapi();
    let mut seen = std::collections::BTreeMap::<String, Vec<String>>::new();
    for (path, item) in &spec.paths.paths {
        let operations = [
            ("GET", &item.get),
            ("PUT", &item.put),
            ("POST", &item.post),
            ("DELETE", &item.delete),
            ("OPTIONS", &item.options),
            ("HEAD", &item.head),
            ("PATCH", &item.patch),
            ("TRACE", &item.trace),
        ];
        for (method, operation) in operations {
            let Some(operation) = operation else { continue };
            let id = operation.operation_id.clone().unwrap_or_default();
            assert!(
                id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && id.chars().all(|c| c.is_ascii_alphanumeric()),
                "{method} {path}: operationId {id:?} is not a camelCase name"
            );
            seen.entry(id).or_default().push(format!("{method} {path}"));
        }
    }
    let repeated: Vec<_> = seen.iter().filter(|(_, at)| at.len() > 1).collect();
    assert!(repeated.is_empty(), "operationIds used more than once: {repeated:?}");
    assert!(seen.len() >= 50, "only {} operations found", seen.len());
}

#[tokio::test]
async fn the_served_spec_is_the_committed_one() {
    let app = common::TestApp::spawn().await;
    let r = app.call(reqwest::Method::GET, "/openapi.yaml", None, None).await;
    assert_eq!(r.status, 200);
    // The spec declares the media type it is served with.
    assert_eq!(r.content_type, "application/yaml");
    let spec = <crosstalk_api::openapi::ApiDoc as utoipa::OpenApi>::openapi();
    let declared = spec.paths.paths["/openapi.yaml"].get.as_ref().and_then(|op| op.responses.responses.get("200"));
    let Some(utoipa::openapi::RefOr::T(declared)) = declared else { panic!("no 200 response for /openapi.yaml") };
    assert_eq!(declared.content.keys().collect::<Vec<_>>(), ["application/yaml"]);
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml")).unwrap();
    assert_eq!(r.body.as_str().unwrap(), committed);
}
