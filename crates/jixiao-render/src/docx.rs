//! The report as Word (DOCX), laid out after the conventions of Chinese government documents
//! (GB/T 9704-2012 《党政机关公文格式》): A4 paper; margins 37 mm top, 35 mm bottom, 28 mm
//! left, 26 mm right; the title in 方正小标宋简体 二号 (22 pt), centred; body text in
//! 仿宋_GB2312 三号 (16 pt), 22 lines of 28 characters on a page (a fixed 28.95 pt line pitch,
//! characters condensed by 0.25 pt) with a two-character first-line indent;
//! level-1 headings in 黑体, level-2 in 楷体_GB2312, level-3 in 仿宋 bold; page numbers
//! `— 1 —` at the foot, right on odd pages and left on even pages.
//!
//! The font names are written into the file as they are, so Word and WPS use the official
//! fonts where they are installed (and substitute where not). Headings carry Word's built-in
//! heading styles, so the navigation pane and a table of contents work. Tables have borders,
//! a header row that repeats on every page, and numbers right-aligned.
//!
//! The document properties name the unit as author and the record's 填报日期 (or the time of
//! writing the caller gave) as the date it was made. A draft says 草稿 in the header of every
//! page. Characters XML cannot hold (control characters typed into a record) are dropped.

use docx_rs::{
    AlignmentType, BreakType, Docx, FieldCharType, Footer, Header, InstrPAGE, InstrText, LineSpacing, LineSpacingType,
    PageMargin, PageOrientationType, Paragraph, Pic, Run, RunFonts, Shading, SpecialIndentType, Style, StyleType,
    Table as DocxTable, TableCell, TableRow, VAlignType, VMergeType, WidthType,
};

use crate::RenderError;
use crate::model::{Align, Block, Chart, DRAFT_MARK, Layout, Meta, Report, Span, Table};

/// Twentieths of a point per millimetre (1 mm = 56.7 twips).
fn mm(v: u32) -> i32 {
    // 1 mm = 1440 / 25.4 twips; integer arithmetic, rounded.
    ((v * 14400 + 127) / 254) as i32
}

/// A4 in twips.
const A4: (u32, u32) = (11906, 16838);
/// 三号 (16 pt) in half-points.
const SIZE_3: usize = 32;
/// 二号 (22 pt) in half-points.
const SIZE_2: usize = 44;
/// 小四 (12 pt) in half-points, for captions.
const SIZE_S4: usize = 24;
/// 五号 (10.5 pt) in half-points, for tables.
const SIZE_5: usize = 21;
/// 四号 (14 pt) for page numbers.
const SIZE_4: usize = 28;
/// Fixed line pitch: 28.95 pt in twips, so that 22 lines fill the 225 mm text block as
/// GB/T 9704 asks (the pitch official templates use).
const PITCH: i32 = 579;
/// Body text condensed by 0.25 pt a character (in twentieths of a point): 28 characters of
/// 三号 fill the 156 mm line (15.75 pt each; at 16 pt only 27 fit). Word and LibreOffice both
/// honour it, where a document grid's character pitch they lay out differently.
const CONDENSED: i32 = -5;
/// Two characters of 三号, as condensed, as a first-line indent, in twips (31.5 pt).
const INDENT: i32 = 630;
/// Width of the text block: 210 mm − 28 mm − 26 mm, in twips.
fn text_width() -> i32 {
    mm(210 - 28 - 26)
}

/// A form's margins on its landscape page, every side, in millimetres.
const FORM_MARGIN: u32 = 15;

/// Width of a form's text block: 297 mm less its margins, in twips.
fn form_width() -> i32 {
    mm(297 - 2 * FORM_MARGIN)
}

/// The fonts, by their Windows/WPS names (the Latin face is Times New Roman).
fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new().east_asia(east_asia).ascii("Times New Roman").hi_ansi("Times New Roman").cs("Times New Roman")
}

const FANGSONG: &str = "仿宋_GB2312";
const HEITI: &str = "黑体";
const KAITI: &str = "楷体_GB2312";
const XIAOBIAOSONG: &str = "方正小标宋简体";

