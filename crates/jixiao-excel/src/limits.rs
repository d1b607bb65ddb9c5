//! Limits on what a workbook may make jixiao read, the same for `.xlsx` and `.xls`. Each is
//! applied while the file is read, before what it counts is stored, and is named in the
//! message when hit. The defaults are far above any real 填报工作簿 (a county department's has a
//! few hundred rows and a few thousand cells).

/// The limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file (50 MiB).
    pub max_bytes: u64,
    /// Most bytes the parts of an `.xlsx` may unzip to (200 MiB), counted as they are unzipped.
    pub max_unzipped: u64,
    /// Most parts in an `.xlsx` (10 000).
    pub max_entries: usize,
    /// Most worksheets (1 000).
    pub max_sheets: usize,
    /// Most cells holding a value or a formula, in the whole workbook (1 million).
    pub max_cells: u64,
    /// Most rows holding a cell, in one sheet (100 000).
    pub max_rows: u32,
    /// Most shared strings (1 million).
    pub max_strings: u64,
    /// Most merged ranges in one sheet (100 000).
    pub max_merged: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: 50 * 1024 * 1024,
            max_unzipped: 200 * 1024 * 1024,
            max_entries: 10_000,
            max_sheets: 1_000,
            max_cells: 1_000_000,
            max_rows: 100_000,
            max_strings: 1_000_000,
            max_merged: 100_000,
        }
    }
}
