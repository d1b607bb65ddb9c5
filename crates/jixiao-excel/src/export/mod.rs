//! Writing the workbook: the empty template, or a record filled in.
//!
//! Input cells are unlocked, with data validation (numbers, dates, lists); derived figures
//! are live formulas, locked and shaded, each stored with the result jixiao computed (so
//! LibreOffice and readers that do not recalculate see it). A figure the record states for a
//! derived cell (a report's own total, rate or difference) stays a formula where the formula
//! shows the same figure (with a note `报告所称…`, so import gives the stated figure back); only
//! a stated figure that differs is written as a typed number in its place, shaded yellow, with
//! a note: the checks compare it with the recomputation. Editing a figure of last year's
//! workbook then updates every 合计, 差异 and 比率 that reads it.
//!
//! Each sheet is laid out for printing on A4: its own column widths, landscape where it is wide,
//! one page wide with text no smaller than 9 pt, its table header repeated on every page.

use jixiao_core::Decimal;
use jixiao_core::system::IndicatorSystem;
use jixiao_core::width::cells_wide;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, Note, ProtectionOptions, Workbook, Worksheet,
};
use serde_json::Value;

use crate::ExcelError;

mod instructions;
use instructions::write_instructions;
mod print;

use crate::cells::{col_name, format_code, serial_of_date};
use crate::eval::get;
use crate::formula::{self, Ref};
use crate::layout::{Block, DIRECTIONS, Field, Kind, Local, Place, Section, Total, formula_for, join, resolve_input};
use jixiao_core::schema::DerivedFigure;
use jixiao_core::schema::Schema;
use jixiao_core::schema::view::RecordView;

/// What writing the workbook gives.
type WriteResult<T> = Result<T, ExcelError>;

fn x(e: rust_xlsxwriter::XlsxError) -> ExcelError {
    ExcelError::Write(e.to_string())
}

/// Cell styles.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Look {
    /// Typed by the filer.
    Input,
    /// A formula (locked, grey).
    Formula,
    /// A figure the report states where a formula would be (yellow).
    Stated,
}

fn base(look: Look) -> Format {
    let f = Format::new()
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBFBFBF))
        .set_align(FormatAlign::VerticalCenter);
    match look {
        Look::Input => f.set_unlocked(),
        Look::Formula => f.set_background_color(Color::RGB(0xEDEDED)),
        Look::Stated => f.set_unlocked().set_background_color(Color::RGB(0xFFF2CC)),
    }
}

fn title_format() -> Format {
    Format::new().set_bold().set_font_size(12).set_font_color(Color::RGB(0x1F4E79))
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
}

fn label_format() -> Format {
    Format::new()
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBFBFBF))
        .set_background_color(Color::RGB(0xF7F7F7))
}

fn note_format() -> Format {
    Format::new().set_font_color(Color::RGB(0x7F7F7F)).set_italic()
}

/// Number of decimals of a decimal string as the record writes it.
fn scale_of(text: &str) -> u32 {
    text.split_once('.').map_or(0, |(_, f)| f.chars().take_while(char::is_ascii_digit).count() as u32)
}

/// A figure string of the record split into its number and unit (`95.72元` → `95.72`, `元`).
fn split_unit(s: &str) -> (&str, &'static str) {
    for u in ["万元", "亿元", "元", "%"] {
        if let Some(n) = s.strip_suffix(u) {
            return (n, if u == "%" { "%" } else { unit_static(u) });
        }
    }
    (s, "")
}

fn unit_static(u: &str) -> &'static str {
    match u {
        "万元" => "万元",
        "亿元" => "亿元",
        _ => "元",
    }
}

fn default_unit(kind: Kind) -> &'static str {
    match kind {
        Kind::Money => "万元",
        Kind::MoneyYuan => "元",
        Kind::Rate => "%",
        _ => "",
    }
}

fn to_f64(d: &str) -> Option<f64> {
    d.trim().parse::<f64>().ok()
}

/// The number format of an empty input cell of a kind.
fn empty_format(kind: Kind) -> Option<String> {
    match kind {
        Kind::Money | Kind::MoneyYuan => Some(format_code(2, true, false)),
        Kind::Rate => Some(format_code(2, false, true)),
        Kind::Count => Some("0".into()),
        Kind::Date => Some("yyyy-mm-dd".into()),
        _ => None,
    }
}

