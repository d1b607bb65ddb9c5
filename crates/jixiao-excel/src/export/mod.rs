//! Writing the workbook: the empty template, or a record filled in.
//!
//! Input cells are unlocked, with data validation (numbers, dates, lists); derived figures
//! are live formulas, locked and shaded, each stored with the result jixiao computed (so
//! LibreOffice and readers that do not recalculate see it). A figure the record states for
//! a derived cell (a report's own total, rate or difference) is written as a typed number in
//! its place, shaded yellow: the checks compare it with the recomputation.

use jixiao_core::Decimal;
use jixiao_core::system::IndicatorSystem;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet,
};
use serde_json::Value;

use crate::ExcelError;
use crate::cells::{col_name, format_code, serial_of_date};
use crate::eval::get;
use crate::formula::{self, Ref};
use crate::layout::{
    Block, DIRECTIONS, Field, Kind, Local, Place, SHEETS, Section, Total, formula_for, join, resolve_input,
};
use jixiao_core::schema::DerivedFigure;
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
    /// Lines of wrapped text per row, to size the row.
    lines: std::collections::HashMap<u32, u32>,
}

/// A column width (characters) that shows a label of Chinese characters whole.
fn label_width(label: &str) -> f64 {
    f64::from(cells_wide(label) + 2)
}

/// Display width of text in character cells (a Chinese character takes two).
fn cells_wide(s: &str) -> u32 {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
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

    /// Writes a value (JSON, as the record holds it) as a cell of kind `ty`.
    fn value(&mut self, row: u32, col: u16, kind: Kind, v: Option<&Value>, look: Look) -> WriteResult<()> {
        let mut f = base(look);
        if matches!(kind, Kind::LongText) {
            f = f.set_text_wrap();
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
                    _ => self.text(row, col, s, &f)?,
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
                    Err(_) => self.text(row, col, s, &f)?,
                }
            }
            (Kind::Date, Value::String(s)) => match serial_of_date(s) {
                Some(serial) => {
                    self.ws.write_number_with_format(row, col, serial, &f.set_num_format("yyyy-mm-dd")).map_err(x)?;
                }
                None => self.text(row, col, s, &f)?,
            },
            (Kind::Bool, Value::Bool(b)) => self.text(row, col, if *b { "是" } else { "否" }, &f)?,
            (Kind::Choice(options), Value::String(s)) => {
                let shown = options.iter().find(|o| o.0 == s).map_or(s.as_str(), |o| o.1);
                self.text(row, col, shown, &f)?;
            }
            (Kind::Names, Value::Array(items)) => {
                let names: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                self.text(row, col, &names.join("、"), &f)?;
            }
            (_, Value::String(s)) => self.text(row, col, s, &f)?,
            (_, other) => self.text(row, col, &other.to_string(), &f)?,
        }
        Ok(())
    }

    /// Notes that wrapped text in a column `width` characters wide needs its lines.
    fn wrapped(&mut self, row: u32, text: &str, width: u16) {
        let per_line = u32::from(width.max(8));
        let lines: u32 = text.split('\n').map(|l| cells_wide(l).div_ceil(per_line).max(1)).sum();
        let e = self.lines.entry(row).or_insert(1);
        *e = (*e).max(lines.min(12));
    }

    fn formula(
        &mut self,
        row: u32,
        col: u16,
        figure: &DerivedFigure,
        kind: Kind,
        text: String,
        result: Option<Decimal>,
    ) -> WriteResult<()> {
        let code = match kind {
            _ if figure.formula.is_rate() => format_code(2, false, true),
            Kind::Count => "0".to_string(),
            Kind::Number | Kind::SetValue => "General".to_string(),
            _ => format_code(2, true, false),
        };
        let formula = Formula::new(text).set_result(result_text(figure, result));
        self.ws.write_formula_with_format(row, col, formula, &base(Look::Formula).set_num_format(code)).map_err(x)?;
        Ok(())
    }

    fn validate(&mut self, r0: u32, c0: u16, r1: u32, c1: u16, v: Option<DataValidation>) -> WriteResult<()> {
        if let Some(v) = v {
            self.ws.add_data_validation(r0, c0, r1, c1, &v).map_err(x)?;
        }
        Ok(())
    }
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
    w.width(n + 2, 36.0);
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
                Some(figure) if v.is_none() => {
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
                    w.formula(r, col, figure, fld.kind, text, formula::result(view, figure, &path))?;
                }
                Some(_) => w.value(r, col, fld.kind, v, Look::Stated)?,
                None => {
                    w.value(r, col, fld.kind, v, Look::Input)?;
                    w.validate(r, col, r, col, with_help(validation(fld.kind), fld.help))?;
                }
            }
            if matches!(fld.kind, Kind::LongText | Kind::Names) {
                w.width(col, 40.0);
                if let Some(Value::String(t)) = v {
                    w.wrapped(r, t, 40);
                }
            }
        }
        // The unit column: the unit written in the record, or the kind's.
        let unit = columns
            .first()
            .and_then(|(b, _)| data.and_then(|d| get(d, &join(b, fld.key))))
            .and_then(Value::as_str)
            .map(|s| split_unit(s.trim()).1)
            .filter(|u| !u.is_empty() && matches!(fld.kind, Kind::Money | Kind::MoneyYuan))
            .unwrap_or_else(|| default_unit(fld.kind));
        let unit_fmt =
            if matches!(fld.kind, Kind::Money | Kind::MoneyYuan) { base(Look::Input) } else { label_format() };
        w.text(r, n + 1, unit, &unit_fmt)?;
        if matches!(fld.kind, Kind::Money | Kind::MoneyYuan) {
            let v = DataValidation::new().allow_list_strings(&["万元", "元", "亿元"]).map_err(x)?;
            w.validate(r, n + 1, r, n + 1, Some(v))?;
        }
        w.text(r, n + 2, fld.help, &note_format())?;
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

