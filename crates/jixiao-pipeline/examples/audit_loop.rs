//! Audits one text file N times in a loop, for profilers (`perf record`, `valgrind
//! --tool=callgrind`) that want a plain process rather than a criterion harness:
//! `cargo build --release -p jixiao-pipeline --no-default-features --example audit_loop`, then
//! `target/release/examples/audit_loop FILE [N]`.
fn main() {
    let path = std::env::args().nth(1).expect("a text file");
    let n: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(200);
    let text = std::fs::read_to_string(&path).expect("a UTF-8 text file");
    let mut findings = 0;
    for _ in 0..n {
        findings += jixiao_pipeline::audit_text(&path, text.clone()).findings.len();
    }
    println!("{findings} findings in {n} runs");
}
