//! The one description of the record: every field and every derived figure, as data.
//!
//! Everything that shows, asks for or computes a figure of the record reads this module and
//! nothing else: the workbook (its sheets, labels, input hints, formulas and their
//! recomputation), the web forms, the report (field names, missing items), scoring (the
//! measures an indicator rule reads) and the arithmetic rules (A001–A003 and friends).
//!
//! - [`Field`]: a field of the record with its path, Chinese label, kind, unit, whether a
//!   final report needs it, and its help text. Fields are listed in [`Section`]s (the sheets
//!   of the workbook and the pages of the web form) made of [`Block`]s, so each field has one
//!   home, in the order a filer meets it.
//! - [`derived`]: each derived figure once: the stated field it checks, its [`Formula`] (an
//!   enum over the named functions of [`crate::calc`]), its inputs, name and unit.
//! - [`measures`]: the figures indicator rules read when scoring, each made of derived
//!   figures and stated fields tried in order.
//! - [`view`]: reading figures of a record by field path, with the kind the schema gives.
//!
//! Paths are dotted, with `[]` for "every item of this list" (`budget_table.rows[].budget`);
//! a concrete path has indices (`budget_table.rows[3].budget`). [`pattern_of`] turns the
//! second into the first.
//!
//! This module holds data and lookups only; it computes through [`crate::calc`] and judges
//! nothing.

pub mod dept;
pub mod derived;
pub mod measures;
pub mod project;
pub mod view;

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

pub use derived::{DerivedFigure, Formula};
pub use measures::Measure;

use crate::record::RecordKind;

/// What a field holds, and so how it is typed, shown and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Short text.
    Text,
    /// Long text (wrapped; a paragraph).
    LongText,
    /// A whole number: people, items, cases.
    Count,
    /// Money, in 万元 unless the figure carries its own unit.
    Money,
    /// Money, in 元 unless the figure carries its own unit (per-visit figures).
    MoneyYuan,
    /// A percentage, in percent units (`93.61` is 93.61%).
    Rate,
    /// Any other number, kept with its written precision (a measured value, a score).
    Number,
    /// A value that was set, not measured (a target value): exact, no rounding interval.
    SetValue,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// 是 / 否.
    Bool,
    /// One of a list: (value in the record, as shown to people).
    Choice(&'static [(&'static str, &'static str)]),
    /// Names, separated by 、.
    Names,
}

impl Kind {
    /// Whether the field holds a number.
    pub fn is_numeric(self) -> bool {
        matches!(self, Kind::Count | Kind::Money | Kind::MoneyYuan | Kind::Rate | Kind::Number | Kind::SetValue)
    }
}

/// Whether a field must be filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The record cannot be loaded without it.
    Always,
    /// A final report needs it (a draft may leave it blank).
    Final,
    /// Filled where it applies.
    Optional,
}

/// One field of the record.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The path relative to its block's object (a form column's object, or a table row), may
    /// be dotted (`internal_offices.stated_count`). `""` in a one-column table is the item itself.
    pub key: &'static str,
    /// The Chinese label as forms and the workbook show it (with a unit in brackets where the
    /// block's column header does not give it).
    pub label: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Its unit (`万元`, `元`, `%`, `人`, `项`…), or `""`.
    pub unit: &'static str,
    /// Whether it must be filled.
    pub need: Need,
    /// A hint for the filer (the workbook's input message, the form's help text), or `""`.
    pub help: &'static str,
    /// Display width in characters (table columns).
    pub width: u16,
    /// The field states a derived figure that forms compute for the filer (the workbook
    /// writes a formula there; the web form shows the computed value): a 合计, 差异 or 比率.
    /// A figure typed in its place is the one the report states, and is checked against
    /// the computation.
    pub computed: bool,
}

