//! Findings: what a rule reports, in a form every front door and output shares.
//!
//! A finding names figures by field path ([`Pointer`]); the front door that read the record
//! turns paths into places (line:column, a cell, a byte span) when it shows the finding.

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// 错误: must be fixed before the report goes out.
    #[serde(rename = "error")]
    Error,
    /// 警告: must be explained.
    #[serde(rename = "warning")]
    Warning,
}

impl Severity {
    /// 错误 / 警告.
    pub fn name_zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

/// A figure a finding is about, by field path, with a label saying its part in the finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pointer {
    /// Field path in the record (`budget_table.total.actual`).
    pub path: String,
    /// What this figure is in the finding (`合计 3113.18`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Pointer {
    /// A pointer with a label.
    pub fn new(path: impl Into<String>, label: impl Into<String>) -> Pointer {
        Pointer { path: path.into(), label: Some(label.into()) }
    }
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's stable code (`A001`).
    pub code: String,
    /// The rule's name (`total_not_sum_of_rows`).
    pub rule: String,
    /// Error or warning.
    pub severity: Severity,
    /// The problem with its numbers, in Chinese.
    pub message: String,
    /// How to fix it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The smallest offending figure.
    pub primary: Pointer,
    /// The figures it was compared with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Pointer>,
    /// The figure as stated, if the finding compares one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated: Option<String>,
    /// What the program computed for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computed: Option<String>,
    /// The rounding tolerance the comparison allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<String>,
}

/// Orders findings for output: errors first, then by rule code, then by the field path of
/// the primary figure (compared as text).
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        a.severity.cmp(&b.severity).then_with(|| a.code.cmp(&b.code)).then_with(|| a.primary.path.cmp(&b.primary.path))
    });
}
