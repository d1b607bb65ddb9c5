//! Any bytes as an indicator-system file: never a panic; a system that loads scores the
//! bundled example without panicking.
#![no_main]

use jixiao_core::load::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(sys) = jixiao_core::system::load_system(text, Format::Toml, "fuzz")
    {
        let rec = include_str!("../../examples/lechang-hrss-2024.toml");
        if let Ok(r) = jixiao_core::load_record(rec, Format::Toml) {
            let _ = jixiao_core::scoring::score(&r.record, &sys.system);
        }
    }
});
