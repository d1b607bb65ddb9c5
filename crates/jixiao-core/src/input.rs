//! Loading a record file: parse, deserialize into the right record type, validate.
//!
//! Validation refuses what cannot be a real record (a year of 3024, an unknown functional
//! class code, a negative headcount, a rate above 1000%), each with the field path and its
//! place in the file. It does not look for inconsistencies between figures: that is the
//! rules' work, and a record full of inconsistencies still loads.

use rust_decimal::Decimal;
use serde_json::Value;

use crate::classes;
use crate::load::{Document, Format, LoadError, deserialize, parse_document};
use crate::project::ProjectRecord;
use crate::record::{DeptRecord, Direction, RecordKind};
use crate::source::{Place, SourceMap};

/// Either kind of record.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// 部门整体支出绩效自评.
    Dept(Box<DeptRecord>),
    /// 项目支出绩效自评.
    Project(Box<ProjectRecord>),
}

impl Record {
    /// The record's kind.
    pub fn kind(&self) -> RecordKind {
        match self {
            Record::Dept(_) => RecordKind::DeptEvaluation,
            Record::Project(_) => RecordKind::ProjectEvaluation,
        }
    }

    /// The indicator system the record names, if any.
    pub fn indicator_system(&self) -> Option<&str> {
        match self {
            Record::Dept(r) => r.indicator_system.as_deref(),
            Record::Project(r) => r.indicator_system.as_deref(),
        }
    }

    /// The department record, if it is one.
    pub fn as_dept(&self) -> Option<&DeptRecord> {
        match self {
            Record::Dept(r) => Some(r),
            Record::Project(_) => None,
        }
    }

    /// Writes the record as TOML (figures as strings, so every decimal is kept as written).
    pub fn to_toml(&self) -> Result<String, String> {
        match self {
            Record::Dept(r) => toml::to_string(r.as_ref()),
            Record::Project(r) => toml::to_string(r.as_ref()),
        }
        .map_err(|e| format!("无法写出 TOML:{e}"))
    }

    /// Writes the record as pretty JSON.
    pub fn to_json(&self) -> Result<String, String> {
        match self {
            Record::Dept(r) => serde_json::to_string_pretty(r.as_ref()),
            Record::Project(r) => serde_json::to_string_pretty(r.as_ref()),
        }
        .map_err(|e| format!("无法写出 JSON:{e}"))
    }
}

/// A record with the places of its fields.
#[derive(Debug, Clone)]
pub struct LoadedRecord {
    /// The record.
    pub record: Record,
    /// Field path → place in the file.
    pub map: SourceMap,
}

/// Reads and validates a record from TOML or JSON text. All problems found are returned.
pub fn load_record(text: &str, format: Format) -> Result<LoadedRecord, Vec<LoadError>> {
    let doc = parse_document(text, format).map_err(|e| vec![e])?;
    record_from_document(doc)
}

/// Reads and validates a record from its JSON value, parsed by the caller: the value is
/// written out as pretty JSON (`serde_json::to_string_pretty`), the text the record's places
/// index into, and the record read as [`load_record`] reads that text, without parsing it.
/// Returns the text, with the record or every problem found.
pub fn load_record_value(value: Value) -> (String, Result<LoadedRecord, Vec<LoadError>>) {
    let (text, doc) = crate::load::pretty_document(value);
    (text, doc.map_err(|e| vec![e]).and_then(record_from_document))
}

/// Reads and validates a record from a value tree another front door built (a workbook),
/// with its source map. All problems found are returned, each with its field path.
pub fn record_from_document(doc: Document) -> Result<LoadedRecord, Vec<LoadError>> {
    record_from(&doc).map(|record| LoadedRecord { record, map: doc.map })
}

/// [`record_from_document`], giving the document back with the problems, so that a caller
/// can name their places by its source map (the workbook's cells) without a copy of the map.
pub fn record_from_document_or_back(doc: Document) -> Result<LoadedRecord, Box<(Vec<LoadError>, Document)>> {
    match record_from(&doc) {
        Ok(record) => Ok(LoadedRecord { record, map: doc.map }),
        Err(errors) => Err(Box::new((errors, doc))),
    }
}

