//! The written report looked at as a person would: the Word file opened (zip, then its XML
//! parts) for page setup, fonts, headings, tables and figures; the PDF and the Word file
//! turned into page images and text with poppler (`pdftoppm`, `pdftotext`, `pdfinfo`) and
//! LibreOffice (`soffice`), which `.ci/run` installs.

use std::io::Read;
use std::path::{Path, PathBuf};

use jixiao_core::Record;
use jixiao_core::input::load_record;
use jixiao_core::load::Format as DataFormat;
use jixiao_render::{Format, Inputs, Sentences, build, render};

const CORRECTED: &str = include_str!("../../../examples/lechang-hrss-2024-corrected.toml");

fn report(format: Format) -> Vec<u8> {
    if format == Format::Pdf {
        jixiao_testkit::require_cjk_font();
    }
    let record = load_record(CORRECTED, DataFormat::Toml).expect("example loads").record;
    let Record::Dept(d) = &record else { panic!("department record") };
    let system =
        record.indicator_system().and_then(jixiao_core::system::builtin).and_then(Result::ok).map(|s| s.system);
    let sentences = Sentences::default_set();
    let inputs = Inputs { record: d, system: system.as_ref(), notes: &[], sentences: &sentences, charts: true };
    render(&build(&inputs).expect("builds").report, format).expect("renders")
}

fn part(zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str) -> String {
    let mut s = String::new();
    zip.by_name(name).unwrap_or_else(|_| panic!("{name} in the DOCX")).read_to_string(&mut s).expect("utf-8");
    s
}

/// A paragraph of `document.xml`: its style, alignment, whether it is in a table, its text.
#[derive(Debug, Default, Clone)]
struct Para {
    style: String,
    jc: String,
    in_table: bool,
    text: String,
}

