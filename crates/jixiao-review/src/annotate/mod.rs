//! Annotated copies of a batch's reports (`jixiao review --annotate DIR`): a DOCX with a Word
//! comment (批注) at each figure a finding points at, a PDF with a highlight over it, each
//! carrying the finding's rule code and message. The original is read again, never changed;
//! the copy is returned as bytes (the caller writes it whole or not at all).
//!
//! A figure is found again by its place in the text the audit read: a DOCX's text maps back
//! to `word/document.xml` character for character ([`jixiao_pipeline::document_xml_pieces`]),
//! a PDF's text to its page (where each page starts in the text) and there to the boxes of the
//! characters that spell the figure.

mod docx;
#[cfg(feature = "pdf")]
mod pdf;

use std::ops::Range;
use std::path::Path;

use crate::row::{ReportRow, Status};

/// An annotated copy of one report.
#[derive(Debug, Clone)]
pub struct Annotated {
    /// The copy's bytes.
    pub bytes: Vec<u8>,
    /// Figures marked at their place (a comment anchored at the figure's text, a highlight over
    /// it).
    pub placed: usize,
    /// Figures whose finding is marked on their page only (a PDF note at the top of the page,
    /// where the figure's characters could not be found on it).
    pub on_page: usize,
    /// Figures that could not be found again in the file (their findings are in the summary).
    pub missed: usize,
}

/// One mark to make: where the figure is in the text, and what to say there.
#[derive(Debug, Clone)]
pub(crate) struct Mark {
    pub(crate) span: Range<usize>,
    pub(crate) note: String,
}

/// The marks of a report: one per figure of each finding, saying `[code] message`.
fn marks(row: &ReportRow) -> Vec<Mark> {
    let mut out = Vec::new();
    for f in &row.findings {
        for span in &f.spans {
            if span.start < span.end && row.text.get(span.clone()).is_some() {
                out.push(Mark { span: span.clone(), note: format!("[{}] {}", f.code, f.message) });
            }
        }
    }
    out
}

/// The annotated copy of a report of the batch: `Ok(None)` when it has no figure to mark;
/// an error (in Chinese) when its format takes no annotations (text, HTML, Markdown), it could
/// not be read, or it has changed since it was reviewed. Never panics: a panic inside a
/// dependency becomes the report's error.
pub fn annotated_copy(row: &ReportRow) -> Result<Option<Annotated>, String> {
    if matches!(row.status, Status::Unreadable(_)) {
        return Err("无法读取,未生成批注副本".into());
    }
    let path = Path::new(&row.file);
    let lower = row.file.to_ascii_lowercase();
    let (is_docx, is_pdf) = (lower.ends_with(".docx"), lower.ends_with(".pdf"));
    if !is_docx && !is_pdf {
        return Err("只为 Word(.docx)和 PDF 报告生成批注副本".into());
    }
    let marks = marks(row);
    if marks.is_empty() {
        return Ok(None);
    }
    let bytes = crate::row::read(path)?;
    // Read again as the review read it (within the same limits and guards): a file changed
    // since is not marked at places that no longer hold.
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let again = std::panic::catch_unwind(|| jixiao_pipeline::read(name, jixiao_pipeline::Input::Report(&bytes)))
        .map_err(|_| "文件内容异常,读取时出错(已记录为程序缺陷)".to_string())?
        .map_err(|_| "文件在复核之后已改动或无法再读取,未生成批注副本".to_string())?;
    if again.text != row.text {
        return Err("文件在复核之后已改动,未生成批注副本".into());
    }
    let page_starts = again.reading.page_starts;
    // On a thread with a stack of known size, as the PDF reader runs: the PDF library recurses
    // on the file's structure.
    let text = &row.text;
    let outcome = std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("jixiao-annotate".into())
            .stack_size(STACK)
            .spawn_scoped(s, || {
                std::panic::catch_unwind(|| {
                    if is_docx {
                        docx::annotate(&bytes, text, &marks)
                    } else {
                        annotate_pdf(&bytes, text, &page_starts, &marks)
                    }
                })
            })
            .map(|h| h.join())
    });
    match outcome {
        Ok(Ok(Ok(Ok(a)))) => Ok(Some(a)),
        Ok(Ok(Ok(Err(why)))) => Err(why),
        Err(e) => Err(format!("无法启动生成批注副本的线程({e})")),
        _ => Err("文件内容异常,生成批注副本时出错(已记录为程序缺陷)".into()),
    }
}

/// The stack of the thread that writes a copy (64 MiB, as the PDF reader's).
const STACK: usize = 64 * 1024 * 1024;

#[cfg(feature = "pdf")]
fn annotate_pdf(bytes: &[u8], text: &str, page_starts: &[usize], marks: &[Mark]) -> Result<Annotated, String> {
    pdf::annotate(bytes, text, page_starts, marks)
}

#[cfg(not(feature = "pdf"))]
fn annotate_pdf(_: &[u8], _: &str, _: &[usize], _: &[Mark]) -> Result<Annotated, String> {
    Err("此版本的 jixiao 编译时未包含 PDF 支持,未生成 PDF 的批注副本".into())
}
