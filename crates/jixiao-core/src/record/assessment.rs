//! The record's closing parts: the self-scores (自评得分, 加减分) and what the department
//! says of its own work (存在问题 with their 原因 and 整改措施, 相关建议).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::value::Num;

/// 自评得分.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// 自评总分 as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_total: Option<Num>,
    /// 评价等级 as stated, as written (`优`, `优秀`, `良好`, …), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_grade: Option<String>,
    /// One self-score per indicator of the indicator system.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scores: Vec<SelfScore>,
    /// 加减分 self-score as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjustment: Option<Num>,
    /// 加减分项: the reasons listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<Adjustment>,
}

/// A self-score on one indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SelfScore {
    /// The indicator's code in the indicator system.
    pub code: String,
    /// The indicator's name as the report gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 自评得分.
    pub self_score: Num,
    /// For checklist indicators: the items met.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items_met: Vec<String>,
    /// For qualitative indicators: the tier claimed (e.g. `达成年度指标`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// For deduction rules counted per case: the number of violations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub violations: Option<u32>,
    /// 自评依据 as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// One 加减分项.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    /// The reason.
    pub text: String,
    /// Points for it, if stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Num>,
}

/// One of the 存在问题: the problem (问题), why it arose (原因) and what is done about it
/// (整改措施).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// The problem in one sentence (问题).
    pub title: String,
    /// The problem described.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// 原因: why it arose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// 整改措施: what the department does about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measures: Option<String>,
}

/// A titled paragraph (相关建议; a project record's 存在问题).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextItem {
    /// The heading sentence.
    pub title: String,
    /// The paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}
