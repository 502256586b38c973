//! The `crosstalk` binary: parses the command line and hands over to the library.

#[actix_web::main]
async fn main() {
    if let Err(e) = crosstalk_api::cli::main().await {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
