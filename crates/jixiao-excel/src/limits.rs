//! Limits on what a workbook may make jixiao read, the same for `.xlsx` and `.xls`. Each is
//! applied while the file is read, before what it counts is stored, and is named in the
//! message when hit. The file size, the unzipped size, the number of zip parts and the number
//! of cells are the workbook's share of [`jixiao_core::limits::Limits`] (its messages too);
//! the others are the workbook's own. The defaults are far above any real 填报工作簿 (a county
//! department's has a few hundred rows and a few thousand cells).

use jixiao_core::limits::Limit;

/// The limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file (the core's `max_file_bytes`, 50 MiB).
    pub max_bytes: u64,
    /// Most bytes the parts of an `.xlsx` may unzip to, counted as they are unzipped (the
    /// core's `max_unzipped_bytes`, 200 MiB).
    pub max_unzipped: u64,
    /// Most parts in an `.xlsx` (the core's `max_zip_entries`, 10 000).
    pub max_entries: usize,
    /// Most cells holding a value or a formula, in the whole workbook (the core's `max_cells`,
    /// 1 million).
    pub max_cells: u64,
    /// Most worksheets (1 000).
    pub max_sheets: usize,
    /// Most rows holding a cell, in one sheet (100 000).
    pub max_rows: u32,
    /// Most shared strings (1 million).
    pub max_strings: u64,
    /// Most merged ranges in one sheet (100 000).
    pub max_merged: u64,
}

impl Limits {
    /// The workbook's limits under a policy: its share of the policy, its own defaults.
    pub fn from_core(core: &jixiao_core::limits::Limits) -> Limits {
        Limits {
            max_bytes: core.max_file_bytes,
            max_unzipped: core.max_unzipped_bytes,
            max_entries: core.max_zip_entries,
            max_cells: core.max_cells,
            max_sheets: 1_000,
            max_rows: 100_000,
            max_strings: 1_000_000,
            max_merged: 100_000,
        }
    }

    /// The core's message for one of the limits the workbook shares with it
    /// (`超过解压后大小上限(200 MiB)`), with this workbook's value.
    pub fn message(&self, limit: Limit) -> String {
        let core = jixiao_core::limits::Limits {
            max_file_bytes: self.max_bytes,
            max_unzipped_bytes: self.max_unzipped,
            max_zip_entries: self.max_entries,
            max_cells: self.max_cells,
            ..jixiao_core::limits::Limits::default()
        };
        limit.message(&core)
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::from_core(&jixiao_core::limits::Limits::default())
    }
}
