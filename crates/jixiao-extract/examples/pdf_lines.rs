//! Prints the lines and word boxes pdf_oxide finds on a page (for tuning table reading).
#![allow(clippy::float_arithmetic)]
fn main() {
    let path = std::env::args().nth(1).expect("a pdf");
    let page: usize = std::env::args().nth(2).and_then(|p| p.parse().ok()).unwrap_or(0);
    let doc = pdf_oxide::document::PdfDocument::from_bytes(std::fs::read(path).expect("read")).expect("pdf");
    for line in jixiao_extract::formats::pdf_page_lines(&doc, page).expect("lines") {
        let mut s = String::new();
        for w in &line.words {
            s.push_str(&format!("[{:.0}-{:.0} {}]", w.bbox.x, w.bbox.x + w.bbox.width, w.text));
        }
        println!("y={:.0} {s}", line.bbox.y);
    }
}
