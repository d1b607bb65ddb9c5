//! A whole audit on any text: never a panic; every span indexes the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let a = jixiao_extract::audit::audit_text(text.to_string());
    for l in &a.findings {
        for (s, _) in &l.spans {
            assert!(a.text.get(s.start..s.end).is_some());
        }
    }
});
