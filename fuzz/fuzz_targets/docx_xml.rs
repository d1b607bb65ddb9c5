//! The DOCX reader on any bytes (as a zip) and any text (as document.xml): never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = jixiao_extract::formats::docx_text(data);
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = jixiao_extract::formats::document_xml_text(s);
    }
    let _ = jixiao_extract::formats::decode(data);
});
