//! 部门整体收支情况: the year's budget and actual with last year's and their changes, the
//! 预决算差异表 (a table with 预算数 and 决算数 columns by functional class), and the
//! expenditure structure paragraph (`总支出 X 万元,其中 A 支出 a 万元, …`).
//!
//! Not the figures the indicators rest on (公用经费, 三公经费, 政府采购, …: see
//! [`super::indicators`]) nor tables that are not the budget table ([`super::generic`]).

use std::ops::Range;

use crate::numbers::Token;
use crate::tables::{Role, Table};
use crate::text::Includes;
use jixiao_core::classes;
use jixiao_core::record::{BudgetTable, ClassRow, ExpenditureStructure, StructureItem, TotalRow};
use jixiao_core::value::{Amount, Percent};

use super::{DeptBuilder, amount, has};

pub(super) fn finance(b: &mut DeptBuilder<'_, '_>) {
    let range = b.r.section(2, &["收支情况", "收支", "预算执行情况"]).unwrap_or(0..0);
    for s in b.sentences_in(&range) {
        let text = b.r.said(&s);
        if has(&text, &["三公", "公用经费", "采购"]) {
            continue;
        }
        let toks: Vec<Token> = b.r.tokens_in(&s).to_vec();
        let mut context_actual = None;
        for t in &toks {
            let label = b.r.label_before(t, s.start);
            let last_year = label.includes("上年");
            let is_actual = has(&label, &["执行", "决算", "支出数"]);
            let is_budget = label.includes("预算");
            let change = has(&label, &["增加", "减少", "增长", "下降", "增幅", "减幅", "降幅"]);
            let down = has(&label, &["减少", "下降", "减幅", "降幅"]);
            let f = &mut b.rec.finance;
            if t.percent {
                if change {
                    let v = Percent(if down { -t.value } else { t.value });
                    let (slot, path) = if context_actual == Some(true) {
                        (&mut f.actual_change_rate_stated, "finance.actual_change_rate_stated")
                    } else {
                        (&mut f.budget_change_rate_stated, "finance.budget_change_rate_stated")
                    };
                    if slot.is_none() {
                        *slot = Some(v);
                        b.put(path, t);
                    }
                }
                continue;
            }
            if t.money().is_none() {
                continue;
            }
            let a = amount(t);
            let (slot, path) = if change {
                let actual_change = is_actual || (!is_budget && context_actual == Some(true));
                context_actual = Some(actual_change);
                let v = Amount { value: if down { -a.value } else { a.value }, unit: a.unit };
                let (slot, path) = if actual_change {
                    (&mut f.actual_change_stated, "finance.actual_change_stated")
                } else {
                    (&mut f.budget_change_stated, "finance.budget_change_stated")
                };
                if slot.is_none() {
                    *slot = Some(v);
                    b.put(path, t);
                }
                continue;
            } else if last_year && is_actual {
                context_actual = Some(true);
                (&mut f.actual_last_year, "finance.actual_last_year")
            } else if last_year && is_budget {
                context_actual = Some(false);
                (&mut f.budget_last_year, "finance.budget_last_year")
            } else if is_actual {
                (&mut f.actual, "finance.actual")
            } else if is_budget {
                (&mut f.budget_initial, "finance.budget_initial")
            } else {
                continue;
            };
            if slot.is_none() {
                *slot = Some(a);
                b.put(path, t);
            }
        }
        b.mark_used(s.start);
    }
}