fn record_from(doc: &Document) -> Result<Record, Vec<LoadError>> {
    // Nothing a document cannot hold, and no list beyond the limits, before anything else.
    let mut unfit = Vec::new();
    unfit_values(&doc.value, &mut String::new(), 0, &crate::limits::Limits::default(), &mut unfit);
    if !unfit.is_empty() {
        return Err(unfit.into_iter().map(|(path, message)| error_at(doc, &path, message)).collect());
    }
    // Every missing required field at once (deserializing stops at the first), looked for only
    // when deserializing fails: a record that deserializes lacks no required field, and the
    // walk over the schema costs more than the rest of loading a small record.
    let missing_or = |e: LoadError, kind: RecordKind| -> Vec<LoadError> {
        let missing = missing_required(&doc.value, kind);
        if missing.is_empty() {
            return vec![e];
        }
        missing
            .iter()
            .map(|path| {
                // The field as written in a record file, and as the forms and the workbook name it.
                let key = path.rsplit('.').next().unwrap_or(path);
                let label = crate::schema::of(kind).label(path);
                let message = if label != path.as_str() && label != key {
                    format!("缺少必填字段“{key}”({label})")
                } else {
                    format!("缺少必填字段“{key}”")
                };
                error_at(doc, path, message)
            })
            .collect()
    };
    let record = match doc.value.get("kind") {
        Some(Value::String(k)) if k == "dept_evaluation" => {
            Record::Dept(Box::new(deserialize(doc).map_err(|e| missing_or(e, RecordKind::DeptEvaluation))?))
        }
        Some(Value::String(k)) if k == "project_evaluation" => {
            Record::Project(Box::new(deserialize(doc).map_err(|e| missing_or(e, RecordKind::ProjectEvaluation))?))
        }
        Some(other) => {
            return Err(vec![error_at(
                doc,
                "kind",
                format!("记录类型 kind 应为 \"dept_evaluation\"(部门整体)或 \"project_evaluation\"(项目),实为 {other}"),
            )]);
        }
        None => {
            return Err(vec![error_at(
                doc,
                "",
                "缺少记录类型:文件开头应有 kind = \"dept_evaluation\"(部门整体)或 kind = \"project_evaluation\"(项目)"
                    .into(),
            )]);
        }
    };
    let errors = match &record {
        Record::Dept(r) => validate_dept(r, doc),
        Record::Project(r) => validate_project(r, doc),
    };
    if errors.is_empty() { Ok(record) } else { Err(errors) }
}

/// Text with characters no document can hold (control characters other than tab and line
/// breaks: XML refuses them, and Word and LibreOffice then refuse the whole file), and lists
/// longer than the limit, each with its field path. At most 100 are listed.
fn unfit_values(
    v: &Value,
    path: &mut String,
    depth: usize,
    limits: &crate::limits::Limits,
    out: &mut Vec<(String, String)>,
) {
    const MOST: usize = 100;
    if out.len() >= MOST {
        return;
    }
    if depth > limits.max_nesting {
        out.push((path.clone(), crate::limits::Limit::Nesting.message(limits)));
        return;
    }
    match v {
        Value::String(s) => {
            if let Some(c) = unholdable(s) {
                out.push((
                    path.clone(),
                    format!(
                        "含有不可见的控制字符 U+{:04X},报告和工作簿无法保存它:请删除(常见于从其他系统复制的文字)",
                        u32::from(c)
                    ),
                ));
            }
        }
        Value::Array(items) => {
            if items.len() > limits.max_list_items {
                out.push((
                    path.clone(),
                    format!("有 {} 条,{}", items.len(), crate::limits::Limit::ListItems.message(limits)),
                ));
                return;
            }
            for (i, x) in items.iter().enumerate() {
                with_index(path, i, |p| unfit_values(x, p, depth + 1, limits, out));
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                with_key(path, k, |p| unfit_values(x, p, depth + 1, limits, out));
            }
        }
        _ => {}
    }
}

