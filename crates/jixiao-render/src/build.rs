//! The report's content, made from a department record.
//!
//! Every sentence that states a figure is a template from [`Sentences`] filled with figures
//! computed from the record (totals summed, differences and rates computed, 四舍五入 to two
//! decimals only here, when printing). Text the filer wrote — duties, reasons, evidence,
//! problems, recommendations — is taken as written. A part of the outline whose figures are
//! missing says 未填报 and the missing fields are returned as warnings.

use jixiao_core::figure::Figure;
use jixiao_core::finding::{Finding, Severity};
use jixiao_core::num::{MoneyUnit, format_fixed};
use jixiao_core::record::{DeptRecord, Direction, StaffCounts};
use jixiao_core::scoring::{ScoreSheet, target_met};
use jixiao_core::system::IndicatorSystem;
use jixiao_core::value::Amount;
use jixiao_core::{Decimal, calc, classes};

use crate::model::{Block, Report, Table};
use crate::sentences::{Sentences, TemplateError};

/// What the builder needs besides the record.
pub struct Inputs<'a> {
    /// The record.
    pub record: &'a DeptRecord,
    /// Its indicator system, if known (for the conclusion and the 附表).
    pub system: Option<&'a IndicatorSystem>,
    /// Findings to list in a 附注 (when the report is written in spite of errors).
    pub notes: &'a [Finding],
    /// Sentence templates.
    pub sentences: &'a Sentences,
    /// Make charts (needs the `charts` feature; PNGs need a CJK font).
    pub charts: bool,
}

/// A report and what was missing from the record.
pub struct Built {
    /// The report.
    pub report: Report,
    /// One message per part written as 未填报.
    pub warnings: Vec<String>,
}

const W: MoneyUnit = MoneyUnit::WanYuan;

/// An amount in 万元 with two decimals.
pub fn money(a: &Amount) -> String {
    format_fixed(a.figure_in(W).face, 2)
}

fn money_dec(d: Decimal) -> String {
    format_fixed(d, 2)
}

/// A rate with two decimals (no `%`).
fn rate(r: Result<Figure, jixiao_core::NotApplicable>) -> Option<String> {
    r.ok().map(|f| format_fixed(f.face, 2))
}

/// 1 → 一, 12 → 十二 (for 一、 and (一) markers).
pub fn cn_numeral(n: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[n - 10]),
        20..=99 => format!("{}十{}", D[n / 10], if n.is_multiple_of(10) { "" } else { D[n % 10] }),
        _ => n.to_string(),
    }
}

/// `2025-08-14` → `2025年8月14日`.
pub fn chinese_date(d: &str) -> String {
    let parts: Vec<&str> = d.split('-').collect();
    match parts.as_slice() {
        [y, m, day] => format!("{y}年{}月{}日", m.trim_start_matches('0'), day.trim_start_matches('0')),
        _ => d.to_string(),
    }
}

/// The Chinese name of a record field, as the workbook labels it.
fn field_name(path: &str) -> &str {
    match path {
        "duties" => "部门主要职责",
        "organization.budget_scope.listed" => "纳入预算编制范围的单位",
        "staffing.authorized" => "核定编制数",
        "staffing.actual" => "实有人数",
        "finance.budget_initial" => "年初预算数",
        "finance.budget_last_year" => "上年预算数",
        "finance.actual" => "全年执行数(决算数)",
        "budget_table.rows" => "预决算差异表",
        "targets" => "绩效目标",
        "indicator_system" => "指标体系",
        "scoring.scores" => "指标自评得分",
        "scoring.stated_total" => "自评总分",
        "header.department" => "部门名称",
        "header.head" => "单位负责人",
        "header.filer" => "填报人",
        "header.phone" => "联系电话",
        "header.filed_on" => "填报日期",
        "problems" => "存在问题",
        "recommendations" => "相关建议",
        other => other,
    }
}

/// The fields of `candidates` that are missing (`false`).
fn absent<'f>(candidates: &[(&'f str, bool)]) -> Vec<&'f str> {
    candidates.iter().filter(|(_, present)| !present).map(|(f, _)| *f).collect()
}

struct B<'a> {
    r: &'a DeptRecord,
    s: &'a Sentences,
    out: Report,
    warnings: Vec<String>,
    year: String,
}

impl B<'_> {
    fn fill(&self, name: &str, vars: &[(&str, String)]) -> Result<String, TemplateError> {
        self.s.fill(name, vars)
    }

    /// Notes a part of the outline as 未填报, naming the fields it lacks by their Chinese
    /// names (and, in the warning, by their place in the record file too).
    fn missing(&mut self, part: &str, fields: &[&str]) -> Result<(), TemplateError> {
        let names: Vec<&str> = fields.iter().map(|f| field_name(f)).collect();
        let text = self.fill("missing", &[("fields", names.join("、"))])?;
        self.out.note(text);
        let detail: Vec<String> = fields.iter().map(|f| format!("{}({f})", field_name(f))).collect();
        self.warnings.push(format!("“{part}”未填报:记录中缺少 {}", detail.join("、")));
        Ok(())
    }
}

