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
    /// Name (`score_above_cap`), as in the page's file name.
    pub name: &'static str,
    /// Title.
    pub title: &'static str,
    /// What it checks and why, in Chinese.
    pub explanation: &'static str,
}

/// Every signal.
pub static SIGNALS: &[SignalInfo] = &[
    SignalInfo {
        code: "R001",
        name: "score_above_cap",
        title: "自评总分超过执行率允许的上限",
        explanation: "按复核规则,预算执行率低于一定比例时自评总分有上限(默认:执行率 70%–80% 最高 89 分,60%–70% 最高 79 分,低于 60% 最高 69 分,低于 50% 最高 59 分)。执行率按所述数字的舍入区间取最有利于单位的值。",
    },
    SignalInfo {
        code: "R002",
        name: "all_full_marks",
        title: "各项指标均为满分",
        explanation: "读到的各项指标自评得分(至少 5 项)全部等于该指标的满分。全部满分的自评少见,请核对评分依据。",
    },
    SignalInfo {
        code: "R003",
        name: "empty_problems",
        title: "“存在问题”只写“无”",
        explanation: "报告的“存在问题”一节只写了“无”“暂无”“未发现问题”一类的话(见复核规则 empty_problem_phrases)。自评应如实分析问题及原因。",
    },
    SignalInfo {
        code: "R004",
        name: "other_unit_in_batch",
        title: "报告中出现本批其他单位的名称",
        explanation: "报告中写有本批另一份报告的单位名称,可能是套用其他单位的报告时未改。",
    },
    SignalInfo {
        code: "R005",
        name: "target_deviation",
        title: "指标偏离:实际完成值远超目标值且未说明",
        explanation: "“不低于”或“等于”类定量目标的实际完成值达到目标值的 130% 以上(见复核规则 deviation_percent;实际值按所述数字舍入区间的下端计,不因舍入误报),报告却没有说明偏差原因。目标定得过低或实际值虚报都会造成这种偏离。",
    },
    SignalInfo {
        code: "R006",
        name: "all_rates_hundred",
        title: "各项目标完成率均恰为 100%",
        explanation: "报告所述的各项目标完成率(至少 5 项,见复核规则 min_rates)全部恰为 100%。完成率全部正好 100% 的情况少见,可能是按目标值倒填实际值。",
    },
    SignalInfo {
        code: "R007",
        name: "full_marks_on_missed_target",
        title: "目标未完成的指标仍得满分",
        explanation: "某项定量目标的实际完成值未达到目标值(超出舍入范围),而名称与之相同或相互包含的评分指标自评为满分。未完成的目标一般应扣分。",
    },
    SignalInfo {
        code: "R008",
        name: "duplicate_paragraphs",
        title: "与本批其他单位的报告有相同或相近的段落",
        explanation: "报告中有段落与本批另一单位报告中的段落相同或高度相似(按 5 字片段的 MinHash 估计后逐对核实,相似度不低于复核规则 duplicate_similarity)。短段落(少于 duplicate_min_chars 字)和本批多数报告共有的段落(标题、套话,见 duplicate_common_percent)不计。",
    },
    SignalInfo {
        code: "R009",
        name: "copied_from_previous_year",
        title: "指标值与上年报告一字不差",
        explanation: "给出上一年度的报告(`--previous`)时,按报告中的单位名称找到同一单位较早年度的报告,按指标名称逐项比较绩效目标:年度指标值和实际完成值都与上年写法完全相同(数字和小数位一致)的指标至少 3 项(复核规则 previous_min_same),且占两年都有指标值和实际值的指标的 80% 以上(previous_same_percent)时提示。实际完成值年年不变,可能是照搬上年报告而未按本年实际填写。",
    },
    SignalInfo {
        code: "R010",
        name: "written_despite_errors",
        title: "报告由 jixiao 在记录有错误时强制生成",
        explanation: "报告末尾有 jixiao 生成时附上的“附注:检查发现的问题”(`jixiao report --force`):所依据的记录经检查有错误,报告仍被生成。这样的报告照录记录填写的数字,正文中的错误就是记录的错误,附注列出了它们。复核时应先看附注,要求单位改正记录后重新生成。",
    },
];

/// The file name of a signal's page in `docs/rules` (`R001-score_above_cap.md`).
pub fn signal_page_name(s: &SignalInfo) -> String {
    format!("{}-{}.md", s.code, s.name)
}

