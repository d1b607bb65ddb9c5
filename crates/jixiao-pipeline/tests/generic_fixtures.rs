//! The text fixtures of the rules on a report's generic figures (`jixiao-rules/fixtures/G…`):
//! each `bad.txt` raises its rule when audited, each `good.txt` does not.

use std::path::PathBuf;

use jixiao_pipeline::audit_text;

#[test]
fn generic_rule_fixtures() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../jixiao-rules/fixtures");
    let mut seen = 0;
    for rule in jixiao_pipeline::rules::all_infos() {
        let code = rule.code;
        let bad = dir.join(code).join("bad.txt");
        if !bad.exists() {
            continue;
        }
        seen += 1;
        let run = |name: &str| {
            let text = std::fs::read_to_string(dir.join(code).join(name)).expect("fixture");
            audit_text(name, text)
        };
        let bad = run("bad.txt");
        let found = &bad.findings;
        assert!(found.iter().any(|f| f.code == code), "{code}: bad.txt raises nothing: {found:#?}");
        for f in found.iter().filter(|f| f.code == code) {
            assert!(!bad.spans(f).is_empty(), "{code}: a finding without spans");
        }
        let good = run("good.txt").findings;
        assert!(good.iter().all(|f| f.code != code), "{code}: good.txt raises it: {good:#?}");
        let shown: Vec<_> = found.iter().map(|f| (&f.code, &f.message)).collect();
        insta::assert_json_snapshot!(format!("generic-{code}"), shown);
    }
    assert!(seen >= 4, "the generic rules' fixtures were not found");
}
