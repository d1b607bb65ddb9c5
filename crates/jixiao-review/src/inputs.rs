//! The files of a batch: paths given as files, folders (read recursively) or patterns with
//! `*` and `?` (expanded here, so that they work in Windows `cmd` too).

use std::path::{Path, PathBuf};

/// File extensions the audit reads.
const EXTENSIONS: &[&str] = &["txt", "pdf", "docx", "html", "htm", "md"];

/// The files found and the paths skipped, with why.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Report files, in the order given (a folder's files sorted by path).
    pub files: Vec<PathBuf>,
    /// Paths that hold no report, with the reason in Chinese.
    pub skipped: Vec<(String, String)>,
}

fn is_report(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Why a file is not taken.
fn not_a_report(path: &Path) -> String {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with("~$") {
        return "Word/WPS 打开文件时留下的临时文件".into();
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if ext.eq_ignore_ascii_case("doc") {
        return "旧版 .doc 文件,请另存为 .docx 后再复核".into();
    }
    format!(
        "不是可复核的文件类型(可复核:{})",
        EXTENSIONS.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join("、")
    )
}

fn take(path: &Path, out: &mut Inputs) {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if is_report(path) && !name.starts_with("~$") {
        out.files.push(path.to_path_buf());
    } else {
        out.skipped.push((path.display().to_string(), not_a_report(path)));
    }
}

/// Expands the paths of a batch.
pub fn expand(paths: &[String]) -> Inputs {
    let mut out = Inputs::default();
    for p in paths {
        if p.contains(['*', '?']) {
            pattern(p, &mut out);
            continue;
        }
        let path = Path::new(p);
        if path.is_dir() {
            let before = out.files.len();
            let mut entries: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .follow_links(false)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(walkdir::DirEntry::into_path)
                .collect();
            entries.sort();
            for e in entries {
                take(&e, &mut out);
            }
            if out.files.len() == before {
                out.skipped.push((p.clone(), "文件夹中没有可复核的报告".into()));
            }
        } else if path.is_file() {
            take(path, &mut out);
        } else {
            out.skipped.push((p.clone(), "文件或文件夹不存在".into()));
        }
    }
    out
}

/// A pattern: wildcards in the last part of the path only.
fn pattern(p: &str, out: &mut Inputs) {
    let path = Path::new(p);
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if dir.to_string_lossy().contains(['*', '?']) {
        out.skipped.push((p.to_string(), "通配符只能用在文件名中,不能用在文件夹名中".into()));
        return;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let Ok(glob) = globset::GlobBuilder::new(name).case_insensitive(true).build() else {
        out.skipped.push((p.to_string(), "无法理解的通配符".into()));
        return;
    };
    let m = glob.compile_matcher();
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).filter(|e| e.is_file()).collect())
        .unwrap_or_default();
    found.retain(|f| f.file_name().is_some_and(|n| m.is_match(n)));
    found.sort();
    if found.is_empty() {
        out.skipped.push((p.to_string(), "没有与之匹配的文件".into()));
    }
    for f in found {
        take(&f, out);
    }
}