/// Builds the report's content.
pub fn build(inp: &Inputs<'_>) -> Result<Built, TemplateError> {
    let r = inp.record;
    let year = r.header.year.to_string();
    let mut b = B { r, s: inp.sentences, out: Report::default(), warnings: Vec::new(), year: year.clone() };
    b.out.title = b.fill("title", &[("department", r.header.department.clone()), ("year", year.clone())])?;
    b.out.title_lines = match b.out.title.strip_prefix(r.header.department.as_str()) {
        Some(rest) if !r.header.department.is_empty() && !rest.is_empty() => {
            vec![r.header.department.clone(), rest.to_string()]
        }
        _ => vec![b.out.title.clone()],
    };
    let cover = [
        ("部门名称", "header.department", Some(r.header.department.clone())),
        ("单位负责人", "header.head", r.header.head.clone()),
        ("填报人", "header.filer", r.header.filer.clone()),
        ("联系电话", "header.phone", r.header.phone.clone()),
        ("填报日期", "header.filed_on", r.header.filed_on.as_deref().map(chinese_date)),
    ];
    for (label, field, value) in cover {
        let value = value.filter(|v| !v.trim().is_empty());
        if value.is_none() {
            b.warnings.push(format!("封面“{label}”未填报:记录中缺少 {label}({field})"));
        }
        b.out.cover.push((label.to_string(), value.unwrap_or_else(|| "未填报".into())));
    }
    let sheet = inp.system.map(|s| jixiao_core::scoring::score(&jixiao_core::Record::Dept(Box::new(r.clone())), s));

    b.out.heading(1, "一、部门的基本情况");
    overview(&mut b)?;
    finances(&mut b, inp.charts)?;
    targets_section(&mut b)?;

    b.out.heading(1, "二、自评结论");
    conclusion(&mut b, sheet.as_ref())?;

    b.out.heading(1, "三、绩效分析");
    analysis(&mut b, sheet.as_ref(), inp.system)?;

    b.out.heading(1, "四、主要绩效");
    results(&mut b)?;

    b.out.heading(1, "五、存在问题");
    text_items(&mut b, &r.problems, "存在问题");
    b.out.heading(1, "六、相关建议");
    text_items(&mut b, &r.recommendations, "相关建议");

    if let Some(sheet) = &sheet {
        b.out.heading(1, "附表:部门整体支出绩效自评表");
        b.out.blocks.push(Block::Table(score_table(sheet)));
    }
    if !inp.notes.is_empty() {
        b.out.heading(1, "附注:检查发现的问题");
        b.out.para("本报告所依据的记录经检查存在以下问题,报告中的合计、差异和比率按记录中的明细数字重新计算:");
        for (i, f) in inp.notes.iter().enumerate() {
            let sev = if f.severity == Severity::Error { "错误" } else { "警告" };
            b.out.para(format!("{}. [{}{}] {}", i + 1, sev, f.code, f.message));
        }
    }
    let mut report = b.out;
    typeset(&mut report);
    Ok(Built { report, warnings: b.warnings })
}

/// Full-width Chinese punctuation in every text of the report (figures untouched).
fn typeset(r: &mut Report) {
    use crate::typography::fullwidth;
    r.title = fullwidth(&r.title);
    for (_, v) in &mut r.cover {
        *v = fullwidth(v);
    }
    for b in &mut r.blocks {
        match b {
            Block::Heading { text, .. } | Block::Para { text } | Block::Note { text } => *text = fullwidth(text),
            Block::Table(t) => {
                t.caption = t.caption.as_deref().map(fullwidth);
                t.unit = t.unit.as_deref().map(fullwidth);
                for row in &mut t.rows {
                    for (cell, numeric) in row.iter_mut().zip(t.numeric.iter().chain(std::iter::repeat(&false))) {
                        if !numeric {
                            *cell = fullwidth(cell);
                        }
                    }
                }
            }
            Block::Chart(_) => {}
        }
    }
}

fn text_items(b: &mut B<'_>, items: &[jixiao_core::record::TextItem], part: &str) {
    if items.is_empty() {
        b.out.note("未填报。");
        b.warnings.push(format!("“{part}”未填报"));
        return;
    }
    for (i, it) in items.iter().enumerate() {
        b.out.para(format!("({}){}{}", cn_numeral(i + 1), it.title, it.text.as_deref().unwrap_or("")));
    }
}

// ------------------------------------------------------------------ 一、(一) 概况

