//! What each command does: read its input through [`crate::io`], hand it to the pipeline
//! (`jixiao-pipeline`: reading, checking, scoring, auditing, and the writers it re-exports),
//! print through [`crate::output`], and return the exit code (`Ok`) or the failure to report
//! (`Err`, exit code 2).
//!
//! Not the argument definitions ([`crate::args`]) nor file handling ([`crate::io`]).

use jixiao_pipeline::diagnostics::{
    audit_summary, coverage_json, findings_json, render_coverage, render_each, render_findings, render_score,
    score_json,
};
use jixiao_pipeline::{Read, Record, Severity};

use crate::args::{CheckArgs, OutputFormat, ReportArgs};
use crate::exit_for;
use crate::io::{self, Failure, load_input, load_system_arg};
use crate::output::{options, options_stderr, out, outln, print_json};

/// A workbook's notes, to standard error.
fn print_notes(input: &Read) {
    for n in &input.reading.notes {
        eprintln!("注:{n}");
    }
}

/// `jixiao check`: the record's findings.
pub fn check(a: &CheckArgs) -> Result<u8, Failure> {
    let input = load_input(&a.file, &options(a.ascii))?;
    print_notes(&input);
    let system = load_system_arg(a.system.as_deref(), &input, &options(a.ascii))?;
    let projects = check_listed_projects(&a.file, &input, a.ascii)?;
    let outcome = jixiao_pipeline::projects::check_department(input, system.as_ref().map(|s| &s.system), &projects);
    let gaps = if a.final_doc { final_gaps(&outcome.read, system.as_ref().map(|s| &s.system))? } else { vec![] };
    let view = outcome.view();
    match a.format {
        OutputFormat::Json => {
            let mut json = findings_json(&outcome.findings, &view);
            if a.final_doc {
                json["final_gaps"] = crate::final_doc::json(&outcome.read, &gaps);
            }
            if !projects.is_empty() {
                let list = projects
                    .iter()
                    .map(|p| {
                        serde_json::json!({
                            "index": p.index + 1,
                            "file": p.file,
                            "project": p.name,
                            "findings": findings_json(&p.outcome.findings, &project_view(p, &outcome)),
                        })
                    })
                    .collect();
                json["projects"] = serde_json::Value::Array(list);
            }
            print_json(&json)
        }
        OutputFormat::Human => {
            out(&render_findings(&outcome.findings, &view, &options(a.ascii)));
            for p in &projects {
                let place = if p.file.is_empty() { "写在本记录内".to_string() } else { p.file.clone() };
                out(&format!("\n项目 {}/{}“{}”({place}):\n", p.index + 1, projects.len(), p.name));
                out(&render_findings(&p.outcome.findings, &project_view(p, &outcome), &options(a.ascii)));
            }
            if a.final_doc {
                if gaps.is_empty() {
                    outln("定稿检查:记录已含定稿所需的全部内容。");
                } else {
                    out(&crate::final_doc::lines(&outcome.read, &a.file, &gaps));
                }
            }
        }
    }
    let all: Vec<jixiao_pipeline::Finding> =
        outcome.findings.iter().chain(projects.iter().flat_map(|p| p.outcome.findings.iter())).cloned().collect();
    Ok(exit_for(&all).max(u8::from(!gaps.is_empty())))
}

/// Where a project's findings are shown: its own file, or (written inline) the department's.
fn project_view<'a>(
    p: &'a jixiao_pipeline::projects::ProjectOutcome,
    dept: &'a jixiao_pipeline::Outcome,
) -> jixiao_pipeline::diagnostics::SourceView<'a> {
    if p.file.is_empty() { dept.view() } else { p.outcome.view() }
}

