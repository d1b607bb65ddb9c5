//! The rule registry as a whole: every rule has a unique, well-formed code and name, a
//! complete Chinese explanation, and a fixture pair (`fixtures/<CODE>/bad.toml` raises it,
//! `good.toml` does not); the findings on each bad fixture are a snapshot. Rules on a
//! report's generic facts have text fixtures (`bad.txt`, `good.txt`), run by jixiao-extract.

use std::collections::HashSet;
use std::path::PathBuf;

use jixiao_core::load::Format;
use jixiao_core::{Finding, load_record};

fn fixture_dir(code: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(code)
}

fn run(path: &PathBuf) -> Vec<Finding> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let loaded = load_record(&text, Format::Toml)
        .unwrap_or_else(|e| panic!("{}: {}", path.display(), e[0].display("fixture", &text)));
    let system = loaded
        .record
        .indicator_system()
        .map(|id| jixiao_core::system::builtin(id).expect("known system").expect("valid system").system);
    jixiao_rules::check(&loaded.record, system.as_ref())
}

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    for rule in jixiao_rules::registry() {
        let i = rule.info();
        let c = i.code.as_bytes();
        assert!(
            c.len() == 4 && c[0].is_ascii_uppercase() && c[1..].iter().all(u8::is_ascii_digit),
            "bad code {}",
            i.code
        );
        assert!(
            !i.name.is_empty() && i.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "bad name {}",
            i.name
        );
        assert!(codes.insert(i.code), "duplicate code {}", i.code);
        assert!(names.insert(i.name), "duplicate name {}", i.name);
        assert!(!i.title.is_empty());
    }
}

#[test]
fn every_rule_explains_itself_in_chinese() {
    for rule in jixiao_rules::registry() {
        let doc = rule.info().explanation();
        for heading in ["## 检查内容", "## 为什么", "## 示例", "## 如何修改"] {
            assert!(doc.contains(heading), "{} lacks {heading}", rule.info().code);
        }
    }
}

#[test]
fn rules_are_found_by_code_or_name() {
    assert_eq!(jixiao_rules::find_rule("a001").map(|r| r.info().code), Some("A001"));
    assert_eq!(jixiao_rules::find_rule("total_not_sum_of_rows").map(|r| r.info().code), Some("A001"));
    assert!(jixiao_rules::find_rule("Z999").is_none());
}

#[test]
fn every_rule_has_a_fixture_that_raises_it_and_one_that_does_not() {
    for rule in jixiao_rules::registry() {
        let code = rule.info().code;
        if !fixture_dir(code).join("bad.toml").exists() {
            // Rules on a report's generic facts have text fixtures, audited in jixiao-extract's tests.
            for f in ["bad.txt", "good.txt"] {
                assert!(fixture_dir(code).join(f).exists(), "{code}: no bad.toml, and no {f}");
            }
            continue;
        }
        let bad = run(&fixture_dir(code).join("bad.toml"));
        let raised: Vec<&Finding> = bad.iter().filter(|f| f.code == code).collect();
        assert!(!raised.is_empty(), "{code}: bad.toml raises nothing; got {bad:#?}");
        for f in &raised {
            assert_eq!(f.severity, rule.info().severity, "{code}");
        }
        let good = run(&fixture_dir(code).join("good.toml"));
        assert!(good.iter().all(|f| f.code != code), "{code}: good.toml raises it: {good:#?}");
        let shown: Vec<_> = bad.iter().map(|f| (&f.code, &f.message, &f.primary.path)).collect();
        insta::assert_json_snapshot!(format!("fixture-{code}"), shown);
    }
}

#[test]
fn no_fixture_directory_without_a_rule() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let codes: HashSet<&str> = jixiao_rules::registry().iter().map(|r| r.info().code).collect();
    for entry in std::fs::read_dir(dir).expect("fixtures dir") {
        let name = entry.expect("entry").file_name().to_string_lossy().to_string();
        assert!(codes.contains(name.as_str()), "fixtures/{name} has no rule");
    }
}

/// `check_only` runs the rules asked for and no other, and finds what the whole run finds
/// for them (the seed example: A001 twice, C001 once, among others).
#[test]
fn check_only_runs_the_rules_asked_for() {
    let text = include_str!("../../../examples/lechang-hrss-2024.toml");
    let record = load_record(text, Format::Toml).expect("the seed example").record;
    let of = |fs: &[Finding], codes: &[&str]| -> Vec<(String, String)> {
        fs.iter()
            .filter(|f| codes.contains(&f.code.as_str()))
            .map(|f| (f.code.clone(), f.primary.path.clone()))
            .collect()
    };
    let all = jixiao_rules::check(&record, None);
    let only = jixiao_rules::check_only(&record, &["A001", "C001"]);
    assert!(only.iter().all(|f| f.code == "A001" || f.code == "C001"), "{only:#?}");
    assert_eq!(of(&only, &["A001", "C001"]), of(&all, &["A001", "C001"]));
    assert_eq!(only.iter().filter(|f| f.code == "A001").count(), 2);
    assert!(all.len() > only.len());
}
