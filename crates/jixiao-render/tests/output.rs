//! The written report looked at as a person would: the Word file opened (zip, then its XML
//! parts) for page setup, fonts, headings, tables and figures; the PDF and the Word file
//! turned into page images and text with poppler (`pdftoppm`, `pdftotext`, `pdfinfo`) and
//! LibreOffice (`soffice`), which `.ci/run` installs.

use std::io::Read;
use std::path::{Path, PathBuf};

use jixiao_core::Record;
use jixiao_core::input::load_record;
use jixiao_core::load::Format as DataFormat;
use jixiao_render::fonts::Fonts;
use jixiao_render::{Format, Inputs, Mode, Options, Sentences, build_with, render};

const CORRECTED: &str = include_str!("../../../examples/lechang-hrss-2024-corrected.toml");

fn built(text: &str, mode: Mode) -> jixiao_render::Report {
    let record = load_record(text, DataFormat::Toml).expect("example loads").record;
    let Record::Dept(d) = &record else { panic!("department record") };
    let system =
        record.indicator_system().and_then(jixiao_core::system::builtin).and_then(Result::ok).map(|s| s.system);
    let sentences = Sentences::default_set();
    let inputs = Inputs {
        record: d,
        system: system.as_ref(),
        notes: &[],
        sentences: &sentences,
        charts: Some(own_fonts()),
        projects: &[],
    };
    build_with(&inputs, &Options { mode, written_at: None }).expect("builds").report
}

/// The corrected example as a draft, in jixiao's own fonts.
fn report(format: Format) -> Vec<u8> {
    render(&built(CORRECTED, Mode::Draft), format, own_fonts()).expect("renders")
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
    assert!(body.contains("w:line=\"579\" w:lineRule=\"exact\""), "{body}");
    // 28 characters a line: condensed by 0.25 pt.
    assert!(body.contains("<w:spacing w:val=\"-5\" />"), "{body}");
    assert!(body.contains("w:firstLine=\"630\""), "two-character indent: {body}");
    assert!(style(&styles, "Heading1").contains("w:eastAsia=\"黑体\""));
    assert!(style(&styles, "Heading2").contains("w:eastAsia=\"楷体_GB2312\""));
    assert!(style(&styles, "Heading1").contains("<w:outlineLvl w:val=\"0\" />"), "navigation pane");
    // Page numbers at the foot, `— N —`, odd and even pages; the number's own run at 四号
    // (14 pt) like the dashes.
    for f in ["word/footer1.xml", "word/footer2.xml"] {
        let footer = part(&mut zip, f);
        assert!(footer.contains("<w:instrText>PAGE</w:instrText>") && footer.contains("— "), "{f}: {footer}");
        let field_run = &footer[footer.rfind("<w:r>").expect("runs")..];
        let number_run = &footer[..footer.find("<w:instrText>").expect("field")];
        let number_run = &number_run[number_run.rfind("<w:r>").expect("run")..];
        assert!(number_run.contains("<w:sz w:val=\"28\" />"), "{f}: {number_run}");
        assert!(field_run.contains("<w:sz w:val=\"28\" />"), "{f}: {field_run}");
    }
    // The document's properties: the unit as author, the record's 填报日期, a draft's status.
    let core = part(&mut zip, "docProps/core.xml");
    assert!(core.contains("<dc:creator>乐昌市人力资源和社会保障局</dc:creator>"), "{core}");
    assert!(core.contains(">2025-08-14T00:00:00Z</dcterms:created>"), "{core}");
    assert!(!core.contains("unknown") && !core.contains("1970"), "{core}");
    // A draft says so at the head of every page (first, odd and even).
    let names: Vec<String> = zip.file_names().flatten().map(String::from).collect();
    let headers: Vec<String> =
        names.iter().filter(|n| n.starts_with("word/header")).map(|n| part(&mut zip, n)).collect();
    assert_eq!(headers.iter().filter(|h| h.contains("草稿")).count(), 3, "{headers:?}");
    assert!(document.contains("w:titlePg") && document.matches("w:headerReference").count() == 3);
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
            "七、结果应用",
            "八、其他需要说明的问题",
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

    // The two charts, as PNG pictures, drawn with jixiao's own 黑体 on any machine.
    let media: Vec<String> = zip
        .file_names()
        .flatten()
        .map(|n| n.to_string())
        .filter(|n| n.starts_with("word/media/") && n.ends_with(".png"))
        .collect();
    assert_eq!(media.len(), 2, "{media:?}");
    assert!(paras.iter().any(|p| p.text == "图1\u{ff1a}各功能科目预算数与决算数"));
    assert!(paras.iter().any(|p| p.text.starts_with("图2\u{ff1a}支出结构") && p.text.contains('%')));
}