/// The first control character of a text other than tab and line breaks. Every control
/// character's UTF-8 has a byte below 0x20, 0x7F, or the lead byte 0xC2 (U+0080..U+009F): a
/// text with none of these has none, told without decoding it.
fn unholdable(s: &str) -> Option<char> {
    if !s.bytes().any(|b| b < 0x20 || b == 0x7F || b == 0xC2) {
        return None;
    }
    s.chars().find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

fn error_at(doc: &Document, path: &str, message: String) -> LoadError {
    let span = doc.map.resolve(path).and_then(|(_, p)| match p {
        Place::Text(s) => Some(*s),
        Place::Cell { .. } => None,
    });
    LoadError { path: path.to_string(), span, message }
}

/// The checks a record's values must pass beyond their types, with the errors found so far.
struct RecordChecks<'a> {
    doc: &'a Document,
    errors: Vec<LoadError>,
}

impl RecordChecks<'_> {
    fn err(&mut self, path: String, message: String) {
        let e = error_at(self.doc, &path, message);
        self.errors.push(e);
    }

    fn year(&mut self, path: &str, year: u16) {
        if !(1990..=2100).contains(&year) {
            self.err(path.into(), format!("年度 {year} 不在 1990–2100 之间"));
        }
    }

    fn date(&mut self, path: &str, date: Option<&str>) {
        let Some(d) = date else { return };
        if d.trim().is_empty() {
            return;
        }
        if !valid_date(d) {
            self.err(path.into(), format!("日期“{d}”无效,应写作 YYYY-MM-DD(如 2025-08-14)"));
        }
    }

    /// Stated rates must be within ±1000% (`path`: where `value` is, put back as it was).
    fn rates(&mut self, value: &Value, path: &mut String) {
        match value {
            Value::Object(m) => {
                for (k, v) in m {
                    with_key(path, k, |p| {
                        // The text's % first: the cheapest test, and most texts fail it.
                        if let Value::String(s) = v
                            && let Some(num) = s.strip_suffix('%')
                            && (k.ends_with("stated") || k.contains("rate"))
                            && let Some(d) = crate::num::decimal(num)
                            && d.abs() > Decimal::from(1000)
                        {
                            self.err(
                                p.clone(),
                                format!("比率 {s} 超出 ±1000%,请检查是否多写了位数或把金额填进了比率栏"),
                            );
                        }
                        self.rates(v, p);
                    });
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    with_index(path, i, |p| self.rates(v, p));
                }
            }
            _ => {}
        }
    }
}

/// Runs `f` with `key` joined onto the path in `path` (as [`crate::source::join`] joins it),
/// then takes it off again: a walk over a record builds no path string per value.
fn with_key<T>(path: &mut String, key: &str, f: impl FnOnce(&mut String) -> T) -> T {
    let len = path.len();
    if len > 0 {
        path.push('.');
    }
    path.push_str(key);
    let out = f(path);
    path.truncate(len);
    out
}

/// As [`with_key`], with `[i]` (as [`crate::source::index`] joins it).
fn with_index<T>(path: &mut String, i: usize, f: impl FnOnce(&mut String) -> T) -> T {
    let len = path.len();
    crate::source::push_index(path, i);
    let out = f(path);
    path.truncate(len);
    out
}

