//! # jixiao-fonts
//!
//! The fonts of jixiao's documents, as data for the writers (`jixiao-render` reads no font
//! file: its callers give it the faces).
//!
//! jixiao ships subsets of three open-licence faces in the styles GB/T 9704 asks for
//! (`fonts/` at the repository's root, made by `scripts/make-fonts`, SIL OFL 1.1), compiled
//! into this crate: 仿宋 (Jixiao Fangsong, from 朱雀仿宋), 楷体 (Jixiao Kai, from 霞鹜文楷) and
//! 黑体 (Jixiao Hei, from Noto Sans CJK SC), each cut down to GB 2312 and the punctuation of
//! official documents. [`bundled`] is those three and nothing else: with them a PDF is the
//! same on every machine.
//!
//! Where the official faces of the machine should win (仿宋_GB2312, 楷体_GB2312, 黑体,
//! 方正小标宋简体), [`find`] looks for them in the folders given ([`system_dirs`] names the
//! usual ones) and puts them before the bundled faces.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// 仿宋 (Jixiao Fangsong), the body text.
pub static FANGSONG: &[u8] = include_bytes!("../../../fonts/JixiaoFangsong-Regular.ttf");
/// 楷体 (Jixiao Kai), level-2 headings.
pub static KAI: &[u8] = include_bytes!("../../../fonts/JixiaoKai-Regular.ttf");
/// 黑体 (Jixiao Hei), the title without 小标宋, level-1 headings, table headers, charts.
pub static HEI: &[u8] = include_bytes!("../../../fonts/JixiaoHei-Regular.otf");

/// The family names of the bundled faces.
pub const FANGSONG_FAMILY: &str = "Jixiao Fangsong";
/// See [`FANGSONG_FAMILY`].
pub const KAI_FAMILY: &str = "Jixiao Kai";
/// See [`FANGSONG_FAMILY`].
pub const HEI_FAMILY: &str = "Jixiao Hei";

/// What a face is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// 仿宋: body text, level-3 and level-4 headings.
    Fangsong,
    /// 楷体: level-2 headings, notes.
    Kai,
    /// 黑体: level-1 headings, table headers, captions.
    Hei,
    /// 方正小标宋: the title.
    Title,
    /// Any other CJK face of the machine, for characters the others lack (outside GB 2312).
    Fallback,
}

/// A font file's bytes, compiled in or read by [`find`].
#[derive(Clone)]
pub enum FontData {
    /// Compiled into the binary.
    Static(&'static [u8]),
    /// Read from a file.
    Shared(Arc<[u8]>),
}

impl AsRef<[u8]> for FontData {
    fn as_ref(&self) -> &[u8] {
        match self {
            FontData::Static(b) => b,
            FontData::Shared(b) => b,
        }
    }
}

/// Where a face came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// One of jixiao's own subsets.
    Bundled,
    /// A file of the machine.
    File(PathBuf),
}

/// One font file (or collection) and what it is for.
#[derive(Clone)]
pub struct Face {
    /// Its use.
    pub style: Style,
    /// The file's bytes.
    pub data: FontData,
    /// Where it came from.
    pub origin: Origin,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("style", &self.style)
            .field("bytes", &self.data.as_ref().len())
            .field("origin", &self.origin)
            .finish()
    }
}

/// jixiao's own faces, 仿宋, 楷体 and 黑体, and nothing else (no file is read).
pub fn bundled() -> Vec<Face> {
    [(Style::Fangsong, FANGSONG), (Style::Kai, KAI), (Style::Hei, HEI)]
        .into_iter()
        .map(|(style, data)| Face { style, data: FontData::Static(data), origin: Origin::Bundled })
        .collect()
}

/// The usual font folders of Linux, macOS and Windows, with a user's own under `home`.
pub fn system_dirs(home: Option<&Path>) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> =
        ["/usr/share/fonts", "/usr/local/share/fonts", "/System/Library/Fonts", "/Library/Fonts", "C:\\Windows\\Fonts"]
            .iter()
            .map(PathBuf::from)
            .collect();
    if let Some(home) = home {
        v.push(home.join(".fonts"));
        v.push(home.join(".local/share/fonts"));
        v.push(home.join("Library/Fonts"));
    }
    v
}

