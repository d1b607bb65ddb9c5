//! # jixiao-excel
//!
//! The workbook finance staff fill in. [`template`] writes the empty 填报工作簿 (a sheet per part
//! of the record, Chinese headers, data validation, live formulas stored with their results,
//! locked formula cells, frozen headers, a 说明 sheet); [`export()`] writes a record into it;
//! [`import()`] reads a filled workbook back into a record with every field's `'sheet'!cell`,
//! so the rules' findings point at cells.
//!
//! Department records and project records (项目支出绩效自评表, one project per workbook) each
//! have a workbook laid out from their schema ([`template_project`], [`export_project`]);
//! [`import()`] tells them apart by their first block's title.
//!
//! It does not check the record (the rules do) and touches no files: it takes and returns
//! bytes.

pub mod cells;
pub mod eval;
pub mod export;
pub mod formula;
pub mod import;
pub mod layout;
pub mod limits;
mod read;
pub mod rollover;

use jixiao_core::project::ProjectRecord;
use jixiao_core::record::DeptRecord;
use jixiao_core::system::IndicatorSystem;

pub use import::{Imported, Work, import};
pub use limits::Limits;

/// A problem at a cell that stops the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// `'sheet'!B5`.
    pub place: String,
    /// What is wrong, in Chinese.
    pub message: String,
}

/// Why a workbook could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Larger than the limit.
    #[error("文件有 {size} 字节,{limit}")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit passed, as the core states it (`超过文件大小上限(50 MiB)`).
        limit: String,
    },
    /// The zip would expand past the limit, or has too many parts.
    #[error("工作簿{0}(可能是恶意构造的文件)")]
    ZipBomb(String),
    /// Too many cells holding something.
    #[error("有内容的单元格{limit}(读到工作表“{sheet}”时)")]
    TooManyCells {
        /// The sheet being read.
        sheet: String,
        /// The limit passed, as the core states it.
        limit: String,
    },
    /// A sheet with too many rows holding something.
    #[error("工作表“{sheet}”中有内容的行超过 {limit} 行(行数上限)")]
    TooManyRows {
        /// The sheet.
        sheet: String,
        /// The limit.
        limit: u32,
    },
    /// Another limit (sheets, strings, merged ranges), named in the text.
    #[error("工作簿超过上限:{0}")]
    Limit(String),
    /// Encrypted.
    #[error(
        "工作簿设置了打开密码(已加密),无法读取。请在 Excel/WPS 中取消密码(文件 → 信息 → 保护工作簿 → 用密码进行加密,清空密码)后另存"
    )]
    Password,
    /// Not a workbook at all.
    #[error("不是 Excel 工作簿(.xlsx 或 .xls)。WPS 的 .et 文件请另存为 .xlsx")]
    NotWorkbook,
    /// Not a workbook: what it is instead.
    #[error("不是 Excel 工作簿:{0}")]
    NotWorkbookBut(String),
    /// A workbook that cannot be parsed.
    #[error("工作簿已损坏,无法读取:{0}")]
    Corrupt(String),
    /// The reader failed inside (a bug, in jixiao or a library it uses): a panic caught at the
    /// reader's boundary.
    #[error(
        "无法读取工作簿“{file}”{}:读取时程序内部出错(技术细节:{detail})。请在 Excel/WPS 中另存为 .xlsx 后重试;如仍出错,请把文件提供给开发者",
        .sheet.as_ref().map(|s| format!("的工作表“{s}”")).unwrap_or_default()
    )]
    Internal {
        /// The file's name.
        file: String,
        /// The sheet being read, if any.
        sheet: Option<String>,
        /// The panic's message.
        detail: String,
    },
    /// A workbook that is not a jixiao 填报工作簿.
    #[error("{0}")]
    NotTemplate(String),
    /// Cells that stop the import.
    #[error("工作簿中有 {} 处需要改正,未能读取", .0.len())]
    Cells(Vec<Issue>),
}

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExcelError {
    /// The writer failed.
    #[error("工作簿生成失败:{0}")]
    Write(String),
    /// Fields longer than a cell holds (32 767 characters): each as `“label”(path,n 个字符)`.
    #[error(
        "以下内容超过 Excel 单元格能容纳的 32767 个字符,未生成工作簿:{}。请缩短后重试",
        .0.join("、")
    )]
    TooLong(Vec<String>),
}

/// The empty 填报工作簿, for the indicator system `system` if given (its indicators listed in
/// the self-score sheet).
pub fn template(system: Option<&IndicatorSystem>) -> Result<Vec<u8>, ExcelError> {
    export::write(export::template_data(system).as_ref(), system)
}

/// A record written into the 填报工作簿.
pub fn export(record: &DeptRecord, system: Option<&IndicatorSystem>) -> Result<Vec<u8>, ExcelError> {
    let json = serde_json::to_value(record).map_err(|e| ExcelError::Write(e.to_string()))?;
    export::write(Some(&json), system)
}

/// The empty project workbook (项目支出绩效自评表), for the indicator system `system` if given.
pub fn template_project(system: Option<&IndicatorSystem>) -> Result<Vec<u8>, ExcelError> {
    export::write_for(&jixiao_core::schema::PROJECT, Some(&export::project_template_data(system)), system)
}

/// A project record written into the project workbook.
pub fn export_project(record: &ProjectRecord, system: Option<&IndicatorSystem>) -> Result<Vec<u8>, ExcelError> {
    let json = serde_json::to_value(record).map_err(|e| ExcelError::Write(e.to_string()))?;
    export::write_for(&jixiao_core::schema::PROJECT, Some(&json), system)
}
