//! Tables as a report's text reaches a reader in other layouts than the corpus's: each text
//! (invented units and figures) audits without errors, and a figure changed in it is caught
//! by an error on that figure.

use jixiao_pipeline::Severity;
use jixiao_pipeline::audit_text;

/// The codes of the errors found in `text`.
fn errors(text: &str) -> Vec<String> {
    let a = audit_text("layout.txt", text.to_string());
    a.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| format!("{} {}", f.code, f.message)).collect()
}

/// Whether an error points at `figure`, written inside `context` (once in `text`).
fn caught(text: &str, context: &str, figure: &str) -> bool {
    assert_eq!(text.matches(context).count(), 1, "{context}");
    let start = text.find(context).unwrap_or_default() + context.find(figure).unwrap_or_default();
    let end = start + figure.len();
    let a = audit_text("layout.txt", text.to_string());
    a.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .any(|f| a.spans(f).iter().any(|(s, _)| s.start < end && start < s.end))
}

/// `text` with `old` (inside `context`) written as `new`.
fn changed(text: &str, context: &str, old: &str, new: &str) -> (String, String) {
    let ctx = context.replacen(old, new, 1);
    (text.replacen(context, &ctx, 1), ctx)
}

/// Audits clean, and each (context, figure, changed figure) is caught.
fn check(text: &str, changes: &[(&str, &str, &str)]) {
    assert_eq!(errors(text), Vec::<String>::new());
    for (context, old, new) in changes {
        let (bad, ctx) = changed(text, context, old, new);
        assert!(caught(&bad, &ctx, new), "{old} -> {new} not caught: {:#?}", errors(&bad));
    }
}

#[test]
fn a_table_one_cell_per_line_with_a_bar_after_each_cell_is_read() {
    let text = "某某合作社奖补资金使用情况\n单位:万元\n项目 |\n全年执行数 |\n全年预算数 |\n结余 |\n执行率 |\n\
                奖补资金 |\n42.30 |\n45.00 |\n2.70 |\n94.00% |\n自筹资金 |\n9.50 |\n10.00 |\n0.50 |\n95.00% |\n\
                合计 |\n51.80 |\n55.00 |\n3.20 |\n94.18% |\n";
    check(text, &[("\n2.70 |", "2.70", "5.70"), ("94.18%", "94.18%", "97.18%"), ("\n51.80 |", "51.80", "81.80")]);
}

#[test]
fn a_heading_whose_unit_stands_on_a_line_of_its_own_is_one_heading() {
    let text = "附表 经费对比\n\n科目\n\n预算数\n(万元)\n\n决算数\n(万元)\n\n差异额\n(万元)\n\n合计\n\n64.00\n\n61.25\n\n2.75\n\n\
                办公经费\n\n40.00\n\n38.75\n\n1.25\n\n培训经费\n\n24.00\n\n22.50\n\n1.50\n\n注:以上为汇总。\n";
    check(text, &[("\n1.25\n", "1.25", "4.25"), ("\n64.00\n", "64.00", "94.00")]);
}

#[test]
fn page_marks_between_the_cells_of_a_table_one_cell_per_line_keep_it_whole() {
    let text = "支出情况表\n项目\n预算数\n决算数\n差异\n执行率\n人员支出\n300.00\n291.00\n9.00\n97.00%\n运转支出\n80.00\n76.00\n4.00\n95.00%\n\n\
                — 4 —\n\n专项支出\n40.00\n34.00\n\n第 5 页\n\n6.00\n85.00%\n合计\n420.00\n401.00\n19.00\n95.48%\n说明:无。\n";
    check(text, &[("\n6.00\n", "6.00", "7.00"), ("\n420.00\n", "420.00", "720.00"), ("95.48%", "95.48%", "98.48%")]);
}

#[test]
fn a_page_mark_between_the_rows_of_a_bar_table_keeps_it_whole() {
    let text = "二、项目支出\n| 项目名称 | 全年预算数 | 全年执行数 | 结余 |\n| 堤防巡查 | 66.00 | 61.50 | 4.50 |\n\
                | 泵站运行 | 30.00 | 28.20 | 1.80 |\n第 5 页\n| 水质监测 | 14.00 | 13.30 | 0.70 |\n| 合计 | 110.00 | 103.00 | 7.00 |\n";
    check(text, &[("| 0.70 |", "0.70", "3.70"), ("| 110.00", "110.00", "410.00"), ("| 7.00 |", "7.00", "1.00")]);
}

#[test]
fn a_header_written_over_two_lines_names_its_columns() {
    let text = "一、支出情况(单位:元)\n\
                类别          年初          全年          差异          执行率\n\
                \x20             预算数        决算数\n\
                工资          500,000.00    488,000.00    12,000.00     97.60%\n\
                运维          120,000.00    111,000.00    9,000.00      92.50%\n\
                合计          620,000.00    599,000.00    21,000.00     96.61%\n";
    check(
        text,
        &[
            ("12,000.00", "12,000.00", "42,000.00"),
            ("92.50%", "92.50%", "22.50%"),
            ("620,000.00", "620,000.00", "920,000.00"),
        ],
    );
}

