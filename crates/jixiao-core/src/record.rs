//! The record of one 部门整体支出绩效自评 (department-year), as the filer states it.
//!
//! Every figure is kept as written: a total, a difference, a rate or a score the filer
//! *states* sits in a field ending in `_stated` (or named `stated_*`), beside the figures it
//! should follow from, so the rules can compare what is stated with what is computed. The
//! record does not compute anything itself and does not judge; see `jixiao-rules`.
//!
//! Money is in 万元 unless a value carries its own unit (`"95.72元"`). Rates are percent.
//! Counts of people and items are integers and exact.
//!
//! The file format (TOML or JSON) is documented in `docs/record-format.md`; its JSON Schema
//! is generated from these types (`schema/dept-record.schema.json`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::value::{Amount, Num, Percent};

mod assessment;

pub use assessment::{Adjustment, Problem, Scoring, SelfScore, TextItem};

/// What kind of record a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum RecordKind {
    /// 部门整体支出绩效自评
    #[serde(rename = "dept_evaluation")]
    DeptEvaluation,
    /// 项目支出绩效自评
    #[serde(rename = "project_evaluation")]
    ProjectEvaluation,
}

/// One department's self-evaluation of one year's whole spending.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeptRecord {
    /// Always `dept_evaluation`.
    pub kind: RecordKind,
    /// The indicator system the self-scores follow: a built-in id (`jixiao systems`) or
    /// left out to choose on the command line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator_system: Option<String>,
    /// 封面: department, year, people.
    pub header: Header,
    /// 部门主要职责, one duty per item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duties: Vec<String>,
    /// 单位构成: units, internal offices, the budget scope.
    #[serde(default)]
    pub organization: Organization,
    /// 人员编制构成.
    #[serde(default)]
    pub staffing: Staffing,
    /// 部门整体收支情况: this and last year's budget and spending with reasons.
    #[serde(default)]
    pub finance: Finance,
    /// 预决算差异表 by functional class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_table: Option<BudgetTable>,
    /// 收入支出结构: the paragraph that lists spending by class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expenditure_structure: Option<ExpenditureStructure>,
    /// 绩效目标 with their actual values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// Statements about targets as a whole, such as 均完成.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Claim>,
    /// 项目数 and 绩效目标覆盖.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projects: Option<Projects>,
    /// Every statement of a 支出率 with its base and scope.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spending_rates: Vec<SpendingRate>,
    /// 结转结余.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carryover: Option<Carryover>,
    /// 国库集中支付结转结余存量资金.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub treasury: Option<Treasury>,
    /// 政府采购.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procurement: Option<Procurement>,
    /// 固定资产.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assets: Option<Assets>,
    /// 公用经费.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_expenses: Option<OperatingExpenses>,
    /// 三公经费.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub three_public_expenses: Option<ThreePublicExpenses>,
    /// 重点工作完成.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_work: Option<KeyWork>,
    /// 预算调整.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_adjustment: Option<BudgetAdjustment>,
    /// 劳动人事争议仲裁 figures (人社 departments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arbitration: Option<Arbitration>,
    /// Any other stated total with its parts (其中 …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakdowns: Vec<Breakdown>,
    /// Other figures the results sections state, kept for the report and for cross-checks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<Fact>,
    /// 自评得分, 加减分, stated total.
    #[serde(default)]
    pub scoring: Scoring,
    /// 存在问题, each with its cause and what is done about it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
    /// 相关建议.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommendations: Vec<TextItem>,
    /// 结果应用: how the evaluation's results are used (in next year's budget, made public…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_use: Option<String>,
    /// 其他需要说明的问题 (none when blank).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_matters: Option<String>,
}