// ------------------------------------------------------------------ pages, with poppler and LibreOffice

use jixiao_testkit::{program, run};

/// jixiao's own fonts (no file read), loaded once.
fn own_fonts() -> &'static Fonts {
    static FONTS: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| Fonts::new(jixiao_fonts::bundled()))
}

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

/// The fonts `pdffonts` lists: (name, embedded).
fn pdf_fonts(pdf: &Path) -> Vec<(String, bool)> {
    let out = run(program("pdffonts").arg(pdf));
    out.lines()
        .skip(2)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            // name type [type…] encoding emb sub uni object ID
            let emb = cols.len().checked_sub(5).map(|i| cols[i] == "yes")?;
            Some((cols.first()?.to_string(), emb))
        })
        .collect()
}

#[test]
fn pdf_pages_are_a4_with_text_and_embedded_chinese_fonts() {
    let dir = scratch("typst");
    let pdf = dir.join("report.pdf");
    // No folder to look in: the machine's fonts are hidden, jixiao's own are used.
    let fonts = Fonts::new(jixiao_fonts::find(&[]));
    assert!(fonts.system_files().is_empty());
    std::fs::write(&pdf, render(&built(CORRECTED, Mode::Draft), Format::Pdf, &fonts).expect("renders")).expect("write");
    let n = pages(&pdf);
    assert!((10..=40).contains(&n), "{n} pages");
    let info = run(program("pdfinfo").arg(&pdf));
    assert!(info.contains("Page size:       595.276 x 841.89 pts (A4)"), "{info}");
    assert!(info.contains("Author:          乐昌市人力资源和社会保障局"), "{info}");
    assert!(info.contains("CreationDate:") && info.contains("2025"), "{info}");
    let fonts = pdf_fonts(&pdf);
    assert!(fonts.iter().all(|(_, emb)| *emb), "every font embedded: {fonts:?}");
    for face in ["JixiaoFangsong-Regular", "JixiaoHei-Regular", "JixiaoKai-Regular"] {
        assert!(fonts.iter().any(|(name, _)| name.contains(&format!("+{face}"))), "{face}: {fonts:?}");
    }
    // Typesetters put a thin space between Chinese and Latin: compare without blanks.
    let text: String =
        run(program("pdftotext").args(["-layout"]).arg(&pdf).arg("-")).chars().filter(|c| *c != ' ').collect();
    for want in [
        "2024年度部门整体支出绩效自评报告",
        "一、部门的基本情况",
        "3325.83",
        "—2—",
        "附表\u{ff1a}部门整体支出绩效自评表",
        "草稿",
    ] {
        assert!(text.contains(want), "{want}");
    }
    for page in [1, 2, n] {
        let share = ink(&pdf, page, &dir);
        assert!((0.002..0.25).contains(&share), "page {page}: {share}");
    }
}

