//! The record's JSON form, read and written by field path (`budget_table.rows[3].actual`),
//! and its figures read as numbers.
//!
//! What a formula computes is not here: see [`crate::formula`].

use jixiao_core::Decimal;
use serde_json::{Map, Value};

/// The value at a dotted path.
pub fn get<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    if path.is_empty() {
        return Some(v);
    }
    path.split('.')
        .try_fold(v, |v, seg| {
            // `rows[3]`: a key, then an index.
            let (key, rest) = seg.split_once('[').map_or((seg, ""), |(k, r)| (k, r));
            let mut v = if key.is_empty() { v } else { v.get(key)? };
            for idx in rest.split('[').filter(|s| !s.is_empty()) {
                v = v.get(idx.trim_end_matches(']').parse::<usize>().ok()?)?;
            }
            Some(v)
        })
        .filter(|v| !v.is_null())
}

/// Sets the value at a dotted path, making objects on the way.
pub fn set(v: &mut Value, path: &str, value: Value) {
    if !path.contains(['.', '[']) {
        // One key (a field of the item being built): what the walk below does for it.
        if !v.is_object() {
            *v = Value::Object(Map::new());
        }
        if let Value::Object(m) = v {
            m.insert(path.to_string(), value);
        }
        return;
    }
    let mut cur = v;
    let mut segs = path.split('.').peekable();
    while let Some(seg) = segs.next() {
        let last = segs.peek().is_none();
        // `rows[3]`: into an existing array item.
        let (k, rest) = seg.split_once('[').map_or((seg, ""), |(k, r)| (k, r));
        let mut indices = rest.split('[').filter_map(|x| x.trim_end_matches(']').parse::<usize>().ok()).peekable();
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let Value::Object(m) = cur else { return };
        if last && indices.peek().is_none() {
            m.insert(k.to_string(), value);
            return;
        }
        // A key already there is followed without making its name anew.
        if !m.contains_key(k) {
            m.insert(k.to_string(), Value::Object(Map::new()));
        }
        let Some(next) = m.get_mut(k) else { return };
        cur = next;
        for idx in indices {
            let Some(next) = cur.get_mut(idx) else { return };
            cur = next;
        }
        if last {
            *cur = value;
            return;
        }
    }
}

/// A number in the record's JSON: a JSON number, or a string as the record writes figures
/// (`3325.83`, `93.61%`, `95.72元`, `1.5亿元`). Money comes back in 万元, a percentage in
/// percent units.
pub fn number(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => n.to_string().parse().ok(),
        Value::String(s) => {
            let s = s.trim();
            let (t, scale) = if let Some(t) = s.strip_suffix("万元") {
                (t, Decimal::ONE)
            } else if let Some(t) = s.strip_suffix("亿元") {
                (t, Decimal::from(10_000))
            } else if let Some(t) = s.strip_suffix('元') {
                (t, Decimal::new(1, 4))
            } else {
                (s.strip_suffix('%').unwrap_or(s), Decimal::ONE)
            };
            t.trim().parse::<Decimal>().ok()?.checked_mul(scale)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn paths_read_and_write() {
        let mut v = json!({});
        set(&mut v, "finance.budget_initial", json!("3325.83"));
        set(&mut v, "finance.actual", json!("3113.18"));
        assert_eq!(get(&v, "finance.actual"), Some(&json!("3113.18")));
        assert_eq!(get(&v, "finance.missing"), None);
        let t = json!({"rows": [{"a": 1}, {"a": 2, "b": [{"c": 3}]}]});
        assert_eq!(get(&t, "rows[1].a"), Some(&json!(2)));
        assert_eq!(get(&t, "rows[1].b[0].c"), Some(&json!(3)));
        assert_eq!(get(&t, "rows[5]"), None);
        let mut t = t;
        set(&mut t, "rows[1].b[0].c", json!(4));
        set(&mut t, "rows[0].d", json!("x"));
        assert_eq!(t, json!({"rows": [{"a": 1, "d": "x"}, {"a": 2, "b": [{"c": 4}]}]}));
        // One key, on an object or on anything else (made an object), as a longer path.
        let mut one = json!({"a": 1});
        set(&mut one, "b", json!(2));
        assert_eq!(one, json!({"a": 1, "b": 2}));
        let mut scalar = json!(5);
        set(&mut scalar, "k", json!("v"));
        assert_eq!(scalar, json!({"k": "v"}));
        assert_eq!(number(&json!("95.72元")), Some(d("0.009572")));
        assert_eq!(number(&json!("93.61%")), Some(d("93.61")));
        assert_eq!(number(&json!(80)), Some(d("80")));
    }
}
