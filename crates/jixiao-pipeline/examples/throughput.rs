//! Times an audit of a text file repeated to about 20 MB (a rough check; the benchmark is
//! `cargo bench -p jixiao-pipeline --bench audit`).
#![allow(clippy::float_arithmetic, clippy::cast_precision_loss)]
fn main() {
    let path = std::env::args().nth(1).expect("a text file");
    let text = std::fs::read_to_string(path).expect("utf-8 text");
    let target: usize = std::env::var("JIXIAO_BENCH_BYTES").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000_000);
    let times = (target / text.len().max(1)).max(1);
    let big = text.repeat(times);
    let repeat: usize = std::env::var("JIXIAO_BENCH_REPEAT").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    // Warm up first (the built-in indicator systems are parsed once per process): the
    // result is not needed.
    let _ = jixiao_pipeline::audit_text("", String::new());
    let t0 = std::time::Instant::now();
    let mut a = jixiao_pipeline::audit_text("big.txt", big.clone());
    for _ in 1..repeat {
        a = jixiao_pipeline::audit_text("big.txt", big.clone());
    }
    let dt = t0.elapsed().as_secs_f64() / repeat as f64;
    println!(
        "{} bytes, {} findings, {:.2} s, {:.1} MB/s",
        big.len(),
        a.findings.len(),
        dt,
        big.len() as f64 / dt / 1e6
    );
}
