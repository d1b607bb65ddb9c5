//! The 项目支出绩效自评表 written from each project example, in every format, and opened:
//! the HTML and the Word file parsed for their merged cells (rowspan/colspan; vMerge and
//! gridSpan) and the Word file's landscape page; the figures as the record and its score
//! sheet give them.

use std::io::Read;

use jixiao_core::Record;
use jixiao_core::input::load_record;
use jixiao_core::load::Format as DataFormat;
use jixiao_core::project::ProjectRecord;
use jixiao_render::fonts::Fonts;
use jixiao_render::model::{Block, Table};
use jixiao_render::{BuildError, Format, Mode, Options, ProjectInputs, build_project, render};

const EXAMPLES: [(&str, &str); 4] = [
    ("village-road", include_str!("../../../examples/project-village-road-2024.toml")),
    ("farm-machinery", include_str!("../../../examples/project-farm-machinery-subsidy-2024.toml")),
    ("home-care-errors", include_str!("../../../examples/project-home-care-service-2024-errors.toml")),
    ("farmland", include_str!("../../../examples/project-farmland-2024.toml")),
];

fn own_fonts() -> &'static Fonts {
    static FONTS: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| Fonts::new(jixiao_fonts::bundled()))
}

fn project(text: &str) -> ProjectRecord {
    match load_record(text, DataFormat::Toml).expect("example loads").record {
        Record::Project(p) => *p,
        Record::Dept(_) => panic!("a project record"),
    }
}

fn form(r: &ProjectRecord, mode: Mode, full: bool) -> Result<jixiao_render::Report, BuildError> {
    let inputs = ProjectInputs { record: r, system: None, notes: &[], full };
    build_project(&inputs, &Options { mode, written_at: None }).map(|b| b.report)
}

fn table(r: &jixiao_render::Report) -> &Table {
    r.blocks.iter().find_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).expect("the form")
}

/// The body row whose cells include `label`.
fn row<'t>(t: &'t Table, label: &str) -> &'t [String] {
    t.rows.iter().find(|r| r.iter().any(|c| c == label)).unwrap_or_else(|| panic!("a row {label}"))
}

/// The Word file's `document.xml`, and its headers' text run together.
fn document_xml(docx: Vec<u8>) -> (String, String) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).expect("a part").read_to_string(&mut s).expect("utf-8");
        s
    };
    let document = part("word/document.xml");
    let names: Vec<String> = (1..4).map(|i| format!("word/header{i}.xml")).collect();
    let headers = names.iter().map(|n| part(n)).collect();
    (document, headers)
}

#[test]
fn the_form_carries_the_records_figures_computed_and_rounded_when_printed() {
    let r = form(&project(EXAMPLES[0].1), Mode::Draft, false).expect("builds");
    assert_eq!(r.title_lines, ["项目支出绩效自评表", "\u{ff08}2024年度\u{ff09}"]);
    let t = table(&r);
    // 1296 ÷ 1350 = 96%; the self-score 9.6 of 10.
    assert_eq!(&row(t, "年度资金总额")[4..], ["1200.00", "1350.00", "1296.00", "10", "96.00%", "9.6"]);
    assert_eq!(&row(t, "其他资金")[4..], ["0.00", "150.00", "120.00", "—", "80.00%", "—"]);
    // The form's 上年结转资金 row stands, blank, when the record has no such source.
    assert_eq!(&row(t, "上年结转资金")[4..], ["", "", "", "—", "", "—"]);
    let missed = row(t, "新增安防护栏长度");
    assert_eq!(&missed[4..8], ["≥18公里", "16.2公里", "10", "9"]);
    assert!(missed[8].starts_with("两处路段征地未完成"), "{missed:?}");
    // The total is the sum of the self-scores (9.6 + 49 + 29 + 10), its grade the system's.
    assert_eq!(&row(t, "总分")[6..], ["100", "97.6", "评价等级", "优"]);
    assert!(r.meta.draft);
    assert_eq!(r.meta.layout, jixiao_render::model::Layout::Form);
}

#[test]
fn first_and_second_level_cells_are_merged_down_their_runs() {
    let rec = project(EXAMPLES[0].1);
    let r = form(&rec, Mode::Draft, false).expect("builds");
    let t = table(&r);
    let at = |label: &str, col: usize| t.rows.iter().position(|r| r[col] == label).expect(label);
    let down = |label: &str, col: usize| {
        let row = at(label, col);
        t.merges.iter().find(|m| m.row == row && m.col == col).map_or(1, |m| m.rows)
    };
    // 产出指标: five rows; 数量指标 two of them; 绩效指标 the header and every indicator.
    assert_eq!(down("产出指标", 1), 5);
    assert_eq!(down("数量指标", 2), 2);
    assert_eq!(down("质量指标", 2), 1);
    assert_eq!(down("效益指标", 1), 3);
    assert_eq!(down("绩效指标", 0), rec.indicators.len() + 1);
    // 项目资金: its header, the total and the form's three 其中 rows.
    assert_eq!(down("项目资金\u{ff08}万元\u{ff09}", 0), 5);
    // The cells a merge covers are blank (what Markdown shows).
    assert_eq!(t.rows[at("产出指标", 1) + 1][1], "");
}

