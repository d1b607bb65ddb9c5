//! The schema of the department record (部门整体支出绩效自评), as data: its sections (the
//! sheets of the workbook, the pages of the web form), their blocks, and every field with its
//! label, kind, unit, need and help text.
//!
//! This file is a data table. Labels are what filers see in the workbook and the web form;
//! changing one changes which workbook rows and columns import recognises, so keep them stable.

use super::{Block, Field, Kind, Section, Total, field};

/// Target directions.
pub const DIRECTIONS: &[(&str, &str)] = &[(">=", "≥"), ("<=", "≤"), ("=", "="), ("定性", "定性")];
const UNIT_KINDS: &[(&str, &str)] = &[("行政", "行政"), ("参公", "参公"), ("事业", "事业"), ("其他", "其他")];
const CLAIMS: &[(&str, &str)] =
    &[("all_targets_met", "绩效目标均已完成"), ("all_projects_on_time", "各项目均按期完成")];

const FINANCE: &[Field] = &[
    field("budget_initial", "年初预算数", Kind::Money).unit("万元").for_final().help("部门年初预算总数"),
    field("budget_last_year", "上年预算数", Kind::Money).unit("万元"),
    field("budget_change_stated", "预算增减额", Kind::Money).unit("万元").computed(),
    field("budget_change_rate_stated", "预算增减率", Kind::Rate).unit("%").computed(),
    field("budget_change_reason", "预算增减原因", Kind::LongText),
    field("budget_adjusted", "调整后预算数", Kind::Money).unit("万元"),
    field("actual", "全年执行数(决算数)", Kind::Money).unit("万元").for_final().help("部门全年支出决算总数"),
    field("variance_reason", "预决算差异原因", Kind::LongText),
    field("actual_last_year", "上年执行数", Kind::Money).unit("万元"),
    field("actual_change_stated", "执行数增减额", Kind::Money).unit("万元").computed(),
    field("actual_change_rate_stated", "执行数增减率", Kind::Rate).unit("%").computed(),
    field("actual_change_reason", "执行数增减原因", Kind::LongText),
    field("scope", "口径说明", Kind::LongText),
];

const STAFF: &[Field] = &[
    field("administrative", "行政编制", Kind::Count).unit("人"),
    field("law_enforcement", "行政执法专项编制", Kind::Count).unit("人"),
    field("civil_service_managed", "参公编制", Kind::Count).unit("人"),
    field("public_institution", "事业编制", Kind::Count).unit("人"),
    field("service_staff", "工勤人员", Kind::Count).unit("人"),
    field("contracted", "购买服务人员", Kind::Count).unit("人"),
    field("stated_total", "合计", Kind::Count).unit("人").computed(),
    field("own_level_stated", "其中:本级(报告所称)", Kind::Count)
        .unit("人")
        .help("报告中单独写出的本级人数,没有可不填"),
];

