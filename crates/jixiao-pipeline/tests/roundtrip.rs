//! Round trip: the report jixiao writes (`jixiao-render`), in every format, read back by
//! `jixiao audit` (this pipeline), has no error-level problem and states the figures the
//! record holds.
//!
//! Over the seed record with its inconsistencies corrected
//! (`examples/lechang-hrss-2024-corrected.toml`), and over generated records (proptest).

use std::collections::BTreeMap;

mod common;
use common::*;

use jixiao_core::Record;
use jixiao_core::finding::Severity;
use jixiao_core::record::DeptRecord;
use jixiao_render::Format;
use proptest::prelude::*;
use rust_decimal::Decimal;

const CORRECTED: &str = include_str!("../../../examples/lechang-hrss-2024-corrected.toml");

/// Every report format and the file name it is read back under.
const FORMATS: [(Format, &str); 4] =
    [(Format::Markdown, "r.md"), (Format::Html, "r.html"), (Format::Docx, "r.docx"), (Format::Pdf, "r.pdf")];

/// Figures of a record as `path → value`: numbers only (amounts, counts, rates with their
/// `%` or unit dropped, compared as decimals), arrays keyed by each item's code or name so
/// that order does not matter.
fn figures(rec: &DeptRecord) -> BTreeMap<String, Decimal> {
    fn walk(v: &serde_json::Value, path: String, out: &mut BTreeMap<String, Decimal>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    walk(v, if path.is_empty() { k.clone() } else { format!("{path}.{k}") }, out);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let key = ["code", "name", "label"]
                        .iter()
                        .find_map(|k| item.get(*k).and_then(|v| v.as_str()).map(str::to_string))
                        .unwrap_or_else(|| i.to_string());
                    // Quotes and blanks in a name are typography, not identity.
                    let key: String = key.chars().filter(|c| !matches!(c, '“' | '”' | '"' | ' ')).collect();
                    walk(item, format!("{path}[{key}]"), out);
                }
            }
            serde_json::Value::String(s) => {
                let t = s.trim().trim_end_matches(['%', '元', '人']);
                if let Ok(d) = t.parse::<Decimal>() {
                    out.insert(path, d.normalize());
                }
            }
            serde_json::Value::Number(n) => {
                if let Ok(d) = n.to_string().parse::<Decimal>() {
                    out.insert(path, d.normalize());
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    walk(&serde_json::to_value(rec).expect("record serialises"), String::new(), &mut out);
    out
}

/// The figures a written report must carry back: the record's inputs. Left out: what the
/// report states as computed (totals, differences, rates — compared by the checks instead),
/// and what a report of this outline has no place for.
fn carried(path: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "header.year",
        "finance.budget_initial",
        "finance.budget_last_year",
        "finance.actual",
        "finance.actual_last_year",
        "budget_table.rows",
        "targets",
        "projects.total",
        "projects.with_targets",
        "procurement.planned",
        "procurement.actual",
        "operating_expenses.budget",
        "operating_expenses.actual",
        "three_public_expenses",
        "arbitration",
        "spending_rates",
        "carryover.spending_rate_stated",
        "assets.utilization_stated",
        "staffing.authorized",
        "staffing.actual",
        "scoring.scores",
    ];
    // Stated aggregates (subtotals, rates, per-visit figures) the report recomputes, except
    // those with no parts in the record to compute them from.
    const INPUTS: &[&str] = &["carryover.spending_rate_stated", "assets.utilization_stated"];
    PREFIXES.iter().any(|p| path.starts_with(p)) && (!path.ends_with("_stated") || INPUTS.contains(&path))
}

/// Audits a written report and returns the problems and the figures that did not come back.
fn round_trip(record: &Record, format: Format, name: &str) -> (Vec<String>, Vec<String>) {
    let bytes = write(record, format);
    let read = jixiao_pipeline::read(name, jixiao_pipeline::Input::Report(&bytes))
        .unwrap_or_else(|e| panic!("{name} does not read back: {e:?}"));
    let audit = jixiao_pipeline::check(read, None);
    let errors: Vec<String> = audit
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{name}: [{}] {}", f.code, f.message))
        .collect();
    let Some(got) = audit.read.reading.recognised.then(|| figures(dept(&audit.read.record))) else {
        return (errors, vec![format!("{name}: no department report recognised")]);
    };
    let want = figures(dept(record));
    let lost = want
        .iter()
        .filter(|(p, _)| carried(p))
        .filter(|(p, v)| got.get(*p) != Some(v))
        .map(|(p, v)| format!("{name}: {p} = {v}, read back {:?}", got.get(p)))
        .collect();
    (errors, lost)
}

#[test]
fn corrected_example_has_no_errors() {
    let record = load(CORRECTED);
    let findings = jixiao_rules::check(&record, system_of(&record).as_ref());
    let msgs: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
    assert!(findings.is_empty(), "{msgs:#?}");
}

#[test]
fn corrected_example_round_trips_in_every_format() {
    let record = load(CORRECTED);
    for (format, name) in FORMATS {
        let (errors, lost) = round_trip(&record, format, name);
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(lost.is_empty(), "{lost:#?}");
    }
}

#[test]
fn corrected_example_audit_is_clean_in_every_format() {
    // Not even a warning: the report states every scope and every reason the record holds.
    let record = load(CORRECTED);
    for (format, name) in FORMATS {
        let bytes = write(&record, format);
        let read = jixiao_pipeline::read(name, jixiao_pipeline::Input::Report(&bytes)).expect("reads back");
        let audit = jixiao_pipeline::check(read, None);
        let all: Vec<String> = audit.findings.iter().map(|f| format!("[{}] {}", f.code, f.message)).collect();
        assert!(all.is_empty(), "{name}: {all:#?}");
    }
}

// ------------------------------------------------------------------ generated records

fn check_generated(g: &Gen, formats: &[(Format, &str)]) -> Result<(), TestCaseError> {
    let text = toml_of(g);
    let record = load(&text);
    let errors: Vec<String> = jixiao_rules::check(&record, None)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.message)
        .collect();
    prop_assert!(errors.is_empty(), "generated record has errors: {errors:?}\n{text}");
    for (format, name) in formats {
        let (errors, lost) = round_trip(&record, *format, name);
        prop_assert!(errors.is_empty(), "{errors:#?}\n{text}");
        prop_assert!(lost.is_empty(), "{lost:#?}\n{text}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn generated_records_round_trip_as_markdown_html_and_word(g in records()) {
        check_generated(&g, &FORMATS[..3])?;
    }
}

proptest! {
    // Typesetting a PDF takes a while: fewer cases.
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

    #[test]
    fn generated_records_round_trip_as_pdf(g in records()) {
        check_generated(&g, &FORMATS[3..])?;
    }
}
