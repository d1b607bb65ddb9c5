//! Indicator tables (一级/二级/三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因) in the
//! layouts reports arrive in: a missed target is found against the claim that all were met,
//! a full score on a missed target is questioned, and a reason given in the table counts.

use jixiao_core::Severity;
use jixiao_pipeline::{Outcome, audit_text};

fn codes(o: &Outcome, severity: Severity) -> Vec<String> {
    o.findings.iter().filter(|f| f.severity == severity).map(|f| f.code.clone()).collect()
}

/// A department report whose only targets are in an indicator table.
fn dept_report(layout: fn(&[&str]) -> String, actual: &str, reason: &str) -> String {
    let rows: Vec<String> = [
        vec!["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"],
        vec!["产出指标", "数量指标", "困难群众救助人次", "≥1200人次", actual, "20", "20", reason],
        vec!["", "质量指标", "救助资金发放准确率", "≥98%", "99.5%", "20", "20", ""],
        vec!["效益指标", "社会效益指标", "群众满意度", "≥90%", "94%", "10", "10", ""],
    ]
    .iter()
    .map(|cells| layout(cells))
    .collect();
    format!(
        "某县民政局2024年度部门整体支出绩效自评报告\n\n一、基本情况\n本局设内设机构4个。\n\n二、绩效目标完成情况\n{}\n\n各项绩效指标均已全部完成。\n",
        rows.join("\n")
    )
}

fn pipes(cells: &[&str]) -> String {
    format!("| {} |", cells.join(" | "))
}

fn spaces(cells: &[&str]) -> String {
    cells.iter().map(|c| if c.is_empty() { "" } else { c }).filter(|c| !c.is_empty()).collect::<Vec<_>>().join("    ")
}

#[test]
fn a_missed_target_in_a_table_contradicts_the_claim_in_every_layout() {
    for layout in [pipes as fn(&[&str]) -> String, spaces] {
        let met = audit_text("met.txt", dept_report(layout, "1260人次", ""));
        assert!(codes(&met, Severity::Error).is_empty(), "{:#?}", met.findings);
        assert_eq!(met.read.reading.coverage.targets, 3, "{:#?}", met.read.record);
        let missed_text = dept_report(layout, "1000人次", "");
        let missed = audit_text("missed.txt", missed_text.clone());
        assert_eq!(codes(&missed, Severity::Error), vec!["T001"], "{:#?}", missed.findings);
        let t001 = &missed.findings[0];
        assert!(
            missed.spans(t001).iter().any(|(s, _)| &missed_text[s.start..s.end] == "1000"),
            "{:?}",
            missed.spans(t001)
        );
        // the reason in the table's own column answers T002
        assert!(codes(&missed, Severity::Warning).contains(&"T002".to_string()));
        let explained = audit_text("explained.txt", dept_report(layout, "1000人次", "申请人数少于预期"));
        assert!(!codes(&explained, Severity::Warning).contains(&"T002".to_string()), "{:#?}", explained.findings);
    }
}

/// A project form (财预〔2020〕10号): its funds block and its indicator table.
fn project_form(actual: &str, score: &str) -> String {
    format!(
        "某县水利局2024年度项目支出绩效自评表\n\
         项目名称 | 小型水库除险加固项目 |\n\
         | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n\
         年度资金总额 | 300.00 | 300.00 | 294.00 | 10 | 98.00% | 9.8 |\n\
         其中:当年财政拨款 | 300.00 | 300.00 | 294.00 | — | 98.00% | — |\n\
         一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |\n\
         产出指标 | 数量指标 | 除险加固水库座数 | ≥6座 | {actual} | 30 | {score} | |\n\
         | 时效指标 | 汛前完工率 | 100% | 100% | 20 | 20 | |\n\
         效益指标 | 社会效益指标 | 受益人口 | ≥2万人 | 2.3万人 | 30 | 30 | |\n\
         满意度指标 | 服务对象满意度指标 | 受益群众满意度 | ≥90% | 96% | 10 | 10 | |\n\
         总分 | 100 | 99.8 |\n"
    )
}

#[test]
fn a_project_forms_indicator_table_is_read_and_a_full_score_on_a_miss_questioned() {
    let met = audit_text("met.txt", project_form("6座", "30"));
    assert!(met.findings.is_empty(), "{:#?}", met.findings);
    let Some(jixiao_core::Record::Project(p)) = &met.read.reading.project else { panic!("no project read") };
    assert_eq!(p.indicators.len(), 4, "{:#?}", p.indicators);
    assert_eq!(p.indicators[1].level1, "产出指标");
    let missed = audit_text("missed.txt", project_form("4座", "30"));
    let warnings = codes(&missed, Severity::Warning);
    assert!(warnings.contains(&"P002".to_string()) && warnings.contains(&"T007".to_string()), "{warnings:?}");
    let above = audit_text("above.txt", project_form("6座", "35"));
    assert!(codes(&above, Severity::Error).contains(&"P001".to_string()), "{:#?}", above.findings);
}

