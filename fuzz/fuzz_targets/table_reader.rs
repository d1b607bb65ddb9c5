//! The table readers on any text: the flow, its tables and a project funds block; never a
//! panic, and every flow span maps back inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let doc = jixiao_extract::text::Doc::new(text.to_string());
    let reader = jixiao_extract::reader::Reader::new(&doc);
    for t in jixiao_extract::tables::tables(&reader) {
        let _ = t.header();
        for row in &t.rows {
            for cell in &row.cells {
                let s = doc.span(cell.range.clone());
                assert!(s.end <= doc.text.len());
            }
        }
    }
    let _ = jixiao_extract::project::extract(text);
});
