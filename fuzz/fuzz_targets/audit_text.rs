//! A whole audit on any text: never a panic; every place a finding is shown at indexes the
//! text.
#![no_main]

use jixiao_pipeline::source::Place;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let a = jixiao_pipeline::audit_text("fuzz.txt", text.to_string());
    for f in &a.findings {
        for (s, _) in a.spans(f) {
            assert!(a.read.text.get(s.start..s.end).is_some());
        }
        for p in std::iter::once(&f.primary).chain(&f.related) {
            if let Some(Place::Text(s)) = a.read.map.get(&p.path) {
                assert!(s.start <= s.end && s.end <= a.read.text.len());
            }
        }
    }
    let _ = jixiao_pipeline::diagnostics::render_findings(&a.findings, &a.view(), &Default::default());
});
