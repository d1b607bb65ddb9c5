//! Reading the files the user names, with Chinese messages for everything that can go wrong.

use std::path::Path;

use jixiao_pipeline::diagnostics::{Options, render_load_errors};
use jixiao_pipeline::system::{LoadedSystem, builtin, load_system};
use jixiao_pipeline::{Format, Input, Kind, Read, ReadError};

/// The tool could not do its work; the message is ready to print.
pub struct Failure(pub String);

/// The largest record or system file read: far above any real one (see `jixiao_pipeline::limits`).
fn max_data_file() -> u64 {
    jixiao_pipeline::limits::Limits::default().max_record_bytes
}

/// Reads a 填报工作簿 into a record.
pub fn load_workbook(path: &str) -> Result<Read, Failure> {
    let limits = jixiao_pipeline::workbook::Limits::default();
    let bytes = read_bounded(path, limits.max_bytes, "工作簿")?;
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
    format!("错误:无法读取 {path}:{}", os_reason(e))
}

/// Why the operating system refused, in Chinese; the system's own words (English, and
/// possibly the path of a temporary file) set apart only for kinds without a Chinese name.
pub fn os_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "文件不存在".to_string(),
        PermissionDenied => "没有权限".to_string(),
        IsADirectory => "这是一个目录,不是文件".to_string(),
        NotADirectory => "路径中有一段不是目录".to_string(),
        ReadOnlyFilesystem => "文件系统是只读的".to_string(),
        StorageFull | QuotaExceeded => "磁盘空间不足".to_string(),
        FileTooLarge => "文件超过了文件系统允许的大小".to_string(),
        AlreadyExists => "文件已存在".to_string(),
        BrokenPipe => "输出管道已关闭".to_string(),
        InvalidData => "内容无效".to_string(),
        UnexpectedEof => "文件在读取中途结束(可能不完整)".to_string(),
        Interrupted => "操作被中断".to_string(),
        TimedOut => "操作超时".to_string(),
        _ => match e.raw_os_error() {
            Some(code) => format!("系统错误(错误码 {code})"),
            None => "系统错误".to_string(),
        },
    }
}

/// Reads a file whole, refusing it once it passes `limit` bytes — however large its metadata
/// says it is (a device such as `/dev/zero`, or a link to one, has none).
pub fn read_bounded(path: &str, limit: u64, what: &str) -> Result<Vec<u8>, Failure> {
    use std::io::Read;
    if path == "-" {
        return Err(Failure(format!("错误:jixiao 不从标准输入读取{what}:请给出文件名(如 jixiao check 记录.toml)")));
    }
    let file = std::fs::File::open(path).map_err(|e| Failure(io_message(path, &e)))?;
    let meta = file.metadata().map_err(|e| Failure(io_message(path, &e)))?;
    if meta.is_dir() {
        return Err(Failure(format!("错误:无法读取 {path}:这是一个目录,不是文件")));
    }
    let too_large = |size: String| {
        Failure(format!("错误:{path} 有 {size},超过{what}的上限 {limit} 字节({} MiB),未读取", limit / (1024 * 1024)))
    };
    if meta.len() > limit {
        return Err(too_large(format!("{} 字节", meta.len())));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| Failure(io_message(path, &e)))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(format!("{limit} 字节以上")));
    }
    Ok(bytes)
}

/// Reads a text data file whole, within the record-file limit, as UTF-8.
pub fn read_text(path: &str) -> Result<String, Failure> {
    let bytes = read_bounded(path, max_data_file(), "记录文件")?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes).to_vec();
    String::from_utf8(bytes).map_err(|e| {
        Failure(format!(
            "错误:{path} 不是 UTF-8 编码(第 {} 个字节起无法解码)。请在编辑器中另存为 UTF-8 编码。",
            e.utf8_error().valid_up_to() + 1
        ))
    })
}

fn format_of(path: &str) -> Result<Format, Failure> {
    if path == "-" {
        return Err(Failure("错误:jixiao 不从标准输入读取记录:请给出文件名(如 jixiao check 记录.toml)".into()));
    }
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
    let bytes = read_bounded(path, jixiao_pipeline::MAX_REPORT_BYTES as u64, "可审核文件")?;
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
    not_a_file(output, out)
}

/// Refuses an output that is (or links to) a device, a pipe or a socket: the write replaces
/// the file it names by renaming, which would put a regular file in place of `/dev/full`.
fn not_a_file(given: &str, path: &Path) -> Result<(), Failure> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() && !m.is_dir() => Err(Failure(format!(
            "错误:无法写入 {given}:它{}不是普通文件(是设备、管道或套接字),jixiao 只写入普通文件;请换一个文件名(未生成任何文件)",
            if path == Path::new(given) { String::new() } else { format!("指向的 {} ", path.display()) }
        ))),
        _ => Ok(()),
    }
}

/// Writes `bytes` to `path` whole or not at all: into a temporary file in the same folder,
/// then renamed over `path`. A `path` that is a symbolic link is written through (its target
/// is replaced); an existing file keeps its permissions; temporary files a killed jixiao left
/// in that folder are removed.
pub fn write_atomic(path: &str, bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    let given = Path::new(path);
    // Write through a link to the file it names (a dangling link names a file to create).
    let out = match std::fs::symlink_metadata(given) {
        Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(given) {
            Ok(target) => target,
            Err(_) => std::fs::read_link(given)
                .map(|t| given.parent().unwrap_or(Path::new(".")).join(t))
                .unwrap_or_else(|_| given.to_path_buf()),
        },
        _ => given.to_path_buf(),
    };
    not_a_file(path, &out)?;
    let dir = out.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    let fail = |e: std::io::Error| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => format!("目录 {} 不存在", dir.display()),
            _ => os_reason(&e),
        };
        Failure(format!("错误:无法写入 {path}:{why}(未生成任何文件,原有文件未改动)"))
    };
    remove_stale_temporaries(&dir);
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    // A report is an ordinary document: readable as any new file is (the umask applies),
    // not private as temporary files are made; a file written over keeps its permissions.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    #[cfg(unix)]
    if let Ok(m) = std::fs::metadata(&out) {
        // The umask must not narrow a mode the file already had.
        tmp.as_file().set_permissions(m.permissions()).map_err(fail)?;
    }
    tmp.persist(&out).map_err(|e| fail(e.error))?;
    Ok(())
}

const TEMP_PREFIX: &str = ".jixiao-";
const TEMP_SUFFIX: &str = ".tmp";

/// Removes jixiao's own temporary files older than ten minutes from `dir`: what a jixiao
/// killed in the middle of a write left behind (a write in progress is seconds old).
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let now = std::time::SystemTime::now();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(600));
        if old && e.file_type().is_ok_and(|t| t.is_file()) {
            // A file that cannot be removed now is tried again at the next write.
            let _ = std::fs::remove_file(e.path());
        }
    }
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