fn overview(b: &mut B<'_>) -> Result<(), TemplateError> {
    let r = b.r;
    b.out.heading(2, "(一)部门整体概况");
    b.out.heading(3, "1.部门主要职责。");
    if r.duties.is_empty() {
        b.missing("部门主要职责", &["duties"])?;
    }
    for (i, d) in r.duties.iter().enumerate() {
        b.out.para(format!("({}){d}", i + 1));
    }
    b.out.heading(3, "2.纳入预算编制范围的单位。");
    match &r.organization.budget_scope {
        Some(s) if !s.listed.is_empty() => {
            let own = r.organization.own_level.clone().unwrap_or_else(|| "本级".into());
            let own_short = if s.includes_own_level {
                own.rsplit('(').next().map(|x| x.trim_end_matches(')')).unwrap_or("本级").to_string()
            } else {
                String::new()
            };
            let sub = s.listed.len();
            let total = sub + usize::from(s.includes_own_level);
            let text = b.fill(
                "budget_scope",
                &[
                    ("year", b.year.clone()),
                    ("total", total.to_string()),
                    ("own_level", if own_short.is_empty() { "本级".into() } else { own_short }),
                    ("subordinate", sub.to_string()),
                    ("list", s.listed.join("、")),
                ],
            )?;
            b.out.para(text);
        }
        _ => b.missing("纳入预算编制范围的单位", &["organization.budget_scope.listed"])?,
    }
    b.out.heading(3, "3.部门人员编制构成。");
    let dept = r.header.department.clone();
    if let Some(o) = &r.organization.internal_offices
        && !o.items.is_empty()
    {
        let t = b.fill(
            "internal_offices",
            &[("department", dept.clone()), ("count", o.items.len().to_string()), ("list", o.items.join("、"))],
        )?;
        b.out.para(format!("(1)内设机构设置:{t}"));
    }
    for l in &r.organization.unit_lists {
        if l.items.is_empty() {
            continue;
        }
        let t = b.fill(
            "unit_list",
            &[("count", l.items.len().to_string()), ("label", l.label.clone()), ("list", l.items.join("、"))],
        )?;
        b.out.para(t);
    }
    let s = &r.staffing;
    if s.authorized.any() || s.actual.any() {
        let mut text = String::from("(2)人员构成:");
        if s.authorized.any() {
            text.push_str(&b.fill(
                "staffing_authorized",
                &[
                    ("department", dept.clone()),
                    ("total", s.authorized.sum().to_string()),
                    ("parts", staff_parts(&s.authorized, "名")),
                    ("vehicles", s.vehicles_authorized.map_or("0".into(), |v| v.to_string())),
                ],
            )?);
        }
        if s.actual.any() {
            text.push_str(&b.fill(
                "staffing_actual",
                &[
                    ("year", b.year.clone()),
                    ("total", s.actual.sum().to_string()),
                    ("parts", staff_parts(&s.actual, "人")),
                    ("vehicles", s.vehicles_actual.map_or("0".into(), |v| v.to_string())),
                    ("retirees", s.retirees.map_or("0".into(), |v| v.to_string())),
                ],
            )?);
        }
        b.out.para(text);
    } else {
        b.missing("人员编制构成", &["staffing.authorized", "staffing.actual"])?;
    }
    Ok(())
}

fn staff_parts(c: &StaffCounts, unit: &str) -> String {
    c.categories()
        .iter()
        .filter_map(|(name, _, v)| v.map(|v| format!("{name}{v}{unit}")))
        .collect::<Vec<_>>()
        .join("、")
}

// ------------------------------------------------------------------ 一、(二) 收支

fn change_words(d: Decimal) -> (String, String) {
    if d < Decimal::ZERO { ("减少".into(), "下降".into()) } else { ("增加".into(), "增长".into()) }
}