fn paragraphs(xml: &str) -> Vec<Para> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cur: Option<Para> = None;
    let mut depth = 0usize;
    let mut in_t = false;
    let attr = |e: &quick_xml::events::BytesStart<'_>| {
        e.attributes().flatten().find(|a| a.key.local_name().as_ref() == "val").map(|a| a.value.to_string())
    };
    loop {
        match r.read_event().expect("document.xml parses") {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "pStyle" => {
                if let (Some(p), Some(v)) = (cur.as_mut(), attr(&e)) {
                    p.style = v;
                }
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "jc" => {
                if let (Some(p), Some(v)) = (cur.as_mut(), attr(&e)) {
                    p.jc = v;
                }
            }
            Event::Start(e) => match e.local_name().as_ref() {
                "p" => cur = Some(Para { in_table: depth > 0, ..Default::default() }),
                "tbl" => depth += 1,
                "t" => in_t = true,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "p" => out.extend(cur.take()),
                "tbl" => depth -= 1,
                "t" => in_t = false,
                _ => {}
            },
            Event::Text(t) if in_t => {
                if let Some(p) = cur.as_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The `<w:style>` element of a style id, as text.
fn style<'a>(styles: &'a str, id: &str) -> &'a str {
    let at = styles.find(&format!("w:styleId=\"{id}\"")).unwrap_or_else(|| panic!("style {id}"));
    let end = styles[at..].find("</w:style>").map_or(styles.len(), |e| at + e);
    &styles[at..end]
}

#[test]
fn word_file_follows_the_government_document_conventions() {
    let bytes = report(Format::Docx);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let document = part(&mut zip, "word/document.xml");
    let styles = part(&mut zip, "word/styles.xml");

    // A4, margins 37/35/28/26 mm.
    assert!(document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\" />"), "A4");
    for m in ["w:top=\"2098\"", "w:bottom=\"1984\"", "w:left=\"1587\"", "w:right=\"1474\""] {
        assert!(document.contains(m), "margin {m}");
    }
    // Fonts by their official names, sizes in half-points, a fixed 28 pt pitch.
    let title = style(&styles, "Title");
    assert!(title.contains("w:eastAsia=\"方正小标宋简体\"") && title.contains("<w:sz w:val=\"44\" />"), "{title}");
    let body = style(&styles, "BodyText");
    assert!(body.contains("w:eastAsia=\"仿宋_GB2312\"") && body.contains("<w:sz w:val=\"32\" />"), "{body}");
    assert!(body.contains("w:line=\"560\" w:lineRule=\"exact\""), "{body}");
    assert!(body.contains("w:firstLine=\"640\""), "two-character indent: {body}");
    assert!(style(&styles, "Heading1").contains("w:eastAsia=\"黑体\""));
    assert!(style(&styles, "Heading2").contains("w:eastAsia=\"楷体_GB2312\""));
    assert!(style(&styles, "Heading1").contains("<w:outlineLvl w:val=\"0\" />"), "navigation pane");
    // Page numbers at the foot, `— N —`, odd and even pages.
    for f in ["word/footer1.xml", "word/footer2.xml"] {
        let footer = part(&mut zip, f);
        assert!(footer.contains("<w:instrText>PAGE</w:instrText>") && footer.contains("— "), "{f}: {footer}");
    }
    assert!(part(&mut zip, "word/settings.xml").contains("evenAndOddHeaders"));

    let paras = paragraphs(&document);
    assert_eq!(paras[0].style, "Title");
    // The title, broken after the department's name.
    assert_eq!(
        (paras[0].text.as_str(), paras[1].text.as_str()),
        ("乐昌市人力资源和社会保障局", "2024年度部门整体支出绩效自评报告")
    );
    let h1: Vec<&str> = paras.iter().filter(|p| p.style == "Heading1").map(|p| p.text.as_str()).collect();
    assert_eq!(
        h1,
        [
            "一、部门的基本情况",
            "二、自评结论",
            "三、绩效分析",
            "四、主要绩效",
            "五、存在问题",
            "六、相关建议",
            "附表\u{ff1a}部门整体支出绩效自评表"
        ]
    );
    let h2: Vec<&str> = paras.iter().filter(|p| p.style == "Heading2").map(|p| p.text.as_str()).take(3).collect();
    assert_eq!(
        h2,
        [
            "\u{ff08}一\u{ff09}部门整体概况",
            "\u{ff08}二\u{ff09}部门整体收支情况",
            "\u{ff08}三\u{ff09}部门整体支出目标及任务"
        ]
    );
    // Figures computed from the record, in the generated sentences.
    assert!(paras.iter().any(|p| p.text == "年初预算总数3325.83万元\u{ff0c}上年预算总数2718.66万元\u{ff0c}与上年预算相比增加607.17万元\u{ff0c}增长22.33%。主要原因\u{ff1a}一是人员经费标准调整\u{ff0c}人员经费增加\u{ff1b}二是上级下达的就业专项资金比上年度增加。"));

    // Two tables (the budget table and the 附表), bordered, header rows repeated on each page.
    assert_eq!(document.matches("<w:tbl>").count(), 2);
    assert_eq!(document.matches("<w:tblHeader />").count(), 2);
    assert!(document.contains("<w:tblBorders>"));
    let cells: Vec<&Para> = paras.iter().filter(|p| p.in_table).collect();
    let header: Vec<&str> = cells.iter().take(6).map(|p| p.text.as_str()).collect();
    assert_eq!(header, ["科目编码", "项目", "预算数", "决算数", "预决算差异", "预算执行率"]);
    // The 合计 row: numbers right-aligned.
    let total = cells.iter().position(|p| p.text == "合计").expect("合计 row");
    let row: Vec<(&str, &str)> = cells[total..total + 5].iter().map(|p| (p.text.as_str(), p.jc.as_str())).collect();
    assert_eq!(
        row,
        [("合计", ""), ("3325.83", "right"), ("3113.18", "right"), ("212.65", "right"), ("93.61%", "right")]
    );

    // The two charts, as PNG pictures, when a CJK font is installed to draw their labels.
    let media: Vec<String> = zip
        .file_names()
        .flatten()
        .map(|n| n.to_string())
        .filter(|n| n.starts_with("word/media/") && n.ends_with(".png"))
        .collect();
    if jixiao_render::fonts::find().sans.is_some() {
        assert_eq!(media.len(), 2, "{media:?}");
        assert!(paras.iter().any(|p| p.text == "图1\u{ff1a}各功能科目预算数与决算数"));
    }
}

// ------------------------------------------------------------------ pages, with poppler and LibreOffice

use jixiao_testkit::{program, run};

fn scratch(name: &str) -> PathBuf {
    jixiao_testkit::scratch(env!("CARGO_TARGET_TMPDIR"), &format!("render-pages/{name}"))
}

fn pages(pdf: &Path) -> usize {
    let info = run(program("pdfinfo").arg(pdf));
    info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).expect("page count")
}

