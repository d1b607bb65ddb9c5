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
    AlignmentType, Docx, FieldCharType, Footer, Header, InstrPAGE, InstrText, LineSpacing, LineSpacingType, PageMargin,
    PageOrientationType, Paragraph, Pic, Run, RunFonts, SpecialIndentType, Style, StyleType,
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

/// 小五 (9 pt) in half-points, for a form's tables.
const SIZE_S5: usize = 18;

/// The body of `word/document.xml`, written directly: the same bytes docx-rs writes for these
/// paragraphs and tables (its element order, its escaping, its paragraph ids), without
/// building its element tree. docx-rs still writes the rest of the package and each chart's
/// picture paragraph (whose image it has to register).
struct Body {
    xml: String,
    /// The next paragraph id (`w14:paraId`), continuing docx-rs's count.
    id: u32,
    /// Charts' picture paragraphs in order, each with its id; spliced in at `CHART_SLOT`s.
    charts: Vec<(u32, Paragraph)>,
}

/// Stands in the body for a chart's picture paragraph until docx-rs has written it.
const CHART_SLOT: char = '\u{0}';

/// A text as docx-rs writes it inside `<w:t>`: line feeds dropped, carriage returns dropped,
/// `& < > " '` escaped.
fn push_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'', '\n', '\r']) {
        out.push_str(&rest[..i]);
        let (c, tail) = rest[i..].split_at(1);
        out.push_str(match c {
            "&" => "&amp;",
            "<" => "&lt;",
            ">" => "&gt;",
            "\"" => "&quot;",
            "'" => "&apos;",
            _ => "",
        });
        rest = tail;
    }
    out.push_str(rest);
}

fn push_num(out: &mut String, n: impl std::fmt::Display) {
    use std::fmt::Write;
    let _ = write!(out, "{n}");
}

/// What a paragraph carries beyond its style and text.
#[derive(Default, Clone, Copy)]
struct ParaLook {
    /// `w:jc`.
    align: Option<&'static str>,
    /// 黑体 for the paragraph's runs (a table's label cells).
    heiti: bool,
    /// `w:ind` with no indent (the cover lines).
    no_indent: bool,
    /// `w:spacing` exact 24 pt with this space after (a form's title).
    form_title_after: Option<u32>,
    keep_next: bool,
    /// The run's size in half-points.
    size: Option<usize>,
}

impl Body {
    fn open_para(&mut self) {
        self.xml.push_str("<w:p w14:paraId=\"");
        // `{:08x}`, digit by digit (`write!` costs several times as much).
        for shift in (0..8).rev() {
            self.xml.push(char::from_digit((self.id >> (shift * 4)) & 0xf, 16).unwrap_or('0'));
        }
        self.xml.push_str("\">");
        self.id = self.id.wrapping_add(1);
    }

    fn para(&mut self, style: &str, text: &str, look: ParaLook) {
        self.open_para();
        let x = &mut self.xml;
        if look.heiti {
            x.push_str(
                "<w:pPr><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" \
                 w:cs=\"Times New Roman\" w:eastAsia=\"",
            );
            x.push_str(HEITI);
            x.push_str("\" /></w:rPr><w:pStyle w:val=\"");
        } else {
            x.push_str("<w:pPr><w:rPr /><w:pStyle w:val=\"");
        }
        x.push_str(style);
        x.push_str("\" />");
        if let Some(a) = look.align {
            x.push_str("<w:jc w:val=\"");
            x.push_str(a);
            x.push_str("\" />");
        }
        if look.no_indent {
            x.push_str("<w:ind w:left=\"0\" w:right=\"0\" w:firstLine=\"0\" />");
        }
        if let Some(after) = look.form_title_after {
            x.push_str("<w:spacing w:before=\"0\" w:after=\"");
            push_num(x, after);
            x.push_str("\" w:line=\"480\" w:lineRule=\"exact\" />");
        }
        if look.keep_next {
            x.push_str("<w:keepNext />");
        }
        x.push_str("</w:pPr><w:r>");
        match look.size {
            Some(size) => {
                x.push_str("<w:rPr><w:sz w:val=\"");
                push_num(x, size);
                x.push_str("\" /><w:szCs w:val=\"");
                push_num(x, size);
                x.push_str("\" /></w:rPr>");
            }
            None => x.push_str("<w:rPr />"),
        }
        x.push_str("<w:t xml:space=\"preserve\">");
        push_text(x, text);
        x.push_str("</w:t></w:r></w:p>");
    }

