//! What a report states of its evaluation as a whole: the total self-score written as
//! `自评得分` / `综合得分` / `评价得分` N 分 (the `总分` sentences are read in `dept::scores`),
//! and the grade (`自评结果为"优秀"`, `评价等级为优`, `综合评定等级为良`, `自评等级:良好`).
//!
//! Conservative: a total is read only where the clause names the whole evaluation (the
//! department's, the unit's or the project's: `项目自评得分 100 分`, `部门整体支出绩效自评得分`),
//! never one indicator's `(自评 N 分)`; a grade only as one of the grade words right after
//! its label, not inside a list of the bands (`优、良、中、差`).

use std::ops::Range;

use crate::numbers::Token;
use crate::reader::Reader;
use crate::text::Includes;

/// Labels of a total self-score.
const TOTAL_LABELS: &[&str] = &["自评得分", "综合得分", "评价得分", "综合评分", "自评分数"];

/// Words that name the whole evaluation when they end the words before a total's label.
const WHOLE: &[&str] = &["部门整体", "整体", "部门", "单位", "项目"];

/// Labels of a grade.
const GRADE_LABELS: &[&str] =
    &["评价等级", "自评等级", "评定等级", "绩效等级", "等级评定", "自评结果", "评价结果", "评定结果", "综合评定"];

/// Grade words, longest first (`优秀` before `优`).
const GRADE_WORDS: &[&str] = &["不合格", "优秀", "良好", "中等", "合格", "较差", "优", "良", "中", "差"];

/// Words allowed between a label and what it states.
const LINKS: &[&str] = &["被评定为", "被评为", "评定为", "确定为", "定为", "达到", "属于", "为", "是", ":", "\u{ff1a}"];

/// Opening and closing quotes around a stated word.
const QUOTES: &[char] =
    &['\u{201c}', '\u{201d}', '"', '\'', '\u{300c}', '\u{300d}', '\u{300e}', '\u{300f}', '\u{2018}', '\u{2019}'];

/// Clause breaks: the words naming the evaluation are looked for after the last one.
const BREAKS: &[char] = &[',', '\u{ff0c}', ';', '\u{ff1b}', '\u{3002}', '(', '\u{ff08}', ')', '\u{ff09}', '\n'];

/// What follows a label up to the stated figure or word: blanks and linking words skipped.
fn skip_links(mut s: &str) -> &str {
    loop {
        let t = s.trim_start();
        let t = LINKS.iter().find_map(|l| t.strip_prefix(l)).unwrap_or(t);
        if t.len() == s.len() {
            return s;
        }
        s = t;
    }
}

/// Whether a character is a Chinese character.
fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Whether a label at `at` in `flow` is inside an open parenthesis of its sentence (an
/// indicator's `(自评得分 4 分)`).
fn in_parentheses(flow: &str, sentence: &Range<usize>, at: usize) -> bool {
    let before = &flow[sentence.start..at];
    let open = before.rfind(['(', '\u{ff08}']);
    let close = before.rfind([')', '\u{ff09}']);
    match (open, close) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    }
}

/// The total self-score a sentence states for the whole evaluation, if it does: the figure
/// in 分 right after a label of [`TOTAL_LABELS`] whose clause names the department, the unit
/// or the project just before the label (`我校……项目自评得分100分`) or at its start
/// (`部门整体支出绩效评价,综合得分为92分`). Never one inside parentheses, nor in a clause
/// that names an indicator (`指标`).
pub(crate) fn total(r: &Reader<'_>, sentence: &Range<usize>) -> Option<Token> {
    let flow = &r.doc.flow;
    let text = &flow[sentence.clone()];
    for label in TOTAL_LABELS {
        for (i, _) in text.match_indices(label) {
            let at = sentence.start + i;
            if in_parentheses(flow, sentence, at) {
                continue;
            }
            let clause_start =
                text[..i].rfind(BREAKS).map_or(0, |k| k + text[k..].chars().next().map_or(1, char::len_utf8));
            let clause = &text[clause_start..i];
            let names_whole = |s: &str| {
                let s = s.trim_end().trim_end_matches("绩效").trim_end_matches("支出").trim_end_matches("绩效");
                WHOLE.iter().any(|w| s.ends_with(w))
            };
            let whole = if clause.trim().is_empty() {
                // A clause that starts with the label: the sentence before it names the whole.
                let head = &text[..i];
                (head.contains("部门整体") || head.contains("整体支出") || head.contains("项目"))
                    && !head.contains("指标")
            } else {
                names_whole(clause) && !clause.contains("指标")
            };
            if !whole {
                continue;
            }
            let after_label = at + label.len();
            let rest = skip_links(&flow[after_label..sentence.end]);
            let number_at = sentence.end - rest.len();
            if let Some(t) = r.tokens_in(&(number_at..sentence.end)).first()
                && t.start == number_at
                && t.unit == Some("分")
                && !t.percent
            {
                return Some(t.clone());
            }
        }
    }
    None
}

/// The first grade the text states ([`grade`] of the first sentence that has one): a sentence
/// is read only when its signature says it may hold a label (most sentences are ruled out
/// with a few bit tests).
pub(crate) fn first_grade(r: &Reader<'_>) -> Option<(&'static str, Range<usize>)> {
    static LABELS: std::sync::LazyLock<Vec<u128>> =
        std::sync::LazyLock::new(|| GRADE_LABELS.iter().map(|l| crate::reader::signature(l)).collect());
    let flow = r.doc.flow.as_str();
    r.sentences().iter().find_map(|s| {
        let said = r.said(s);
        if LABELS.iter().any(|l| said.may_include(*l)) { grade(flow, s) } else { None }
    })
}