/// 封面.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// 部门名称.
    pub department: String,
    /// 年度 evaluated.
    pub year: u16,
    /// 单位负责人 (may be blank, as it is in some reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<String>,
    /// 填报人.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filer: Option<String>,
    /// 联系电话.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// 填报日期, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filed_on: Option<String>,
    /// 主管部门 or region, if stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// 单位构成.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// 本级 (the department's own office) as named in the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_level: Option<String>,
    /// 下属单位 with their kind and accounting.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<Unit>,
    /// 内设机构: the stated count and the names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_offices: Option<CountedList>,
    /// Other lists with a stated count, such as `下属两个参公单位分别是 …`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unit_lists: Vec<CountedList>,
    /// 纳入预算编制范围的单位.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_scope: Option<BudgetScope>,
}

/// A subordinate unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// 单位名称.
    pub name: String,
    /// 单位性质.
    pub kind: UnitKind,
    /// 独立核算 (true) or 非独立核算 (false); left out when not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub separately_accounted: Option<bool>,
}

/// 单位性质.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum UnitKind {
    /// 行政单位
    #[serde(rename = "行政")]
    Administrative,
    /// 参照公务员法管理的事业单位
    #[serde(rename = "参公")]
    CivilServiceManaged,
    /// 事业单位
    #[serde(rename = "事业")]
    PublicInstitution,
    /// 其他
    #[serde(rename = "其他")]
    Other,
}

/// A list of names with a count stated beside it (`设8个内设机构:…`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountedList {
    /// What is counted, e.g. `内设机构`, `下属参公单位`.
    pub label: String,
    /// The count as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_count: Option<u32>,
    /// The names as listed.
    #[serde(default)]
    pub items: Vec<String>,
    /// The list ends in `等` (not complete), so it may be shorter than the count.
    #[serde(default, skip_serializing_if = "is_false")]
    pub open_ended: bool,
}

/// 纳入部门预算编制范围的单位: `共 N 个,包括本级和下属 M 个,分别是 …`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetScope {
    /// `共 N 个`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_total: Option<u32>,
    /// Whether the statement counts 本级 among them (`包括局本级`).
    #[serde(default)]
    pub includes_own_level: bool,
    /// `下属 M 个`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_subordinate: Option<u32>,
    /// The subordinate units named.
    #[serde(default)]
    pub listed: Vec<String>,
    /// The list ends in `等`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub open_ended: bool,
}

/// 人员编制构成.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Staffing {
    /// 核定编制 per category.
    #[serde(default)]
    pub authorized: StaffCounts,
    /// 实有人数 per category (at year end).
    #[serde(default)]
    pub actual: StaffCounts,
    /// 退休人员.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retirees: Option<u32>,
    /// 公务用车编制数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicles_authorized: Option<u32>,
    /// 实有公务用车.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicles_actual: Option<u32>,
    /// 在编率 as stated, with its definition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staffing_rate: Option<StaffingRate>,
}

/// Headcounts by category.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffCounts {
    /// The total as stated (`实有在职人员 80 人`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_total: Option<u32>,
    /// 本级 as stated where the report gives it as 行政 + 行政执法专项 (`30 名(其中行政编制 22 名、行政执法专项编制 8 名)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_level_stated: Option<u32>,
    /// 行政编制.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub administrative: Option<u32>,
    /// 行政执法专项编制.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub law_enforcement: Option<u32>,
    /// 参公 (事业参公编制).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub civil_service_managed: Option<u32>,
    /// 事业编制.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_institution: Option<u32>,
    /// 工勤 / 后勤服务人员.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_staff: Option<u32>,
    /// 购买服务人员.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contracted: Option<u32>,
}

impl StaffCounts {
    /// The categories with their Chinese names and field names, in report order.
    pub fn categories(&self) -> [(&'static str, &'static str, Option<u32>); 6] {
        [
            ("行政编制", "administrative", self.administrative),
            ("行政执法专项编制", "law_enforcement", self.law_enforcement),
            ("参公", "civil_service_managed", self.civil_service_managed),
            ("事业编制", "public_institution", self.public_institution),
            ("工勤人员", "service_staff", self.service_staff),
            ("购买服务人员", "contracted", self.contracted),
        ]
    }

