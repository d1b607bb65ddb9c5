//! Audit speed on text (reading and checking, not printing): the seed report, and a large
//! synthetic document (the seed repeated to about 20 MB). Run with
//! `cargo bench -p jixiao-pipeline --no-default-features --bench audit`; the target is at
//! least 20 MB/s on one core.

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn seed() -> String {
    let root = std::env::var_os("JIXIAO_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    std::fs::read_to_string(root.join("seed/000_c570ee2c5f3014ba.txt"))
        .expect("the seed report in ../shared (or $JIXIAO_SHARED) is the benchmark input")
}

fn bench(c: &mut Criterion) {
    let seed = seed();
    let mut g = c.benchmark_group("audit_text");
    g.throughput(Throughput::Bytes(seed.len() as u64));
    g.bench_function("seed", |b| b.iter(|| jixiao_pipeline::audit_text("seed.txt", seed.clone())));
    let big = seed.repeat(20_000_000 / seed.len());
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.sample_size(10);
    g.bench_function("synthetic_20mb", |b| b.iter(|| jixiao_pipeline::audit_text("big.txt", big.clone())));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
