//! Reading and writing the record's JSON by field path (`a.b[2].c`), creating objects and
//! array items on the way.

use serde_json::{Map, Value};

enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn segments(path: &str) -> Option<Vec<Seg<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Seg::Key(key));
        }
        if !rest.is_empty() {
            for idx in rest.split('[') {
                out.push(Seg::Index(idx.trim_end_matches(']').parse().ok()?));
            }
        }
    }
    Some(out)
}

/// The value at `path` (null counts as absent).
pub fn get<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = v;
    for s in segments(path)? {
        cur = match s {
            Seg::Key(k) => cur.get(k)?,
            Seg::Index(i) => cur.get(i)?,
        };
    }
    (!cur.is_null()).then_some(cur)
}

/// The value at `path`, to change.
pub fn get_mut<'a>(v: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    let mut cur = v;
    for s in segments(path)? {
        cur = match s {
            Seg::Key(k) => cur.get_mut(k)?,
            Seg::Index(i) => cur.get_mut(i)?,
        };
    }
    Some(cur)
}

/// Sets (or with `None` removes) the value at `path`. Array items up to an index are made
/// (as empty objects) when missing; a remove on a missing path does nothing.
pub fn set(v: &mut Value, path: &str, value: Option<Value>) {
    let Some(segs) = segments(path) else { return };
    let Some((last, init)) = segs.split_last() else { return };
    let mut cur = v;
    for (i, s) in init.iter().enumerate() {
        let next_is_index = matches!(segs.get(i + 1), Some(Seg::Index(_)));
        let fresh = || if next_is_index { Value::Array(Vec::new()) } else { Value::Object(Map::new()) };
        cur = match s {
            Seg::Key(k) => {
                if value.is_none() && cur.get(k).is_none() {
                    return;
                }
                if !cur.is_object() {
                    *cur = Value::Object(Map::new());
                }
                let Value::Object(m) = cur else { return };
                let e = m.entry(k.to_string()).or_insert_with(fresh);
                if e.is_null() {
                    *e = fresh();
                }
                e
            }
            Seg::Index(n) => {
                if value.is_none() && cur.get(*n).is_none() {
                    return;
                }
                if !cur.is_array() {
                    *cur = Value::Array(Vec::new());
                }
                let Value::Array(a) = cur else { return };
                while a.len() <= *n {
                    a.push(Value::Object(Map::new()));
                }
                &mut a[*n]
            }
        };
    }
    match (last, value) {
        (Seg::Key(k), Some(val)) => {
            if !cur.is_object() {
                *cur = Value::Object(Map::new());
            }
            if let Value::Object(m) = cur {
                m.insert((*k).to_string(), val);
            }
        }
        (Seg::Key(k), None) => {
            if let Value::Object(m) = cur {
                m.remove(*k);
            }
        }
        (Seg::Index(n), val) => {
            if !cur.is_array() {
                *cur = Value::Array(Vec::new());
            }
            if let Value::Array(a) = cur {
                while a.len() <= *n {
                    a.push(Value::String(String::new()));
                }
                a[*n] = val.unwrap_or(Value::String(String::new()));
            }
        }
    }
}
