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

/// A one-page PDF of `contents` drawn with Helvetica on a 300 × 200 page, `extra` added to the
/// page dictionary.
#[cfg(feature = "pdf")]
fn one_page(contents: &str, extra: &str) -> Vec<u8> {
    use jixiao_testkit::pdf::{document, stream};
    document(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] {extra} /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>"
        )
        .into_bytes(),
        stream(contents.as_bytes(), false),
    ])
}

/// Text drawn outside the page box (a template's leftover, a figure moved off the page) is not
/// on the page a reader sees, so it is not audited.
#[cfg(feature = "pdf")]
#[test]
fn text_drawn_outside_the_page_box_is_not_read() {
    let bytes = one_page(
        "BT /F1 12 Tf 20 150 Td (Budget 400 actual 300 rate 75 percent) Tj ET\n\
         BT /F1 12 Tf 20 500 Td (Hidden 999) Tj ET\n",
        "",
    );
    let doc = read("a.pdf", &bytes).expect("read");
    assert!(doc.text.contains("Budget 400"), "{}", doc.text);
    assert!(!doc.text.contains("999"), "{}", doc.text);
}

/// A page turned upside down (`/Rotate 180`, its text drawn upside down so that it reads
/// upright when shown) reads top to bottom as shown, not line-reversed.
#[cfg(feature = "pdf")]
#[test]
fn a_page_turned_by_180_degrees_reads_as_it_is_shown() {
    // Upright as shown: Alpha one 100 above Beta two 200. Drawn in the page's own space
    // rotated by 180 degrees around its centre.
    let bytes = one_page(
        "BT /F1 12 Tf -1 0 0 -1 280 62 Tm (Alpha one 100) Tj ET\n\
         BT /F1 12 Tf -1 0 0 -1 280 112 Tm (Beta two 200) Tj ET\n",
        "/Rotate 180",
    );
    let doc = read("a.pdf", &bytes).expect("read");
    let alpha = doc.text.find("Alpha").unwrap_or_else(|| panic!("{}", doc.text));
    let beta = doc.text.find("Beta").unwrap_or_else(|| panic!("{}", doc.text));
    assert!(alpha < beta, "{}", doc.text);
}

/// A line that runs past the page's right edge is read up to the edge: the characters a reader
/// sees, not the rest of the run drawn off the page (as `pdftotext` reads it).
#[cfg(feature = "pdf")]
#[test]
fn a_line_running_off_the_page_is_read_up_to_its_edge() {
    // "Seen" ends inside the 300-point page, "Unseen" starts beyond it, in one run.
    let bytes = one_page(
        "BT /F1 12 Tf 20 150 Td (Budget 400 actual 300 rate 75 percent) Tj ET\nBT /F1 12 Tf 275 100 Td (Seen Unseen) Tj ET\n",
        "",
    );
    let doc = read("a.pdf", &bytes).expect("read");
    assert!(doc.text.contains("Seen"), "{}", doc.text);
    assert!(!doc.text.contains("Unseen"), "{}", doc.text);
}

/// A stamp or margin note set sideways on a page is read upright, as its own line after the
/// page's text, not broken into the lines it crosses.
#[cfg(feature = "pdf")]
#[test]
fn a_sideways_run_reads_upright_after_the_page_text() {
    let bytes = one_page(
        "BT /F1 12 Tf 20 150 Td (Budget 400 actual 300) Tj ET\n\
         BT /F1 12 Tf 20 120 Td (Rate 75 percent) Tj ET\n\
         BT /F1 10 Tf 0 1 -1 0 150 100 Tm (STAMP 77) Tj ET\n",
        "",
    );
    let doc = read("a.pdf", &bytes).expect("read");
    let lines: Vec<&str> = doc.text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines, ["Budget 400 actual 300", "Rate 75 percent", "STAMP 77"], "{}", doc.text);
}

/// A landscape page drawn sideways on a portrait sheet and turned by `/Rotate 90` to be shown
/// upright reads line by line as shown.
#[cfg(feature = "pdf")]
#[test]
fn a_page_turned_by_90_degrees_reads_as_it_is_shown() {
    // Upright as shown: Beta two 200 above Alpha one 100 (turned clockwise for display, the
    // run at x = 70 comes out above the run at x = 100).
    let bytes = one_page(
        "BT /F1 12 Tf 0 1 -1 0 100 20 Tm (Alpha one 100) Tj ET\n\
         BT /F1 12 Tf 0 1 -1 0 70 20 Tm (Beta two 200) Tj ET\n",
        "/Rotate 90",
    );
    let doc = read("a.pdf", &bytes).expect("read");
    let lines: Vec<&str> = doc.text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines, ["Beta two 200", "Alpha one 100"], "{}", doc.text);
}

/// Text a producer gives for a run of glyphs (`/ActualText`, as Chromium writes each CJK glyph
/// it draws from a Type3 font) is read instead of the glyphs' own codes.
#[cfg(feature = "pdf")]
#[test]
fn the_text_given_for_marked_glyphs_is_read() {
    let bytes = one_page(
        "BT /F1 12 Tf 20 150 Td (Budget 400 actual 300 rate 75 percent) Tj ET\n\
         /Span << /ActualText <FEFF4EBA529B> >> BDC BT /F1 12 Tf 20 120 Td (XY) Tj ET EMC\n",
        "",
    );
    let doc = read("a.pdf", &bytes).expect("read");
    assert!(doc.text.contains("\u{4eba}\u{529b}"), "{}", doc.text);
    assert!(!doc.text.contains("XY"), "{}", doc.text);
}