fn finances(b: &mut B<'_>, charts: bool) -> Result<(), TemplateError> {
    let r = b.r;
    let f = &r.finance;
    b.out.heading(2, "(二)部门整体收支情况");
    b.out.heading(3, "1.部门整体收入。");
    match (f.budget_initial, f.budget_last_year) {
        (Some(bi), Some(bl)) => {
            let ch = calc::change_amount(bi.figure_in(W), bl.figure_in(W)).map(|x| x.face).unwrap_or_default();
            let (cw, rw) = change_words(ch);
            let mut text = b.fill(
                "budget_change",
                &[
                    ("budget", money(&bi)),
                    ("last", money(&bl)),
                    ("change_word", cw),
                    ("change", money_dec(ch.abs())),
                    ("rate_word", rw),
                    (
                        "rate",
                        rate(calc::change_rate(bi.figure_in(W), bl.figure_in(W)))
                            .map_or("—".into(), |x| x.trim_start_matches('-').to_string()),
                    ),
                ],
            )?;
            if let Some(reason) = &f.budget_change_reason {
                text.push_str(&b.fill("reason", &[("reason", reason.clone())])?);
            }
            b.out.para(text);
        }
        _ => b.missing(
            "部门整体收入",
            &absent(&[
                ("finance.budget_initial", f.budget_initial.is_some()),
                ("finance.budget_last_year", f.budget_last_year.is_some()),
            ]),
        )?,
    }
    b.out.heading(3, "2.部门整体支出情况。");
    let table_actual = r.budget_table.as_ref().filter(|t| !t.rows.is_empty()).map(|t| {
        let sum: Decimal = t.rows.iter().map(|row| row.actual.figure_in(W).face).sum();
        Amount::wan(sum)
    });
    let actual = f.actual.or(table_actual);
    match (f.budget_initial, actual) {
        (Some(bi), Some(a)) => {
            let mut text = b.fill(
                "execution",
                &[
                    ("budget", money(&bi)),
                    ("actual", money(&a)),
                    ("rate", rate(calc::execution_rate(a.figure_in(W), bi.figure_in(W))).unwrap_or_else(|| "—".into())),
                ],
            )?;
            if let Some(reason) = &f.variance_reason {
                text.push_str(&b.fill("reason", &[("reason", reason.clone())])?);
            }
            b.out.para(text);
            if let Some(l) = f.actual_last_year {
                let ch = calc::change_amount(a.figure_in(W), l.figure_in(W)).map(|x| x.face).unwrap_or_default();
                let (cw, rw) = change_words(ch);
                let mut text = b.fill(
                    "actual_change",
                    &[
                        ("last", money(&l)),
                        ("change_word", cw),
                        ("change", money_dec(ch.abs())),
                        ("rate_word", rw),
                        (
                            "rate",
                            rate(calc::change_rate(a.figure_in(W), l.figure_in(W)))
                                .map_or("—".into(), |x| x.trim_start_matches('-').to_string()),
                        ),
                    ],
                )?;
                if let Some(reason) = &f.actual_change_reason {
                    text.push_str(&b.fill("reason", &[("reason", reason.clone())])?);
                }
                b.out.para(text);
            }
        }
        _ => b.missing(
            "部门整体支出情况",
            &absent(&[("finance.budget_initial", f.budget_initial.is_some()), ("finance.actual", actual.is_some())]),
        )?,
    }
    b.out.heading(4, "(1)收入支出与预算对比分析:");
    let Some(t) = r.budget_table.as_ref().filter(|t| !t.rows.is_empty()) else {
        b.missing("预决算差异表", &["budget_table.rows"])?;
        return Ok(());
    };
    let mut table = Table {
        caption: Some("预、决算差异情况".into()),
        unit: Some("单位:万元".into()),
        header: ["科目编码", "项目", "预算数", "决算数", "预决算差异", "预算执行率"].map(String::from).to_vec(),
        numeric: vec![false, false, true, true, true, true],
        rows: Vec::new(),
        // Wide enough that no header wraps in the PDF (a wrapped header reads as two rows).
        widths: vec![12, 28, 15, 15, 15, 15],
    };
    let (mut sb, mut sa) = (Decimal::ZERO, Decimal::ZERO);
    for row in &t.rows {
        let (bf, af) = (row.budget.figure_in(W), row.actual.figure_in(W));
        sb += bf.face;
        sa += af.face;
        let name = classes::by_code(&row.code).map_or(row.name.clone(), |c| c.name.to_string());
        table.rows.push(vec![
            row.code.clone(),
            name,
            money(&row.budget),
            money(&row.actual),
            money_dec(bf.face - af.face),
            rate(calc::execution_rate(af, bf)).map_or("-".into(), |x| format!("{x}%")),
        ]);
    }
    table.rows.push(vec![
        String::new(),
        "合计".into(),
        money_dec(sb),
        money_dec(sa),
        money_dec(sb - sa),
        rate(calc::execution_rate(Figure::exact(sa), Figure::exact(sb))).map_or("-".into(), |x| format!("{x}%")),
    ]);
    b.out.blocks.push(Block::Table(table));
    let reasons: Vec<String> = t
        .rows
        .iter()
        .filter_map(|row| row.reason.as_ref().map(|reason| (row, reason)))
        .enumerate()
        .map(|(i, (row, reason))| {
            // 决算数 against 预算数: more or less than budgeted.
            let diff = row.actual.figure_in(W).face - row.budget.figure_in(W).face;
            let (word, _) = change_words(diff);
            b.fill(
                "variance_reason",
                &[
                    ("ordinal", cn_numeral(i + 1)),
                    ("name", classes::by_code(&row.code).map_or(row.name.clone(), |c| c.name.to_string())),
                    ("change_word", word),
                    ("change", money_dec(diff.abs())),
                    ("reason", reason.trim_end_matches('\u{3002}').to_string()),
                ],
            )
        })
        .collect::<Result<_, _>>()?;
    if !reasons.is_empty() {
        b.out.para("预决算差异原因分析:");
        for reason in reasons {
            b.out.para(reason);
        }
    }
    b.out.heading(4, "(2)收入支出结构分析:");
    let items: Vec<String> = t
        .rows
        .iter()
        .filter(|row| !row.actual.value.is_zero())
        .map(|row| {
            let share =
                rate(calc::structure_share(row.actual.figure_in(W), Figure::exact(sa))).unwrap_or_else(|| "—".into());
            b.fill(
                "structure_item",
                &[
                    ("name", classes::by_code(&row.code).map_or(row.name.clone(), |c| c.name.to_string())),
                    ("amount", money(&row.actual)),
                    ("share", share),
                ],
            )
        })
        .collect::<Result<_, _>>()?;
    let text =
        b.fill("structure", &[("year", b.year.clone()), ("total", money_dec(sa)), ("items", items.join(","))])?;
    b.out.para(text);
    if charts {
        b.out.blocks.extend(crate::charts::budget_charts(t));
    }
    Ok(())
}

// ------------------------------------------------------------------ 一、(三) 目标

fn sign(d: Direction) -> &'static str {
    match d {
        Direction::AtLeast => "≥",
        Direction::AtMost => "≤",
        Direction::Exactly => "",
        Direction::Qualitative => "",
    }
}

fn groups(r: &DeptRecord) -> Vec<String> {
    let mut g: Vec<String> = Vec::new();
    for t in &r.targets {
        if !g.contains(&t.group) {
            g.push(t.group.clone());
        }
    }
    g
}

fn group_title(g: &str) -> String {
    if g.is_empty() { "其他".into() } else { g.to_string() }
}

