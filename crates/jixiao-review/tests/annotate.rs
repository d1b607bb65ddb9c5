//! Annotated copies (`--annotate`): reports written for the test by the render crate (from the
//! repository's example record, whose inconsistencies give findings) as DOCX and PDF,
//! reviewed, annotated, and the copies opened again.

use std::io::Read;
use std::path::Path;

use jixiao_pipeline::report::Format;
use jixiao_pipeline::{Input, Pages};
use jixiao_review::{ReportRow, ReviewRules, annotated_copy, review};

mod common;

use common::written;

fn reviewed(path: &Path) -> ReportRow {
    let b = review(&[path.to_path_buf()], Vec::new(), &ReviewRules::default(), 1, &|_| {});
    b.reports.into_iter().next().expect("one row")
}

fn unzip(bytes: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf-8");
    Some(s)
}

/// The text of the `<w:t>` elements between a comment's range start and end.
fn commented_text(doc: &str, id: &str) -> String {
    let start = doc.find(&format!("<w:commentRangeStart w:id=\"{id}\"/>")).expect("range start");
    let end = doc.find(&format!("<w:commentRangeEnd w:id=\"{id}\"/>")).expect("range end");
    assert!(start < end, "comment {id}: its range ends before it starts");
    let mut out = String::new();
    let mut rest = &doc[start..end];
    while let Some(at) = rest.find("<w:t") {
        rest = &rest[at..];
        let open = rest.find('>').expect("tag end") + 1;
        if rest[..open].ends_with("/>") || !(rest.starts_with("<w:t>") || rest.starts_with("<w:t ")) {
            rest = &rest[open..];
            continue;
        }
        let close = rest.find("</w:t>").expect("t end");
        out.push_str(&rest[open..close]);
        rest = &rest[close..];
    }
    out
}

#[test]
fn an_annotated_docx_has_a_comment_at_each_flagged_figure_and_keeps_its_pages() {
    let dir = tempfile::tempdir().expect("tmp");
    let original = dir.path().join("report.docx");
    let bytes = written(common::RECORD, Format::Docx);
    std::fs::write(&original, &bytes).expect("write");
    let row = reviewed(&original);
    assert!(row.errors > 0, "the example record's report has errors");
    let copy = annotated_copy(&row).expect("annotated").expect("figures to mark");
    let marks: usize = row.findings.iter().map(|f| f.spans.len()).sum();
    assert_eq!((copy.placed, copy.missed), (marks, 0), "every figure found again");
    assert_eq!(std::fs::read(&original).expect("read"), bytes, "the original is untouched");

    let doc = unzip(&copy.bytes, "word/document.xml").expect("document");
    let comments = unzip(&copy.bytes, "word/comments.xml").expect("comments part");
    let rels = unzip(&copy.bytes, "word/_rels/document.xml.rels").expect("rels");
    let types = unzip(&copy.bytes, "[Content_Types].xml").expect("types");
    assert!(rels.contains("relationships/comments\" Target=\"comments.xml\""), "{rels}");
    assert!(types.contains("PartName=\"/word/comments.xml\""), "{types}");
    // Each comment says its finding's code and message, and is anchored at the figure's text.
    let mut id = 0;
    for f in &row.findings {
        for span in &f.spans {
            let note = format!("[{}] {}", f.code, f.message);
            let escaped = jixiao_pipeline::report::model::escape_xml(&note);
            assert!(comments.contains(&format!("w:id=\"{id}\"")), "comment {id}");
            assert!(comments.contains(&escaped), "{note}");
            let figure = &row.text[span.clone()];
            assert_eq!(commented_text(&doc, &id.to_string()), jixiao_pipeline::report::model::escape_xml(figure));
            id += 1;
        }
    }
    // The copy reads as the original did: the same text, the same stored page count.
    let again = jixiao_pipeline::read("copy.docx", Input::Report(&copy.bytes)).unwrap_or_else(|_| panic!("rereads"));
    assert_eq!(again.text, row.text);
    assert_eq!(again.reading.pages, row.pages);

    // LibreOffice opens it (no repair) and lays it out on as many pages as the original.
    if jixiao_testkit::find("soffice").is_none() || jixiao_testkit::find("pdfinfo").is_none() {
        eprintln!("{}", jixiao_testkit::missing_message("soffice"));
        return;
    }
    let annotated = dir.path().join("annotated.docx");
    std::fs::write(&annotated, &copy.bytes).expect("write");
    let pages = |p: &Path| {
        let pdf = jixiao_testkit::convert_with_soffice(p, "pdf", dir.path());
        let info = jixiao_testkit::run(jixiao_testkit::program("pdfinfo").arg(&pdf));
        info.lines().find(|l| l.starts_with("Pages:")).map(|l| l[6..].trim().to_string()).expect("pages")
    };
    let (a, b) = (pages(&original), pages(&annotated));
    assert_eq!(a, b, "LibreOffice lays the copy out on as many pages");
    // And it reads every comment, with its range, as its own annotation.
    let odt = jixiao_testkit::convert_with_soffice(&annotated, "odt", dir.path());
    let content = unzip(&std::fs::read(&odt).expect("odt"), "content.xml").expect("content.xml");
    assert_eq!(content.matches("<office:annotation ").count() + content.matches("<office:annotation>").count(), marks);
    assert_eq!(content.matches("<office:annotation-end").count(), marks);
}

