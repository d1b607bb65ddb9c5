//! Reading a record's figures by field path, with the kind the schema gives each field, and
//! computing its derived figures.
//!
//! A [`RecordView`] holds the record's JSON form (the same form record files are written in,
//! so every figure keeps the precision it was written with) and its schema. It turns a field
//! into a [`Figure`] the way its kind says (money in 万元 with its rounding interval, a rate in
//! percent, a count exact, a target value exact), expands path patterns into the items of a
//! list, and evaluates a [`DerivedFigure`] for each item it applies to.
//!
//! The workbook builds a view from the JSON its cells make, so the workbook's recomputation and
//! the rules read figures through the same code.

use rust_decimal::Decimal;
use serde_json::Value;

use super::derived::{DerivedFigure, Formula};
use super::{Field, Kind, Schema};
use crate::calc::Better;
use crate::figure::{Derived, Figure};
use crate::input::Record;
use crate::num::{MoneyUnit, parse_decimal, parse_money, parse_percent};

/// A record's JSON form with its schema.
#[derive(Debug, Clone)]
pub struct RecordView {
    schema: &'static Schema,
    value: Value,
}

/// A number as written, with the unit it was written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The number as written (its scale kept).
    pub value: Decimal,
    /// The unit as written (`万元`, `元`, `%`, `人`…), or `""`.
    pub unit: &'static str,
}

impl Written {
    /// `3104.33万元`, `86.49%`, `36 项`, `2558`: the number with its unit.
    pub fn display(&self) -> String {
        match self.unit {
            "" => self.value.to_string(),
            "万元" | "元" | "亿元" | "%" => format!("{}{}", self.value, self.unit),
            u => format!("{} {u}", self.value),
        }
    }
}

/// One place a derived figure applies: the stated field (if any) and, for each input, the
/// concrete paths it reads (one, or every item of a column).
#[derive(Debug, Clone)]
pub struct Instance {
    /// The derived figure.
    pub figure: &'static DerivedFigure,
    /// The concrete path of the stated field, or `None` for a figure the record does not state.
    pub stated: Option<String>,
    /// Per input, the concrete paths it reads.
    pub inputs: Vec<Vec<String>>,
}

impl Instance {
    /// The concrete paths of every numeric input, in order (for pointing at them).
    pub fn input_paths(&self) -> impl Iterator<Item = &String> {
        self.inputs.iter().flatten()
    }

    /// The item the stated field belongs to (`budget_table.rows[3]`), or `""`.
    pub fn item(&self) -> &str {
        self.stated.as_deref().and_then(|s| s.rsplit_once('.')).map_or("", |(item, _)| item)
    }
}

/// How blank inputs are taken when a derived figure is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blanks {
    /// Every input must be filled: a relation is checked only on figures the record states.
    Refuse,
    /// A blank input that is a derived figure itself is computed from its own formula (the
    /// 三公经费 total from its three kinds), as scoring reads a measure.
    Fill,
    /// As the workbook computes: like [`Blanks::Fill`], and a blank part of a 合计 is left
    /// out (a 合计 needs one part filled).
    Spreadsheet,
}

/// Why a derived figure could not be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// An input is blank.
    Input,
    /// The figure does not apply (a 定性 target, a 分项 list that is not complete).
    NotApplicable,
}

fn segments(path: &str) -> Vec<(&str, Option<Option<usize>>)> {
    segments_of(path).collect()
}

/// Each segment of a path: its key, and for `key[i]` Some(Some(i)), for `key[]` Some(None).
fn segments_of(path: &str) -> impl Iterator<Item = (&str, Option<Option<usize>>)> {
    path.split('.').filter(|s| !s.is_empty()).map(|seg| match seg.split_once('[') {
        Some((key, rest)) => {
            let idx = rest.trim_end_matches(']');
            (key, Some(if idx.is_empty() { None } else { idx.parse().ok() }))
        }
        None => (seg, None),
    })
}

impl RecordView {
    /// The view of a record.
    pub fn new(record: &Record) -> RecordView {
        match record {
            Record::Dept(r) => RecordView::dept(r),
            Record::Project(r) => RecordView::project(r),
        }
    }

