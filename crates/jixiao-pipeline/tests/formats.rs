//! The seed report audited as text, as a DOCX and as a PDF gives the same findings.
//!
//! The DOCX is built here from the seed's text (one paragraph per line, tabs kept); the PDF
//! is that DOCX converted by LibreOffice (`soffice`, installed by `scripts/test`). Neither file is
//! committed: the seed's text stays in `../shared`.

use std::io::Write;
use std::path::PathBuf;

use jixiao_pipeline::{Finding, Input, MAX_REPORT_BYTES, audit_text, check, read};

use jixiao_testkit::seed_text;

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A minimal Word document: one paragraph per line; runs of lines with tabs become a real
/// table (one cell per tab-separated part), as in the report the text was taken from.
fn docx(text: &str) -> Vec<u8> {
    docx_with(text, &[])
}

/// [`docx`] with more parts (such as `docProps/app.xml`). A line starting with a form feed
/// begins with Word's mark of a page it laid out (`w:lastRenderedPageBreak`).
fn docx_with(text: &str, parts: &[(&str, &str)]) -> Vec<u8> {
    let run = |s: &str| {
        format!(
            "<w:r><w:rPr><w:rFonts w:eastAsia=\"Noto Serif CJK SC\"/><w:sz w:val=\"18\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
            xml_escape(s)
        )
    };
    let mut body = String::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].contains('\t') {
            let start = i;
            while i < lines.len() && (lines[i].contains('\t') || lines[i].trim().is_empty()) {
                i += 1;
            }
            let rows: Vec<&str> = lines[start..i].iter().copied().filter(|l| !l.trim().is_empty()).collect();
            let width = rows.iter().map(|r| r.split('\t').count()).max().unwrap_or(1);
            body.push_str("<w:tbl><w:tblPr><w:tblBorders><w:top w:val=\"single\"/><w:bottom w:val=\"single\"/><w:insideH w:val=\"single\"/><w:insideV w:val=\"single\"/></w:tblBorders></w:tblPr>");
            for r in rows {
                body.push_str("<w:tr>");
                let cells: Vec<&str> = r.split('\t').collect();
                for k in 0..width {
                    body.push_str(&format!("<w:tc><w:p>{}</w:p></w:tc>", run(cells.get(k).copied().unwrap_or(""))));
                }
                body.push_str("</w:tr>");
            }
            body.push_str("</w:tbl>");
            continue;
        }
        match lines[i].strip_prefix('\u{c}') {
            Some(line) => body.push_str(&format!("<w:p><w:r><w:lastRenderedPageBreak/></w:r>{}</w:p>", run(line))),
            None => body.push_str(&format!("<w:p>{}</w:p>", run(lines[i]))),
        }
        i += 1;
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}\
         <w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/></w:sectPr></w:body></w:document>"
    );
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
        <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
        <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
        <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in
        [("[Content_Types].xml", content_types), ("_rels/.rels", rels), ("word/document.xml", document.as_str())]
            .into_iter()
            .chain(parts.iter().copied())
    {
        zip.start_file(name, opts).expect("zip entry");
        zip.write_all(data.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

/// What must agree between formats: each finding's code, severity and figures.
fn essence(findings: &[Finding]) -> Vec<(String, String, Option<String>, Option<String>)> {
    let mut v: Vec<_> = findings
        .iter()
        .map(|f| (f.code.clone(), format!("{:?}", f.severity), f.stated.clone(), f.computed.clone()))
        .collect();
    v.sort();
    v
}

/// A DOCX Word laid out on pages: each finding's figure placed on its page when the marks of
/// Word's last layout agree with the page count it stored; not placed when they disagree.
#[test]
fn a_docx_saved_by_word_tells_the_page_of_each_figure() {
    let text = "某局 2024 年度部门整体支出绩效自评报告\n一、基本情况\n\u{c}二、预算执行\n年初预算数 100.00 万元\n\u{c}三、其他\n完毕";
    let app = |n: usize| format!("<Properties xmlns=\"urn:x\"><Pages>{n}</Pages></Properties>");
    let agreed = app(3);
    let read_with =
        |app: &str| read("r.docx", Input::Report(&docx_with(text, &[("docProps/app.xml", app)]))).expect("reads");
    let r = read_with(&agreed);
    let at = r.text.find("100.00").expect("the figure");
    let page = r.reading.page_starts.partition_point(|p| *p <= at);
    assert_eq!((r.reading.page_starts.len(), page), (3, 2), "{:?}", r.reading.page_starts);
    assert!(r.text[r.reading.page_starts[2]..].trim_start().starts_with("三、其他"));
    // Word stored 5 pages, its marks say 3: the text is not placed on pages.
    assert!(read_with(&app(5)).reading.page_starts.is_empty());
}

#[test]
fn seed_as_docx_gives_the_same_findings_as_text() {
    let Some(text) = seed_text() else { return };
    let from_text = audit_text("seed.txt", text.clone());
    let bytes = docx(&text);
    assert!(bytes.len() < MAX_REPORT_BYTES);
    let from_docx = check(read("seed.docx", Input::Report(&bytes)).expect("docx reads"), None);
    assert_eq!(essence(&from_docx.findings), essence(&from_text.findings));
    // Spans point into the extracted text.
    for f in &from_docx.findings {
        for (s, _) in from_docx.spans(f) {
            assert!(from_docx.read.text.get(s.start..s.end).is_some());
        }
    }
}

#[test]
#[cfg(feature = "pdf")]
fn seed_as_pdf_gives_the_same_findings_as_text() {
    let Some(text) = seed_text() else { return };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("seed-pdf");
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let docx_path = dir.join("seed.docx");
    std::fs::write(&docx_path, docx(&text)).expect("write docx");
    let pdf_path = jixiao_testkit::convert_with_soffice(&docx_path, "pdf", &dir);
    let pdf = std::fs::read(pdf_path).expect("pdf written");
    let from_pdf = check(read("seed.pdf", Input::Report(&pdf)).expect("pdf reads"), None);
    let from_text = audit_text("seed.txt", text);
    assert_eq!(essence(&from_pdf.findings), essence(&from_text.findings), "PDF text:\n{}", from_pdf.read.text);
}

/// The seed's text opened in LibreOffice and printed to PDF, and saved as DOCX: the table's
/// gaps are lost in the PDF (`预算数决算数预决算差异金额` as one header cell, a name glued to
/// its figure, a figure glued to the `_` of an empty cell); the findings must not change.
#[test]
#[cfg(feature = "pdf")]
fn seed_printed_and_saved_by_libreoffice_from_its_text_gives_the_same_findings() {
    let Some(text) = seed_text() else { return };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("seed-lo-text");
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let txt = dir.join("seed.txt");
    std::fs::write(&txt, &text).expect("write text");
    let from_text = essence(&audit_text("seed.txt", text).findings);
    for (to, name) in [("pdf", "seed.pdf"), ("docx", "seed.docx")] {
        let out = jixiao_testkit::convert_with_soffice(&txt, to, &dir);
        let bytes = std::fs::read(out).expect("converted");
        let outcome = check(read(name, Input::Report(&bytes)).expect("reads"), None);
        assert_eq!(essence(&outcome.findings), from_text, "{name}:\n{}", outcome.read.text);
    }
}