fn validation(kind: Kind) -> Option<DataValidation> {
    let v = match kind {
        Kind::Count => DataValidation::new().allow_whole_number(DataValidationRule::Between(0, 100_000_000)),
        Kind::Money | Kind::MoneyYuan | Kind::Number | Kind::SetValue => {
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(-1e14, 1e14))
        }
        Kind::Rate => DataValidation::new().allow_decimal_number(DataValidationRule::Between(-10.0, 10.0)),
        Kind::Date => {
            let (lo, hi) = (ExcelDateTime::from_ymd(1990, 1, 1).ok()?, ExcelDateTime::from_ymd(2100, 12, 31).ok()?);
            DataValidation::new().allow_date(DataValidationRule::Between(lo, hi))
        }
        Kind::Bool => DataValidation::new().allow_list_strings(&["是", "否"]).ok()?,
        Kind::Choice(options) => {
            let shown: Vec<&str> = options.iter().map(|o| o.1).collect();
            DataValidation::new().allow_list_strings(&shown).ok()?
        }
        Kind::Text | Kind::LongText | Kind::Names => return None,
    };
    v.set_error_title("输入有误")
        .ok()?
        .set_error_message(match kind {
            Kind::Count => "请填写不小于 0 的整数。",
            Kind::Rate => "请填写百分比,如 93.61%。",
            Kind::Date => "请填写日期,如 2025-03-31。",
            Kind::Bool => "请选择“是”或“否”。",
            Kind::Choice(_) => "请从列表中选择。",
            _ => "请填写数字。",
        })
        .ok()
}

fn with_help(v: Option<DataValidation>, help: &str) -> Option<DataValidation> {
    if help.is_empty() {
        return v;
    }
    let v = v.unwrap_or_else(|| DataValidation::new().allow_any_value());
    v.set_input_message(help).ok()
}

/// The cached result written with a formula.
fn result_text(figure: &DerivedFigure, value: Option<Decimal>) -> String {
    match value {
        // The writer stores an empty result as 0; a blank string shows as the empty cell the
        // formula's `""` gives (and reads back as empty).
        None => " ".to_string(),
        Some(v) => formula::stored(figure, v).round_dp(12).normalize().to_string(),
    }
}

/// One worksheet being written, with the column widths and row heights its text needs.
struct SheetWriter<'a> {
    ws: &'a mut Worksheet,
    widths: Vec<f64>,
    /// Wrapped text (row, column, text), to size its row once the widths are known.
    wraps: Vec<(u32, u16, String)>,
    /// Fields longer than a cell holds, as `“label”(path,n 个字符)`.
    too_long: &'a mut Vec<String>,
}

/// A column width (characters) that shows a label of Chinese characters whole.
fn label_width(label: &str) -> f64 {
    f64::from(cells_wide(label) + 2)
}

/// Excel's limit on the text of one cell, in UTF-16 units.
const CELL_TEXT_MAX: usize = 32_767;

/// The field a value is written for: its label and record path (for messages).
#[derive(Clone, Copy)]
struct For<'p> {
    label: &'p str,
    path: &'p str,
}

