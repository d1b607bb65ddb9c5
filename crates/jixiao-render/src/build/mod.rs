//! The report's content, made from a department record.
//!
//! Every sentence that states a figure is a template from [`Sentences`] filled with figures
//! computed from the record (totals summed, differences and rates computed, 四舍五入 to two
//! decimals only here, when printing). Text the filer wrote — duties, reasons, evidence,
//! problems, recommendations — is taken as written. A part of the outline whose figures are
//! missing says 未填报 and the missing fields are returned as warnings.
//!
//! [`build`] lays out the outline; each part is a module: `cover`, `overview` (一、(一)),
//! `finance` (一、(二)), `targets` (一、(三)), `conclusion` (二), `analysis` with `measures`
//! (三), `results` (四), `problems` (五 存在问题, 六 相关建议, 七 结果应用, 八 其他需要说明的
//! 问题), `appendix` (附表, 附注) and `projects` (附表 项目支出绩效自评结果汇总表); `format` prints figures; `gaps` lists what a final
//! document needs that the record lacks. This module holds the builder they share and the
//! 未填报 notes. Laying the content out as DOCX, PDF, HTML or Markdown is the writers' business.
//!
//! A report is a draft unless it is built in final mode ([`Mode::Final`], [`build_with`]): a
//! final build refuses, listing every gap once ([`Gap`]), when the record lacks anything the
//! official document needs — a field the schema marks [`Need::Final`](jixiao_core::schema::Need),
//! a part the report would write as 未填报, the evidence of an indicator the report has no
//! figures for — or when it is given findings of error level to list.

use jixiao_core::finding::Finding;
use jixiao_core::record::DeptRecord;
use jixiao_core::system::IndicatorSystem;

use crate::model::{Block, Meta, Report};
use crate::sentences::{Sentences, TemplateError};

pub use gaps::Gap;

mod analysis;
mod appendix;
mod conclusion;
mod cover;
mod finance;
pub(crate) mod format;
pub(crate) mod gaps;
mod measures;
mod overview;
mod problems;
mod projects;
mod results;
mod targets;

/// What the builder needs besides the record.
pub struct Inputs<'a> {
    /// The record.
    pub record: &'a DeptRecord,
    /// Its indicator system, if known (for the conclusion and the 附表).
    pub system: Option<&'a IndicatorSystem>,
    /// Findings to list in a 附注 (when the report is written in spite of errors).
    pub notes: &'a [Finding],
    /// Sentence templates.
    pub sentences: &'a Sentences,
    /// Make charts, their PNG (for Word and PDF) drawn in the 黑体 of these fonts; `None`: no
    /// charts (and none without the `charts` feature).
    pub charts: Option<&'a crate::fonts::Fonts>,
    /// The department's projects summed up (every project it lists, by file or inline, as the
    /// caller checked them: `jixiao_pipeline::projects::summary`), printed as the 附表
    /// 项目支出绩效自评结果汇总表; none: no such table.
    pub projects: &'a [jixiao_core::project_summary::SummaryRow],
}

/// A draft or a final document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// A draft: written whatever the record lacks (the gaps as 未填报), 草稿 on every page.
    #[default]
    Draft,
    /// The document to hand in: refused while the record lacks anything it needs.
    Final,
}

/// How to build, beyond the record.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Draft or final.
    pub mode: Mode,
    /// The time of writing (RFC 3339, `2025-08-14T09:30:00+08:00`), read by the caller: the
    /// document's date when the record has no 填报日期.
    pub written_at: Option<String>,
}

/// A report and what was missing from the record.
pub struct Built {
    /// The report.
    pub report: Report,
    /// One message per part written as 未填报.
    pub warnings: Vec<String>,
    /// What a final document would need that the record lacks (none in a final build).
    pub gaps: Vec<Gap>,
}

/// Why a report was not built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A sentence template failed.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// Final mode, and the record lacks what the document needs: every gap, once.
    #[error("{}", gaps::message(.0))]
    Incomplete(Vec<Gap>),
    /// Final mode, and findings of error level were given to list in a 附注.
    #[error("记录有 {0} 个错误,不能生成定稿;请先改正记录")]
    Errors(usize),
}

/// Builds the report's content, as a draft.
pub fn build(inp: &Inputs<'_>) -> Result<Built, TemplateError> {
    match build_with(inp, &Options::default()) {
        Ok(b) => Ok(b),
        Err(BuildError::Template(e)) => Err(e),
        // A draft is never refused for what it lacks.
        Err(e @ (BuildError::Incomplete(_) | BuildError::Errors(_))) => {
            unreachable!("a draft build refused: {e}")
        }
    }
}

/// What a final document built from `inp` would lack (empty when it can be built), every
/// item once, in the order the filer meets the fields.
pub fn final_gaps(inp: &Inputs<'_>) -> Result<Vec<Gap>, TemplateError> {
    let quiet = Inputs { charts: None, ..*inp };
    build(&quiet).map(|b| b.gaps)
}

