//! Times writing a report, already built, as DOCX (and HTML) from its JSON form
//! (`jixiao report RECORD -o model.json`): the half of `bench/docx-vs-python-docx.sh` that
//! python-docx is compared with. Prints milliseconds per document.
//!
//! Usage: cargo run --release -p jixiao-render --example write_speed -- model.json [RUNS]

use std::time::Instant;

#[allow(clippy::float_arithmetic)] // timing, not money
fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("用法:write_speed model.json [次数]");
        std::process::exit(2);
    };
    let runs: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(50);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("无法读取 {path}:{e}");
        std::process::exit(2)
    });
    let report: jixiao_render::Report = serde_json::from_str(&text).unwrap_or_else(|e| {
        eprintln!("{path} 不是报告的 JSON:{e}");
        std::process::exit(2)
    });
    // Word and HTML use no font: an empty set.
    let fonts = jixiao_render::fonts::Fonts::new(Vec::new());
    for (name, format) in [("docx", jixiao_render::Format::Docx), ("html", jixiao_render::Format::Html)] {
        let mut size = 0;
        let start = Instant::now();
        for _ in 0..runs {
            size = jixiao_render::render(&report, format, &fonts).map(|b| b.len()).unwrap_or(0);
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
        println!("{name} {ms:.3} ms {size} bytes");
    }
}