impl Field {
    /// The label without its unit in brackets (`预算数(万元)` → `预算数`, `人均接待费(元/人次)`
    /// → `人均接待费`); other brackets stay (`全年执行数(决算数)`).
    pub fn name(&self) -> &'static str {
        strip_unit(self.label, self.unit)
    }
}

/// `预算数(万元)` → `预算数` when the bracket begins with `unit`; otherwise the label whole.
pub fn strip_unit<'l>(label: &'l str, unit: &str) -> &'l str {
    let Some(rest) = label.strip_suffix(')') else { return label };
    match rest.rfind('(') {
        Some(i) if !unit.is_empty() && rest[i + '('.len_utf8()..].starts_with(unit) => &label[..i],
        _ => label,
    }
}

/// A field with defaults: optional, no unit, no help, width 12.
pub const fn field(key: &'static str, label: &'static str, kind: Kind) -> Field {
    Field { key, label, kind, unit: "", need: Need::Optional, help: "", width: 12, computed: false }
}

impl Field {
    /// With a unit.
    pub const fn unit(mut self, unit: &'static str) -> Field {
        self.unit = unit;
        self
    }
    /// Needed for a final report.
    pub const fn for_final(mut self) -> Field {
        self.need = Need::Final;
        self
    }
    /// Needed always.
    pub const fn required(mut self) -> Field {
        self.need = Need::Always;
        self
    }
    /// With a help text.
    pub const fn help(mut self, help: &'static str) -> Field {
        self.help = help;
        self
    }
    /// With a display width.
    pub const fn width(mut self, width: u16) -> Field {
        self.width = width;
        self
    }
    /// Computed by forms from its derived figure (see [`Field::computed`]).
    pub const fn computed(mut self) -> Field {
        self.computed = true;
        self
    }
}

/// The row of a table block that sums it up: its label, and for each column key the path of
/// the stated figure in the record (its formula is the derived figure of that path).
#[derive(Debug, Clone, Copy)]
pub struct Total {
    /// The label in the row's first text column (`合计`).
    pub label: &'static str,
    /// (column key, path of the figure in the record).
    pub cells: &'static [(&'static str, &'static str)],
}

/// A block of a section.
#[derive(Debug, Clone, Copy)]
pub enum Block {
    /// Label / value rows: one value column per object path.
    Form {
        /// Title (`【部门收支】`).
        title: &'static str,
        /// Object paths in the record, one per value column, with the column header.
        columns: &'static [(&'static str, &'static str)],
        /// The rows.
        fields: &'static [Field],
    },
    /// A header row and one row per item of a list.
    Table {
        /// Title.
        title: &'static str,
        /// List path in the record (`budget_table.rows`; `duties` for a list of text).
        path: &'static str,
        /// The columns. A single column with key `""` is a list of plain values.
        columns: &'static [Field],
        /// A list inside each item, filled from the rows that follow it with only these
        /// columns filled (分项 of a 分项数据 item).
        child: Option<(&'static str, &'static [Field])>,
        /// The 合计 row.
        total: Option<Total>,
        /// Empty rows a blank form offers.
        rows: u32,
    },
}

impl Block {
    /// The block's title.
    pub fn title(&self) -> &'static str {
        match self {
            Block::Form { title, .. } | Block::Table { title, .. } => title,
        }
    }
}

/// A section: a sheet of the workbook, a page of the web form.
#[derive(Debug, Clone, Copy)]
pub struct Section {
    /// Its name (the sheet name).
    pub name: &'static str,
    /// Blocks, top to bottom.
    pub blocks: &'static [Block],
}