    /// The view of a department record.
    pub fn dept(r: &crate::record::DeptRecord) -> RecordView {
        RecordView { schema: &super::DEPT, value: serde_json::to_value(r).unwrap_or(Value::Null) }
    }

    /// The view of a project record.
    pub fn project(r: &crate::project::ProjectRecord) -> RecordView {
        RecordView { schema: &super::PROJECT, value: serde_json::to_value(r).unwrap_or(Value::Null) }
    }

    /// The view of a record's JSON form (as the workbook builds it).
    pub fn of_value(schema: &'static Schema, value: Value) -> RecordView {
        RecordView { schema, value }
    }

    /// The record's JSON form, given back.
    pub fn into_value(self) -> Value {
        self.value
    }

    /// The schema.
    pub fn schema(&self) -> &'static Schema {
        self.schema
    }

    /// The JSON value at a concrete path; `None` when absent or null.
    pub fn get(&self, path: &str) -> Option<&Value> {
        let mut v = &self.value;
        for (key, index) in segments_of(path) {
            v = v.get(key)?;
            if let Some(Some(i)) = index {
                v = v.get(i)?;
            }
        }
        (!v.is_null()).then_some(v)
    }

    /// The text at a path (a string, or a number or 是/否 printed).
    pub fn text(&self, path: &str) -> Option<String> {
        match self.get(path)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(if *b { "是" } else { "否" }.to_string()),
            _ => None,
        }
    }

    /// Whether the 是/否 field at a path is 是.
    pub fn is_true(&self, path: &str) -> bool {
        matches!(self.get(path), Some(Value::Bool(true)))
    }

    /// The number at a path as written, with its unit; `None` when blank or not a number.
    pub fn written(&self, path: &str) -> Option<Written> {
        self.written_as(self.schema.field(path)?, path)
    }

    /// The number at a path as written, read as the kind of `field` (the path's field).
    fn written_as(&self, field: &Field, path: &str) -> Option<Written> {
        let number;
        let raw: &str = match self.get(path)? {
            Value::String(s) => s,
            Value::Number(n) => {
                number = n.to_string();
                &number
            }
            _ => return None,
        };
        let (value, unit) = match field.kind {
            Kind::Money => {
                let (v, u) = parse_money(raw, MoneyUnit::WanYuan).ok()?;
                (v, u.name())
            }
            Kind::MoneyYuan => {
                let (v, u) = parse_money(raw, MoneyUnit::Yuan).ok()?;
                (v, u.name())
            }
            Kind::Rate => (parse_percent(raw).ok()?, "%"),
            Kind::Count => (parse_decimal(raw).ok()?, field.unit),
            Kind::Number | Kind::SetValue => (parse_decimal(raw).ok()?, ""),
            _ => return None,
        };
        Some(Written { value, unit })
    }

    /// The figure at a path, with its rounding interval: money in 万元 (元 for per-visit
    /// fields), rates in percent, counts and target values exact.
    pub fn figure(&self, path: &str) -> Option<Figure> {
        self.figure_written(path).map(|(f, _)| f)
    }

    /// The figure at a path ([`RecordView::figure`]) with the number as written
    /// ([`RecordView::written`]), read once.
    pub fn figure_written(&self, path: &str) -> Option<(Figure, Written)> {
        let field = self.schema.field(path)?;
        let kind = field.kind;
        let w = self.written_as(field, path)?;
        let f = match kind {
            Kind::Money | Kind::MoneyYuan => {
                let unit = MoneyUnit::from_name(w.unit).unwrap_or_default();
                let canonical = if kind == Kind::Money { MoneyUnit::WanYuan } else { MoneyUnit::Yuan };
                crate::value::Amount { value: w.value, unit }.figure_in(canonical)
            }
            Kind::Rate => Figure::rounded(w.value),
            Kind::Count | Kind::SetValue => Figure::exact(w.value),
            _ => Figure::stated(w.value),
        };
        Some((f, w))
    }

    /// Every concrete path a pattern names, in order, where a value is filled in.
    pub fn expand(&self, pattern: &str) -> Vec<String> {
        self.expand_with(pattern, false)
    }

    /// Every concrete path a pattern names, in order, blank ones too: every item of each list
    /// the pattern goes through, whether or not its last field is filled.
    pub fn expand_items(&self, pattern: &str) -> Vec<String> {
        self.expand_with(pattern, true)
    }

    /// The concrete paths an input reads: one path, filled or not, when the pattern names one
    /// field; every item of a column otherwise.
    fn input_paths(&self, pattern: &str) -> Vec<String> {
        if names_items(pattern) { self.expand_items(pattern) } else { vec![pattern.to_string()] }
    }

    fn expand_with(&self, pattern: &str, blanks: bool) -> Vec<String> {
        // A concrete path names at most itself: look it up without making a path per step.
        if let Some(found) = self.concrete(pattern, blanks) {
            return if found { vec![pattern.to_string()] } else { Vec::new() };
        }
        self.expand_by_steps(pattern, blanks)
    }

    /// [`RecordView::expand_with`] step by step, a path made for each value on the way: what
    /// the lookup of a concrete path must agree with.
    fn expand_by_steps(&self, pattern: &str, blanks: bool) -> Vec<String> {
        let segs = segments(pattern);
        let last = segs.len().saturating_sub(1);
        let null = Value::Null;
        let mut out = vec![(String::new(), &self.value)];
        for (n, (key, index)) in segs.into_iter().enumerate() {
            let mut next = Vec::with_capacity(out.len());
            for (path, v) in out {
                let base = if path.is_empty() {
                    key.to_string()
                } else {
                    let mut b = String::with_capacity(path.len() + 1 + key.len());
                    b.push_str(&path);
                    b.push('.');
                    b.push_str(key);
                    b
                };
                let child = match v.get(key) {
                    Some(c) => c,
                    None if blanks && n == last && index.is_none() && v.is_object() => &null,
                    None => continue,
                };
                match index {
                    None => next.push((base, child)),
                    Some(Some(i)) => {
                        if let Some(item) = child.get(i) {
                            next.push((super::indexed(&base, i), item));
                        }
                    }
                    Some(None) => {
                        if let Value::Array(items) = child {
                            next.extend(items.iter().enumerate().map(|(i, item)| (super::indexed(&base, i), item)));
                        }
                    }
                }
            }
            out = next;
        }
        out.into_iter().filter(|(_, v)| blanks || !v.is_null()).map(|(p, _)| p).collect()
    }

    /// For a path with no `[]`: whether [`RecordView::expand_with`] names it (every step
    /// there, the last one blank only if `blanks` and a field of an object); `None` for a
    /// pattern, which names every item of a list.
    fn concrete(&self, path: &str, blanks: bool) -> Option<bool> {
        // Only a path written as the expansion writes it is named as it is given.
        let canonical = path.split('.').all(|seg| match seg.split_once('[') {
            None => !seg.is_empty(),
            Some((_, rest)) => rest.strip_suffix(']').is_some_and(|d| {
                !d.is_empty()
                    && d.bytes().all(|b| b.is_ascii_digit())
                    && (d == "0" || !d.starts_with('0'))
                    && d.parse::<usize>().is_ok()
            }),
        });
        if !canonical {
            return None;
        }
        let mut steps = segments_of(path).peekable();
        let mut v = &self.value;
        while let Some((key, index)) = steps.next() {
            let last = steps.peek().is_none();
            let child = match v.get(key) {
                Some(c) => c,
                None if blanks && last && index.is_none() && v.is_object() => &Value::Null,
                None => {
                    // The rest may still hold a `[]`: then the path is a pattern.
                    return if steps.any(|(_, i)| i == Some(None)) || index == Some(None) { None } else { Some(false) };
                }
            };
            v = match index {
                None => child,
                Some(Some(i)) => match child.get(i) {
                    Some(item) => item,
                    None => return if steps.any(|(_, i)| i == Some(None)) { None } else { Some(false) },
                },
                Some(None) => return None,
            };
        }
        Some(blanks || !v.is_null())
    }

    /// Every place a derived figure applies: for a figure of a list's items, each item (its
    /// stated field filled or not); otherwise once.
    pub fn instances(&self, figure: &'static DerivedFigure) -> Vec<Instance> {
        match figure.stated {
            Some(pattern) => {
                { if names_items(pattern) { self.expand_items(pattern) } else { vec![pattern.to_string()] } }
                    .into_iter()
                    .map(|stated| {
                        let inputs = figure.inputs.iter().map(|i| self.expand_items(&bind(i, &stated))).collect();
                        Instance { figure, stated: Some(stated), inputs }
                    })
                    .collect()
            }
            None => {
                let inputs = figure.inputs.iter().map(|i| self.input_paths(i)).collect();
                vec![Instance { figure, stated: None, inputs }]
            }
        }
    }

    /// The figures of an instance's numeric inputs in formula order (every item of a column),
    /// or why it cannot be computed. Every input must be filled; a column must have items.
    pub fn input_figures(&self, inst: &Instance) -> Result<Vec<Figure>, Missing> {
        self.input_list(inst, Blanks::Refuse, |f, _| f)
    }

    /// The numeric inputs of an instance with their text as printed (`3104.33万元`, `36 项`);
    /// blank inputs are taken as `blanks` says (a computed one is printed with two decimals).
    pub fn inputs(&self, inst: &Instance, blanks: Blanks) -> Result<Vec<(Figure, String)>, Missing> {
        self.input_list(inst, blanks, |f, text| (f, text()))
    }

    /// The numeric inputs of an instance as [`RecordView::inputs`] takes them, each made into
    /// an item by `item` from its figure and a maker of its text as printed (called only by
    /// those who print it).
    fn input_list<T>(
        &self,
        inst: &Instance,
        blanks: Blanks,
        item: impl Fn(Figure, &dyn Fn() -> String) -> T,
    ) -> Result<Vec<T>, Missing> {
        let fig = inst.figure;
        if let Some(when) = fig.when
            && !self.is_true(&super::join(inst.item(), when))
        {
            return Err(Missing::NotApplicable);
        }
        let skip_blank_parts = blanks == Blanks::Spreadsheet && fig.formula == Formula::Sum;
        let mut out = Vec::new();
        for (pattern, paths) in fig.inputs.iter().zip(&inst.inputs) {
            let kind = self.schema.field(pattern).map(|f| f.kind);
            if !kind.is_some_and(Kind::is_numeric) {
                continue;
            }
            if paths.is_empty() && !skip_blank_parts {
                return Err(Missing::Input);
            }
            for p in paths {
                match self.figure_written(p) {
                    Some((f, w)) => out.push(item(f, &|| w.display())),
                    _ if blanks != Blanks::Refuse && self.schema.derived_for(p).is_some() => {
                        let (f, _) = self.computed_as(p, blanks).ok_or(Missing::Input)?;
                        out.push(item(f, &|| crate::num::format_fixed(f.face, 2)));
                    }
                    _ if skip_blank_parts => {}
                    _ => return Err(Missing::Input),
                }
            }
        }
        if skip_blank_parts && out.is_empty() {
            return Err(Missing::Input);
        }
        Ok(out)
    }

    /// The figure a stated field should hold, computed from the first of its formulas that
    /// applies, blank inputs filled from their own formulas; `None` if none can be computed.
    pub fn computed_at(&self, path: &str) -> Option<Figure> {
        self.computed_as(path, Blanks::Fill).map(|(f, _)| f)
    }

    /// The figure a stated field should hold and the derived figure it came from, blank
    /// inputs taken as `blanks` says.
    pub fn computed_as(&self, path: &str, blanks: Blanks) -> Option<(Figure, &'static DerivedFigure)> {
        let pattern = super::pattern_of(path);
        self.schema
            .derived
            .iter()
            .filter(|d| d.stated == Some(pattern.as_str()))
            .find_map(|d| Some((self.evaluate_with(&self.instance_at(d, path), blanks).ok()?.ok()?, d)))
    }

    /// The place a derived figure applies whose stated field is at the concrete path `stated`.
    pub fn instance_at(&self, figure: &'static DerivedFigure, stated: &str) -> Instance {
        let inputs = figure
            .inputs
            .iter()
            .map(|i| {
                let bound = bind(i, stated);
                if names_items(&bound) { self.expand_items(&bound) } else { vec![bound] }
            })
            .collect();
        Instance { figure, stated: Some(stated.to_string()), inputs }
    }

    /// Computes an instance from the record's figures (every input filled).
    pub fn evaluate(&self, inst: &Instance) -> Result<Derived, Missing> {
        self.evaluate_with(inst, Blanks::Refuse)
    }

    /// Computes an instance, blank inputs taken as `blanks` says.
    pub fn evaluate_with(&self, inst: &Instance, blanks: Blanks) -> Result<Derived, Missing> {
        let fig = inst.figure;
        let figures = || -> Result<Vec<Figure>, Missing> { self.input_list(inst, blanks, |f, _| f) };
        match fig.formula {
            Formula::StaffingRate => {
                let flag = inst.inputs.get(2).and_then(|p| p.first()).map(|p| self.is_true(p));
                let with_service = flag.unwrap_or(self.get("staffing.staffing_rate").is_none());
                self.staffing_rate(with_service).ok_or(Missing::Input)
            }
            Formula::Completion => {
                // The 方向 as its text: only a text can be one of these (a number or 是/否 never
                // is), so the text is looked at where it is, not copied.
                let direction = inst.inputs.get(2).and_then(|p| p.first()).and_then(|p| self.get(p));
                let better = match direction.and_then(Value::as_str) {
                    Some("定性" | "qualitative") => return Err(Missing::NotApplicable),
                    Some("<=" | "≤") => Better::Lower,
                    _ => Better::Higher,
                };
                Ok(fig.formula.eval(&figures()?, better))
            }
            f => Ok(f.eval(&figures()?, Better::Higher)),
        }
    }

    /// 在编率 over the headcounts, with or without 工勤人员; `None` unless both headcounts
    /// have a category filled.
    pub fn staffing_rate(&self, with_service: bool) -> Option<Derived> {
        let (on, auth) =
            (self.on_post("staffing.actual", with_service)?, self.on_post("staffing.authorized", with_service)?);
        Some(crate::calc::staffing_rate(Figure::count(on), Figure::count(auth)))
    }

    /// 在编 headcount of the headcounts at `base` (`staffing.actual`): every category but
    /// 购买服务, and 工勤 only if `with_service`; `None` when no category is filled.
    pub fn on_post(&self, base: &str, with_service: bool) -> Option<u64> {
        const ON_POST: [&str; 4] = ["administrative", "law_enforcement", "civil_service_managed", "public_institution"];
        const OTHERS: [&str; 2] = ["service_staff", "contracted"];
        let count = |c: &str| self.get(&format!("{base}.{c}")).and_then(Value::as_u64);
        if ON_POST.iter().chain(&OTHERS).all(|c| count(c).is_none()) {
            return None;
        }
        let service = if with_service { count("service_staff").unwrap_or(0) } else { 0 };
        Some(ON_POST.iter().filter_map(|c| count(c)).sum::<u64>() + service)
    }

    /// A finding's head for an instance: the figure's `what` with `{key}` filled from the
    /// stated field's item.
    pub fn what(&self, inst: &Instance) -> String {
        let mut out = String::new();
        let mut rest = inst.figure.what;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else { break };
            let key = &rest[open + 1..open + close];
            out.push_str(&self.text(&super::join(inst.item(), key)).unwrap_or_default());
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// Whether a path is a pattern naming every item of a list (holds `[]`): `contains("[]")`
/// told by two bytes at a time, without setting up a substring search.
fn names_items(path: &str) -> bool {
    path.as_bytes().windows(2).any(|w| w == b"[]")
}

/// An input pattern with the indices it shares with a stated field's concrete path bound
/// (`targets[].actual` beside `targets[3].completion_rate_stated` → `targets[3].actual`).
pub fn bind(input: &str, stated: &str) -> String {
    let mut stated_segs = segments_of(stated);
    let mut out = String::with_capacity(input.len() + 8);
    let mut shared = true;
    for (i, (key, index)) in segments_of(input).enumerate() {
        let s = stated_segs.next();
        let bound = match (shared, s, index) {
            (true, Some((skey, Some(Some(si)))), Some(None)) if skey == key => Some(si),
            _ => None,
        };
        if s.is_none_or(|(skey, _)| skey != key) {
            shared = false;
        }
        if i > 0 {
            out.push('.');
        }
        out.push_str(key);
        match (bound, index) {
            (Some(i), _) | (None, Some(Some(i))) => crate::source::push_index(&mut out, i),
            (None, Some(None)) => out.push_str("[]"),
            (None, None) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A concrete path is named as the general expansion names it, whatever is filled.
    #[test]
    fn a_concrete_path_expands_as_a_pattern_does() {
        let v = serde_json::json!({
            "a": {"b": "1", "n": null, "rows": [{"x": "2"}, {"y": null}], "list": ["p", "q"]},
            "rows": [{"x": "3"}],
        });
        let view = RecordView::of_value(&super::super::DEPT, v);
        let paths = [
            "",
            "a",
            "a.b",
            "a.n",
            "a.missing",
            "a.missing.deeper",
            "a.rows[0].x",
            "a.rows[1].x",
            "a.rows[1].y",
            "a.rows[2].x",
            "a.rows[01].x",
            "a..b",
            ".a",
            "a.",
            "a.list[1]",
            "a.list[7]",
            "rows[0].x",
            "rows[0]",
            "a.b[0]",
            "a.rows[x].x",
            "a.rows[0][1]",
            "nothing",
            "nothing[0]",
            "rows[]",
            "a.rows[].x",
        ];
        for p in paths {
            for blanks in [false, true] {
                let general = view.expand_by_steps(p, blanks);
                assert_eq!(view.expand_with(p, blanks), general, "{p:?} blanks {blanks}");
            }
        }
    }

    #[test]
    fn patterns_naming_items_are_told_apart() {
        for p in ["", "[", "]", "[]", "a[]", "a[].b", "a[0].b", "a[ ]", "a][", "a] "] {
            assert_eq!(names_items(p), p.contains("[]"), "{p:?}");
        }
    }

    #[test]
    fn inputs_bind_to_the_stated_item() {
        assert_eq!(bind("targets[].actual", "targets[3].completion_rate_stated"), "targets[3].actual");
        assert_eq!(bind("budget_table.rows[].budget", "budget_table.total.budget"), "budget_table.rows[].budget");
        assert_eq!(bind("breakdowns[].parts[].value", "breakdowns[2].total"), "breakdowns[2].parts[].value");
        assert_eq!(
            bind("expenditure_structure.total", "expenditure_structure.items[1].share_stated"),
            "expenditure_structure.total"
        );
        assert_eq!(bind("a[].b[].c", "a[1].x[2].c"), "a[1].b[].c");
        assert_eq!(bind("a[].b", "a[x].b"), "a[].b");
        assert_eq!(bind("a.b[]", "a"), "a.b[]");
        assert_eq!(bind("", "a[1]"), "");
        // Indices of any length, as `format!` writes them.
        for i in [0, 7, 10, 99, 10_492, 1_000_000, usize::MAX] {
            let stated = format!("targets[{i}].completion_rate_stated");
            assert_eq!(bind("targets[].actual", &stated), format!("targets[{i}].actual"));
            assert_eq!(bind(&format!("a[{i}].b"), "x"), format!("a[{i}].b"));
        }
    }

    /// A completion rate reads its 方向 where it is: 定性 has none, ≤ divides the other way,
    /// a number or a flag there is the usual way.
    #[test]
    fn a_completion_rate_follows_its_direction() {
        let figure = super::super::DEPT.derived.iter().find(|d| d.formula == Formula::Completion).unwrap();
        let rate = |direction: Value| {
            let v = serde_json::json!({"targets": [{"actual": "80", "target": "100", "direction": direction}]});
            let view = RecordView::of_value(&super::super::DEPT, v);
            let inst = view.instance_at(figure, "targets[0].completion_rate_stated");
            view.evaluate(&inst).map(|d| d.ok().map(|f| f.face.round_dp(2)))
        };
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(rate(Value::String("≥".into())), Ok(Some(d("80"))));
        assert_eq!(rate(Value::String("≤".into())), Ok(Some(d("125"))));
        assert_eq!(rate(Value::String("<=".into())), Ok(Some(d("125"))));
        assert_eq!(rate(Value::String("定性".into())), Err(Missing::NotApplicable));
        assert_eq!(rate(Value::String("qualitative".into())), Err(Missing::NotApplicable));
        assert_eq!(rate(Value::Bool(true)), Ok(Some(d("80"))));
        assert_eq!(rate(serde_json::json!(3)), Ok(Some(d("80"))));
        assert_eq!(rate(Value::Null), Ok(Some(d("80"))));
    }
}
