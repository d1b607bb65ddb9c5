//! What a project report says in words that the project spent in all
//! (`本项目共完成预算资金 89.97 万元`), kept beside the 全年执行数 of the report's funds block so
//! that rule G009 can compare them.
//!
//! An amount counts when the words right before it (back to the previous figure or clause
//! stop) say it was spent (`完成`, `支出`,
//! `执行`, `使用`, `支付`, `拨付`) and that it is the whole (`共`, `累计`, `全年`, `合计`,
//! `总计`, `本项目`, `该项目`), and do not make it a plan, an allocation or a part
//! (`计划`, `申请`, `下达`, `安排`, `其中`, `用于`, `结余`, `结转`, `剩余`, `未`).
//! Read only when the report has a funds block with a 全年执行数.

use jixiao_core::Span;
use jixiao_core::figure::Figure;
use jixiao_core::generic::SpendingStatement;
use jixiao_core::num::MoneyUnit;
use jixiao_core::project::ProjectRecord;
use jixiao_core::record::DeptRecord;
use jixiao_core::source::Place;
use jixiao_core::value::Amount;

use crate::Extracted;
use crate::reader::Reader;
use crate::text::Includes;

const SPENT: &[&str] = &["完成", "支出", "执行", "使用", "支付", "拨付"];
const WHOLE: &[&str] = &["共", "累计", "全年", "合计", "总计", "本项目", "该项目"];
const NOT_SPENT: &[&str] =
    &["计划", "申请", "下达", "安排", "其中", "用于", "结余", "结转", "剩余", "未", "预计", "到位"];

fn has(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.includes(w))
}

/// Adds the statements to the department reading's generic figures, with the spans of the
/// statement and of the form's figures it is compared with.
pub fn read(r: &Reader<'_>, project: &Extracted<ProjectRecord>, dept: &mut Extracted<DeptRecord>) {
    let funds = &project.record.funds;
    let rows = std::iter::once(("funds.total".to_string(), &funds.total))
        .chain(funds.parts.iter().enumerate().map(|(i, p)| (format!("funds.parts[{i}]"), p)));
    let form: Vec<(String, Figure, Span)> = rows
        .filter_map(|(path, row)| {
            let a = row.actual.as_ref()?;
            let Some(Place::Text(span)) = project.map.get(&format!("{path}.actual")) else { return None };
            Some((row.label.clone(), a.figure_in(MoneyUnit::WanYuan), *span))
        })
        .collect();
    if form.is_empty() {
        return;
    }
    for s in r.sentences() {
        for t in r.tokens_in(s) {
            let Some(unit) = t.money() else { continue };
            if t.cmp.is_some() {
                continue;
            }
            // The clause before the amount, back to the previous figure or clause stop.
            let label = r.label_str(t, s.start);
            // `共` right before the clause is trimmed from the label as a filler word.
            let whole = has(label, WHOLE) || r.text(&(s.start..t.start)).ends_with(&format!("共{label}"));
            if !has(label, SPENT) || !whole || has(label, NOT_SPENT) {
                continue;
            }
            let i = dept.generic.spending.len();
            let path = format!("facts.spending[{i}]");
            dept.map.insert_span(format!("{path}.stated"), r.span(t));
            let mut compared = Vec::new();
            for (j, (row, fig, span)) in form.iter().enumerate() {
                let p = format!("{path}.form[{j}]");
                dept.map.insert_span(p.clone(), *span);
                compared.push((row.clone(), *fig, p));
            }
            dept.generic.spending.push(SpendingStatement {
                label: label.to_string(),
                stated: Amount { value: t.value, unit }.figure_in(MoneyUnit::WanYuan),
                as_written: Figure::stated(t.value),
                form: compared,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    fn spending(narrative: &str) -> Vec<String> {
        let text = format!(
            "项目资金(万元)\t年初预算数\t全年预算数\t全年执行数\n年度资金总额\t0\t0\t0\n\
             其中:本年财政拨款\t50\t48.236\t48.236\n\n{narrative}\n"
        );
        crate::report::read(text).dept.generic.spending.iter().map(|s| s.stated.face.to_string()).collect()
    }

    #[test]
    fn what_the_project_spent_in_all_is_read_beside_the_form() {
        assert_eq!(spending("本项目共完成预算资金48.24万元。"), ["48.24"]);
        assert_eq!(spending("项目资金共完成482400元。"), ["48.2400"]);
        assert_eq!(spending("全年累计支出资金30万元,其中设备购置20万元。"), ["30"]);
    }

    #[test]
    fn plans_allocations_and_parts_are_not_read() {
        assert!(spending("本项目共申请预算资金50万元。").is_empty());
        assert!(spending("共下达资金50万元,其中支出20万元。").is_empty());
        assert!(spending("设备购置支出20万元。").is_empty());
        assert!(spending("全年计划支出资金50万元。").is_empty());
    }
}
