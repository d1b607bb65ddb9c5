//! Reading the seed workbook (`examples/lechang-hrss-2024.xlsx`) into a record and checking
//! it, as `jixiao check FILE.xlsx` does. Target: under 100 ms.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jixiao_excel::{Limits, import};

const WORKBOOK: &[u8] = include_bytes!("../../../examples/lechang-hrss-2024.xlsx");

fn bench(c: &mut Criterion) {
    let limits = Limits::default();
    let system = jixiao_core::system::builtin("gd-dept-2024").and_then(Result::ok).map(|s| s.system);
    let mut g = c.benchmark_group("seed workbook");
    g.bench_function("import", |b| b.iter(|| import("seed.xlsx", black_box(WORKBOOK), &limits).expect("imports")));
    g.bench_function("import and check", |b| {
        b.iter(|| {
            let im = import("seed.xlsx", black_box(WORKBOOK), &limits).expect("imports");
            jixiao_rules::check(&im.loaded.record, system.as_ref())
        })
    });
    g.bench_function("export", |b| {
        let im = import("seed.xlsx", WORKBOOK, &limits).expect("imports");
        let jixiao_core::Record::Dept(d) = &im.loaded.record else { panic!("department record") };
        b.iter(|| jixiao_excel::export(black_box(d), None).expect("exports"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
