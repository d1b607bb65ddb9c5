//! # jixiao-extract
//!
//! Turns a self-evaluation report into what jixiao can check:
//!
//! - [`formats`]: a file's bytes to text (any encoding, PDF, DOCX; HTML and Markdown through
//!   [`markup`]);
//! - [`text`]: the text read as running prose (its flow); [`numbers`]: every figure in it;
//!   [`reader`]: the label of each figure, sentences, paragraphs and outline headings;
//!   [`tables`]: tables ([`spaced`]: those written with single blanks between cells;
//!   [`stacked`]: one cell per line; [`glued`]: cells with nothing between them);
//!   [`indicator_table`]: the 绩效指标 tables among them;
//! - [`dept`], [`project`]: the department and project records, every figure with its span
//!   ([`Extracted`]); `stated`: the total self-score and grade a report states for its
//!   evaluation as a whole; [`pages`]: a document's page count where the file tells it;
//! - [`report`]: a report's text read whole — the department record with its generic figures,
//!   the project funds block, the indicator system its self-scores name.
//!
//! It opens no files: callers hand it bytes or text. It judges nothing: the rules run on what
//! it read in `jixiao-pipeline`.
pub mod dept;
pub mod formats;
pub mod glued;
pub mod indicator_table;
pub mod markup;
pub mod numbers;
pub mod pages;
#[cfg(feature = "pdf")]
mod pdf_guard;
pub mod project;
pub mod reader;
pub mod report;
pub mod spaced;
mod spending;
pub mod stacked;
mod stated;
pub mod tables;
pub mod text;

/// Elements a reader visited, counted (per thread) only in this crate's tests, which bound a
/// reader's cost by the work it does rather than by the time it takes.
pub(crate) mod work {
    #[cfg(test)]
    thread_local! { static VISITED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) }; }

    /// Counts `n` more elements visited (in tests; nothing otherwise).
    #[inline]
    pub(crate) fn add(n: usize) {
        #[cfg(test)]
        VISITED.with(|v| v.set(v.get() + n));
        #[cfg(not(test))]
        let _ = n;
    }

    /// The count so far, reset to zero.
    #[cfg(test)]
    pub(crate) fn take() -> usize {
        VISITED.with(|v| v.replace(0))
    }
}

/// The texts of the shared seed and corpora (none when they are absent and may be skipped),
/// for tests that check a fast path against the direct computation on real reports.
#[cfg(test)]
pub(crate) fn shared_texts() -> Vec<(std::path::PathBuf, String)> {
    let Some(dir) = jixiao_testkit::shared() else { return Vec::new() };
    let mut out = Vec::new();
    for sub in ["seed", "corpus", "corpus-2"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { continue };
        let mut paths: Vec<_> =
            entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
        paths.sort();
        for path in paths {
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((path, text));
            }
        }
    }
    out
}

use jixiao_core::generic::GenericFigures;
use jixiao_core::source::SourceMap;

/// A record read from a report's text, and where its figures are.
pub struct Extracted<T> {
    /// The record.
    pub record: T,
    /// Field path → span in the document text (the generic figures' paths too).
    pub map: SourceMap,
    /// How many figures were placed (0: nothing of this kind was found).
    pub placed: usize,
    /// What the report states that fits no slot of the record.
    pub generic: GenericFigures,
}
