//! 自评得分: the stated total (`总分`; else `自评得分`/`综合得分`/`评价得分` N 分 where the
//! sentence names the whole evaluation, [`crate::stated`]), the stated grade, each indicator's
//! `(自评 N 分)` after its heading, and the 加减分 self-score.
//!
//! The indicator system is matched to these names later, in [`crate::audit`]; this module
//! does not score anything.

use crate::numbers::Token;
use crate::text::Includes;
use jixiao_core::record::SelfScore;
use jixiao_core::value::Num;

use super::{DeptBuilder, heading_name};

pub(super) fn scores(b: &mut DeptBuilder<'_, '_>) {
    let flow = &b.r.doc.flow;
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        let text = &flow[s.clone()];
        // The total is stated after its word (`自评总分为96.5分`): a figure before it is
        // another's (a table's `绩效指标(90分)` run into the sentence).
        if b.rec.scoring.stated_total.is_some() {
            break;
        }
        let at = ["总分", "总得分"].iter().filter(|w| text.includes(w)).filter_map(|w| text.find(w)).min();
        if let Some(at) = at.map(|i| s.start + i)
            && let Some(t) = b.r.tokens_in(&s).iter().rev().find(|t| t.unit == Some("分") && t.start >= at)
        {
            let t = t.clone();
            b.rec.scoring.stated_total = Some(Num(t.value));
            b.put("scoring.stated_total", &t);
        }
    }
    stated_total(b);
    stated_grade(b);
    let mut found: Vec<(String, Token)> = Vec::new();
    for (i, _) in flow.match_indices("(自评") {
        let close = flow[i..].find(')').map_or(flow.len(), |j| i + j);
        let inner = i..close;
        let Some(t) = b.r.tokens_in(&inner).iter().find(|t| t.unit == Some("分")).cloned() else { continue };
        let line_start = flow[..i].rfind('\n').map_or(0, |k| k + 1);
        let name = heading_name(&flow[line_start..i]);
        if !name.is_empty() {
            found.push((name, t));
        }
    }
    for (name, t) in found {
        if name.includes("加减分") || name.includes("加分") {
            b.rec.scoring.adjustment = Some(Num(t.value));
            b.put("scoring.adjustment", &t);
            continue;
        }
        let i = b.rec.scoring.scores.len();
        b.put(&format!("scoring.scores[{i}].self_score"), &t);
        b.rec.scoring.scores.push(SelfScore {
            code: String::new(),
            name: Some(name),
            self_score: Num(t.value),
            items_met: vec![],
            tier: None,
            violations: None,
            evidence: None,
        });
    }
}

/// The total stated as `自评得分`/`综合得分`/`评价得分` N 分 for the whole evaluation, when no
/// `总分` sentence stated it: the first such statement. A project's total (a project report
/// read for its department record) is recorded with its place but does not by itself make
/// the text a department self-evaluation.
fn stated_total(b: &mut DeptBuilder<'_, '_>) {
    if b.rec.scoring.stated_total.is_some() {
        return;
    }
    let r = b.r;
    let Some((t, sentence)) = r.sentences().iter().find_map(|s| crate::stated::total(r, s).map(|t| (t, s.clone())))
    else {
        return;
    };
    b.rec.scoring.stated_total = Some(Num(t.value));
    let text = &r.doc.flow[sentence.start..t.start];
    let project = text.includes("项目") && !text.includes("部门") && !text.includes("单位");
    if project {
        b.map.insert_span("scoring.stated_total", r.span(&t));
    } else {
        b.put("scoring.stated_total", &t);
    }
}

/// The grade stated for the evaluation (`自评结果为"优秀"`), the first one, as written.
fn stated_grade(b: &mut DeptBuilder<'_, '_>) {
    let r = b.r;
    if let Some((word, at)) = crate::stated::first_grade(r) {
        b.rec.scoring.stated_grade = Some(word.to_string());
        b.put_range("scoring.stated_grade", at);
    }
}

#[cfg(test)]
mod tests {
    use crate::report::read;

    fn scoring(text: &str) -> (Option<String>, Option<String>, crate::report::Report) {
        let r = read(text.to_string());
        let s = &r.dept.record.scoring;
        (s.stated_total.map(|t| t.0.to_string()), s.stated_grade.clone(), r)
    }

    #[test]
    fn a_departments_total_and_grade_in_prose_are_read_with_their_places() {
        let text = "三、自评结论\n经评价,本局部门整体支出绩效自评得分为92.5分,评价等级为\u{201c}优\u{201d}。\n";
        let (total, grade, r) = scoring(text);
        assert_eq!(total.as_deref(), Some("92.5"));
        assert_eq!(grade.as_deref(), Some("优"));
        let span = r.dept.map.get("scoring.stated_total").expect("total placed");
        assert!(matches!(span, jixiao_core::source::Place::Text(s) if &r.text[s.start..s.end] == "92.5"));
        let grade_at = r.dept.map.get("scoring.stated_grade").expect("grade placed");
        assert!(matches!(grade_at, jixiao_core::source::Place::Text(s) if &r.text[s.start..s.end] == "优"));
        assert!(r.recognised(), "a department's total is a figure of its record");
    }

    #[test]
    fn a_projects_total_and_grade_are_read_without_making_it_a_department_report() {
        let text = "某中学2024年度项目支出绩效自评报告\n一、自评结论\n经自评小组评价,本校设备购置项目自评得分96分,自评结果为\u{201c}优秀\u{201d}。\n";
        let (total, grade, r) = scoring(text);
        assert_eq!(total.as_deref(), Some("96"));
        assert_eq!(grade.as_deref(), Some("优秀"));
        assert!(r.dept.map.get("scoring.stated_total").is_some());
        assert!(!r.recognised());
    }

    #[test]
    fn a_score_before_the_word_total_is_not_the_total() {
        // A form's cells run together into one sentence: the points of a group of indicators,
        // then the instruction naming the total.
        let text = "绩效指标(90分) | 产出指标 | 60 | 效益指标 | 30 | 评价结论 | 结合自评情况说明项目自评总分 |\n";
        assert_eq!(scoring(text).0, None);
    }

    #[test]
    fn the_total_sentence_wins_and_an_indicators_score_is_never_the_total() {
        let text = "1.预算执行率(自评得分9分)。\n本部门整体支出绩效自评总分为88分。\n本部门综合得分90分。\n";
        assert_eq!(scoring(text).0.as_deref(), Some("88"));
        let only_indicator = "1.预算执行率(自评得分9分)。\n2.产出数量指标自评得分18分。\n";
        assert_eq!(scoring(only_indicator).0, None);
    }
}
