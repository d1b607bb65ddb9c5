//! The `jixiao` command: parses arguments, reads files, prints, and decides the exit code.
//! Everything else is in the library crates.
//!
//! Exit codes: 0 no error-level finding (for `report`: the report was written); 1 error-level
//! findings; 2 the tool could not do its work (bad input file, unknown option, unreadable path).

mod io;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use jixiao_core::finding::Severity;
use jixiao_diagnostics::{Options, SourceView};

use crate::io::{Failure, load_input, load_system_arg};

/// jixiao(绩效):部门整体支出绩效自评的记录、计算、评分与审核工具。
///
/// Budget performance self-evaluation for Chinese public departments: record the year's
/// figures, compute every derived figure exactly, score against an indicator system, and
/// find every inconsistency.
#[derive(Parser)]
#[command(
    name = "jixiao",
    version,
    about = "jixiao(绩效):部门整体支出绩效自评的填报、计算、评分、检查、报告生成与审核工具\nBudget performance self-evaluation for Chinese public departments",
    long_about = None,
    disable_help_subcommand = true,
    help_template = HELP,
    subcommand_help_heading = "命令 (Commands)",
    next_help_heading = "选项 (Options)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The help page's layout, with Chinese headings.
const HELP: &str = "{about-with-newline}\n用法 (Usage):{tab}{usage}\n\n{all-args}{after-help}";

#[derive(Subcommand)]
enum Command {
    /// 检查记录中的数字是否前后一致(合计、差异、比率、完成情况、得分……)。Check a record.
    Check(CheckArgs),
    /// 按指标体系计算得分、总分与等级。Score a record against an indicator system.
    Score(CheckArgs),
    /// 由记录生成自评报告(.docx/.pdf/.html/.md)。Write the self-evaluation report from a record.
    Report(ReportArgs),
    /// 生成空白的填报工作簿(.xlsx)。Write the empty Excel workbook to fill in.
    Template {
        /// 输出文件(.xlsx)
        #[arg(short, long)]
        output: String,
        /// 指标体系:内置代码或 .toml 文件;“指标自评得分”表将列出其指标
        #[arg(long)]
        system: Option<String>,
    },
    /// 把填好的工作簿转为记录文件(.toml 或 .json)。Read a filled workbook into a record file.
    Import {
        /// 填报工作簿(.xlsx,或旧版 .xls)
        file: String,
        /// 输出的记录文件(.toml 或 .json)
        #[arg(short, long)]
        output: String,
    },
    /// 把记录写入填报工作簿(.xlsx)。Write a record into the workbook.
    Export {
        /// 记录文件(.toml 或 .json)
        file: String,
        /// 输出文件(.xlsx)
        #[arg(short, long)]
        output: String,
    },
    /// 解释一条检查规则(如 A001)。Explain a rule.
    Explain {
        /// 规则代码或名称,如 A001 或 total_not_sum_of_rows
        code: String,
    },
    /// 审核已有的自评报告(.txt/.pdf/.docx/.html/.md):提取数字,找出前后不一致之处。Audit report files.
    Audit {
        /// 报告文件(.txt/.pdf/.docx/.html/.md),可多个
        #[arg(required = true)]
        files: Vec<String>,
        /// 输出格式:human(供人阅读,默认)或 json
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// 只用 ASCII 字符画线
        #[arg(long)]
        ascii: bool,
    },
    /// 打印从报告中提取的文字(审核结果中的字节位置即指向这段文字);--record 打印提取出的记录。Print a report's text.
    Extract {
        /// 报告文件
        file: String,
        /// 打印提取出的记录(TOML),而不是文字
        #[arg(long)]
        record: bool,
    },
    /// 列出全部检查规则。List the rules.
    Rules {
        /// 输出格式:human(供人阅读,默认)或 json
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
    },
    /// 列出内置的指标体系。List the built-in indicator systems.
    Systems,
    /// 在自带示例(乐昌市人社局 2024 年报告)上运行检查与评分。Run check and score on the bundled example.
    Demo,
}

