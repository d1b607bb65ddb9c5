//! The record of one 项目支出绩效自评 (one project's year), on the national form of
//! 财预〔2020〕10号: the funds block, the year's goals, and the indicator table whose
//! 三级 indicators carry their own points.
//!
//! Like the department record it keeps stated figures beside the ones they should follow
//! from and does not compute or judge anything itself.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::record::{Direction, RecordKind, TextItem};
use crate::value::{Amount, Num, Percent};

/// One project's self-evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectRecord {
    /// Always `project_evaluation`.
    pub kind: RecordKind,
    /// The indicator system (default: the national project form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator_system: Option<String>,
    /// 项目名称, 主管部门, 实施单位.
    pub header: ProjectHeader,
    /// 项目资金: the 年度资金总额 row and its 其中 rows.
    pub funds: ProjectFunds,
    /// 年度总体目标: 预期目标 and 实际完成情况.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goals: Option<Goals>,
    /// 绩效指标 table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<ProjectIndicator>,
    /// 总分 and 等级 as stated.
    #[serde(default)]
    pub scoring: ProjectScoring,
    /// 存在问题.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<TextItem>,
    /// 改进措施.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommendations: Vec<TextItem>,
}

/// Header of the project form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectHeader {
    /// 项目名称.
    pub project: String,
    /// 主管部门.
    pub department: String,
    /// 实施单位.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implementer: Option<String>,
    /// 年度.
    pub year: u16,
    /// 填报人.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filer: Option<String>,
    /// 联系电话.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// 填报日期.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filed_on: Option<String>,
}

/// 项目资金 (万元).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectFunds {
    /// 年度资金总额.
    pub total: FundRow,
    /// 其中: 当年财政拨款, 上年结转资金, 其他资金.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<FundRow>,
}

/// One row of the funds block.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FundRow {
    /// Row label (年度资金总额, 当年财政拨款, …).
    pub label: String,
    /// 年初预算数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_initial: Option<Amount>,
    /// 全年预算数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_full_year: Option<Amount>,
    /// 全年执行数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Amount>,
    /// 执行率 as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_rate_stated: Option<Percent>,
    /// 分值 of 预算执行率 (on the total row).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_points: Option<Num>,
    /// 得分 of 预算执行率 as stated (on the total row).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_score: Option<Num>,
}

/// 年度总体目标.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goals {
    /// 预期目标.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// 实际完成情况.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achieved: Option<String>,
}

/// One row of the indicator table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectIndicator {
    /// 一级指标: 产出指标, 效益指标 or 满意度指标.
    pub level1: String,
    /// 二级指标: 数量指标, 质量指标, 时效指标, 成本指标, 社会效益指标, …
    pub level2: String,
    /// 三级指标 name.
    pub name: String,
    /// ≥, ≤, = or 定性.
    pub direction: Direction,
    /// 年度指标值.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Num>,
    /// Unit of target and actual.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The target as worded (for 定性 indicators).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_text: Option<String>,
    /// 实际完成值.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Num>,
    /// What was achieved as worded (for 定性 indicators).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_text: Option<String>,
    /// 分值.
    pub max_points: Num,
    /// 得分 (self-score).
    pub self_score: Num,
    /// For 定性 indicators, the tier claimed (`达成年度指标`, `部分达成并有一定效果`, `未达成且效果较差`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// 偏差原因分析及改进措施.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deviation_reason: Option<String>,
}

/// 总分 as stated.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectScoring {
    /// 总分 as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_total: Option<Num>,
    /// 评价等级 as stated, as written (`优`, `优秀`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_grade: Option<String>,
}

/// One money column of the funds block: Chinese name, field name, and how to read it.
pub type FundColumn = (&'static str, &'static str, fn(&FundRow) -> Option<Amount>);

/// The three money columns of the funds block.
pub const FUND_COLUMNS: [FundColumn; 3] = [
    ("年初预算数", "budget_initial", |f| f.budget_initial),
    ("全年预算数", "budget_full_year", |f| f.budget_full_year),
    ("全年执行数", "actual", |f| f.actual),
];
