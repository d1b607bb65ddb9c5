//! Finding the CJK fonts on this machine, for drawing chart labels and typesetting PDFs.
//!
//! jixiao embeds no font (the CJK faces are tens of megabytes): it looks in the usual font
//! folders of Linux, macOS and Windows — or only in `$JIXIAO_FONT_DIR` when that is set — for
//! a Simplified-Chinese sans face (黑体 and chart labels) and a serif face (宋体/仿宋 body text).

use std::path::{Path, PathBuf};

/// The CJK faces found.
#[derive(Debug, Clone, Default)]
pub struct Fonts {
    /// A sans face (Noto Sans CJK, Source Han Sans, 黑体, WenQuanYi).
    pub sans: Option<PathBuf>,
    /// A serif face (Noto Serif CJK, Source Han Serif, 宋体, 仿宋).
    pub serif: Option<PathBuf>,
    /// A 楷体 face, if any (AR PL KaitiM, 楷体).
    pub kai: Option<PathBuf>,
}

const SANS: &[&str] = &[
    "notosanscjk-regular",
    "notosanscjksc-regular",
    "sourcehansans",
    "sourcehansanssc",
    "simhei",
    "msyh",
    "wqy-zenhei",
    "wqy-microhei",
    "notosanssc",
];
const SERIF: &[&str] = &[
    "notoserifcjk-regular",
    "notoserifcjksc-regular",
    "sourcehanserif",
    "simsun",
    "simfang",
    "fangsong",
    "notoserifsc",
];
const KAI: &[&str] = &["gkai00mp", "ukai", "simkai", "kaiti", "lxgwwenkai"];

fn dirs() -> Vec<PathBuf> {
    let mut v = Vec::new();
    // A font folder named by the user is the only place looked in.
    if let Some(d) = std::env::var_os("JIXIAO_FONT_DIR") {
        v.push(PathBuf::from(d));
        return v;
    }
    for d in
        ["/usr/share/fonts", "/usr/local/share/fonts", "/System/Library/Fonts", "/Library/Fonts", "C:\\Windows\\Fonts"]
    {
        v.push(PathBuf::from(d));
    }
    if let Some(home) = std::env::var_os("HOME") {
        v.push(Path::new(&home).join(".fonts"));
        v.push(Path::new(&home).join(".local/share/fonts"));
    }
    v
}

fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > 6 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, depth + 1, out);
        } else if p
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| matches!(x.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc" | "otc"))
        {
            out.push(p);
        }
    }
}

fn pick(files: &[PathBuf], names: &[&str]) -> Option<PathBuf> {
    names.iter().find_map(|n| {
        files
            .iter()
            .find(|f| {
                f.file_name()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| x.to_ascii_lowercase().replace([' ', '_'], "").starts_with(n))
            })
            .cloned()
    })
}

/// Looks for the fonts (once per process).
pub fn find() -> &'static Fonts {
    static FONTS: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| {
        let mut files = Vec::new();
        for d in dirs() {
            walk(&d, 0, &mut files);
        }
        files.sort();
        Fonts { sans: pick(&files, SANS), serif: pick(&files, SERIF), kai: pick(&files, KAI) }
    })
}

/// The message when no CJK font is found.
pub fn missing_message() -> String {
    "未找到中文字体。请安装 Noto CJK 字体(Debian/Ubuntu: apt-get install fonts-noto-cjk),\
     或把含中文字体(.ttf/.otf/.ttc)的目录设为环境变量 JIXIAO_FONT_DIR(设置后只在该目录中查找)。"
        .to_string()
}