/// File names (lower case, without blanks, `_` and `-`) of the official faces, by style,
/// the preferred first.
const NAMES: &[(Style, &[&str])] = &[
    (
        Style::Fangsong,
        &["fangsonggb2312", "仿宋gb2312", "simfang", "fangsong", "stfangso", "仿宋", "fzfsjw", "方正仿宋"],
    ),
    (Style::Kai, &["kaitigb2312", "楷体gb2312", "simkai", "kaiti", "stkaiti", "楷体", "fzktjw", "方正楷体"]),
    (Style::Hei, &["simhei", "黑体", "stheiti", "fzhtjw", "方正黑体"]),
    (Style::Title, &["fzxbsjw", "方正小标宋", "fzxiaobiaosong"]),
    (
        Style::Fallback,
        &[
            "notoserifcjkregular",
            "notoserifcjksc",
            "notosanscjkregular",
            "notosanscjksc",
            "sourcehanserifsc",
            "sourcehansanssc",
            "simsun",
            "msyh",
            "wqyzenhei",
            "wqymicrohei",
        ],
    ),
];

fn normalized(path: &Path) -> String {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_lowercase().replace([' ', '_', '-'], "")
}

/// Looks in `dirs` (and their subfolders) for the official faces — 仿宋_GB2312 (or 仿宋), 楷体_GB2312
/// (or 楷体), 黑体, 方正小标宋简体 — and one other CJK face for characters outside GB 2312,
/// reads the files found, and adds the bundled faces after them: the faces of a style are
/// preferred in order. With no folder (or nothing found) the set is [`bundled`]. Files that
/// cannot be read are passed over.
pub fn find(dirs: &[PathBuf]) -> Vec<Face> {
    let mut files = Vec::new();
    for d in dirs {
        walk(d, 0, &mut files);
    }
    files.sort();
    let mut faces = Vec::new();
    for (style, names) in NAMES {
        let hit = names.iter().find_map(|n| files.iter().find(|f| normalized(f).starts_with(n)));
        if let Some(path) = hit
            && let Ok(data) = std::fs::read(path)
        {
            faces.push((
                *style,
                Face { style: *style, data: FontData::Shared(data.into()), origin: Origin::File(path.clone()) },
            ));
        }
    }
    // The machine's faces of each style before the bundled one; fallbacks last.
    let mut out: Vec<Face> = faces.iter().filter(|(s, _)| *s != Style::Fallback).map(|(_, f)| f.clone()).collect();
    out.extend(bundled());
    out.extend(faces.into_iter().filter(|(s, _)| *s == Style::Fallback).map(|(_, f)| f));
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_faces_are_compiled_in_and_named() {
        let f = bundled();
        assert_eq!(f.len(), 3);
        assert!(f.iter().all(|x| x.origin == Origin::Bundled));
        for (style, data) in [(Style::Fangsong, FANGSONG), (Style::Kai, KAI), (Style::Hei, HEI)] {
            assert_eq!(f.iter().filter(|x| x.style == style).count(), 1);
            assert!(data.len() > 1_000_000, "{style:?}");
        }
    }

    #[test]
    fn nothing_found_in_no_folder_or_an_empty_one() {
        let empty = std::env::temp_dir().join(format!("jixiao-no-fonts-{}", std::process::id()));
        std::fs::create_dir_all(&empty).expect("mkdir");
        for dirs in [vec![], vec![empty.clone()], vec![empty.join("absent")]] {
            let f = find(&dirs);
            assert!(f.iter().all(|x| x.origin == Origin::Bundled), "{dirs:?}");
            assert_eq!(f.len(), 3);
        }
        std::fs::remove_dir_all(&empty).ok();
    }

    #[test]
    fn official_faces_are_found_by_their_file_names() {
        let dir = std::env::temp_dir().join(format!("jixiao-fonts-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("win")).expect("mkdir");
        // Not real fonts: only the names matter to the search.
        for name in ["win/SIMFANG.TTF", "楷体_GB2312.ttf", "simhei.ttf", "README.txt", "NotoSansCJK-Regular.ttc"] {
            std::fs::write(dir.join(name), b"x").expect("write");
        }
        let f = find(std::slice::from_ref(&dir));
        let styles: Vec<(Style, bool)> = f.iter().map(|x| (x.style, x.origin == Origin::Bundled)).collect();
        assert_eq!(
            styles,
            [
                (Style::Fangsong, false),
                (Style::Kai, false),
                (Style::Hei, false),
                (Style::Fangsong, true),
                (Style::Kai, true),
                (Style::Hei, true),
                (Style::Fallback, false)
            ]
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn the_usual_folders() {
        let d = system_dirs(Some(Path::new("/home/a")));
        assert!(d.contains(&PathBuf::from("/usr/share/fonts")));
        assert!(d.contains(&PathBuf::from("/home/a/.local/share/fonts")));
        assert!(!system_dirs(None).iter().any(|p| p.starts_with("/home")));
    }
}