fn exact(line: i32) -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Exact).line(line).before(0).after(0)
}

fn styles(doc: Docx) -> Docx {
    let heading = |id: &str, name: &str, font: &str, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("BodyText")
            .next("BodyText")
            .q_format(true)
            .fonts(fonts(font))
            .size(SIZE_3)
            .line_spacing(exact(PITCH))
            .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
            .outline_lvl(level)
    };
    // docx-rs always writes an empty `Normal` style; the body text has its own style, and
    // the document defaults carry the font, size and line pitch.
    let mut body = Style::new("BodyText", StyleType::Paragraph)
        .name("Body Text")
        .based_on("Normal")
        .q_format(true)
        .fonts(fonts(FANGSONG))
        .size(SIZE_3)
        .line_spacing(exact(PITCH))
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None);
    body.run_property = body.run_property.character_spacing(CONDENSED);
    // Tables, captions and the title are not on the body's grid: no condensing.
    let plain = |mut s: Style| {
        s.run_property = s.run_property.character_spacing(0);
        s
    };
    doc.add_style(body)
        .add_style(plain(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("BodyText")
                .q_format(true)
                .fonts(fonts(XIAOBIAOSONG))
                .size(SIZE_2)
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(700).before(0).after(560))
                .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None),
        ))
        .add_style(heading("Heading1", "heading 1", HEITI, 0))
        .add_style(heading("Heading2", "heading 2", KAITI, 1))
        .add_style(heading("Heading3", "heading 3", FANGSONG, 2).bold())
        .add_style(heading("Heading4", "heading 4", FANGSONG, 3))
        .add_style(plain(
            Style::new("TableText", StyleType::Paragraph)
                .name("Table Text")
                .based_on("BodyText")
                .fonts(fonts(FANGSONG))
                .size(SIZE_5)
                .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Auto).line(240).before(0).after(0))
                .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
                .align(AlignmentType::Left),
        ))
        .add_style(plain(
            Style::new("Caption", StyleType::Paragraph)
                .name("caption")
                .based_on("BodyText")
                .fonts(fonts(HEITI))
                .size(SIZE_S4)
                .align(AlignmentType::Center)
                .line_spacing(exact(PITCH))
                .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None),
        ))
        .add_style(
            Style::new("Note", StyleType::Paragraph)
                .name("Note")
                .based_on("BodyText")
                .fonts(fonts(KAITI))
                .color("404040"),
        )
}

fn footer(right: bool) -> Footer {
    let run = || Run::new().fonts(fonts("宋体")).size(SIZE_4);
    // One character (14 pt) in from the edge, as GB/T 9704 asks.
    let (indent, align) =
        if right { ((None, Some(280)), AlignmentType::Right) } else { ((Some(280), None), AlignmentType::Left) };
    // The page number field in its own run at 四号, like the dashes around it.
    let number = run()
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    Footer::new().add_paragraph(
        Paragraph::new()
            .align(align)
            .indent(indent.0, Some(SpecialIndentType::FirstLine(0)), indent.1, None)
            .add_run(run().add_text("— "))
            .add_run(number)
            .add_run(run().add_text(" —"))
            .size(SIZE_4)
            .fonts(fonts("宋体")),
    )
}

/// The header of a draft: 草稿, right-aligned, in red 黑体.
fn draft_header() -> Header {
    Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Right)
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
            .add_run(Run::new().add_text(DRAFT_MARK).fonts(fonts(HEITI)).size(SIZE_S4).color("C00000")),
    )
}