/// The schema of one kind of record.
#[derive(Debug)]
pub struct Schema {
    /// Which records it describes.
    pub kind: RecordKind,
    /// Sections, in the order a filer meets them.
    pub sections: &'static [Section],
    /// Fields that no section shows (set by the program, not filled in).
    pub hidden: &'static [(&'static str, Field)],
    /// Lists whose items are whole records of another kind, described by that kind's schema
    /// (a department's `projects.inline[]`, each a project record): (list item pattern, schema).
    /// Their fields are not among [`Schema::fields`] (no form or workbook shows them), but
    /// [`Schema::field`] and [`Schema::label`] find them through the other schema.
    pub nested: &'static [(&'static str, &'static Schema)],
    /// Derived figures.
    pub derived: &'static [DerivedFigure],
    /// Measures scoring reads.
    pub measures: &'static [Measure],
    /// Every field by its path pattern (the patterns are the program's own: a fast hash is safe).
    index: OnceLock<FxHashMap<String, Field>>,
}

/// The schema of a department record (部门整体支出绩效自评).
pub static DEPT: Schema = Schema {
    kind: RecordKind::DeptEvaluation,
    sections: dept::SECTIONS,
    hidden: dept::HIDDEN,
    nested: &[("projects.inline[]", &PROJECT)],
    derived: derived::DEPT,
    measures: measures::DEPT,
    index: OnceLock::new(),
};

/// The schema of a project record (项目支出绩效自评表).
pub static PROJECT: Schema = Schema {
    kind: RecordKind::ProjectEvaluation,
    sections: project::SECTIONS,
    hidden: project::HIDDEN,
    nested: &[],
    derived: derived::PROJECT,
    measures: measures::PROJECT,
    index: OnceLock::new(),
};

/// The schema of a kind of record.
pub fn of(kind: RecordKind) -> &'static Schema {
    match kind {
        RecordKind::DeptEvaluation => &DEPT,
        RecordKind::ProjectEvaluation => &PROJECT,
    }
}

/// Joins a base path and a key.
pub fn join(base: &str, key: &str) -> String {
    match (base.is_empty(), key.is_empty()) {
        (true, _) => key.to_string(),
        (_, true) => base.to_string(),
        _ => {
            // Put together by hand: `format!` costs several times as much, and paths are
            // joined hundreds of times in a check.
            let mut out = String::with_capacity(base.len() + 1 + key.len());
            out.push_str(base);
            out.push('.');
            out.push_str(key);
            out
        }
    }
}

