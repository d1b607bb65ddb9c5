//! What a submitted form does to the record's JSON: each input converted by its field's kind
//! and written at its path; rows added or removed; empty values pruned.

use serde_json::{Map, Value};

use super::*;
use crate::engine::schema::{Block, Kind, Schema, Section, join};

/// The value of an input, by the field's kind; `None` when empty (the field is removed).
pub fn convert(kind: Kind, raw: &str) -> Option<Value> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    Some(match kind {
        Kind::LongText => Value::String(raw.replace("\r\n", "\n").trim().to_string()),
        Kind::Count => match t.parse::<u64>() {
            Ok(n) => Value::Number(n.into()),
            Err(_) => Value::String(t.to_string()),
        },
        Kind::Bool => match t {
            "true" | "是" => Value::Bool(true),
            "false" | "否" => Value::Bool(false),
            other => Value::String(other.to_string()),
        },
        Kind::Names => Value::Array(
            t.split(['、', ';', '\u{ff1b}', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_string()))
                .collect(),
        ),
        _ => Value::String(t.to_string()),
    })
}

/// What a submitted form asks besides saving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// Save.
    Save,
    /// Add an empty item to the array at this path.
    Add(String),
    /// Remove the item at this path (`targets[3]`).
    Remove(String),
}

impl Op {
    /// From the form's `op` field (`save`, `add:targets`, `remove:targets[3]`).
    pub fn parse(s: Option<&str>) -> Op {
        match s {
            Some(s) if s.starts_with("add:") => Op::Add(s[4..].to_string()),
            Some(s) if s.starts_with("remove:") => Op::Remove(s[7..].to_string()),
            _ => Op::Save,
        }
    }
}

/// The array paths of a section's tables (with child arrays' paths for each item).
fn arrays_of(sheet: &Section, record: &Value) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for b in sheet.blocks {
        if let Block::Table { path, columns, child, .. } = b {
            let scalar = columns.iter().any(|c| c.key.is_empty());
            out.push(((*path).to_string(), scalar));
            if let Some((ck, _)) = child {
                let n = get(record, path).and_then(Value::as_array).map_or(0, Vec::len);
                for i in 0..n {
                    out.push((join(&format!("{path}[{i}]"), ck), false));
                }
            }
        }
    }
    out
}

/// Applies a submitted form of section `index` of `schema` to `record`: every input of the
/// section is written at its path (an empty one removes the field), then the operation. On
/// saving, empty rows and empty objects are dropped. Inputs that are not fields of the
/// section are ignored.
pub fn apply(schema: &Schema, index: usize, record: &mut Value, fields: &[(String, String)], op: &Op) {
    let Some(sheet) = schema.sections.get(index) else { return };
    for (name, raw) in fields {
        if name.starts_with('_') || name == "op" || name == "base" {
            continue;
        }
        let Some(field) = field_at(sheet, name) else { continue };
        path::set(record, name, convert(field.kind, raw));
    }
    let arrays: Vec<(String, bool)> = arrays_of(sheet, record);
    match op {
        Op::Add(p) if arrays.iter().any(|(a, _)| a == p) => {
            let scalar = arrays.iter().any(|(a, s)| a == p && *s);
            let empty = if scalar { Value::String(String::new()) } else { Value::Object(Map::new()) };
            let n = get(record, p).and_then(Value::as_array).map_or(0, Vec::len);
            path::set(record, &format!("{p}[{n}]"), Some(empty));
        }
        Op::Remove(p) => {
            if let Some((array, idx)) = p.rsplit_once('[')
                && arrays.iter().any(|(a, _)| a == array)
                && let Ok(i) = idx.trim_end_matches(']').parse::<usize>()
                && let Some(Value::Array(items)) = path::get_mut(record, array)
                && i < items.len()
            {
                items.remove(i);
            }
        }
        _ => {}
    }
    if *op == Op::Save {
        for (a, _) in arrays.iter().rev() {
            if let Some(Value::Array(items)) = path::get_mut(record, a) {
                items.retain(|v| !is_empty(v));
            }
        }
        prune(record);
    }
}

pub(super) fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Object(m) => m.values().all(is_empty),
        Value::Array(a) => a.iter().all(is_empty),
        _ => false,
    }
}

/// Drops empty objects, arrays and nulls below the top level.
pub(super) fn prune(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for x in m.values_mut() {
                prune(x);
            }
            m.retain(|_, x| !x.is_null() && !((x.is_object() || x.is_array()) && is_empty(x)));
        }
        Value::Array(a) => {
            for x in a.iter_mut() {
                prune(x);
            }
        }
        _ => {}
    }
}