/// `docProps/core.xml`: the unit as author, the report's title, the date it was made (left
/// out when unknown, never 1970).
fn core_properties(title: &str, meta: &Meta) -> Vec<u8> {
    let esc = crate::model::escape_xml;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
    );
    xml.push_str(&format!("<dc:title>{}</dc:title>", esc(title)));
    if !meta.author.is_empty() {
        xml.push_str(&format!(
            "<dc:creator>{0}</dc:creator><cp:lastModifiedBy>{0}</cp:lastModifiedBy>",
            esc(&meta.author)
        ));
    }
    if let Some(when) = meta.created.as_deref().and_then(w3c_date) {
        xml.push_str(&format!(
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:created>\
             <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:modified>"
        ));
    }
    xml.push_str("<dc:language>zh-CN</dc:language>");
    if meta.draft {
        xml.push_str(&format!("<cp:contentStatus>{DRAFT_MARK}</cp:contentStatus>"));
    }
    xml.push_str("</cp:coreProperties>");
    xml.into_bytes()
}

/// A date or time as W3CDTF wants it: `2025-08-14` → `2025-08-14T00:00:00Z`; a full RFC 3339
/// time as it is; anything else none.
fn w3c_date(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let date_ok = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if !date_ok {
        return None;
    }
    if b.len() == 10 {
        return Some(format!("{s}T00:00:00Z"));
    }
    (b[10] == b'T' && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '+' | '.')))
        .then(|| s.to_string())
}

fn para(style: &str, text: &str) -> Paragraph {
    Paragraph::new().style(style).add_run(Run::new().add_text(text))
}

/// 小五 (9 pt) in half-points, for a form's tables.
const SIZE_S5: usize = 18;

fn cell(text: &str, width: i32, align: Align, header: bool, small: bool) -> TableCell {
    let mut p = if small {
        Paragraph::new().style("TableText").add_run(Run::new().add_text(text).size(SIZE_S5))
    } else {
        para("TableText", text)
    };
    match align {
        Align::Right => p = p.align(AlignmentType::Right),
        Align::Center => p = p.align(AlignmentType::Center),
        Align::Left => {}
    }
    if header {
        p = p.fonts(fonts(HEITI));
    }
    let mut c = TableCell::new()
        .add_paragraph(p)
        .width(width.max(0) as usize, WidthType::Dxa)
        .vertical_align(VAlignType::Center);
    if header {
        c = c.shading(Shading::new().fill("E7E6E6"));
    }
    c
}

/// A body row: each cell with its merges (`gridSpan` across, `vMerge` down: a cell a merge
/// from above covers is written as its continuation, one a merge from the left covers not
/// at all).
fn body_row(t: &Table, r: usize, widths: &[i32], small: bool) -> TableRow {
    let row = &t.rows[r];
    let span_width = |c: usize, n: usize| widths[c..(c + n).min(widths.len())].iter().sum::<i32>();
    let mut cells = Vec::new();
    for c in 0..widths.len() {
        match t.span(r, c) {
            Span::Anchor(rows, cols) => {
                let text = row.get(c).map_or("", String::as_str);
                let mut cell = cell(text, span_width(c, cols), t.align(r, c), t.is_label(r, c), small);
                if cols > 1 {
                    cell = cell.grid_span(cols);
                }
                if rows > 1 {
                    cell = cell.vertical_merge(VMergeType::Restart);
                }
                cells.push(cell);
            }
            Span::Covered(ar, ac) if ac == c && ar < r => {
                let Span::Anchor(_, cols) = t.span(ar, ac) else { continue };
                let mut cell = cell("", span_width(c, cols), Align::Left, t.is_label(ar, ac), small)
                    .vertical_merge(VMergeType::Continue);
                if cols > 1 {
                    cell = cell.grid_span(cols);
                }
                cells.push(cell);
            }
            Span::Covered(..) => {}
        }
    }
    TableRow::new(cells)
}

