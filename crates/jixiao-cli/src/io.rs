//! Reading the files the user names, with Chinese messages for everything that can go wrong.

use std::path::Path;

use jixiao_pipeline::diagnostics::{Options, render_load_errors};
use jixiao_pipeline::system::{LoadedSystem, builtin, load_system};
use jixiao_pipeline::{Format, Input, Kind, Read, ReadError};

/// The tool could not do its work; the message is ready to print.
pub struct Failure(pub String);

/// The largest record or system file read (16 MiB): far above any real one.
pub const MAX_DATA_FILE: u64 = 16 * 1024 * 1024;

/// Reads a 填报工作簿 into a record.
pub fn load_workbook(path: &str) -> Result<Read, Failure> {
    let meta = std::fs::metadata(path).map_err(|e| Failure(io_message(path, &e)))?;
    if meta.is_dir() {
        return Err(Failure(format!("错误:无法读取 {path}:这是一个目录,不是文件")));
    }
    let limits = jixiao_pipeline::workbook::Limits::default();
    if meta.len() > limits.max_bytes {
        return Err(Failure(format!(
            "错误:{path} 有 {} 字节,超过工作簿的上限 {} 字节(50 MiB)",
            meta.len(),
            limits.max_bytes
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Failure(io_message(path, &e)))?;
    jixiao_pipeline::read(path, Input::Workbook(&bytes)).map_err(|e| match e {
        ReadError::Workbook(jixiao_pipeline::WorkbookError::Cells(issues)) => {
            let mut m = format!("错误:{path} 中有 {} 处需要改正,未能读取:\n", issues.len());
            for i in &issues {
                m.push_str(&format!("  {path} {}:{}\n", i.place, i.message));
            }
            m.push_str("请改正后重试。");
            Failure(m)
        }
        e => Failure(format!("错误:无法读取 {path}:{}", read_error(&e))),
    })
}

fn io_message(path: &str, e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let why = match e.kind() {
        NotFound => "文件不存在".to_string(),
        PermissionDenied => "没有读取权限".to_string(),
        IsADirectory => "这是一个目录,不是文件".to_string(),
        _ => format!("{e}"),
    };
    format!("错误:无法读取 {path}:{why}")
}

/// Reads a text data file whole, within [`MAX_DATA_FILE`], as UTF-8.
pub fn read_text(path: &str) -> Result<String, Failure> {
    let meta = std::fs::metadata(path).map_err(|e| Failure(io_message(path, &e)))?;
    if meta.is_dir() {
        return Err(Failure(format!("错误:无法读取 {path}:这是一个目录,不是文件")));
    }
    if meta.len() > MAX_DATA_FILE {
        return Err(Failure(format!(
            "错误:{path} 有 {} 字节,超过记录文件的大小上限 {} 字节(16 MiB)",
            meta.len(),
            MAX_DATA_FILE
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Failure(io_message(path, &e)))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes).to_vec();
    String::from_utf8(bytes).map_err(|e| {
        Failure(format!(
            "错误:{path} 不是 UTF-8 编码(第 {} 个字节起无法解码)。请在编辑器中另存为 UTF-8 编码。",
            e.utf8_error().valid_up_to() + 1
        ))
    })
}

fn format_of(path: &str) -> Result<Format, Failure> {
    Format::from_name(path).ok_or_else(|| {
        let ext = Path::new(path).extension().and_then(|e| e.to_str()).unwrap_or("");
        Failure(format!("错误:不支持的文件类型“.{ext}”({path}):记录文件应为 .toml、.json 或填报工作簿 .xlsx"))
    })
}

/// A reading failure's own message (a workbook's or a report's; a record file's are worded by
/// the caller, with the text).
fn read_error(e: &ReadError) -> String {
    match e {
        ReadError::Workbook(e) => e.to_string(),
        ReadError::Report(e) => e.to_string(),
        ReadError::EmptyRecord => "文件是空的".into(),
        ReadError::Record { errors, .. } => errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join(";"),
    }
}

/// Reads a report (text in any encoding, PDF, DOCX, HTML, Markdown): its text and what was
/// read from it.
pub fn read_document(path: &str) -> Result<Read, Failure> {
    let meta = std::fs::metadata(path).map_err(|e| Failure(io_message(path, &e)))?;
    if meta.is_dir() {
        return Err(Failure(format!("错误:无法读取 {path}:这是一个目录,不是文件")));
    }
    let limit = jixiao_pipeline::MAX_REPORT_BYTES as u64;
    if meta.len() > limit {
        return Err(Failure(format!("错误:{path} 有 {} 字节,超过可审核文件的上限 {limit} 字节(50 MiB)", meta.len())));
    }
    let bytes = std::fs::read(path).map_err(|e| Failure(io_message(path, &e)))?;
    jixiao_pipeline::read(path, Input::Report(&bytes)).map_err(|e| Failure(format!("错误:{path}:{}", read_error(&e))))
}

/// Reads and validates a record file or a 填报工作簿.
pub fn load_input(path: &str, opts: &Options) -> Result<Read, Failure> {
    if Kind::of(path) == Some(Kind::Workbook) {
        return load_workbook(path);
    }
    let format = format_of(path)?;
    let text = read_text(path)?;
    parse_input(path, text, format, opts)
}

/// Loads a record from text already in memory (the bundled example).
pub fn from_text(name: &str, text: String, opts: &Options) -> Result<Read, Failure> {
    parse_input(name, text, Format::Toml, opts)
}

fn parse_input(path: &str, text: String, format: Format, opts: &Options) -> Result<Read, Failure> {
    jixiao_pipeline::read(path, Input::Record { text, format }).map_err(|e| match e {
        ReadError::EmptyRecord => Failure(format!(
            "错误:{path} 是空文件。记录的写法见 docs/record-format.md,或用 jixiao template 生成填报工作簿"
        )),
        ReadError::Record { text, errors } => Failure(render_load_errors(&errors, path, &text, opts)),
        e => Failure(format!("错误:无法读取 {path}:{}", read_error(&e))),
    })
}

/// A system by built-in id or file name.
pub fn system_by_name(name: &str) -> Result<LoadedSystem, Failure> {
    if Path::new(name).is_file() || Format::from_name(name).is_some() {
        let format = format_of(name)?;
        let text = read_text(name)?;
        return load_system(&text, format, name).map_err(|errors| {
            Failure(render_load_errors(&errors, name, &text, &Options { ascii: false, color: false }))
        });
    }
    match builtin(name) {
        Some(Ok(s)) => Ok(s),
        Some(Err(errors)) => Err(Failure(format!("错误:内置指标体系 {name} 无法读取:{}", errors[0].message))),
        None => {
            let ids: Vec<&str> = jixiao_pipeline::system::BUILTIN.iter().map(|b| b.0).collect();
            Err(Failure(format!("错误:没有名为“{name}”的内置指标体系(可选:{}),也没有这个文件", ids.join("、"))))
        }
    }
}

/// The system named by `--system` (a built-in id or a file), else the one the record names.
pub fn load_system_arg(arg: Option<&str>, input: &Read, opts: &Options) -> Result<Option<LoadedSystem>, Failure> {
    let Some(name) = arg.or_else(|| input.record.indicator_system()) else {
        return Ok(None);
    };
    let from_file = arg.is_some() && (Path::new(name).is_file() || Format::from_name(name).is_some());
    let loaded = if from_file {
        let format = format_of(name)?;
        let text = read_text(name)?;
        load_system(&text, format, name).map_err(|errors| Failure(render_load_errors(&errors, name, &text, opts)))?
    } else {
        match builtin(name) {
            Some(Ok(s)) => s,
            Some(Err(errors)) => {
                return Err(Failure(format!("错误:内置指标体系 {name} 无法读取:{}", errors[0].message)));
            }
            None => {
                let ids: Vec<&str> = jixiao_pipeline::system::BUILTIN.iter().map(|b| b.0).collect();
                return Err(Failure(format!(
                    "错误:没有名为“{name}”的内置指标体系(可选:{}),也没有这个文件",
                    ids.join("、")
                )));
            }
        }
    };
    if loaded.system.system.kind != input.record.kind() {
        return Err(Failure(format!(
            "错误:指标体系“{}”用于{},而记录是{}",
            loaded.system.system.name,
            kind_zh(loaded.system.system.kind),
            kind_zh(input.record.kind())
        )));
    }
    Ok(Some(loaded))
}

fn kind_zh(k: jixiao_pipeline::record::RecordKind) -> &'static str {
    match k {
        jixiao_pipeline::record::RecordKind::DeptEvaluation => "部门整体支出绩效自评",
        jixiao_pipeline::record::RecordKind::ProjectEvaluation => "项目支出绩效自评",
    }
}

/// Checks, before any work, that `output` can be written: its folder exists and it is not the
/// input file.
pub fn check_writable(output: &str, input: &str) -> Result<(), Failure> {
    let out = Path::new(output);
    if out.is_dir() {
        return Err(Failure(format!("错误:无法写入 {output}:这是一个目录,请给出文件名")));
    }
    if let (Ok(a), Ok(b)) = (std::fs::canonicalize(out), std::fs::canonicalize(input))
        && a == b
    {
        return Err(Failure(format!("错误:输出文件 {output} 就是输入的记录文件,不能覆盖")));
    }
    let dir = out.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Failure(format!("错误:无法写入 {output}:目录 {} 不存在", dir.display())));
    }
    Ok(())
}

/// Writes `bytes` to `path` whole or not at all: into a temporary file in the same folder,
/// then renamed over `path`.
pub fn write_atomic(path: &str, bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    let out = Path::new(path);
    let dir = out.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| {
        let why = match e.kind() {
            std::io::ErrorKind::PermissionDenied => "没有写入权限".to_string(),
            std::io::ErrorKind::NotFound => format!("目录 {} 不存在", dir.display()),
            _ => e.to_string(),
        };
        Failure(format!("错误:无法写入 {path}:{why}(未生成任何文件)"))
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".jixiao-").suffix(".tmp");
    // A report is an ordinary document: readable as any new file is (the umask applies),
    // not private as temporary files are made.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(out).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Asks for a new password twice on the terminal (not shown as typed), or reads one line from
/// standard input when it is not a terminal (for scripts).
#[cfg(feature = "serve")]
pub fn ask_new_password() -> Result<String, Failure> {
    use std::io::{BufRead, IsTerminal};
    let fail = |e: std::io::Error| Failure(format!("错误:无法读取密码:{e}"));
    if !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(fail)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    let first = rpassword::prompt_password("新密码(至少 8 位):").map_err(fail)?;
    let second = rpassword::prompt_password("再输入一次:").map_err(fail)?;
    if first != second {
        return Err(Failure("错误:两次输入的密码不一致,未创建账号".into()));
    }
    Ok(first)
}
