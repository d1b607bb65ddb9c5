//! A batch reviewed end to end: the seed among reports written for the test, files that
//! cannot be read and folders without reports.

use std::path::Path;

use jixiao_review::{ReviewRules, Status, expand, review};

/// A short department report in the test's own words.
fn report(unit: &str, total: &str, rate: &str, extra: &str, problems: &str) -> String {
    format!(
        "{unit}2024年度部门整体支出绩效自评报告\n\n一、部门基本情况\n{unit}负责本县有关工作。{extra}\n\n\
         二、部门整体支出情况\n2024年年初预算数为400.00万元,决算数为300.00万元,预算执行率为{rate}%。\n\n\
         三、自评结论\n经自评,本部门2024年度部门整体支出绩效自评总分为{total}分,评价等级为优。\n\n\
         四、存在的问题\n{problems}\n"
    )
}

fn batch_in(dir: &Path) -> jixiao_review::Batch {
    let inputs = expand(&[dir.display().to_string()]);
    review(&inputs.files, inputs.skipped, &ReviewRules::default(), 2, &|_| {})
}

fn row<'a>(b: &'a jixiao_review::Batch, name: &str) -> &'a jixiao_review::ReportRow {
    b.reports.iter().find(|r| r.file.ends_with(name)).unwrap_or_else(|| panic!("no row for {name}"))
}

fn codes(r: &jixiao_review::ReportRow) -> Vec<&str> {
    r.signals.iter().map(|s| s.code).collect()
}

#[test]
fn the_seed_in_a_batch_gives_its_five_errors_in_its_row() {
    let Some(shared) = jixiao_testkit::shared() else { return };
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(shared.join("seed/000_c570ee2c5f3014ba.txt"), dir.path().join("seed.txt")).expect("copy");
    let b = batch_in(dir.path());
    let seed = row(&b, "seed.txt");
    assert_eq!(seed.status, Status::Checked);
    assert_eq!(seed.errors, 5);
    assert_eq!(seed.unit.as_deref(), Some("乐昌市人力资源和社会保障局"));
}

#[test]
fn a_report_jixiao_wrote_despite_its_records_errors_is_signalled_with_what_its_note_lists() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    // The closing note `jixiao report --force` adds (two errors and a warning listed).
    let note = "附注:检查发现的问题\n本报告所依据的记录经检查存在以下问题:\n\
                1. [错误A001] 甲表合计不符\n2. [警告C002] 口径不一\n3. [错误N001] 单位数不符\n";
    let forced = report("北塘县农业农村局", "86", "96.00", "", "1.预算编制不够精准。") + note;
    std::fs::write(p.join("forced.txt"), forced).expect("w");
    // The same report without the note, and one that only mentions the note's words in passing.
    std::fs::write(p.join("plain.txt"), report("北塘县水务局", "86", "96.00", "", "1.预算编制不够精准。")).expect("w");
    let passing = "详见附注:检查发现的问题。";
    std::fs::write(p.join("passing.txt"), report("北塘县林业局", "86", "96.00", passing, "1.预算编制不够精准。"))
        .expect("w");
    let b = batch_in(p);
    let f = row(&b, "forced.txt");
    assert_eq!(codes(f), vec!["R010"]);
    assert!(f.signals[0].message.contains("2 个错误、1 个警告"), "{}", f.signals[0].message);
    assert!(codes(row(&b, "plain.txt")).is_empty());
    assert!(codes(row(&b, "passing.txt")).is_empty());
}

#[test]
fn a_score_above_the_cap_another_units_name_and_an_empty_problems_section_are_signalled() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    // 95 points at 75% execution: above the cap of 89.
    std::fs::write(p.join("a.txt"), report("东山县文化旅游局", "95", "75.00", "", "1.绩效目标设置不够细化。"))
        .expect("w");
    // 88 points at 75%: within the cap; names the first unit inside its own report.
    let extra = "本局参照东山县文化旅游局的做法开展工作。";
    std::fs::write(p.join("b.txt"), report("西岭县文化旅游局", "88", "75.00", extra, "1.预算编制不够精准。"))
        .expect("w");
    // 80 points at 92%: no cap; its problems section says only 无.
    std::fs::write(p.join("c.txt"), report("南坪县卫生健康局", "80", "92.00", "", "无。")).expect("w");
    let b = batch_in(p);
    assert_eq!(codes(row(&b, "a.txt")), vec!["R001"]);
    assert_eq!(codes(row(&b, "b.txt")), vec!["R004"]);
    assert_eq!(codes(row(&b, "c.txt")), vec!["R003"]);
    assert!(row(&b, "b.txt").signals[0].message.contains("东山县文化旅游局"));
}