/// `base[i]`.
pub(crate) fn indexed(base: &str, i: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = i;
    while at > 0 {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(digits.get(at..).unwrap_or_default()).unwrap_or_default();
    let mut out = String::with_capacity(base.len() + 2 + digits.len());
    out.push_str(base);
    out.push('[');
    out.push_str(digits);
    out.push(']');
    out
}

/// The pattern of a concrete path: every index becomes `[]`
/// (`budget_table.rows[3].budget` → `budget_table.rows[].budget`).
pub fn pattern_of(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

/// Calls `f` with the pattern of `path` (as [`pattern_of`] makes it), made on the stack for
/// the usual short paths: looking a field up allocates nothing.
fn with_pattern<T>(path: &str, f: impl FnOnce(&str) -> T) -> T {
    if !path.contains('[') {
        return f(path);
    }
    let mut buf = [0u8; 128];
    let mut n = 0;
    let mut in_index = false;
    for &b in path.as_bytes() {
        match b {
            b'[' => in_index = true,
            b']' => in_index = false,
            // '[' and ']' are ASCII, so skipping bytes skips whole characters.
            _ if in_index => continue,
            _ => {}
        }
        let Some(slot) = buf.get_mut(n) else { return f(&pattern_of(path)) };
        *slot = b;
        n += 1;
    }
    match std::str::from_utf8(&buf[..n]) {
        Ok(p) => f(p),
        Err(_) => f(&pattern_of(path)),
    }
}

impl Schema {
    /// Every field with its full path pattern, section by section.
    pub fn fields(&self) -> impl Iterator<Item = (String, Field)> + '_ {
        let shown = self.sections.iter().flat_map(|s| s.blocks.iter()).flat_map(block_fields);
        shown.chain(self.hidden.iter().map(|(base, f)| (join(base, f.key), *f)))
    }

    /// The field at a path (concrete or pattern).
    pub fn field(&self, path: &str) -> Option<&Field> {
        let index = self.index.get_or_init(|| self.fields().collect());
        with_pattern(path, |pattern| {
            index.get(pattern).or_else(|| {
                let (schema, rest) = self.nested_at(pattern)?;
                schema.field(rest)
            })
        })
    }

    /// The schema of the nested record `pattern` is inside, and the pattern within it.
    fn nested_at<'p>(&self, pattern: &'p str) -> Option<(&'static Schema, &'p str)> {
        self.nested.iter().find_map(|(base, schema)| {
            let rest = pattern.strip_prefix(base)?.strip_prefix('.')?;
            Some((*schema, rest))
        })
    }

    /// The label of the field at a path, or of the list or object it names (`targets` →
    /// `绩效目标`, the title of the block that holds it; `staffing.actual` → `实有人数`, the
    /// header of its form column); the path itself when the schema has none.
    pub fn label<'p>(&self, path: &'p str) -> &'p str {
        if let Some(f) = self.field(path) {
            return f.name();
        }
        let pattern = pattern_of(path);
        if let Some((schema, base)) =
            self.nested.iter().find_map(|(base, schema)| Some((*schema, strip_pattern_prefix(path, base)?)))
        {
            return schema.label(base);
        }
        for block in self.sections.iter().flat_map(|s| s.blocks.iter()) {
            match block {
                Block::Table { title, path: p, .. } if *p == pattern => {
                    return title.trim_start_matches('【').trim_end_matches('】');
                }
                Block::Form { columns, .. } => {
                    if let Some((_, header)) = columns.iter().find(|(base, _)| !base.is_empty() && *base == pattern)
                        && columns.len() > 1
                    {
                        return header;
                    }
                }
                _ => {}
            }
        }
        path
    }

    /// The derived figure whose stated field is at `path` (concrete or pattern).
    pub fn derived_for(&self, path: &str) -> Option<&'static DerivedFigure> {
        let pattern = pattern_of(path);
        self.derived.iter().find(|d| d.stated == Some(pattern.as_str()))
    }

    /// The derived figure named `id`.
    pub fn derived(&self, id: &str) -> Option<&'static DerivedFigure> {
        self.derived.iter().find(|d| d.id == id)
    }

    /// The measure named `id`.
    pub fn measure(&self, id: &str) -> Option<&'static Measure> {
        self.measures.iter().find(|m| m.id == id)
    }
}

/// What follows `base` (a pattern, `projects.inline[]`) and a dot in the concrete or pattern
/// `path` (`projects.inline[2].header.project` → `header.project`).
fn strip_pattern_prefix<'p>(path: &'p str, base: &str) -> Option<&'p str> {
    let mut rest = path;
    let mut parts = base.split("[]").peekable();
    while let Some(part) = parts.next() {
        rest = rest.strip_prefix(part)?;
        if parts.peek().is_some() {
            let inner = rest.strip_prefix('[')?;
            let close = inner.find(']')?;
            if !inner[..close].bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            rest = &inner[close + 1..];
        }
    }
    rest.strip_prefix('.')
}