#[derive(clap::Args)]
#[command(help_template = HELP, next_help_heading = "选项 (Options)")]
struct CheckArgs {
    /// 记录文件(.toml 或 .json)或填报工作簿(.xlsx)
    file: String,
    /// 指标体系:内置代码(见 `jixiao systems`)或 .toml 文件路径;默认用记录中指定的
    #[arg(long)]
    system: Option<String>,
    /// 输出格式:human(供人阅读,默认)或 json
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// 只用 ASCII 字符画线(适用于把制表符显示为双宽的终端)
    #[arg(long)]
    ascii: bool,
}

#[derive(clap::Args)]
#[command(help_template = HELP, next_help_heading = "选项 (Options)")]
struct ReportArgs {
    /// 记录文件(.toml 或 .json)或填报工作簿(.xlsx)
    file: String,
    /// 输出文件;格式由扩展名决定:.docx(Word)、.pdf、.html、.md(Markdown)、.json(报告内容,供其他程序使用)
    #[arg(short, long)]
    output: String,
    /// 指标体系:内置代码或 .toml 文件路径;默认用记录中指定的
    #[arg(long)]
    system: Option<String>,
    /// 记录有错误时仍生成报告(报告末尾附上检查发现的问题)
    #[arg(long)]
    force: bool,
    /// 句子模板文件(TOML),替换默认措辞;见 templates/report-sentences.toml
    #[arg(long)]
    templates: Option<String>,
    /// 不生成图表
    #[arg(long)]
    no_charts: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// 供人阅读的文本(默认)
    Human,
    /// JSON
    Json,
}

fn options(ascii: bool) -> Options {
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    Options { ascii, color }
}

/// The command line with every help page in Chinese: headings, the help and version flags,
/// and no English lists of values or defaults (each option's own help names them).
fn cli_command() -> clap::Command {
    fn localize(c: clap::Command) -> clap::Command {
        let c = c
            .help_template(HELP)
            .disable_help_flag(true)
            .arg(
                clap::Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(clap::ArgAction::Help)
                    .help("显示帮助 (Print help)"),
            )
            .mut_args(|a| {
                let heading = if a.is_positional() { "参数 (Arguments)" } else { "选项 (Options)" };
                // Placeholders in Chinese: `<文件>`, not `<FILE>`.
                let name = match a.get_id().as_str() {
                    "file" => Some("文件"),
                    "files" => Some("文件"),
                    "output" => Some("输出文件"),
                    "system" => Some("指标体系"),
                    "format" => Some("格式"),
                    "code" => Some("代码"),
                    "templates" => Some("句子模板"),
                    _ => None,
                };
                let a = match name {
                    Some(n) if a.get_action().takes_values() => a.value_name(n),
                    _ => a,
                };
                let a = a.help_heading(heading);
                if a.get_action().takes_values() { a.hide_possible_values(true).hide_default_value(true) } else { a }
            });
        c.mut_subcommands(localize)
    }
    localize(
        Cli::command().subcommand_value_name("命令").disable_version_flag(true).arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help("显示版本 (Print version)"),
        ),
    )
}

fn main() -> ExitCode {
    let parsed = cli_command().try_get_matches().and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            if !e.use_stderr() {
                // --help, --version. If printing the page fails (a closed pipe), there is
                // nothing left to tell the user: the exit code stays 0 as for any help page.
                let _ = e.print();
                return ExitCode::from(0);
            }
            eprintln!("{}", argument_error(&e));
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Check(a) => check(&a),
        Command::Score(a) => score(&a),
        Command::Report(a) => report(&a),
        Command::Template { output, system } => template(&output, system.as_deref()),
        Command::Import { file, output } => import(&file, &output),
        Command::Export { file, output } => export(&file, &output),
        Command::Explain { code } => explain(&code),
        Command::Rules { format } => rules(format),
        Command::Audit { files, format, ascii } => audit(&files, format, ascii),
        Command::Extract { file, record } => extract(&file, record),
        Command::Systems => systems(),
        Command::Demo => demo(),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Failure(message)) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