fn targets_section(b: &mut B<'_>) -> Result<(), TemplateError> {
    let r = b.r;
    b.out.heading(2, "(三)部门整体支出目标及任务");
    if r.targets.is_empty() {
        return b.missing("部门整体支出目标", &["targets"]);
    }
    for (gi, g) in groups(r).iter().enumerate() {
        b.out.para(format!("指标{}:{}指标", gi + 1, group_title(g)));
        for (i, t) in r.targets.iter().filter(|t| &t.group == g).enumerate() {
            let line = match (t.direction, t.target) {
                (Direction::Qualitative, _) | (_, None) => {
                    format!(
                        "{}.{}。",
                        i + 1,
                        t.target_text.clone().unwrap_or_else(|| t.name.clone()).trim_end_matches('。')
                    )
                }
                (d, Some(v)) => format!(
                    "{}.{}",
                    i + 1,
                    b.fill(
                        "target_item",
                        &[
                            ("name", t.name.clone()),
                            ("sign", sign(d).into()),
                            ("target", v.0.to_string()),
                            ("unit", t.unit.clone().unwrap_or_default())
                        ]
                    )?
                ),
            };
            b.out.para(line);
        }
    }
    Ok(())
}

// ------------------------------------------------------------------ 二、结论

fn conclusion(b: &mut B<'_>, sheet: Option<&ScoreSheet>) -> Result<(), TemplateError> {
    let r = b.r;
    let (total, grade, dims) = match sheet {
        Some(s) if s.rows.iter().any(|row| row.self_score.is_some()) => {
            let mut dims: Vec<String> = s
                .rows
                .iter()
                .filter(|row| row.level == 1 && !row.adjustment)
                .map(|row| {
                    b.fill(
                        "conclusion_dimension",
                        &[("name", row.name.clone()), ("score", fmt_score(row.self_score.unwrap_or_default()))],
                    )
                })
                .collect::<Result<_, _>>()?;
            if let Some(a) = s.adjustment {
                dims.push(b.fill("adjustment", &[("score", fmt_score(a))])?);
            }
            (s.total, s.grade.clone().unwrap_or_else(|| "—".into()), dims.join(","))
        }
        _ => match r.scoring.stated_total {
            Some(t) => (
                t.0,
                jixiao_core::system::builtin("gd-dept-2024")
                    .and_then(Result::ok)
                    .and_then(|s| s.system.grade(t.0).map(|g| g.name.clone()))
                    .unwrap_or_default(),
                String::new(),
            ),
            None => return b.missing("自评结论", &["scoring.scores"]),
        },
    };
    let text = b.fill(
        "conclusion",
        &[("year", b.year.clone()), ("total", fmt_score(total)), ("grade", grade), ("dimensions", dims)],
    )?;
    b.out.para(text);
    Ok(())
}

fn fmt_score(d: Decimal) -> String {
    jixiao_core::num::round_half_up(d, 2).normalize().to_string()
}

// ------------------------------------------------------------------ 三、绩效分析

fn analysis(b: &mut B<'_>, sheet: Option<&ScoreSheet>, system: Option<&IndicatorSystem>) -> Result<(), TemplateError> {
    let r = b.r;
    let (Some(sheet), Some(system)) = (sheet, system) else {
        let fields = absent(&[
            ("indicator_system", system.is_some()),
            ("scoring.scores", sheet.is_some_and(|s| s.rows.iter().any(|r| r.self_score.is_some()))),
        ]);
        b.missing("绩效分析", &fields)?;
        return other_measures(b, &[], 0);
    };
    let mut l2 = 0;
    let mut l3 = 0;
    let mut l4 = 0;
    let mut covered: Vec<&str> = Vec::new();
    let mut rendered = 0usize;
    for row in &sheet.rows {
        let Some(ind) = system.get(&row.code) else { continue };
        let evidence = r.scoring.scores.iter().find(|s| s.code == row.code).and_then(|s| s.evidence.clone());
        // An indicator the record neither scores nor gives evidence for (nor any below it)
        // is left out of the analysis; the 附表 still lists it.
        if row.self_score.is_none()
            && evidence.is_none()
            && !(row.level == 1 && ind.adjustment && !r.scoring.adjustments.is_empty())
        {
            continue;
        }
        rendered += 1;
        let score = row.self_score.filter(|_| row.self_score_stated).map(|s| format!("(自评{}分)", fmt_score(s)));
        match row.level {
            1 if ind.adjustment => {
                b.out.heading(2, format!("({}){}{}", cn_numeral(l2 + 1), row.name, score.unwrap_or_default()));
                l2 += 1;
                for a in &r.scoring.adjustments {
                    b.out.para(a.text.clone());
                }
                continue;
            }
            1 => {
                b.out.heading(2, format!("({}){}情况", cn_numeral(l2 + 1), row.name));
                l2 += 1;
                l3 = 0;
                continue;
            }
            2 => {
                l3 += 1;
                l4 = 0;
                b.out.heading(3, format!("{l3}.{}{}", row.name.trim_end_matches('。'), score.unwrap_or_default()));
            }
            _ => {
                l4 += 1;
                b.out.heading(4, format!("({l4}){}{}", row.name, score.unwrap_or_default()));
            }
        }
        if let Some(m) = ind.measure.as_deref() {
            covered.push(m);
            for s in measure_sentences(b, m)? {
                b.out.para(s);
            }
        }
        if let Some(e) = evidence {
            b.out.para(e);
        }
    }
    if rendered == 0 {
        b.missing("绩效分析", &["scoring.scores"])?;
    }
    other_measures(b, &covered, l2)
}

