//! A department and its projects: each listed project checked with its findings naming it, and
//! the 项目支出绩效自评结果汇总表's figures computed from the projects' own records.

use jixiao_pipeline::projects::{check_project, listed_files, summary};
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
    // A department record is not a project.
    assert!(check_project(0, "x.toml", load("examples/dept-agriculture-2024.toml"), None).is_err());
}