    /// Sum of the categories given.
    pub fn sum(&self) -> u64 {
        self.categories().iter().filter_map(|c| c.2).map(u64::from).sum()
    }

    /// Whether any category is given.
    pub fn any(&self) -> bool {
        self.categories().iter().any(|c| c.2.is_some())
    }

    /// 在编 headcount: every category but 购买服务, and 工勤 only if `with_service_staff`.
    pub fn on_post(&self, with_service_staff: bool) -> u64 {
        let mut n = [self.administrative, self.law_enforcement, self.civil_service_managed, self.public_institution]
            .iter()
            .flatten()
            .map(|&v| u64::from(v))
            .sum::<u64>();
        if with_service_staff {
            n += u64::from(self.service_staff.unwrap_or(0));
        }
        n
    }
}

/// 在编率 as stated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffingRate {
    /// The rate as stated.
    pub stated: Percent,
    /// The stated definition counts 工勤人员 in both numerator and denominator (`含工勤人员`).
    #[serde(default)]
    pub includes_service_staff: bool,
    /// The definition as worded in the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
}

/// 部门整体收支情况.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finance {
    /// 年初预算总数 (this year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_initial: Option<Amount>,
    /// 上年预算总数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_last_year: Option<Amount>,
    /// 与上年预算相比增减额 as stated (negative for 减少).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_change_stated: Option<Amount>,
    /// 增减率 as stated (negative for 下降).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_change_rate_stated: Option<Percent>,
    /// 主要原因 of the budget change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_change_reason: Option<String>,
    /// 全年预算数 (调整后), if the report gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_adjusted: Option<Amount>,
    /// 收入支出执行数 / 决算数 (this year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Amount>,
    /// 预算数与执行数差异的主要原因.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variance_reason: Option<String>,
    /// 上年执行数 / 决算数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_last_year: Option<Amount>,
    /// 与上年决算相比增减额 as stated (negative for 减少).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_change_stated: Option<Amount>,
    /// 增减率 as stated (negative for 减幅).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_change_rate_stated: Option<Percent>,
    /// 主要原因 of the spending change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_change_reason: Option<String>,
    /// 口径 of these figures, if stated (e.g. `含上年结转`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// 预决算差异表 by functional class.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetTable {
    /// One row per class, in table order.
    #[serde(default)]
    pub rows: Vec<ClassRow>,
    /// The 合计 row as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<TotalRow>,
    /// 口径 of the table, if stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// One functional class in the 预决算差异表.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassRow {
    /// 功能科目编码 (类), e.g. `208`.
    pub code: String,
    /// 科目名称 as written (without the ordinal).
    pub name: String,
    /// 预算数.
    pub budget: Amount,
    /// 决算数.
    pub actual: Amount,
    /// 预决算差异 as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variance_stated: Option<Amount>,
    /// 预算执行率 as stated (left out where the table shows `-`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_rate_stated: Option<Percent>,
    /// 差异原因.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The 合计 row as stated.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TotalRow {
    /// 预算数 合计.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Amount>,
    /// 决算数 合计.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Amount>,
    /// 差异 合计.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variance: Option<Amount>,
    /// 执行率 of the total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_rate: Option<Percent>,
}

/// 收入支出结构: `总支出 X 万元,其中 A 支出 a 万元, …`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpenditureStructure {
    /// The total as stated in the paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Amount>,
    /// Each class as stated in the paragraph.
    #[serde(default)]
    pub items: Vec<StructureItem>,
}

/// One class in the structure paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StructureItem {
    /// 功能科目编码 (类).
    pub code: String,
    /// Name as written.
    pub name: String,
    /// Amount as stated.
    pub amount: Amount,
    /// 占比 as stated, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_stated: Option<Percent>,
}