/// The projects a department record lists, each read (relative to the department's file) and
/// checked, then those it carries inline.
fn check_listed_projects(
    dept_file: &str,
    dept: &Read,
    ascii: bool,
) -> Result<Vec<jixiao_pipeline::projects::ProjectOutcome>, Failure> {
    use jixiao_pipeline::projects;
    let files = projects::listed_files(&dept.record);
    let base = std::path::Path::new(dept_file).parent().unwrap_or(std::path::Path::new(""));
    let mut out = Vec::with_capacity(files.len());
    for (i, file) in files.iter().enumerate() {
        let path = base.join(file).display().to_string();
        let read = load_input(&path, &options(ascii))
            .map_err(|e| Failure(format!("{}\n(该文件是 {dept_file} 所列的第 {} 个项目)", e.0, i + 1)))?;
        let checked = jixiao_pipeline::projects::check_project(i, file, read, None).map_err(|e| {
            Failure(format!("错误:{dept_file} 所列的第 {} 个项目文件 {} 不是项目支出绩效自评记录", i + 1, e.file))
        })?;
        out.push(checked);
    }
    out.extend(projects::check_all_inline(dept, None));
    Ok(out)
}

/// What a final report from `input` would lack (for a project record: its 自评表).
fn final_gaps(
    input: &Read,
    system: Option<&jixiao_pipeline::IndicatorSystem>,
) -> Result<Vec<jixiao_pipeline::report::Gap>, Failure> {
    use jixiao_pipeline::report as render;
    let Some(record) = input.record.as_dept() else {
        let Record::Project(project) = &input.record else { return Ok(vec![]) };
        return crate::project_report::final_gaps(project, system, false);
    };
    let sentences = render::Sentences::default_set();
    let inputs = render::Inputs { record, system, notes: &[], sentences: &sentences, charts: None, projects: &[] };
    render::final_gaps(&inputs).map_err(|e| Failure(format!("错误:{e}")))
}

/// The fonts of a report: for a PDF, the machine's official faces (仿宋_GB2312, 楷体_GB2312,
/// 黑体, 方正小标宋简体) where it has them — looked for in `$JIXIAO_FONT_DIR` alone when that
/// is set, else in the usual folders — before jixiao's own; for other formats jixiao's own
/// (charts are drawn in its 黑体), and no folder is read.
fn report_fonts(format: jixiao_pipeline::report::Format) -> jixiao_pipeline::report::fonts::Fonts {
    use jixiao_pipeline::fonts;
    let faces = if format == jixiao_pipeline::report::Format::Pdf {
        let dirs = match std::env::var_os("JIXIAO_FONT_DIR") {
            Some(d) => vec![std::path::PathBuf::from(d)],
            None => fonts::system_dirs(std::env::var_os("HOME").as_deref().map(std::path::Path::new)),
        };
        fonts::find(&dirs)
    } else {
        fonts::bundled()
    };
    jixiao_pipeline::report::fonts::Fonts::new(faces)
}

/// `jixiao score`: the score sheet; exit 1 only for score errors (P…).
pub fn score(a: &CheckArgs) -> Result<u8, Failure> {
    if a.final_doc {
        return Err(Failure("错误:--final 用于 check 和 report,score 不用".into()));
    }
    let input = load_input(&a.file, &options(a.ascii))?;
    print_notes(&input);
    let Some(system) = load_system_arg(a.system.as_deref(), &input, &options(a.ascii))? else {
        return Err(Failure(format!(
            "错误:{} 没有指定指标体系。请在工作簿“基本情况”的“指标体系”栏填写,或在记录文件中写 indicator_system = \"…\",或用 --system 指定(可选:{})",
            a.file,
            builtin_ids()
        )));
    };
    let outcome = jixiao_pipeline::check(input, Some(&system.system));
    if let Some(sheet) = &outcome.score {
        match a.format {
            OutputFormat::Json => print_json(&score_json(sheet)),
            OutputFormat::Human => out(&render_score(sheet)),
        }
    }
    let score_errors = outcome.findings.iter().any(|f| f.severity == Severity::Error && f.code.starts_with('P'));
    Ok(u8::from(score_errors))
}

