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

/// A table written one cell per line (blank lines between the cells), with a group head over
/// numbered rows: the head is checked against the sum of the numbered rows, not their 其中 rows.
#[test]
fn a_subtotal_group_written_one_cell_per_line_is_checked() {
    let table = |head: &str| {
        format!(
            "附件:经费情况表(万元)\n\n上年决算数\n\n本年预算数\n\n本年决算数\n\n差旅培训费:\n\n{head}\n\n10.00\n\n8.50\n\n\
             1、差旅费\n\n4.00\n\n6.00\n\n5.00\n\n其中:市内交通\n\n1.00\n\n1.00\n\n1.20\n\n\
             2、培训费\n\n5.00\n\n4.00\n\n3.50\n\n说明:本表由财务室填写。\n"
        )
    };
    let good = audit_text("good.txt", table("9.00"));
    assert!(good.findings.iter().all(|f| f.code != "G001"), "{:#?}", good.findings);
    let bad = audit_text("bad.txt", table("9.60"));
    let g001: Vec<_> = bad.findings.iter().filter(|f| f.code == "G001").collect();
    assert_eq!(g001.len(), 1, "{:#?}", bad.findings);
    let text = table("9.60");
    let spans = bad.spans(g001[0]);
    assert!(spans.iter().any(|(s, _)| &text[s.start..s.end] == "9.60"), "{spans:?}");
}
