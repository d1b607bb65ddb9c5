//! The limits on what any input may make jixiao do, in one place: how many bytes it reads,
//! pages it lays out, rows and cells it holds, findings it reports. Every reader and rule
//! takes its limits from here; each limit, when hit, is named in a Chinese message
//! ([`Limit::message`]) and `docs/limits.md` lists them with their defaults.
//!
//! The defaults are generous for any real report or workbook (a county department's workbook
//! has hundreds of rows, a report tens of pages) and small enough that no input can exhaust the
//! memory or the time of the machine, or of a server that many users share.

/// The limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest report, workbook or upload read (50 MiB).
    pub max_file_bytes: u64,
    /// Largest record or indicator-system file (TOML/JSON) read (16 MiB).
    pub max_record_bytes: u64,
    /// Most bytes a zip container (XLSX, DOCX) may unzip to (200 MiB).
    pub max_unzipped_bytes: u64,
    /// Most parts in a zip container (10 000).
    pub max_zip_entries: usize,
    /// Most cells holding a value or a formula in one workbook, counted as they are read
    /// (1 million); the declared used range is not counted, so a far cell costs one.
    pub max_cells: u64,
    /// Most pages of a PDF read (2 000).
    pub max_pages: usize,
    /// Most characters of text decoded from one document (50 million).
    pub max_text_chars: usize,
    /// Most items of one list of a record (rows, targets, scores, figures…) (100 000).
    pub max_list_items: usize,
    /// Most indicators of an indicator system (20 000).
    pub max_indicators: usize,
    /// Most findings one rule reports on one input; beyond it, one finding says how many more
    /// there are (200).
    pub max_findings_per_rule: usize,
    /// Deepest nesting of a structured document (JSON/TOML arrays and tables, XML elements,
    /// PDF objects) (128).
    pub max_nesting: usize,
    /// Deepest page tree of a PDF (`Pages` nodes inside `Pages` nodes) (32); real files have a
    /// few levels, and the PDF reader stops counting pages silently past 50.
    pub max_page_tree_depth: usize,
}

impl Limits {
    /// The defaults, as a constant (readers that keep a limit as a `const` take it from here).
    pub const DEFAULT: Limits = Limits {
        max_file_bytes: 50 * 1024 * 1024,
        max_record_bytes: 16 * 1024 * 1024,
        max_unzipped_bytes: 200 * 1024 * 1024,
        max_zip_entries: 10_000,
        max_cells: 1_000_000,
        max_pages: 2_000,
        max_text_chars: 50_000_000,
        max_list_items: 100_000,
        max_indicators: 20_000,
        max_findings_per_rule: 200,
        max_nesting: 128,
        max_page_tree_depth: 32,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

/// Which limit was hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// [`Limits::max_file_bytes`].
    FileBytes,
    /// [`Limits::max_record_bytes`].
    RecordBytes,
    /// [`Limits::max_unzipped_bytes`].
    UnzippedBytes,
    /// [`Limits::max_zip_entries`].
    ZipEntries,
    /// [`Limits::max_cells`].
    Cells,
    /// [`Limits::max_pages`].
    Pages,
    /// [`Limits::max_text_chars`].
    TextChars,
    /// [`Limits::max_list_items`].
    ListItems,
    /// [`Limits::max_indicators`].
    Indicators,
    /// [`Limits::max_nesting`].
    Nesting,
    /// [`Limits::max_page_tree_depth`].
    PageTreeDepth,
}

impl Limits {
    /// The value of a limit, as a number.
    pub fn value(&self, limit: Limit) -> u64 {
        match limit {
            Limit::FileBytes => self.max_file_bytes,
            Limit::RecordBytes => self.max_record_bytes,
            Limit::UnzippedBytes => self.max_unzipped_bytes,
            Limit::ZipEntries => self.max_zip_entries as u64,
            Limit::Cells => self.max_cells,
            Limit::Pages => self.max_pages as u64,
            Limit::TextChars => self.max_text_chars as u64,
            Limit::ListItems => self.max_list_items as u64,
            Limit::Indicators => self.max_indicators as u64,
            Limit::Nesting => self.max_nesting as u64,
            Limit::PageTreeDepth => self.max_page_tree_depth as u64,
        }
    }
}

impl Limit {
    /// The limit's Chinese name.
    pub fn name(self) -> &'static str {
        match self {
            Limit::FileBytes => "文件大小上限",
            Limit::RecordBytes => "记录文件大小上限",
            Limit::UnzippedBytes => "解压后大小上限",
            Limit::ZipEntries => "压缩包部件数上限",
            Limit::Cells => "工作簿单元格数上限",
            Limit::Pages => "PDF 页数上限",
            Limit::TextChars => "文字长度上限",
            Limit::ListItems => "列表条目数上限",
            Limit::Indicators => "指标数上限",
            Limit::Nesting => "嵌套层数上限",
            Limit::PageTreeDepth => "页面树层数上限",
        }
    }

    /// `超过 列表条目数上限(100000 条)`: the limit with its value and unit.
    pub fn message(self, limits: &Limits) -> String {
        let v = limits.value(self);
        let amount = match self {
            Limit::FileBytes | Limit::RecordBytes | Limit::UnzippedBytes if v.is_multiple_of(1024 * 1024) => {
                format!("{} MiB", v / (1024 * 1024))
            }
            Limit::FileBytes | Limit::RecordBytes | Limit::UnzippedBytes => format!("{v} 字节"),
            Limit::ZipEntries => format!("{v} 个"),
            Limit::Cells => format!("{v} 个单元格"),
            Limit::Pages => format!("{v} 页"),
            Limit::TextChars => format!("{v} 个字符"),
            Limit::ListItems => format!("{v} 条"),
            Limit::Indicators => format!("{v} 项"),
            Limit::Nesting | Limit::PageTreeDepth => format!("{v} 层"),
        };
        format!("超过{}({amount})", self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_limit_and_its_value() {
        let l = Limits::default();
        assert_eq!(Limit::ListItems.message(&l), "超过列表条目数上限(100000 条)");
        assert_eq!(Limit::FileBytes.message(&l), "超过文件大小上限(50 MiB)");
        let small = Limits { max_unzipped_bytes: 1000, ..l };
        assert_eq!(Limit::UnzippedBytes.message(&small), "超过解压后大小上限(1000 字节)");
    }
}
