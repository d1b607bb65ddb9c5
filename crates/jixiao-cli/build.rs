//! Links `jixiao` on Linux as an executable at a fixed address (`-no-pie`) unless `JIXIAO_PIE=1`.
//!
//! A position-independent executable is relocated by the dynamic loader at every start: for
//! jixiao that is ~140 000 addresses written into 2.4 MB of tables (most of them typst's, for
//! PDF), ~630 page faults and ~1.7 ms before `main` — a third of writing a Word report
//! (docs/report.md). At a fixed address the tables are read from the file as they are.
//! The heap, the stack and the shared libraries still get random addresses; only the program's
//! own code and tables do not. Builds that want those random too (a distribution's hardening
//! policy, a server facing the internet) set `JIXIAO_PIE=1` (docs/web.md).

fn main() {
    println!("cargo:rerun-if-env-changed=JIXIAO_PIE");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let pie = std::env::var("JIXIAO_PIE").is_ok_and(|v| v == "1");
    if linux && !pie {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
