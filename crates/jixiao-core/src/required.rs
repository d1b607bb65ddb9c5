//! The required fields of a record, as its JSON Schema says, reduced once per process to what a
//! walk over a record needs: per object, its required keys and the shape of each property; per
//! list, the shape of its items.
//!
//! The schemas are the files `schema/*.schema.json` compiled in (a test keeps them equal to the
//! schema generated from the record types), so no schema is generated while a record loads.

use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::record::RecordKind;

/// The department record's JSON Schema, as `schema/dept-record.schema.json` holds it.
const DEPT_SCHEMA: &str = include_str!("../../../schema/dept-record.schema.json");
/// The project record's JSON Schema, as `schema/project-record.schema.json` holds it.
const PROJECT_SCHEMA: &str = include_str!("../../../schema/project-record.schema.json");

/// The schema text compiled in for a kind of record.
pub fn schema_text(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::DeptEvaluation => DEPT_SCHEMA,
        RecordKind::ProjectEvaluation => PROJECT_SCHEMA,
    }
}

/// One object or list of the schema: what a walk checks there.
#[derive(Debug, Default)]
struct Shape {
    /// Keys an object must have.
    required: Vec<String>,
    /// The shape of each property.
    props: FxHashMap<String, usize>,
    /// The shape of a list's items.
    items: Option<usize>,
}

impl Shape {
    /// Whether a value of this shape can have a required field missing anywhere inside it.
    fn checks_anything(&self) -> bool {
        !self.required.is_empty() || !self.props.is_empty() || self.items.is_some()
    }
}

/// A schema's shapes; the first is the record's.
#[derive(Debug, Default)]
struct Shapes {
    shapes: Vec<Shape>,
    /// Shape of each schema object already compiled, by its address in the schema.
    seen: FxHashMap<usize, usize>,
}

impl Shapes {
    fn of(root: &Value) -> Shapes {
        let mut s = Shapes::default();
        s.compile(root, root);
        s
    }

    /// The shape of `schema` (a `$ref` or an `Option` followed to the object it names).
    fn compile(&mut self, root: &Value, schema: &Value) -> usize {
        let s = resolve_schema(root, schema);
        let key = std::ptr::from_ref(s) as usize;
        if let Some(&id) = self.seen.get(&key) {
            return id;
        }
        let id = self.shapes.len();
        self.shapes.push(Shape::default());
        self.seen.insert(key, id);
        let required = s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        let mut props = FxHashMap::default();
        if let Some(Value::Object(ps)) = s.get("properties") {
            for (k, p) in ps {
                let child = self.compile(root, p);
                props.insert(k.clone(), child);
            }
        }
        let items = s.get("items").map(|is| self.compile(root, is));
        self.shapes[id] = Shape { required, props, items };
        id
    }

    fn walk(&self, value: &Value, id: usize, path: &mut String, out: &mut Vec<String>) {
        let shape = &self.shapes[id];
        match value {
            Value::Object(o) => {
                for r in &shape.required {
                    if !o.contains_key(r) {
                        out.push(if path.is_empty() { r.clone() } else { format!("{path}.{r}") });
                    }
                }
                if shape.props.is_empty() {
                    return;
                }
                for (k, v) in o {
                    let Some(&child) = shape.props.get(k) else { continue };
                    if !self.shapes[child].checks_anything() || !(v.is_object() || v.is_array()) {
                        continue;
                    }
                    let len = path.len();
                    if len > 0 {
                        path.push('.');
                    }
                    path.push_str(k);
                    self.walk(v, child, path, out);
                    path.truncate(len);
                }
            }
            Value::Array(items) => {
                let Some(child) = shape.items else { return };
                if !self.shapes[child].checks_anything() {
                    return;
                }
                for (i, v) in items.iter().enumerate() {
                    if !(v.is_object() || v.is_array()) {
                        continue;
                    }
                    let len = path.len();
                    use std::fmt::Write as _;
                    // Writing into a String cannot fail.
                    let _ = write!(path, "[{i}]");
                    self.walk(v, child, path, out);
                    path.truncate(len);
                }
            }
            _ => {}
        }
    }
}

