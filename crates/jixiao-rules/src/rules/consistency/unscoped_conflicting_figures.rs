//! C002 同一年度的预算数、决算数或支出率有多个数值且未说明口径.

use jixiao_core::figure::Figure;
use jixiao_core::num::MoneyUnit;
use jixiao_core::record::DeptRecord;
use jixiao_core::{Finding, Record};

use crate::support::labelled;
use crate::{Context, Rule, RuleInfo, declare_rule, finding};

declare_rule! {
    /// ## 检查内容
    ///
    /// 同一年度的预算数、决算(支出)数或支出率在报告中出现多个不同数值,
    /// 而不同的数值都没有写明口径(如“财政拨款”“含上年结转”“调整后预算”)。
    /// 写明了口径的数字说明了自己为何不同,不报告。
    /// 涉及:收支情况中的年初预算和执行数、预决算差异表合计、各指标(如“部门预算资金支出率”
    /// “结转结余率”)中引用的预算数、决算数和支出率。
    ///
    /// ## 为什么
    ///
    /// 不同口径的数字并存本身不一定是错误,但读者和审核人无法判断哪个数字用于评分、
    /// 哪个与决算报表一致。口径不清也常常掩盖抄录错误。此项为警告,须在报告中说明。
    ///
    /// ## 示例
    ///
    /// 收支情况写预算 3325.83 万元、执行数 3113.18 万元,资金管理部分却写“全年预算数为
    /// 3296.95 万元,决算数为 3104.33 万元”,两处均未说明口径;支出率先后出现 93.61%、
    /// 94.16% 和 86.49%。
    ///
    /// ## 如何修改
    ///
    /// 在每个数字旁写明口径(例如“财政拨款口径”“含上年结转结余”),
    /// 或统一使用同一口径的数字。
    pub struct UnscopedConflictingFigures {
        code: "C002",
        name: "unscoped_conflicting_figures",
        title: "同一指标多个数值且未说明口径",
        severity: Warning,
    }
}

struct Entry {
    what: String,
    figure: Figure,
    text: String,
    path: String,
    scoped: bool,
}

fn scoped(s: &Option<String>) -> bool {
    s.as_ref().is_some_and(|s| !s.trim().is_empty())
}

/// Whether two entries differ beyond rounding while neither states its scope. A figure that
/// states its scope (`含上年结转`) explains its own difference from the unscoped one.
fn conflicts(entries: &[Entry]) -> bool {
    // Two unscoped intervals fail to meet exactly when the highest lower end is above the
    // lowest upper end.
    let unscoped = entries.iter().filter(|e| !e.scoped);
    let (Some(max_lo), Some(min_hi)) =
        (unscoped.clone().map(|e| e.figure.lo).max(), unscoped.map(|e| e.figure.hi).min())
    else {
        return false;
    };
    max_lo > min_hi
}

fn describe(entries: &[Entry], suffix: &str) -> String {
    let mut order: Vec<&str> = Vec::new();
    let mut groups: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for e in entries {
        let whats = groups.entry(e.text.as_str()).or_insert_with(|| {
            order.push(&e.text);
            Vec::new()
        });
        if !whats.contains(&e.what.as_str()) {
            whats.push(&e.what);
        }
    }
    order.iter().map(|v| format!("{v}{suffix}({})", groups[v].join("、"))).collect::<Vec<_>>().join(";")
}

