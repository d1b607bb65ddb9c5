//! Times reading a workbook into a record (and checking it): the half of
//! `bench/xlsx-vs-openpyxl.sh` that openpyxl is compared with. Prints milliseconds per read.
//!
//! Usage: cargo run --release -p jixiao-excel --example read_speed -- FILE.xlsx [RUNS]

use std::time::Instant;

#[allow(clippy::float_arithmetic)] // timing, not money
fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("用法:read_speed 工作簿.xlsx [次数]");
        std::process::exit(2);
    };
    let runs: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(50);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("无法读取 {path}:{e}");
        std::process::exit(2)
    });
    let limits = jixiao_excel::Limits::default();
    for (name, check) in [("import", false), ("import+check", true)] {
        let start = Instant::now();
        for _ in 0..runs {
            match jixiao_excel::import(&path, &bytes, &limits) {
                Ok(im) if check => {
                    std::hint::black_box(jixiao_rules::check(&im.loaded.record, None));
                }
                Ok(im) => {
                    std::hint::black_box(im);
                }
                Err(e) => {
                    eprintln!("{path}:{e}");
                    std::process::exit(2);
                }
            }
        }
        println!("{name} {:.3} ms", start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs));
    }
}