/// A table block being written: where its rows are.
struct TableCells<'a> {
    place: Place<'a>,
    columns: &'a [Field],
    first: u32,
    last: u32,
    total_row: u32,
}

impl TableCells<'_> {
    fn col(&self, key: &str) -> Option<String> {
        self.columns.iter().position(|c| c.key == key).map(|i| col_name(i as u32))
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

#[allow(clippy::too_many_arguments)]
fn write_table(
    w: &mut SheetWriter<'_>,
    row: u32,
    title: &str,
    path: &str,
    columns: &[Field],
    child: Option<(&str, &[Field])>,
    total: Option<&Total>,
    spare: u32,
    data: Option<&Value>,
    prefill: &[(String, String)],
    view: &RecordView,
) -> WriteResult<u32> {
    w.text(row, 0, title, &title_format())?;
    let hdr = header_format();
    let all: Vec<&Field> = columns.iter().chain(child.iter().flat_map(|(_, c)| c.iter())).collect();
    for (i, fld) in all.iter().enumerate() {
        w.text(row + 1, i as u16, fld.label, &hdr)?;
        w.width(i as u16, f64::from(fld.width).max(label_width(fld.label)));
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
    let cells = TableCells { place: Place::Row { path, columns, total }, columns, first, last, total_row: last + 1 };
    for (i, (index, item, child_index)) in rows.iter().enumerate() {
        let r = first + i as u32;
        let parent_row = child_index.is_none_or(|c| c == 0);
        let prefilled = prefill.get(i);
        for (c, fld) in columns.iter().enumerate() {
            let col = c as u16;
            let v = if fld.key.is_empty() { Some(*item).filter(|v| !v.is_null()) } else { get(item, fld.key) };
            let v = v.filter(|_| parent_row);
            let pre = prefilled.and_then(|(code, name)| match fld.key {
                "code" => Some(Value::String(code.clone())),
                "name" => Some(Value::String(name.clone())),
                _ => None,
            });
            let pattern = format!("{path}[].{}", fld.key);
            let figure = if fld.computed { formula_for(&cells.place, &pattern, false) } else { None };
            match figure {
                Some(figure) if v.is_none() => {
                    let text = cells.refs(figure, r, false).and_then(|refs| formula::text(figure.formula, &refs));
                    let value = index
                        .filter(|_| parent_row)
                        .and_then(|ix| formula::result(view, figure, &format!("{path}[{ix}].{}", fld.key)));
                    w.formula(r, col, figure, fld.kind, text.unwrap_or_default(), value)?;
                }
                Some(_) => w.value(r, col, fld.kind, v, Look::Stated)?,
                None => w.value(r, col, fld.kind, v.or(pre.as_ref()), Look::Input)?,
            }
            if fld.kind == Kind::LongText
                && let Some(Value::String(t)) = v
            {
                w.wrapped(r, t, fld.width);
            }
        }
        if let Some((key, fields)) = child {
            let part = child_index.and_then(|ci| item.get(key).and_then(|p| p.get(ci)));
            for (k, fld) in fields.iter().enumerate() {
                let col = (columns.len() + k) as u16;
                w.value(r, col, fld.kind, part.and_then(|p| get(p, fld.key)), Look::Input)?;
            }
        }
    }
    // Validation over each input column.
    for (i, fld) in all.iter().enumerate() {
        if !fld.computed {
            let col = i as u16;
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
    let Some(t) = total else { return Ok(last + 2) };
    let total_row = cells.total_row;
    // The total row: its label in the first text column that is not a code.
    let label_col = columns.iter().position(|c| c.key == "name").unwrap_or(0) as u16;
    for c in 0..columns.len() as u16 {
        w.ws.write_blank(total_row, c, &label_format().set_bold()).map_err(x)?;
    }
    w.text(total_row, label_col, t.label, &label_format().set_bold())?;
    for (key, path_of) in t.cells {
        let Some(c) = columns.iter().position(|f| f.key == *key) else { continue };
        let col = c as u16;
        let kind = columns[c].kind;
        match (data.and_then(|d| get(d, path_of)), formula_for(&cells.place, path_of, true)) {
            (Some(v), _) => w.value(total_row, col, kind, Some(v), Look::Stated)?,
            (None, Some(figure)) => {
                let text = cells.refs(figure, total_row, true).and_then(|refs| formula::text(figure.formula, &refs));
                let value = formula::result(view, figure, path_of);
                w.formula(total_row, col, figure, kind, text.unwrap_or_default(), value)?;
            }
            (None, None) => w.value(total_row, col, kind, None, Look::Input)?,
        }
    }
    Ok(total_row + 2)
}

/// The indicators of a system a self-score row can name: (code, name).
fn indicator_rows(system: Option<&IndicatorSystem>) -> Vec<(String, String)> {
    system.map_or_else(Vec::new, |s| {
        s.indicators.iter().filter(|i| !i.adjustment).map(|i| (i.code.clone(), i.name.clone())).collect()
    })
}

fn write_sheet(
    w: &mut SheetWriter<'_>,
    sheet: &Section,
    data: Option<&Value>,
    system: Option<&IndicatorSystem>,
    view: &RecordView,
) -> WriteResult<()> {
    w.text(0, 0, &format!("{}(金额单位:万元)", sheet.name), &Format::new().set_bold().set_font_size(14))?;
    let mut row = 2;
    let mut freeze: Option<u32> = None;
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
                row = write_table(w, row, title, path, columns, *child, total.as_ref(), *rows, data, &prefill, view)?;
            }
        }
    }
    w.ws.set_freeze_panes(freeze.unwrap_or(1), 0).map_err(x)?;
    // Printed on A4 landscape, each sheet one page wide.
    w.ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0).set_footer("&C第 &P 页,共 &N 页");
    for (row, lines) in std::mem::take(&mut w.lines) {
        if lines > 1 {
            // 15 points a line.
            w.ws.set_row_height(row, f64::from(lines * 15)).map_err(x)?;
        }
    }
    let widths = std::mem::take(&mut w.widths);
    for (c, wd) in widths.iter().enumerate() {
        w.ws.set_column_width(c as u16, wd.min(90.0)).map_err(x)?;
    }
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

/// The 说明 sheet: how to fill the workbook, and a worked example row for each table.
fn write_instructions(ws: &mut Worksheet, system: Option<&IndicatorSystem>) -> WriteResult<()> {
    ws.set_name("说明").map_err(x)?;
    let bold = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    ws.write_string_with_format(0, 0, "部门整体支出绩效自评 填报工作簿(jixiao)", &bold).map_err(x)?;
    let system_line = system.map_or_else(
        || "指标体系:在“基本情况”表的“指标体系”一栏填写内置代码(命令 jixiao systems 可列出)。".to_string(),
        |s| format!("指标体系:{}({}),“指标自评得分”表已列出各项指标。", s.system.name, s.system.id),
    );
    let lines = [
        "1. 每张表由若干带【】标题的部分组成。白色单元格由填报人填写;灰色单元格是公式,自动计算合计、差异和比率,不必也不能修改。".to_string(),
        "2. 金额单位为万元,保留两位小数;比率按百分比填写(如 93.61%);人数、个数填整数;日期写作 2025-03-31。".to_string(),
        "3. 黄色单元格是报告中直接写明的合计、差异或比率(与公式的位置相同):jixiao 检查时会与按明细重新计算的结果比较。".to_string(),
        "4. 表格中的空行可以保留;行不够时可插入行(插入在合计行之上)。名单类栏目用顿号(、)分隔。".to_string(),
        "5. 可以重命名或调整工作表的顺序;jixiao 按各部分的【】标题和列标题找到内容,请不要修改标题文字。".to_string(),
        format!("6. {system_line}"),
        "7. 填好后:jixiao check 本文件.xlsx 检查;jixiao score 本文件.xlsx 评分;jixiao report 本文件.xlsx -o 报告.docx 生成报告。".to_string(),
    ];
    for (i, l) in lines.iter().enumerate() {
        ws.write_string_with_format(2 + i as u32, 0, l, &wrap).map_err(x)?;
    }
    ws.set_column_width(0, 110).map_err(x)?;
    let mut row = 2 + lines.len() as u32 + 1;
    ws.write_string_with_format(row, 0, "填写示例(每张表各一行)", &Format::new().set_bold().set_font_size(12))
        .map_err(x)?;
    row += 1;
    let examples: &[(&str, &str)] = &[
        (
            "收支预决算【预决算差异表】",
            "208 | 社会保障和就业支出 | 3127.20 | 2827.71 | (公式)299.49 | (公式)90.42% | 人员经费支出减少",
        ),
        (
            "绩效目标【绩效目标】",
            "就业 | 城镇新增就业人数 | ≥ | 2200 | 人 |  | 2558 | 否 |  | 四、(一) | (公式)116.27% | ",
        ),
        ("单位与人员【下属单位】", "乐昌市就业服务管理局 | 事业 | 是"),
        ("三公经费与公用经费【公用经费】", "年初预算数 94.50 万元;决算数 70.23 万元;支出率(公式)74.32%"),
        ("其他指标数据【支出率】", "部门预算资金支出率 | 3296.95 | 3104.33 | (公式)94.16% | 剔除上级追加的专项资金"),
        ("指标自评得分【指标自评得分】", "B1.4 | 政府采购执行率 | 2 |  |  |  | 政府采购实际金额未超过计划金额。"),
        ("问题与建议【存在问题】", "预算编制精准性有待改进。 | 专项经费金额较难预测,预算编制数与实际下达数存在差异。"),
    ];
    for (place, example) in examples {
        ws.write_string_with_format(row, 0, format!("{place}:{example}"), &wrap).map_err(x)?;
        row += 1;
    }
    ws.protect();
    Ok(())
}

/// Writes the workbook: the template (`data` = `None`) or a record in its JSON form.
pub fn write(data: Option<&Value>, system: Option<&IndicatorSystem>) -> WriteResult<Vec<u8>> {
    let mut wb = Workbook::new();
    write_instructions(wb.add_worksheet(), system)?;
    // The record's figures, read once for every formula's cached result.
    let view = RecordView::of_value(&jixiao_core::schema::DEPT, data.cloned().unwrap_or(Value::Null));
    for sheet in SHEETS {
        let ws = wb.add_worksheet();
        ws.set_name(sheet.name).map_err(x)?;
        let mut w = SheetWriter { ws, widths: Vec::new(), lines: std::collections::HashMap::new() };
        write_sheet(&mut w, sheet, data, system, &view)?;
    }
    wb.save_to_buffer().map_err(x)
}

/// The template's JSON seed: the system id, so the filer need not type it.
pub fn template_data(system: Option<&IndicatorSystem>) -> Option<Value> {
    system.map(|s| serde_json::json!({ "indicator_system": s.system.id }))
}

/// Direction as shown, for tests.
pub fn direction_shown(v: &str) -> Option<&'static str> {
    DIRECTIONS.iter().find(|d| d.0 == v).map(|d| d.1)
}