    fn page_break(&mut self) {
        self.open_para();
        self.xml.push_str("<w:pPr><w:rPr /></w:pPr><w:r><w:rPr /><w:br w:type=\"page\" /></w:r></w:p>");
    }

    /// A table cell: `vmerge` "restart" or "continue", `span` columns across.
    #[allow(clippy::too_many_arguments)]
    fn cell(
        &mut self,
        text: &str,
        width: i32,
        align: Align,
        header: bool,
        small: bool,
        span: usize,
        vmerge: Option<&str>,
    ) {
        let x = &mut self.xml;
        x.push_str("<w:tc><w:tcPr><w:tcW w:w=\"");
        push_num(x, width.max(0));
        x.push_str("\" w:type=\"dxa\" />");
        if span > 1 {
            x.push_str("<w:gridSpan w:val=\"");
            push_num(x, span);
            x.push_str("\" />");
        }
        if let Some(m) = vmerge {
            x.push_str("<w:vMerge w:val=\"");
            x.push_str(m);
            x.push_str("\" />");
        }
        x.push_str("<w:vAlign w:val=\"center\" />");
        if header {
            x.push_str("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E7E6E6\" />");
        }
        x.push_str("</w:tcPr>");
        let align = match align {
            Align::Right => Some("right"),
            Align::Center => Some("center"),
            Align::Left => None,
        };
        let size = small.then_some(SIZE_S5);
        self.para("TableText", text, ParaLook { align, heiti: header, size, ..ParaLook::default() });
        self.xml.push_str("</w:tc>");
    }

    /// A body row: each cell with its merges (`gridSpan` across, `vMerge` down: a cell a merge
    /// from above covers is written as its continuation, one a merge from the left covers not
    /// at all).
    fn body_row(&mut self, t: &Table, r: usize, widths: &[i32], small: bool) {
        let row = t.rows.get(r);
        let span_width =
            |c: usize, n: usize| widths.get(c..(c + n).min(widths.len())).map_or(0, |w| w.iter().sum::<i32>());
        for c in 0..widths.len() {
            match t.span(r, c) {
                Span::Anchor(rows, cols) => {
                    let text = row.and_then(|row| row.get(c)).map_or("", String::as_str);
                    let vmerge = (rows > 1).then_some("restart");
                    self.cell(text, span_width(c, cols), t.align(r, c), t.is_label(r, c), small, cols, vmerge);
                }
                Span::Covered(ar, ac) if ac == c && ar < r => {
                    let Span::Anchor(_, cols) = t.span(ar, ac) else { continue };
                    self.cell("", span_width(c, cols), Align::Left, t.is_label(ar, ac), small, cols, Some("continue"));
                }
                Span::Covered(..) => {}
            }
        }
    }

