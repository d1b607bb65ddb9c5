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

/// G008 on a table without 科目编码 (its rows named by class, its unit not stated): an amount
/// above the budget (超支) is checked against the row, in 万元 or in 元; a clause stating one
/// cause inside the class is not read.
#[test]
fn a_variance_in_words_is_checked_against_a_table_named_by_class() {
    let report = |claim: &str| {
        format!(
            "某县农业农村局 2024 年度部门整体支出绩效自评报告\n\n项目\t预算数\t决算数\t差异\n\
             农林水支出\t500.00\t530.00\t-30.00\n教育支出\t20.00\t18.00\t2.00\n\n\
             差异原因:农林水支出{claim},主要是防汛物资采购增加 12.00 万元。\n"
        )
    };
    let g008 = |claim: &str| {
        let out = audit_text("r.txt", report(claim));
        out.findings.iter().filter(|f| f.code == "G008").map(|f| f.message.clone()).collect::<Vec<_>>()
    };
    assert_eq!(g008("决算比预算超支 30.00 万元"), Vec::<String>::new());
    assert_eq!(
        g008("决算比预算超支 36.00 万元"),
        ["“农林水支出”:文中说决算比预算多 36.00 万元,但表中预算数 500.00、决算数 530.00,决算比预算多 30.00 万元"]
    );
    // The direction wrong: 减少 where the spending went above the budget.
    assert_eq!(g008("减少 30.00 万元").len(), 1);
    assert_eq!(g008("超支 300000 元"), Vec::<String>::new());
    assert_eq!(g008("超支 360000 元").len(), 1);
}

/// A project report stating its output only in words: the planned length, the length built
/// and a claim that every indicator was completed. Built short of the plan, the claim is T001.
#[test]
fn a_plan_in_words_done_short_contradicts_the_claim_of_completion() {
    let report = |built: &str| {
        format!(
            "某县2024年农村公路建设项目绩效自评报告\n\n一、项目概况\n本项目计划投资300万元,实现新建通村道路12.40公里。\n\n\
             二、绩效目标完成情况\n年内各项产出指标、成本指标均能按时按量完成。已完成道路建设{built}公里,经验收合格。\n"
        )
    };
    let t001 = |built: &str| audit_text("r.txt", report(built)).findings.iter().filter(|f| f.code == "T001").count();
    assert_eq!(t001("12.40"), 0);
    assert_eq!(t001("9.80"), 1);
}