/// The rows of a page image (grey, `dpi`) that hold ink, between `top` and `bottom` points
/// from the top of the page, grouped into lines: each line's (first row, last row) in points.
fn text_lines(pdf: &Path, page: usize, dpi: u32, dir: &Path) -> Vec<(f64, f64)> {
    let stem = dir.join(format!("grid{page}"));
    run(program("pdftoppm")
        .args(["-gray", "-r", &dpi.to_string(), "-f", &page.to_string(), "-l", &page.to_string(), "-singlefile"])
        .arg(pdf)
        .arg(&stem));
    let pgm = std::fs::read(stem.with_extension("pgm")).expect("pgm written");
    let text = String::from_utf8_lossy(&pgm[..20]).to_string();
    let fields: Vec<&str> = text.split_whitespace().take(4).collect();
    let (w, h): (usize, usize) = (fields[1].parse().expect("width"), fields[2].parse().expect("height"));
    let pixels = &pgm[pgm.len() - w * h..];
    #[allow(clippy::float_arithmetic)]
    let pt = |row: usize| row as f64 * 72.0 / f64::from(dpi);
    let inked: Vec<bool> = (0..h).map(|y| pixels[y * w..(y + 1) * w].iter().any(|p| *p < 160)).collect();
    let mut lines = Vec::new();
    let mut start = None;
    for (y, ink) in inked.iter().enumerate() {
        match (start, ink) {
            (None, true) => start = Some(y),
            (Some(s), false) => {
                lines.push((pt(s), pt(y - 1)));
                start = None;
            }
            _ => {}
        }
    }
    lines
}

#[test]
#[allow(clippy::float_arithmetic)]
fn pdf_body_text_keeps_the_gb9704_grid_of_22_lines_of_28_characters() {
    let dir = scratch("grid");
    let pdf = dir.join("report.pdf");
    let mut report = built(CORRECTED, Mode::Final);
    // A page of running text: the duties, then a long paragraph of Chinese only.
    let filler = "按照部门预算编报要求纳入本部门决算编报范围的单位认真履行职责并加强预算绩效管理工作".repeat(24);
    report
        .blocks
        .truncate(report.blocks.iter().position(|b| matches!(b, jixiao_render::model::Block::Table(_))).unwrap_or(10));
    report.blocks.insert(0, jixiao_render::model::Block::Para { text: filler });
    std::fs::write(&pdf, render(&report, Format::Pdf, own_fonts()).expect("renders")).expect("write");
    // Page 2 is the first page of the body, full of text. The text block: 37 mm from the top,
    // 225 mm high.
    let top = 37.0 * 72.0 / 25.4;
    let bottom = top + 225.0 * 72.0 / 25.4;
    let lines: Vec<(f64, f64)> =
        text_lines(&pdf, 2, 144, &dir).into_iter().filter(|(a, b)| *a >= top - 2.0 && *b <= bottom + 2.0).collect();
    assert_eq!(lines.len(), 22, "22 lines on a page: {lines:?}");
    // Line boxes 16 pt high on a 28.95 pt pitch (225 mm ÷ 22 lines... less the last line's
    // leading): the bottoms of the glyphs (the baselines, near enough) a pitch apart.
    for pair in lines.windows(2) {
        let pitch = pair[1].1 - pair[0].1;
        assert!((pitch - 28.95).abs() < 1.0, "pitch {pitch}: {lines:?}");
    }
    // 28 characters on a full line of Chinese text.
    let text = run(program("pdftotext").args(["-f", "2", "-l", "2"]).arg(&pdf).arg("-"));
    let counts: Vec<usize> = text
        .lines()
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|l| !l.is_empty() && l.chars().all(|c| !c.is_ascii()))
        .map(|l| l.chars().count())
        .collect();
    assert_eq!(counts.iter().max(), Some(&28), "{counts:?}\n{text}");
    assert!(counts.iter().filter(|n| **n == 28).count() >= 10, "{counts:?}");
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

// ------------------------------------------------------------------ outputs that do not lie