/// How a target is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Direction {
    /// ≥: more is better (`以上`, `不低于`, `达到`).
    #[serde(rename = ">=", alias = "≥")]
    AtLeast,
    /// ≤: less is better (`以下`, `不高于`).
    #[serde(rename = "<=", alias = "≤")]
    AtMost,
    /// =: exactly.
    #[serde(rename = "=")]
    Exactly,
    /// 定性: judged, no number.
    #[serde(rename = "定性", alias = "qualitative")]
    Qualitative,
}

impl Direction {
    /// The sign as printed.
    pub fn sign(self) -> &'static str {
        match self {
            Direction::AtLeast => "≥",
            Direction::AtMost => "≤",
            Direction::Exactly => "=",
            Direction::Qualitative => "定性",
        }
    }
}

/// A 绩效目标 and what was achieved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The group as the report groups targets (就业, 社保, 人才队伍, 劳动关系, 党建, …).
    pub group: String,
    /// 指标名称.
    pub name: String,
    /// ≥, ≤, = or 定性.
    pub direction: Direction,
    /// 目标值 (left out for 定性).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Num>,
    /// Unit of the target and actual values (人, 人次, %, 小时, 次, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The target as worded, for 定性 targets or where the wording matters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_text: Option<String>,
    /// 实际完成值.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Num>,
    /// The actual is a lower bound (`2417 余名`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub actual_at_least: bool,
    /// What was achieved as worded, for 定性 targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_text: Option<String>,
    /// Where the report states the actual (e.g. `四、主要绩效(二)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_source: Option<String>,
    /// 完成率 as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_rate_stated: Option<Percent>,
    /// 偏差原因 where the target was missed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deviation_reason: Option<String>,
}

/// A statement about the targets (or projects) as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// What is claimed.
    pub kind: ClaimKind,
    /// The sentence as written.
    pub text: String,
    /// Where it stands in the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Kinds of blanket claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ClaimKind {
    /// 绩效目标均已完成 / 完成率≥100%.
    #[serde(rename = "all_targets_met")]
    AllTargetsMet,
    /// 各项目均按期完成.
    #[serde(rename = "all_projects_on_time")]
    AllProjectsOnTime,
}

/// 项目数 and 绩效目标覆盖率.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Projects {
    /// 项目总数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u32>,
    /// 设置了绩效目标的项目数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_targets: Option<u32>,
    /// 绩效目标覆盖率 as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage_stated: Option<Percent>,
    /// 重点项目支出 (for 重点支出安排率).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_spending: Option<Amount>,
    /// 项目总支出 (for 重点支出安排率).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_spending: Option<Amount>,
    /// The department's projects' own records (项目支出绩效自评, TOML or JSON), by path relative
    /// to this record's file: `jixiao check` checks each with the department.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    /// The department's projects' records written here in full (`[[projects.inline]]`, each a
    /// whole project record, `kind = "project_evaluation"` included): checked and summed up as
    /// those listed in `files` are, after them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inline: Vec<crate::project::ProjectRecord>,
}

/// One statement of a 支出率 (or 预算执行率) with its base.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpendingRate {
    /// What the report calls it (`部门预算资金支出率`).
    pub label: String,
    /// 预算数 used as the base.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Amount>,
    /// 决算数 / 支出数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Amount>,
    /// The rate as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_stated: Option<Percent>,
    /// 口径 of the base, if stated (`财政拨款`, `含上年结转`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// 结转结余.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Carryover {
    /// 结转结余总额.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// 支出预算数 the rate is over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Amount>,
    /// 支出率 stated beside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spending_rate_stated: Option<Percent>,
    /// 结转结余率 as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_stated: Option<Percent>,
    /// 口径, if stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// 国库集中支付结转结余存量资金.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Treasury {
    /// 存量资金 at year end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idle_funds: Option<Amount>,
    /// 上年存量资金.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idle_funds_last_year: Option<Amount>,
}

