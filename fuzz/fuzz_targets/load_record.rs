//! Any bytes as a record file, TOML and JSON: never a panic.
#![no_main]

use jixiao_core::load::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = jixiao_core::load_record(text, Format::Toml);
        let _ = jixiao_core::load_record(text, Format::Json);
    }
});
