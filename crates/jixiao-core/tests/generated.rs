//! Generated files checked in to the repository stay current: the JSON Schemas of the record
//! files. Run with `JIXIAO_UPDATE=1` to rewrite them after changing the record types.

use std::path::PathBuf;

use jixiao_core::input::record_schema;
use jixiao_core::record::RecordKind;

fn check_or_update(relative: &str, expected: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative);
    if std::env::var_os("JIXIAO_UPDATE").is_some() {
        std::fs::write(&path, expected).expect("write generated file");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{relative} is stale: run `JIXIAO_UPDATE=1 cargo test -p jixiao-core --test generated` and commit the result"
    );
}

#[test]
fn record_schemas_are_current() {
    for (kind, file) in [
        (RecordKind::DeptEvaluation, "schema/dept-record.schema.json"),
        (RecordKind::ProjectEvaluation, "schema/project-record.schema.json"),
    ] {
        let text = serde_json::to_string_pretty(&record_schema(kind)).expect("schema json") + "\n";
        check_or_update(file, &text);
    }
}

#[test]
fn the_seed_record_passes_its_schema_shape() {
    // Every top-level section of the example is a property the schema knows.
    let schema = record_schema(RecordKind::DeptEvaluation);
    let props = schema["properties"].as_object().expect("properties");
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/lechang-hrss-2024.toml"),
    )
    .expect("example");
    let doc = jixiao_core::load::parse_document(&text, jixiao_core::Format::Toml).expect("parse");
    for key in doc.value.as_object().expect("table").keys() {
        assert!(props.contains_key(key), "schema lacks {key}");
    }
}
