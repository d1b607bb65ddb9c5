//! The workbook's layout, as data: which block of which sheet holds which field of the
//! record, with its Chinese label, its kind, and — for derived figures — its formula.
//!
//! Blocks are found on import by their title (`【预决算差异表】`), not by sheet name or
//! position, so a filer may rename, reorder or move sheets; rows of a form block are found by
//! their label, and columns of a table block by their header.

/// What a cell holds, and how it maps to the record's JSON form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// Short text.
    Text,
    /// Long text (wrapped).
    Long,
    /// A whole number (a JSON number).
    Int,
    /// Money, in 万元 unless the unit column says otherwise.
    Money,
    /// Money, in 元 unless the unit column says otherwise (per-visit figures).
    MoneyYuan,
    /// A percentage.
    Pct,
    /// Any other number, kept with its written precision.
    Num,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// 是 / 否.
    Bool,
    /// One of a list: (value in the record, as shown).
    Choice(&'static [(&'static str, &'static str)]),
    /// Names, separated by 、.
    Names,
}

/// A derived figure: its formula in the workbook and its exact recomputation on import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calc {
    /// a − b.
    Sub(&'static str, &'static str),
    /// a ÷ b, as a percentage.
    Pct(&'static str, &'static str),
    /// (a − b) ÷ b, as a percentage.
    ChangePct(&'static str, &'static str),
    /// The sum of fields of the same form column or table row.
    Sum(&'static [&'static str]),
    /// a (万元) × 10000 ÷ b, in 元.
    PerVisit(&'static str, &'static str),
    /// a ÷ (b + c), as a percentage (结案率).
    Closure(&'static str, &'static str, &'static str),
    /// (a + b) ÷ (c + b), as a percentage (调解成功率).
    Mediation(&'static str, &'static str, &'static str),
    /// A target's completion rate: actual ÷ target, or target ÷ actual when less is better.
    Completion,
    /// In a total row: the sum of the column above.
    SumColumn(&'static str),
    /// In a table row: this row's column ÷ the total row's column, as a percentage.
    ShareOfTotal(&'static str),
}

/// One field: a row of a form block or a column of a table block.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Key in the record's JSON, relative to the block's object (may be dotted).
    pub key: &'static str,
    /// Chinese label (form row label, or table column header).
    pub label: &'static str,
    /// Kind.
    pub ty: Ty,
    /// Formula, for derived figures: a number typed in its place is taken as the figure the
    /// report states, and checked against the recomputation.
    pub calc: Option<Calc>,
    /// A hint shown as the cell's input message (and in 说明).
    pub help: &'static str,
    /// Column width (table blocks), in characters.
    pub width: u16,
}

const fn f(key: &'static str, label: &'static str, ty: Ty) -> Field {
    Field { key, label, ty, calc: None, help: "", width: 12 }
}

const fn fc(key: &'static str, label: &'static str, ty: Ty, calc: Calc) -> Field {
    Field { key, label, ty, calc: Some(calc), help: "", width: 12 }
}

const fn fw(key: &'static str, label: &'static str, ty: Ty, width: u16) -> Field {
    Field { key, label, ty, calc: None, help: "", width }
}

const fn fh(key: &'static str, label: &'static str, ty: Ty, help: &'static str) -> Field {
    Field { key, label, ty, calc: None, help, width: 12 }
}

/// The row of a table block that sums it up.
#[derive(Debug, Clone, Copy)]
pub struct Total {
    /// The label in the row's first text column (`合计`).
    pub label: &'static str,
    /// (column key, path of the figure in the record, its formula).
    pub cells: &'static [(&'static str, &'static str, Calc)],
}

/// A block of a sheet.
#[derive(Debug, Clone, Copy)]
pub enum Block {
    /// Label / value rows: one value column per object path.
    Form {
        /// Title (`【部门收支】`).
        title: &'static str,
        /// Object paths in the record, one per value column, with the column header.
        columns: &'static [(&'static str, &'static str)],
        /// The rows.
        fields: &'static [Field],
    },
    /// A header row and one row per item of an array.
    Table {
        /// Title.
        title: &'static str,
        /// Array path in the record (`budget_table.rows`; `duties` for an array of text).
        path: &'static str,
        /// The columns. A single column with key `""` is an array of plain values.
        columns: &'static [Field],
        /// An array inside each item, filled from the rows that follow it with only these
        /// columns filled (分项 of a 分项数据 item).
        child: Option<(&'static str, &'static [Field])>,
        /// The 合计 row.
        total: Option<Total>,
        /// Empty rows the template offers.
        rows: u32,
    },
}

impl Block {
    /// The block's title.
    pub fn title(&self) -> &'static str {
        match self {
            Block::Form { title, .. } | Block::Table { title, .. } => title,
        }
    }
}

/// A sheet: its name and blocks.
#[derive(Debug, Clone, Copy)]
pub struct Sheet {
    /// Sheet name.
    pub name: &'static str,
    /// Blocks, top to bottom.
    pub blocks: &'static [Block],
}

/// Target directions.
pub const DIRECTIONS: &[(&str, &str)] = &[(">=", "≥"), ("<=", "≤"), ("=", "="), ("定性", "定性")];
const UNIT_KINDS: &[(&str, &str)] = &[("行政", "行政"), ("参公", "参公"), ("事业", "事业"), ("其他", "其他")];
const CLAIMS: &[(&str, &str)] =
    &[("all_targets_met", "绩效目标均已完成"), ("all_projects_on_time", "各项目均按期完成")];

const FINANCE: &[Field] = &[
    fh("budget_initial", "年初预算数", Ty::Money, "部门年初预算总数"),
    f("budget_last_year", "上年预算数", Ty::Money),
    fc("budget_change_stated", "预算增减额", Ty::Money, Calc::Sub("budget_initial", "budget_last_year")),
    fc("budget_change_rate_stated", "预算增减率", Ty::Pct, Calc::ChangePct("budget_initial", "budget_last_year")),
    f("budget_change_reason", "预算增减原因", Ty::Long),
    f("budget_adjusted", "调整后预算数", Ty::Money),
    fh("actual", "全年执行数(决算数)", Ty::Money, "部门全年支出决算总数"),
    f("variance_reason", "预决算差异原因", Ty::Long),
    f("actual_last_year", "上年执行数", Ty::Money),
    fc("actual_change_stated", "执行数增减额", Ty::Money, Calc::Sub("actual", "actual_last_year")),
    fc("actual_change_rate_stated", "执行数增减率", Ty::Pct, Calc::ChangePct("actual", "actual_last_year")),
    f("actual_change_reason", "执行数增减原因", Ty::Long),
    f("scope", "口径说明", Ty::Long),
];

const STAFF: &[Field] = &[
    f("administrative", "行政编制", Ty::Int),
    f("law_enforcement", "行政执法专项编制", Ty::Int),
    f("civil_service_managed", "参公编制", Ty::Int),
    f("public_institution", "事业编制", Ty::Int),
    f("service_staff", "工勤人员", Ty::Int),
    f("contracted", "购买服务人员", Ty::Int),
    fc(
        "stated_total",
        "合计",
        Ty::Int,
        Calc::Sum(&[
            "administrative",
            "law_enforcement",
            "civil_service_managed",
            "public_institution",
            "service_staff",
            "contracted",
        ]),
    ),
    fh("own_level_stated", "其中:本级(报告所称)", Ty::Int, "报告中单独写出的本级人数,没有可不填"),
];

/// The workbook's sheets.
pub const SHEETS: &[Sheet] = &[
    Sheet {
        name: "基本情况",
        blocks: &[
            Block::Form {
                title: "【基本信息】",
                columns: &[("", "内容")],
                fields: &[
                    fh("header.department", "部门名称", Ty::Text, "必填"),
                    fh("header.year", "年度", Ty::Int, "必填,如 2024"),
                    f("header.head", "单位负责人", Ty::Text),
                    f("header.filer", "填报人", Ty::Text),
                    f("header.phone", "联系电话", Ty::Text),
                    fh("header.filed_on", "填报日期", Ty::Date, "如 2025-03-31"),
                    f("header.region", "所属地区", Ty::Text),
                    fh("indicator_system", "指标体系", Ty::Text, "内置指标体系代码,见 jixiao systems"),
                ],
            },
            Block::Form {
                title: "【部门收支】", columns: &[("finance", "金额(万元)/比率")], fields: FINANCE
            },
            Block::Table {
                title: "【部门主要职责】",
                path: "duties",
                columns: &[fw("", "职责", Ty::Long, 90)],
                child: None,
                total: None,
                rows: 12,
            },
        ],
    },
    Sheet {
        name: "单位与人员",
        blocks: &[
            Block::Form {
                title: "【单位构成】",
                columns: &[("organization", "内容")],
                fields: &[
                    fh("own_level", "本级名称", Ty::Text, "如 局本级"),
                    f("internal_offices.label", "内设机构:名称", Ty::Text),
                    f("internal_offices.stated_count", "内设机构:所称个数", Ty::Int),
                    fh("internal_offices.items", "内设机构:名单", Ty::Names, "以顿号(、)分隔"),
                    f("internal_offices.open_ended", "内设机构:名单未列全", Ty::Bool),
                    f("budget_scope.stated_total", "预算编制范围:所称单位总数", Ty::Int),
                    f("budget_scope.includes_own_level", "预算编制范围:含本级", Ty::Bool),
                    f("budget_scope.stated_subordinate", "预算编制范围:所称下属单位数", Ty::Int),
                    fh("budget_scope.listed", "预算编制范围:所列单位", Ty::Names, "以顿号(、)分隔"),
                    f("budget_scope.open_ended", "预算编制范围:名单未列全", Ty::Bool),
                ],
            },
            Block::Table {
                title: "【下属单位】",
                path: "organization.units",
                columns: &[
                    fw("name", "单位名称", Ty::Text, 30),
                    f("kind", "单位性质", Ty::Choice(UNIT_KINDS)),
                    f("separately_accounted", "独立核算", Ty::Bool),
                ],
                child: None,
                total: None,
                rows: 10,
            },
            Block::Table {
                title: "【其他单位名单】",
                path: "organization.unit_lists",
                columns: &[
                    fw("label", "类别", Ty::Text, 16),
                    f("stated_count", "所称个数", Ty::Int),
                    fw("items", "名单(以顿号分隔)", Ty::Names, 60),
                    f("open_ended", "未列全", Ty::Bool),
                ],
                child: None,
                total: None,
                rows: 4,
            },
            Block::Form {
                title: "【人员编制】",
                columns: &[("staffing.authorized", "核定编制数"), ("staffing.actual", "实有人数")],
                fields: STAFF,
            },
            Block::Form {
                title: "【车辆、退休人员与在编率】",
                columns: &[("staffing", "内容")],
                fields: &[
                    f("vehicles_authorized", "公务用车编制数(台)", Ty::Int),
                    f("vehicles_actual", "实有公务用车(台)", Ty::Int),
                    f("retirees", "退休人员(人)", Ty::Int),
                    f("staffing_rate.stated", "在编率", Ty::Pct),
                    f("staffing_rate.includes_service_staff", "在编率含工勤人员", Ty::Bool),
                    f("staffing_rate.definition", "在编率口径说明", Ty::Long),
                ],
            },
        ],
    },
    Sheet {
        name: "收支预决算",
        blocks: &[
            Block::Table {
                title: "【预决算差异表】",
                path: "budget_table.rows",
                columns: &[
                    fh("code", "功能科目编码", Ty::Text, "类级科目编码,如 208"),
                    fw("name", "科目名称", Ty::Text, 22),
                    f("budget", "预算数(万元)", Ty::Money),
                    f("actual", "决算数(万元)", Ty::Money),
                    fc("variance_stated", "预决算差异(万元)", Ty::Money, Calc::Sub("budget", "actual")),
                    fc("execution_rate_stated", "预算执行率", Ty::Pct, Calc::Pct("actual", "budget")),
                    fw("reason", "差异原因", Ty::Long, 50),
                ],
                child: None,
                total: Some(Total {
                    label: "合计",
                    cells: &[
                        ("budget", "budget_table.total.budget", Calc::SumColumn("budget")),
                        ("actual", "budget_table.total.actual", Calc::SumColumn("actual")),
                        ("variance_stated", "budget_table.total.variance", Calc::Sub("budget", "actual")),
                        ("execution_rate_stated", "budget_table.total.execution_rate", Calc::Pct("actual", "budget")),
                    ],
                }),
                rows: 16,
            },
            Block::Form {
                title: "【预决算差异表口径】",
                columns: &[("budget_table", "内容")],
                fields: &[f("scope", "口径说明", Ty::Long)],
            },
            Block::Table {
                title: "【收入支出结构】",
                path: "expenditure_structure.items",
                columns: &[
                    f("code", "功能科目编码", Ty::Text),
                    fw("name", "科目名称", Ty::Text, 22),
                    f("amount", "支出(万元)", Ty::Money),
                    fc("share_stated", "占比", Ty::Pct, Calc::ShareOfTotal("amount")),
                ],
                child: None,
                total: Some(Total {
                    label: "合计",
                    cells: &[("amount", "expenditure_structure.total", Calc::SumColumn("amount"))],
                }),
                rows: 16,
            },
        ],
    },
    Sheet {
        name: "绩效目标",
        blocks: &[
            Block::Table {
                title: "【绩效目标】",
                path: "targets",
                columns: &[
                    fh("group", "指标类别", Ty::Text, "如 就业、社保;同类可合并单元格"),
                    fw("name", "指标名称", Ty::Text, 28),
                    f("direction", "方向", Ty::Choice(DIRECTIONS)),
                    f("target", "目标值", Ty::Num),
                    fh("unit", "单位", Ty::Text, "如 人、人次、%、件"),
                    fw("target_text", "目标描述(定性)", Ty::Long, 30),
                    f("actual", "实际完成值", Ty::Num),
                    f("actual_at_least", "实际为“以上”", Ty::Bool),
                    fw("actual_text", "完成情况描述", Ty::Long, 30),
                    fw("actual_source", "出处", Ty::Text, 16),
                    fc("completion_rate_stated", "完成率", Ty::Pct, Calc::Completion),
                    fw("deviation_reason", "未完成(偏差)原因", Ty::Long, 30),
                ],
                child: None,
                total: None,
                rows: 40,
            },
            Block::Table {
                title: "【完成情况总体表述】",
                path: "claims",
                columns: &[
                    f("kind", "表述类型", Ty::Choice(CLAIMS)),
                    fw("text", "原文", Ty::Long, 60),
                    fw("source", "出处", Ty::Text, 20),
                ],
                child: None,
                total: None,
                rows: 4,
            },
        ],
    },
    Sheet {
        name: "三公经费与公用经费",
        blocks: &[
            Block::Form {
                title: "【公用经费】",
                columns: &[("operating_expenses", "金额(万元)/比率")],
                fields: &[
                    f("budget", "年初预算数", Ty::Money),
                    f("actual", "决算数", Ty::Money),
                    fc("rate_stated", "支出率(控制率)", Ty::Pct, Calc::Pct("actual", "budget")),
                    f("reason", "差异原因", Ty::Long),
                ],
            },
            Block::Form {
                title: "【“三公”经费】",
                columns: &[("three_public_expenses", "金额(万元)/比率")],
                fields: &[
                    f("budget", "年初预算数", Ty::Money),
                    f("budget_last_year", "上年预算数", Ty::Money),
                    f("travel_abroad_budget", "因公出国(境)预算", Ty::Money),
                    f("vehicles_budget", "公务用车购置及运行维护预算", Ty::Money),
                    f("reception_budget", "公务接待预算", Ty::Money),
                    f("travel_abroad", "因公出国(境)决算", Ty::Money),
                    f("vehicles", "公务用车购置及运行维护决算", Ty::Money),
                    f("reception", "公务接待决算", Ty::Money),
                    fc("actual_stated", "决算合计", Ty::Money, Calc::Sum(&["travel_abroad", "vehicles", "reception"])),
                    f("reception_batches", "公务接待批次", Ty::Int),
                    f("reception_visits", "公务接待人次", Ty::Int),
                    fc(
                        "reception_per_visit_stated",
                        "人均接待费(元/人次)",
                        Ty::MoneyYuan,
                        Calc::PerVisit("reception", "reception_visits"),
                    ),
                    fc("control_rate_stated", "控制率", Ty::Pct, Calc::Pct("actual_stated", "budget")),
                    f("reason", "说明", Ty::Long),
                ],
            },
        ],
    },
    Sheet {
        name: "其他指标数据",
        blocks: &[
            Block::Form {
                title: "【项目与绩效目标覆盖】",
                columns: &[("projects", "内容")],
                fields: &[
                    f("total", "项目总数(项)", Ty::Int),
                    f("with_targets", "设置绩效目标的项目数(项)", Ty::Int),
                    fc("coverage_stated", "绩效目标覆盖率", Ty::Pct, Calc::Pct("with_targets", "total")),
                    f("key_spending", "重点项目支出(万元)", Ty::Money),
                    f("project_spending", "项目支出(万元)", Ty::Money),
                ],
            },
            Block::Table {
                title: "【支出率】",
                path: "spending_rates",
                columns: &[
                    fw("label", "名称", Ty::Text, 24),
                    f("budget", "预算数(万元)", Ty::Money),
                    f("actual", "支出数(万元)", Ty::Money),
                    fc("rate_stated", "支出率", Ty::Pct, Calc::Pct("actual", "budget")),
                    fw("scope", "口径说明", Ty::Long, 40),
                ],
                child: None,
                total: None,
                rows: 4,
            },
            Block::Form {
                title: "【结转结余与存量资金】",
                columns: &[("", "内容")],
                fields: &[
                    f("carryover.amount", "结转结余总额(万元)", Ty::Money),
                    f("carryover.budget", "支出预算数(万元)", Ty::Money),
                    f("carryover.spending_rate_stated", "支出率", Ty::Pct),
                    fc(
                        "carryover.rate_stated",
                        "结转结余率",
                        Ty::Pct,
                        Calc::Pct("carryover.amount", "carryover.budget"),
                    ),
                    f("carryover.scope", "口径说明", Ty::Long),
                    f("treasury.idle_funds", "国库集中支付存量资金(万元)", Ty::Money),
                    f("treasury.idle_funds_last_year", "上年存量资金(万元)", Ty::Money),
                ],
            },
            Block::Form {
                title: "【政府采购与资产】",
                columns: &[("", "内容")],
                fields: &[
                    f("procurement.planned", "政府采购计划金额(万元)", Ty::Money),
                    f("procurement.actual", "实际采购金额(万元)", Ty::Money),
                    fc(
                        "procurement.rate_stated",
                        "政府采购执行率",
                        Ty::Pct,
                        Calc::Pct("procurement.actual", "procurement.planned"),
                    ),
                    f("assets.in_use", "在用固定资产(万元)", Ty::Money),
                    f("assets.total", "固定资产总额(万元)", Ty::Money),
                    fc(
                        "assets.utilization_stated",
                        "固定资产利用率",
                        Ty::Pct,
                        Calc::Pct("assets.in_use", "assets.total"),
                    ),
                ],
            },
            Block::Form {
                title: "【重点工作与预算调整】",
                columns: &[("", "内容")],
                fields: &[
                    f("key_work.planned", "重点工作任务数", Ty::Int),
                    f("key_work.completed", "已完成数", Ty::Int),
                    fc(
                        "key_work.rate_stated",
                        "重点工作完成率",
                        Ty::Pct,
                        Calc::Pct("key_work.completed", "key_work.planned"),
                    ),
                    f("key_work.text", "重点工作说明", Ty::Long),
                    f("budget_adjustment.amount", "预算调整数(万元)", Ty::Money),
                    f("budget_adjustment.rate_stated", "预算调整率", Ty::Pct),
                    f("budget_adjustment.text", "预算调整说明", Ty::Long),
                ],
            },
            Block::Form {
                title: "【劳动人事争议仲裁】",
                columns: &[("arbitration", "内容")],
                fields: &[
                    f("applications", "仲裁申请(宗)", Ty::Int),
                    f("accepted", "决定受理(宗)", Ty::Int),
                    f("refused", "不予受理(宗)", Ty::Int),
                    f("carried_over", "上期末未结(宗)", Ty::Int),
                    f("closed", "已办结(宗)", Ty::Int),
                    f("closed_by_award", "仲裁裁决结案(宗)", Ty::Int),
                    f("closed_by_mediation", "仲裁调解结案(宗)", Ty::Int),
                    f("mediated_outside", "案外调解成功(宗)", Ty::Int),
                    f("workers", "涉及劳动者(人)", Ty::Int),
                    f("amount", "结案涉案金额(万元)", Ty::Money),
                    fc(
                        "closure_rate_stated",
                        "累计结案率",
                        Ty::Pct,
                        Calc::Closure("closed", "accepted", "carried_over"),
                    ),
                    fc(
                        "mediation_rate_stated",
                        "调解成功率",
                        Ty::Pct,
                        Calc::Mediation("closed_by_mediation", "mediated_outside", "closed"),
                    ),
                ],
            },
            Block::Table {
                title: "【分项数据】",
                path: "breakdowns",
                columns: &[
                    fw("label", "名称", Ty::Text, 28),
                    f("unit", "单位", Ty::Text),
                    f("total", "合计", Ty::Num),
                    f("complete", "分项已列全", Ty::Bool),
                ],
                child: Some(("parts", &[fw("label", "分项名称", Ty::Text, 20), f("value", "分项数值", Ty::Num)])),
                total: None,
                rows: 10,
            },
            Block::Table {
                title: "【其他数字】",
                path: "facts",
                columns: &[
                    f("group", "类别", Ty::Text),
                    fw("label", "名称", Ty::Text, 28),
                    f("value", "数值", Ty::Num),
                    f("unit", "单位", Ty::Text),
                    f("at_least", "“以上”", Ty::Bool),
                ],
                child: None,
                total: None,
                rows: 10,
            },
        ],
    },
    Sheet {
        name: "指标自评得分",
        blocks: &[
            Block::Form {
                title: "【自评结论】",
                columns: &[("scoring", "内容")],
                fields: &[
                    f("stated_total", "自评总分(报告所称)", Ty::Num),
                    f("stated_grade", "评价等级(报告所称)", Ty::Text),
                    f("adjustment", "加减分合计", Ty::Num),
                ],
            },
            Block::Table {
                title: "【指标自评得分】",
                path: "scoring.scores",
                columns: &[
                    fh("code", "指标代码", Ty::Text, "指标体系中的代码,如 B1.1"),
                    fw("name", "指标名称", Ty::Text, 28),
                    f("self_score", "自评得分", Ty::Num),
                    fw("items_met", "满足的要点(以顿号分隔)", Ty::Names, 24),
                    f("tier", "档次", Ty::Text),
                    f("violations", "违规次数", Ty::Int),
                    fw("evidence", "依据与说明", Ty::Long, 60),
                ],
                child: None,
                total: None,
                rows: 40,
            },
            Block::Table {
                title: "【加减分事项】",
                path: "scoring.adjustments",
                columns: &[fw("text", "事项", Ty::Long, 70), f("points", "分值", Ty::Num)],
                child: None,
                total: None,
                rows: 6,
            },
        ],
    },
    Sheet {
        name: "问题与建议",
        blocks: &[
            Block::Table {
                title: "【存在问题】",
                path: "problems",
                columns: &[fw("title", "问题", Ty::Long, 36), fw("text", "具体说明", Ty::Long, 70)],
                child: None,
                total: None,
                rows: 6,
            },
            Block::Table {
                title: "【相关建议】",
                path: "recommendations",
                columns: &[fw("title", "建议", Ty::Long, 36), fw("text", "具体说明", Ty::Long, 70)],
                child: None,
                total: None,
                rows: 6,
            },
        ],
    },
];

/// Every block of the workbook with its sheet's name.
pub fn blocks() -> impl Iterator<Item = (&'static str, &'static Block)> {
    SHEETS.iter().flat_map(|s| s.blocks.iter().map(move |b| (s.name, b)))
}

/// Joins a base path and a key.
pub fn join(base: &str, key: &str) -> String {
    match (base.is_empty(), key.is_empty()) {
        (true, _) => key.to_string(),
        (_, true) => base.to_string(),
        _ => format!("{base}.{key}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_unique_and_marked() {
        let mut seen = std::collections::HashSet::new();
        for (_, b) in blocks() {
            assert!(b.title().starts_with('【') && b.title().ends_with('】'), "{}", b.title());
            assert!(seen.insert(b.title()), "duplicate title {}", b.title());
        }
    }

    #[test]
    fn labels_are_unique_within_a_block_and_formulas_name_fields_of_it() {
        for (_, b) in blocks() {
            let fields: Vec<&Field> = match b {
                Block::Form { fields, .. } => fields.iter().collect(),
                Block::Table { columns, child, .. } => {
                    columns.iter().chain(child.iter().flat_map(|(_, c)| c.iter())).collect()
                }
            };
            let mut labels = std::collections::HashSet::new();
            for fld in &fields {
                assert!(labels.insert(fld.label), "{}: duplicate label {}", b.title(), fld.label);
            }
            let keys: Vec<&str> = fields.iter().map(|f| f.key).collect();
            for fld in &fields {
                let named: Vec<&str> = match fld.calc {
                    Some(Calc::Sub(a, b) | Calc::Pct(a, b) | Calc::ChangePct(a, b) | Calc::PerVisit(a, b)) => {
                        vec![a, b]
                    }
                    Some(Calc::Sum(k)) => k.to_vec(),
                    Some(Calc::Closure(a, b, c) | Calc::Mediation(a, b, c)) => vec![a, b, c],
                    Some(Calc::SumColumn(a) | Calc::ShareOfTotal(a)) => vec![a],
                    Some(Calc::Completion) => vec!["target", "actual", "direction"],
                    None => vec![],
                };
                for n in named {
                    assert!(keys.contains(&n), "{}: {} names {n}", b.title(), fld.label);
                }
            }
        }
    }
}