/// `jixiao report`: the report, refused while the record has errors unless `--force`.
pub fn report(a: &ReportArgs) -> Result<u8, Failure> {
    use jixiao_pipeline::report as render;
    use render::Format;
    let format = Format::from_name(&a.output).ok_or_else(|| {
        let ext = std::path::Path::new(&a.output).extension().and_then(|e| e.to_str()).unwrap_or("");
        let ext = if ext.is_empty() { "(无扩展名)".to_string() } else { format!("“.{ext}”") };
        Failure(format!(
            "错误:不支持的输出格式{ext}({}):请用 .docx(Word)、.pdf、.html、.md(Markdown)或 .json(项目支出绩效自评表还可用 .xlsx)",
            a.output
        ))
    })?;
    io::check_writable(&a.output, &a.file)?;
    let sentences = match &a.templates {
        Some(path) => {
            render::Sentences::load(&io::read_text(path)?).map_err(|e| Failure(format!("错误:{path}:{e}")))?
        }
        None => render::Sentences::default_set(),
    };
    let opts = options(false);
    let input = load_input(&a.file, &opts)?;
    print_notes(&input);
    let system = load_system_arg(a.system.as_deref(), &input, &opts)?;
    let projects = check_listed_projects(&a.file, &input, false)?;
    let outcome = jixiao_pipeline::projects::check_department(input, system.as_ref().map(|s| &s.system), &projects);
    let summary = jixiao_pipeline::projects::summary(&projects);
    let Some(record) = outcome.read.record.as_dept() else {
        let Record::Project(project) = &outcome.read.record else {
            return Err(Failure(format!("错误:{} 不是自评记录", a.file)));
        };
        let fonts = report_fonts(format);
        return crate::project_report::report(a, &outcome, project, system.as_ref().map(|s| &s.system), format, &fonts);
    };
    if format == Format::Xlsx {
        return Err(Failure(format!(
            "错误:部门整体支出绩效自评报告不生成 .xlsx({}):请用 .docx、.pdf、.html 或 .md;记录的填报工作簿请用 jixiao export {} -o 文件.xlsx",
            a.output, a.file
        )));
    }
    if a.full {
        return Err(Failure(
            "错误:--full 用于项目支出绩效自评记录(在自评表之后加上自评报告);部门整体支出绩效自评报告本身已是全文"
                .into(),
        ));
    }
    let project_errors: usize = projects.iter().map(|p| p.outcome.errors()).sum();
    let errors = outcome.errors() + project_errors;
    if errors > 0 && !a.force {
        eprint!("{}", render_findings(&outcome.findings, &outcome.view(), &options_stderr()));
        for p in projects.iter().filter(|p| p.outcome.errors() > 0) {
            eprintln!("\n项目 {}/{}“{}”:", p.index + 1, projects.len(), p.name);
            eprint!("{}", render_findings(&p.outcome.findings, &project_view(p, &outcome), &options_stderr()));
        }
        let within = if project_errors > 0 {
            format!("(其中 {project_errors} 个在所列的项目支出绩效自评记录中,汇总表的数字由它们算出)")
        } else {
            String::new()
        };
        eprintln!(
            "\n报告未生成:{} 中有 {errors} 个错误{within}。请先改正记录;如确需生成,加 --force(报告末尾将附上检查发现的问题)。",
            a.file
        );
        return Ok(1);
    }
    // With --force, the 附注 lists the department's findings and its projects' (each begun
    // with its project's name).
    let notes: Vec<jixiao_pipeline::Finding> = if errors > 0 {
        outcome.findings.iter().chain(projects.iter().flat_map(|p| p.outcome.findings.iter())).cloned().collect()
    } else {
        Vec::new()
    };
    let fonts = report_fonts(format);
    let inputs = render::Inputs {
        record,
        system: system.as_ref().map(|s| &s.system),
        notes: &notes,
        sentences: &sentences,
        charts: (!a.no_charts).then_some(&fonts),
        projects: &summary,
    };
    let mode = if a.final_doc { render::Mode::Final } else { render::Mode::Draft };
    let Some(built) =
        built_or_said(render::build_with(&inputs, &render::Options { mode, written_at: None }), &outcome, &a.file)?
    else {
        return Ok(1);
    };
    for w in &built.warnings {
        eprintln!("警告:{w}");
    }
    let bytes = render::render(&built.report, format, &fonts)
        .map_err(|e| Failure(format!("错误:无法生成 {}:{e}", a.output)))?;
    io::write_atomic(&a.output, &bytes)?;
    let forced = if errors > 0 {
        format!(";记录有 {errors} 个错误,已按 --force 生成并在附注中列出")
    } else {
        String::new()
    };
    let draft = if a.final_doc { "定稿" } else { "草稿,每页标有“草稿”;定稿请加 --final" };
    eprintln!("已生成 {}({draft};{} 字节{forced})", a.output, bytes.len());
    Ok(0)
}

