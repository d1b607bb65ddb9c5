//! The PDF reader on any bytes: never a panic, never an abort (a stack overflow included:
//! the seeds in `fuzz/seeds/pdf_reader` nest arrays, content-stream operands and the page
//! tree past the limits).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = jixiao_extract::formats::pdf_text(data);
});