    /// A table as Word writes it, `text_width` wide; `small`: in 小五, as a form's. The header
    /// row does not split across pages and repeats on every page (`tblHeader`).
    fn table(&mut self, t: &Table, text_width: i32, small: bool) {
        if let Some(c) = &t.caption {
            self.para("Caption", c, ParaLook { keep_next: true, ..ParaLook::default() });
        }
        if let Some(u) = &t.unit {
            self.para("TableText", u, ParaLook { align: Some("right"), keep_next: true, ..ParaLook::default() });
        }
        let cols = t.columns().max(1);
        let given = t.widths.len() == cols;
        let total: u32 = if given { t.widths.iter().sum::<u32>().max(1) } else { cols as u32 };
        let widths: Vec<i32> = (0..cols)
            .map(|i| {
                let w = if given { t.widths.get(i).copied().unwrap_or(1) } else { 1 };
                (i64::from(text_width) * i64::from(w) / i64::from(total)) as i32
            })
            .collect();
        let numeric = |i: usize| t.numeric.get(i).copied().unwrap_or(false);
        let x = &mut self.xml;
        x.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"");
        push_num(x, text_width.max(0));
        x.push_str(
            "\" w:type=\"dxa\" /><w:jc w:val=\"left\" /><w:tblBorders>\
             <w:top w:val=\"single\" w:sz=\"2\" w:space=\"0\" w:color=\"000000\" />\
             <w:left w:val=\"single\" w:sz=\"2\" w:space=\"0\" w:color=\"000000\" />\
             <w:bottom w:val=\"single\" w:sz=\"2\" w:space=\"0\" w:color=\"000000\" />\
             <w:right w:val=\"single\" w:sz=\"2\" w:space=\"0\" w:color=\"000000\" />\
             <w:insideH w:val=\"single\" w:sz=\"2\" w:space=\"0\" w:color=\"000000\" />\
             <w:insideV w:val=\"single\" w:sz=\"2\" w:space=\"0\" w:color=\"000000\" />\
             </w:tblBorders></w:tblPr><w:tblGrid>",
        );
        for w in &widths {
            x.push_str("<w:gridCol w:w=\"");
            push_num(x, (*w).max(0));
            x.push_str("\" w:type=\"dxa\" />");
        }
        x.push_str("</w:tblGrid>");
        if !t.header.is_empty() {
            self.xml.push_str("<w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>");
            for (i, h) in t.header.iter().enumerate() {
                self.cell(h, widths.get(i).copied().unwrap_or(0), Align::Center, true, small, 1, None);
            }
            self.xml.push_str("</w:tr>");
        }
        let plain = t.merges.is_empty() && t.labels.is_empty() && t.centered.is_empty();
        for r in 0..t.rows.len() {
            self.xml.push_str("<w:tr><w:trPr />");
            if plain {
                let row = &t.rows[r];
                for (i, w) in widths.iter().enumerate() {
                    let align = if numeric(i) { Align::Right } else { Align::Left };
                    self.cell(row.get(i).map_or("", String::as_str), *w, align, false, small, 1, None);
                }
            } else {
                self.body_row(t, r, &widths, small);
            }
            self.xml.push_str("</w:tr>");
        }
        self.xml.push_str("</w:tbl>");
    }

    /// A chart: its picture (a paragraph docx-rs writes, holding the image) and its caption.
    fn chart(&mut self, c: &Chart, index: usize, text_width: i32) {
        let Some(png) = &c.png else {
            let note = crate::typography::fullwidth(&format!("图:{}(未找到中文字体,无法画成图片;见 HTML 版)", c.title));
            self.para("Note", &note, ParaLook::default());
            return;
        };
        // Drawn at twice the display size: scale it to the text width.
        let width_emu = (text_width as u32) * 635; // 1 twip = 635 EMU
        let height_emu = (u64::from(width_emu) * u64::from(c.height) / u64::from(c.width.max(1))) as u32;
        let pic = Pic::new_with_dimensions(png.clone(), c.width * 2, c.height * 2)
            .id(format!("rIdImage{}", 1000 + index))
            .size(width_emu, height_emu);
        let picture = Paragraph::new()
            .id(format!("{:08x}", self.id))
            .align(AlignmentType::Center)
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
            .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Auto).line(240))
            .keep_next(true)
            .add_run(Run::new().add_image(pic));
        self.charts.push((self.id, picture));
        self.id = self.id.wrapping_add(1);
        self.xml.push(CHART_SLOT);
        self.para("Caption", &format!("图{}\u{ff1a}{}", index + 1, c.title), ParaLook::default());
    }
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
    // The body's paragraph ids continue docx-rs's count (after the headers' and footers').
    let first = u32::from_str_radix(&Paragraph::new().id, 16).unwrap_or(1);
    let mut body = Body { xml: String::with_capacity(body_size(r)), id: first, charts: Vec::new() };
    let lines = if r.title_lines.is_empty() { std::slice::from_ref(&r.title) } else { &r.title_lines[..] };
    for (i, line) in lines.iter().enumerate() {
        let look = if form {
            // A form's title is smaller (三号) and close above it, to leave the page to the form.
            let after = if i + 1 == lines.len() { 120 } else { 0 };
            // Each of these lines skips one paragraph id, as jixiao's Word files always had
            // (docx-rs built a plain title paragraph first and replaced it).
            body.id = body.id.wrapping_add(1);
            ParaLook { form_title_after: Some(after), size: Some(32), ..ParaLook::default() }
        } else {
            ParaLook::default()
        };
        body.para("Title", line, look);
    }
    for (k, v) in &r.cover {
        body.para("BodyText", &format!("{k}\u{ff1a}{v}"), ParaLook { no_indent: true, ..ParaLook::default() });
    }
    // The cover block stands on its own page, as in the seed report; a form follows its title.
    if !form {
        body.page_break();
    }
    let mut charts = 0;
    for b in &r.blocks {
        match b {
            Block::Heading { level, text } => {
                let style = ["Heading1", "Heading2", "Heading3", "Heading4"][usize::from(*level.clamp(&1, &4)) - 1];
                body.para(style, text, ParaLook { keep_next: true, ..ParaLook::default() });
            }
            Block::Para { text } => body.para("BodyText", text, ParaLook::default()),
            Block::Note { text } => body.para("Note", text, ParaLook::default()),
            Block::Table(t) => body.table(t, width, form),
            Block::PageBreak => body.page_break(),
            Block::Chart(c) => {
                charts += 1;
                body.chart(c, charts - 1, width);
            }
        }
    }
    let pictures: Vec<u32> = body.charts.iter().map(|(id, _)| *id).collect();
    for (_, p) in body.charts {
        doc = doc.add_paragraph(p);
    }
    let mut xml = doc.build();
    xml.document = splice_body(&xml.document, body.xml, &pictures)?;
    xml.doc_props.core = core_properties(&r.title, &r.meta);
    let mut out = std::io::Cursor::new(Vec::with_capacity(xml.document.len() + 48 * 1024));
    xml.pack(&mut out).map_err(|e| RenderError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}

