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

#[tokio::test]
async fn the_served_spec_is_the_committed_one() {
    let app = common::TestApp::spawn().await;
    let r = app.call(reqwest::Method::GET, "/openapi.yaml", None, None).await;
    assert_eq!(r.status, 200);
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml")).unwrap();
    assert_eq!(r.body.as_str().unwrap(), committed);
}
