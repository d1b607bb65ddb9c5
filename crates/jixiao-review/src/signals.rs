//! Score-inflation and copy signals across a batch, from the review rules (a data file a
//! province can replace: `jixiao review --rules`).
//!
//! Each signal is a warning for the reviewer's attention, not a proof of an error.

use jixiao_pipeline::Decimal;
use serde::Deserialize;

use crate::row::{ReportRow, Status};

/// One signal's code, title and explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignalInfo {
    /// Code (`R001`).
    pub code: &'static str,
    /// Title.
    pub title: &'static str,
    /// What it checks and why, in Chinese.
    pub explanation: &'static str,
}

/// Every signal.
pub static SIGNALS: &[SignalInfo] = &[
    SignalInfo {
        code: "R001",
        title: "自评总分超过执行率允许的上限",
        explanation: "按复核规则,预算执行率低于一定比例时自评总分有上限(默认:执行率 70%–80% 最高 89 分,60%–70% 最高 79 分,低于 60% 最高 69 分,低于 50% 最高 59 分)。执行率按所述数字的舍入区间取最有利于单位的值。",
    },
    SignalInfo {
        code: "R002",
        title: "各项指标均为满分",
        explanation: "读到的各项指标自评得分(至少 5 项)全部等于该指标的满分。全部满分的自评少见,请核对评分依据。",
    },
    SignalInfo {
        code: "R003",
        title: "“存在问题”只写“无”",
        explanation: "报告的“存在问题”一节只写了“无”“暂无”“未发现问题”一类的话(见复核规则 empty_problem_phrases)。自评应如实分析问题及原因。",
    },
    SignalInfo {
        code: "R004",
        title: "报告中出现本批其他单位的名称",
        explanation: "报告中写有本批另一份报告的单位名称,可能是套用其他单位的报告时未改。",
    },
];

/// A signal raised on one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal {
    /// The signal's code.
    pub code: &'static str,
    /// What was found, in Chinese.
    pub message: String,
}

/// One cap: below `below` % execution, at most `max` points.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cap {
    /// Execution rate (%) below which the cap applies.
    pub below: Decimal,
    /// The highest total self-score allowed.
    pub max: Decimal,
}

/// The review rules: caps and phrases (a province's file replaces the built-in one whole).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewRules {
    /// Phrases that say a problems section has no problem.
    #[serde(default)]
    pub empty_problem_phrases: Vec<String>,
    /// Execution-rate caps on the total self-score.
    #[serde(default)]
    pub cap: Vec<Cap>,
}

impl Default for ReviewRules {
    fn default() -> ReviewRules {
        // The bundled file is checked by a test; a broken one would fail there, not here.
        ReviewRules::parse(include_str!("../data/default-rules.toml"))
            .unwrap_or(ReviewRules { empty_problem_phrases: Vec::new(), cap: Vec::new() })
    }
}

impl ReviewRules {
    /// Parses a rules file; the message names the line and column in Chinese.
    pub fn parse(text: &str) -> Result<ReviewRules, String> {
        toml::from_str(text).map_err(|e| {
            let at = e.span().map(|s| {
                let (line, col) = jixiao_pipeline::source::line_col(text, s.start);
                format!("第 {line} 行第 {col} 列:")
            });
            format!("复核规则文件有误:{}{}", at.unwrap_or_default(), e.message())
        })
    }

    /// The cap on the total self-score at an execution rate of `rate` %, if any.
    pub fn cap_at(&self, rate: Decimal) -> Option<Decimal> {
        self.cap.iter().filter(|c| rate < c.below).map(|c| c.max).min()
    }
}

/// The most favourable value inside a stated rate's rounding interval (`75.4` → 75.45).
fn upper(rate: Decimal) -> Decimal {
    let half = Decimal::new(5, rate.scale() + 1);
    rate.checked_add(half).unwrap_or(rate)
}

/// Raises the signals of every report, the batch-wide ones included.
pub(crate) fn apply(reports: &mut [ReportRow], rules: &ReviewRules) {
    let units: Vec<(usize, String)> = reports
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.unit.clone().filter(|u| u.chars().count() >= 4).map(|u| (i, u)))
        .collect();
    for (i, r) in reports.iter_mut().enumerate() {
        if r.status != Status::Checked {
            continue;
        }
        if let (Some(total), Some(rate)) = (r.stated_total, r.execution_rate)
            && let Some(cap) = rules.cap_at(upper(rate))
            && total > cap
        {
            r.signals.push(Signal {
                code: "R001",
                message: format!("自评总分 {total} 分,预算执行率 {}%,按复核规则最高 {cap} 分", rate.round_dp(2)),
            });
        }
        let (full, read) = r.full_marks;
        if read >= 5 && full == read {
            r.signals
                .push(Signal { code: "R002", message: format!("读到的 {read} 项指标自评得分均为满分") });
        }
        let only_none = |t: &String| {
            let t = t.trim().trim_end_matches(['。', '.']);
            rules.empty_problem_phrases.iter().any(|p| p == t)
        };
        if !r.problems.is_empty() && r.problems.iter().all(only_none) {
            r.signals.push(Signal {
                code: "R003", message: format!("“存在问题”只写了“{}”", r.problems[0].trim())
            });
        }
        let own = r.unit.clone().unwrap_or_default();
        for (j, other) in &units {
            let same_unit = !own.is_empty() && (own.ends_with(other.as_str()) || other.ends_with(own.as_str()));
            if *j == i || same_unit {
                continue;
            }
            if r.names.iter().any(|n| n.ends_with(other.as_str())) {
                r.signals.push(Signal {
                    code: "R004", message: format!("报告中写有本批另一单位的名称“{other}”")
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn the_bundled_rules_parse_and_give_the_platforms_caps() {
        let rules = ReviewRules::parse(include_str!("../data/default-rules.toml")).expect("bundled rules");
        assert_eq!(rules.cap_at(d("75")), Some(d("89")));
        assert_eq!(rules.cap_at(d("65")), Some(d("79")));
        assert_eq!(rules.cap_at(d("55")), Some(d("69")));
        assert_eq!(rules.cap_at(d("45")), Some(d("59")));
        assert_eq!(rules.cap_at(d("80")), None);
        assert!(rules.empty_problem_phrases.contains(&"暂无".to_string()));
    }

    #[test]
    fn a_rate_is_judged_at_the_top_of_its_rounding_interval() {
        let rules = ReviewRules::default();
        // 79.96% may be 79.955…79.965: below 80, capped; 79.99 rounds up past 80 at most at 79.995.
        assert_eq!(rules.cap_at(upper(d("79.96"))), Some(d("89")));
        assert_eq!(upper(d("79.9")), d("79.95"));
        assert_eq!(rules.cap_at(upper(d("80"))), None);
    }

    #[test]
    fn a_broken_rules_file_is_named_by_line_and_column() {
        let e = ReviewRules::parse("[[cap]]\nbelow = \"八十\"\nmax = 89\n").expect_err("refused");
        assert!(e.starts_with("复核规则文件有误:第 2 行"), "{e}");
        let e = ReviewRules::parse("[[cap]]\nbelow = 80\nmaximum = 89\n").expect_err("refused");
        assert!(e.contains("第 3 行"), "{e}");
    }
}
