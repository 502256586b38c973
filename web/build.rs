//! Rebuilds the crate when a file under assets/ or i18n/ is added, changed or removed (the
//! embedding macros only see the files that existed at the last build).
fn main() {
    println!("cargo:rerun-if-changed=assets");
    println!("cargo:rerun-if-changed=i18n");
    println!("cargo:rerun-if-changed=templates");
}