/// Whether `d` is a real calendar date written `YYYY-MM-DD`.
pub fn valid_date(d: &str) -> bool {
    let parts: Vec<&str> = d.trim().split('-').collect();
    let [y, m, day] = parts.as_slice() else { return false };
    let (Ok(y), Ok(m), Ok(day)) = (y.parse::<u32>(), m.parse::<u32>(), day.parse::<u32>()) else {
        return false;
    };
    if !(1990..=2100).contains(&y) || !(1..=12).contains(&m) || day == 0 {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    day <= days[(m - 1) as usize]
}

fn validate_dept(r: &DeptRecord, doc: &Document) -> Vec<LoadError> {
    let mut v = RecordChecks { doc, errors: Vec::new() };
    v.year("header.year", r.header.year);
    v.date("header.filed_on", r.header.filed_on.as_deref());
    if r.header.department.trim().is_empty() {
        v.err("header.department".into(), "部门名称不能为空".into());
    }
    if let Some(t) = &r.budget_table {
        let mut seen = std::collections::HashSet::new();
        for (i, row) in t.rows.iter().enumerate() {
            let p = format!("budget_table.rows[{i}].code");
            if classes::by_code(&row.code).is_none() {
                v.err(p.clone(), unknown_class(&row.code));
            } else if !seen.insert(row.code.trim()) {
                v.err(p, format!("功能科目编码 {} 在表中出现了两次", row.code));
            }
        }
    }
    if let Some(s) = &r.expenditure_structure {
        for (i, item) in s.items.iter().enumerate() {
            if classes::by_code(&item.code).is_none() {
                v.err(format!("expenditure_structure.items[{i}].code"), unknown_class(&item.code));
            }
        }
    }
    for (i, t) in r.targets.iter().enumerate() {
        if t.direction != Direction::Qualitative && t.target.is_none() {
            v.err(
                format!("targets[{i}].target"),
                format!("定量目标“{}”须填写目标值(target);定性目标的方向(direction)应为“定性”", t.name),
            );
        }
    }
    for (i, s) in r.scoring.scores.iter().enumerate() {
        if s.self_score.0 < Decimal::ZERO {
            v.err(format!("scoring.scores[{i}].self_score"), "自评得分不能为负数(减分请填在加减分项)".into());
        }
    }
    for (i, p) in r.projects.iter().flat_map(|p| p.inline.iter()).enumerate() {
        project_checks(&mut v, p, &format!("projects.inline[{i}]."));
    }
    v.rates(&doc.value, &mut String::new());
    v.errors
}

fn validate_project(r: &ProjectRecord, doc: &Document) -> Vec<LoadError> {
    let mut v = RecordChecks { doc, errors: Vec::new() };
    project_checks(&mut v, r, "");
    v.rates(&doc.value, &mut String::new());
    v.errors
}

/// The checks of a project record whose fields are at `prefix` (`""`, or a department's
/// `projects.inline[2].`).
fn project_checks(v: &mut RecordChecks<'_>, r: &ProjectRecord, prefix: &str) {
    if r.kind != RecordKind::ProjectEvaluation {
        v.err(format!("{prefix}kind"), "项目记录的 kind 应为 \"project_evaluation\"".into());
    }
    v.year(&format!("{prefix}header.year"), r.header.year);
    v.date(&format!("{prefix}header.filed_on"), r.header.filed_on.as_deref());
    for (i, ind) in r.indicators.iter().enumerate() {
        if ind.direction != Direction::Qualitative && ind.target.is_none() {
            v.err(format!("{prefix}indicators[{i}].target"), format!("定量指标“{}”须填写指标值 target", ind.name));
        }
        if ind.max_points.0 < Decimal::ZERO {
            v.err(format!("{prefix}indicators[{i}].max_points"), "分值不能为负数".into());
        }
        if ind.self_score.0 < Decimal::ZERO {
            v.err(format!("{prefix}indicators[{i}].self_score"), "得分不能为负数".into());
        }
    }
}

fn unknown_class(code: &str) -> String {
    format!(
        "未知的功能科目编码“{code}”:类级编码应为 201–234 中的一个(如 208 社会保障和就业支出、221 住房保障支出),见 docs/record-format.md"
    )
}

pub use crate::required::missing_required;

/// The JSON Schema of a record file of `kind`, generated from the record types.
pub fn record_schema(kind: RecordKind) -> serde_json::Value {
    let schema = match kind {
        RecordKind::DeptEvaluation => schemars::schema_for!(DeptRecord),
        RecordKind::ProjectEvaluation => schemars::schema_for!(ProjectRecord),
    };
    serde_json::to_value(schema).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: &str = "kind = \"dept_evaluation\"\n[header]\ndepartment = \"某局\"\nyear = 2024\n";

    fn errs(extra: &str) -> Vec<String> {
        let text = format!("{MIN}{extra}");
        match load_record(&text, Format::Toml) {
            Ok(_) => vec![],
            Err(es) => es.iter().map(|e| e.display("r.toml", &text)).collect(),
        }
    }

    #[test]
    fn a_minimal_record_loads() {
        assert!(errs("").is_empty());
    }

    #[test]
    fn bad_values_are_named_with_line_and_field() {
        let e = errs("[staffing.actual]\nadministrative = -3\n");
        assert_eq!(e, vec!["r.toml:6:18: 字段 staffing.actual.administrative: 不能为负数(实为 -3)"]);
        let e = errs("[staffing.actual]\nadministrative = \"二十七\"\n");
        assert!(e[0].contains("应为非负整数,实为文本"), "{e:?}");
        let e = errs("[[budget_table.rows]]\ncode = \"299\"\nname = \"某支出\"\nbudget = 1.00\nactual = 1.00\n");
        assert!(e[0].contains("r.toml:6:8: 字段 budget_table.rows[0].code: 未知的功能科目编码“299”"), "{e:?}");
        let e = errs("[procurement]\nrate_stated = \"1500%\"\n");
        assert!(e[0].contains("procurement.rate_stated: 比率 1500% 超出 ±1000%"), "{e:?}");
    }

    /// The bytes looked at first miss no character the character scan finds.
    #[test]
    fn unholdable_characters_are_found_by_their_bytes() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let want = (c.is_control() && !matches!(c, '\t' | '\n' | '\r')).then_some(c);
            assert_eq!(unholdable(&format!("年度{c}x")), want, "U+{:04X}", u32::from(c));
        }
        assert_eq!(unholdable("某局\t2024\n"), None);
    }

    #[test]
    fn rates_in_lists_are_named_by_their_item() {
        let mut targets = String::new();
        for i in 0..12 {
            let rate = if i == 11 { "1500%" } else { "95%" };
            targets.push_str(&format!(
                "[[targets]]\ngroup = \"产出\"\nname = \"指标{i}\"\ndirection = \"≥\"\ntarget = \"100\"\nactual = \"95\"\ncompletion_rate_stated = \"{rate}\"\n"
            ));
        }
        let e = errs(&targets);
        assert!(e.len() == 1 && e[0].contains("targets[11].completion_rate_stated: 比率 1500% 超出 ±1000%"), "{e:?}");
    }

    #[test]
    fn every_missing_required_field_is_named_at_once() {
        let text = "kind = \"dept_evaluation\"\n[header]\nyear = 2024\n[[targets]]\nname = \"甲\"\n[[targets]]\ngroup = \"就业\"\nname = \"乙\"\n";
        let e = load_record(text, Format::Toml).unwrap_err();
        let paths: Vec<&str> = e.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["header.department", "targets[0].group", "targets[0].direction", "targets[1].direction"]);
        assert!(e[1].message.contains("缺少必填字段“group”"), "{}", e[1].message);
        assert!(e[1].span.is_some(), "points into the file");
        // Named as the record file writes it and as the forms and the workbook label it.
        assert_eq!(e[0].message, "缺少必填字段“department”(部门名称)");
    }

    #[test]
    fn missing_and_misspelt_fields_are_named() {
        let text = "kind = \"dept_evaluation\"\n[header]\nyear = 2024\n";
        let e = load_record(text, Format::Toml).unwrap_err();
        assert_eq!(e[0].path, "header.department");
        assert!(e[0].message.contains("缺少必填字段“department”"));
        let e = errs("[finance]\nbudget_intial = \"1\"\n");
        assert!(e[0].contains("未知字段“budget_intial”"), "{e:?}");
        let e = load_record("[header]\n", Format::Toml).unwrap_err();
        assert!(e[0].message.contains("缺少记录类型"));
    }

    #[test]
    fn dates_are_checked() {
        assert!(valid_date("2025-08-14"));
        assert!(valid_date("2024-02-29"));
        assert!(!valid_date("2025-02-29"));
        assert!(!valid_date("2025/08/14"));
        let e = load_record(&format!("{MIN}filed_on = \"2025-13-01\"\n"), Format::Toml).unwrap_err();
        assert!(e[0].message.contains("日期“2025-13-01”无效"));
    }
}