/// Every field of a block with its full path pattern (a table's 合计 cells too, computed).
pub fn block_fields(block: &'static Block) -> Vec<(String, Field)> {
    match block {
        Block::Form { columns, fields, .. } => {
            columns.iter().flat_map(|(base, _)| fields.iter().map(move |f| (join(base, f.key), *f))).collect()
        }
        Block::Table { path, columns, child, total, .. } => {
            let row = format!("{path}[]");
            let mut v: Vec<(String, Field)> = columns.iter().map(|f| (join(&row, f.key), *f)).collect();
            if let Some(total) = total {
                for (key, path) in total.cells {
                    if let Some(col) = columns.iter().find(|c| c.key == *key) {
                        v.push((path.to_string(), Field { computed: true, ..*col }));
                    }
                }
            }
            if let Some((child_key, child_cols)) = child {
                let child_row = format!("{}[]", join(&row, child_key));
                v.extend(child_cols.iter().map(|f| (join(&child_row, f.key), *f)));
            }
            v
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_joined_and_indexed_as_formatted() {
        for (base, key) in [("", "a"), ("a", ""), ("a.b", "c"), ("行[3]", "数")] {
            let want = if base.is_empty() {
                key.to_string()
            } else if key.is_empty() {
                base.to_string()
            } else {
                format!("{base}.{key}")
            };
            assert_eq!(join(base, key), want);
        }
        for i in [0, 7, 10, 99, 1234, usize::MAX] {
            assert_eq!(indexed("rows", i), format!("rows[{i}]"));
        }
    }

    #[test]
    fn patterns_and_labels() {
        assert_eq!(pattern_of("budget_table.rows[3].budget"), "budget_table.rows[].budget");
        assert_eq!(pattern_of("breakdowns[0].parts[12].value"), "breakdowns[].parts[].value");
        assert_eq!(strip_unit("预算数(万元)", "万元"), "预算数");
        assert_eq!(strip_unit("公务用车编制数(台)", "台"), "公务用车编制数");
        assert_eq!(strip_unit("年初预算数", "万元"), "年初预算数");
        assert_eq!(strip_unit("全年执行数(决算数)", "万元"), "全年执行数(决算数)");
        assert_eq!(DEPT.label("budget_table.rows[2].budget"), "预算数");
        assert_eq!(DEPT.label("finance.actual"), "全年执行数(决算数)");
        assert_eq!(DEPT.label("three_public_expenses.reception_per_visit_stated"), "人均接待费");
        assert_eq!(DEPT.label("staffing.actual"), "实有人数");
        assert_eq!(DEPT.label("targets"), "绩效目标");
        assert_eq!(DEPT.label("no.such.path"), "no.such.path");
    }

    #[test]
    fn patterns_made_on_the_stack_are_pattern_of() {
        let long = format!("{}[7].x", "a".repeat(200));
        for path in ["finance.actual", "targets[12].actual", "a[1][2].b[]", "甲[3].乙", "x[", "x]y[9", &long] {
            assert_eq!(with_pattern(path, str::to_string), pattern_of(path), "{path}");
        }
        assert_eq!(DEPT.field("targets[10499].actual").map(|f| f.kind), DEPT.field("targets[].actual").map(|f| f.kind));
        assert!(DEPT.field("targets[10499].actual").is_some());
    }

    #[test]
    fn paths_are_unique_and_titles_marked() {
        for schema in [&DEPT, &PROJECT] {
            let mut seen = std::collections::HashSet::new();
            for (p, _) in schema.fields() {
                assert!(seen.insert(p.clone()), "{p} twice");
            }
            let mut titles = std::collections::HashSet::new();
            for b in schema.sections.iter().flat_map(|s| s.blocks.iter()) {
                assert!(b.title().starts_with('【') && b.title().ends_with('】'), "{}", b.title());
                assert!(titles.insert(b.title()), "duplicate title {}", b.title());
            }
        }
    }

    #[test]
    fn labels_are_unique_within_a_block() {
        for schema in [&DEPT, &PROJECT] {
            for b in schema.sections.iter().flat_map(|s| s.blocks.iter()) {
                let fields: Vec<&Field> = match b {
                    Block::Form { fields, .. } => fields.iter().collect(),
                    Block::Table { columns, child, .. } => {
                        columns.iter().chain(child.iter().flat_map(|(_, c)| c.iter())).collect()
                    }
                };
                let mut labels = std::collections::HashSet::new();
                for f in fields {
                    assert!(labels.insert(f.label), "{}: duplicate label {}", b.title(), f.label);
                }
            }
        }
    }
}
