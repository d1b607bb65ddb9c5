//! # jixiao-render
//!
//! Writes the 部门整体支出绩效自评报告 from a record, in the seed report's outline, as Word
//! (DOCX, following the conventions of GB/T 9704), PDF (typst, the same layout, in the fonts
//! the caller gives or jixiao's own), HTML (one self-contained, printable file) and Markdown. Every figure-bearing sentence is a
//! template filled with figures computed from the record, so the figures are right by
//! construction; the text the filer wrote is taken as written.
//!
//! [`build()`] makes a format-neutral [`model::Report`]; the writers lay it out. This crate does
//! not check the record (the caller runs the rules and decides whether to write), reads no
//! file, no clock and no environment variable: writers return bytes, and fonts come in as data
//! ([`fonts::Fonts`], from `jixiao-fonts`: jixiao's own faces, or the machine's found by the
//! caller at its edge).

pub mod build;
pub mod charts;
pub mod docx;
pub mod fonts;
pub mod html;
pub mod markdown;
pub mod model;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod project;
pub mod sentences;
pub mod typography;
pub mod xlsx;

pub use build::{BuildError, Built, Gap, Inputs, Mode, Options, build, build_with, final_gaps};
pub use model::Report;
pub use project::{ProjectInputs, build_project};
pub use sentences::{Sentences, TemplateError};

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A sentence template failed.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// No CJK font for the PDF.
    #[error("{0}")]
    Font(String),
    /// The PDF typesetter failed.
    #[error("PDF 排版失败:{0}")]
    Pdf(String),
    /// The Word writer failed.
    #[error("Word 文档生成失败:{0}")]
    Docx(String),
    /// The JSON writer failed.
    #[error("JSON 生成失败:{0}")]
    Json(String),
    /// The Excel writer failed, or what it was given is not a form.
    #[error("{0}")]
    Xlsx(String),
    /// PDF support not compiled in.
    #[error("此版本的 jixiao 编译时未包含 PDF 输出(cargo 特性 pdf)")]
    PdfDisabled,
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Word 2007+.
    Docx,
    /// PDF.
    Pdf,
    /// HTML.
    Html,
    /// Markdown.
    Markdown,
    /// The report's content as JSON (headings, paragraphs, tables, chart SVGs), for other
    /// tools.
    Json,
    /// Excel: a form (the 项目支出绩效自评表) laid out as printed; reports are refused.
    Xlsx,
}

impl Format {
    /// The format an output file name asks for.
    pub fn from_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e)?;
        Some(match ext {
            "docx" => Format::Docx,
            "pdf" => Format::Pdf,
            "html" | "htm" => Format::Html,
            "md" | "markdown" => Format::Markdown,
            "json" => Format::Json,
            "xlsx" => Format::Xlsx,
            _ => return None,
        })
    }
}

/// Writes a report in `format`; a PDF is set in `fonts` (no other format uses them).
#[cfg_attr(not(feature = "pdf"), allow(unused_variables))]
pub fn render(report: &Report, format: Format, fonts: &fonts::Fonts) -> Result<Vec<u8>, RenderError> {
    match format {
        Format::Markdown => Ok(markdown::render(report).into_bytes()),
        Format::Html => Ok(html::render(report).into_bytes()),
        Format::Json => serde_json::to_vec_pretty(report).map_err(|e| RenderError::Json(e.to_string())),
        Format::Docx => docx::render(report),
        Format::Xlsx => xlsx::render(report),
        #[cfg(feature = "pdf")]
        Format::Pdf => pdf::render(report, fonts),
        #[cfg(not(feature = "pdf"))]
        Format::Pdf => Err(RenderError::PdfDisabled),
    }
}
