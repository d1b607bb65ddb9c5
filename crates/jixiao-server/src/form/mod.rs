//! The forms of a unit's year, made from the one description of the record
//! ([`engine::schema`](crate::engine::schema): sections → blocks → fields with label, kind,
//! unit, whether a final report needs it, and help), and what a submitted form does to the
//! record's JSON.
//!
//! A department record (`kind = "dept_evaluation"`) gets the sections of
//! [`schema::DEPT`](crate::engine::schema::DEPT); a project record (`project_evaluation`) those
//! of [`schema::PROJECT`](crate::engine::schema::PROJECT): [`schema_of`] picks by the record.
//!
//! A field's input is named by its field path (`finance.budget_initial`,
//! `budget_table.rows[2].actual`); a submitted value is written at that path exactly as typed
//! (trimmed): `95.50` stays the string `"95.50"`, never a float. Whole numbers become JSON
//! numbers when they are whole numbers; anything else is kept as typed so that the loader
//! names the field it cannot read. Findings and load problems are placed beside the input
//! whose path they name, else beside the block that holds it. A derived figure (a stated
//! total, difference or rate) shows what its formula gives from the figures beside it, computed
//! by the engine from the schema's derived figures.
//!
//! It does not check anything (the engine does) and keeps no second list of labels: every
//! label, kind, unit and help text comes from the schema.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::engine::schema::{self, Block, Field, Kind, Need, Schema, Section, join};
use crate::engine::{Finding, LoadProblem, RecordView, Severity};

mod labels;
pub mod path;
mod save;

pub use labels::{label_of, missing_for_final};
use save::is_empty;
pub use save::{Op, apply, convert};

/// The schema of a record's JSON: the project schema for `kind = "project_evaluation"`, else
/// the department schema.
pub fn schema_of(record: &Value) -> &'static Schema {
    match record.get("kind").and_then(Value::as_str) {
        Some("project_evaluation") => &schema::PROJECT,
        _ => &schema::DEPT,
    }
}

/// A finding or a load problem beside a field.
#[derive(Debug, Clone, Serialize)]
pub struct Mark {
    /// `error`, `warning` or `load` (the record could not be read there).
    pub severity: &'static str,
    /// Rule code (empty for a load problem).
    pub code: String,
    /// The message.
    pub message: String,
    /// Whether this field is the finding's main figure (else one it was compared with).
    pub primary: bool,
    /// Index in the page's list of findings (its anchor `finding-N`).
    pub index: usize,
}

/// The marks of a page, by field path.
#[derive(Debug, Default)]
pub struct Marks {
    by_path: BTreeMap<String, Vec<Mark>>,
}

impl Marks {
    /// Marks for findings (list index = position) and load problems (after them).
    pub fn new(findings: &[Finding], problems: &[LoadProblem]) -> Marks {
        let mut by_path: BTreeMap<String, Vec<Mark>> = BTreeMap::new();
        for (i, f) in findings.iter().enumerate() {
            let severity = if f.severity == Severity::Error { "error" } else { "warning" };
            by_path.entry(f.primary.path.clone()).or_default().push(Mark {
                severity,
                code: f.code.clone(),
                message: f.message.clone(),
                primary: true,
                index: i,
            });
            for r in &f.related {
                if r.path == f.primary.path {
                    continue;
                }
                let what = r.label.as_deref().map_or(String::new(), |l| format!("({l})"));
                by_path.entry(r.path.clone()).or_default().push(Mark {
                    severity,
                    code: f.code.clone(),
                    message: format!("与 {} 有关{what}", f.code),
                    primary: false,
                    index: i,
                });
            }
        }
        for (i, p) in problems.iter().enumerate() {
            by_path.entry(p.path.clone()).or_default().push(Mark {
                severity: "load",
                code: String::new(),
                message: p.message.clone(),
                primary: true,
                index: findings.len() + i,
            });
        }
        Marks { by_path }
    }

