//! The workbook import on any bytes (as .xlsx and as .xls): an error, never a panic, and
//! never more memory than the limits allow. A panic inside calamine (or what it reads
//! with) is caught by the import and becomes a message; any other panic fails the run.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(init: jixiao_fuzz::contain_dependency_panics(), |data: &[u8]| {
    let limits = jixiao_excel::Limits { max_unzipped: 32 * 1024 * 1024, max_cells: 200_000, ..Default::default() };
    let _ = jixiao_excel::import("f.xlsx", data, &limits);
    let _ = jixiao_excel::import("f.xls", data, &limits);
});
