//! The schema of the project record (项目支出绩效自评表, 财预〔2020〕10号), as data: its
//! sections and every field with its label, kind, unit, need and help text.
//!
//! This file is a data table; the order follows the national form.

use super::{Block, Field, Kind, Section, field};
use crate::schema::dept::DIRECTIONS;

const FUND_ROW: &[Field] = &[
    field("budget_initial", "年初预算数(万元)", Kind::Money).unit("万元"),
    field("budget_full_year", "全年预算数(万元)", Kind::Money).unit("万元").for_final(),
    field("actual", "全年执行数(万元)", Kind::Money).unit("万元").for_final(),
    field("execution_rate_stated", "执行率", Kind::Rate).unit("%").computed(),
];

/// The sections of a project record.
pub const SECTIONS: &[Section] = &[
    Section {
        name: "项目基本信息",
        blocks: &[Block::Form {
            title: "【项目基本信息】",
            columns: &[("", "内容")],
            fields: &[
                field("header.project", "项目名称", Kind::Text).required(),
                field("header.department", "主管部门", Kind::Text).required(),
                field("header.implementer", "实施单位", Kind::Text).for_final(),
                field("header.year", "年度", Kind::Count).required().help("如 2024"),
                field("header.filer", "填报人", Kind::Text).for_final(),
                field("header.phone", "联系电话", Kind::Text).for_final(),
                field("header.filed_on", "填报日期", Kind::Date).for_final().help("如 2025-03-31"),
                field("indicator_system", "指标体系", Kind::Text).help("内置指标体系代码,默认 mof-2020-project"),
            ],
        }],
    },
    Section {
        name: "项目资金",
        blocks: &[
            Block::Form {
                title: "【年度资金总额】",
                columns: &[("funds.total", "年度资金总额")],
                fields: &[
                    field("label", "行名", Kind::Text).required(),
                    FUND_ROW[0],
                    FUND_ROW[1],
                    FUND_ROW[2],
                    FUND_ROW[3],
                    field("max_points", "分值", Kind::Number).unit("分").help("预算执行率的分值,一般为 10 分"),
                    field("self_score", "得分", Kind::Number).unit("分"),
                ],
            },
            Block::Table {
                title: "【资金来源】",
                path: "funds.parts",
                columns: &[
                    field("label", "资金来源", Kind::Text)
                        .required()
                        .width(20)
                        .help("如 当年财政拨款、上年结转资金、其他资金"),
                    FUND_ROW[0],
                    FUND_ROW[1],
                    FUND_ROW[2],
                    FUND_ROW[3],
                ],
                child: None,
                total: None,
                rows: 4,
            },
        ],
    },
    Section {
        name: "年度总体目标",
        blocks: &[Block::Form {
            title: "【年度总体目标】",
            columns: &[("goals", "内容")],
            fields: &[
                field("expected", "预期目标", Kind::LongText).for_final(),
                field("achieved", "实际完成情况", Kind::LongText).for_final(),
            ],
        }],
    },
    Section {
        name: "绩效指标",
        blocks: &[Block::Table {
            title: "【绩效指标】",
            path: "indicators",
            columns: &[
                field("level1", "一级指标", Kind::Text).required().help("产出指标、效益指标或满意度指标"),
                field("level2", "二级指标", Kind::Text).required().help("如 数量指标、质量指标、时效指标、成本指标"),
                field("name", "三级指标", Kind::Text).required().for_final().width(28),
                field("direction", "方向", Kind::Choice(DIRECTIONS)).required(),
                field("target", "年度指标值", Kind::SetValue),
                field("unit", "单位", Kind::Text),
                field("target_text", "指标值描述(定性)", Kind::LongText).width(24),
                field("actual", "实际完成值", Kind::Number),
                field("actual_text", "完成情况描述", Kind::LongText).width(24),
                field("max_points", "分值", Kind::Number).unit("分").required(),
                field("self_score", "得分", Kind::Number).unit("分").required(),
                field("tier", "档次(定性)", Kind::Text),
                field("deviation_reason", "偏差原因分析及改进措施", Kind::LongText).width(36),
            ],
            child: None,
            total: None,
            rows: 20,
        }],
    },
    Section {
        name: "自评结论与问题",
        blocks: &[
            Block::Form {
                title: "【自评结论】",
                columns: &[("scoring", "内容")],
                fields: &[
                    field("stated_total", "总分(表中所填)", Kind::Number).unit("分").for_final(),
                    field("stated_grade", "评价等级", Kind::Text),
                ],
            },
            Block::Table {
                title: "【存在问题】",
                path: "problems",
                columns: &[
                    field("title", "问题", Kind::LongText).required().for_final().width(36),
                    field("text", "具体说明", Kind::LongText).width(70),
                ],
                child: None,
                total: None,
                rows: 6,
            },
            Block::Table {
                title: "【改进措施】",
                path: "recommendations",
                columns: &[
                    field("title", "措施", Kind::LongText).required().for_final().width(36),
                    field("text", "具体说明", Kind::LongText).width(70),
                ],
                child: None,
                total: None,
                rows: 6,
            },
        ],
    },
];

/// Fields no section shows: the 分值 and 得分 cells exist on every fund row but only the
/// 年度资金总额 row carries them.
pub const HIDDEN: &[(&str, Field)] = &[
    ("funds.parts[]", field("max_points", "分值", Kind::Number).unit("分")),
    ("funds.parts[]", field("self_score", "得分", Kind::Number).unit("分")),
];