/// 政府采购.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Procurement {
    /// 政府采购计划金额.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned: Option<Amount>,
    /// 实际采购金额.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Amount>,
    /// 政府采购执行率 as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_stated: Option<Percent>,
}

/// 固定资产.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assets {
    /// 在用固定资产总额.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_use: Option<Amount>,
    /// 全部固定资产总额.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Amount>,
    /// 固定资产利用率 as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utilization_stated: Option<Percent>,
}

/// 公用经费.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OperatingExpenses {
    /// 年初预算数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Amount>,
    /// 决算数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Amount>,
    /// 支出率 / 控制率 as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_stated: Option<Percent>,
    /// 差异原因.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// 三公经费.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThreePublicExpenses {
    /// 年初预算数 (all three).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Amount>,
    /// 上年预算数 (for 三公经费变动率).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_last_year: Option<Amount>,
    /// 决算数 as stated (all three).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_stated: Option<Amount>,
    /// 因公出国(境) 决算.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub travel_abroad: Option<Amount>,
    /// 公务用车购置及运行维护 决算.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicles: Option<Amount>,
    /// 公务接待 决算.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reception: Option<Amount>,
    /// 因公出国(境) 年初预算.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub travel_abroad_budget: Option<Amount>,
    /// 公务用车购置及运行维护 年初预算.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicles_budget: Option<Amount>,
    /// 公务接待 年初预算.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reception_budget: Option<Amount>,
    /// 公务接待批次.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reception_batches: Option<u32>,
    /// 公务接待人次.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reception_visits: Option<u32>,
    /// 人均接待费 as stated (元 unless written otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::value::yuan_default")]
    #[schemars(with = "Option<Amount>")]
    pub reception_per_visit_stated: Option<Amount>,
    /// 三公经费控制率 as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_rate_stated: Option<Percent>,
    /// 差异原因.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// 重点工作完成.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyWork {
    /// 交办或下达的重点工作数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned: Option<u32>,
    /// 实际完成数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<u32>,
    /// 重点工作完成率 as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_stated: Option<Percent>,
    /// What the report says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// 预算调整.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetAdjustment {
    /// 预算调整数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// 预算调整率 as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_stated: Option<Percent>,
    /// What the report says (e.g. `预算调整数 > 10%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// 劳动人事争议仲裁 case figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Arbitration {
    /// 仲裁申请 received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applications: Option<u32>,
    /// 决定受理.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<u32>,
    /// 不予受理.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<u32>,
    /// 上期末累计未结.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_over: Option<u32>,
    /// 已办结.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<u32>,
    /// 仲裁裁决结案.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_by_award: Option<u32>,
    /// 仲裁调解结案.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_by_mediation: Option<u32>,
    /// 案外调解成功.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mediated_outside: Option<u32>,
    /// 涉及劳动者人数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workers: Option<u32>,
    /// 结案案件涉案金额.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// 累计结案率 as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure_rate_stated: Option<Percent>,
    /// 调解成功率 as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mediation_rate_stated: Option<Percent>,
}

/// A stated total with its parts (`共 1069.8 万元,其中 A 1053.2 万元、B 16.6 万元`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Breakdown {
    /// What the total is.
    pub label: String,
    /// Unit of the total and parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The total as stated.
    pub total: Num,
    /// The parts as stated.
    #[serde(default)]
    pub parts: Vec<Part>,
    /// The parts cover the whole total (true), or are only some of it (`其中高级工 265 人次`).
    #[serde(default)]
    pub complete: bool,
}

/// One part of a [`Breakdown`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// What the part is.
    pub label: String,
    /// Its value as stated.
    pub value: Num,
}

/// Another figure the report states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// The group (as targets are grouped), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// What the figure is.
    pub label: String,
    /// Its value.
    pub value: Num,
    /// Its unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The value is a lower bound (`余`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub at_least: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}