/// The grade a sentence states, as written (`优秀`), and its place in the flow: a word of
/// [`GRADE_WORDS`] right after a label of [`GRADE_LABELS`] (linking words and quotes
/// between), not followed by more of a word (`中央`), nor by a list or a range of bands
/// (`优、良`, `优(90分以上)`).
pub(crate) fn grade(flow: &str, sentence: &Range<usize>) -> Option<(&'static str, Range<usize>)> {
    let text = &flow[sentence.clone()];
    let mut best: Option<(usize, &'static str, Range<usize>)> = None;
    for label in GRADE_LABELS {
        // Most sentences hold no label: ruled out without setting up a search.
        if !text.includes(label) {
            continue;
        }
        for (i, _) in text.match_indices(label) {
            let after_label = sentence.start + i + label.len();
            let rest = skip_links(&flow[after_label..sentence.end]).trim_start_matches(QUOTES).trim_start();
            let word_at = sentence.end - rest.len();
            let Some(word) = GRADE_WORDS.iter().find(|w| rest.starts_with(**w)) else { continue };
            let tail = rest[word.len()..].trim_start_matches(QUOTES);
            let next = tail.chars().next();
            let ends = match next {
                None => true,
                Some(c) if "\u{3001}(\u{ff08}/~\u{ff5e}-\u{2014}".contains(c) || c.is_ascii_digit() => false,
                Some(c) if is_han(c) => "等级档次".contains(c),
                Some(_) => true,
            };
            if ends && best.as_ref().is_none_or(|b| i < b.0) {
                best = Some((i, word, word_at..word_at + word.len()));
            }
        }
    }
    best.map(|(_, w, r)| (w, r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Doc;

    fn total_of(text: &str) -> Option<String> {
        let doc = Doc::new(text.to_string());
        let r = Reader::new(&doc);
        r.sentences().iter().find_map(|s| total(&r, s)).map(|t| t.value.to_string())
    }

    #[test]
    fn the_first_grade_is_that_of_the_first_sentence_stating_one() {
        let text = "评价等级分为优、良、中、差四档。全年完成各项任务。经评定,自评结果为良好。评价等级为优。";
        let doc = Doc::new(text.to_string());
        let r = Reader::new(&doc);
        let (word, at) = first_grade(&r).expect("a grade");
        assert_eq!(word, "良好");
        assert_eq!(&doc.flow[at], "良好");
        let none = Doc::new("没有等级的句子。评价结果另行公布。".to_string());
        assert_eq!(first_grade(&Reader::new(&none)), None);
    }

    #[test]
    fn the_first_grade_is_the_first_sentences_grade_in_every_shared_text() {
        let (mut read, mut graded) = (0, 0);
        for (path, text) in crate::shared_texts() {
            let doc = Doc::new(text);
            let r = Reader::new(&doc);
            let direct = r.sentences().iter().find_map(|s| grade(&doc.flow, s));
            graded += usize::from(direct.is_some());
            assert_eq!(first_grade(&r), direct, "{}", path.display());
            read += 1;
        }
        assert!(read == 0 || graded > 0, "{read} texts, none with a grade");
    }

    fn grade_of(text: &str) -> Option<&'static str> {
        let doc = Doc::new(text.to_string());
        let r = Reader::new(&doc);
        r.sentences().iter().find_map(|s| grade(&doc.flow, s)).map(|g| g.0)
    }

    #[test]
    fn a_total_named_for_the_project_or_the_department_is_read() {
        assert_eq!(total_of("经工作组逐项打分,本校图书购置项目自评得分98分,结果较好。").as_deref(), Some("98"));
        assert_eq!(total_of("本局部门整体支出绩效自评得分为91.5分。").as_deref(), Some("91.5"));
        assert_eq!(total_of("对照评分标准,部门整体支出绩效评价,综合得分:87分。").as_deref(), Some("87"));
        assert_eq!(total_of("我单位评价得分 93 分,等级为优。").as_deref(), Some("93"));
    }

    #[test]
    fn an_indicators_score_is_not_the_total() {
        assert_eq!(total_of("(3)资金使用合规性(自评得分4分)。"), None);
        assert_eq!(total_of("产出数量指标自评得分20分。"), None);
        assert_eq!(total_of("项目完成质量自评得分18分。"), None);
        assert_eq!(total_of("自评得分10分。"), None, "a score naming nothing is no total");
        assert_eq!(total_of("本项目自评得分率为95%。"), None);
    }

    #[test]
    fn grades_in_their_usual_phrasings() {
        assert_eq!(grade_of("全面评价后,本项目自评结果为\u{201c}优秀\u{201d}。"), Some("优秀"));
        assert_eq!(grade_of("评价等级为\u{201c}优\u{201d}。"), Some("优"));
        assert_eq!(grade_of("本部门综合评定等级为良。"), Some("良"));
        assert_eq!(grade_of("自评等级\u{ff1a}良好"), Some("良好"));
        assert_eq!(grade_of("该单位绩效评价结果为优,予以通报。"), Some("优"));
        assert_eq!(grade_of("评定结果为不合格。"), Some("不合格"));
    }

    #[test]
    fn words_that_are_not_a_stated_grade() {
        assert_eq!(grade_of("评价结果应用情况良好。"), None);
        assert_eq!(grade_of("绩效评价结果公开性(自评4分)。"), None);
        assert_eq!(grade_of("评价结果为中央财政安排资金提供参考。"), None);
        assert_eq!(
            grade_of("评价等级为\u{201c}优\u{201d}、\u{201c}良\u{201d}、\u{201c}中\u{201d}、\u{201c}差\u{201d}四档。"),
            None
        );
        assert_eq!(grade_of("评价等级:优(90分以上)。"), None);
        assert_eq!(grade_of("自评结果为良好以上的单位。"), None);
    }
}