/// Refuses an output name that is not a `.xlsx`.
fn xlsx_output(output: &str) -> Result<(), Failure> {
    if !output.to_ascii_lowercase().ends_with(".xlsx") {
        let ext = std::path::Path::new(output)
            .extension()
            .and_then(|e| e.to_str())
            .map_or("(无扩展名)".to_string(), |e| format!("“.{e}”"));
        return Err(Failure(format!("错误:输出文件 {output} 的类型{ext}不对:工作簿应为 .xlsx")));
    }
    Ok(())
}

/// `jixiao template`: the empty workbook, a department's or a project's.
pub fn template(output: &str, system: Option<&str>, kind: crate::args::WorkbookKind) -> Result<u8, Failure> {
    use jixiao_pipeline::record::RecordKind;
    xlsx_output(output)?;
    io::check_writable(output, "")?;
    let system = match system {
        Some(s) => Some(io::system_by_name(s)?),
        None => None,
    };
    let (want, what) = match kind {
        crate::args::WorkbookKind::Dept => (RecordKind::DeptEvaluation, "部门整体支出绩效自评"),
        crate::args::WorkbookKind::Project => (RecordKind::ProjectEvaluation, "项目支出绩效自评"),
    };
    if let Some(s) = &system
        && s.system.system.kind != want
    {
        let other = if want == RecordKind::DeptEvaluation { "--kind project" } else { "--kind dept" };
        return Err(Failure(format!(
            "错误:指标体系“{}”不用于{what};请换一个指标体系,或用 {other} 生成另一种工作簿",
            s.system.system.name
        )));
    }
    let system = system.as_ref().map(|s| &s.system);
    let bytes = match kind {
        crate::args::WorkbookKind::Dept => jixiao_pipeline::workbook::template(system),
        crate::args::WorkbookKind::Project => jixiao_pipeline::workbook::template_project(system),
    }
    .map_err(|e| Failure(format!("错误:{e}")))?;
    io::write_atomic(output, &bytes)?;
    eprintln!("已生成{what}填报工作簿 {output}({} 字节)", bytes.len());
    Ok(0)
}

/// `jixiao import`: a workbook to a record file.
pub fn import(file: &str, output: &str) -> Result<u8, Failure> {
    let format = jixiao_pipeline::Format::from_name(output)
        .ok_or_else(|| Failure(format!("错误:输出文件 {output} 的类型不对:记录文件应为 .toml 或 .json")))?;
    io::check_writable(output, file)?;
    let input = io::load_workbook(file)?;
    print_notes(&input);
    for f in &input.reading.findings {
        eprintln!("警告[{}]:{}", f.code, f.message);
    }
    let text = match format {
        jixiao_pipeline::Format::Toml => input.record.to_toml(),
        jixiao_pipeline::Format::Json => input.record.to_json(),
    }
    .map_err(|e| Failure(format!("错误:{e}")))?;
    io::write_atomic(output, text.as_bytes())?;
    eprintln!("已生成记录文件 {output}");
    Ok(0)
}

/// `jixiao export`: a record into the workbook.
pub fn export(file: &str, output: &str) -> Result<u8, Failure> {
    xlsx_output(output)?;
    io::check_writable(output, file)?;
    let input = load_input(file, &options(false))?;
    let system = load_system_arg(None, &input, &options(false)).ok().flatten();
    let system = system.as_ref().map(|s| &s.system);
    let bytes = match &input.record {
        Record::Dept(record) => jixiao_pipeline::workbook::export(record, system),
        Record::Project(record) => jixiao_pipeline::workbook::export_project(record, system),
    }
    .map_err(|e| Failure(format!("错误:{e}")))?;
    io::write_atomic(output, &bytes)?;
    eprintln!("已生成 {output}({} 字节)", bytes.len());
    Ok(0)
}