/// A signal's page in `docs/rules`, generated from [`SIGNALS`].
pub fn signal_page(s: &SignalInfo) -> String {
    let lines = [
        format!("# {} {}", s.code, s.title),
        String::new(),
        "本页由 `cargo test -p jixiao-review --test review every_signal` 生成,请勿手改。".into(),
        String::new(),
        format!("`{}` · 复核信号(警告,`jixiao review`)", s.name),
        String::new(),
        "## 检查内容".into(),
        String::new(),
        s.explanation.into(),
        String::new(),
        "信号是提请复核人注意的警告,不等于错误。阈值与用语在复核规则文件中".into(),
        "(内置:`crates/jixiao-review/data/default-rules.toml`,可用 `--rules` 换成本省的文件),".into(),
        "见 [复核一批报告](../review.md)。".into(),
    ];
    lines.join("\n") + "\n"
}

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
    /// An actual at or above this percentage of its target is a deviation (R005).
    #[serde(default = "default_deviation")]
    pub deviation_percent: Decimal,
    /// Completion rates needed before "all exactly 100%" is a signal (R006).
    #[serde(default = "default_min_rates")]
    pub min_rates: usize,
    /// Paragraphs shorter than this (in characters, punctuation and spaces left out) are not
    /// compared across units (R008).
    #[serde(default = "default_min_chars")]
    pub duplicate_min_chars: usize,
    /// The least similarity (percent of shared 5-character pieces) that counts as a duplicate.
    #[serde(default = "default_similarity")]
    pub duplicate_similarity: u32,
    /// A paragraph found in at least this percentage of the batch's units (and at least 3 of
    /// them) is boilerplate, not a copy.
    #[serde(default = "default_common")]
    pub duplicate_common_percent: u32,
    /// Targets whose value and actual are written as last year's needed for R009.
    #[serde(default = "default_previous_min_same")]
    pub previous_min_same: usize,
    /// The least share (%) of the targets comparable across the two years that must be
    /// unchanged for R009.
    #[serde(default = "default_previous_same_percent")]
    pub previous_same_percent: u32,
}

fn default_deviation() -> Decimal {
    Decimal::from(130)
}
fn default_min_rates() -> usize {
    5
}
fn default_min_chars() -> usize {
    40
}
fn default_similarity() -> u32 {
    80
}
fn default_common() -> u32 {
    30
}
fn default_previous_min_same() -> usize {
    3
}
fn default_previous_same_percent() -> u32 {
    80
}