/// Builds the report's content as `opts` asks.
pub fn build_with(inp: &Inputs<'_>, opts: &Options) -> Result<Built, BuildError> {
    let r = inp.record;
    if opts.mode == Mode::Final {
        let errors = inp.notes.iter().filter(|f| f.severity == jixiao_core::finding::Severity::Error).count();
        if errors > 0 {
            return Err(BuildError::Errors(errors));
        }
    }
    let year = r.header.year.to_string();
    let mut b = ReportBuilder {
        r,
        s: inp.sentences,
        out: Report::default(),
        warnings: Vec::new(),
        gaps: Vec::new(),
        year,
        as_filed: inp.notes.iter().any(|f| f.severity == jixiao_core::finding::Severity::Error),
    };
    cover::cover(&mut b)?;
    // One view of the record (its JSON form) for the score sheet and the gaps.
    let view = jixiao_core::schema::view::RecordView::dept(r);
    let sheet = inp.system.map(|s| jixiao_core::scoring::score_dept(&view, r, s));

    b.out.heading(1, "一、部门的基本情况");
    overview::overview(&mut b)?;
    finance::finances(&mut b, inp.charts)?;
    targets::targets_section(&mut b)?;

    b.out.heading(1, "二、自评结论");
    conclusion::conclusion(&mut b, sheet.as_ref())?;

    b.out.heading(1, "三、绩效分析");
    analysis::analysis(&mut b, sheet.as_ref(), inp.system)?;

    b.out.heading(1, "四、主要绩效");
    results::results(&mut b)?;

    problems::closing(&mut b)?;

    if let Some(sheet) = &sheet {
        b.out.heading(1, "附表:部门整体支出绩效自评表");
        b.out.blocks.push(Block::Table(appendix::score_table(sheet)));
    }
    if let Some(table) = projects::summary_table(inp.projects) {
        b.out.heading(1, projects::heading());
        b.out.blocks.push(Block::Table(table));
    }
    appendix::notes(&mut b, inp.notes);
    let gaps = gaps::collect(&view, b.gaps);
    if opts.mode == Mode::Final && !gaps.is_empty() {
        return Err(BuildError::Incomplete(gaps));
    }
    let mut report = b.out;
    report.meta = Meta {
        author: r.header.department.clone(),
        created: r.header.filed_on.clone().filter(|d| !d.trim().is_empty()).or_else(|| opts.written_at.clone()),
        draft: opts.mode == Mode::Draft,
        layout: crate::model::Layout::Report,
    };
    typeset(&mut report);
    Ok(Built { report, warnings: b.warnings, gaps })
}

/// The report being built from one record, and the parts found missing so far.
struct ReportBuilder<'a> {
    r: &'a DeptRecord,
    s: &'a Sentences,
    out: Report,
    warnings: Vec<String>,
    /// The fields found missing while building (paths), besides those the schema requires.
    gaps: Vec<Gap>,
    year: String,
    /// Written in spite of errors (`--force`, its 附注 listing them): every figure the record
    /// states is printed as stated, so the document says what was filed and its 附注 speaks of
    /// figures it shows; otherwise totals, differences, rates and counts are computed.
    as_filed: bool,
}

impl ReportBuilder<'_> {
    /// A sentence template filled with `vars`.
    fn fill(&self, name: &str, vars: &[(&str, String)]) -> Result<String, TemplateError> {
        self.s.fill(name, vars)
    }

    /// Notes a part of the outline as 未填报, naming the fields it lacks by their Chinese
    /// names (and, in the warning, by their place in the record file too).
    fn missing(&mut self, part: &str, fields: &[&str]) -> Result<(), TemplateError> {
        let names: Vec<&str> = fields.iter().map(|f| field_name(f)).collect();
        let text = self.fill("missing", &[("fields", names.join("、"))])?;
        self.out.note(text);
        let detail: Vec<String> = fields.iter().map(|f| format!("{}({f})", field_name(f))).collect();
        self.warnings.push(format!("“{part}”未填报:记录中缺少 {}", detail.join("、")));
        self.gaps.extend(fields.iter().map(|f| Gap::at(f)));
        Ok(())
    }
}

/// The Chinese name of a record field, as the workbook and the web form label it.
fn field_name(path: &str) -> &str {
    jixiao_core::schema::DEPT.label(path)
}

/// The fields of `candidates` that are missing (`false`).
fn absent<'f>(candidates: &[(&'f str, bool)]) -> Vec<&'f str> {
    candidates.iter().filter(|(_, present)| !present).map(|(f, _)| *f).collect()
}

/// Full-width Chinese punctuation in every text of the report (figures untouched).
pub(crate) fn typeset(r: &mut Report) {
    use crate::typography::fullwidth;
    r.title = fullwidth(&r.title);
    for (_, v) in &mut r.cover {
        *v = fullwidth(v);
    }
    for b in &mut r.blocks {
        match b {
            Block::Heading { text, .. } | Block::Para { text } | Block::Note { text } => *text = fullwidth(text),
            Block::Table(t) => {
                t.caption = t.caption.as_deref().map(fullwidth);
                t.unit = t.unit.as_deref().map(fullwidth);
                for row in &mut t.rows {
                    for (cell, numeric) in row.iter_mut().zip(t.numeric.iter().chain(std::iter::repeat(&false))) {
                        if !numeric {
                            *cell = fullwidth(cell);
                        }
                    }
                }
            }
            Block::Chart(_) | Block::PageBreak => {}
        }
    }
}
