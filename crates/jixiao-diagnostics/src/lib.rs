//! # jixiao-diagnostics
//!
//! Shows what jixiao found to the people who read it and the programs that consume it:
//!
//! - findings as rustc-style diagnostics in Chinese, quoting the source line with carets under
//!   the figures (wide CJK characters aligned, by `annotate-snippets`), or as JSON;
//! - load errors (a malformed file) the same way;
//! - score sheets as a table or JSON.
//!
//! It maps each finding's field paths to places through the front door's
//! [`SourceMap`](jixiao_core::SourceMap). It does not decide anything: rules decide, this
//! crate only words and lays out.

pub mod findings;
pub mod located;
pub mod score;
mod snippet;
mod table;

pub use findings::{Options, SourceView, findings_json, render_findings, render_load_errors, summary};
pub use located::{SpannedFinding, render_spanned, spanned_json};
pub use score::{render_score, score_json};