/// The measures whose data the record holds, in the order a report discusses them, with the
/// heading each gets when no scored indicator of the system covers it.
const MEASURES: &[(&str, &str)] = &[
    ("target_coverage", "绩效目标覆盖率"),
    ("spending_rate", "预算资金支出率"),
    ("carryover_rate", "结转结余情况"),
    ("procurement_rate", "政府采购执行率"),
    ("asset_utilization", "固定资产利用率"),
    ("staffing_rate", "在编率"),
    ("operating_expense_control_rate", "公用经费和“三公”经费控制情况"),
    ("targets_met_share", "绩效目标完成情况"),
];

/// The data of the measures no scored indicator covered, so no figure of the record is left
/// out of the report.
fn other_measures(b: &mut B<'_>, covered: &[&str], l2: usize) -> Result<(), TemplateError> {
    let mut parts: Vec<(&str, Vec<String>)> = Vec::new();
    for (m, title) in MEASURES {
        if covered.contains(m) {
            continue;
        }
        let s = measure_sentences(b, m)?;
        if !s.is_empty() {
            parts.push((title, s));
        }
    }
    if parts.is_empty() {
        return Ok(());
    }
    b.out.heading(2, format!("({}){}", cn_numeral(l2 + 1), "其他绩效数据"));
    for (i, (title, sentences)) in parts.into_iter().enumerate() {
        b.out.heading(3, format!("{}.{title}。", i + 1));
        for s in sentences {
            b.out.para(s);
        }
    }
    Ok(())
}

