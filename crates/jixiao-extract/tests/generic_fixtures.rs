//! The text fixtures of the rules on a report's generic figures (`jixiao-rules/fixtures/G…`):
//! each `bad.txt` raises its rule when audited, each `good.txt` does not.

use std::path::PathBuf;

use jixiao_extract::audit::audit_text;

#[test]
fn generic_rule_fixtures() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../jixiao-rules/fixtures");
    let mut seen = 0;
    for rule in jixiao_rules::registry() {
        let code = rule.info().code;
        let bad = dir.join(code).join("bad.txt");
        if !bad.exists() {
            continue;
        }
        seen += 1;
        let run = |name: &str| {
            let text = std::fs::read_to_string(dir.join(code).join(name)).expect("fixture");
            audit_text(text).findings
        };
        let found = run("bad.txt");
        assert!(
            found.iter().any(|l| l.finding.code == code),
            "{code}: bad.txt raises nothing: {:#?}",
            found.iter().map(|l| &l.finding).collect::<Vec<_>>()
        );
        for l in found.iter().filter(|l| l.finding.code == code) {
            assert!(!l.spans.is_empty(), "{code}: a finding without spans");
        }
        let good = run("good.txt");
        assert!(
            good.iter().all(|l| l.finding.code != code),
            "{code}: good.txt raises it: {:#?}",
            good.iter().map(|l| &l.finding).collect::<Vec<_>>()
        );
        let shown: Vec<_> = found.iter().map(|l| (&l.finding.code, &l.finding.message)).collect();
        insta::assert_json_snapshot!(format!("generic-{code}"), shown);
    }
    assert!(seen >= 4, "the generic rules' fixtures were not found");
}
