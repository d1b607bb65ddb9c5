//! # jixiao-diagnostics
//!
//! Shows what jixiao found to the people who read it and the programs that consume it:
//!
//! - findings as rustc-style diagnostics in Chinese, quoting the source line with carets under
//!   the figures (wide CJK characters aligned, by `annotate-snippets`), or as JSON;
//! - load errors (a malformed file) the same way;
//! - score sheets as a table or JSON;
//! - what an audit read and checked (its coverage), so that it never says 未发现问题 of a
//!   document in which nothing could be checked.
//!
//! Every finding goes one way, whatever the input: its field paths are mapped to places
//! through the input's [`SourceMap`](jixiao_core::SourceMap) (a byte span of a record file's
//! or a report's text, a workbook cell), shown by one renderer ([`render_findings`],
//! [`render_each`]) and written in one JSON shape ([`findings_json`]). It does not decide
//! anything: rules decide, this crate only words and lays out. It reads no files.

pub mod coverage;
pub mod findings;
pub mod score;
mod snippet;
mod table;

pub use coverage::{audit_summary, coverage_json, render_coverage};
pub use findings::{
    Options, SourceView, findings_json, render_each, render_findings, render_load_errors, summary, text_spans,
};
pub use score::{render_score, score_json};