#[cfg(feature = "pdf")]
#[test]
fn an_annotated_pdf_has_a_highlight_with_the_message_over_each_flagged_figure() {
    use pdf_oxide::document::PdfDocument;
    let dir = tempfile::tempdir().expect("tmp");
    let original = dir.path().join("report.pdf");
    let bytes = written(common::RECORD, Format::Pdf);
    std::fs::write(&original, &bytes).expect("write");
    let row = reviewed(&original);
    let Some(Pages::Pdf(n)) = row.pages else { panic!("a PDF's pages: {:?}", row.pages) };
    assert!(row.findings.iter().all(|f| f.spans.is_empty() || f.page.is_some_and(|p| p >= 1 && p <= n)));
    let copy = annotated_copy(&row).expect("annotated").expect("figures to mark");
    let marks: usize = row.findings.iter().map(|f| f.spans.len()).sum();
    assert_eq!((copy.placed, copy.on_page, copy.missed), (marks, 0, 0));
    assert_eq!(std::fs::read(&original).expect("read"), bytes, "the original is untouched");

    let again = jixiao_pipeline::read("copy.pdf", Input::Report(&copy.bytes)).unwrap_or_else(|_| panic!("rereads"));
    assert_eq!(again.reading.pages, Some(Pages::Pdf(n)), "every page kept");
    assert_eq!(again.text, row.text, "the highlights add no text");

    let doc = PdfDocument::from_bytes(copy.bytes.clone()).expect("opens");
    for f in row.findings.iter().filter(|f| !f.spans.is_empty()) {
        let page = f.page.expect("page") - 1;
        let note = format!("[{}] {}", f.code, f.message);
        let annots = doc.get_annotations(page).expect("annotations");
        // The reader gives a text string's bytes as they are (UTF-16 with its BOM for Chinese):
        // compared with the note's bytes so written.
        let pdf_oxide::object::Object::String(written) = pdf_oxide::object::Object::text_string(&note) else {
            panic!("a text string")
        };
        let expected = String::from_utf8_lossy(&written).to_string();
        assert!(written.starts_with(&[0xFE, 0xFF]), "written as UTF-16");
        let a = annots
            .iter()
            .find(|a| a.contents.as_deref() == Some(expected.as_str()))
            .unwrap_or_else(|| panic!("page {}: no annotation saying {note}", page + 1));
        assert_eq!(a.subtype.as_deref(), Some("Highlight"));
        // What lies under the highlight is the figure.
        let [x0, y0, x1, y1] = a.rect.expect("rect");
        #[allow(clippy::float_arithmetic, clippy::cast_possible_truncation)]
        let rect = pdf_oxide::geometry::Rect::new(x0 as f32, y0 as f32, (x1 - x0) as f32, (y1 - y0) as f32);
        let words = doc.extract_words_in_rect(page, rect, Default::default()).expect("words");
        let under: String = words.iter().map(|w| w.text.as_str()).collect::<String>().split_whitespace().collect();
        let figure: String = f.figure.as_deref().unwrap_or_default().split_whitespace().collect();
        assert!(under.contains(&figure), "page {}: under the highlight {under:?}, the figure {figure:?}", page + 1);
    }
    if jixiao_testkit::find("pdfinfo").is_some() {
        let annotated = dir.path().join("annotated.pdf");
        std::fs::write(&annotated, &copy.bytes).expect("write");
        let info = jixiao_testkit::run(jixiao_testkit::program("pdfinfo").arg(&annotated));
        assert!(info.contains(&format!("Pages:           {n}")), "{info}");
    }
}

#[test]
fn text_reports_and_unreadable_files_get_no_copy_but_a_reason() {
    let dir = tempfile::tempdir().expect("tmp");
    let txt = dir.path().join("a.txt");
    std::fs::write(&txt, "年初预算 100.00 万元,决算 120.00 万元,预算执行率 90.00%。\n").expect("w");
    let err = annotated_copy(&reviewed(&txt)).expect_err("text");
    assert!(err.contains(".docx") && err.contains("PDF"), "{err}");
    let broken = dir.path().join("b.docx");
    std::fs::write(&broken, b"PK\x03\x04 broken").expect("w");
    let err = annotated_copy(&reviewed(&broken)).expect_err("broken");
    assert!(err.contains("无法读取"), "{err}");
}
