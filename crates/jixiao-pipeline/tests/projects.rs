//! A department and its projects: each listed project checked with its findings naming it, and
//! the 项目支出绩效自评结果汇总表's figures computed from the projects' own records.

use jixiao_pipeline::projects::{
    ProjectOutcome, check_department, check_inline, check_project, inline_reads, listed_files, summary, totals,
};
use jixiao_pipeline::{Decimal, Format, Input, read};

fn load(path: &str) -> jixiao_pipeline::Read {
    let text = std::fs::read_to_string(format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))).expect("example");
    read(path, Input::Record { text, format: Format::Toml }).unwrap_or_else(|_| panic!("{path} reads"))
}

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).expect("decimal")
}

#[test]
fn a_department_lists_its_projects_and_their_summary_is_computed() {
    let dept = load("examples/dept-agriculture-2024.toml");
    let files = listed_files(&dept.record);
    assert_eq!(files, ["project-farmland-2024.toml", "project-farm-machinery-subsidy-2024.toml"]);
    let projects: Vec<_> = files
        .iter()
        .enumerate()
        .map(|(i, f)| check_project(i, f, load(&format!("examples/{f}")), None).expect("a project"))
        .collect();
    // The farmland project's findings say whose they are.
    let farmland = &projects[0];
    assert!(!farmland.outcome.findings.is_empty());
    for f in &farmland.outcome.findings {
        assert!(f.message.starts_with("项目“高标准农田建设补助项目”:"), "{}", f.message);
    }
    assert!(projects[1].outcome.findings.is_empty(), "{:#?}", projects[1].outcome.findings);
    let rows = summary(&projects);
    assert_eq!(rows.len(), 2);
    // 640.00 − 608.00 = 32.00; self-scores 9.5 + 50 + 29 + 10 = 98.5.
    assert_eq!((rows[0].number, rows[0].name.as_str()), (1, "高标准农田建设补助项目"));
    assert_eq!(rows[0].implementer.as_deref(), Some("示例县农田建设服务中心"));
    assert_eq!(
        (rows[0].budget, rows[0].actual, rows[0].balance),
        (Some(d("640.00")), Some(d("608.00")), Some(d("32.00")))
    );
    assert_eq!((rows[0].self_score, rows[0].grade.as_deref()), (Some(d("98.5")), Some("优")));
    assert_eq!((rows[1].budget, rows[1].balance), (Some(d("905.50")), Some(d("0.00"))));
    assert_eq!(rows[1].self_score, Some(d("100")));
    assert_eq!((rows[0].place.as_str(), rows[1].place.as_str()), ("projects.files[0]", "projects.files[1]"));
    // A department record is not a project, listed or inline.
    assert!(check_project(0, "x.toml", load("examples/dept-agriculture-2024.toml"), None).is_err());
    assert!(check_inline(0, 0, load("examples/dept-agriculture-2024.toml"), None).is_err());
}

/// Every project of the example department: its two files and the one written inline.
fn all_projects(dept: &jixiao_pipeline::Read) -> Vec<ProjectOutcome> {
    let files = listed_files(&dept.record);
    let mut projects: Vec<ProjectOutcome> = files
        .iter()
        .enumerate()
        .map(|(i, f)| check_project(i, f, load(&format!("examples/{f}")), None).expect("a project"))
        .collect();
    for (i, read) in inline_reads(dept).into_iter().enumerate() {
        projects.push(check_inline(files.len(), i, read, None).expect("a project"));
    }
    projects
}

#[test]
fn an_inline_project_is_summed_up_with_the_listed_ones_and_the_department_agrees() {
    let dept = load("examples/dept-agriculture-2024.toml");
    let projects = all_projects(&dept);
    let rows = summary(&projects);
    assert_eq!(rows.len(), 3);
    let inline = &rows[2];
    assert_eq!(
        (inline.number, inline.name.as_str(), inline.place.as_str()),
        (3, "农村户用厕所改造项目", "projects.inline[0]")
    );
    // 320.00 − 313.60 = 6.40; self-scores 9.8 + 90 = 99.8 on the national form.
    assert_eq!((inline.budget, inline.actual, inline.balance), (Some(d("320.00")), Some(d("313.60")), Some(d("6.40"))));
    assert_eq!((inline.self_score, inline.grade.as_deref()), (Some(d("99.8")), Some("优")));
    let t = totals(&rows);
    assert_eq!((t.budget, t.actual, t.balance), (Some(d("1865.50")), Some(d("1827.10")), Some(d("38.40"))));
    // The department states 3 projects and 1827.10 万元 of project spending: it agrees.
    let outcome = check_department(dept, None, &projects);
    assert!(outcome.findings.iter().all(|f| f.code != "C005"), "{:#?}", outcome.findings);
}

#[test]
fn the_departments_figures_are_cross_checked_against_its_projects() {
    // The example with its stated figures changed: 2 projects said for 3 listed, and
    // 1800.00 万元 of project spending said for 1827.10 spent on all three.
    let path = "examples/dept-agriculture-2024.toml";
    let text = std::fs::read_to_string(format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))).expect("example");
    let changed = text.replacen("total = 3", "total = 2", 1);
    let read_it = |t: String| read("d.toml", Input::Record { text: t, format: Format::Toml }).expect("reads");
    let dept = read_it(changed);
    let projects = all_projects(&dept);
    let outcome = check_department(dept, None, &projects);
    let c005: Vec<_> = outcome.findings.iter().filter(|f| f.code == "C005").collect();
    assert_eq!(c005.len(), 1, "{c005:#?}");
    assert!(c005[0].message.contains("项目总数称 2 项,但列出了 3 个项目的自评记录(“高标准农田建设补助项目”、“农机购置与应用补贴”、“农村户用厕所改造项目”)"), "{}", c005[0].message);
    assert_eq!(c005[0].primary.path, "projects.total");
    // All three listed (total = 3): the spending must equal the sum, 1827.10.
    let changed = text.replacen("project_spending = \"1827.10\"", "project_spending = \"1800.00\"", 1);
    let dept = read_it(changed);
    let projects = all_projects(&dept);
    let outcome = check_department(dept, None, &projects);
    let c005: Vec<_> = outcome.findings.iter().filter(|f| f.code == "C005").collect();
    assert_eq!(c005.len(), 1, "{c005:#?}");
    assert!(
        c005[0].message.starts_with("项目支出应等于所列全部 3 个项目的全年执行数之和(“高标准农田建设补助项目”608.00、"),
        "{}",
        c005[0].message
    );
    assert!(c005[0].message.contains("应为 1827.10万元,实为 1800.00万元"), "{}", c005[0].message);
    // The inline project's figure is pointed at inside the department record.
    assert!(
        c005[0].related.iter().any(|p| p.path == "projects.inline[0].funds.total.actual"),
        "{:#?}",
        c005[0].related
    );
    // Stated in whole 万元, 1827 stands for 1826.5–1827.5: no finding from rounding; 1827.2
    // (1827.15–1827.25) cannot be 1827.10 however its parts were rounded.
    for (stated, found) in [("1827", false), ("1827.2", true)] {
        let changed = text.replacen("project_spending = \"1827.10\"", &format!("project_spending = \"{stated}\""), 1);
        let dept = read_it(changed);
        let projects = all_projects(&dept);
        let outcome = check_department(dept, None, &projects);
        assert_eq!(outcome.findings.iter().any(|f| f.code == "C005"), found, "{stated}: {:#?}", outcome.findings);
    }
}
