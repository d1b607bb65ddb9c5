//! A department and its projects: the project records a department record lists
//! (`projects.files`) or carries inline (`projects.inline`), each checked and scored as its
//! own input, its findings naming the project they belong to; the figures of the
//! 项目支出绩效自评结果汇总表 computed from them ([`summary`]); and the department checked
//! against them ([`check_department`]).
//!
//! The front door reads the files (this crate reads none): it resolves each path of
//! [`listed_files`] against the department record's own place, reads it with [`crate::read`],
//! and hands it to [`check_project`]; the inline ones come from [`inline_reads`] and go to
//! [`check_inline`]. Both give a [`ProjectOutcome`], summed up by the same [`summary`].

use jixiao_core::system::IndicatorSystem;

use crate::{Outcome, Read, Record};

/// The project record files a department record lists, as written (relative to its file).
pub fn listed_files(record: &Record) -> Vec<String> {
    record.as_dept().and_then(|d| d.projects.as_ref()).map(|p| p.files.clone()).unwrap_or_default()
}

/// One project of a department, checked.
pub struct ProjectOutcome {
    /// Its place in the department's list (from 0).
    pub index: usize,
    /// The file as the department record names it; empty for a project written inline.
    pub file: String,
    /// Where the department record names it: `projects.files[i]` or `projects.inline[i]`.
    pub place: String,
    /// 项目名称.
    pub name: String,
    /// What checking it gave: its findings (each message begun with `项目“名称”:`) and its
    /// score sheet, against its own indicator system (the national form by default).
    pub outcome: Outcome,
}

/// Why a listed file is not a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAProject {
    /// The file as listed.
    pub file: String,
}

/// Checks the project read from the `index`-th listed file against `system` (else the system
/// its record names, else the national project form). Its findings begin with the project's
/// name, so that shown beside the department's they say which project they belong to.
pub fn check_project(
    index: usize,
    file: &str,
    read: Read,
    system: Option<&IndicatorSystem>,
) -> Result<ProjectOutcome, NotAProject> {
    check_at(index, file.to_string(), format!("projects.files[{index}]"), read, system)
}

fn check_at(
    index: usize,
    file: String,
    place: String,
    read: Read,
    system: Option<&IndicatorSystem>,
) -> Result<ProjectOutcome, NotAProject> {
    let Record::Project(p) = &read.record else { return Err(NotAProject { file }) };
    let name = p.header.project.trim().to_string();
    let own = p.indicator_system.clone().unwrap_or_else(|| "mof-2020-project".to_string());
    let builtin = jixiao_core::system::builtins().iter().find(|s| s.system.system.id == own).map(|s| &s.system);
    let mut outcome = crate::check(read, system.or(builtin));
    for f in &mut outcome.findings {
        f.message = format!("项目“{name}”:{}", f.message);
    }
    Ok(ProjectOutcome { index, file, place, name, outcome })
}

/// One row of the 项目支出绩效自评结果汇总表 (序号, 项目名称, 实施单位, 预算数, 执行数, 结余数,
/// 自评得分), computed from the project's own record and score sheet.
pub use jixiao_core::project_summary::SummaryRow as ProjectSummaryRow;
pub use jixiao_core::project_summary::{Totals, totals};

/// The summary table's rows, one per project, in the department's order.
pub fn summary(projects: &[ProjectOutcome]) -> Vec<ProjectSummaryRow> {
    projects
        .iter()
        .filter_map(|p| {
            let Record::Project(r) = &p.outcome.read.record else { return None };
            let sheet = p.outcome.score.as_ref();
            Some(jixiao_core::project_summary::row(p.index + 1, p.place.clone(), r, sheet))
        })
        .collect()
}

/// The projects a department record carries inline (`projects.inline`), each as its own
/// input: the project record, no text of its own (its places are the department's, under
/// `projects.inline[i].`; [`check_inline`] points its findings there).
pub fn inline_reads(dept: &Read) -> Vec<Read> {
    let Some(p) = dept.record.as_dept().and_then(|d| d.projects.as_ref()) else { return Vec::new() };
    p.inline
        .iter()
        .map(|r| Read {
            name: dept.name.clone(),
            kind: dept.kind,
            text: String::new(),
            record: Record::Project(Box::new(r.clone())),
            map: jixiao_core::SourceMap::default(),
            reading: crate::Reading { recognised: true, ..Default::default() },
        })
        .collect()
}

/// Checks the `i`-th project the department carries inline (read by [`inline_reads`]), as
/// [`check_project`] checks a listed file: numbered after the department's `files`, its
/// findings begun with its name and pointing into the department record
/// (`projects.inline[i].…`), so that they are shown with the department's own text. A read
/// that holds no project record is refused as [`check_project`] refuses one.
pub fn check_inline(
    files: usize,
    i: usize,
    read: Read,
    system: Option<&IndicatorSystem>,
) -> Result<ProjectOutcome, NotAProject> {
    let place = format!("projects.inline[{i}]");
    let mut p = check_at(files + i, String::new(), place.clone(), read, system)?;
    for f in &mut p.outcome.findings {
        for ptr in std::iter::once(&mut f.primary).chain(f.related.iter_mut()) {
            ptr.path = jixiao_core::schema::join(&place, &ptr.path);
        }
    }
    Ok(p)
}

/// Every project the department carries inline, checked as [`check_inline`] checks one
/// (numbered after the department's `files`), in its order. What [`inline_reads`] gives is
/// always a project record, so none is refused.
pub fn check_all_inline(dept: &Read, system: Option<&IndicatorSystem>) -> Vec<ProjectOutcome> {
    let files = listed_files(&dept.record).len();
    inline_reads(dept)
        .into_iter()
        .enumerate()
        .filter_map(|(i, read)| check_inline(files, i, read, system).ok())
        .collect()
}

/// Checks a department record with its projects (`projects`: every one it lists, checked,
/// in its order): the rules as [`crate::check`] runs them, and what the department states
/// about its projects (项目总数, 项目支出) against their records (C005). What was checked is
/// not counted into [`crate::Reading::coverage`], which stays as reading left it: a checked
/// record's findings are shown without a coverage line (`jixiao check`, `jixiao report`), and
/// counting would compute every derived figure a second time (a tenth of writing a report).
pub fn check_department(read: Read, system: Option<&IndicatorSystem>, projects: &[ProjectOutcome]) -> Outcome {
    let rows = summary(projects);
    crate::check_with_projects(read, system, Some(&rows), false)
}
