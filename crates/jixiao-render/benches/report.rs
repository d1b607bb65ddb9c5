//! Writing the report of the seed record (its inconsistencies corrected) as Word and HTML,
//! from the loaded record: building the content (sentences, tables, charts) and laying it out.
//! Target: under 50 ms each.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jixiao_core::Record;
use jixiao_core::input::load_record;
use jixiao_core::load::Format as DataFormat;
use jixiao_render::fonts::Fonts;
use jixiao_render::{Format, Inputs, Sentences, build, render};

const CORRECTED: &str = include_str!("../../../examples/lechang-hrss-2024-corrected.toml");

/// jixiao's own fonts (no file read), loaded once.
fn own_fonts() -> &'static Fonts {
    static FONTS: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| Fonts::new(jixiao_fonts::bundled()))
}

fn bench(c: &mut Criterion) {
    let record = load_record(CORRECTED, DataFormat::Toml).expect("example loads").record;
    let Record::Dept(d) = &record else { panic!("department record") };
    let system = jixiao_core::system::builtin("gd-dept-2024").and_then(Result::ok).map(|s| s.system);
    let sentences = Sentences::default_set();
    let inputs = Inputs {
        record: d,
        system: system.as_ref(),
        notes: &[],
        sentences: &sentences,
        charts: Some(own_fonts()),
        projects: &[],
    };
    let mut g = c.benchmark_group("seed report");
    g.bench_function("build (sentences, tables, charts)", |b| b.iter(|| build(black_box(&inputs)).expect("builds")));
    for (name, format) in [("docx", Format::Docx), ("html", Format::Html), ("markdown", Format::Markdown)] {
        g.bench_function(format!("{name}, build and write"), |b| {
            b.iter(|| render(&build(black_box(&inputs)).expect("builds").report, format, own_fonts()).expect("renders"))
        });
    }
    g.sample_size(10);
    g.bench_function("pdf, build and write", |b| {
        b.iter(|| {
            render(&build(black_box(&inputs)).expect("builds").report, Format::Pdf, own_fonts()).expect("renders")
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
