//! Links the `jixiao` binary at a fixed address on Linux (not as a position-independent
//! executable): a PIE of this size carries about 140 000 relative relocations that the dynamic
//! loader applies at every start, writing (and so copying) every page of its read-only data
//! before `main` runs — a few milliseconds of each command. Shared libraries, the heap and the
//! stack are still placed at random addresses.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