/// What reading a workbook noticed, then the rules' findings.
fn all_findings(
    input: &io::LoadedInput,
    system: Option<&jixiao_core::system::IndicatorSystem>,
) -> Vec<jixiao_core::Finding> {
    let mut findings = jixiao_rules::check(&input.loaded.record, system);
    findings.extend(input.import_findings.iter().cloned());
    jixiao_core::finding::sort_findings(&mut findings);
    findings
}

fn print_notes(input: &io::LoadedInput) {
    for n in &input.notes {
        eprintln!("注:{n}");
    }
}

/// A command-line error in Chinese, with clap's own text kept below for the details.
fn argument_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let ctx = |k: ContextKind| e.get(k).map(ToString::to_string).unwrap_or_default();
    let head = match e.kind() {
        ErrorKind::InvalidSubcommand => format!("错误:没有“{}”这个命令", ctx(ContextKind::InvalidSubcommand)),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "错误:请给出命令,如 check、report、template".to_string()
        }
        ErrorKind::MissingRequiredArgument => {
            // `--output <输出文件>` → `--output`; `<文件>` → 文件.
            let names: Vec<String> = ctx(ContextKind::InvalidArg)
                .lines()
                .map(|a| match a.split_once(" <") {
                    Some((flag, _)) => flag.to_string(),
                    None => a.trim_matches(['<', '>', '.']).to_string(),
                })
                .collect();
            format!("错误:缺少必需的参数:{}", names.join("、"))
        }
        ErrorKind::UnknownArgument if !ctx(ContextKind::InvalidArg).starts_with('-') => {
            format!("错误:多余的参数“{}”(此命令不接受这么多文件或参数)", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::UnknownArgument => format!("错误:不认识的选项“{}”", ctx(ContextKind::InvalidArg)),
        ErrorKind::InvalidValue => {
            let arg = ctx(ContextKind::InvalidArg);
            let arg = arg.split(" <").next().unwrap_or_default();
            let valid = ctx(ContextKind::ValidValue).replace(", ", "、");
            let valid = if valid.is_empty() { String::new() } else { format!(",可选:{valid}") };
            format!("错误:选项 {arg} 的值“{}”无效{valid}", ctx(ContextKind::InvalidValue))
        }
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => "错误:参数有误".to_string(),
        _ => "错误:命令行参数有误".to_string(),
    };
    let suggestion = [ctx(ContextKind::SuggestedSubcommand), ctx(ContextKind::SuggestedArg)].concat();
    let hint = if suggestion.is_empty() { String::new() } else { format!("(是不是要用 {suggestion}?)") };
    // clap's own (English) rendering is not shown; only its usage line, in Chinese.
    let rendered = e.render().to_string();
    let usage = rendered
        .lines()
        .find_map(|l| l.strip_prefix("Usage:"))
        .map(|u| format!("\n用法:{}", u.trim().replace("[OPTIONS]", "[选项]").replace("<COMMAND>", "<命令>")))
        .unwrap_or_default();
    format!("{head}{hint}。{usage}\n用 jixiao --help 查看全部命令,jixiao 命令 --help 查看命令的用法。")
}

fn exit_for(findings: &[jixiao_core::Finding]) -> u8 {
    u8::from(findings.iter().any(|f| f.severity == Severity::Error))
}

fn print_json(v: &serde_json::Value) {
    outln(&serde_json::to_string_pretty(v).unwrap_or_default());
}

fn check(a: &CheckArgs) -> Result<u8, Failure> {
    let input = load_input(&a.file, &options(a.ascii))?;
    print_notes(&input);
    let system = load_system_arg(a.system.as_deref(), &input, &options(a.ascii))?;
    let findings = all_findings(&input, system.as_ref().map(|s| &s.system));
    let view = SourceView { name: &a.file, text: &input.text, map: &input.loaded.map };
    match a.format {
        OutputFormat::Json => print_json(&jixiao_diagnostics::findings_json(&findings, &view)),
        OutputFormat::Human => out(&jixiao_diagnostics::render_findings(&findings, &view, &options(a.ascii))),
    }
    Ok(exit_for(&findings))
}