/// `jixiao rollover`: next year's workbook from last year's record or workbook.
pub fn rollover(file: &str, output: &str) -> Result<u8, Failure> {
    xlsx_output(output)?;
    io::check_writable(output, file)?;
    let input = load_input(file, &options(false))?;
    let Record::Dept(last) = &input.record else {
        return Err(Failure(format!("错误:{file} 是项目支出绩效自评记录;填报工作簿目前只用于部门整体支出绩效自评")));
    };
    let json = serde_json::to_value(last.as_ref()).map_err(|e| Failure(format!("错误:{e}")))?;
    let year = i64::from(last.header.year) + 1;
    let next = jixiao_pipeline::workbook::rollover::carry_over(&json, year);
    // Not a complete record (the budget table's rows keep their 科目 without figures): written
    // as the workbook's data, to be filled in.
    let system = load_system_arg(None, &input, &options(false)).ok().flatten();
    let bytes = jixiao_pipeline::workbook::export::write(Some(&next), system.as_ref().map(|s| &s.system))
        .map_err(|e| Failure(format!("错误:{e}")))?;
    io::write_atomic(output, &bytes)?;
    eprintln!(
        "已生成 {year} 年的填报工作簿 {output}({} 字节):沿用了单位、人员、职责、指标体系和绩效目标,{} 年的预算数、执行数已填为上年数",
        bytes.len(),
        year - 1
    );
    Ok(0)
}

/// A built document, or `None` once the refusal is said on stderr (exit 1): a final document
/// that lacks fields (each named by its cell or field), or a record with errors. Shared by the
/// department report and the project form.
pub(crate) fn built_or_said(
    built: Result<jixiao_pipeline::report::Built, jixiao_pipeline::report::BuildError>,
    outcome: &jixiao_pipeline::Outcome,
    file: &str,
) -> Result<Option<jixiao_pipeline::report::Built>, Failure> {
    use jixiao_pipeline::report as render;
    match built {
        Ok(b) => Ok(Some(b)),
        Err(render::BuildError::Incomplete(gaps)) => {
            eprint!("{}", crate::final_doc::lines(&outcome.read, file, &gaps));
            Ok(None)
        }
        Err(render::BuildError::Errors(n)) => {
            eprintln!("错误:{file} 中有 {n} 个错误,不能生成定稿;请先改正记录");
            Ok(None)
        }
        Err(render::BuildError::Template(e)) => Err(Failure(format!("错误:{e}"))),
    }
}

/// `jixiao audit`: each report's findings, located in its text.
pub fn audit(files: &[String], format: OutputFormat, ascii: bool) -> Result<u8, Failure> {
    let mut worst = 0u8;
    let mut json = Vec::new();
    for file in files {
        let read = match io::read_document(file) {
            Ok(r) => r,
            Err(Failure(m)) => {
                eprintln!("{m}");
                worst = 2;
                continue;
            }
        };
        let a = jixiao_pipeline::check(read, None);
        let coverage = &a.read.reading.coverage;
        match format {
            OutputFormat::Json => {
                let mut v = findings_json(&a.findings, &a.view());
                v["coverage"] = coverage_json(coverage);
                if !a.read.reading.notes.is_empty() {
                    v["notes"] = serde_json::json!(a.read.reading.notes);
                }
                json.push(v);
            }
            OutputFormat::Human => {
                out(&render_each(&a.findings, &a.view(), &options(ascii)));
                outln(&render_coverage(coverage));
                outln(&audit_summary(file, &a.findings, coverage));
                if !a.read.reading.recognised {
                    outln(&format!("注:未能从 {file} 中识别出部门整体支出绩效自评的内容,检查的范围有限。"));
                }
                for n in &a.read.reading.notes {
                    outln(&format!("注:{n}"));
                }
            }
        }
        worst = worst.max(u8::from(a.errors() > 0));
    }
    if format == OutputFormat::Json {
        match json.len() {
            1 => print_json(&json[0]),
            _ => print_json(&serde_json::Value::Array(json)),
        }
    }
    Ok(worst)
}