/// The share of dark pixels on a page rendered in grey at a low resolution: a page with
/// text has some, a blank or black page has none or all.
fn ink(pdf: &Path, page: usize, dir: &Path) -> f64 {
    let stem = dir.join(format!("page{page}"));
    run(program("pdftoppm")
        .args(["-gray", "-r", "30", "-f", &page.to_string(), "-l", &page.to_string(), "-singlefile"])
        .arg(pdf)
        .arg(&stem));
    let pgm = std::fs::read(stem.with_extension("pgm")).expect("pgm written");
    // P5 header: magic, width, height, maxval, then one byte per pixel.
    let mut fields = 0;
    let mut at = 0;
    while fields < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields += 1;
    }
    let pixels = &pgm[at + 1..];
    #[allow(clippy::float_arithmetic)] // a share of pixels, not money
    let share = pixels.iter().filter(|p| **p < 128).count() as f64 / pixels.len() as f64;
    share
}

#[test]
fn pdf_pages_are_a4_with_text_and_embedded_chinese_fonts() {
    let dir = scratch("typst");
    let pdf = dir.join("report.pdf");
    std::fs::write(&pdf, report(Format::Pdf)).expect("write");
    let n = pages(&pdf);
    assert!((10..=30).contains(&n), "{n} pages");
    let info = run(program("pdfinfo").arg(&pdf));
    assert!(info.contains("Page size:       595.276 x 841.89 pts (A4)"), "{info}");
    let fonts = run(program("pdffonts").arg(&pdf));
    assert!(
        fonts.contains("CJK") && !fonts.lines().skip(2).any(|l| l.contains(" no ")),
        "every font embedded: {fonts}"
    );
    // Typesetters put a thin space between Chinese and Latin: compare without blanks.
    let text: String =
        run(program("pdftotext").args(["-layout"]).arg(&pdf).arg("-")).chars().filter(|c| *c != ' ').collect();
    for want in [
        "2024年度部门整体支出绩效自评报告",
        "一、部门的基本情况",
        "3325.83",
        "—2—",
        "附表\u{ff1a}部门整体支出绩效自评表",
    ] {
        assert!(text.contains(want), "{want}");
    }
    for page in [1, 2, n] {
        let share = ink(&pdf, page, &dir);
        assert!((0.002..0.25).contains(&share), "page {page}: {share}");
    }
}

#[test]
fn word_file_opens_in_libreoffice_with_the_same_text() {
    let dir = scratch("soffice");
    let docx = dir.join("report.docx");
    std::fs::write(&docx, report(Format::Docx)).expect("write");
    let pdf = jixiao_testkit::convert_with_soffice(&docx, "pdf", &dir);
    let n = pages(&pdf);
    assert!((10..=30).contains(&n), "{n} pages");
    let text: String = run(program("pdftotext").arg(&pdf).arg("-")).chars().filter(|c| *c != ' ').collect();
    for want in [
        "2024年度部门整体支出绩效自评报告",
        "一、部门的基本情况",
        "3325.83",
        "93.61%",
        "图1\u{ff1a}各功能科目预算数与决算数",
        "—2—",
    ] {
        assert!(text.contains(want), "{want}");
    }
    let share = ink(&pdf, 2, &dir);
    assert!((0.002..0.25).contains(&share), "page 2: {share}");
}