    /// Adds a mark of another kind at a path (`comment`: a reviewer's comment).
    pub fn add(&mut self, path: &str, mark: Mark) {
        self.by_path.entry(path.to_string()).or_default().push(mark);
    }

    fn take(&mut self, path: &str) -> Vec<Mark> {
        self.by_path.remove(path).unwrap_or_default()
    }

    fn take_where(&mut self, pred: impl Fn(&str) -> bool) -> Vec<Mark> {
        let keys: Vec<String> = self.by_path.keys().filter(|k| pred(k)).cloned().collect();
        keys.into_iter().flat_map(|k| self.by_path.remove(&k).unwrap_or_default()).collect()
    }
}

/// One input.
#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    /// Field path: the input's name.
    pub name: String,
    /// HTML id (anchor).
    pub id: String,
    /// The value as typed.
    pub value: String,
    /// `text`, `textarea`, `date` or `select`.
    pub input: &'static str,
    /// `numeric` / `decimal` keyboard hints.
    pub inputmode: &'static str,
    /// For a select: (value, shown).
    pub options: Vec<(String, String)>,
    /// Unit shown after the input (万元, 元, %, 人).
    pub unit: &'static str,
    /// A figure the program computes (a stated total, difference or rate).
    pub derived: bool,
    /// A final report needs it (`Need::Final`, or needed always).
    pub needed: bool,
    /// Its label (for screen readers and titles).
    pub label: &'static str,
    /// For a derived figure: what the program computes from the figures beside it.
    pub computed: Option<String>,
    /// Findings and problems here.
    pub marks: Vec<Mark>,
}

/// A row of a form block: one field, one input per column.
#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    /// Label.
    pub label: &'static str,
    /// Help text.
    pub help: &'static str,
    /// Unit (`万元`, `%`, `人`…), or `""`.
    pub unit: &'static str,
    /// A final report needs it.
    pub needed: bool,
    /// Inputs.
    pub cells: Vec<CellView>,
}

/// A column of a table block.
#[derive(Debug, Clone, Serialize)]
pub struct HeaderView {
    /// Label.
    pub label: &'static str,
    /// Help text.
    pub help: &'static str,
    /// Unit.
    pub unit: &'static str,
    /// A final report needs it (in every row).
    pub needed: bool,
    /// The narrowest the column should be, in em (from the workbook's column width).
    pub min_em: u16,
}

/// An item (row) of a table block.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// Its path (`budget_table.rows[2]`).
    pub path: String,
    /// 1-based row number.
    pub number: usize,
    /// Inputs.
    pub cells: Vec<CellView>,
    /// The array inside it (分项 of a 分项数据 item).
    pub children: Option<Box<TableView>>,
    /// The row's anchor (a link to the row as a whole, from a comment on it).
    pub anchor: String,
    /// Marks on the row as a whole (a reviewer's comment on 预决算差异表第 3 行), shown under it.
    pub marks: Vec<Mark>,
}

/// A table: columns and items.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    /// Array path (`budget_table.rows`).
    pub path: String,
    /// Columns.
    pub headers: Vec<HeaderView>,
    /// Items.
    pub items: Vec<ItemView>,
}

/// A block of a section.
#[derive(Debug, Clone, Serialize)]
pub struct BlockView {
    /// `form` or `table`.
    pub kind: &'static str,
    /// Title (`【部门收支】`).
    pub title: &'static str,
    /// HTML id.
    pub id: String,
    /// Form: the value columns' headers.
    pub columns: Vec<&'static str>,
    /// Form: the rows.
    pub rows: Vec<RowView>,
    /// Table: the table.
    pub table: Option<TableView>,
    /// Table: the 合计 row.
    pub total: Option<RowView>,
    /// Findings about the block that no input shows.
    pub marks: Vec<Mark>,
}

/// A section's form.
#[derive(Debug, Clone, Serialize)]
pub struct SheetView {
    /// Position in the schema.
    pub index: usize,
    /// Name (基本情况).
    pub name: &'static str,
    /// Blocks.
    pub blocks: Vec<BlockView>,
}