/// The figures behind a measure, as sentences.
fn measure_sentences(b: &B<'_>, measure: &str) -> Result<Vec<String>, TemplateError> {
    let r = b.r;
    let y = || ("year", b.year.clone());
    let mut out = Vec::new();
    match measure {
        "target_coverage" => {
            if let Some(p) = &r.projects
                && let (Some(t), Some(w)) = (p.total, p.with_targets)
            {
                let rt = rate(calc::coverage_rate(Figure::count(w.into()), Figure::count(t.into())))
                    .unwrap_or_else(|| "—".into());
                out.push(b.fill(
                    "coverage",
                    &[y(), ("total", t.to_string()), ("with_targets", w.to_string()), ("rate", rt)],
                )?);
            }
        }
        "spending_rate" => {
            for s in &r.spending_rates {
                if let (Some(bu), Some(a)) = (s.budget, s.actual) {
                    out.push(
                        b.fill(
                            "spending",
                            &[
                                ("label", s.label.clone()),
                                ("budget", money(&bu)),
                                ("actual", money(&a)),
                                (
                                    "rate",
                                    rate(calc::spending_rate(a.figure_in(W), bu.figure_in(W)))
                                        .unwrap_or_else(|| "—".into()),
                                ),
                                ("scope", s.scope.as_ref().map_or(String::new(), |sc| format!("(口径:{sc})"))),
                            ],
                        )?,
                    );
                }
            }
        }
        "carryover_rate" => {
            if let Some(c) = &r.carryover
                && let Some(sp) = c.spending_rate_stated
            {
                let cr = rate(calc::carryover_rate_from_spending(sp.figure())).unwrap_or_default();
                out.push(b.fill(
                    "carryover",
                    &[
                        y(),
                        ("spending", format_fixed(sp.0, 2)),
                        ("rate", cr),
                        ("scope", c.scope.as_ref().map_or(String::new(), |sc| format!("(口径:{sc})"))),
                    ],
                )?);
            }
            if let Some(t) = &r.treasury
                && let Some(f) = t.idle_funds
            {
                out.push(b.fill("idle_funds", &[y(), ("amount", money(&f))])?);
            }
        }
        "procurement_rate" => {
            if let Some(p) = &r.procurement
                && let (Some(pl), Some(a)) = (p.planned, p.actual)
            {
                let rt = rate(calc::procurement_rate(a.figure_in(W), pl.figure_in(W))).unwrap_or_else(|| "—".into());
                out.push(b.fill("procurement", &[y(), ("planned", money(&pl)), ("actual", money(&a)), ("rate", rt)])?);
            }
        }
        "asset_utilization" => {
            if let Some(a) = &r.assets {
                let rt = match (a.in_use, a.total) {
                    (Some(u), Some(t)) => rate(calc::structure_share(u.figure_in(W), t.figure_in(W))),
                    _ => a.utilization_stated.map(|p| format_fixed(p.0, 2)),
                };
                if let Some(rt) = rt {
                    out.push(b.fill("assets", &[y(), ("rate", rt)])?);
                }
            }
        }
        "staffing_rate" => {
            let s = &r.staffing;
            if s.actual.any() && s.authorized.any() {
                let with = s.staffing_rate.as_ref().is_none_or(|sr| sr.includes_service_staff);
                let (on, auth) = (s.actual.on_post(with), s.authorized.on_post(with));
                let rt =
                    rate(calc::staffing_rate(Figure::count(on), Figure::count(auth))).unwrap_or_else(|| "—".into());
                let scope = if with { "含工勤人员" } else { "不含工勤人员" };
                out.push(b.fill(
                    "staffing_rate",
                    &[
                        y(),
                        ("scope", scope.into()),
                        ("on_post", on.to_string()),
                        ("authorized", auth.to_string()),
                        ("rate", rt),
                    ],
                )?);
            }
        }
        "operating_expense_control_rate" => {
            if let Some(o) = &r.operating_expenses
                && let (Some(bu), Some(a)) = (o.budget, o.actual)
            {
                let rt = rate(calc::control_rate(a.figure_in(W), bu.figure_in(W))).unwrap_or_else(|| "—".into());
                out.push(b.fill("operating", &[y(), ("budget", money(&bu)), ("actual", money(&a)), ("rate", rt)])?);
            }
            if let Some(t) = &r.three_public_expenses
                && let (Some(bu), Some(ab), Some(v), Some(re)) = (t.budget, t.travel_abroad, t.vehicles, t.reception)
            {
                // The stated total is the accounts' own figure, more exact than the sum of
                // its rounded parts; the rules have checked that the two agree.
                let sum = ab.figure_in(W).face + v.figure_in(W).face + re.figure_in(W).face;
                let actual = t.actual_stated.map_or_else(|| money_dec(sum), |a| money(&a));
                out.push(b.fill(
                    "three_public",
                    &[
                        y(),
                        ("budget", money(&bu)),
                        ("actual", actual),
                        ("abroad", money(&ab)),
                        ("vehicles", money(&v)),
                        ("reception", money(&re)),
                    ],
                )?);
                if let (Some(bt), Some(vi)) = (t.reception_batches, t.reception_visits)
                    && vi > 0
                {
                    let per = match t.reception_per_visit_stated {
                        Some(p) => format_fixed(p.figure_in(MoneyUnit::Yuan).face, 2),
                        None => calc::per_capita(re.figure_in(MoneyUnit::Yuan), Figure::count(vi.into()))
                            .map(|f| format_fixed(f.face, 2))
                            .unwrap_or_default(),
                    };
                    // In the same paragraph as the 三公 totals, which it details.
                    let reception = b.fill(
                        "reception",
                        &[y(), ("batches", bt.to_string()), ("visits", vi.to_string()), ("per_visit", per)],
                    )?;
                    if let Some(last) = out.last_mut() {
                        last.push_str(&reception);
                    }
                }
            }
        }
        "targets_met_share" => {
            let judged: Vec<(&jixiao_core::record::Target, bool)> = r
                .targets
                .iter()
                .filter_map(|t| {
                    target_met(t.direction, t.target.map(|v| Figure::exact(v.0)), t.actual.map(|v| v.figure()))
                        .map(|m| (t, m))
                })
                .collect();
            if !judged.is_empty() {
                let met = judged.iter().filter(|(_, m)| *m).count();
                let rt = rate(calc::coverage_rate(Figure::count(met as u64), Figure::count(judged.len() as u64)))
                    .unwrap_or_default();
                out.push(b.fill(
                    "targets_met",
                    &[y(), ("total", judged.len().to_string()), ("met", met.to_string()), ("rate", rt)],
                )?);
                let missed: Vec<String> = judged.iter().filter(|(_, m)| !*m).map(|(t, _)| t.name.clone()).collect();
                if !missed.is_empty() {
                    out.push(b.fill("targets_missed", &[("list", missed.join("、"))])?);
                }
            }
        }
        _ => {}
    }
    Ok(out)
}

// ------------------------------------------------------------------ 四、主要绩效

