//! `jixiao report` for a project record: the 项目支出绩效自评表 in the national form's layout
//! (`.docx`, `.pdf`, `.html`, `.md`, `.json`, `.xlsx`), with `--full` the project self-evaluation
//! report's sections after it; and what a final form lacks, for `check --final`.

use jixiao_pipeline::Outcome;
use jixiao_pipeline::project::ProjectRecord;
use jixiao_pipeline::report::{self as render, Format};

use crate::args::ReportArgs;
use crate::io::{self, Failure};
use crate::output::options_stderr;

/// What a final 自评表 from `record` would lack (with `--full`: the report's parts too).
pub fn final_gaps(
    record: &ProjectRecord,
    system: Option<&jixiao_pipeline::IndicatorSystem>,
    full: bool,
) -> Result<Vec<render::Gap>, Failure> {
    let inputs = render::ProjectInputs { record, system, notes: &[], full };
    match render::build_project(&inputs, &render::Options::default()) {
        Ok(b) => Ok(b.gaps),
        Err(e) => Err(Failure(format!("错误:{e}"))),
    }
}

/// Writes the form of the project record `outcome` read, as `a` asks: refused while the record
/// has errors unless `--force`, and (with `--final`) while it lacks what the form needs.
pub fn report(
    a: &ReportArgs,
    outcome: &Outcome,
    record: &ProjectRecord,
    system: Option<&jixiao_pipeline::IndicatorSystem>,
    format: Format,
    fonts: &render::fonts::Fonts,
) -> Result<u8, Failure> {
    let findings = &outcome.findings;
    let errors = outcome.errors();
    if errors > 0 && !a.force {
        eprint!("{}", jixiao_pipeline::diagnostics::render_findings(findings, &outcome.view(), &options_stderr()));
        eprintln!(
            "\n自评表未生成:{} 中有 {errors} 个错误。请先改正记录;如确需生成,加 --force(表后将附上检查发现的问题)。",
            a.file
        );
        return Ok(1);
    }
    let notes: &[jixiao_pipeline::Finding] = if errors > 0 { findings } else { &[] };
    let inputs = render::ProjectInputs { record, system, notes, full: a.full };
    let mode = if a.final_doc { render::Mode::Final } else { render::Mode::Draft };
    let built = render::build_project(&inputs, &render::Options { mode, written_at: None });
    let Some(built) = crate::commands::built_or_said(built, outcome, &a.file)? else {
        return Ok(1);
    };
    for w in &built.warnings {
        eprintln!("警告:{w}");
    }
    let bytes =
        render::render(&built.report, format, fonts).map_err(|e| Failure(format!("错误:无法生成 {}:{e}", a.output)))?;
    io::write_atomic(&a.output, &bytes)?;
    let forced = if errors > 0 {
        format!(";记录有 {errors} 个错误,已按 --force 生成并在表后附注中列出")
    } else {
        String::new()
    };
    let what = if a.full { "项目支出绩效自评表及自评报告" } else { "项目支出绩效自评表" };
    let draft = if a.final_doc { "定稿" } else { "草稿,每页标有“草稿”;定稿请加 --final" };
    eprintln!("已生成 {}({what};{draft};{} 字节{forced})", a.output, bytes.len());
    Ok(0)
}