fn score(a: &CheckArgs) -> Result<u8, Failure> {
    let input = load_input(&a.file, &options(a.ascii))?;
    print_notes(&input);
    let Some(system) = load_system_arg(a.system.as_deref(), &input, &options(a.ascii))? else {
        return Err(Failure(format!(
            "错误:{} 没有指定指标体系。请在工作簿“基本情况”的“指标体系”栏填写,或在记录文件中写 indicator_system = \"…\",或用 --system 指定(可选:{})",
            a.file,
            builtin_ids()
        )));
    };
    let sheet = jixiao_core::scoring::score(&input.loaded.record, &system.system);
    match a.format {
        OutputFormat::Json => print_json(&jixiao_diagnostics::score_json(&sheet)),
        OutputFormat::Human => out(&jixiao_diagnostics::render_score(&sheet)),
    }
    let findings = jixiao_rules::check(&input.loaded.record, Some(&system.system));
    let score_errors = findings.iter().any(|f| f.severity == Severity::Error && f.code.starts_with('P'));
    Ok(u8::from(score_errors))
}

fn report(a: &ReportArgs) -> Result<u8, Failure> {
    use jixiao_render::Format;
    let format = Format::from_name(&a.output).ok_or_else(|| {
        let ext = std::path::Path::new(&a.output).extension().and_then(|e| e.to_str()).unwrap_or("");
        let ext = if ext.is_empty() { "(无扩展名)".to_string() } else { format!("“.{ext}”") };
        Failure(format!(
            "错误:不支持的输出格式{ext}({}):请用 .docx(Word)、.pdf、.html、.md(Markdown)或 .json",
            a.output
        ))
    })?;
    io::check_writable(&a.output, &a.file)?;
    let sentences = match &a.templates {
        Some(path) => {
            jixiao_render::Sentences::load(&io::read_text(path)?).map_err(|e| Failure(format!("错误:{path}:{e}")))?
        }
        None => jixiao_render::Sentences::default_set(),
    };
    let opts = options(false);
    let input = load_input(&a.file, &opts)?;
    print_notes(&input);
    let jixiao_core::Record::Dept(record) = &input.loaded.record else {
        return Err(Failure(format!("错误:{} 是项目支出绩效自评记录;目前只能为部门整体支出绩效自评生成报告", a.file)));
    };
    let system = load_system_arg(a.system.as_deref(), &input, &opts)?;
    let findings = all_findings(&input, system.as_ref().map(|s| &s.system));
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    if errors > 0 && !a.force {
        let view = SourceView { name: &a.file, text: &input.text, map: &input.loaded.map };
        eprint!("{}", jixiao_diagnostics::render_findings(&findings, &view, &options_stderr()));
        eprintln!(
            "\n报告未生成:{} 中有 {errors} 个错误。请先改正记录;如确需生成,加 --force(报告末尾将附上检查发现的问题)。",
            a.file
        );
        return Ok(1);
    }
    let notes: &[jixiao_core::Finding] = if errors > 0 { &findings } else { &[] };
    let inputs = jixiao_render::Inputs {
        record,
        system: system.as_ref().map(|s| &s.system),
        notes,
        sentences: &sentences,
        charts: !a.no_charts,
    };
    let built = jixiao_render::build(&inputs).map_err(|e| Failure(format!("错误:{e}")))?;
    for w in &built.warnings {
        eprintln!("警告:{w}");
    }
    let charts_without_picture =
        built.report.blocks.iter().any(|b| matches!(b, jixiao_render::model::Block::Chart(c) if c.png.is_none()));
    if charts_without_picture && matches!(format, Format::Docx | Format::Pdf) {
        eprintln!("警告:未找到中文字体,图表无法画成图片,报告中只留图题。{}", jixiao_render::fonts::missing_message());
    }
    let bytes =
        jixiao_render::render(&built.report, format).map_err(|e| Failure(format!("错误:无法生成 {}:{e}", a.output)))?;
    io::write_atomic(&a.output, &bytes)?;
    let forced = if errors > 0 {
        format!(";记录有 {errors} 个错误,已按 --force 生成并在附注中列出")
    } else {
        String::new()
    };
    eprintln!("已生成 {}({} 字节{forced})", a.output, bytes.len());
    Ok(0)
}

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