/// `jixiao extract`: a report's text, or the record read from it.
pub fn extract(file: &str, record: bool) -> Result<u8, Failure> {
    let read = io::read_document(file)?;
    if record {
        if !read.reading.recognised {
            return Err(Failure(format!("错误:未能从 {file} 中识别出部门整体支出绩效自评的内容")));
        }
        out(&read.record.to_toml().map_err(Failure)?);
    } else {
        out(&read.text);
    }
    Ok(0)
}

/// The built-in systems' ids, for messages.
fn builtin_ids() -> String {
    jixiao_pipeline::system::BUILTIN.iter().map(|b| b.0).collect::<Vec<_>>().join("、")
}

/// `jixiao explain`: one rule's explanation.
pub fn explain(code: &str) -> Result<u8, Failure> {
    let Some(i) = jixiao_pipeline::rules::find_info(code) else {
        return Err(Failure(format!("错误:没有代码或名称为“{code}”的规则。用 `jixiao rules` 查看全部规则。")));
    };
    outln(&format!("{} {}({}) [{}]\n", i.code, i.title, i.name, i.severity.name_zh()));
    outln(&i.explanation());
    Ok(0)
}

/// `jixiao rules`: every rule.
pub fn rules(format: OutputFormat) -> Result<u8, Failure> {
    match format {
        OutputFormat::Json => print_json(&serde_json::json!(
            jixiao_pipeline::rules::all_infos()
                .map(|i| serde_json::json!({"code": i.code, "name": i.name, "title": i.title, "severity": i.severity}))
                .collect::<Vec<_>>()
        )),
        OutputFormat::Human => {
            for i in jixiao_pipeline::rules::all_infos() {
                outln(&format!("{}  {:<4}  {}  ({})", i.code, i.severity.name_zh(), i.title, i.name));
            }
            outln("\n用 `jixiao explain 代码` 查看某条规则的说明。");
        }
    }
    Ok(0)
}

/// `jixiao systems`: the built-in indicator systems.
pub fn systems() -> Result<u8, Failure> {
    for (id, file, _) in jixiao_pipeline::system::BUILTIN {
        match jixiao_pipeline::system::builtin(id) {
            Some(Ok(s)) => {
                let name = &s.system.system.name;
                let total = match s.system.system.total_points {
                    Some(t) => format!("(满分 {t})"),
                    None if name.contains("分值未知") => String::new(),
                    None => "(分值未知)".to_string(),
                };
                outln(&format!("{id:<18} {name}{total}"));
            }
            _ => outln(&format!("{id:<18} (内置文件 {file} 无法读取)")),
        }
    }
    Ok(0)
}

/// `jixiao demo`: check and score on the bundled example.
pub fn demo() -> Result<u8, Failure> {
    const NAME: &str = "examples/lechang-hrss-2024.toml";
    const TEXT: &str = include_str!("../../../examples/lechang-hrss-2024.toml");
    outln(&format!("== jixiao check {NAME} ==\n"));
    let input = io::from_text(NAME, TEXT.to_string(), &options(false))?;
    let system = load_system_arg(None, &input, &options(false))?;
    let outcome = jixiao_pipeline::check(input, system.as_ref().map(|s| &s.system));
    out(&render_findings(&outcome.findings, &outcome.view(), &options(false)));
    if let Some(sheet) = &outcome.score {
        outln(&format!("\n== jixiao score {NAME} ==\n"));
        out(&render_score(sheet));
    }
    Ok(exit_for(&outcome.findings))
}

/// `jixiao serve`: the web workspace, or with `--init-admin` the first 管理员 account.
#[cfg(feature = "serve")]
pub fn serve(a: &crate::args::ServeArgs) -> Result<u8, Failure> {
    if let Some(name) = &a.init_admin {
        let password = io::ask_new_password()?;
        jixiao_server::init_admin(&a.database, name, &password).map_err(|e| Failure(format!("错误:{e}")))?;
        outln(&format!("已创建管理员 {name}。用 jixiao serve --database {} 启动后登录。", a.database));
        return Ok(0);
    }
    let config =
        jixiao_server::Config { addr: a.addr, database: a.database.clone(), demo: a.demo, ..Default::default() };
    jixiao_server::serve(config).map_err(|e| Failure(format!("错误:{e}")))?;
    Ok(0)
}

