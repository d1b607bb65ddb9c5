//! A new year from last year's record: what carries over into next year's workbook (and the web
//! form's next year), and what is the year's own.

use serde_json::{Map, Value, json};

use crate::eval::{get, set};

/// Next year's record started from this year's: the organisation, staffing, duties, people and
/// indicator system carried; this year's budget and final figures become the 上年 figures
/// (部门收支, “三公”经费, 存量资金); the budget table and the targets keep their rows (科目,
/// 指标) with their figures cleared; the year's own figures, scores, problems and statements
/// are left out.
pub fn carry_over(this: &Value, next_year: i64) -> Value {
    let mut next = json!({"kind": this.get("kind").cloned().unwrap_or(json!("dept_evaluation"))});
    for p in ["indicator_system", "duties", "organization", "staffing"] {
        if let Some(v) = get(this, p) {
            next[p] = v.clone();
        }
    }
    let mut header = json!({"year": next_year});
    for k in ["department", "head", "filer", "phone", "region"] {
        if let Some(v) = get(this, &format!("header.{k}")) {
            header[k] = v.clone();
        }
    }
    next["header"] = header;
    for (to, from) in [
        ("finance.budget_last_year", "finance.budget_initial"),
        ("finance.actual_last_year", "finance.actual"),
        ("three_public_expenses.budget_last_year", "three_public_expenses.budget"),
        ("treasury.idle_funds_last_year", "treasury.idle_funds"),
    ] {
        if let Some(v) = get(this, from) {
            set(&mut next, to, v.clone());
        }
    }
    let keep_rows = |path: &str, keys: &[&str]| -> Option<Value> {
        let rows = get(this, path)?.as_array()?;
        let kept: Vec<Value> = rows
            .iter()
            .map(|r| {
                let o: Map<String, Value> =
                    keys.iter().filter_map(|k| Some(((*k).to_string(), r.get(*k)?.clone()))).collect();
                Value::Object(o)
            })
            .collect();
        (!kept.is_empty()).then_some(Value::Array(kept))
    };
    if let Some(rows) = keep_rows("budget_table.rows", &["code", "name"]) {
        set(&mut next, "budget_table.rows", rows);
    }
    if let Some(rows) = keep_rows("targets", &["group", "name", "direction", "target", "unit", "target_text"]) {
        next["targets"] = rows;
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_years_figures_become_last_years() {
        let this = json!({
            "kind": "dept_evaluation",
            "indicator_system": "hn-dept-2018",
            "header": {"department": "示例局", "year": 2024, "head": "张三", "filed_on": "2025-03-31"},
            "duties": ["职责一"],
            "finance": {"budget_initial": "3325.83", "actual": "3113.18", "budget_last_year": "3000.00"},
            "three_public_expenses": {"budget": "12.00", "reception": "3.50"},
            "treasury": {"idle_funds": "1.20"},
            "budget_table": {"rows": [{"code": "208", "name": "社会保障和就业支出", "budget": "1", "actual": "2"}]},
            "targets": [{"group": "产出指标", "name": "人数", "direction": ">=", "target": "100", "unit": "人", "actual": "120"}],
            "problems": [{"text": "问题"}],
        });
        let next = carry_over(&this, 2025);
        assert_eq!(next["header"], json!({"department": "示例局", "year": 2025, "head": "张三"}));
        assert_eq!(next["finance"], json!({"budget_last_year": "3325.83", "actual_last_year": "3113.18"}));
        assert_eq!(next["three_public_expenses"], json!({"budget_last_year": "12.00"}));
        assert_eq!(next["treasury"], json!({"idle_funds_last_year": "1.20"}));
        assert_eq!(next["budget_table"]["rows"], json!([{"code": "208", "name": "社会保障和就业支出"}]));
        assert_eq!(next["targets"][0].get("actual"), None);
        assert_eq!(
            (next["indicator_system"].as_str(), next["duties"][0].as_str()),
            (Some("hn-dept-2018"), Some("职责一"))
        );
        assert_eq!(next.get("problems"), None);
    }
}
