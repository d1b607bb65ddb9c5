//! # jixiao-core
//!
//! The model of one department's (or one project's) budget performance self-evaluation, and
//! everything that can be computed from it exactly:
//!
//! - [`record`] / [`project`]: the record types, every figure as stated;
//! - [`value`], [`num`]: figures as exact decimals with their written precision;
//! - [`figure`]: rounding intervals and rounding-aware comparison;
//! - [`calc`]: every derived figure, one named function each;
//! - [`schema`]: the one description of every field and derived figure (labels, kinds, units,
//!   formulas, measures), read by the workbook, the web forms, the report, scoring and the rules;
//! - [`system`], [`scoring`]: indicator systems as data, and scoring against them;
//! - [`input`], [`load`], [`source`]: reading record and system files (TOML, JSON) with the
//!   place of every field; [`required`]: the fields a record must have, from its JSON Schema;
//! - [`finding`]: the findings rules report;
//! - [`generic`]: the figures an audited report states that have no slot in the record;
//! - [`coverage`]: how much of an input was read and checked.
//!
//! This crate is pure: it reads no files, no clock and no environment; callers hand it text.
//! It does not judge consistency (that is `jixiao-rules`) nor write reports.
//!
//! Money and rates are `rust_decimal::Decimal`, never floating point; rounding (四舍五入)
//! happens only when printing ([`num::format_fixed`]).

pub mod calc;
pub mod classes;
pub mod coverage;
pub mod figure;
pub mod finding;
pub mod generic;
pub mod input;
pub mod limits;
pub mod load;
pub mod num;
pub mod project;
pub mod project_summary;
pub mod record;
pub mod required;
pub mod schema;
pub mod scoring;
pub mod source;
pub mod system;
pub mod value;
pub mod width;

pub use figure::{Comparison, Figure, NotApplicable, compare};
pub use finding::{Finding, Pointer, Severity};
pub use input::{LoadedRecord, Record, load_record};
pub use load::{Format, LoadError};
pub use rust_decimal::Decimal;
pub use source::{Place, SourceMap, Span};