fn results(b: &mut B<'_>) -> Result<(), TemplateError> {
    let r = b.r;
    if r.targets.is_empty() && r.arbitration.is_none() && r.breakdowns.is_empty() {
        return b.missing("主要绩效", &["targets"]);
    }
    for (gi, g) in groups(r).iter().enumerate() {
        let mut parts: Vec<String> = Vec::new();
        let mut reasons: Vec<String> = Vec::new();
        for t in r.targets.iter().filter(|t| &t.group == g) {
            match (t.target, t.actual) {
                (Some(tv), Some(av)) if t.direction != Direction::Qualitative => {
                    let better =
                        if t.direction == Direction::AtMost { calc::Better::Lower } else { calc::Better::Higher };
                    let rt = rate(calc::completion_rate(av.figure(), Figure::exact(tv.0), better))
                        .unwrap_or_else(|| "—".into());
                    parts.push(b.fill(
                        "target_result",
                        &[
                            ("name", t.name.clone()),
                            ("actual", av.0.to_string()),
                            ("unit", t.unit.clone().unwrap_or_default()),
                            ("sign", sign(t.direction).into()),
                            ("target", tv.0.to_string()),
                            ("rate", rt),
                        ],
                    )?);
                    if let Some(reason) = &t.deviation_reason {
                        let met = target_met(t.direction, Some(Figure::exact(tv.0)), Some(av.figure())).unwrap_or(true);
                        let name = if met { "target_deviation_reason" } else { "target_missed_reason" };
                        reasons.push(b.fill(
                            name,
                            &[("name", t.name.clone()), ("reason", reason.trim_end_matches('\u{3002}').to_string())],
                        )?);
                    }
                }
                _ => {
                    if let Some(a) = &t.actual_text {
                        parts.push(a.clone());
                    }
                }
            }
        }
        if parts.is_empty() {
            continue;
        }
        let mut text = format!("({}){}工作绩效指标:{}。", cn_numeral(gi + 1), group_title(g), parts.join(";"));
        for reason in reasons {
            text.push_str(&reason);
        }
        b.out.para(text);
    }
    // Figures of the year's work outside the targets, numbered after the target groups.
    if r.arbitration.is_some() || !r.breakdowns.is_empty() {
        b.out.para(format!("({})其他工作成效:", cn_numeral(groups(r).len() + 1)));
    }
    if let Some(a) = &r.arbitration {
        let n = |v: Option<u32>| v.map_or("—".to_string(), |v| v.to_string());
        let count = |v: Option<u32>| Figure::count(v.unwrap_or(0).into());
        let closure = rate(calc::closure_rate(count(a.closed), count(a.accepted), count(a.carried_over)))
            .unwrap_or_else(|| "—".into());
        let mediation =
            rate(calc::mediation_rate(count(a.closed_by_mediation), count(a.mediated_outside), count(a.closed)))
                .unwrap_or_else(|| "—".into());
        let cases = match (a.workers, a.amount) {
            (Some(w), Some(m)) => b.fill("arbitration_cases", &[("workers", w.to_string()), ("amount", money(&m))])?,
            _ => String::new(),
        };
        b.out.para(b.fill(
            "arbitration",
            &[
                ("year", b.year.clone()),
                ("applications", n(a.applications)),
                ("accepted", n(a.accepted)),
                ("refused", n(a.refused)),
                ("carried_over", n(a.carried_over)),
                ("closed", n(a.closed)),
                ("by_award", n(a.closed_by_award)),
                ("by_mediation", n(a.closed_by_mediation)),
                ("outside", n(a.mediated_outside)),
                ("closure_rate", closure),
                ("mediation_rate", mediation),
                ("cases", cases),
            ],
        )?);
    }
    for bd in &r.breakdowns {
        let unit = bd.unit.clone().unwrap_or_default();
        let total = if bd.complete { bd.parts.iter().map(|p| p.value.0).sum::<Decimal>() } else { bd.total.0 };
        let parts = bd.parts.iter().map(|p| format!("{}{}{unit}", p.label, p.value.0)).collect::<Vec<_>>().join("、");
        b.out.para(b.fill(
            "breakdown",
            &[("label", bd.label.clone()), ("total", total.to_string()), ("unit", unit.clone()), ("parts", parts)],
        )?);
    }
    Ok(())
}

// ------------------------------------------------------------------ 附表

fn score_table(sheet: &ScoreSheet) -> Table {
    let num = |d: Option<Decimal>| d.map_or("—".into(), fmt_score);
    let mut t = Table {
        caption: Some(format!("指标体系:{}", sheet.system_name)),
        unit: None,
        header: ["一级指标", "二级指标", "三级指标", "分值", "自评得分", "数据支持得分"].map(String::from).to_vec(),
        numeric: vec![false, false, false, true, true, true],
        rows: Vec::new(),
        widths: vec![16, 16, 30, 10, 12, 14],
    };
    for row in &sheet.rows {
        let mut cells = vec![String::new(), String::new(), String::new()];
        cells[usize::from(row.level.clamp(1, 3)) - 1] = row.name.clone();
        cells.push(num(row.max_points));
        cells.push(num(row.self_score));
        cells.push(num(row.supported));
        t.rows.push(cells);
    }
    t.rows.push(vec![
        "总分".into(),
        String::new(),
        String::new(),
        num(sheet.max_total),
        fmt_score(sheet.total),
        String::new(),
    ]);
    // A column the system gives nothing for (分值 of a system whose points are not known,
    // 数据支持得分 where no rule is quantitative) is left out rather than printed as dashes.
    let drop: Vec<usize> =
        [(3, sheet.rows.iter().any(|r| r.max_points.is_some())), (5, sheet.rows.iter().any(|r| r.supported.is_some()))]
            .iter()
            .filter(|(_, any)| !any)
            .map(|(c, _)| *c)
            .collect();
    for c in drop.iter().rev() {
        t.header.remove(*c);
        t.numeric.remove(*c);
        t.widths.remove(*c);
        for row in &mut t.rows {
            row.remove(*c);
        }
    }
    if drop.contains(&3) {
        // The system's name may already say its points are unknown.
        t.caption = t.caption.map(|c| {
            if c.contains("分值未知") {
                format!("{c}(不列分值)")
            } else {
                format!("{c}(该指标体系各项分值未知,不列分值)")
            }
        });
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_and_dates() {
        assert_eq!(cn_numeral(1), "一");
        assert_eq!(cn_numeral(10), "十");
        assert_eq!(cn_numeral(13), "十三");
        assert_eq!(cn_numeral(23), "二十三");
        assert_eq!(chinese_date("2025-08-04"), "2025年8月4日");
    }
}