/// A table as Word writes it, `text_width` wide; `small`: in 小五, as a form's.
fn table(t: &Table, text_width: i32, small: bool) -> Vec<DocxChild> {
    let mut out = Vec::new();
    if let Some(c) = &t.caption {
        out.push(DocxChild::Para(Box::new(para("Caption", c).keep_next(true))));
    }
    if let Some(u) = &t.unit {
        out.push(DocxChild::Para(Box::new(para("TableText", u).align(AlignmentType::Right).keep_next(true))));
    }
    let cols = t.columns().max(1);
    let total: u32 = if t.widths.len() == cols { t.widths.iter().sum::<u32>().max(1) } else { cols as u32 };
    let widths: Vec<i32> = (0..cols)
        .map(|i| {
            let w = if t.widths.len() == cols { t.widths[i] } else { 1 };
            (i64::from(text_width) * i64::from(w) / i64::from(total)) as i32
        })
        .collect();
    let numeric = |i: usize| t.numeric.get(i).copied().unwrap_or(false);
    // The header row is marked `cantSplit` here and given `tblHeader` (repeat on every page)
    // when the XML is written: docx-rs has no builder for `tblHeader`.
    let mut rows = Vec::new();
    if !t.header.is_empty() {
        let header = TableRow::new(
            t.header.iter().enumerate().map(|(i, h)| cell(h, widths[i], Align::Center, true, small)).collect(),
        )
        .cant_split();
        rows.push(header);
    }
    for r in 0..t.rows.len() {
        rows.push(if t.merges.is_empty() && t.labels.is_empty() && t.centered.is_empty() {
            let row = &t.rows[r];
            let align = |i: usize| if numeric(i) { Align::Right } else { Align::Left };
            TableRow::new(
                (0..cols)
                    .map(|i| cell(row.get(i).map_or("", String::as_str), widths[i], align(i), false, small))
                    .collect(),
            )
        } else {
            body_row(t, r, &widths, small)
        });
    }
    let grid = widths.iter().map(|w| (*w).max(0) as usize).collect();
    out.push(DocxChild::Table(Box::new(
        DocxTable::new(rows).set_grid(grid).width(text_width as usize, WidthType::Dxa),
    )));
    out
}

enum DocxChild {
    Para(Box<Paragraph>),
    Table(Box<DocxTable>),
}

fn chart(c: &Chart, index: usize, text_width: i32) -> Vec<DocxChild> {
    let Some(png) = &c.png else {
        return vec![DocxChild::Para(Box::new(para(
            "Note",
            &crate::typography::fullwidth(&format!("图:{}(未找到中文字体,无法画成图片;见 HTML 版)", c.title)),
        )))];
    };
    // Drawn at twice the display size: scale it to the text width.
    let width_emu = (text_width as u32) * 635; // 1 twip = 635 EMU
    let height_emu = (u64::from(width_emu) * u64::from(c.height) / u64::from(c.width.max(1))) as u32;
    let pic = Pic::new_with_dimensions(png.clone(), c.width * 2, c.height * 2)
        .id(format!("rIdImage{}", 1000 + index))
        .size(width_emu, height_emu);
    vec![
        DocxChild::Para(Box::new(
            Paragraph::new()
                .align(AlignmentType::Center)
                .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
                .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Auto).line(240))
                .keep_next(true)
                .add_run(Run::new().add_image(pic)),
        )),
        DocxChild::Para(Box::new(para("Caption", &format!("图{}\u{ff1a}{}", index + 1, c.title)))),
    ]
}