impl SheetWriter<'_> {
    fn width(&mut self, col: u16, w: f64) {
        let i = usize::from(col);
        if self.widths.len() <= i {
            self.widths.resize(i + 1, 8.0);
        }
        self.widths[i] = self.widths[i].max(w);
    }

    fn text(&mut self, row: u32, col: u16, s: &str, f: &Format) -> WriteResult<()> {
        self.ws.write_string_with_format(row, col, s, f).map_err(x)?;
        Ok(())
    }

    /// A field's text, unless it is longer than a cell holds (then noted, and nothing written).
    fn field_text(&mut self, row: u32, col: u16, s: &str, f: &Format, at: For<'_>) -> WriteResult<()> {
        let n = s.encode_utf16().count();
        if n > CELL_TEXT_MAX {
            let name = jixiao_core::schema::strip_unit(at.label, "");
            self.too_long.push(format!("“{name}”({},{n} 个字符)", at.path));
            return Ok(());
        }
        self.text(row, col, s, f)
    }

    /// Writes a value (JSON, as the record holds it) as a cell of kind `ty`.
    fn value(&mut self, row: u32, col: u16, kind: Kind, v: Option<&Value>, look: Look, at: For<'_>) -> WriteResult<()> {
        let mut f = base(look);
        if matches!(kind, Kind::LongText | Kind::Names) {
            f = f.set_text_wrap().set_align(FormatAlign::Top);
        }
        let Some(v) = v else {
            if let Some(code) = empty_format(kind) {
                f = f.set_num_format(code);
            }
            self.ws.write_blank(row, col, &f).map_err(x)?;
            return Ok(());
        };
        match (kind, v) {
            (Kind::Count, Value::Number(n)) => {
                self.ws
                    .write_number_with_format(row, col, n.as_f64().unwrap_or(0.0), &f.set_num_format("0"))
                    .map_err(x)?;
            }
            (Kind::Money | Kind::MoneyYuan | Kind::Number | Kind::SetValue, Value::String(s)) => {
                let (n, unit) = split_unit(s.trim());
                let want = default_unit(kind);
                match to_f64(n) {
                    // A unit other than the column's is kept by writing the figure as text.
                    Some(num) if unit.is_empty() || unit == want || matches!(kind, Kind::Number | Kind::SetValue) => {
                        let code = format_code(scale_of(n), true, false);
                        self.ws.write_number_with_format(row, col, num, &f.set_num_format(code)).map_err(x)?;
                    }
                    _ => self.field_text(row, col, s, &f, at)?,
                }
            }
            (Kind::Rate, Value::String(s)) => {
                let n = s.trim().trim_end_matches('%');
                match n.parse::<Decimal>() {
                    Ok(d) => {
                        let frac = (d / Decimal::ONE_HUNDRED).to_string();
                        let code = format_code(scale_of(n), false, true);
                        self.ws
                            .write_number_with_format(row, col, to_f64(&frac).unwrap_or(0.0), &f.set_num_format(code))
                            .map_err(x)?;
                    }
                    Err(_) => self.field_text(row, col, s, &f, at)?,
                }
            }
            (Kind::Date, Value::String(s)) => match serial_of_date(s) {
                Some(serial) => {
                    self.ws.write_number_with_format(row, col, serial, &f.set_num_format("yyyy-mm-dd")).map_err(x)?;
                }
                None => self.field_text(row, col, s, &f, at)?,
            },
            (Kind::Bool, Value::Bool(b)) => self.text(row, col, if *b { "是" } else { "否" }, &f)?,
            (Kind::Choice(options), Value::String(s)) => {
                let shown = options.iter().find(|o| o.0 == s).map_or(s.as_str(), |o| o.1);
                self.field_text(row, col, shown, &f, at)?;
            }
            (Kind::Names, Value::Array(items)) => {
                let names: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                self.field_text(row, col, &names.join("、"), &f, at)?;
            }
            (_, Value::String(s)) => self.field_text(row, col, s, &f, at)?,
            (_, other) => self.field_text(row, col, &other.to_string(), &f, at)?,
        }
        Ok(())
    }

    /// Notes wrapped text in a cell, to size its row.
    fn wrapped(&mut self, row: u32, col: u16, text: &str) {
        self.wraps.push((row, col, text.to_string()));
    }

    /// A formula cell; `scale` gives the decimals it shows (a stated figure's), else the kind's.
    #[allow(clippy::too_many_arguments)]
    fn formula(
        &mut self,
        row: u32,
        col: u16,
        figure: &DerivedFigure,
        kind: Kind,
        text: String,
        result: Option<Decimal>,
        scale: Option<u32>,
    ) -> WriteResult<()> {
        let code = match kind {
            _ if figure.formula.is_rate() => format_code(scale.unwrap_or(2), false, true),
            Kind::Count => "0".to_string(),
            Kind::Number | Kind::SetValue => "General".to_string(),
            _ => format_code(scale.unwrap_or(2), true, false),
        };
        let formula = Formula::new(text).set_result(result_text(figure, result));
        self.ws.write_formula_with_format(row, col, formula, &base(Look::Formula).set_num_format(code)).map_err(x)?;
        Ok(())
    }

    fn note(&mut self, row: u32, col: u16, text: String) -> WriteResult<()> {
        let note = Note::new(text).add_author_prefix(false).set_width(300).set_height(90);
        self.ws.insert_note(row, col, &note).map_err(x)?;
        Ok(())
    }

    /// A derived cell standing for the stated field at `path`: its formula, or the stated figure
    /// where it differs from what the formula shows (yellow, with a note saying both).
    #[allow(clippy::too_many_arguments)]
    fn derived(
        &mut self,
        row: u32,
        col: u16,
        fld: &Field,
        figure: &'static DerivedFigure,
        text: String,
        path: Option<&str>,
        stated: Option<&Value>,
        view: &RecordView,
    ) -> WriteResult<()> {
        let result = path.and_then(|p| formula::result(view, figure, p));
        let at = For { label: fld.label, path: path.unwrap_or("") };
        let (Some(v), Some(path)) = (stated, path) else {
            return self.formula(row, col, figure, fld.kind, text, result, None);
        };
        let written = view.written(path);
        match (&written, agrees(written.as_ref(), fld.kind, result)) {
            (Some(w), Some(scale)) => {
                self.formula(row, col, figure, fld.kind, text, result, Some(scale))?;
                self.note(
                    row,
                    col,
                    format!(
                        "报告所称 {},与按本表数字计算的结果一致,故写为公式;修改本表的数字后随之更新。",
                        w.display()
                    ),
                )
            }
            _ => {
                self.value(row, col, fld.kind, Some(v), Look::Stated, at)?;
                let stated_text =
                    written.as_ref().map_or_else(|| v.to_string(), jixiao_core::schema::view::Written::display);
                let computed = match (result, &written) {
                    (Some(r), Some(w)) => {
                        let dp = w.value.scale().max(if figure.formula.is_rate() { 2 } else { 0 });
                        let unit = if w.unit == "万元" { "万元" } else { w.unit };
                        format!("按本表数字计算为 {}{unit}", jixiao_core::num::format_fixed(r, dp))
                    }
                    _ => "本表缺少计算它所需的数字".to_string(),
                };
                self.note(row, col, format!("报告所称 {stated_text},{computed}。检查时比较两者,不一致的给出错误。"))
            }
        }
    }

    fn validate(&mut self, r0: u32, c0: u16, r1: u32, c1: u16, v: Option<DataValidation>) -> WriteResult<()> {
        if let Some(v) = v {
            self.ws.add_data_validation(r0, c0, r1, c1, &v).map_err(x)?;
        }
        Ok(())
    }
}

