//! The HTML and Markdown readers on any text: never a panic, and the audit of what they
//! return never panics either.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let html = jixiao_extract::markup::html_text(s);
        let md = jixiao_extract::markup::markdown_text(s);
        let _ = jixiao_pipeline::audit_text("fuzz.html", html);
        let _ = jixiao_pipeline::audit_text("fuzz.md", md);
    }
});
