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

/// A project form's funds row with 执行率, 分值 and 得分 (its money columns under a caption
/// `年度预算数(万元)`, its name column headed `预算执行情况(10分)`): read as a table, its score
/// checked (G012); a wrong rate is said once, by the project rule (A003), not again by G002.
#[test]
fn a_project_funds_row_under_a_caption_is_read_and_a_wrong_rate_said_once() {
    let form = |actual: &str, score: &str| {
        format!(
            "某县某局2024年度项目支出绩效自评表\n项目名称 | 示例设备购置项目 |\n\
             预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 |\n\
             总额 | 0.00 | 8.40 | {actual} | 100.00% | 10 | {score} |\n\
             财政资金 | 0.00 | 8.40 | {actual} | 100.00% | | |\n"
        )
    };
    let good = audit_text("good.txt", form("8.40", "10"));
    let errors = |o: &jixiao_pipeline::Outcome| {
        o.findings
            .iter()
            .filter(|f| f.severity == jixiao_core::Severity::Error)
            .map(|f| f.code.clone())
            .collect::<Vec<_>>()
    };
    assert!(errors(&good).is_empty(), "{:#?}", good.findings);
    let score = audit_text("score.txt", form("8.40", "8"));
    assert_eq!(errors(&score), vec!["G012"], "{:#?}", score.findings);
    let rate = audit_text("rate.txt", form("5.40", "10"));
    let codes = errors(&rate);
    assert!(codes.contains(&"A003".to_string()) && !codes.contains(&"G002".to_string()), "{codes:?}");
}

/// A form copied with its cells glued together (no separators): the budget execution block's
/// run of points and score (`108.8` = 10 | 8.8) is split and the score checked (G012); the
/// indicator 预算执行率 is checked against the block's rate (G014) only when one block and one
/// such indicator after it make one form.
#[test]
fn a_form_with_glued_cells_is_checked() {
    let form = |block: &str, indicator: &str| {
        format!(
            "某县图书馆2024年度部门整体绩效自评表\n\
             预算执行情况年初预算数全年预算数全年执行数执行率(%)执行率权重执行率得分(分)—{block}\n\
             年度总体目标:完成全年阅读推广和馆藏更新任务。\n\
             指标名称计量单位指标性质年度指标值实际完成值得分系数(%)指标权重(分)指标得分(分)是否核心指标\
             读书分享活动场次场定量指标30场32场100%1515是预算完成率%定量指标85%{indicator}100%1010否\n"
        )
    };
    let codes = |text: String| {
        audit_text("form.txt", text)
            .findings
            .iter()
            .filter(|f| f.severity == jixiao_core::Severity::Error)
            .map(|f| f.code.clone())
            .collect::<Vec<_>>()
    };
    assert!(codes(form("91%109.1", "91%")).is_empty());
    assert_eq!(codes(form("91%103.1", "91%")), ["G012"]);
    assert_eq!(codes(form("91%109.1", "61%")), ["G014"]);
    // the run of points read two ways (5 | 5, or 55 points with no score): nothing is read
    assert!(codes(form("91%55", "91%")).is_empty());
    // two budget execution blocks: which one the indicator restates is not known
    let two = form("91%109.1", "61%").replace(
        "年度总体目标",
        "预算执行情况年初预算数全年预算数全年执行数执行率执行率权重执行率得分—70%107\n年度总体目标",
    );
    assert!(codes(two).is_empty());
    // the indicator before the block is of another form (both are read: the block's wrong
    // score is found)
    let text = form("91%103.1", "61%");
    let (head, rest) = text.split_once("年度总体目标").expect("two parts");
    let (targets, table) = rest.split_once("指标名称").expect("the table");
    let block = head.replace("某县图书馆2024年度部门整体绩效自评表\n", "");
    let swapped = format!("某县图书馆\n指标名称{table}年度总体目标{targets}{block}");
    assert_eq!(codes(swapped), ["G012"]);
}
