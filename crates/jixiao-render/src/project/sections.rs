//! The project self-evaluation report's sections (`--full`), after the form: 一、项目概况,
//! 二、绩效目标, 三、自评结果, 四、偏差原因, 五、问题和改进措施. Figures are computed from the
//! record and its score sheet as in the form; the texts are the record's as written; a part
//! the record has nothing for says 未填报 and is a gap of a final document.

use jixiao_core::calc;
use jixiao_core::project::ProjectRecord;
use jixiao_core::scoring::ScoreSheet;

use crate::build::Gap;
use crate::build::format::{WAN, fmt_score, money, rate};
use crate::model::Report;

/// Appends the sections to `out`; what a final document would lack goes to `gaps`.
pub(super) fn sections(out: &mut Report, r: &ProjectRecord, sheet: Option<&ScoreSheet>, gaps: &mut Vec<Gap>) {
    let h = &r.header;
    // The report starts on the page after the form.
    out.blocks.push(crate::model::Block::PageBreak);
    out.heading(1, "一、项目概况");
    let implementer = h.implementer.as_deref().filter(|s| !s.trim().is_empty());
    let who = match implementer {
        Some(i) if i != h.department => format!("由{}主管、{i}实施", h.department),
        _ => format!("由{}实施", h.department),
    };
    let t = &r.funds.total;
    let mut funds = format!("“{}”{who}。", h.project);
    if let Some(a) = &t.budget_initial {
        funds.push_str(&format!("{}年度资金总额年初预算数为{}万元。", h.year, money(a)));
    }
    // The rate in a sentence of its own with the two figures it is computed from (a reader
    // pairs a rate with the first budget of its sentence).
    let amounts: Vec<String> = [("全年预算数", t.budget_full_year), ("全年执行数", t.actual)]
        .iter()
        .filter_map(|(name, a)| a.as_ref().map(|a| format!("{name}{}万元", money(a))))
        .collect();
    if !amounts.is_empty() {
        funds.push_str(&amounts.join(","));
        if let (Some(a), Some(b)) = (t.actual, t.budget_full_year)
            && let Some(x) = rate(calc::execution_rate(a.figure_in(WAN), b.figure_in(WAN)))
        {
            funds.push_str(&format!(",执行率{x}%"));
        }
        funds.push('。');
    }
    out.para(funds);

    out.heading(1, "二、绩效目标");
    match r.goals.as_ref().and_then(|g| g.expected.as_deref()).filter(|t| !t.trim().is_empty()) {
        Some(text) => out.para(format!("年度总体目标:{text}")),
        None => {
            out.note("年度总体目标未填报。");
            gaps.push(Gap::named("goals.expected", "预期目标"));
        }
    }
    if !r.indicators.is_empty() {
        let mut kinds: Vec<(String, usize)> = Vec::new();
        for x in &r.indicators {
            match kinds.iter_mut().find(|(k, _)| *k == x.level1) {
                Some((_, n)) => *n += 1,
                None => kinds.push((x.level1.clone(), 1)),
            }
        }
        let list: Vec<String> = kinds.iter().map(|(k, n)| format!("{k}{n}个")).collect();
        out.para(format!("项目共设三级绩效指标{}个,其中{}。", r.indicators.len(), list.join("、")));
    }

    out.heading(1, "三、自评结果");
    if let Some(s) = sheet.filter(|s| s.scored) {
        let max = s.max_total.map_or_else(String::new, |m| format!("(满分{}分)", fmt_score(m)));
        let grade = s.grade.as_deref().map_or_else(String::new, |g| format!(",评价等级为“{g}”"));
        out.para(format!("项目自评总分{}分{max}{grade}。", fmt_score(s.total)));
        let parts: Vec<String> = s
            .rows
            .iter()
            .filter(|row| row.level == 1)
            .filter_map(|row| {
                let score = row.self_score?;
                let max = row.max_points.map_or_else(String::new, |m| format!("(分值{}分)", fmt_score(m)));
                Some(format!("{}得{}分{max}", row.name, fmt_score(score)))
            })
            .collect();
        if !parts.is_empty() {
            out.para(format!("其中,{}。", parts.join(",")));
        }
    } else {
        out.note("记录中没有自评得分,未能计算总分。");
    }
    if let Some(text) = r.goals.as_ref().and_then(|g| g.achieved.as_deref()).filter(|t| !t.trim().is_empty()) {
        out.para(format!("年度总体目标完成情况:{text}"));
    }

    out.heading(1, "四、偏差原因");
    let mut any = false;
    for x in &r.indicators {
        let missed = x.self_score.0 < x.max_points.0;
        match x.deviation_reason.as_deref().filter(|t| !t.trim().is_empty()) {
            Some(reason) => {
                out.para(format!("“{}”:{reason}", x.name));
                any = true;
            }
            None if missed => {
                out.note(format!("“{}”未取得全部分值,偏差原因未填报。", x.name));
                any = true;
            }
            None => {}
        }
    }
    if !any {
        out.para("各项绩效指标均取得全部分值,无偏差。");
    }

    out.heading(1, "五、问题和改进措施");
    let items = |out: &mut Report,
                 heading: &str,
                 list: &[jixiao_core::record::TextItem],
                 path: &str,
                 name: &str,
                 gaps: &mut Vec<Gap>| {
        out.heading(2, heading);
        if list.is_empty() {
            out.note(format!("{name}未填报。"));
            gaps.push(Gap::named(path, name));
        }
        for (i, item) in list.iter().enumerate() {
            out.para(format!("{}.{}{}", i + 1, item.title, item.text.as_deref().unwrap_or("")));
        }
    };
    items(out, "(一)存在问题", &r.problems, "problems", "存在问题", gaps);
    items(out, "(二)改进措施", &r.recommendations, "recommendations", "改进措施", gaps);
}
