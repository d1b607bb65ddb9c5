//! The command line: every command and option as clap definitions (their help texts are the
//! `///` comments, in Chinese), the help pages localized (Chinese headings, placeholders and
//! flags), and argument errors said in Chinese with the usage line.
//!
//! Only what the user may type and how it is explained; what each command does is in
//! [`crate::commands`].

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

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
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The help page's layout, with Chinese headings.
const HELP: &str = "{about-with-newline}\n用法 (Usage):{tab}{usage}\n\n{all-args}{after-help}";

#[derive(Subcommand)]
pub enum Command {
    /// 检查记录中的数字是否前后一致(合计、差异、比率、完成情况、得分……)。Check a record.
    Check(CheckArgs),
    /// 按指标体系计算得分、总分与等级。Score a record against an indicator system.
    Score(CheckArgs),
    /// 由记录生成自评报告(.docx/.pdf/.html/.md);项目记录生成项目支出绩效自评表。Write the self-evaluation report (a project's 自评表) from a record.
    Report(ReportArgs),
    /// 生成空白的填报工作簿(.xlsx)。Write the empty Excel workbook to fill in.
    Template {
        /// 输出文件(.xlsx)
        #[arg(short, long)]
        output: String,
        /// 指标体系:内置代码或 .toml 文件;“指标自评得分”表将列出其指标
        #[arg(long)]
        system: Option<String>,
        /// 工作簿种类:dept 部门整体支出绩效自评(默认),project 项目支出绩效自评表(一个工作簿一个项目)
        #[arg(long, value_enum, default_value_t = WorkbookKind::Dept)]
        kind: WorkbookKind,
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
    /// 从上一年的记录或工作簿生成新一年的填报工作簿。Start next year's workbook from last year's.
    ///
    /// 沿用单位构成、人员编制、职责、指标体系、功能科目和绩效目标(目标值保留、完成值清空);
    /// 上一年的年初预算数、执行数、“三公”经费预算、存量资金成为“上年”数;其余为新一年填写。
    Rollover {
        /// 上一年的记录文件(.toml/.json)或填报工作簿(.xlsx/.xls)
        file: String,
        /// 新一年的填报工作簿(.xlsx)
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
    /// 复核一批自评报告(文件或文件夹,可用 * 通配):逐份审核,汇总为一张表,标出自评偏高与套用的信号。Review a batch of reports.
    Review {
        /// 报告文件或文件夹(文件夹中的报告逐层读取),可多个;可用 * 和 ? 通配
        #[arg(required = true)]
        paths: Vec<String>,
        /// 复核汇总工作簿(.xlsx)的保存位置
        #[arg(short, long)]
        output: Option<String>,
        /// 复核总览网页(.html,单个文件,不需联网)的保存位置
        #[arg(long, value_name = "FILE")]
        html: Option<String>,
        /// 以 JSON 打印结果(供程序读取)
        #[arg(long)]
        json: bool,
        /// 同时审核的份数(默认为处理器核数)
        #[arg(long)]
        jobs: Option<usize>,
        /// 复核规则文件(TOML,见 docs/review.md),代替内置规则
        #[arg(long)]
        rules: Option<String>,
        /// 把带批注的副本写入此文件夹:Word 报告在问题所涉数字处加批注,PDF 报告在其上加高亮批注;原文件不变
        #[arg(long, value_name = "DIR")]
        annotate: Option<String>,
        /// 上一年度的报告(文件或文件夹,可多个):按单位比较,标出照搬上年的指标值
        #[arg(long, value_name = "PATH", num_args = 1..)]
        previous: Vec<String>,
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
    /// 启动网页工作台:在浏览器中填报、检查、审核并生成报告。Start the web workspace.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

/// `jixiao serve`.
#[cfg(feature = "serve")]
#[derive(clap::Args)]
pub struct ServeArgs {
    /// 监听地址;0.0.0.0:端口 让局域网中的其他电脑访问,端口 0 由系统选一个空闲端口
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "地址:端口")]
    pub addr: std::net::SocketAddr,
    /// 数据库:sqlite:文件路径(首次启动时创建),或 postgres://用户@主机/库名
    #[arg(long, default_value = "sqlite:jixiao.db", value_name = "数据库")]
    pub database: String,
    /// 载入演示数据(乐昌市财政局及其下 5 个单位、2024 年度自评任务)和演示账号,密码均为 demo2024
    #[arg(long)]
    pub demo: bool,
    /// 创建第一个管理员账号(随后询问密码),然后退出
    #[arg(long, value_name = "用户名")]
    pub init_admin: Option<String>,
}

#[derive(clap::Args)]
#[command(help_template = HELP, next_help_heading = "选项 (Options)")]
pub struct CheckArgs {
    /// 记录文件(.toml 或 .json)或填报工作簿(.xlsx)
    pub file: String,
    /// 指标体系:内置代码(见 `jixiao systems`)或 .toml 文件路径;默认用记录中指定的
    #[arg(long)]
    pub system: Option<String>,
    /// 输出格式:human(供人阅读,默认)或 json
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// 只用 ASCII 字符画线(适用于把制表符显示为双宽的终端)
    #[arg(long)]
    pub ascii: bool,
    /// 同时检查能否生成定稿(check):列出定稿所需而记录缺少的每一项
    #[arg(long = "final")]
    pub final_doc: bool,
}

#[derive(clap::Args)]
#[command(help_template = HELP, next_help_heading = "选项 (Options)")]
pub struct ReportArgs {
    /// 记录文件(.toml 或 .json)或填报工作簿(.xlsx)
    pub file: String,
    /// 输出文件;格式由扩展名决定:.docx(Word)、.pdf、.html、.md(Markdown)、.json(报告内容,供其他程序使用)
    #[arg(short, long)]
    pub output: String,
    /// 指标体系:内置代码或 .toml 文件路径;默认用记录中指定的
    #[arg(long)]
    pub system: Option<String>,
    /// 记录有错误时仍生成报告(报告末尾附上检查发现的问题)
    #[arg(long)]
    pub force: bool,
    /// 句子模板文件(TOML),替换默认措辞;见 templates/report-sentences.toml
    #[arg(long)]
    pub templates: Option<String>,
    /// 不生成图表
    #[arg(long)]
    pub no_charts: bool,
    /// 生成定稿:记录缺少定稿所需的内容时不生成,列出缺少的每一项;不加此选项时生成的是草稿,每页标有“草稿”
    #[arg(long = "final")]
    pub final_doc: bool,
    /// 项目支出绩效自评记录:在自评表之后加上自评报告的各部分(项目概况、绩效目标、自评结果、偏差原因、问题和改进措施)
    #[arg(long)]
    pub full: bool,
}

/// Which workbook `template` writes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WorkbookKind {
    /// 部门整体支出绩效自评.
    Dept,
    /// 项目支出绩效自评表.
    Project,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// 供人阅读的文本(默认)
    Human,
    /// JSON
    Json,
}

/// The command line with every help page in Chinese: headings, the help and version flags,
/// and no English lists of values or defaults (each option's own help names them).
pub fn cli_command() -> clap::Command {
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

/// A command-line error in Chinese, with clap's own text kept below for the details.
pub fn argument_error(e: &clap::Error) -> String {
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
        ErrorKind::InvalidUtf8 => {
            "错误:参数中的文件名含有无法识别的字符(不是 UTF-8 编码的文件名):请把文件重命名(如改为中文或英文名)后重试"
                .to_string()
        }
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