impl Default for ReviewRules {
    fn default() -> ReviewRules {
        // The bundled file is checked by a test; a broken one would fail there, not here.
        ReviewRules::parse(include_str!("../data/default-rules.toml")).unwrap_or_else(|_| {
            ReviewRules::parse("").unwrap_or(ReviewRules {
                empty_problem_phrases: Vec::new(),
                cap: Vec::new(),
                deviation_percent: default_deviation(),
                min_rates: default_min_rates(),
                duplicate_min_chars: default_min_chars(),
                duplicate_similarity: default_similarity(),
                duplicate_common_percent: default_common(),
                previous_min_same: default_previous_min_same(),
                previous_same_percent: default_previous_same_percent(),
            })
        })
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

/// Raises the signals of every report, the batch-wide ones included; returns the
/// near-duplicate paragraphs found between units.
pub(crate) fn apply(reports: &mut [ReportRow], rules: &ReviewRules) -> Vec<crate::duplicates::Duplicate> {
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
        if let Some(n) = r.forced_note
            && n.errors > 0
        {
            r.signals.push(Signal {
                code: "R010",
                message: format!(
                    "报告末尾的附注列出所依据的记录有 {} 个错误、{} 个警告(由 jixiao 在记录有错误时强制生成)",
                    n.errors, n.warnings
                ),
            });
        }
        crate::deviation::check(r, rules);
        crate::all_hundred::check(r, rules);
        crate::full_on_missed::check(r);
    }
    let dups = crate::duplicates::find(reports, rules);
    crate::duplicates::signal(reports, &dups);
    dups
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

#[cfg(test)]
mod target_signals {
    use jixiao_pipeline::record::{Direction, Target};

    use super::*;
    use crate::row::{ReportRow, Status};

    fn target(name: &str, dir: Direction, target: &str, actual: &str) -> Target {
        let dir = match dir {
            Direction::AtLeast => ">=",
            Direction::AtMost => "<=",
            Direction::Exactly => "=",
            Direction::Qualitative => "定性",
        };
        let v = serde_json::json!({"group": "", "name": name, "direction": dir, "target": target, "unit": "人", "actual": actual});
        serde_json::from_value(v).expect("a target")
    }

    fn rated(p: &str) -> Target {
        let v = serde_json::json!({"group": "", "name": "指标", "direction": ">=", "target": "10", "actual": "10", "completion_rate_stated": format!("{p}%")});
        serde_json::from_value(v).expect("a target")
    }

    fn row_with(targets: Vec<Target>) -> ReportRow {
        let mut r = ReportRow::new("a.txt".into(), Status::Checked);
        r.targets = targets;
        r
    }

    fn codes(r: &ReportRow) -> Vec<&'static str> {
        r.signals.iter().map(|s| s.code).collect()
    }

    #[test]
    fn an_actual_of_130_percent_of_its_target_unexplained_is_a_deviation() {
        let rules = ReviewRules::default();
        let mut r = row_with(vec![target("新增就业人数", Direction::AtLeast, "1000", "1301")]);
        crate::deviation::check(&mut r, &rules);
        assert_eq!(codes(&r), vec!["R005"]);
        assert!(r.signals[0].message.contains("新增就业人数"), "{}", r.signals[0].message);
        // 129.9% is not; an explained deviation is not; a ≤ target far exceeded is a miss, not a deviation.
        let mut explained = target("培训人次", Direction::AtLeast, "100", "200");
        explained.deviation_reason = Some("上级追加培训任务".into());
        let mut r = row_with(vec![
            target("新增就业人数", Direction::AtLeast, "1000", "1299"),
            explained,
            target("投诉件数", Direction::AtMost, "10", "20"),
        ]);
        crate::deviation::check(&mut r, &rules);
        assert!(r.signals.is_empty(), "{:?}", r.signals);
    }

    #[test]
    fn a_rounded_actual_raises_no_deviation_unless_all_its_values_do() {
        let rules = ReviewRules::default();
        // 13 may be 12.5 and 13.0 may be 12.95: below 130% of 10 by rounding alone.
        for actual in ["13", "13.0"] {
            let mut r = row_with(vec![target("覆盖乡镇数", Direction::AtLeast, "10", actual)]);
            crate::deviation::check(&mut r, &rules);
            assert!(r.signals.is_empty(), "{actual}: {:?}", r.signals);
        }
        let mut r = row_with(vec![target("覆盖乡镇数", Direction::AtLeast, "10", "13.1")]);
        crate::deviation::check(&mut r, &rules);
        assert_eq!(codes(&r), vec!["R005"]);
    }

    #[test]
    fn completion_rates_all_exactly_100_are_a_signal_from_the_fifth_on() {
        let rules = ReviewRules::default();
        let mut r = row_with((0..5).map(|_| rated("100.00")).collect());
        crate::all_hundred::check(&mut r, &rules);
        assert_eq!(codes(&r), vec!["R006"]);
        let mut r = row_with((0..4).map(|_| rated("100")).collect());
        crate::all_hundred::check(&mut r, &rules);
        assert!(r.signals.is_empty());
        let mut r = row_with((0..5).map(|i| rated(if i == 0 { "99.5" } else { "100" })).collect());
        crate::all_hundred::check(&mut r, &rules);
        assert!(r.signals.is_empty());
    }

    #[test]
    fn full_marks_on_an_indicator_whose_target_was_missed_is_a_signal() {
        let mut r = row_with(vec![
            target("城镇新增就业人数", Direction::AtLeast, "5000", "4800"),
            target("职业技能培训人次", Direction::AtLeast, "300", "300"),
        ]);
        r.full_mark_names = vec!["城镇新增就业人数完成率".into(), "职业技能培训人次".into()];
        crate::full_on_missed::check(&mut r);
        assert_eq!(codes(&r), vec!["R007"]);
        assert!(r.signals[0].message.contains("城镇新增就业人数完成率"));
        // Missed only by rounding (4999.6 may be 5000 written as 5000): no signal.
        let mut r = row_with(vec![target("城镇新增就业人数", Direction::AtLeast, "5000", "5000")]);
        r.full_mark_names = vec!["城镇新增就业人数".into()];
        crate::full_on_missed::check(&mut r);
        assert!(r.signals.is_empty());
    }
}
