//! The number reader on any text: never a panic; every figure's span lies on character
//! boundaries inside the text, and the value is within range.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for t in jixiao_extract::numbers::scan(text) {
        assert!(t.start <= t.end && t.end <= t.unit_end && t.unit_end <= text.len());
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end) && text.is_char_boundary(t.unit_end));
        assert!(t.value.abs() < jixiao_core::num::MAX_MAGNITUDE);
    }
});