/// The decimals a formula shows when it shows the stated figure `written` exactly (rounded
/// half away from zero to its decimals, in the kind's usual unit); `None` when it does not.
fn agrees(written: Option<&jixiao_core::schema::view::Written>, kind: Kind, result: Option<Decimal>) -> Option<u32> {
    let (w, result) = (written?, result?);
    let unit_ok = match kind {
        Kind::Money => w.unit == "万元",
        Kind::MoneyYuan => w.unit == "元",
        _ => true,
    };
    let scale = w.value.scale();
    let shown = result.round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    (unit_ok && shown == w.value).then_some(scale)
}

/// Writes a form block from `row`; returns the next free row.
fn write_form(
    w: &mut SheetWriter<'_>,
    row: u32,
    title: &str,
    columns: &[(&str, &str)],
    fields: &[Field],
    data: Option<&Value>,
    view: &RecordView,
) -> WriteResult<u32> {
    w.text(row, 0, title, &title_format())?;
    let n = columns.len() as u16;
    let hdr = header_format();
    w.text(row + 1, 0, "项目", &hdr)?;
    for (i, (_, h)) in columns.iter().enumerate() {
        w.text(row + 1, 1 + i as u16, h, &hdr)?;
        w.width(1 + i as u16, 16.0);
    }
    w.text(row + 1, n + 1, "单位", &hdr)?;
    w.text(row + 1, n + 2, "填写说明", &hdr)?;
    w.width(n + 2, 34.0);
    let first = row + 2;
    let row_of = |key: &str| fields.iter().position(|f| f.key == key).map(|i| first + i as u32);
    for (i, fld) in fields.iter().enumerate() {
        let r = first + i as u32;
        w.text(r, 0, fld.label, &label_format())?;
        w.width(0, label_width(fld.label));
        for (c, (base_path, _)) in columns.iter().enumerate() {
            let col = 1 + c as u16;
            let path = join(base_path, fld.key);
            let v = data.and_then(|d| get(d, &path));
            let place = Place::Form { base: base_path, fields };
            let figure = if fld.computed { formula_for(&place, &path, false) } else { None };
            match figure {
                Some(figure) => {
                    let refs = figure
                        .inputs
                        .iter()
                        .map(|i| match resolve_input(&place, i, false) {
                            Some(Local::Here(k)) => {
                                row_of(&k).map(|r| Ref::Cell(format!("{}{}", col_name(u32::from(col)), r + 1)))
                            }
                            _ => None,
                        })
                        .collect::<Option<Vec<Ref>>>();
                    let text = refs.and_then(|r| formula::text(figure.formula, &r)).unwrap_or_default();
                    w.derived(r, col, fld, figure, text, Some(&path), v, view)?;
                }
                None => {
                    w.value(r, col, fld.kind, v, Look::Input, For { label: fld.label, path: &path })?;
                    w.validate(r, col, r, col, with_help(validation(fld.kind), fld.help))?;
                }
            }
            if matches!(fld.kind, Kind::LongText | Kind::Names) {
                w.width(col, 40.0);
                if let Some(Value::String(t)) = v {
                    w.wrapped(r, col, t);
                }
            }
        }
        // The unit column: the unit written in the record, or the kind's; none for a rate,
        // whose cell shows its % already.
        let unit = columns
            .first()
            .and_then(|(b, _)| data.and_then(|d| get(d, &join(b, fld.key))))
            .and_then(Value::as_str)
            .map(|s| split_unit(s.trim()).1)
            .filter(|u| !u.is_empty() && matches!(fld.kind, Kind::Money | Kind::MoneyYuan))
            .unwrap_or_else(|| if fld.kind == Kind::Rate { "" } else { default_unit(fld.kind) });
        let unit = if unit.is_empty() && !matches!(fld.kind, Kind::Rate) { fld.unit } else { unit };
        let unit_fmt =
            if matches!(fld.kind, Kind::Money | Kind::MoneyYuan) { base(Look::Input) } else { label_format() };
        w.text(r, n + 1, unit, &unit_fmt)?;
        if matches!(fld.kind, Kind::Money | Kind::MoneyYuan) {
            let v = DataValidation::new().allow_list_strings(&["万元", "元", "亿元"]).map_err(x)?;
            w.validate(r, n + 1, r, n + 1, Some(v))?;
        }
        w.text(r, n + 2, fld.help, &note_format().set_text_wrap())?;
        w.wrapped(r, n + 2, fld.help);
    }
    Ok(first + fields.len() as u32 + 1)
}