/// An HTML id for a field path.
pub fn anchor(path: &str) -> String {
    let mut s = String::from("f-");
    for c in path.chars() {
        s.push(if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' });
    }
    s
}

/// The unit a field's value is in, as shown after its input.
fn unit_of(field: &Field) -> &'static str {
    match (field.unit, field.kind) {
        ("", Kind::Money) => "万元",
        ("", Kind::MoneyYuan) => "元",
        ("", Kind::Rate) => "%",
        (u, _) => u,
    }
}

/// A value of the record's JSON as the user typed it.
pub fn shown(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => a.iter().map(|x| shown(Some(x))).collect::<Vec<_>>().join("、"),
        Some(Value::Bool(b)) => b.to_string(),
        Some(other) => other.to_string(),
    }
}

/// What a page needs to make its inputs: the schema and the record's view (for computing
/// derived figures).
struct Ctx<'a> {
    schema: &'static Schema,
    record: &'a Value,
    view: RecordView,
}

impl Ctx<'_> {
    fn cell(&self, path: String, field: &Field, marks: &mut Marks) -> CellView {
        let value = get(self.record, &path);
        let (input, inputmode, options) = match field.kind {
            Kind::LongText | Kind::Names => ("textarea", "", Vec::new()),
            Kind::Count => ("text", "numeric", Vec::new()),
            Kind::Money | Kind::MoneyYuan | Kind::Rate | Kind::Number | Kind::SetValue => {
                ("text", "decimal", Vec::new())
            }
            Kind::Date => ("date", "", Vec::new()),
            Kind::Bool => (
                "select",
                "",
                vec![(String::new(), String::new()), ("true".into(), "是".into()), ("false".into(), "否".into())],
            ),
            Kind::Choice(list) => (
                "select",
                "",
                std::iter::once((String::new(), String::new()))
                    .chain(list.iter().map(|(v, s)| ((*v).to_string(), (*s).to_string())))
                    .collect(),
            ),
            Kind::Text => ("text", "", Vec::new()),
        };
        let value = shown(value);
        // The indicator system is one of the built-in ones.
        let (input, options) = if path == "indicator_system" {
            let list = crate::engine::dept_systems();
            (
                "select",
                std::iter::once((String::new(), String::new()))
                    .chain(list.into_iter().map(|(id, name)| (id.clone(), format!("{name}({id})"))))
                    .collect(),
            )
        } else {
            (input, options)
        };
        // A value typed that the list does not have is still shown (the loader names it).
        let mut options = options;
        if input == "select" && !value.is_empty() && !options.iter().any(|(v, _)| *v == value) {
            options.push((value.clone(), value.clone()));
        }
        let derived = self.schema.derived_for(&path).is_some();
        // Shown where it adds something: the figure is not stated, or stated otherwise.
        let computed = if derived {
            crate::engine::computed_at(&self.view, &path)
                .filter(|v| v.trim_end_matches('%') != value.trim().trim_end_matches('%'))
        } else {
            None
        };
        CellView {
            id: anchor(&path),
            marks: marks.take(&path),
            name: path,
            value,
            input,
            inputmode,
            options,
            unit: unit_of(field),
            derived,
            needed: field.need != Need::Optional,
            label: field.label,
            computed,
        }
    }

    fn table(&self, path: &str, columns: &[Field], child: Option<(&str, &[Field])>, marks: &mut Marks) -> TableView {
        let n = get(self.record, path).and_then(Value::as_array).map_or(0, Vec::len);
        let items = (0..n)
            .map(|i| {
                let ip = format!("{path}[{i}]");
                let cells = columns
                    .iter()
                    .map(|c| {
                        let p = if c.key.is_empty() { ip.clone() } else { join(&ip, c.key) };
                        // The column header names the unit.
                        CellView { unit: "", ..self.cell(p, c, marks) }
                    })
                    .collect();
                let children = child.map(|(key, cols)| Box::new(self.table(&join(&ip, key), cols, None, marks)));
                let row_marks = marks.take(&ip);
                ItemView { anchor: anchor(&ip), path: ip, number: i + 1, cells, children, marks: row_marks }
            })
            .collect();
        let headers = columns
            .iter()
            .map(|c| HeaderView {
                label: c.label,
                help: c.help,
                unit: unit_of(c),
                needed: c.need != Need::Optional,
                min_em: (c.width * 7 / 10).clamp(5, 28),
            })
            .collect();
        TableView { path: path.to_string(), headers, items }
    }
}