pub(super) fn budget_table(b: &mut DeptBuilder<'_, '_>, tables: &[Table]) {
    for (table_index, table) in tables.iter().enumerate() {
        let Some((h, roles)) = table.header() else { continue };
        let col = |role: Role| roles.iter().position(|r| *r == role);
        let (Some(cb), Some(ca)) = (col(Role::Budget), col(Role::Actual)) else { continue };
        let (cv, cr, cc, cn) = (col(Role::Variance), col(Role::Rate), col(Role::Code), col(Role::Name));
        let mut bt = BudgetTable::default();
        let mut spans: Vec<(String, Range<usize>)> = Vec::new();
        let width = roles.len();
        // Rows with a budget and an actual figure that name no functional class (基本支出,
        // 项目支出): beside them one class row and a 合计 are no class table.
        let mut unclassed = 0usize;
        for row in &table.rows[h + 1..] {
            let cell = |i: Option<usize>| i.and_then(|i| row.cell(i, width));
            let num = |i: Option<usize>| cell(i).and_then(|c| c.token.clone());
            let name_text = cell(cn).map(|c| c.text.clone()).unwrap_or_default();
            let code_text = cell(cc).map(|c| c.text.trim().to_string()).unwrap_or_default();
            let is_total = row.cells.iter().any(|c| c.text.replace(' ', "").includes("合计"));
            if is_total {
                let mut tot = TotalRow::default();
                if let Some(t) = num(Some(cb)) {
                    tot.budget = Some(amount(&t));
                    spans.push(("budget_table.total.budget".into(), t.start..t.end));
                }
                if let Some(t) = num(Some(ca)) {
                    tot.actual = Some(amount(&t));
                    spans.push(("budget_table.total.actual".into(), t.start..t.end));
                }
                if let Some(t) = num(cv) {
                    tot.variance = Some(amount(&t));
                    spans.push(("budget_table.total.variance".into(), t.start..t.end));
                }
                if let Some(t) = num(cr).filter(|t| t.percent) {
                    tot.execution_rate = Some(Percent(t.value));
                    spans.push(("budget_table.total.execution_rate".into(), t.start..t.end));
                }
                bt.total = Some(tot);
                continue;
            }
            let class = classes::by_code(&code_text).or_else(|| classes::by_name(&name_text));
            let (Some(budget), Some(actual)) = (num(Some(cb)), num(Some(ca))) else { continue };
            let Some(class) = class else {
                unclassed += 1;
                continue;
            };
            let i = bt.rows.len();
            let p = format!("budget_table.rows[{i}]");
            spans.push((format!("{p}.code"), cell(cc).or(cell(cn)).map_or(row.range.clone(), |c| c.range.clone())));
            spans.push((format!("{p}.budget"), budget.start..budget.end));
            spans.push((format!("{p}.actual"), actual.start..actual.end));
            let variance = num(cv);
            if let Some(v) = &variance {
                spans.push((format!("{p}.variance_stated"), v.start..v.end));
            }
            let rate = num(cr).filter(|t| t.percent);
            if let Some(rt) = &rate {
                spans.push((format!("{p}.execution_rate_stated"), rt.start..rt.end));
            }
            bt.rows.push(ClassRow {
                code: class.code.to_string(),
                name: class.name.to_string(),
                budget: amount(&budget),
                actual: amount(&actual),
                variance_stated: variance.map(|v| amount(&v)),
                execution_rate_stated: rate.map(|t| Percent(t.value)),
                reason: None,
            });
        }
        // One class row is a table too when a 合计 row closes it (a department with one
        // functional class).
        if bt.rows.len() >= 2 || (bt.rows.len() == 1 && bt.total.is_some() && unclassed == 0) {
            for (path, range) in spans {
                b.put_range(&path, range);
                b.placed += 1;
            }
            b.rec.budget_table = Some(bt);
            b.table_used = Some(table_index);
            return;
        }
    }
}

pub(super) fn structure(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        if b.is_used(s.start) || !b.has_figures(&s) {
            continue;
        }
        let text = b.r.said(&s);
        let Some(qi) = text.find("其中") else { continue };
        let qpos = s.start + qi;
        let toks: Vec<Token> = b.r.tokens_in(&s).iter().filter(|t| t.money().is_some()).cloned().collect();
        let items: Vec<(usize, &Token, &'static classes::FunctionClass)> = toks
            .iter()
            .filter(|t| t.start > qpos)
            .enumerate()
            .filter_map(|(i, t)| classes::by_name(b.r.label_str(t, s.start)).map(|c| (i, t, c)))
            .collect();
        if items.len() < 2 {
            continue;
        }
        let mut es = ExpenditureStructure::default();
        if let Some(total) = toks.iter().rev().find(|t| t.start < qpos) {
            es.total = Some(amount(total));
            b.put("expenditure_structure.total", total);
        }
        for (n, (_, t, class)) in items.iter().enumerate() {
            es.items.push(StructureItem {
                code: class.code.into(),
                name: class.name.into(),
                amount: amount(t),
                share_stated: None,
            });
            b.put(&format!("expenditure_structure.items[{n}].amount"), t);
        }
        b.rec.expenditure_structure = Some(es);
        b.mark_used(s.start);
        return;
    }
}