/// The corrected example with characters XML cannot hold, and markup, in every kind of text.
/// Record files with control characters are refused at load (jixiao-core's input checks);
/// the writers are kept safe from a record made any other way, as this one is, in code.
fn hostile_report(mode: Mode) -> jixiao_render::Report {
    let record = load_record(CORRECTED, DataFormat::Toml).expect("example loads").record;
    let Record::Dept(mut d) = record else { panic!("department record") };
    d.header.department = "乐昌市人力资源\u{7}和社会保障局".into();
    d.header.filer = Some("心心\u{1}炎<script>alert(1)</script>".into());
    d.problems[0].title = "绩效<img src=x onerror=alert(1)>管理\u{b}办法有待加强。".into();
    d.budget_table.as_mut().expect("a budget table").rows[0].name = "一般公共\u{1f}服务支出".into();
    let system = jixiao_core::system::builtin("gd-dept-2024").and_then(Result::ok).map(|s| s.system);
    let sentences = Sentences::default_set();
    let inputs = Inputs {
        record: &d,
        system: system.as_ref(),
        notes: &[],
        sentences: &sentences,
        charts: Some(own_fonts()),
        projects: &[],
    };
    build_with(&inputs, &Options { mode, written_at: None }).expect("builds").report
}

/// Parses XML strictly (roxmltree refuses what XML 1.0 does not allow).
fn strict_xml(name: &str, text: &str) {
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    if let Err(e) = roxmltree::Document::parse_with_options(text, opts) {
        panic!("{name} is not well-formed XML: {e}");
    }
}