#[test]
fn every_example_is_written_in_every_format() {
    for (name, text) in EXAMPLES {
        let r = form(&project(text), Mode::Draft, true).expect("builds");
        for format in [Format::Markdown, Format::Html, Format::Docx, Format::Pdf, Format::Json, Format::Xlsx] {
            let bytes = render(&r, format, own_fonts()).unwrap_or_else(|e| panic!("{name} {format:?}: {e}"));
            assert!(bytes.len() > 500, "{name} {format:?}: {} bytes", bytes.len());
        }
        let md = String::from_utf8(render(&r, Format::Markdown, own_fonts()).expect("md")).expect("utf-8");
        assert!(md.contains("| 项目名称 |"), "{name}: {md}");
        assert!(md.contains("> 草稿"), "{name}");
        // --full: the report's five parts after the form, from a new page.
        let at = r.blocks.iter().position(|b| matches!(b, Block::Heading { text, .. } if text == "一、项目概况"));
        assert!(matches!(r.blocks[at.expect("一、项目概况") - 1], Block::PageBreak), "{name}");
        for h in ["一、项目概况", "二、绩效目标", "三、自评结果", "四、偏差原因", "五、问题和改进措施"]
        {
            assert!(md.contains(h), "{name}: {h}");
        }
    }
}

#[test]
fn the_html_merges_cells_with_rowspan_and_colspan_on_a_landscape_page() {
    let rec = project(EXAMPLES[0].1);
    let r = form(&rec, Mode::Draft, false).expect("builds");
    let html = String::from_utf8(render(&r, Format::Html, own_fonts()).expect("html")).expect("utf-8");
    assert!(html.contains("size: A4 landscape"), "{html}");
    let body = &html[html.find("<table").expect("a table")..html.find("</table>").expect("its end") + 8];
    let doc = roxmltree::Document::parse(body).expect("the table is well-formed");
    let cell = |text: &str| {
        doc.descendants().find(|n| n.has_tag_name("td") && n.text() == Some(text)).unwrap_or_else(|| panic!("{text}"))
    };
    assert_eq!(cell("绩效指标").attribute("rowspan"), Some(&*(rec.indicators.len() + 1).to_string()));
    assert_eq!(cell("产出指标").attribute("rowspan"), Some("5"));
    assert_eq!(cell("农村公路提质改造工程").attribute("colspan"), Some("8"));
    assert_eq!(cell("偏差原因分析及改进措施").attribute("colspan"), Some("2"));
    // Each row fills the ten columns, counting the cells merged down from above.
    let rows: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("tr")).collect();
    let mut below = [0usize; 10];
    for tr in rows {
        let mut col = 0;
        for td in tr.children().filter(|n| n.has_tag_name("td")) {
            while below[col] > 0 {
                below[col] -= 1;
                col += 1;
            }
            let span: usize = td.attribute("colspan").map_or(1, |s| s.parse().expect("a number"));
            let down: usize = td.attribute("rowspan").map_or(1, |s| s.parse().expect("a number"));
            below[col..col + span].fill(down - 1);
            col += span;
        }
        while col < 10 && below[col] > 0 {
            below[col] -= 1;
            col += 1;
        }
        assert_eq!(col, 10, "a row of ten columns");
    }
}

#[test]
fn the_word_file_is_one_landscape_section_with_merged_cells() {
    let rec = project(EXAMPLES[0].1);
    let r = form(&rec, Mode::Draft, false).expect("builds");
    let (xml, headers) = document_xml(render(&r, Format::Docx, own_fonts()).expect("docx"));
    let doc = roxmltree::Document::parse(&xml).expect("document.xml parses");
    let w = |n: &roxmltree::Node<'_, '_>, a: &str| {
        n.attributes().find(|x| x.name() == a).map(|x| x.value().to_string()).unwrap_or_default()
    };
    let size = doc.descendants().find(|n| n.has_tag_name("pgSz")).expect("a page size");
    assert_eq!(w(&size, "orient"), "landscape");
    assert!(w(&size, "w").parse::<u32>().expect("width") > w(&size, "h").parse::<u32>().expect("height"));
    let restarts = doc.descendants().filter(|n| n.has_tag_name("vMerge") && w(n, "val") == "restart").count();
    let continues = doc.descendants().filter(|n| n.has_tag_name("vMerge") && w(n, "val") != "restart").count();
    let spans = doc.descendants().filter(|n| n.has_tag_name("gridSpan") && w(n, "val") != "1").count();
    let t = table(&r);
    let down: Vec<_> = t.merges.iter().filter(|m| m.rows > 1).collect();
    assert_eq!(restarts, down.len());
    assert_eq!(continues, down.iter().map(|m| m.rows - 1).sum::<usize>());
    assert!(spans >= t.merges.iter().filter(|m| m.cols > 1).count());
    // Every row has the grid's width in columns (a continued cell counts).
    let grid: usize = doc.descendants().filter(|n| n.has_tag_name("gridCol")).count();
    assert_eq!(grid, 10);
    for tr in doc.descendants().filter(|n| n.has_tag_name("tr")) {
        let cols: usize = tr
            .children()
            .filter(|n| n.has_tag_name("tc"))
            .map(|tc| {
                tc.descendants().find(|n| n.has_tag_name("gridSpan")).map_or(1, |g| w(&g, "val").parse().expect("n"))
            })
            .sum();
        assert_eq!(cols, 10);
    }
    assert!(headers.contains("草稿"), "a draft says so");
}