/// Renders a report as DOCX bytes.
pub fn render(r: &Report) -> Result<Vec<u8>, RenderError> {
    let r = &*r.xml_safe();
    let form = r.meta.layout == Layout::Form;
    let margin = if form {
        let m = mm(FORM_MARGIN);
        PageMargin { top: m, bottom: m, left: m, right: m, header: mm(8), footer: mm(8), gutter: 0 }
    } else {
        PageMargin {
            top: mm(37),
            bottom: mm(35),
            left: mm(28),
            right: mm(26),
            header: mm(15),
            footer: mm(18),
            gutter: 0,
        }
    };
    let width = if form { form_width() } else { text_width() };
    // A form's page is A4 turned: its width the long side, marked landscape.
    let (page_w, page_h) = if form { (A4.1, A4.0) } else { A4 };
    let mut doc = Docx::new().page_size(page_w, page_h).page_margin(margin);
    if form {
        doc = doc.page_orient(PageOrientationType::Landscape);
    }
    let mut doc = styles(doc.default_fonts(fonts(FANGSONG)).default_size(SIZE_3).default_line_spacing(exact(PITCH)))
        .footer(footer(true))
        .even_footer(footer(false))
        // The cover page carries no page number.
        .first_footer(Footer::new())
        .title_pg();
    if r.meta.draft {
        doc = doc.header(draft_header()).first_header(draft_header()).even_header(draft_header());
    }
    let lines = if r.title_lines.is_empty() { std::slice::from_ref(&r.title) } else { &r.title_lines[..] };
    for (i, line) in lines.iter().enumerate() {
        let mut p = para("Title", line);
        if form {
            // A form's title is smaller (三号) and close above it, to leave the page to the form.
            let after = if i + 1 == lines.len() { 120 } else { 0 };
            p = Paragraph::new()
                .style("Title")
                .add_run(Run::new().add_text(line).size(32))
                .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(480).before(0).after(after));
        }
        doc = doc.add_paragraph(p);
    }
    for (k, v) in &r.cover {
        doc = doc.add_paragraph(para("BodyText", &format!("{k}\u{ff1a}{v}")).indent(
            Some(0),
            Some(SpecialIndentType::FirstLine(0)),
            None,
            None,
        ));
    }
    // The cover block stands on its own page, as in the seed report; a form follows its title.
    if !form {
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
    }
    let mut charts = 0;
    for b in &r.blocks {
        let children = match b {
            Block::Heading { level, text } => {
                let style = format!("Heading{}", level.clamp(&1, &4));
                vec![DocxChild::Para(Box::new(para(&style, text).keep_next(true)))]
            }
            Block::Para { text } => vec![DocxChild::Para(Box::new(para("BodyText", text)))],
            Block::Note { text } => vec![DocxChild::Para(Box::new(para("Note", text)))],
            Block::Table(t) => table(t, width, form),
            Block::PageBreak => {
                vec![DocxChild::Para(Box::new(Paragraph::new().add_run(Run::new().add_break(BreakType::Page))))]
            }
            Block::Chart(c) => {
                charts += 1;
                chart(c, charts - 1, width)
            }
        };
        for c in children {
            doc = match c {
                DocxChild::Para(p) => doc.add_paragraph(*p),
                DocxChild::Table(t) => doc.add_table(*t),
            };
        }
    }
    let mut xml = doc.build();
    xml.document = mark_header_rows(&xml.document);
    xml.doc_props.core = core_properties(&r.title, &r.meta);
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| RenderError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}

/// Adds `<w:tblHeader />` (repeat as header row on each page) after every `<w:cantSplit />`,
/// which this writer puts only on header rows.
fn mark_header_rows(document: &[u8]) -> Vec<u8> {
    const MARK: &[u8] = b"<w:cantSplit />";
    const ADD: &[u8] = b"<w:tblHeader />";
    let mut out = Vec::with_capacity(document.len() + 1024);
    let mut rest = document;
    while let Some(i) = rest.windows(MARK.len()).position(|w| w == MARK) {
        out.extend_from_slice(&rest[..i + MARK.len()]);
        out.extend_from_slice(ADD);
        rest = &rest[i + MARK.len()..];
    }
    out.extend_from_slice(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millimetres_to_twips() {
        assert_eq!(mm(37), 2098);
        assert_eq!(mm(35), 1984);
        assert_eq!(mm(28), 1587);
        assert_eq!(mm(26), 1474);
    }

    #[test]
    fn dates_for_the_document_properties() {
        assert_eq!(w3c_date("2025-08-14").as_deref(), Some("2025-08-14T00:00:00Z"));
        assert_eq!(w3c_date("2025-08-14T09:30:00+08:00").as_deref(), Some("2025-08-14T09:30:00+08:00"));
        assert_eq!(w3c_date("2025年8月14日"), None);
        assert_eq!(w3c_date("2025-8-14"), None);
    }

    #[test]
    fn header_rows_are_marked() {
        let x = mark_header_rows(b"<w:trPr><w:cantSplit /></w:trPr><w:trPr></w:trPr>");
        assert_eq!(String::from_utf8(x).unwrap(), "<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr><w:trPr></w:trPr>");
    }
}
