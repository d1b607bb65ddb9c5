//! What a final document needs that a record lacks: the fields the schema marks
//! [`Need::Final`] (in every item of a list, and the list itself when it is empty), and what
//! the builder found missing as it wrote (a part it wrote as 未填报, an indicator with neither
//! figures nor evidence). Each gap once, named by its field path and its schema label.

use std::collections::HashSet;

use jixiao_core::schema::view::RecordView;
use jixiao_core::schema::{DEPT, Need, Schema};
use serde::Serialize;
use serde_json::Value;

/// Something a final document needs that the record lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// The field's path in the record: `header.head`, `problems[0].cause`, or a list's path
    /// (`problems`) when it has no item.
    pub path: String,
    /// What it is, by the schema's label, with the item it belongs to where it is one of a
    /// list: `单位负责人`, `存在问题第1项的原因`, `指标“效果性”(C3)的依据与说明`.
    pub label: String,
}

impl Gap {
    /// The gap at a path, named by the schema.
    pub fn at(path: &str) -> Gap {
        Gap { path: path.to_string(), label: label_of(path) }
    }

    /// A gap with its own label.
    pub fn named(path: impl Into<String>, label: impl Into<String>) -> Gap {
        Gap { path: path.into(), label: label.into() }
    }
}

impl std::fmt::Display for Gap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}({})", self.label, self.path)
    }
}

/// The message of a refused final build: every gap, one a line.
pub(super) fn message(gaps: &[Gap]) -> String {
    let mut s = format!("记录还缺少定稿所需的 {} 项内容,不能生成定稿:", gaps.len());
    for g in gaps {
        s.push_str(&format!("\n  - {g}"));
    }
    s
}

/// `budget_table.rows[2].budget` → `预决算差异情况第3项的预算数`; `header.head` → `单位负责人`.
fn label_of(path: &str) -> String {
    label_in(&DEPT, path)
}

/// A path's label by `schema`, with the item it belongs to where it is one of a list.
fn label_in(schema: &Schema, path: &str) -> String {
    let Some(open) = path.rfind('[') else { return schema.label(path).to_string() };
    let list = &path[..open];
    let close = path[open..].find(']').map_or(path.len(), |c| open + c);
    let index: Option<usize> = path[open + 1..close].parse().ok();
    let field = schema.label(path);
    let list_label = schema.label(list);
    match index {
        Some(i) if path.len() > close + 1 => format!("{list_label}第{}项的{field}", i + 1),
        Some(i) => format!("{list_label}第{}项", i + 1),
        None => field.to_string(),
    }
}

fn filled(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(_) => true,
    }
}

/// The gaps of the department record `view` shows: the schema's final fields first, in the
/// order the filer meets them, then those the builder found (`found`); each path once.
pub(super) fn collect(view: &RecordView, found: Vec<Gap>) -> Vec<Gap> {
    collect_in(&DEPT, view, found)
}

/// The gaps of the record `view` shows, by `schema`: its final fields first, in the order the
/// filer meets them, then those the builder found (`found`); each path once.
pub(crate) fn collect_in(schema: &Schema, view: &RecordView, found: Vec<Gap>) -> Vec<Gap> {
    let gap_at = |path: &str| Gap { path: path.to_string(), label: label_in(schema, path) };
    let mut out: Vec<Gap> = Vec::new();
    for (pattern, field) in schema.fields() {
        if field.need != Need::Final {
            continue;
        }
        match pattern.rfind("[]") {
            None => {
                if !filled(view.get(&pattern)) {
                    out.push(gap_at(&pattern));
                }
            }
            Some(at) => {
                let list = &pattern[..at];
                let items = view.expand_items(&format!("{list}[]"));
                if items.is_empty() {
                    out.push(Gap::named(list, schema.label(list)));
                    continue;
                }
                let rest = &pattern[at + 2..];
                for item in items {
                    let path = format!("{item}{rest}");
                    if !filled(view.get(&path)) {
                        out.push(gap_at(&path));
                    }
                }
            }
        }
    }
    out.extend(found);
    let mut seen = HashSet::new();
    out.retain(|g| seen.insert(g.path.clone()));
    // A list reported empty needs no report of its items, nor of a part written as 未填报
    // for want of it.
    let lists: Vec<String> = out.iter().filter(|g| !g.path.ends_with(']')).map(|g| g.path.clone()).collect();
    out.retain(|g| {
        !lists
            .iter()
            .any(|l| g.path.len() > l.len() && g.path.starts_with(l.as_str()) && g.path[l.len()..].starts_with('['))
    });
    let patterns: Vec<String> = schema.fields().map(|(p, _)| p).collect();
    out.sort_by_cached_key(|g| order(&patterns, &g.path));
    out
}

/// Where the filer meets a path: the schema's order of its part, then item by item (each
/// problem's 原因 and 整改措施 together), then the schema's order of the field.
fn order(patterns: &[String], path: &str) -> (usize, Vec<usize>, usize) {
    let mut pattern = String::with_capacity(path.len());
    let mut indices = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('[') {
        pattern.push_str(&rest[..open]);
        let close = rest[open..].find(']').map_or(rest.len(), |c| open + c);
        indices.push(rest[open + 1..close].parse().unwrap_or(usize::MAX));
        pattern.push_str("[]");
        rest = rest.get(close + 1..).unwrap_or("");
    }
    pattern.push_str(rest);
    let root = pattern.split("[]").next().unwrap_or(&pattern);
    let position = |matches: &dyn Fn(&str) -> bool| patterns.iter().position(|p| matches(p)).unwrap_or(usize::MAX);
    let part = position(&|p| p.starts_with(root));
    let field = position(&|p| p == pattern || p.starts_with(&pattern));
    (part, indices, field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_the_item() {
        assert_eq!(label_of("header.head"), "单位负责人");
        assert_eq!(label_of("problems[0].cause"), "存在问题第1项的原因");
        assert_eq!(label_of("duties[]"), "职责");
    }

    #[test]
    fn gaps_come_in_the_order_the_filer_meets_them() {
        let patterns: Vec<String> = DEPT.fields().map(|(p, _)| p).collect();
        let mut paths = vec![
            "result_use",
            "problems[1].measures",
            "problems[0].measures",
            "problems[1].cause",
            "staffing.actual",
            "problems[0].cause",
            "header.head",
        ];
        paths.sort_by_cached_key(|p| order(&patterns, p));
        assert_eq!(
            paths,
            [
                "header.head",
                "staffing.actual",
                "problems[0].cause",
                "problems[0].measures",
                "problems[1].cause",
                "problems[1].measures",
                "result_use"
            ]
        );
    }
}