#[test]
fn a_final_form_is_refused_while_the_record_lacks_what_it_needs() {
    let mut rec = project(EXAMPLES[0].1);
    let r = form(&rec, Mode::Final, false).expect("the example is complete");
    assert!(!r.meta.draft);
    rec.header.implementer = None;
    rec.goals = None;
    match form(&rec, Mode::Final, false) {
        Err(BuildError::Incomplete(gaps)) => {
            let paths: Vec<&str> = gaps.iter().map(|g| g.path.as_str()).collect();
            assert!(paths.contains(&"header.implementer"), "{paths:?}");
            assert!(paths.contains(&"goals.expected"), "{paths:?}");
        }
        Err(e) => panic!("refused for another reason: {e}"),
        Ok(_) => panic!("a final form without 实施单位 and goals"),
    }
    // The form alone does not need problems; the full report does.
    rec = project(EXAMPLES[1].1);
    assert!(rec.problems.is_empty());
    assert!(form(&rec, Mode::Final, false).is_ok());
    assert!(matches!(form(&rec, Mode::Final, true), Err(BuildError::Incomplete(_))));
}

/// The form as a workbook: one sheet with the form's cells merged as the other formats merge
/// them (绩效指标 down its rows), the title across the form, 草稿 in the page header of a
/// draft, A4 landscape one page wide; LibreOffice prints it on one page.
#[test]
fn the_form_is_a_workbook_laid_out_as_printed() {
    use calamine::{Reader, Xlsx};
    let rec = project(EXAMPLES[0].1);
    let r = form(&rec, Mode::Draft, false).expect("builds");
    let t = table(&r);
    let bytes = render(&r, Format::Xlsx, own_fonts()).expect("xlsx");
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.clone())).expect("opens");
    let sheet = wb.worksheet_range("自评表").expect("the sheet");
    let text = |row: u32, col: u32| sheet.get_value((row, col)).map(ToString::to_string).unwrap_or_default();
    let (rows, cols) = sheet.get_size();
    let find = |s: &str| {
        (0..rows as u32)
            .flat_map(|r| (0..cols as u32).map(move |c| (r, c)))
            .find(|(r, c)| text(*r, *c) == s)
            .unwrap_or_else(|| panic!("no cell {s}"))
    };
    assert_eq!(text(0, 0), "项目支出绩效自评表");
    let (name_row, name_col) = find("项目名称");
    let after = (name_col + 1..cols as u32).map(|c| text(name_row, c)).find(|t| !t.is_empty());
    assert_eq!(after.as_deref(), Some(rec.header.project.as_str()));
    let merges: Vec<_> =
        wb.merge_cells_by_sheet_name("自评表").expect("merges").into_iter().map(|d| (d.start, d.end)).collect();
    // The title lines across the sheet, and every merge of the form.
    assert_eq!(merges.len(), r.title_lines.len() + t.merges.len(), "{merges:?}");
    let (kpi_row, kpi_col) = find("绩效指标");
    let down = merges.iter().find(|(s, _)| *s == (kpi_row, kpi_col)).expect("绩效指标 merged");
    assert_eq!(down.1.0 - down.0.0 + 1, rec.indicators.len() as u32 + 1, "{down:?}");
    // The page set-up, as the sheet's XML has it.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).expect("a zip");
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").expect("the sheet").read_to_string(&mut xml).expect("utf-8");
    assert!(xml.contains("orientation=\"landscape\"") && xml.contains("paperSize=\"9\""), "{xml}");
    assert!(xml.contains("fitToHeight=\"0\"") && xml.contains("草稿"), "{xml}");
    // LibreOffice opens it and prints it on one page.
    let dir = jixiao_testkit::scratch(env!("CARGO_TARGET_TMPDIR"), "render-project-xlsx");
    let path = dir.join("form.xlsx");
    std::fs::write(&path, &bytes).expect("write");
    let pdf = jixiao_testkit::convert_with_soffice(&path, "pdf", &dir);
    let info = jixiao_testkit::run(jixiao_testkit::program("pdfinfo").arg(&pdf));
    assert!(info.lines().any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(" 1")), "{info}");
    // A report is not a form: refused.
    let dept = jixiao_render::Report::default();
    assert!(render(&dept, Format::Xlsx, own_fonts()).is_err());
}
