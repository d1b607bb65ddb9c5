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
//! (三), `results` (四), `problems` (五、六) and `appendix` (附表, 附注); `format` prints
//! figures. This module holds the builder they share and the 未填报 notes. Laying the
//! content out as DOCX, PDF, HTML or Markdown is the writers' business.

use jixiao_core::finding::Finding;
use jixiao_core::record::DeptRecord;
use jixiao_core::system::IndicatorSystem;

use crate::model::{Block, Report};
use crate::sentences::{Sentences, TemplateError};

mod analysis;
mod appendix;
mod conclusion;
mod cover;
mod finance;
mod format;
mod measures;
mod overview;
mod problems;
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
    /// Make charts (needs the `charts` feature; PNGs need a CJK font).
    pub charts: bool,
}

/// A report and what was missing from the record.
pub struct Built {
    /// The report.
    pub report: Report,
    /// One message per part written as 未填报.
    pub warnings: Vec<String>,
}

/// Builds the report's content.
pub fn build(inp: &Inputs<'_>) -> Result<Built, TemplateError> {
    let r = inp.record;
    let year = r.header.year.to_string();
    let mut b = ReportBuilder { r, s: inp.sentences, out: Report::default(), warnings: Vec::new(), year };
    cover::cover(&mut b)?;
    let sheet = inp.system.map(|s| jixiao_core::scoring::score(&jixiao_core::Record::Dept(Box::new(r.clone())), s));

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

    b.out.heading(1, "五、存在问题");
    problems::text_items(&mut b, &r.problems, "存在问题");
    b.out.heading(1, "六、相关建议");
    problems::text_items(&mut b, &r.recommendations, "相关建议");

    if let Some(sheet) = &sheet {
        b.out.heading(1, "附表:部门整体支出绩效自评表");
        b.out.blocks.push(Block::Table(appendix::score_table(sheet)));
    }
    appendix::notes(&mut b, inp.notes);
    let mut report = b.out;
    typeset(&mut report);
    Ok(Built { report, warnings: b.warnings })
}

/// The report being built from one record, and the parts found missing so far.
struct ReportBuilder<'a> {
    r: &'a DeptRecord,
    s: &'a Sentences,
    out: Report,
    warnings: Vec<String>,
    year: String,
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
fn typeset(r: &mut Report) {
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
            Block::Chart(_) => {}
        }
    }
}
