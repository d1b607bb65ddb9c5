//! The record schema is complete and agrees with the record types: every field of the record
//! (read from the JSON Schema generated from the types) has a schema entry of the right kind,
//! and every derived figure names fields the schema has.

use jixiao_core::schema::{self, Kind, Schema};
use serde_json::Value;

/// Every leaf field of a JSON Schema with its path pattern and the name of its type.
fn leaves(root: &Value) -> Vec<(String, String)> {
    let defs = &root["$defs"];
    let mut out = Vec::new();
    walk(root, defs, "", &mut out, 0);
    out
}

fn resolve<'a>(v: &'a Value, defs: &'a Value) -> (&'a Value, Option<String>) {
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        return (&defs[name], Some(name.to_string()));
    }
    if let Some(any) = v.get("anyOf").and_then(Value::as_array) {
        for alt in any {
            if alt.get("type").and_then(Value::as_str) != Some("null") {
                return resolve(alt, defs);
            }
        }
    }
    (v, None)
}

fn walk(v: &Value, defs: &Value, path: &str, out: &mut Vec<(String, String)>, depth: usize) {
    assert!(depth < 20, "schema too deep at {path}");
    let (v, name) = resolve(v, defs);
    if let Some(props) = v.get("properties").and_then(Value::as_object) {
        for (k, p) in props {
            let child = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
            walk(p, defs, &child, out, depth + 1);
        }
        return;
    }
    let ty = match v.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null").unwrap_or("").to_string(),
        _ => String::new(),
    };
    if ty == "array" {
        let items = &v["items"];
        let (item, _) = resolve(items, defs);
        if item.get("properties").is_some() {
            walk(items, defs, &format!("{path}[]"), out, depth + 1);
        } else {
            out.push((format!("{path}[]"), "string".into()));
        }
        return;
    }
    out.push((path.to_string(), name.unwrap_or(ty)));
}

fn check(schema: &Schema, json_schema: &str) {
    let root: Value = serde_json::from_str(json_schema).expect("JSON Schema parses");
    let mut missing = Vec::new();
    for (path, ty) in leaves(&root) {
        // The kind of a record, and of a record nested whole in another (a department's
        // inline projects), is no field a filer types.
        if path == "kind" || path.strip_suffix(".kind").is_some_and(|b| schema.nested.iter().any(|(n, _)| *n == b)) {
            continue;
        }
        // A list of plain text (`duties`) is one column with key "" in its table block.
        let lookup = path.strip_suffix("[]").filter(|_| ty == "string").map_or(path.clone(), str::to_string);
        let field = schema.field(&lookup).or_else(|| schema.field(&format!("{lookup}[]")));
        let Some(field) = field else {
            missing.push(path);
            continue;
        };
        let ok = match ty.as_str() {
            "Amount" => matches!(field.kind, Kind::Money | Kind::MoneyYuan),
            "Percent" => field.kind == Kind::Rate,
            "Num" => matches!(field.kind, Kind::Number | Kind::SetValue),
            "integer" => field.kind == Kind::Count,
            "boolean" => field.kind == Kind::Bool,
            _ => !field.kind.is_numeric(),
        };
        assert!(ok, "{path}: the record says {ty}, the schema {:?}", field.kind);
    }
    assert!(missing.is_empty(), "fields of the record without a schema entry: {missing:#?}");
}

#[test]
fn every_field_of_the_department_record_has_a_schema_entry() {
    check(&schema::DEPT, include_str!("../../../schema/dept-record.schema.json"));
}

#[test]
fn every_field_of_the_project_record_has_a_schema_entry() {
    check(&schema::PROJECT, include_str!("../../../schema/project-record.schema.json"));
}

#[test]
fn every_derived_figure_names_numeric_fields_of_the_schema() {
    for s in [&schema::DEPT, &schema::PROJECT] {
        for d in s.derived {
            if let Some(stated) = d.stated {
                let f = s.field(stated).unwrap_or_else(|| panic!("{}: no field {stated}", d.id));
                assert!(f.kind.is_numeric(), "{}: {stated} is not a number", d.id);
            }
            for i in d.inputs {
                // The 在编率 reads the two headcounts as wholes.
                if d.formula == schema::Formula::StaffingRate && !i.ends_with("includes_service_staff") {
                    continue;
                }
                assert!(s.field(i).is_some(), "{}: no field {i}", d.id);
            }
            if let Some(w) = d.when {
                let item = d.stated.and_then(|p| p.rsplit_once('.')).map_or("", |x| x.0);
                assert_eq!(s.field(&schema::join(item, w)).map(|f| f.kind), Some(Kind::Bool), "{}", d.id);
            }
        }
    }
}

/// A derived figure's blank inputs may be computed from their own formulas (a 合计 read
/// from its parts): no figure may, through its inputs, depend on itself.
#[test]
fn derived_figures_do_not_depend_on_themselves() {
    for s in [&schema::DEPT, &schema::PROJECT] {
        fn reaches(s: &Schema, from: &str, target: &str, depth: usize) -> bool {
            assert!(depth < 16, "derived figures nest too deep at {from}");
            s.derived
                .iter()
                .filter(|d| d.stated == Some(from))
                .flat_map(|d| d.inputs.iter())
                .any(|i| schema::pattern_of(i) == target || reaches(s, &schema::pattern_of(i), target, depth + 1))
        }
        for d in s.derived {
            if let Some(stated) = d.stated {
                assert!(!reaches(s, stated, stated, 0), "{} depends on itself", d.id);
            }
        }
    }
}

/// The table of measures in `docs/indicator-system-format.md`, made from the schema.
fn measures_table() -> String {
    let mut t = String::from("| 记录 | measure | 数据项 | 单位 | 取值(依次尝试) |\n| --- | --- | --- | --- | --- |\n");
    for (kind, s) in [("部门整体", &schema::DEPT), ("项目支出", &schema::PROJECT)] {
        for m in s.measures {
            let sources: Vec<String> = m
                .sources
                .iter()
                .map(|src| match src {
                    schema::measures::Source::Computed(id) | schema::measures::Source::ComputedFilling(id) => {
                        let d = s.derived(id).expect("named derived figure");
                        let inputs: Vec<&str> = d.inputs.iter().map(|i| s.label(i)).collect();
                        format!("按 {} 计算({})", d.name, inputs.join("、"))
                    }
                    schema::measures::Source::Stated(p) => format!("所填“{}”", s.label(p)),
                    schema::measures::Source::TargetsMet => "达成的定量目标数 ÷ 定量目标数".to_string(),
                    schema::measures::Source::Count(p) => format!("“{}”的项数", s.label(p)),
                })
                .collect();
            t.push_str(&format!("| {kind} | `{}` | {} | {} | {} |\n", m.id, m.name, m.unit, sources.join(";否则")));
        }
    }
    t
}

#[test]
fn the_indicator_system_format_lists_every_measure() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/indicator-system-format.md");
    let doc = std::fs::read_to_string(path).expect("docs/indicator-system-format.md");
    let (begin, end) = ("<!-- measures:begin -->\n", "<!-- measures:end -->");
    let (head, rest) = doc.split_once(begin).expect("begin marker");
    let (_, tail) = rest.split_once(end).expect("end marker");
    let want = format!("{head}{begin}{}{end}{tail}", measures_table());
    if std::env::var_os("JIXIAO_UPDATE").is_some() {
        std::fs::write(path, &want).expect("write the doc");
    } else {
        assert!(
            doc == want,
            "docs/indicator-system-format.md is stale: run JIXIAO_UPDATE=1 cargo test -p jixiao-core --test schema"
        );
    }
}
