//! A document's page count as [`read`] gives it: a PDF's pages (the file is built
//! here with `jixiao_testkit::pdf`), and nothing for a text without form feeds.

use jixiao_extract::formats::read;
use jixiao_extract::pages::Pages;

#[cfg(feature = "pdf")]
#[test]
fn a_pdf_of_three_pages_has_three() {
    use jixiao_testkit::pdf::{document, stream};
    let font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec();
    let page = |contents: usize| {
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {contents} 0 R >>"
        )
        .into_bytes()
    };
    let line = |n: usize| {
        format!("BT /F1 12 Tf 72 700 Td (Page {n}: budget execution rate is 95 percent this year.) Tj ET\n")
            .into_bytes()
    };
    let bytes = document(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [4 0 R 5 0 R 6 0 R] /Count 3 >>".to_vec(),
        font,
        page(7),
        page(8),
        page(9),
        stream(&line(1), false),
        stream(&line(2), false),
        stream(&line(3), false),
    ]);
    let doc = read("a.pdf", &bytes).expect("read");
    assert!(doc.text.contains("Page 3"), "{}", doc.text);
    assert_eq!(doc.pages, Some(Pages::Pdf(3)));
}

#[test]
fn a_text_tells_its_pages_only_by_form_feeds() {
    let plain = read("a.txt", "第一页的文字。\n第二段。\n".as_bytes()).expect("read");
    assert_eq!(plain.pages, None);
    let paged = read("a.txt", "第一页的文字。\n\u{c}第二页的文字。\n\u{c}".as_bytes()).expect("read");
    assert_eq!(paged.pages, Some(Pages::FormFeeds(2)));
}