fn get<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    crate::form::path::get(v, path)
}

/// Whether a block holds the field at `path` (or a field inside it).
pub fn block_holds(block: &Block, path: &str) -> bool {
    let under = |p: &str| {
        !p.is_empty()
            && (path == p || path.strip_prefix(p).is_some_and(|rest| rest.starts_with('.') || rest.starts_with('[')))
    };
    match block {
        Block::Form { columns, fields, .. } => {
            columns.iter().any(|(base, _)| under(base) || fields.iter().any(|f| under(&join(base, f.key))))
        }
        Block::Table { path: tp, total, .. } => {
            under(tp)
                || total.is_some_and(|t| {
                    t.cells.iter().any(|(_, p)| under(p) || parent_of(p).is_some_and(|parent| path == parent))
                })
        }
    }
}

fn parent_of(p: &str) -> Option<&str> {
    p.rsplit_once('.').map(|(a, _)| a)
}

/// The section of `schema` that holds the field at `path`, if any.
pub fn sheet_of(schema: &Schema, path: &str) -> Option<usize> {
    schema.sections.iter().position(|s| s.blocks.iter().any(|b| block_holds(b, path)))
}

/// The form of section `index` of `schema` for `record`, with the marks placed.
pub fn sheet_view(schema: &'static Schema, index: usize, record: &Value, marks: &mut Marks) -> SheetView {
    let ctx = Ctx { schema, record, view: crate::engine::record_view(schema, record) };
    let sheet: &Section = &schema.sections[index];
    let blocks = sheet
        .blocks
        .iter()
        .enumerate()
        .map(|(bi, b)| {
            let id = format!("b-{index}-{bi}");
            match b {
                Block::Form { title, columns, fields } => {
                    let rows = fields
                        .iter()
                        .map(|f| RowView {
                            label: f.label,
                            help: f.help,
                            unit: unit_of(f),
                            needed: f.need != Need::Optional,
                            cells: columns.iter().map(|(base, _)| ctx.cell(join(base, f.key), f, marks)).collect(),
                        })
                        .collect();
                    let rest = marks.take_where(|p| block_holds(b, p));
                    BlockView {
                        kind: "form",
                        title,
                        id,
                        columns: columns.iter().map(|c| c.1).collect(),
                        rows,
                        table: None,
                        total: None,
                        marks: rest,
                    }
                }
                Block::Table { title, path, columns, child, total, .. } => {
                    let t = ctx.table(path, columns, *child, marks);
                    let total = total.map(|t| RowView {
                        label: t.label,
                        help: "",
                        unit: "",
                        needed: false,
                        cells: columns
                            .iter()
                            .map(|c| match t.cells.iter().find(|(k, _)| *k == c.key) {
                                Some((_, p)) => CellView { unit: "", ..ctx.cell((*p).to_string(), c, marks) },
                                None => CellView {
                                    name: String::new(),
                                    id: String::new(),
                                    value: String::new(),
                                    input: "none",
                                    inputmode: "",
                                    options: Vec::new(),
                                    unit: "",
                                    derived: false,
                                    needed: false,
                                    label: c.label,
                                    computed: None,
                                    marks: Vec::new(),
                                },
                            })
                            .collect(),
                    });
                    let rest = marks.take_where(|p| block_holds(b, p));
                    BlockView {
                        kind: "table",
                        title,
                        id,
                        columns: Vec::new(),
                        rows: Vec::new(),
                        table: Some(t),
                        total,
                        marks: rest,
                    }
                }
            }
        })
        .collect();
    SheetView { index, name: sheet.name, blocks }
}