/// The sections of a department record.
pub const SECTIONS: &[Section] = &[
    Section {
        name: "基本情况",
        blocks: &[
            Block::Form {
                title: "【基本信息】",
                columns: &[("", "内容")],
                fields: &[
                    field("header.department", "部门名称", Kind::Text).required().help("必填"),
                    field("header.year", "年度", Kind::Count).required().help("必填,如 2024"),
                    field("header.head", "单位负责人", Kind::Text).for_final(),
                    field("header.filer", "填报人", Kind::Text).for_final(),
                    field("header.phone", "联系电话", Kind::Text).for_final(),
                    field("header.filed_on", "填报日期", Kind::Date).for_final().help("如 2025-03-31"),
                    field("header.region", "所属地区", Kind::Text),
                    field("indicator_system", "指标体系", Kind::Text)
                        .for_final()
                        .help("内置指标体系的代码,如 gd-dept-2024;财政局下达的自评任务已指定"),
                ],
            },
            Block::Form {
                title: "【部门收支】", columns: &[("finance", "金额(万元)/比率")], fields: FINANCE
            },
            Block::Table {
                title: "【部门主要职责】",
                path: "duties",
                columns: &[field("", "职责", Kind::LongText).for_final().width(90)],
                child: None,
                total: None,
                rows: 12,
            },
        ],
    },
    Section {
        name: "单位与人员",
        blocks: &[
            Block::Form {
                title: "【单位构成】",
                columns: &[("organization", "内容")],
                fields: &[
                    field("own_level", "本级名称", Kind::Text).help("如 局本级"),
                    field("internal_offices.label", "内设机构:名称", Kind::Text),
                    field("internal_offices.stated_count", "内设机构:所称个数", Kind::Count).unit("个"),
                    field("internal_offices.items", "内设机构:名单", Kind::Names).help("以顿号(、)分隔"),
                    field("internal_offices.open_ended", "内设机构:名单未列全", Kind::Bool),
                    field("budget_scope.stated_total", "预算编制范围:所称单位总数", Kind::Count),
                    field("budget_scope.includes_own_level", "预算编制范围:含本级", Kind::Bool),
                    field("budget_scope.stated_subordinate", "预算编制范围:所称下属单位数", Kind::Count),
                    field("budget_scope.listed", "预算编制范围:所列单位", Kind::Names).help("以顿号(、)分隔"),
                    field("budget_scope.open_ended", "预算编制范围:名单未列全", Kind::Bool),
                ],
            },
            Block::Table {
                title: "【下属单位】",
                path: "organization.units",
                columns: &[
                    field("name", "单位名称", Kind::Text).required().width(30),
                    field("kind", "单位性质", Kind::Choice(UNIT_KINDS)).required(),
                    field("separately_accounted", "独立核算", Kind::Bool),
                ],
                child: None,
                total: None,
                rows: 10,
            },
            Block::Table {
                title: "【其他单位名单】",
                path: "organization.unit_lists",
                columns: &[
                    field("label", "类别", Kind::Text).required().width(16),
                    field("stated_count", "所称个数", Kind::Count).unit("个"),
                    field("items", "名单(以顿号分隔)", Kind::Names).width(60),
                    field("open_ended", "未列全", Kind::Bool),
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
                    field("vehicles_authorized", "公务用车编制数(台)", Kind::Count).unit("台"),
                    field("vehicles_actual", "实有公务用车(台)", Kind::Count).unit("台"),
                    field("retirees", "退休人员(人)", Kind::Count).unit("人"),
                    field("staffing_rate.stated", "在编率", Kind::Rate).unit("%"),
                    field("staffing_rate.includes_service_staff", "在编率含工勤人员", Kind::Bool),
                    field("staffing_rate.definition", "在编率口径说明", Kind::LongText),
                ],
            },
        ],
    },
    Section {
        name: "收支预决算",
        blocks: &[
            Block::Table {
                title: "【预决算差异表】",
                path: "budget_table.rows",
                columns: &[
                    field("code", "功能科目编码", Kind::Text).required().help("类级科目编码,如 208"),
                    field("name", "科目名称", Kind::Text).required().width(22),
                    field("budget", "预算数(万元)", Kind::Money).unit("万元").required().for_final(),
                    field("actual", "决算数(万元)", Kind::Money).unit("万元").required(),
                    field("variance_stated", "预决算差异(万元)", Kind::Money).unit("万元").computed(),
                    field("execution_rate_stated", "预算执行率", Kind::Rate).unit("%").computed(),
                    field("reason", "差异原因", Kind::LongText).width(50),
                ],
                child: None,
                total: Some(Total {
                    label: "合计",
                    cells: &[
                        ("budget", "budget_table.total.budget"),
                        ("actual", "budget_table.total.actual"),
                        ("variance_stated", "budget_table.total.variance"),
                        ("execution_rate_stated", "budget_table.total.execution_rate"),
                    ],
                }),
                rows: 16,
            },
            Block::Form {
                title: "【预决算差异表口径】",
                columns: &[("budget_table", "内容")],
                fields: &[field("scope", "口径说明", Kind::LongText)],
            },
            Block::Table {
                title: "【收入支出结构】",
                path: "expenditure_structure.items",
                columns: &[
                    field("code", "功能科目编码", Kind::Text).required(),
                    field("name", "科目名称", Kind::Text).required().width(22),
                    field("amount", "支出(万元)", Kind::Money).unit("万元").required(),
                    field("share_stated", "占比", Kind::Rate).unit("%").computed(),
                ],
                child: None,
                total: Some(Total { label: "合计", cells: &[("amount", "expenditure_structure.total")] }),
                rows: 16,
            },
        ],
    },
    Section {
        name: "绩效目标",
        blocks: &[
            Block::Table {
                title: "【绩效目标】",
                path: "targets",
                columns: &[
                    field("group", "指标类别", Kind::Text).required().help("如 就业、社保;同类可合并单元格"),
                    field("name", "指标名称", Kind::Text).required().for_final().width(28),
                    field("direction", "方向", Kind::Choice(DIRECTIONS)).required(),
                    field("target", "目标值", Kind::SetValue),
                    field("unit", "单位", Kind::Text).help("如 人、人次、%、件"),
                    field("target_text", "目标描述(定性)", Kind::LongText).width(30),
                    field("actual", "实际完成值", Kind::Number),
                    field("actual_at_least", "实际为“以上”", Kind::Bool),
                    field("actual_text", "完成情况描述", Kind::LongText).width(30),
                    field("actual_source", "出处", Kind::Text).width(16),
                    field("completion_rate_stated", "完成率", Kind::Rate).unit("%").computed(),
                    field("deviation_reason", "未完成(偏差)原因", Kind::LongText).width(30),
                ],
                child: None,
                total: None,
                rows: 40,
            },
            Block::Table {
                title: "【完成情况总体表述】",
                path: "claims",
                columns: &[
                    field("kind", "表述类型", Kind::Choice(CLAIMS)).required(),
                    field("text", "原文", Kind::LongText).required().width(60),
                    field("source", "出处", Kind::Text).width(20),
                ],
                child: None,
                total: None,
                rows: 4,
            },
        ],
    },
    Section {
        name: "三公经费与公用经费",
        blocks: &[
            Block::Form {
                title: "【公用经费】",
                columns: &[("operating_expenses", "金额(万元)/比率")],
                fields: &[
                    field("budget", "年初预算数", Kind::Money).unit("万元"),
                    field("actual", "决算数", Kind::Money).unit("万元"),
                    field("rate_stated", "支出率(控制率)", Kind::Rate).unit("%").computed(),
                    field("reason", "差异原因", Kind::LongText),
                ],
            },
            Block::Form {
                title: "【“三公”经费】",
                columns: &[("three_public_expenses", "金额(万元)/比率")],
                fields: &[
                    field("budget", "年初预算数", Kind::Money).unit("万元"),
                    field("budget_last_year", "上年预算数", Kind::Money).unit("万元"),
                    field("travel_abroad_budget", "因公出国(境)预算", Kind::Money).unit("万元"),
                    field("vehicles_budget", "公务用车购置及运行维护预算", Kind::Money).unit("万元"),
                    field("reception_budget", "公务接待预算", Kind::Money).unit("万元"),
                    field("travel_abroad", "因公出国(境)决算", Kind::Money).unit("万元"),
                    field("vehicles", "公务用车购置及运行维护决算", Kind::Money).unit("万元"),
                    field("reception", "公务接待决算", Kind::Money).unit("万元"),
                    field("actual_stated", "决算合计", Kind::Money).unit("万元").computed(),
                    field("reception_batches", "公务接待批次", Kind::Count).unit("批次"),
                    field("reception_visits", "公务接待人次", Kind::Count).unit("人次"),
                    field("reception_per_visit_stated", "人均接待费(元/人次)", Kind::MoneyYuan).unit("元").computed(),
                    field("control_rate_stated", "控制率", Kind::Rate).unit("%").computed(),
                    field("reason", "说明", Kind::LongText),
                ],
            },
        ],
    },
    Section {
        name: "其他指标数据",
        blocks: &[
            Block::Form {
                title: "【项目与绩效目标覆盖】",
                columns: &[("projects", "内容")],
                fields: &[
                    field("total", "项目总数(项)", Kind::Count).unit("项"),
                    field("with_targets", "设置绩效目标的项目数(项)", Kind::Count).unit("项"),
                    field("coverage_stated", "绩效目标覆盖率", Kind::Rate).unit("%").computed(),
                    field("key_spending", "重点项目支出(万元)", Kind::Money).unit("万元"),
                    field("project_spending", "项目支出(万元)", Kind::Money).unit("万元"),
                ],
            },
            Block::Table {
                title: "【支出率】",
                path: "spending_rates",
                columns: &[
                    field("label", "名称", Kind::Text).required().width(24),
                    field("budget", "预算数(万元)", Kind::Money).unit("万元"),
                    field("actual", "支出数(万元)", Kind::Money).unit("万元"),
                    field("rate_stated", "支出率", Kind::Rate).unit("%").computed(),
                    field("scope", "口径说明", Kind::LongText).width(40),
                ],
                child: None,
                total: None,
                rows: 4,
            },
            Block::Form {
                title: "【结转结余与存量资金】",
                columns: &[("", "内容")],
                fields: &[
                    field("carryover.amount", "结转结余总额(万元)", Kind::Money).unit("万元"),
                    field("carryover.budget", "支出预算数(万元)", Kind::Money).unit("万元"),
                    field("carryover.spending_rate_stated", "支出率", Kind::Rate).unit("%"),
                    field("carryover.rate_stated", "结转结余率", Kind::Rate).unit("%").computed(),
                    field("carryover.scope", "口径说明", Kind::LongText),
                    field("treasury.idle_funds", "国库集中支付存量资金(万元)", Kind::Money).unit("万元"),
                    field("treasury.idle_funds_last_year", "上年存量资金(万元)", Kind::Money).unit("万元"),
                ],
            },
            Block::Form {
                title: "【政府采购与资产】",
                columns: &[("", "内容")],
                fields: &[
                    field("procurement.planned", "政府采购计划金额(万元)", Kind::Money).unit("万元"),
                    field("procurement.actual", "实际采购金额(万元)", Kind::Money).unit("万元"),
                    field("procurement.rate_stated", "政府采购执行率", Kind::Rate).unit("%").computed(),
                    field("assets.in_use", "在用固定资产(万元)", Kind::Money).unit("万元"),
                    field("assets.total", "固定资产总额(万元)", Kind::Money).unit("万元"),
                    field("assets.utilization_stated", "固定资产利用率", Kind::Rate).unit("%").computed(),
                ],
            },
            Block::Form {
                title: "【重点工作与预算调整】",
                columns: &[("", "内容")],
                fields: &[
                    field("key_work.planned", "重点工作任务数", Kind::Count).unit("项"),
                    field("key_work.completed", "已完成数", Kind::Count).unit("项"),
                    field("key_work.rate_stated", "重点工作完成率", Kind::Rate).unit("%").computed(),
                    field("key_work.text", "重点工作说明", Kind::LongText),
                    field("budget_adjustment.amount", "预算调整数(万元)", Kind::Money).unit("万元"),
                    field("budget_adjustment.rate_stated", "预算调整率", Kind::Rate).unit("%"),
                    field("budget_adjustment.text", "预算调整说明", Kind::LongText),
                ],
            },
            Block::Form {
                title: "【劳动人事争议仲裁】",
                columns: &[("arbitration", "内容")],
                fields: &[
                    field("applications", "仲裁申请(宗)", Kind::Count).unit("宗"),
                    field("accepted", "决定受理(宗)", Kind::Count).unit("宗"),
                    field("refused", "不予受理(宗)", Kind::Count).unit("宗"),
                    field("carried_over", "上期末未结(宗)", Kind::Count).unit("宗"),
                    field("closed", "已办结(宗)", Kind::Count).unit("宗"),
                    field("closed_by_award", "仲裁裁决结案(宗)", Kind::Count).unit("宗"),
                    field("closed_by_mediation", "仲裁调解结案(宗)", Kind::Count).unit("宗"),
                    field("mediated_outside", "案外调解成功(宗)", Kind::Count).unit("宗"),
                    field("workers", "涉及劳动者(人)", Kind::Count).unit("人"),
                    field("amount", "结案涉案金额(万元)", Kind::Money).unit("万元"),
                    field("closure_rate_stated", "累计结案率", Kind::Rate).unit("%").computed(),
                    field("mediation_rate_stated", "调解成功率", Kind::Rate).unit("%").computed(),
                ],
            },
            Block::Table {
                title: "【分项数据】",
                path: "breakdowns",
                columns: &[
                    field("label", "名称", Kind::Text).required().width(28),
                    field("unit", "单位", Kind::Text),
                    field("total", "合计", Kind::Number).required(),
                    field("complete", "分项已列全", Kind::Bool),
                ],
                child: Some((
                    "parts",
                    &[
                        field("label", "分项名称", Kind::Text).required().width(20),
                        field("value", "分项数值", Kind::Number).required(),
                    ],
                )),
                total: None,
                rows: 10,
            },
            Block::Table {
                title: "【其他数字】",
                path: "facts",
                columns: &[
                    field("group", "类别", Kind::Text),
                    field("label", "名称", Kind::Text).required().width(28),
                    field("value", "数值", Kind::Number).required(),
                    field("unit", "单位", Kind::Text),
                    field("at_least", "“以上”", Kind::Bool),
                ],
                child: None,
                total: None,
                rows: 10,
            },
        ],
    },
    Section {
        name: "指标自评得分",
        blocks: &[
            Block::Form {
                title: "【自评结论】",
                columns: &[("scoring", "内容")],
                fields: &[
                    field("stated_total", "自评总分(报告所称)", Kind::Number).unit("分").for_final(),
                    field("stated_grade", "评价等级(报告所称)", Kind::Text),
                    field("adjustment", "加减分合计", Kind::Number).unit("分"),
                ],
            },
            Block::Table {
                title: "【指标自评得分】",
                path: "scoring.scores",
                columns: &[
                    field("code", "指标代码", Kind::Text).required().for_final().help("指标体系中的代码,如 B1.1"),
                    field("name", "指标名称", Kind::Text).width(28),
                    field("self_score", "自评得分", Kind::Number).unit("分").required(),
                    field("items_met", "满足的要点(以顿号分隔)", Kind::Names).width(24),
                    field("tier", "档次", Kind::Text),
                    field("violations", "违规次数", Kind::Count).unit("次"),
                    field("evidence", "依据与说明", Kind::LongText).width(60),
                ],
                child: None,
                total: None,
                rows: 40,
            },
            Block::Table {
                title: "【加减分事项】",
                path: "scoring.adjustments",
                columns: &[
                    field("text", "事项", Kind::LongText).required().width(70),
                    field("points", "分值", Kind::Number).unit("分"),
                ],
                child: None,
                total: None,
                rows: 6,
            },
        ],
    },
    Section {
        name: "问题与建议",
        blocks: &[
            Block::Table {
                title: "【存在问题】",
                path: "problems",
                columns: &[
                    field("title", "问题", Kind::LongText).required().for_final().width(36),
                    field("text", "具体说明", Kind::LongText).width(50),
                    field("cause", "原因", Kind::LongText).for_final().width(40),
                    field("measures", "整改措施", Kind::LongText).for_final().width(50),
                ],
                child: None,
                total: None,
                rows: 6,
            },
            Block::Table {
                title: "【相关建议】",
                path: "recommendations",
                columns: &[
                    field("title", "建议", Kind::LongText).required().for_final().width(36),
                    field("text", "具体说明", Kind::LongText).width(70),
                ],
                child: None,
                total: None,
                rows: 6,
            },
            Block::Form {
                title: "【结果应用与其他说明】",
                columns: &[("", "内容")],
                fields: &[
                    field("result_use", "结果应用", Kind::LongText)
                        .for_final()
                        .help("自评结果如何应用,如作为下年度预算安排的依据、按要求公开"),
                    field("other_matters", "其他需要说明的问题", Kind::LongText).help("没有可不填,报告中写“无”"),
                ],
            },
        ],
    },
];

/// Fields no section shows.
pub const HIDDEN: &[(&str, Field)] = &[(
    "projects.files[]",
    field("", "项目自评记录文件", Kind::Text).help("各项目的项目支出绩效自评记录文件,相对本记录文件的路径"),
)];

/// The columns of the 项目支出绩效自评结果汇总表 the department's report prints: computed from
/// the projects' own records ([`crate::project_summary`]), never filled in, so no form shows
/// them. Keys are the fields of [`crate::project_summary::SummaryRow`].
pub const PROJECT_SUMMARY: &[Field] = &[
    field("number", "序号", Kind::Count).width(8),
    field("name", "项目名称", Kind::Text).width(30),
    field("implementer", "实施单位", Kind::Text).width(24),
    field("budget", "预算数(万元)", Kind::Money).unit("万元"),
    field("actual", "执行数(万元)", Kind::Money).unit("万元"),
    field("balance", "结余数(万元)", Kind::Money).unit("万元"),
    field("self_score", "自评得分", Kind::Number).unit("分").width(10),
];

/// The title of that table.
pub const PROJECT_SUMMARY_TITLE: &str = "项目支出绩效自评结果汇总表";
