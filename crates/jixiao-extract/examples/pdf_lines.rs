//! Prints the words and their boxes jixiao finds on a page, by frame (for tuning table reading).
#![allow(clippy::float_arithmetic)]
fn main() {
    let path = std::env::args().nth(1).expect("a pdf");
    let page: usize = std::env::args().nth(2).and_then(|p| p.parse().ok()).unwrap_or(0);
    let doc = pdf_oxide::document::PdfDocument::from_bytes(std::fs::read(path).expect("read")).expect("pdf");
    for (i, frame) in jixiao_extract::formats::pdf_page_frames(&doc, page).expect("frames").into_iter().enumerate() {
        let mut words = frame.words;
        words.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
        for w in &words {
            println!("frame {i} y={:.1} h={:.1} [{:.1}-{:.1}] {}", w.y, w.h, w.x0, w.x1, w.text);
        }
    }
}
