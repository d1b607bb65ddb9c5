//! The PDF reader on any bytes: never a panic, never an abort (a stack overflow included:
//! the seeds in `fuzz/seeds/pdf_reader` nest arrays, content-stream operands and the page
//! tree past the limits). A panic inside pdf_oxide is caught by the reader and becomes a
//! message (`a_panic_inside_the_pdf_library_becomes_a_message` in jixiao-extract's tests);
//! any other panic fails the run.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(init: jixiao_fuzz::contain_dependency_panics(), |data: &[u8]| {
    let _ = jixiao_extract::formats::pdf_text(data);
});