#[test]
fn a_difference_headed_actual_minus_budget_is_checked_that_way() {
    let text = "| 项目 | 调整后预算数 | 决算数 | 执行率 | 差异(决算数-预算数) |\n\
                | 人员支出 | 120.00万元 | 117.60万元 | 98.00% | -2.40万元 |\n\
                | 日常运转 | 40.00万元 | 42.00万元 | 105.00% | 2.00万元 |\n\
                | 合计 | 160.00万元 | 159.60万元 | 99.75% | -0.40万元 |\n";
    check(text, &[("-2.40万元", "2.40", "5.40"), ("99.75%", "99.75%", "92.75%"), ("| 2.00万元", "2.00", "5.00")]);
    // The heading decides where the rows alone would not: one row of the other sign.
    let one = "| 项目 | 预算数 | 决算数 | 差异(决算数-预算数) |\n| 日常运转 | 40.00 | 42.00 | -2.00 |\n";
    assert!(caught(one, "| -2.00", "-2.00"), "{:#?}", errors(one));
    assert_eq!(errors(&one.replace("-2.00", "2.00")), Vec::<String>::new());
}

#[test]
fn a_table_whose_rows_state_actual_minus_budget_is_checked_that_way() {
    let text = "项目\t预算数\t决算数\t差异\n基本支出\t200.00\t190.00\t-10.00\n项目支出\t50.00\t56.00\t6.00\n\
                其他支出\t10.00\t9.00\t-1.00\n合计\t260.00\t255.00\t-5.00\n";
    check(text, &[("\t-10.00", "10.00", "40.00"), ("\t6.00", "6.00", "8.00")]);
}

#[test]
fn one_functional_class_among_rows_of_another_classification_is_no_class_table() {
    // 其他支出 is a functional class; 基本支出 and 项目支出 are not: the table is summed as a whole.
    let text = "支出表\n项目\n预算数\n决算数\n差异\n基本支出\n500.00\n480.00\n20.00\n项目支出\n100.00\n90.00\n10.00\n\
                其他支出\n10.00\n9.00\n1.00\n合计\n610.00\n579.00\n31.00\n";
    check(text, &[("\n579.00\n", "579.00", "879.00"), ("\n20.00\n", "20.00", "50.00")]);
}

#[test]
fn a_change_in_the_income_and_spending_part_is_checked_without_last_years_budget() {
    // The record's 收支情况 takes the change, but has no budgets to check it against.
    let text = "某某水库管理站2025年度部门整体支出绩效自评报告\n一、收支情况\n\
                2025年度支出总额2,402.50万元,比上年减少97.50万元,下降3.90%。\n";
    check(text, &[("下降3.90%", "3.90%", "6.90%"), ("减少97.50", "97.50", "17.50")]);
}

#[test]
fn a_change_after_last_years_figure_is_checked_against_this_years() {
    let text = "某某文化站2025年度部门整体支出绩效自评报告\n一、基本情况\n\
                本年支出总计440.00万元,较上年的400.00万元增加40.00万元,增长10.00%。\n\
                全年接待参观群众3300人次,较上年增加300人次,增长10.00%。\n";
    check(
        text,
        &[
            ("增长10.00%。\n全年", "10.00%", "40.00%"),
            ("增加40.00", "40.00", "70.00"),
            ("增加300人次,增长10.00%", "10.00%", "13.00%"),
        ],
    );
}

#[test]
fn a_score_sheet_of_points_rate_and_score_is_checked_row_by_row() {
    let text = "自评得分汇总\n指标\t权重\t完成率\t得分\n资金管理\t20\t95.00%\t19.00\n任务完成\t40\t85.00%\t34.00\n\
                群众满意\t40\t90.00%\t36.00\n合计\t100\t\t89.00\n";
    check(text, &[("\t34.00", "34.00", "64.00"), ("\t89.00", "89.00", "59.00"), ("\t19.00", "19.00", "49.00")]);
}

#[test]
fn a_total_row_of_the_indicator_points_alone_is_not_the_whole_self_score() {
    // 合计 90 / 90 totals the indicators; with the funds' 9.50 of 10 the form scores 99.50.
    let text = "某某村道路硬化项目绩效自评表\n\
                项目资金(万元)      年初预算数    全年预算数    全年执行数    分值    执行率    得分\n\
                年度资金总额          80.00         80.00         76.00         10      95.00%    9.50\n\
                一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
                产出指标\t数量指标\t硬化道路长度\t≥3公里\t3.2公里\t40\t40\n\
                \t质量指标\t验收合格率\t100%\t100%\t20\t20\n\
                效益指标\t社会效益指标\t受益农户\t≥500户\t530户\t20\t20\n\
                满意度指标\t满意度指标\t农户满意度\t≥90%\t96%\t10\t10\n\
                合计\t\t\t\t\t90\t90\n";
    assert_eq!(errors(text), Vec::<String>::new());
}

#[test]
fn a_completion_rate_after_a_plan_and_its_result_is_checked() {
    let text = "某某河道管理所2025年度部门整体支出绩效自评报告\n三、绩效目标完成情况\n\
                全年计划开展巡河120次,实际开展132次,完成率110.00%。\n";
    check(text, &[("110.00%", "110.00%", "140.00%"), ("实际开展132", "132", "162")]);
}

#[test]
fn an_execution_rate_after_a_budget_and_what_was_executed_is_checked() {
    let text = "某某局2025年度部门整体支出绩效自评报告\n(三)重点项目\n\
                路灯维护项目预算80.00万元,执行76.00万元,执行率95.00%。\n";
    check(text, &[("95.00%", "95.00%", "25.00%"), ("执行76.00", "76.00", "46.00")]);
}

#[test]
fn a_share_right_after_a_listed_part_is_of_the_lists_total() {
    let text = "某某站2025年度部门整体支出绩效自评报告\n一、支出情况\n\
                本年支出总计800.00万元。其中:基本支出600.00万元,占75.00%;项目支出200.00万元,占25.00%。\n";
    check(
        text,
        &[("占75.00%", "75.00%", "45.00%"), ("占25.00%", "25.00%", "55.00%"), ("总计800.00", "800.00", "900.00")],
    );
}