#[test]
fn unreadable_files_and_empty_folders_get_their_reasons_and_never_stop_the_batch() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    std::fs::write(p.join("broken.pdf"), b"%PDF-1.4 not really").expect("w");
    std::fs::write(p.join("broken.docx"), b"PK not a zip").expect("w");
    std::fs::write(p.join("table.xlsx"), b"x").expect("w");
    std::fs::write(p.join("ok.txt"), report("东山县文化旅游局", "85", "95.00", "", "1.问题。")).expect("w");
    std::fs::create_dir(p.join("empty")).expect("mkdir");
    let b = batch_in(p);
    assert_eq!(b.reports.len(), 3);
    for name in ["broken.pdf", "broken.docx"] {
        match &row(&b, name).status {
            Status::Unreadable(why) => assert!(why.contains("无法读取") || why.contains("损坏"), "{why}"),
            other => panic!("{name}: {other:?}"),
        }
    }
    assert_eq!(row(&b, "ok.txt").status, Status::Checked);
    assert!(b.skipped.iter().any(|(p, why)| p.ends_with("table.xlsx") && why.contains("不是可复核的文件类型")));
    let empty = expand(&[p.join("empty").display().to_string()]);
    assert!(empty.files.is_empty());
    assert_eq!(empty.skipped[0].1, "文件夹中没有可复核的报告");
    let none = expand(&[p.join("*.doc").display().to_string(), p.join("missing").display().to_string()]);
    assert_eq!(
        none.skipped.iter().map(|s| s.1.as_str()).collect::<Vec<_>>(),
        vec!["没有与之匹配的文件", "文件或文件夹不存在"]
    );
}

#[test]
fn a_report_with_nothing_checkable_is_not_clean() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("letter.txt"), "关于召开会议的通知\n\n请各单位按时参加。\n").expect("w");
    let b = batch_in(dir.path());
    assert_eq!(row(&b, "letter.txt").status, Status::NothingChecked);
}

#[test]
fn the_summary_workbook_lists_every_report_and_finding() {
    use calamine::{Reader, Xlsx};
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("a.txt"), report("东山县文化旅游局", "95", "75.00", "", "1.问题。")).expect("w");
    std::fs::write(dir.path().join("bad.pdf"), b"%PDF broken").expect("w");
    let b = batch_in(dir.path());
    let bytes = jixiao_review::write_xlsx(&b).expect("xlsx");
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("open");
    assert_eq!(wb.sheet_names(), vec!["汇总", "问题清单", "重复段落", "未复核", "说明"]);
    let summary = wb.worksheet_range("汇总").expect("汇总");
    assert_eq!(summary.height(), 3);
    let text: Vec<String> = summary.rows().flat_map(|r| r.iter().map(ToString::to_string)).collect();
    assert!(text.iter().any(|c| c.contains("R001")), "{text:?}");
    let issues = wb.worksheet_range("问题清单").expect("问题清单");
    assert!(issues.rows().any(|r| r.iter().any(|c| *c == "R001")));
    let unread = wb.worksheet_range("未复核").expect("未复核");
    assert!(unread.rows().any(|r| r[0].to_string().ends_with("bad.pdf")));
}

/// A paragraph in the test's own words, long enough to be compared across units.
const SHARED: &str = "本单位坚持把预算绩效管理贯穿预算编制执行和监督全过程,建立健全事前评估事中监控事后评价的工作机制,\
    对重点项目逐项设定可衡量的产出和效益目标,按季度跟踪目标完成进度并及时纠正偏差。";

#[test]
fn two_units_sharing_a_paragraph_and_a_name_raise_those_signals_and_no_others() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    let a_extra = format!("\n{SHARED}");
    let b_extra = format!("本局参照北河县农业农村局的做法开展工作。\n{SHARED}");
    std::fs::write(p.join("a.txt"), report("北河县农业农村局", "86", "96.00", &a_extra, "1.绩效目标不够细化。"))
        .expect("w");
    std::fs::write(p.join("b.txt"), report("南湖县水利局", "85", "97.00", &b_extra, "1.项目推进较慢。")).expect("w");
    let b = batch_in(p);
    assert_eq!(codes(row(&b, "a.txt")), vec!["R008"]);
    assert_eq!(codes(row(&b, "b.txt")), vec!["R004", "R008"]);
    assert_eq!(b.duplicates.len(), 1, "{:?}", b.duplicates);
    let d = &b.duplicates[0];
    assert_eq!(d.similarity, 100);
    let a_line = row(&b, "a.txt").text.lines().position(|l| l.starts_with("本单位坚持")).expect("line") + 1;
    assert_eq!(d.a.line, a_line);
    assert!(row(&b, "b.txt").signals[1].message.contains("北河县农业农村局"), "{:?}", row(&b, "b.txt").signals);
    let json = jixiao_review::to_json(&b);
    assert_eq!(json["duplicates"][0]["similarity"], 100);
}