/// Follows `$ref` and picks the object variant of `anyOf`/`oneOf` (an `Option`).
fn resolve_schema<'s>(root: &'s Value, mut s: &'s Value) -> &'s Value {
    for _ in 0..16 {
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            let Some(name) = r.strip_prefix("#/$defs/") else { return s };
            match root.get("$defs").and_then(|d| d.get(name)) {
                Some(t) => s = t,
                None => return s,
            }
            continue;
        }
        let variants = s.get("anyOf").or_else(|| s.get("oneOf")).and_then(Value::as_array);
        match variants.and_then(|v| v.iter().find(|x| x.get("type").and_then(Value::as_str) != Some("null"))) {
            Some(v) if variants.is_some_and(|v| v.len() == 2) => s = v,
            _ => return s,
        }
    }
    s
}

/// The paths of the required fields missing from `value`, a record of `kind`, found by walking
/// the record's JSON Schema (required properties of every object, through arrays and
/// optional values), in the order of the record's keys.
pub fn missing_required(value: &Value, kind: RecordKind) -> Vec<String> {
    static DEPT: std::sync::OnceLock<Shapes> = std::sync::OnceLock::new();
    static PROJECT: std::sync::OnceLock<Shapes> = std::sync::OnceLock::new();
    let shapes = match kind {
        RecordKind::DeptEvaluation => &DEPT,
        RecordKind::ProjectEvaluation => &PROJECT,
    }
    .get_or_init(|| {
        // The text is a test-checked copy of the generated schema: it always parses.
        let schema: Value = serde_json::from_str(schema_text(kind)).unwrap_or_default();
        Shapes::of(&schema)
    });
    let mut out = Vec::new();
    if !shapes.shapes.is_empty() {
        shapes.walk(value, 0, &mut String::new(), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_schemas_are_the_generated_ones() {
        for kind in [RecordKind::DeptEvaluation, RecordKind::ProjectEvaluation] {
            let compiled_in: Value = serde_json::from_str(schema_text(kind)).expect("schema parses");
            assert_eq!(compiled_in, crate::input::record_schema(kind), "{kind:?}");
        }
    }

    #[test]
    fn missing_fields_are_found_through_lists_and_options() {
        let v: Value = serde_json::json!({
            "kind": "dept_evaluation",
            "header": {"year": 2024},
            "targets": [{"name": "甲"}, {"group": "就业", "name": "乙"}],
        });
        let missing = missing_required(&v, RecordKind::DeptEvaluation);
        assert!(missing.contains(&"header.department".to_string()), "{missing:?}");
        assert!(missing.iter().any(|m| m.starts_with("targets[0].")), "{missing:?}");
        // The walk reports exactly what a walk over the schema's JSON reports.
        let schema = crate::input::record_schema(RecordKind::DeptEvaluation);
        let mut by_json = Vec::new();
        walk_json(&v, &schema, &schema, "", &mut by_json);
        assert_eq!(missing, by_json);
    }

    /// The plain walk over the schema's JSON that the shapes stand for.
    fn walk_json(value: &Value, root: &Value, schema: &Value, path: &str, out: &mut Vec<String>) {
        let s = resolve_schema(root, schema);
        let join = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
        match value {
            Value::Object(o) => {
                for r in s.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
                    if !o.contains_key(r) {
                        out.push(join(r));
                    }
                }
                if let Some(props) = s.get("properties") {
                    for (k, v) in o {
                        if let Some(ps) = props.get(k) {
                            walk_json(v, root, ps, &join(k), out);
                        }
                    }
                }
            }
            Value::Array(items) => {
                if let Some(is) = s.get("items") {
                    for (i, v) in items.iter().enumerate() {
                        walk_json(v, root, is, &format!("{path}[{i}]"), out);
                    }
                }
            }
            _ => {}
        }
    }
}