#[test]
fn every_written_document_is_well_formed_and_record_text_stays_text() {
    for report in [built(CORRECTED, Mode::Final), built(CORRECTED, Mode::Draft), hostile_report(Mode::Draft)] {
        // Word: every XML part of the package.
        let docx = render(&report, Format::Docx, own_fonts()).expect("docx");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
        let names: Vec<String> = zip.file_names().flatten().map(String::from).collect();
        for n in names.iter().filter(|n| n.ends_with(".xml") || n.ends_with(".rels")) {
            let xml = part(&mut zip, n);
            strict_xml(n, &xml);
            assert!(!xml.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')), "{n}");
        }
        // HTML: XHTML syntax, escaped.
        let html = String::from_utf8(render(&report, Format::Html, own_fonts()).expect("html")).expect("utf-8");
        strict_xml("report.html", &html);
        assert!(!html.contains("<script") && !html.contains("<img"), "markup passed through");
        // Markdown: no raw markup (only escaped `\<`), no control characters.
        let md = String::from_utf8(render(&report, Format::Markdown, own_fonts()).expect("md")).expect("utf-8");
        let raw = md.replace("\\<", "");
        assert!(!raw.contains("<script") && !raw.contains("<img"), "{md}");
        assert!(!md.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')));
        // PDF: typeset, the text still there without the control characters.
        let pdf = render(&report, Format::Pdf, own_fonts()).expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"));
    }
    let md = String::from_utf8(render(&hostile_report(Mode::Draft), Format::Markdown, own_fonts()).expect("md"))
        .expect("utf-8");
    // (Brackets in Chinese text are set full-width, the record's text too.)
    assert!(md.contains("心心炎\\<script\\>alert\u{ff08}1\u{ff09}\\</script\\>"), "{md}");
    assert!(md.contains("绩效\\<img src=x onerror=alert\u{ff08}1\u{ff09}\\>管理办法有待加强。"), "{md}");
}

// ------------------------------------------------------------------ final documents

#[test]
fn a_draft_says_so_on_every_page_and_a_final_document_does_not() {
    for (mode, draft) in [(Mode::Draft, true), (Mode::Final, false)] {
        let report = built(CORRECTED, mode);
        assert_eq!(report.meta.draft, draft);
        let html = String::from_utf8(render(&report, Format::Html, own_fonts()).expect("html")).expect("utf-8");
        assert_eq!(html.contains("<p class=\"draft\">草稿</p>"), draft);
        let md = String::from_utf8(render(&report, Format::Markdown, own_fonts()).expect("md")).expect("utf-8");
        assert_eq!(md.contains("> 草稿"), draft);
        let json = String::from_utf8(render(&report, Format::Json, own_fonts()).expect("json")).expect("utf-8");
        assert!(json.contains(&format!("\"draft\": {draft}")), "{json}");
    }
    // Every page of a draft PDF carries the mark; none of a final one.
    let dir = scratch("draft");
    for (mode, name) in [(Mode::Draft, "draft.pdf"), (Mode::Final, "final.pdf")] {
        let pdf = dir.join(name);
        std::fs::write(&pdf, render(&built(CORRECTED, mode), Format::Pdf, own_fonts()).expect("pdf")).expect("write");
        let n = pages(&pdf);
        let marked = (1..=n)
            .filter(|p| {
                run(program("pdftotext").args(["-f", &p.to_string(), "-l", &p.to_string()]).arg(&pdf).arg("-"))
                    .contains("草稿")
            })
            .count();
        assert_eq!(marked, if mode == Mode::Draft { n } else { 0 }, "{name}");
    }
}

fn final_build(text: &str) -> Result<jixiao_render::Built, jixiao_render::BuildError> {
    let record = load_record(text, DataFormat::Toml).expect("loads").record;
    let Record::Dept(d) = &record else { panic!("department record") };
    let system =
        record.indicator_system().and_then(jixiao_core::system::builtin).and_then(Result::ok).map(|s| s.system);
    let sentences = Sentences::default_set();
    let inputs =
        Inputs { record: d, system: system.as_ref(), notes: &[], sentences: &sentences, charts: None, projects: &[] };
    build_with(&inputs, &Options { mode: Mode::Final, written_at: Some("2025-09-01T10:00:00+08:00".into()) })
}

fn gaps_of(text: &str) -> Vec<(String, String)> {
    match final_build(text) {
        Err(jixiao_render::BuildError::Incomplete(gaps)) => gaps.into_iter().map(|g| (g.path, g.label)).collect(),
        Err(e) => panic!("{e}"),
        Ok(_) => Vec::new(),
    }
}

#[test]
fn a_final_document_is_refused_with_every_missing_item_once() {
    // The corrected example is complete.
    let ok = final_build(CORRECTED).expect("the corrected example passes final mode");
    assert!(ok.gaps.is_empty() && ok.warnings.is_empty(), "{:?} {:?}", ok.gaps, ok.warnings);
    assert!(!ok.report.plain_text().contains("未填报"));

    // The seed as published: the cover's 单位负责人, each problem's cause and measures, the
    // 结果应用.
    let seed = gaps_of(include_str!("../../../examples/lechang-hrss-2024.toml"));
    let paths: Vec<&str> = seed.iter().map(|(p, _)| p.as_str()).collect();
    for want in ["header.head", "problems[0].cause", "problems[0].measures", "problems[1].cause", "result_use"] {
        assert!(paths.contains(&want), "{want}: {seed:?}");
    }
    let labels: Vec<&str> = seed.iter().map(|(_, l)| l.as_str()).collect();
    assert!(labels.contains(&"存在问题第1项的原因"), "{labels:?}");

    // A blank record: every item once.
    let blank = gaps_of("kind = \"dept_evaluation\"\n[header]\ndepartment = \"示例局\"\nyear = 2024\n");
    let mut unique: Vec<&String> = blank.iter().map(|(p, _)| p).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), blank.len(), "{blank:?}");
    for want in [
        ("header.head", "单位负责人"),
        ("header.filed_on", "填报日期"),
        ("duties", "部门主要职责"),
        ("finance.budget_initial", "年初预算数"),
        ("problems", "存在问题"),
        ("recommendations", "相关建议"),
        ("result_use", "结果应用"),
        ("scoring.scores", "指标自评得分"),
    ] {
        assert!(blank.iter().any(|(p, l)| p == want.0 && l == want.1), "{want:?}: {blank:?}");
    }
    // The gaps come in the order the filer meets the fields: the cover first.
    assert_eq!(blank[0].0, "header.head");

    // An indicator with neither figures nor words: 效果性 without its evidence.
    let no_evidence = CORRECTED.replacen("self_score = \"10\"\nevidence = ", "self_score = \"10\"\n# evidence = ", 1);
    assert_eq!(
        gaps_of(&no_evidence),
        [("scoring.scores[25].evidence".to_string(), "指标“效果性”(C3)的依据与说明".to_string())]
    );
}