/// A field of the schema found by the path of an input.
fn field_at(sheet: &Section, name: &str) -> Option<Field> {
    for b in sheet.blocks {
        match b {
            Block::Form { columns, fields, .. } => {
                for (base, _) in *columns {
                    if let Some(f) = fields.iter().find(|f| join(base, f.key) == name) {
                        return Some(*f);
                    }
                }
            }
            Block::Table { path, columns, child, total, .. } => {
                if let Some(t) = total
                    && let Some((k, _)) = t.cells.iter().find(|(_, p)| *p == name)
                    && let Some(c) = columns.iter().find(|c| c.key == *k)
                {
                    return Some(*c);
                }
                let Some(rest) = item_rest(name, path) else { continue };
                if rest.is_empty() {
                    if let Some(c) = columns.iter().find(|c| c.key.is_empty()) {
                        return Some(*c);
                    }
                    continue;
                }
                let Some(key) = rest.strip_prefix('.') else { continue };
                if let Some(c) = columns.iter().find(|c| !c.key.is_empty() && c.key == key) {
                    return Some(*c);
                }
                if let Some((ck, cols)) = child
                    && let Some(inner) = key.strip_prefix(ck)
                    && let Some(r) = item_rest(inner, "")
                    && let Some(k) = r.strip_prefix('.')
                    && let Some(c) = cols.iter().find(|c| c.key == k)
                {
                    return Some(*c);
                }
            }
        }
    }
    None
}

