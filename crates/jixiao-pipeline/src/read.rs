//! Reading any input into a [`Read`]: a record file through `jixiao-core`'s loader, a
//! workbook through `jixiao-excel`, a report through `jixiao-extract`.

use jixiao_core::input::{LoadedRecord, load_record};
use jixiao_core::load::{Format, LoadError};
use jixiao_core::source::SourceMap;

use crate::{Coverage, Read, Reading};

/// What kind of input a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A record file (TOML or JSON text).
    Record(Format),
    /// A 填报工作簿 (.xlsx, .xlsm, an old .xls).
    Workbook,
    /// A written report (text in any encoding, PDF, DOCX, HTML, Markdown).
    Report,
}

impl Kind {
    /// The kind a file name says: `.toml`/`.json` a record, `.xlsx`/`.xlsm`/`.xls` a workbook,
    /// `.txt`/`.pdf`/`.docx`/`.html`/`.htm`/`.md` a report; anything else `None`.
    pub fn of(name: &str) -> Option<Kind> {
        let lower = name.to_ascii_lowercase();
        if [".xlsx", ".xlsm", ".xls"].iter().any(|e| lower.ends_with(e)) {
            return Some(Kind::Workbook);
        }
        if let Some(f) = Format::from_name(name) {
            return Some(Kind::Record(f));
        }
        let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
        matches!(ext, "txt" | "text" | "pdf" | "docx" | "html" | "htm" | "xhtml" | "md" | "markdown")
            .then_some(Kind::Report)
    }
}

/// An input to read.
pub enum Input<'a> {
    /// A record file's text, in the format given.
    Record {
        /// The text (already decoded).
        text: String,
        /// TOML or JSON.
        format: Format,
    },
    /// A record's JSON value, already parsed by the caller (a request's body): its text, which
    /// the places index into, is the value written as pretty JSON
    /// (`serde_json::to_string_pretty`), and it is read as that text would be, without
    /// parsing the text again.
    RecordValue(serde_json::Value),
    /// A workbook's bytes (`.xls` is told by the input's name).
    Workbook(&'a [u8]),
    /// A report's bytes (its type told by its first bytes, then its name).
    Report(&'a [u8]),
    /// A report's text, already decoded.
    ReportText(String),
}

/// Why an input could not be read. The front door words it.
#[derive(Debug)]
pub enum ReadError {
    /// A record file with nothing but blanks.
    EmptyRecord,
    /// A record file that does not load: every problem, with its place in `text`.
    Record {
        /// The text the problems' spans index into.
        text: String,
        /// The problems.
        errors: Vec<LoadError>,
    },
    /// A workbook that cannot be read (its own Chinese message; cells to correct in
    /// [`WorkbookError::Cells`](crate::WorkbookError::Cells)).
    Workbook(crate::WorkbookError),
    /// A report that cannot be read (its own Chinese message).
    Report(crate::ReportError),
}

/// Reads an input named `name`.
pub fn read(name: &str, input: Input<'_>) -> Result<Read, ReadError> {
    match input {
        Input::Record { text, format } => {
            if text.trim().is_empty() {
                return Err(ReadError::EmptyRecord);
            }
            match load_record(&text, format) {
                Ok(LoadedRecord { record, map }) => Ok(Read {
                    name: name.to_string(),
                    kind: Kind::Record(format),
                    text,
                    record,
                    map,
                    reading: Reading { recognised: true, ..Reading::default() },
                }),
                Err(errors) => Err(ReadError::Record { text, errors }),
            }
        }
        Input::RecordValue(value) => match jixiao_core::input::load_record_value(value) {
            (text, Ok(LoadedRecord { record, map })) => Ok(Read {
                name: name.to_string(),
                kind: Kind::Record(Format::Json),
                text,
                record,
                map,
                reading: Reading { recognised: true, ..Reading::default() },
            }),
            (text, Err(errors)) => Err(ReadError::Record { text, errors }),
        },
        Input::Workbook(bytes) => {
            let im =
                jixiao_excel::import(name, bytes, &jixiao_excel::Limits::default()).map_err(ReadError::Workbook)?;
            Ok(Read {
                name: name.to_string(),
                kind: Kind::Workbook,
                text: String::new(),
                record: im.loaded.record,
                map: im.loaded.map,
                reading: Reading { recognised: true, findings: im.findings, notes: im.notes, ..Reading::default() },
            })
        }
        Input::Report(bytes) => {
            let text = jixiao_extract::formats::read(name, bytes).map_err(ReadError::Report)?;
            let mut read = read_report_text(name, text.text);
            read.reading.pages = text.pages;
            read.reading.page_starts = text.page_starts;
            if let Some(partial) = text.partial {
                read.reading.findings.push(partial_read(partial));
            }
            Ok(read)
        }
        Input::ReportText(text) => Ok(read_report_text(name, text)),
    }
}

/// W004: only part of a document could be read (its reader says what and how much). The
/// finding is about the whole document, so it points at no figure.
fn partial_read(message: String) -> jixiao_core::finding::Finding {
    let info = jixiao_rules::reading::READING.iter().find(|r| r.code == "W004");
    jixiao_core::finding::Finding {
        code: "W004".into(),
        rule: info.map_or("partial_read", |r| r.name).into(),
        severity: jixiao_core::finding::Severity::Warning,
        message,
        help: Some("重新获取完整的文件(重新下载,或从原文件重新导出 PDF、另存 Word 文件)后再审核".into()),
        primary: jixiao_core::finding::Pointer { path: String::new(), label: None },
        related: Vec::new(),
        stated: None,
        computed: None,
        tolerance: None,
    }
}

/// Reads a report's text (already decoded).
pub(crate) fn read_report_text(name: &str, text: String) -> Read {
    let report = jixiao_extract::report::read(text);
    let recognised = report.recognised();
    let dept = report.dept;
    let mut map = dept.map;
    let coverage = Coverage { tables: report.tables, table_rows: report.table_rows, ..Coverage::default() };
    // A report jixiao wrote in spite of errors says so at its end; its tables were recomputed
    // from the record's details, so the record's own errors may not show in the text.
    let notes = report
        .own_note
        .map(|n| {
            format!(
                "报告末尾有 jixiao 生成时附上的“附注:检查发现的问题”,列出所依据的记录存在的 {} 个错误、{} 个警告(报告正文中的合计、差异和比率已按记录的明细重新计算,这些问题未必能从正文看出);附注本身未作为正文审核",
                n.errors, n.warnings
            )
        })
        .into_iter()
        .collect();
    let project = report.project.map(|p| {
        merge(&mut map, p.map);
        jixiao_core::Record::Project(Box::new(p.record))
    });
    Read {
        name: name.to_string(),
        kind: Kind::Report,
        text: report.text,
        record: jixiao_core::Record::Dept(Box::new(dept.record)),
        map,
        reading: Reading {
            recognised,
            generic: dept.generic,
            project,
            project_indicators_whole: report.project_indicators_whole,
            system: report.system,
            coverage,
            notes,
            forced_note: report.own_note,
            ..Reading::default()
        },
    }
}

/// Adds a report's project block's places to its department record's. The two records'
/// paths never meet (a department record has no `funds`); a path in both keeps the first.
fn merge(map: &mut SourceMap, other: SourceMap) {
    for (path, place) in other.into_entries() {
        debug_assert!(map.get(&path).is_none(), "{path} is in both records of a report");
        if map.get(&path).is_none() {
            map.insert(path, place);
        }
    }
}