#[test]
fn the_outline_of_real_reports() {
    let text = built(CORRECTED, Mode::Final).plain_text();
    // Each problem as 问题 / 原因 / 整改措施.
    let at = text.find("五、存在问题").expect("五");
    let five = &text[at..text.find("六、相关建议").expect("六")];
    assert!(five.contains("\u{ff08}一\u{ff09}部门整体支出绩效管理办法有待加强。\n问题\u{ff1a}"), "{five}");
    assert_eq!(five.matches("原因\u{ff1a}").count(), 2, "{five}");
    assert_eq!(five.matches("整改措施\u{ff1a}").count(), 2, "{five}");
    assert!(text.contains("七、结果应用\n本部门将自评结果作为"), "{text}");
    assert!(text.contains("八、其他需要说明的问题\n无。"), "{text}");
    // The 存量资金 sentence under its own indicator, not under 结转结余率.
    let carry = text.find("结转结余率\u{ff08}自评2分\u{ff09}").expect("结转结余率");
    let idle = text.find(
        "国库集中支付结转结余存量资金效率性\u{ff08}自评3分\u{ff09}\n本部门2024年度国库集中支付存量资金为0.00万元。",
    );
    assert!(idle.is_some_and(|i| i > carry), "{text}");
    assert_eq!(text.matches("国库集中支付存量资金为").count(), 1);
    // A met target's reason is not a deviation.
    assert!(!text.contains("偏差较大"));
    let over = CORRECTED.replacen(
        "actual = \"2558\"\ncompletion_rate_stated = \"116.27%\"",
        "actual = \"2217.16\"\ndeviation_reason = \"新增就业岗位集中在下半年\"",
        1,
    );
    let text = built(&over, Mode::Draft).plain_text();
    assert!(text.contains("完成率100.78%"), "{text}");
    assert!(text.contains("城镇新增就业人数超额完成目标\u{ff0c}原因\u{ff1a}新增就业岗位集中在下半年。"), "{text}");
    assert!(!text.contains("偏差较大"));
}

#[test]
fn charts_print_the_tables_figures_with_legend_boxes() {
    let report = built(CORRECTED, Mode::Draft);
    let charts: Vec<&jixiao_render::model::Chart> = report
        .blocks
        .iter()
        .filter_map(|b| if let jixiao_render::model::Block::Chart(c) = b { Some(c) } else { None })
        .collect();
    assert_eq!(charts.len(), 2);
    // Amounts as the table prints them (3127.20, not 3127.2), every class readable.
    for want in [">3127.20<", ">2827.71<", ">0.20<", ">2.00<", ">95.50<"] {
        assert!(charts[0].svg.contains(want), "{want}");
    }
    assert!(!charts[0].svg.contains("<line") || !charts[0].svg.contains("stroke-width=\"2\""));
    // The structure chart says it shows shares in %, with each class's share.
    assert!(charts[1].title.contains('%'), "{}", charts[1].title);
    for want in [">90.83%<", ">0.01%<", ">4.47%<"] {
        assert!(charts[1].svg.contains(want), "{want}");
    }
    assert!(charts.iter().all(|c| c.png.as_ref().is_some_and(|p| p.starts_with(b"\x89PNG"))));
}