/// `budget_table.rows[3].budget` against `budget_table.rows` → `.budget`; `[3]` must be an
/// index.
fn item_rest<'a>(name: &'a str, array: &str) -> Option<&'a str> {
    let rest = name.strip_prefix(array)?.strip_prefix('[')?;
    let (idx, rest) = rest.split_once(']')?;
    idx.parse::<usize>().ok()?;
    Some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sheet(name: &str) -> usize {
        schema::DEPT.sections.iter().position(|s| s.name == name).unwrap_or(0)
    }

    #[test]
    fn numbers_are_kept_as_typed_and_empty_fields_removed() {
        let mut r = json!({"kind": "dept_evaluation", "header": {"department": "某局", "year": 2024}, "finance": {"actual": "1"}});
        let fields: Vec<(String, String)> = vec![
            ("finance.budget_initial".into(), " 95.50 ".into()),
            ("finance.actual".into(), "".into()),
            ("header.year".into(), "2024".into()),
            ("header.department".into(), "某局".into()),
            ("not.a.field".into(), "x".into()),
        ];
        apply(&schema::DEPT, sheet("基本情况"), &mut r, &fields, &Op::Save);
        assert_eq!(r["finance"], json!({"budget_initial": "95.50"}));
        assert_eq!(r["header"]["year"], json!(2024));
        assert!(r.get("not").is_none());
    }

    #[test]
    fn rows_are_added_removed_and_empty_ones_dropped() {
        let s = sheet("收支预决算");
        let mut r =
            json!({"budget_table": {"rows": [{"code": "208", "name": "社保", "budget": "1.00", "actual": "2.00"}]}});
        apply(&schema::DEPT, s, &mut r, &[], &Op::Add("budget_table.rows".into()));
        assert_eq!(r["budget_table"]["rows"].as_array().map(Vec::len), Some(2));
        let fields = vec![("budget_table.rows[1].code".to_string(), "221".to_string())];
        apply(&schema::DEPT, s, &mut r, &fields, &Op::Save);
        assert_eq!(r["budget_table"]["rows"][1], json!({"code": "221"}));
        apply(&schema::DEPT, s, &mut r, &[], &Op::Remove("budget_table.rows[0]".into()));
        assert_eq!(r["budget_table"]["rows"], json!([{"code": "221"}]));
        let fields = vec![("budget_table.rows[0].code".to_string(), "".to_string())];
        apply(&schema::DEPT, s, &mut r, &fields, &Op::Save);
        assert!(r.get("budget_table").is_none(), "{r}");
        // Duties: an array of text.
        let mut r = json!({});
        apply(
            &schema::DEPT,
            sheet("基本情况"),
            &mut r,
            &[("duties[0]".into(), "甲".into()), ("duties[1]".into(), " ".into())],
            &Op::Save,
        );
        assert_eq!(r["duties"], json!(["甲"]));
    }

    #[test]
    fn labels_and_sheets_of_paths() {
        assert_eq!(
            label_of(&schema::DEPT, "finance.budget_initial").as_deref(),
            Some("基本情况 › 【部门收支】 › 年初预算数")
        );
        assert_eq!(
            label_of(&schema::DEPT, "budget_table.rows[2].actual").as_deref(),
            Some("收支预决算 › 【预决算差异表】第 3 行 › 决算数(万元)")
        );
        assert_eq!(
            label_of(&schema::DEPT, "staffing.actual.administrative").as_deref(),
            Some("单位与人员 › 【人员编制】 › 行政编制(实有人数)")
        );
        assert_eq!(
            label_of(&schema::DEPT, "budget_table.total.actual").as_deref(),
            Some("收支预决算 › 【预决算差异表】 › 合计 › 决算数(万元)")
        );
        assert_eq!(sheet_of(&schema::DEPT, "budget_table.total"), Some(sheet("收支预决算")));
        assert_eq!(sheet_of(&schema::DEPT, "targets[3].actual"), Some(sheet("绩效目标")));
        assert_eq!(sheet_of(&schema::DEPT, "breakdowns[0].parts[1].value"), Some(sheet("其他指标数据")));
        assert_eq!(sheet_of(&schema::DEPT, "nothing"), None);
    }

    #[test]
    fn derived_figures_show_what_they_compute_and_units_and_needs_come_from_the_schema() {
        let s = sheet("收支预决算");
        let r = json!({"kind": "dept_evaluation", "budget_table": {"rows": [
            {"code": "208", "name": "社保", "budget": "100.00", "actual": "80.43", "execution_rate_stated": "80"},
            {"code": "221", "name": "住房", "budget": "50", "actual": "50"},
        ]}});
        let view = sheet_view(&schema::DEPT, s, &r, &mut Marks::default());
        let t = view.blocks[0].table.as_ref().expect("the budget table");
        let rate = t.items[0].cells.iter().find(|c| c.name.ends_with("execution_rate_stated")).expect("rate");
        assert!(rate.derived);
        assert_eq!(rate.computed.as_deref(), Some("80.43%"));
        let variance = t.items[1].cells.iter().find(|c| c.name.ends_with("variance_stated")).expect("variance");
        assert_eq!(variance.computed.as_deref(), Some("0"));
        let total = view.blocks[0].total.as_ref().expect("total");
        let budget = total.cells.iter().find(|c| c.name == "budget_table.total.budget").expect("total budget");
        assert_eq!(budget.computed.as_deref(), Some("150"));
        let header = t.headers.iter().find(|h| h.label.starts_with("预算数")).expect("budget header");
        assert_eq!(header.unit, "万元");
        assert!(header.needed);
        // What a final report needs and the record leaves blank.
        let missing = missing_for_final(&schema::DEPT, &r);
        assert!(missing.iter().any(|(p, _)| p == "header.head"), "{missing:?}");
        assert!(missing.iter().any(|(p, _)| p == "problems"), "{missing:?}");
        assert!(!missing.iter().any(|(p, _)| p.starts_with("budget_table")), "{missing:?}");
        assert_eq!(schema_of(&json!({"kind": "project_evaluation"})).kind, schema::PROJECT.kind);
    }

    #[test]
    fn paths_set_through_missing_items() {
        let mut v = json!({});
        path::set(&mut v, "a.b[1].c", Some(json!("x")));
        assert_eq!(v, json!({"a": {"b": [{}, {"c": "x"}]}}));
        path::set(&mut v, "a.b[1].c", None);
        path::set(&mut v, "q.r", None);
        assert_eq!(v, json!({"a": {"b": [{}, {}]}}));
    }
}