/// The JSON items of a table block, as rows: (item index, item, child index) — a parent item
/// spans one row per child.
fn table_rows<'v>(
    items: &'v [Value],
    child: Option<(&str, &[Field])>,
) -> Vec<(Option<usize>, &'v Value, Option<usize>)> {
    let mut rows = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let n = child.and_then(|(k, _)| item.get(k)).and_then(Value::as_array).map_or(0, Vec::len);
        rows.push((Some(index), item, if n > 0 { Some(0) } else { None }));
        for i in 1..n {
            rows.push((Some(index), item, Some(i)));
        }
    }
    rows
}

/// A table block being written: where its rows and columns are.
struct TableCells<'a> {
    place: Place<'a>,
    columns: &'a [Field],
    /// The sheet column of each of `columns`.
    cols: Vec<u16>,
    first: u32,
    last: u32,
    total_row: u32,
}

impl TableCells<'_> {
    fn col(&self, key: &str) -> Option<String> {
        self.columns.iter().position(|c| c.key == key).map(|i| col_name(u32::from(self.cols[i])))
    }

    /// The references of a formula in row `row` (the 合计 row when `total`).
    fn refs(&self, figure: &DerivedFigure, row: u32, total: bool) -> Option<Vec<Ref>> {
        figure
            .inputs
            .iter()
            .map(|i| {
                Some(match resolve_input(&self.place, i, total)? {
                    Local::Here(k) => Ref::Cell(format!("{}{}", self.col(&k)?, row + 1)),
                    Local::Column(k) => {
                        let c = self.col(&k)?;
                        Ref::Range(format!("{c}{}:{c}{}", self.first + 1, self.last + 1))
                    }
                    Local::Total(k) if total => Ref::Cell(format!("{}{}", self.col(&k)?, self.total_row + 1)),
                    Local::Total(k) => Ref::Cell(format!("${}${}", self.col(&k)?, self.total_row + 1)),
                })
            })
            .collect()
    }
}

/// A column a table shows beside its fields, not read back: the 分值 of each indicator of the
/// system (after the column `after`), by indicator code.
struct Extra<'a> {
    after: &'a str,
    label: &'a str,
    by_code: std::collections::HashMap<String, Decimal>,
}