#[test]
fn a_nearly_copied_paragraph_is_found_and_a_standard_phrase_of_most_units_is_not() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    let common = "为贯彻落实预算法及其实施条例的有关规定,进一步提高财政资金使用效益,根据县财政局的统一部署开展本次绩效自评工作。";
    let units = ["甲山县交通运输局", "乙水县林业局", "丙川县审计局", "丁原县统计局"];
    for (i, unit) in units.iter().enumerate() {
        let mut extra = format!("\n{common}");
        if i == 0 {
            extra.push_str(&format!("\n{SHARED}"));
        }
        if i == 1 {
            // One character changed: nearly the same.
            let near = SHARED.replace("按季度", "按月度");
            extra.push_str(&format!("\n{near}"));
        }
        std::fs::write(p.join(format!("{i}.txt")), report(unit, "85", "96.00", &extra, "1.问题较多。")).expect("w");
    }
    let b = batch_in(p);
    assert_eq!(b.duplicates.len(), 1, "{:?}", b.duplicates);
    let d = &b.duplicates[0];
    assert!((80..100).contains(&d.similarity), "{}", d.similarity);
    assert_eq!(
        (b.reports[d.a.report].file.ends_with("0.txt"), b.reports[d.b.report].file.ends_with("1.txt")),
        (true, true)
    );
    for name in ["2.txt", "3.txt"] {
        assert!(codes(row(&b, name)).is_empty(), "{name}: {:?}", row(&b, name).signals);
    }
}

#[test]
fn every_signal_has_a_page_in_docs_rules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules");
    for s in jixiao_review::SIGNALS {
        let page = root.join(jixiao_review::signal_page_name(s));
        let text = std::fs::read_to_string(&page).unwrap_or_default();
        if std::env::var_os("JIXIAO_UPDATE").is_some() {
            std::fs::write(&page, jixiao_review::signal_page(s)).expect("write page");
            continue;
        }
        assert!(
            text == jixiao_review::signal_page(s),
            "{} is stale: run `JIXIAO_UPDATE=1 cargo test -p jixiao-review --test review every_signal`",
            page.display()
        );
    }
}

#[test]
fn the_dashboard_is_one_offline_file_with_every_report_text_escaped() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    let hostile = "\n<script>alert(1)</script> & <img src=x onerror=alert(2)>";
    std::fs::write(p.join("a.txt"), report("东山县文化旅游局", "95", "75.00", hostile, "1.问题。")).expect("w");
    std::fs::write(p.join("b.txt"), report("西岭县文化旅游局", "86", "96.00", "", "1.问题。")).expect("w");
    let b = batch_in(p);
    let html = jixiao_review::to_html(&b, &ReviewRules::default());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script>alert"), "report text must be escaped");
    assert!(!html.contains("<img"), "report text must be escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x"));
    assert_eq!(html.matches("<script>").count(), 1, "only the dashboard's own inline script");
    for network in ["src=\"http", "href=\"http", "@import", "url("] {
        assert!(!html.contains(network), "{network}");
    }
    // Both reports in the table and their sections; the capped one drawn red; the cap line drawn.
    assert!(html.contains("id=\"r0\"") && html.contains("id=\"r1\""));
    assert!(html.contains("<polyline"));
    assert_eq!(html.matches("fill=\"#c00\" fill-opacity").count(), 1);
}