fn template(output: &str, system: Option<&str>) -> Result<u8, Failure> {
    xlsx_output(output)?;
    io::check_writable(output, "")?;
    let system = match system {
        Some(s) => Some(io::system_by_name(s)?),
        None => None,
    };
    if let Some(s) = &system
        && s.system.system.kind != jixiao_core::record::RecordKind::DeptEvaluation
    {
        return Err(Failure(format!(
            "错误:指标体系“{}”用于项目支出绩效自评;填报工作簿目前只用于部门整体支出绩效自评",
            s.system.system.name
        )));
    }
    let bytes = jixiao_excel::template(system.as_ref().map(|s| &s.system)).map_err(|e| Failure(format!("错误:{e}")))?;
    io::write_atomic(output, &bytes)?;
    eprintln!("已生成填报工作簿 {output}({} 字节)", bytes.len());
    Ok(0)
}

fn import(file: &str, output: &str) -> Result<u8, Failure> {
    let format = jixiao_core::load::Format::from_name(output)
        .ok_or_else(|| Failure(format!("错误:输出文件 {output} 的类型不对:记录文件应为 .toml 或 .json")))?;
    io::check_writable(output, file)?;
    let input = io::load_workbook(file)?;
    print_notes(&input);
    for f in &input.import_findings {
        eprintln!("警告[{}]:{}", f.code, f.message);
    }
    let text = match format {
        jixiao_core::load::Format::Toml => input.loaded.record.to_toml(),
        jixiao_core::load::Format::Json => input.loaded.record.to_json(),
    }
    .map_err(|e| Failure(format!("错误:{e}")))?;
    io::write_atomic(output, text.as_bytes())?;
    eprintln!("已生成记录文件 {output}");
    Ok(0)
}

fn export(file: &str, output: &str) -> Result<u8, Failure> {
    xlsx_output(output)?;
    io::check_writable(output, file)?;
    let input = load_input(file, &options(false))?;
    let jixiao_core::Record::Dept(record) = &input.loaded.record else {
        return Err(Failure(format!("错误:{file} 是项目支出绩效自评记录;填报工作簿目前只用于部门整体支出绩效自评")));
    };
    let system = load_system_arg(None, &input, &options(false)).ok().flatten();
    let bytes =
        jixiao_excel::export(record, system.as_ref().map(|s| &s.system)).map_err(|e| Failure(format!("错误:{e}")))?;
    io::write_atomic(output, &bytes)?;
    eprintln!("已生成 {output}({} 字节)", bytes.len());
    Ok(0)
}

fn options_stderr() -> Options {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    Options { ascii: false, color }
}

fn audit(files: &[String], format: OutputFormat, ascii: bool) -> Result<u8, Failure> {
    let mut worst = 0u8;
    let mut json = Vec::new();
    for file in files {
        let text = match io::read_document(file) {
            Ok(t) => t,
            Err(Failure(m)) => {
                eprintln!("{m}");
                worst = 2;
                continue;
            }
        };
        let a = jixiao_extract::audit::audit_text(text);
        let spanned: Vec<jixiao_diagnostics::SpannedFinding<'_>> = a
            .findings
            .iter()
            .map(|l| jixiao_diagnostics::SpannedFinding { finding: &l.finding, spans: &l.spans })
            .collect();
        match format {
            OutputFormat::Json => json.push(jixiao_diagnostics::spanned_json(&spanned, file, &a.text)),
            OutputFormat::Human => {
                out(&jixiao_diagnostics::render_spanned(&spanned, file, &a.text, &options(ascii)));
                if a.dept.is_none() {
                    outln(&format!("注:未能从 {file} 中识别出部门整体支出绩效自评的内容,检查的范围有限。"));
                }
            }
        }
        let errors = a.findings.iter().any(|l| l.finding.severity == Severity::Error);
        worst = worst.max(u8::from(errors));
    }
    if format == OutputFormat::Json {
        match json.len() {
            1 => print_json(&json[0]),
            _ => print_json(&serde_json::Value::Array(json)),
        }
    }
    Ok(worst)
}