impl Rule for UnscopedConflictingFigures {
    fn info(&self) -> &'static RuleInfo {
        &Self::INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Record::Dept(r) = cx.record else { return };
        let (budgets, actuals) = money_entries(r);
        if conflicts(&budgets) || conflicts(&actuals) {
            let mut f = finding(
                &Self::INFO,
                format!(
                    "{} 年度预算数、决算数出现不同数值,且未说明口径。预算数:{}。决算数:{}",
                    r.header.year,
                    describe(&budgets, ""),
                    describe(&actuals, "")
                ),
                labelled(
                    budgets
                        .iter()
                        .chain(actuals.iter())
                        .rev()
                        .find(|e| !e.scoped)
                        .map_or(String::new(), |e| e.path.clone()),
                    "未说明口径",
                ),
            );
            f.related =
                budgets.iter().chain(actuals.iter()).map(|e| labelled(e.path.clone(), e.what.clone())).collect();
            f.help = Some("在每处数字旁写明口径(如“财政拨款口径”“含上年结转”),或统一为同一口径".into());
            out.push(f);
        }
        let rates = rate_entries(r);
        if conflicts(&rates) {
            let mut f = finding(
                &Self::INFO,
                format!(
                    "{} 年度支出率(执行率)出现 {} 个不同数值,且未说明口径:{}",
                    r.header.year,
                    distinct(&rates),
                    describe(&rates, "%")
                ),
                labelled(rates.iter().find(|e| !e.scoped).map_or(String::new(), |e| e.path.clone()), "未说明口径"),
            );
            f.related = rates.iter().map(|e| labelled(e.path.clone(), e.what.clone())).collect();
            f.help = Some("写明每个支出率的分子分母口径(如是否含上年结转),或统一口径".into());
            out.push(f);
        }
    }
}

fn distinct(entries: &[Entry]) -> usize {
    entries.iter().map(|e| e.text.as_str()).collect::<std::collections::HashSet<_>>().len()
}

fn money_entries(r: &DeptRecord) -> (Vec<Entry>, Vec<Entry>) {
    let w = MoneyUnit::WanYuan;
    let mut b = Vec::new();
    let mut a = Vec::new();
    let push = |v: &mut Vec<Entry>, what: &str, amt: Option<jixiao_core::value::Amount>, path: &str, sc: bool| {
        if let Some(x) = amt {
            v.push(Entry {
                what: what.into(),
                figure: x.figure_in(w),
                text: x.value.to_string(),
                path: path.into(),
                scoped: sc,
            });
        }
    };
    let fs = scoped(&r.finance.scope);
    push(&mut b, "收支情况", r.finance.budget_initial, "finance.budget_initial", fs);
    push(&mut a, "收支情况", r.finance.actual, "finance.actual", fs);
    if let Some(t) = &r.budget_table {
        let ts = scoped(&t.scope);
        if let Some(tot) = &t.total {
            push(&mut b, "预决算差异表", tot.budget, "budget_table.total.budget", ts);
            push(&mut a, "预决算差异表", tot.actual, "budget_table.total.actual", ts);
        }
    }
    for (i, s) in r.spending_rates.iter().enumerate() {
        let ss = scoped(&s.scope);
        push(&mut b, &s.label, s.budget, &format!("spending_rates[{i}].budget"), ss);
        push(&mut a, &s.label, s.actual, &format!("spending_rates[{i}].actual"), ss);
    }
    if let Some(c) = &r.carryover {
        push(&mut b, "结转结余率", c.budget, "carryover.budget", scoped(&c.scope));
    }
    (b, a)
}

fn rate_entries(r: &DeptRecord) -> Vec<Entry> {
    let mut v = Vec::new();
    let mut push = |what: &str, p: Option<jixiao_core::value::Percent>, path: &str, sc: bool| {
        if let Some(p) = p {
            v.push(Entry {
                what: what.into(),
                figure: p.figure(),
                text: p.0.to_string(),
                path: path.into(),
                scoped: sc,
            });
        }
    };
    if let Some(t) = &r.budget_table
        && let Some(tot) = &t.total
    {
        push("预决算差异表", tot.execution_rate, "budget_table.total.execution_rate", scoped(&t.scope));
    }
    for (i, s) in r.spending_rates.iter().enumerate() {
        push(&s.label, s.rate_stated, &format!("spending_rates[{i}].rate_stated"), scoped(&s.scope));
    }
    if let Some(c) = &r.carryover {
        push("结转结余率部分", c.spending_rate_stated, "carryover.spending_rate_stated", scoped(&c.scope));
    }
    v
}