/// `jixiao review`: a batch of reports audited in parallel and summed up.
/// What `jixiao review` was asked to do.
pub struct ReviewOptions<'a> {
    /// Reports, folders and patterns.
    pub paths: &'a [String],
    /// The summary workbook.
    pub output: Option<&'a str>,
    /// The dashboard.
    pub html: Option<&'a str>,
    /// JSON on standard output.
    pub json: bool,
    /// Threads.
    pub jobs: Option<usize>,
    /// A rules file replacing the built-in rules.
    pub rules: Option<&'a str>,
    /// The folder for annotated copies.
    pub annotate: Option<&'a str>,
    /// Last year's reports.
    pub previous: &'a [String],
}

pub fn review(o: &ReviewOptions) -> Result<u8, Failure> {
    let ReviewOptions { paths, output, html, json, jobs, rules, annotate, previous } = *o;
    let rules = match rules {
        Some(path) => {
            jixiao_review::ReviewRules::parse(&io::read_text(path)?).map_err(|e| Failure(format!("错误:{path}:{e}")))?
        }
        None => jixiao_review::ReviewRules::default(),
    };
    if let Some(o) = output
        && !o.to_ascii_lowercase().ends_with(".xlsx")
    {
        return Err(Failure(format!("错误:复核汇总只能保存为 .xlsx 工作簿,而不是 {o}")));
    }
    if let Some(h) = html
        && !h.to_ascii_lowercase().ends_with(".html")
        && !h.to_ascii_lowercase().ends_with(".htm")
    {
        return Err(Failure(format!("错误:复核总览只能保存为 .html 网页,而不是 {h}")));
    }
    let inputs = jixiao_review::expand(paths);
    if inputs.files.is_empty() {
        for (p, why) in &inputs.skipped {
            eprintln!("跳过 {p}:{why}");
        }
        return Err(Failure("错误:没有找到可复核的报告(.txt、.pdf、.docx、.html、.md)".into()));
    }
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get));
    let bar = indicatif::ProgressBar::new(inputs.files.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} 份 已用 {elapsed} 预计还需 {eta} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut batch = jixiao_review::review(&inputs.files, inputs.skipped, &rules, jobs, &|file: &str| {
        bar.set_message(file.to_string());
        bar.inc(1);
    });
    bar.finish_and_clear();
    if !previous.is_empty() {
        let last = jixiao_review::expand(previous);
        for (p, why) in &last.skipped {
            eprintln!("上年报告:跳过 {p}:{why}");
        }
        if last.files.is_empty() {
            return Err(Failure("错误:--previous 没有找到可读的上年报告(.txt、.pdf、.docx、.html、.md)".into()));
        }
        let last = jixiao_review::review(&last.files, last.skipped, &rules, jobs, &|_| {});
        batch.against_previous(&last, &rules);
    }
    if let Some(o) = output {
        let bytes = jixiao_review::write_xlsx(&batch).map_err(|e| Failure(format!("错误:{e}")))?;
        io::write_atomic(o, &bytes)?;
    }
    if let Some(h) = html {
        io::write_atomic(h, jixiao_review::to_html(&batch, &rules).as_bytes())?;
    }
    let annotated = match annotate {
        Some(dir) => annotate_copies(&batch, dir)?,
        None => Vec::new(),
    };
    if json {
        print_json(&jixiao_review::to_json(&batch));
        for line in &annotated {
            eprintln!("{line}");
        }
    } else {
        review_table(&batch);
        if let Some(o) = output {
            outln(&format!("复核汇总已写入 {o}"));
        }
        if let Some(h) = html {
            outln(&format!("复核总览网页已写入 {h}"));
        }
        for line in &annotated {
            outln(line);
        }
    }
    Ok(u8::from(batch.with_errors() > 0))
}