fn extract(file: &str, record: bool) -> Result<u8, Failure> {
    let text = io::read_document(file)?;
    if record {
        let a = jixiao_extract::audit::audit_text(text);
        let Some(d) = a.dept else {
            return Err(Failure(format!("错误:未能从 {file} 中识别出部门整体支出绩效自评的内容")));
        };
        let rec = jixiao_core::input::Record::Dept(Box::new(d.record));
        out(&rec.to_toml().map_err(Failure)?);
    } else {
        out(&text);
    }
    Ok(0)
}

fn builtin_ids() -> String {
    jixiao_core::system::BUILTIN.iter().map(|b| b.0).collect::<Vec<_>>().join("、")
}

fn explain(code: &str) -> Result<u8, Failure> {
    let Some(i) = jixiao_rules::find_info(code) else {
        return Err(Failure(format!("错误:没有代码或名称为“{code}”的规则。用 `jixiao rules` 查看全部规则。")));
    };
    outln(&format!("{} {}({}) [{}]\n", i.code, i.title, i.name, i.severity.name_zh()));
    outln(&i.explanation());
    Ok(0)
}

fn rules(format: OutputFormat) -> Result<u8, Failure> {
    match format {
        OutputFormat::Json => print_json(&serde_json::json!(
            jixiao_rules::all_infos()
                .map(|i| serde_json::json!({"code": i.code, "name": i.name, "title": i.title, "severity": i.severity}))
                .collect::<Vec<_>>()
        )),
        OutputFormat::Human => {
            for i in jixiao_rules::all_infos() {
                outln(&format!("{}  {:<4}  {}  ({})", i.code, i.severity.name_zh(), i.title, i.name));
            }
            outln("\n用 `jixiao explain 代码` 查看某条规则的说明。");
        }
    }
    Ok(0)
}

fn systems() -> Result<u8, Failure> {
    for (id, file, _) in jixiao_core::system::BUILTIN {
        match jixiao_core::system::builtin(id) {
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

fn demo() -> Result<u8, Failure> {
    const NAME: &str = "examples/lechang-hrss-2024.toml";
    const TEXT: &str = include_str!("../../../examples/lechang-hrss-2024.toml");
    outln(&format!("== jixiao check {NAME} ==\n"));
    let input = io::from_text(NAME, TEXT.to_string(), &options(false))?;
    let system = load_system_arg(None, &input, &options(false))?;
    let findings = jixiao_rules::check(&input.loaded.record, system.as_ref().map(|s| &s.system));
    let view = SourceView { name: NAME, text: &input.text, map: &input.loaded.map };
    out(&jixiao_diagnostics::render_findings(&findings, &view, &options(false)));
    if let Some(s) = &system {
        outln(&format!("\n== jixiao score {NAME} ==\n"));
        out(&jixiao_diagnostics::render_score(&jixiao_core::scoring::score(&input.loaded.record, &s.system)));
    }
    Ok(exit_for(&findings))
}

/// Writes to standard output. A closed pipe (`jixiao rules | head`) ends the program quietly,
/// as other command-line tools do; any other write error is reported.
fn out(s: &str) {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    if let Err(e) = o.write_all(s.as_bytes()).and_then(|()| o.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("错误:无法写出结果:{e}");
        std::process::exit(2);
    }
}

/// [`out`] with a line break.
fn outln(s: &str) {
    out(&format!("{s}\n"));
}
