//! The record's JSON form, read and written by field path, and the exact value of each
//! workbook formula computed from it (for the cached result written with each formula, and
//! for telling a stale formula on import).

use jixiao_core::Decimal;
use serde_json::{Map, Value};

use crate::layout::Calc;

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
    let mut cur = v;
    let keys: Vec<&str> = path.split('.').collect();
    for (i, seg) in keys.iter().enumerate() {
        // `rows[3]`: into an existing array item.
        let (k, rest) = seg.split_once('[').map_or((*seg, ""), |(k, r)| (k, r));
        let indices: Vec<usize> = rest.split('[').filter_map(|x| x.trim_end_matches(']').parse().ok()).collect();
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let Value::Object(m) = cur else { return };
        if i + 1 == keys.len() && indices.is_empty() {
            m.insert(k.to_string(), value);
            return;
        }
        cur = m.entry(k.to_string()).or_insert_with(|| Value::Object(Map::new()));
        for idx in indices {
            let Some(next) = cur.get_mut(idx) else { return };
            cur = next;
        }
        if i + 1 == keys.len() {
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

/// Sources of the figures a formula reads.
pub struct Ctx<'a> {
    /// The object the formula's fields belong to (a form column's object, a table row).
    pub object: &'a Value,
    /// For total rows and shares: the sum of a column of the table.
    pub column_sum: &'a dyn Fn(&str) -> Option<Decimal>,
}

fn field(ctx: &Ctx<'_>, key: &str) -> Option<Decimal> {
    get(ctx.object, key).and_then(number)
}

fn ratio(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    let (a, b) = (a?, b?);
    if b.is_zero() {
        return None;
    }
    a.checked_div(b)?.checked_mul(Decimal::ONE_HUNDRED)
}

/// What a formula computes, exactly: money in 万元 (元 for per-visit figures), percentages in
/// percent units, counts as numbers; `None` where the workbook shows an empty cell.
pub fn eval(calc: Calc, ctx: &Ctx<'_>) -> Option<Decimal> {
    let fd = |k: &str| field(ctx, k);
    match calc {
        Calc::Sub(a, b) => fd(a)?.checked_sub(fd(b)?),
        Calc::Pct(a, b) => ratio(fd(a), fd(b)),
        Calc::ChangePct(a, b) => ratio(fd(a)?.checked_sub(fd(b)?), fd(b)),
        Calc::Sum(keys) => {
            let parts: Vec<Decimal> = keys.iter().filter_map(|k| fd(k)).collect();
            if parts.is_empty() { None } else { Some(parts.into_iter().sum()) }
        }
        Calc::PerVisit(a, b) => {
            let visits = fd(b)?;
            if visits.is_zero() {
                return None;
            }
            fd(a)?.checked_mul(Decimal::from(10_000))?.checked_div(visits)
        }
        Calc::Closure(a, b, c) => ratio(fd(a), Some(fd(b)? + fd(c).unwrap_or_default())),
        Calc::Mediation(a, b, c) => {
            let outside = fd(b).unwrap_or_default();
            ratio(Some(fd(a)? + outside), Some(fd(c)? + outside))
        }
        Calc::Completion => {
            let dir = get(ctx.object, "direction").and_then(Value::as_str).unwrap_or(">=");
            match dir {
                "<=" | "≤" => ratio(fd("target"), fd("actual")),
                "定性" | "qualitative" => None,
                _ => ratio(fd("actual"), fd("target")),
            }
        }
        Calc::SumColumn(col) => (ctx.column_sum)(col),
        Calc::ShareOfTotal(col) => ratio(fd(col), (ctx.column_sum)(col)),
    }
}

/// Whether a formula's result is a percentage (stored as a fraction in the workbook).
pub fn is_percent(calc: Calc) -> bool {
    matches!(
        calc,
        Calc::Pct(..)
            | Calc::ChangePct(..)
            | Calc::Closure(..)
            | Calc::Mediation(..)
            | Calc::Completion
            | Calc::ShareOfTotal(_)
    )
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
        assert_eq!(number(&json!("95.72元")), Some(d("0.009572")));
        assert_eq!(number(&json!("93.61%")), Some(d("93.61")));
        assert_eq!(number(&json!(80)), Some(d("80")));
    }

    #[test]
    fn formulas_compute_exactly() {
        let none = |_: &str| None;
        let row = json!({"budget": "118.73", "actual": "95.50", "direction": "<=", "target": "5", "reception": "2.75", "visits": 287});
        let ctx = Ctx { object: &row, column_sum: &none };
        assert_eq!(eval(Calc::Sub("budget", "actual"), &ctx), Some(d("23.23")));
        assert_eq!(eval(Calc::Pct("actual", "budget"), &ctx).map(|x| x.round_dp(2)), Some(d("80.43")));
        assert_eq!(eval(Calc::PerVisit("reception", "visits"), &ctx).map(|x| x.round_dp(2)), Some(d("95.82")));
        assert_eq!(eval(Calc::Pct("actual", "missing"), &ctx), None);
        let zero = json!({"a": "1", "b": "0"});
        assert_eq!(
            eval(Calc::Pct("a", "b"), &Ctx { object: &zero, column_sum: &none }),
            None,
            "not applicable, never 0%"
        );
        let arb = json!({"closed": 145, "accepted": 143, "carried_over": 3, "closed_by_mediation": 56, "mediated_outside": 324});
        let c = Ctx { object: &arb, column_sum: &none };
        assert_eq!(
            eval(Calc::Closure("closed", "accepted", "carried_over"), &c).map(|x| x.round_dp(2)),
            Some(d("99.32"))
        );
        assert_eq!(
            eval(Calc::Mediation("closed_by_mediation", "mediated_outside", "closed"), &c).map(|x| x.round_dp(2)),
            Some(d("81.02"))
        );
    }
}