#[test]
fn each_row_carries_the_grade_and_total_stated_and_the_pages_the_file_tells() {
    use calamine::{Reader, Xlsx};
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    // A project report in the test's own words, two pages split by a form feed.
    let project = "西山县第二中学2024年度项目支出绩效自评报告\n(校园安全改造经费)\n一、自评结论\n\
        经自评小组逐项打分,本校校园安全改造经费项目自评得分97分,自评结果为\u{201c}优秀\u{201d}。\n\u{c}\
        二、绩效目标完成情况\n校园监控设备全部安装到位,师生满意度达到96%。\n";
    std::fs::write(p.join("project.txt"), project).expect("w");
    std::fs::write(p.join("dept.txt"), report("东山县文化旅游局", "85", "95.00", "", "1.问题。")).expect("w");
    let b = batch_in(p);
    let proj = row(&b, "project.txt");
    assert_eq!(proj.kind, "项目支出");
    assert_eq!(proj.stated_total.map(|d| d.to_string()).as_deref(), Some("97"));
    assert_eq!(proj.stated_grade.as_deref(), Some("优秀"));
    assert_eq!(proj.pages, Some(jixiao_pipeline::Pages::FormFeeds(2)));
    let dept = row(&b, "dept.txt");
    assert_eq!(dept.stated_total.map(|d| d.to_string()).as_deref(), Some("85"));
    assert_eq!(dept.stated_grade.as_deref(), Some("优"));
    assert_eq!(dept.pages, None, "a text without form feeds tells no page count");

    let json = jixiao_review::to_json(&b);
    let by_file = |name: &str| {
        json["reports"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["file"].as_str().unwrap().ends_with(name))
            .unwrap()
            .clone()
    };
    assert_eq!(by_file("project.txt")["pages"], 2);
    assert_eq!(by_file("project.txt")["pages_source"], "form_feeds");
    assert_eq!(by_file("project.txt")["stated_grade"], "优秀");
    assert!(by_file("dept.txt")["pages"].is_null());

    let bytes = jixiao_review::write_xlsx(&b).expect("xlsx");
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("open");
    let summary = wb.worksheet_range("汇总").expect("汇总");
    let rows: Vec<Vec<String>> = summary.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect();
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap_or_else(|| panic!("no column {name}"));
    assert_eq!(col("页数"), 2, "the page count follows the file");
    let proj_row = rows.iter().find(|r| r[1].ends_with("project.txt")).expect("project row");
    assert_eq!(proj_row[col("页数")], "2");
    assert_eq!(proj_row[col("等级")], "优秀");
    assert_eq!(proj_row[col("自评总分")], "97");

    // Both grades are of the band 优 in the dashboard's grade chart.
    let html = jixiao_review::to_html(&b, &ReviewRules::default());
    assert!(html.contains(">2</text><text x=\"40\" y=\"320\" text-anchor=\"middle\">优</text>"), "grade chart");
    assert!(html.contains("<th onclick=\"sortBy(this)\">页数</th>"));
    assert!(html.contains("<td title=\"按文本中的分页符计\">2</td>"));
}

#[test]
fn a_finding_is_placed_on_its_page_in_the_json_and_the_workbook() {
    use calamine::{Data, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("tmp");
    // A form feed before the budget section: the wrong rate (75.00% is right) is on page 2.
    std::fs::write(dir.path().join("a.txt"), report("东山县文化旅游局", "85", "90.00", "\u{c}", "1.问题。"))
        .expect("w");
    // The same without form feeds: no page.
    std::fs::write(dir.path().join("b.txt"), report("西岭县文化旅游局", "85", "90.00", "", "1.问题。")).expect("w");
    let b = batch_in(dir.path());
    let paged = row(&b, "a.txt").findings.iter().find(|f| f.figure.as_deref() == Some("90.00%"));
    let paged = paged.unwrap_or_else(|| panic!("{:?}", row(&b, "a.txt").findings));
    assert_eq!(paged.page, Some(2), "{:?}", row(&b, "a.txt").findings);
    let unpaged = row(&b, "b.txt").findings.iter().find(|f| f.figure.as_deref() == Some("90.00%")).expect("the rate");
    assert_eq!(unpaged.page, None);
    let json = jixiao_review::to_json(&b);
    let findings = |i: usize| json["reports"][i]["findings"].as_array().cloned().unwrap_or_default();
    let a = b.reports.iter().position(|r| r.file.ends_with("a.txt")).expect("a");
    assert!(findings(a).iter().any(|f| f["page"] == 2 && f["text"] == "90.00%"), "{json}");
    assert!(findings(1 - a).iter().all(|f| f["page"].is_null()));
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(jixiao_review::write_xlsx(&b).expect("xlsx"))).expect("open");
    let issues = wb.worksheet_range("问题清单").expect("问题清单");
    let head: Vec<String> = issues.rows().next().expect("head").iter().map(ToString::to_string).collect();
    assert_eq!(head[2], "页");
    // The dashboard says the page beside the finding (and only the line where there is no page).
    let html = jixiao_review::to_html(&b, &ReviewRules::default());
    let section = |i: usize| {
        let start = html.find(&format!("id=\"r{i}\"")).expect("its section");
        html[start..].split("</section>").next().expect("section").to_string()
    };
    assert!(section(a).contains("<li>第 2 页(文字第 "), "{}", section(a));
    assert!(!section(1 - a).contains(" 页(文字第 ") && section(1 - a).contains("<li>第 "), "{}", section(1 - a));
    assert!(
        issues.rows().any(|r| r[0].to_string().ends_with("a.txt") && r[2] == Data::Float(2.0) && r[7] == "90.00%"),
        "{issues:?}"
    );
}