/// Room for the body's XML, enough that it is written without growing (and without copying
/// again when docx-rs's start and end are put around it): its texts and each paragraph's and
/// cell's markup, over-estimated (room never written to costs no memory).
fn body_size(r: &Report) -> usize {
    const PARA: usize = 320;
    const CELL: usize = 640;
    let texts = |v: &[String]| v.iter().map(|t| t.len() + CELL).sum::<usize>();
    let mut n = 8192 + r.title.len() + PARA;
    n += r.title_lines.iter().map(|t| t.len() + PARA).sum::<usize>();
    n += r.cover.iter().map(|(k, v)| k.len() + v.len() + PARA).sum::<usize>();
    for b in &r.blocks {
        n += PARA
            + match b {
                Block::Heading { text, .. } | Block::Para { text } | Block::Note { text } => text.len(),
                Block::Table(t) => {
                    let cols = t.columns().max(1);
                    let side = t.caption.as_ref().map_or(0, String::len) + t.unit.as_ref().map_or(0, String::len);
                    side + 2 * PARA
                        + texts(&t.header)
                        + t.rows.iter().map(|row| texts(row) + cols.saturating_sub(row.len()) * CELL).sum::<usize>()
                        + (t.rows.len() + 1) * PARA
                        + cols * 64
                }
                Block::Chart(c) => c.title.len() + PARA,
                Block::PageBreak => 0,
            };
    }
    n
}

