//! 一、(二) 部门整体收支情况: the year's budget and spending against last year's, the
//! 预决算差异表 with the reasons for its differences, the expenditure structure, and the
//! budget charts.
//!
//! Every total, difference and rate is computed from the record's figures here (by
//! `jixiao_core::calc`), never copied from a stated one — except in a report written in spite
//! of errors (`as_filed`), which prints what the record states where it states it.

use jixiao_core::figure::Figure;
use jixiao_core::num::format_fixed;
use jixiao_core::value::{Amount, Percent};
use jixiao_core::{Decimal, calc, classes};

use crate::model::{Block, Table};
use crate::sentences::TemplateError;

use super::format::{WAN, cn_numeral, money, money_dec, rate};
use super::{ReportBuilder, absent};

/// A class in the structure paragraph: code, name, amount, stated share.
type StructureClass<'a> = (&'a str, &'a str, &'a Amount, Option<Percent>);

/// A stated rate as written (`93.61%`).
fn percent(p: Percent) -> String {
    format!("{}%", format_fixed(p.0, 2))
}

fn change_words(d: Decimal) -> (String, String) {
    if d < Decimal::ZERO { ("减少".into(), "下降".into()) } else { ("增加".into(), "增长".into()) }
}

pub(super) fn finances(b: &mut ReportBuilder<'_>, charts: Option<&crate::fonts::Fonts>) -> Result<(), TemplateError> {
    let r = b.r;
    let f = &r.finance;
    b.out.heading(2, "(二)部门整体收支情况");
    b.out.heading(3, "1.部门整体收入。");
    match (f.budget_initial, f.budget_last_year) {
        (Some(bi), Some(bl)) => {
            let ch = calc::change_amount(bi.figure_in(WAN), bl.figure_in(WAN)).map(|x| x.face).unwrap_or_default();
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
                        rate(calc::change_rate(bi.figure_in(WAN), bl.figure_in(WAN)))
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
        let sum: Decimal = t.rows.iter().map(|row| row.actual.figure_in(WAN).face).sum();
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
                    (
                        "rate",
                        rate(calc::execution_rate(a.figure_in(WAN), bi.figure_in(WAN))).unwrap_or_else(|| "—".into()),
                    ),
                ],
            )?;
            if let Some(reason) = &f.variance_reason {
                text.push_str(&b.fill("reason", &[("reason", reason.clone())])?);
            }
            b.out.para(text);
            if let Some(l) = f.actual_last_year {
                let ch = calc::change_amount(a.figure_in(WAN), l.figure_in(WAN)).map(|x| x.face).unwrap_or_default();
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
                            rate(calc::change_rate(a.figure_in(WAN), l.figure_in(WAN)))
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
        ..Default::default()
    };
    let (mut sb, mut sa) = (Decimal::ZERO, Decimal::ZERO);
    for row in &t.rows {
        let (bf, af) = (row.budget.figure_in(WAN), row.actual.figure_in(WAN));
        sb += bf.face;
        sa += af.face;
        let name = classes::by_code(&row.code).map_or(row.name.clone(), |c| c.name.to_string());
        let filed = b.as_filed;
        table.rows.push(vec![
            row.code.clone(),
            name,
            money(&row.budget),
            money(&row.actual),
            row.variance_stated.filter(|_| filed).map_or_else(|| money_dec(bf.face - af.face), |v| money(&v)),
            row.execution_rate_stated
                .filter(|_| filed)
                .map(percent)
                .or_else(|| rate(calc::execution_rate(af, bf)).map(|x| format!("{x}%")))
                .unwrap_or_else(|| "-".into()),
        ]);
    }
    let stated = t.total.as_ref().filter(|_| b.as_filed);
    table.rows.push(vec![
        String::new(),
        "合计".into(),
        stated.and_then(|s| s.budget).map_or_else(|| money_dec(sb), |v| money(&v)),
        stated.and_then(|s| s.actual).map_or_else(|| money_dec(sa), |v| money(&v)),
        stated.and_then(|s| s.variance).map_or_else(|| money_dec(sb - sa), |v| money(&v)),
        stated
            .and_then(|s| s.execution_rate)
            .map(percent)
            .or_else(|| rate(calc::execution_rate(Figure::exact(sa), Figure::exact(sb))).map(|x| format!("{x}%")))
            .unwrap_or_else(|| "-".into()),
    ]);
    b.out.blocks.push(Block::Table(table));
    let reasons: Vec<String> = t
        .rows
        .iter()
        .filter_map(|row| row.reason.as_ref().map(|reason| (row, reason)))
        .enumerate()
        .map(|(i, (row, reason))| {
            // 决算数 against 预算数: more or less than budgeted.
            let diff = row.actual.figure_in(WAN).face - row.budget.figure_in(WAN).face;
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
    // Each class with its amount and stated share (if any), and the total shares are taken of:
    // as filed, the paragraph's own figures where the record states them; otherwise the table's.
    let stated = r.expenditure_structure.as_ref().filter(|st| b.as_filed && !st.items.is_empty());
    let (classes_listed, total): (Vec<StructureClass<'_>>, String) = match stated {
        Some(st) => (
            st.items.iter().map(|i| (i.code.as_str(), i.name.as_str(), &i.amount, i.share_stated)).collect(),
            st.total.map_or_else(|| money_dec(sa), |a| money(&a)),
        ),
        None => (
            t.rows
                .iter()
                .filter(|row| !row.actual.value.is_zero())
                .map(|row| (row.code.as_str(), row.name.as_str(), &row.actual, None))
                .collect(),
            money_dec(sa),
        ),
    };
    let base = stated.and_then(|st| st.total).map_or(Figure::exact(sa), |a| a.figure_in(WAN));
    let items: Vec<String> = classes_listed
        .into_iter()
        .map(|(code, name, amount, share)| {
            let share = share
                .map(|p| format_fixed(p.0, 2))
                .or_else(|| rate(calc::structure_share(amount.figure_in(WAN), base)))
                .unwrap_or_else(|| "—".into());
            b.fill(
                "structure_item",
                &[
                    ("name", classes::by_code(code).map_or_else(|| name.to_string(), |c| c.name.to_string())),
                    ("amount", money(amount)),
                    ("share", share),
                ],
            )
        })
        .collect::<Result<_, _>>()?;
    let text = b.fill("structure", &[("year", b.year.clone()), ("total", total), ("items", items.join(","))])?;
    b.out.para(text);
    if let Some(fonts) = charts {
        b.out.blocks.extend(crate::charts::budget_charts(t, fonts));
    }
    Ok(())
}
