//! `jixiao review` as a reviewer runs it: a folder and a pattern, the summary workbook, the
//! exit code, and the messages for what holds no report.

mod common;

use common::jixiao_in;

/// A short report; its execution rate is the actual over 400.00 万元 (so that it adds up).
fn report(unit: &str, total: &str, actual: &str, rate: &str) -> String {
    format!(
        "{unit}2024年度部门整体支出绩效自评报告\n\n二、部门整体支出情况\n2024年年初预算数为400.00万元,决算数为{actual}万元,\
         预算执行率为{rate}%。\n\n三、自评结论\n经自评,本部门2024年度部门整体支出绩效自评总分为{total}分。\n"
    )
}

#[test]
fn a_folder_is_reviewed_into_a_table_and_a_workbook() {
    let dir = tempfile::tempdir().expect("tmp");
    let reports = dir.path().join("报告");
    std::fs::create_dir(&reports).expect("mkdir");
    std::fs::write(reports.join("东山.txt"), report("东山县文化旅游局", "95", "300.00", "75.00")).expect("w");
    std::fs::write(reports.join("西岭.txt"), report("西岭县文化旅游局", "85", "384.00", "96.00")).expect("w");
    let r = jixiao_in(dir.path(), &["review", "报告", "-o", "复核汇总.xlsx", "--jobs", "2"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("信号[R001] 自评总分 95 分,预算执行率 75.00%,按复核规则最高 89 分"), "{}", r.stdout);
    assert!(r.stdout.contains("复核 2 份:0 份有错误,1 份有信号"), "{}", r.stdout);
    assert!(dir.path().join("复核汇总.xlsx").is_file());
    // A pattern expanded by jixiao itself (as in Windows cmd), and JSON for programs.
    let r = jixiao_in(dir.path(), &["review", "报告/东*.txt", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["reports"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["reports"][0]["signals"][0]["code"], "R001");
}

#[test]
fn the_seed_makes_the_batch_exit_1_and_nothing_to_review_exits_2() {
    let Some(shared) = jixiao_testkit::shared() else { return };
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(shared.join("seed/000_c570ee2c5f3014ba.txt"), dir.path().join("seed.txt")).expect("copy");
    let r = jixiao_in(dir.path(), &["review", "."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("错误 5"), "{}", r.stdout);
    std::fs::create_dir(dir.path().join("空")).expect("mkdir");
    let r = jixiao_in(dir.path(), &["review", "空"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("跳过 空:文件夹中没有可复核的报告"), "{}", r.stderr);
    assert!(r.stderr.contains("没有找到可复核的报告"), "{}", r.stderr);
    let r = jixiao_in(dir.path(), &["review", ".", "-o", "汇总.csv"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("复核汇总只能保存为 .xlsx 工作簿"), "{}", r.stderr);
}

#[test]
fn annotated_copies_go_to_their_folder_and_the_originals_stay_as_they_were() {
    let dir = tempfile::tempdir().expect("tmp");
    let record = jixiao_testkit::repo_root().join("examples/lechang-hrss-2024.toml");
    let record = record.display().to_string();
    // The example record has errors: written anyway (--force) to have figures to mark.
    let r = jixiao_in(dir.path(), &["report", &record, "--force", "-o", "报告.docx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::write(dir.path().join("说明.txt"), report("东山县文化旅游局", "85", "384.00", "96.00")).expect("w");
    let before = std::fs::read(dir.path().join("报告.docx")).expect("read");
    let r = jixiao_in(dir.path(), &["review", "报告.docx", "说明.txt", "--annotate", "批注"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let copy = dir.path().join("批注/报告-批注.docx");
    assert!(copy.is_file(), "{}", r.stdout);
    assert!(r.stdout.contains("批注副本已写入") && r.stdout.contains("处数字加了批注"), "{}", r.stdout);
    assert!(
        r.stdout.contains("另有 1 份文本、网页或 Markdown 报告,只为 Word(.docx)和 PDF 报告生成批注副本"),
        "{}",
        r.stdout
    );
    assert_eq!(std::fs::read(dir.path().join("报告.docx")).expect("read"), before);
    assert_ne!(std::fs::read(&copy).expect("read"), before);
    // Last year's reports that are not there: said, exit 2.
    let r = jixiao_in(dir.path(), &["review", "报告.docx", "--previous", "上年"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("上年报告:跳过 上年:文件或文件夹不存在"), "{}", r.stderr);
}