/// A table block to write.
struct TableSpec<'a> {
    title: &'a str,
    path: &'a str,
    columns: &'a [Field],
    child: Option<(&'a str, &'a [Field])>,
    total: Option<&'a Total>,
    spare: u32,
    prefill: &'a [(String, String)],
    extra: Option<&'a Extra<'a>>,
}

/// Writes a table block from `row`; returns the next free row and the header row.
fn write_table(
    w: &mut SheetWriter<'_>,
    row: u32,
    t: &TableSpec<'_>,
    data: Option<&Value>,
    view: &RecordView,
) -> WriteResult<(u32, u32)> {
    let TableSpec { title, path, columns, child, total, spare, prefill, extra } = *t;
    w.text(row, 0, title, &title_format())?;
    let hdr = header_format();
    // Sheet columns: the fields, with the extra column after its field, then the child fields.
    let mut cols: Vec<u16> = Vec::with_capacity(columns.len());
    let mut extra_col = None;
    let mut next = 0u16;
    for fld in columns {
        cols.push(next);
        next += 1;
        if extra.is_some_and(|e| e.after == fld.key) {
            extra_col = Some(next);
            next += 1;
        }
    }
    let child_first = next;
    let all: Vec<(&Field, u16)> = columns
        .iter()
        .zip(cols.iter().copied())
        .chain(child.iter().flat_map(|(_, c)| c.iter()).zip(child_first..))
        .collect();
    for (fld, col) in &all {
        w.text(row + 1, *col, fld.label, &hdr)?;
        w.width(*col, f64::from(fld.width).max(label_width(fld.label)));
        w.wrapped(row + 1, *col, fld.label);
    }
    if let (Some(e), Some(col)) = (extra, extra_col) {
        w.text(row + 1, col, e.label, &hdr)?;
        w.width(col, label_width(e.label).max(8.0));
    }
    let items: Vec<Value> = data.and_then(|d| get(d, path)).and_then(Value::as_array).cloned().unwrap_or_default();
    let mut rows = table_rows(&items, child);
    let blank = Value::Null;
    let wanted = (rows.len() as u32).max(spare).max(prefill.len() as u32);
    while (rows.len() as u32) < wanted {
        rows.push((None, &blank, None));
    }
    let first = row + 2;
    let last = first + rows.len().max(1) as u32 - 1;
    let cells =
        TableCells { place: Place::Row { path, columns, total }, columns, cols, first, last, total_row: last + 1 };
    for (i, (index, item, child_index)) in rows.iter().enumerate() {
        let r = first + i as u32;
        let parent_row = child_index.is_none_or(|c| c == 0);
        let prefilled = prefill.get(i);
        for (c, fld) in columns.iter().enumerate() {
            let col = cells.cols[c];
            let v = if fld.key.is_empty() { Some(*item).filter(|v| !v.is_null()) } else { get(item, fld.key) };
            let v = v.filter(|_| parent_row);
            let pre = prefilled.and_then(|(code, name)| match fld.key {
                "code" => Some(Value::String(code.clone())),
                "name" => Some(Value::String(name.clone())),
                _ => None,
            });
            let item_path = index.filter(|_| parent_row).map(|ix| {
                if fld.key.is_empty() { format!("{path}[{ix}]") } else { format!("{path}[{ix}].{}", fld.key) }
            });
            let pattern = format!("{path}[].{}", fld.key);
            let figure = if fld.computed { formula_for(&cells.place, &pattern, false) } else { None };
            match figure {
                Some(figure) => {
                    let text = cells.refs(figure, r, false).and_then(|refs| formula::text(figure.formula, &refs));
                    w.derived(r, col, fld, figure, text.unwrap_or_default(), item_path.as_deref(), v, view)?;
                }
                None => {
                    let at = For { label: fld.label, path: item_path.as_deref().unwrap_or(path) };
                    w.value(r, col, fld.kind, v.or(pre.as_ref()), Look::Input, at)?;
                }
            }
            if fld.kind == Kind::LongText
                && let Some(Value::String(t)) = v
            {
                w.wrapped(r, col, t);
            }
        }
        if let (Some(e), Some(col)) = (extra, extra_col) {
            let code = item.get("code").and_then(Value::as_str).or(prefilled.map(|p| p.0.as_str()));
            match code.and_then(|c| e.by_code.get(c)) {
                Some(points) if parent_row => {
                    let f = base(Look::Formula).set_num_format("General");
                    w.ws.write_number_with_format(r, col, to_f64(&points.to_string()).unwrap_or(0.0), &f).map_err(x)?;
                }
                _ => {
                    w.ws.write_blank(r, col, &base(Look::Formula)).map_err(x)?;
                }
            }
        }
        if let Some((key, fields)) = child {
            let part = child_index.and_then(|ci| item.get(key).and_then(|p| p.get(ci)));
            for (k, fld) in fields.iter().enumerate() {
                let col = child_first + k as u16;
                let part_path = match (index, child_index) {
                    (Some(ix), Some(ci)) => format!("{path}[{ix}].{key}[{ci}].{}", fld.key),
                    _ => path.to_string(),
                };
                let at = For { label: fld.label, path: &part_path };
                w.value(r, col, fld.kind, part.and_then(|p| get(p, fld.key)), Look::Input, at)?;
            }
        }
    }
    // Validation over each input column.
    for (fld, col) in &all {
        if !fld.computed {
            let col = *col;
            let v = if path == "budget_table.rows" && fld.key == "code" {
                let codes: Vec<&str> = jixiao_core::classes::FUNCTION_CLASSES.iter().map(|c| c.code).collect();
                Some(
                    DataValidation::new()
                        .allow_list_strings(&codes)
                        .map_err(x)?
                        .set_error_style(DataValidationErrorStyle::Warning),
                )
            } else if path == "targets" && fld.key == "unit" {
                let units = ["人", "人次", "%", "件", "宗", "次", "个", "项", "场", "户", "小时", "万元", "元", "天"];
                Some(
                    DataValidation::new()
                        .allow_list_strings(&units)
                        .map_err(x)?
                        .set_error_style(DataValidationErrorStyle::Information),
                )
            } else {
                validation(fld.kind)
            };
            w.validate(first, col, last, col, with_help(v, fld.help))?;
        }
    }
    let Some(t) = total else { return Ok((last + 2, row + 1)) };
    let total_row = cells.total_row;
    // The total row: its label in the first text column that is not a code.
    let label_col = columns.iter().position(|c| c.key == "name").map_or(0, |i| cells.cols[i]);
    for c in &cells.cols {
        w.ws.write_blank(total_row, *c, &label_format().set_bold()).map_err(x)?;
    }
    w.text(total_row, label_col, t.label, &label_format().set_bold())?;
    for (key, path_of) in t.cells {
        let Some(c) = columns.iter().position(|f| f.key == *key) else { continue };
        let col = cells.cols[c];
        let fld = &columns[c];
        let stated = data.and_then(|d| get(d, path_of));
        match formula_for(&cells.place, path_of, true) {
            Some(figure) => {
                let text = cells.refs(figure, total_row, true).and_then(|refs| formula::text(figure.formula, &refs));
                let total_fld = Field { computed: true, ..*fld };
                w.derived(total_row, col, &total_fld, figure, text.unwrap_or_default(), Some(path_of), stated, view)?;
            }
            None => w.value(total_row, col, fld.kind, stated, Look::Input, For { label: fld.label, path: path_of })?,
        }
    }
    Ok((total_row + 2, row + 1))
}