/// Writes each DOCX and PDF report's annotated copy into `dir` as `<name>-批注.<ext>` (each
/// whole or not at all; never over an original), and says what was written.
fn annotate_copies(batch: &jixiao_review::Batch, dir: &str) -> Result<Vec<String>, Failure> {
    use std::path::Path;
    std::fs::create_dir_all(dir).map_err(|e| Failure(format!("错误:无法创建文件夹 {dir}({})", e.kind())))?;
    let mut said = Vec::new();
    let mut used: Vec<std::path::PathBuf> = Vec::new();
    let mut other = 0;
    let originals: Vec<std::path::PathBuf> =
        batch.reports.iter().filter_map(|r| std::fs::canonicalize(&r.file).ok()).collect();
    for r in &batch.reports {
        let lower = r.file.to_ascii_lowercase();
        if !lower.ends_with(".docx") && !lower.ends_with(".pdf") {
            other += 1;
            continue;
        }
        let copy = match jixiao_review::annotated_copy(r) {
            Ok(Some(copy)) => copy,
            Ok(None) => {
                said.push(format!("批注副本:{} 没有需要标注的数字,未生成", r.file));
                continue;
            }
            Err(why) => {
                said.push(format!("批注副本:{}:{why}", r.file));
                continue;
            }
        };
        let path = Path::new(&r.file);
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("报告");
        let ext = path.extension().and_then(|s| s.to_str()).unwrap_or("docx");
        let mut target = Path::new(dir).join(format!("{stem}-批注.{ext}"));
        let mut n = 2;
        while used.contains(&target) {
            target = Path::new(dir).join(format!("{stem}-批注-{n}.{ext}"));
            n += 1;
        }
        if std::fs::canonicalize(&target).is_ok_and(|t| originals.contains(&t)) {
            said.push(format!("批注副本:{} 的副本会覆盖复核中的原文件,未写入", r.file));
            continue;
        }
        used.push(target.clone());
        let shown = target.display().to_string();
        io::write_atomic(&shown, &copy.bytes)?;
        let mut line = format!("批注副本已写入 {shown}:{} 处数字加了批注", copy.placed);
        if copy.on_page > 0 {
            line.push_str(&format!(",{} 处未能定位到数字本身,批注放在其所在页的页首", copy.on_page));
        }
        if copy.missed > 0 {
            line.push_str(&format!(",{} 处未能在文件中找到(见复核汇总)", copy.missed));
        }
        said.push(line);
    }
    if other > 0 {
        said.push(format!(
            "批注副本:另有 {other} 份文本、网页或 Markdown 报告,只为 Word(.docx)和 PDF 报告生成批注副本"
        ));
    }
    Ok(said)
}

/// The batch as a table on the terminal, highest review priority first.
fn review_table(batch: &jixiao_review::Batch) {
    use jixiao_review::Status;
    let shown = |v: Option<String>| v.unwrap_or_else(|| "—".to_string());
    for r in jixiao_review::by_priority(batch) {
        outln(&format!(
            "{}  {}  单位:{}  自评总分:{}  执行率:{}  错误 {}  警告 {}",
            r.file,
            r.status.zh(),
            shown(r.unit.clone()),
            shown(r.stated_total.map(|t| t.to_string())),
            shown(r.execution_rate.map(|x| format!("{}%", x.round_dp(2)))),
            r.errors,
            r.warnings
        ));
        for sig in &r.signals {
            outln(&format!("    信号[{}] {}", sig.code, sig.message));
        }
    }
    for (p, why) in &batch.skipped {
        outln(&format!("跳过 {p}:{why}"));
    }
    let count = |f: &dyn Fn(&jixiao_review::ReportRow) -> bool| batch.reports.iter().filter(|r| f(r)).count();
    outln(&format!(
        "\n复核 {} 份:{} 份有错误,{} 份有信号,{} 份未能检查(不表示没有问题),{} 份无法读取;跳过 {} 个路径",
        batch.reports.len(),
        batch.with_errors(),
        count(&|r| !r.signals.is_empty()),
        count(&|r| r.status == Status::NothingChecked),
        count(&|r| matches!(r.status, Status::Unreadable(_))),
        batch.skipped.len()
    ));
}
