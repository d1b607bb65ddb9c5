//! What changed between two versions of a record's JSON, field by field.
//!
//! Objects are compared key by key and arrays item by item (a row added at the end is its
//! fields with no old value; a row removed, its fields with no new value). Values are kept
//! as JSON text, so `"95.50"` and `"95.5"` differ, as they should: the written precision is
//! part of the figure.

use serde::Serialize;
use serde_json::Value;

/// One field that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Field path (`budget_table.rows[2].actual`).
    pub path: String,
    /// The old value as JSON text; `None` when it was absent.
    pub old: Option<String>,
    /// The new value as JSON text; `None` when it is now absent.
    pub new: Option<String>,
}

/// The fields that differ between `old` and `new`, in the order of the JSON objects' keys
/// (as `serde_json` keeps them) and of the array items.
pub fn changes(old: &Value, new: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    walk(&mut String::new(), some(old), some(new), &mut out);
    out
}

fn some(v: &Value) -> Option<&Value> {
    (!v.is_null()).then_some(v)
}

/// `path` is the path of `a` and `b`, grown and cut back on the way down and up: only the
/// paths of the fields that changed are copied.
fn walk(path: &mut String, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<Change>) {
    let base = path.len();
    let key = |path: &mut String, k: &str| {
        path.truncate(base);
        if base > 0 {
            path.push('.');
        }
        path.push_str(k);
    };
    let item = |path: &mut String, i: usize| {
        use std::fmt::Write;
        path.truncate(base);
        let _ = write!(path, "[{i}]");
    };
    match (a, b) {
        (None, None) => {}
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            for (k, v) in y {
                key(path, k);
                walk(path, x.get(k).and_then(some), some(v), out);
            }
            for (k, v) in x.iter().filter(|(k, _)| !y.contains_key(*k)) {
                key(path, k);
                walk(path, some(v), None, out);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) if x.iter().chain(y).any(|v| v.is_object() || v.is_array()) => {
            for i in 0..x.len().max(y.len()) {
                item(path, i);
                walk(path, x.get(i).and_then(some), y.get(i).and_then(some), out);
            }
        }
        (Some(Value::Object(x)), None) => {
            for (k, v) in x {
                key(path, k);
                walk(path, some(v), None, out);
            }
        }
        (None, Some(Value::Object(y))) => {
            for (k, v) in y {
                key(path, k);
                walk(path, None, some(v), out);
            }
        }
        (Some(Value::Array(x)), None) if x.iter().any(|v| v.is_object()) => {
            for (i, v) in x.iter().enumerate() {
                item(path, i);
                walk(path, some(v), None, out);
            }
        }
        (None, Some(Value::Array(y))) if y.iter().any(|v| v.is_object()) => {
            for (i, v) in y.iter().enumerate() {
                item(path, i);
                walk(path, None, some(v), out);
            }
        }
        (a, b) if a != b => {
            out.push(Change { path: path.clone(), old: a.map(Value::to_string), new: b.map(Value::to_string) })
        }
        _ => {}
    }
    path.truncate(base);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn c(path: &str, old: Option<&str>, new: Option<&str>) -> Change {
        Change { path: path.into(), old: old.map(Into::into), new: new.map(Into::into) }
    }

    #[test]
    fn fields_rows_and_precision() {
        let a = json!({"finance": {"actual": "95.50", "budget_initial": "100"}, "rows": [{"a": "1"}], "duties": ["x"]});
        let b = json!({"finance": {"actual": "95.5"}, "rows": [{"a": "1"}, {"a": "2", "b": 3}], "duties": ["x", "y"]});
        // The order of an object's keys depends on serde_json's `preserve_order` feature, which
        // other crates of the build may turn on: compare sorted.
        let mut got = changes(&a, &b);
        got.sort_by(|x, y| x.path.cmp(&y.path));
        assert_eq!(
            got,
            vec![
                c("duties", Some("[\"x\"]"), Some("[\"x\",\"y\"]")),
                c("finance.actual", Some("\"95.50\""), Some("\"95.5\"")),
                c("finance.budget_initial", Some("\"100\""), None),
                c("rows[1].a", None, Some("\"2\"")),
                c("rows[1].b", None, Some("3")),
            ]
        );
        assert!(changes(&b, &b).is_empty());
        assert_eq!(changes(&Value::Null, &json!({"k": {"x": 1}})), vec![c("k.x", None, Some("1"))]);
    }
}