#[test]
fn the_total_of_a_form_read_whole_is_checked() {
    // 9.8 + 30 + 20 + 30 + 10 = 99.8; a total written 97.8 is wrong
    let text = project_form("6座", "30").replace("总分 | 100 | 99.8 |", "总分 | 100 | 97.8 |");
    let wrong = audit_text("total.txt", text.clone());
    assert!(wrong.read.reading.project_indicators_whole);
    let p003: Vec<_> = wrong.findings.iter().filter(|f| f.code == "P003").collect();
    assert_eq!(p003.len(), 1, "{:#?}", wrong.findings);
    assert!(wrong.spans(p003[0]).iter().any(|(s, _)| &text[s.start..s.end] == "97.8"));
    // a row the reader could not line up: no sum is held against the total
    let torn = text
        .replace("| 时效指标 | 汛前完工率 | 100% | 100% | 20 | 20 | |", "| 时效指标 | 汛前完工率 | 按期 | 20 | 20 |");
    let partial = audit_text("torn.txt", torn);
    assert!(!partial.read.reading.project_indicators_whole);
    assert!(partial.findings.iter().all(|f| f.code != "P003"), "{:#?}", partial.findings);
}

#[test]
fn a_funds_score_off_weight_times_rate_is_one_error_not_also_a_warning() {
    let text = project_form("6座", "30").replace("| 10 | 98.00% | 9.8 |", "| 10 | 98.00% | 10.0 |");
    let o = audit_text("score.txt", text.clone());
    let score_at = text.find("98.00% | 10.0").unwrap() + "98.00% | ".len();
    let on_score = |f: &&jixiao_core::Finding| o.spans(f).first().is_some_and(|(s, _)| s.start == score_at);
    let codes: Vec<_> = o.findings.iter().filter(on_score).map(|f| (f.code.as_str(), f.severity)).collect();
    assert!(codes.contains(&("G012", Severity::Error)), "{:#?}", o.findings);
    assert!(!codes.iter().any(|(c, _)| *c == "P002"), "{codes:?}");
}

/// A Sichuan-style project form copied one cell per line (`cell |`), the comparator and the
/// unit in columns of their own.
fn stacked_form(actual: &str, total: &str) -> String {
    let cells = [
        "某县人社局2023年度项目支出绩效自评表",
        "年初预算",
        "调整后预算数",
        "预算执行数",
        "预算执行率",
        "权重",
        "得分",
        "总额",
        "50.00",
        "50.00",
        "50.00",
        "100.00%",
        "10",
        "10",
        "绩效指标(90分)",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "完成值",
        "权重",
        "得分",
        "未完成原因分析",
        "产出指标",
        "数量指标",
        "技能培训人次",
        "≥",
        "800",
        "人次",
        actual,
        "50",
        "50",
        "",
        "效益指标",
        "社会效益指标",
        "培训后就业率",
        "≥",
        "60",
        "%",
        "72",
        "40",
        "40",
        "",
        "合计",
        "100",
        total,
        "",
    ];
    cells.iter().map(|c| format!("{c} |\n")).collect()
}

#[test]
fn a_form_copied_one_cell_per_line_is_read() {
    let met = audit_text("met.txt", stacked_form("860", "100"));
    let Some(jixiao_core::Record::Project(p)) = &met.read.reading.project else { panic!("no project read") };
    assert_eq!(p.indicators.len(), 2, "{:#?}", p.indicators);
    assert!(met.read.reading.project_indicators_whole);
    assert!(met.findings.is_empty(), "{:#?}", met.findings);
    let missed = audit_text("missed.txt", stacked_form("620", "100"));
    let warnings = codes(&missed, Severity::Warning);
    assert!(warnings.contains(&"P002".to_string()) && warnings.contains(&"T007".to_string()), "{warnings:?}");
    let text = stacked_form("860", "96");
    let wrong = audit_text("total.txt", text.clone());
    let p003: Vec<_> = wrong.findings.iter().filter(|f| f.code == "P003").collect();
    assert_eq!(p003.len(), 1, "{:#?}", wrong.findings);
    assert!(wrong.spans(p003[0]).iter().any(|(s, _)| &text[s.start..s.end] == "96"));
}