/// The indicators of a system a self-score row can name: (code, name).
fn indicator_rows(system: Option<&IndicatorSystem>) -> Vec<(String, String)> {
    system.map_or_else(Vec::new, |s| {
        s.indicators.iter().filter(|i| !i.adjustment).map(|i| (i.code.clone(), i.name.clone())).collect()
    })
}

/// The 分值 of each indicator of a system that gives points, by code.
fn points_of(system: Option<&IndicatorSystem>) -> Option<Extra<'static>> {
    let s = system?;
    let by_code: std::collections::HashMap<String, Decimal> =
        s.indicators.iter().filter_map(|i| Some((i.code.clone(), i.max_points?.0))).collect();
    (!by_code.is_empty()).then_some(Extra { after: "name", label: "分值", by_code })
}

fn write_sheet(
    w: &mut SheetWriter<'_>,
    sheet: &Section,
    data: Option<&Value>,
    system: Option<&IndicatorSystem>,
    view: &RecordView,
) -> WriteResult<()> {
    w.text(0, 0, &format!("{}{}", sheet.name, print::unit_line(sheet)), &Format::new().set_bold().set_font_size(14))?;
    let mut row = 2;
    let mut freeze: Option<u32> = None;
    // The header of the sheet's longest table, repeated on every printed page.
    let mut repeat: Option<(u32, u32)> = None;
    let points = points_of(system);
    for (i, block) in sheet.blocks.iter().enumerate() {
        match block {
            Block::Form { title, columns, fields } => row = write_form(w, row, title, columns, fields, data, view)?,
            Block::Table { title, path, columns, child, total, rows } => {
                if i == 0 {
                    freeze = Some(row + 2);
                }
                let prefill = if *path == "scoring.scores" && data.and_then(|d| get(d, path)).is_none() {
                    indicator_rows(system)
                } else {
                    Vec::new()
                };
                let extra = if *path == "scoring.scores" { points.as_ref() } else { None };
                let spec = TableSpec {
                    title,
                    path,
                    columns,
                    child: *child,
                    total: total.as_ref(),
                    spare: *rows,
                    prefill: &prefill,
                    extra,
                };
                let start = row;
                let (next, header) = write_table(w, row, &spec, data, view)?;
                row = next;
                if repeat.is_none_or(|(n, _)| next - start > n) {
                    repeat = Some((next - start, header));
                }
            }
        }
    }
    w.ws.set_freeze_panes(freeze.unwrap_or(1), 0).map_err(x)?;
    w.ws.set_footer("&C第 &P 页,共 &N 页");
    if let Some((_, header)) = repeat {
        w.ws.set_repeat_rows(header, header).map_err(x)?;
    }
    print::layout(w.ws, std::mem::take(&mut w.widths), std::mem::take(&mut w.wraps))?;
    let options = ProtectionOptions {
        insert_rows: true,
        delete_rows: true,
        format_cells: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    w.ws.protect_with_options(&options);
    Ok(())
}

/// Writes the workbook: the template (`data` = `None`) or a record in its JSON form. Nothing
/// is returned half-done: a field too long for a cell fails the whole workbook, naming it.
pub fn write(data: Option<&Value>, system: Option<&IndicatorSystem>) -> WriteResult<Vec<u8>> {
    write_for(&jixiao_core::schema::DEPT, data, system)
}

/// Writes the workbook of `schema` (the department's, or a project's): the template
/// (`data` = `None`) or a record in its JSON form, as [`write`] does.
pub fn write_for(
    schema: &'static Schema,
    data: Option<&Value>,
    system: Option<&IndicatorSystem>,
) -> WriteResult<Vec<u8>> {
    let mut wb = Workbook::new();
    write_instructions(wb.add_worksheet(), schema, system)?;
    // The record's figures, read once for every formula's cached result.
    let view = RecordView::of_value(schema, data.cloned().unwrap_or(Value::Null));
    let mut too_long = Vec::new();
    for sheet in schema.sections {
        let ws = wb.add_worksheet();
        ws.set_name(sheet.name).map_err(x)?;
        let mut w = SheetWriter { ws, widths: Vec::new(), wraps: Vec::new(), too_long: &mut too_long };
        write_sheet(&mut w, sheet, data, system, &view)?;
    }
    if !too_long.is_empty() {
        return Err(ExcelError::TooLong(too_long));
    }
    wb.save_to_buffer().map_err(x)
}

/// The template's JSON seed: the system id, so the filer need not type it.
pub fn template_data(system: Option<&IndicatorSystem>) -> Option<Value> {
    system.map(|s| serde_json::json!({ "indicator_system": s.system.id }))
}

/// A project template's JSON seed: the system id, the 年度资金总额 row with its 10 points,
/// and the funding sources as the form has them (财政拨款, 其他资金).
pub fn project_template_data(system: Option<&IndicatorSystem>) -> Value {
    let mut v = serde_json::json!({
        "funds": {
            "total": { "label": "年度资金总额", "max_points": "10" },
            "parts": [ { "label": "财政拨款" }, { "label": "其他资金" } ],
        }
    });
    if let (Some(s), Some(o)) = (system, v.as_object_mut()) {
        o.insert("indicator_system".into(), Value::String(s.system.id.clone()));
    }
    v
}

/// Direction as shown, for tests.
pub fn direction_shown(v: &str) -> Option<&'static str> {
    DIRECTIONS.iter().find(|d| d.0 == v).map(|d| d.1)
}