/// `word/document.xml` with the body written here in place of docx-rs's, which holds only the
/// charts' picture paragraphs (ids `pictures`, in order): each goes where its slot is. Without
/// charts the body's own buffer becomes the file, docx-rs's start and end put around it.
fn splice_body(document: &[u8], body: String, pictures: &[u32]) -> Result<Vec<u8>, RenderError> {
    const OPEN: &[u8] = b"<w:body>";
    const SECT: &[u8] = b"<w:sectPr>";
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        hay.get(from..).and_then(|h| h.windows(needle.len()).position(|w| w == needle)).map(|i| i + from)
    };
    let unexpected = || RenderError::Docx("docx-rs wrote document.xml in an unexpected form".into());
    let start = find(document, OPEN, 0).ok_or_else(unexpected)? + OPEN.len();
    let end = find(document, SECT, start).ok_or_else(unexpected)?;
    let (head, tail) = (document.get(..start).ok_or_else(unexpected)?, document.get(end..).ok_or_else(unexpected)?);
    if pictures.is_empty() {
        let mut out = body.into_bytes();
        out.splice(0..0, head.iter().copied());
        out.extend_from_slice(tail);
        return Ok(out);
    }
    // Where each picture paragraph begins in docx-rs's body.
    let mut starts = Vec::with_capacity(pictures.len() + 1);
    for id in pictures {
        let mark = format!("<w:p w14:paraId=\"{id:08x}\">");
        starts.push(find(document, mark.as_bytes(), start).filter(|i| *i < end).ok_or_else(unexpected)?);
    }
    starts.push(end);
    let mut out = Vec::with_capacity(document.len() + body.len());
    out.extend_from_slice(head);
    for (slot, piece) in body.split(CHART_SLOT).enumerate() {
        if slot > 0 {
            let (from, to) = (starts.get(slot - 1).ok_or_else(unexpected)?, starts.get(slot).ok_or_else(unexpected)?);
            out.extend_from_slice(document.get(*from..*to).ok_or_else(unexpected)?);
        }
        out.extend_from_slice(piece.as_bytes());
    }
    out.extend_from_slice(tail);
    Ok(out)
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

    /// docx-rs's rendition of the body, as this writer built it before it wrote the XML
    /// itself: the reference the direct writer must match byte for byte.
    mod reference {
        use super::super::{HEITI, SIZE_S5, fonts};
        use crate::model::{Align, Span, Table};
        use docx_rs::{
            AlignmentType, BuildXML, LineSpacing, LineSpacingType, Paragraph, Run, Shading, SpecialIndentType,
            Table as DocxTable, TableCell, TableRow, VAlignType, VMergeType, WidthType,
        };

        pub fn para(style: &str, text: &str) -> Paragraph {
            Paragraph::new().style(style).add_run(Run::new().add_text(text))
        }

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

        /// The table's XML, header rows marked `tblHeader` as the writer did after building.
        pub fn table(t: &Table, text_width: i32, small: bool) -> String {
            let mut out = Vec::new();
            if let Some(c) = &t.caption {
                out.extend(para("Caption", c).keep_next(true).build());
            }
            if let Some(u) = &t.unit {
                out.extend(para("TableText", u).align(AlignmentType::Right).keep_next(true).build());
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
            let mut rows = Vec::new();
            if !t.header.is_empty() {
                rows.push(
                    TableRow::new(
                        t.header
                            .iter()
                            .enumerate()
                            .map(|(i, h)| cell(h, widths[i], Align::Center, true, small))
                            .collect(),
                    )
                    .cant_split(),
                );
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
            out.extend(DocxTable::new(rows).set_grid(grid).width(text_width as usize, WidthType::Dxa).build());
            String::from_utf8(out).unwrap().replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
        }

        /// A form's title line, as built before (a plain title paragraph replaced).
        pub fn form_title(line: &str, after: u32) -> String {
            let _replaced = para("Title", line);
            let p = Paragraph::new()
                .style("Title")
                .add_run(Run::new().add_text(line).size(32))
                .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(480).before(0).after(after));
            String::from_utf8(p.build()).unwrap()
        }

        pub fn cover_line(text: &str) -> String {
            let p = para("BodyText", text).indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None);
            String::from_utf8(p.build()).unwrap()
        }

        pub fn page_break() -> String {
            String::from_utf8(Paragraph::new().add_run(Run::new().add_break(docx_rs::BreakType::Page)).build()).unwrap()
        }
    }

    /// The paragraph id docx-rs gives the next paragraph on this thread.
    fn next_id() -> u32 {
        u32::from_str_radix(&Paragraph::new().id, 16).unwrap() + 1
    }

    fn body_at(id: u32) -> Body {
        Body { xml: String::new(), id, charts: Vec::new() }
    }

    #[test]
    fn paragraph_ids_are_eight_hex_digits() {
        for id in [0, 1, 0xa, 0x3f, 0x1234_abcd, u32::MAX] {
            let mut body = body_at(id);
            body.open_para();
            assert_eq!(body.xml, format!("<w:p w14:paraId=\"{id:08x}\">"));
        }
    }

    #[test]
    fn paragraphs_are_written_as_docx_rs_writes_them() {
        use docx_rs::BuildXML;
        // Text with every character docx-rs escapes or drops.
        let text = "收入 <1> & \"支出\" 'x'\n行\r末";
        let id = next_id();
        let mut want = String::from_utf8(reference::para("BodyText", text).build()).unwrap();
        want += &String::from_utf8(reference::para("Heading2", text).keep_next(true).build()).unwrap();
        want += &reference::cover_line(text);
        want += &reference::form_title(text, 120);
        want += &reference::page_break();
        let mut body = body_at(id);
        body.para("BodyText", text, ParaLook::default());
        body.para("Heading2", text, ParaLook { keep_next: true, ..ParaLook::default() });
        body.para("BodyText", text, ParaLook { no_indent: true, ..ParaLook::default() });
        body.id += 1;
        body.para("Title", text, ParaLook { form_title_after: Some(120), size: Some(32), ..ParaLook::default() });
        body.page_break();
        assert_eq!(body.xml, want);
    }

    #[test]
    fn tables_are_written_as_docx_rs_writes_them() {
        use crate::model::Merge;
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_string()).collect::<Vec<_>>();
        let plain = Table {
            caption: Some("表1 收支".into()),
            unit: Some("单位:万元".into()),
            header: s(&["项目", "金额", "比率"]),
            numeric: vec![false, true, true],
            rows: vec![s(&["甲 & 乙", "1.00", "50%"]), s(&["丙", "", "<1%"]), s(&["丁"])],
            widths: vec![3, 1, 1],
            ..Table::default()
        };
        let form = Table {
            header: Vec::new(),
            numeric: vec![false, false, true, true],
            rows: vec![s(&["名称", "道路", "", ""]), s(&["资金", "年初", "1", "2"]), s(&["", "全年", "3", "4"])],
            widths: vec![2, 2, 1, 1],
            merges: vec![Merge { row: 0, col: 1, rows: 1, cols: 3 }, Merge { row: 1, col: 0, rows: 2, cols: 1 }],
            labels: vec![[0, 0], [1, 0]],
            centered: vec![[1, 1]],
            ..Table::default()
        };
        for (t, small) in [(&plain, false), (&plain, true), (&form, true), (&form, false)] {
            let id = next_id();
            let want = reference::table(t, 8844, small);
            let mut body = body_at(id);
            body.table(t, 8844, small);
            assert_eq!(body.xml, want);
        }
    }
}
