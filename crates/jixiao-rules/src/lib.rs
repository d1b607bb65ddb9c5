//! # jixiao-rules
//!
//! The rule registry: many small checks over a record, each as a reviewer at the finance
//! bureau would make it. Every rule lives in its own file under `rules/<group>/`, has a stable
//! code that is never reused, a name, a default severity (error: must be fixed; warning: must
//! be explained) and a Chinese explanation (检查内容 / 为什么 / 示例 / 如何修改) that
//! `jixiao explain CODE` prints and `docs/rules/` publishes.
//!
//! Rules read a [`Context`] (the record, and the indicator system with its score sheet when
//! one is known) and push [`Finding`]s that point at figures by field path. They compare
//! stated figures with computed ones through `jixiao_core::figure::compare`, so a figure that
//! is right up to its rounding never raises a finding.
//!
//! This crate does not read files or render output.

use jixiao_core::Record;
use jixiao_core::finding::{Finding, Pointer, Severity, sort_findings};
use jixiao_core::generic::GenericFigures;
use jixiao_core::project_summary::SummaryRow;
use jixiao_core::schema::view::RecordView;
use jixiao_core::scoring::ScoreSheet;
use jixiao_core::system::IndicatorSystem;

pub use judge::score;

pub mod judge;
pub mod reading;
pub mod rules;
mod support;

/// What a rule is: its code, name, severity and explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// Stable code, e.g. `A001`; never reused for another rule.
    pub code: &'static str,
    /// snake_case name of the fault it finds, e.g. `total_not_sum_of_rows`.
    pub name: &'static str,
    /// Short Chinese title, e.g. `合计与分项之和不符`.
    pub title: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// The Chinese explanation (Markdown), with the headings 检查内容 / 为什么 / 示例 / 如何修改.
    pub doc: &'static str,
}

impl RuleInfo {
    /// The explanation with the one-space indent of doc comments removed.
    pub fn explanation(&self) -> String {
        self.doc.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n").trim().to_string()
    }
}

/// What a rule reads.
pub struct Context<'a> {
    /// The record checked.
    pub record: &'a Record,
    /// The indicator system, when known.
    pub system: Option<&'a IndicatorSystem>,
    /// The record scored against the system, when known.
    pub sheet: Option<ScoreSheet>,
    /// Generic facts read from a report (audit only).
    pub facts: Option<&'a GenericFigures>,
    /// The record's figures by field path, as the schema describes them.
    pub view: RecordView,
    /// A department's projects summed up (every project it lists, by file or inline, in
    /// order), when the caller read them; `None`: only the inline ones are known.
    pub projects: Option<&'a [SummaryRow]>,
}

impl<'a> Context<'a> {
    /// A context; scores the record if a system is given.
    pub fn new(record: &'a Record, system: Option<&'a IndicatorSystem>) -> Context<'a> {
        Context::with_view(record, RecordView::new(record), system)
    }

    /// A context over `view`, the view of `record` a caller already made; scores the record
    /// (through the same view) if a system is given.
    pub fn with_view(record: &'a Record, view: RecordView, system: Option<&'a IndicatorSystem>) -> Context<'a> {
        let sheet = system.map(|s| judge::score_in(&view, record, s));
        Context { record, system, sheet, facts: None, view, projects: None }
    }
}

/// A rule.
pub trait Rule: Sync {
    /// Its code, name, severity and explanation.
    fn info(&self) -> &'static RuleInfo;
    /// Looks at the record and reports what it finds.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>);
}

/// Declares a rule struct whose doc comment is its Chinese explanation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            code: $code:literal,
            name: $rname:literal,
            title: $title:literal,
            severity: $sev:ident $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            /// This rule's code, name, severity and explanation.
            pub const INFO: $crate::RuleInfo = $crate::RuleInfo {
                code: $code,
                name: $rname,
                title: $title,
                severity: jixiao_core::finding::Severity::$sev,
                doc: concat!($($doc, "\n"),*),
            };
        }
    };
}
pub(crate) use declare_rule;

/// Starts a finding of rule `info` at its default severity.
pub fn finding(info: &RuleInfo, message: String, primary: Pointer) -> Finding {
    Finding {
        code: info.code.to_string(),
        rule: info.name.to_string(),
        severity: info.severity,
        message,
        help: None,
        primary,
        related: Vec::new(),
        stated: None,
        computed: None,
        tolerance: None,
    }
}

/// Every rule, in code order.
pub fn registry() -> &'static [&'static dyn Rule] {
    rules::ALL
}

/// The rule with this code (case-insensitive) or name.
pub fn find_rule(key: &str) -> Option<&'static dyn Rule> {
    let k = key.trim();
    registry().iter().copied().find(|r| r.info().code.eq_ignore_ascii_case(k) || r.info().name == k)
}

/// The description of a rule or of a reading finding (W001…) with this code or name.
pub fn find_info(key: &str) -> Option<&'static RuleInfo> {
    find_rule(key).map(|r| r.info()).or_else(|| reading::find_reading(key))
}

/// Every rule's description, then the reading findings'.
pub fn all_infos() -> impl Iterator<Item = &'static RuleInfo> {
    registry().iter().map(|r| r.info()).chain(reading::READING.iter())
}

/// Runs every rule and returns the findings, errors first.
pub fn check(record: &Record, system: Option<&IndicatorSystem>) -> Vec<Finding> {
    check_with_facts(record, system, None)
}

/// Runs every rule, the generic ones on `facts` too, and returns the findings, errors first.
pub fn check_with_facts(
    record: &Record,
    system: Option<&IndicatorSystem>,
    facts: Option<&GenericFigures>,
) -> Vec<Finding> {
    let mut cx = Context::new(record, system);
    cx.facts = facts;
    run(&cx)
}

/// Runs every rule on a department record with its projects summed up (`projects`: every
/// project it lists, by file or inline, in its order), so that what it states about them is
/// checked against their records too; errors first.
pub fn check_with_projects(record: &Record, system: Option<&IndicatorSystem>, projects: &[SummaryRow]) -> Vec<Finding> {
    let mut cx = Context::new(record, system);
    cx.projects = Some(projects);
    run(&cx)
}

/// As [`check_with_projects`] (or [`check`] when `projects` is `None`), also giving back the
/// judged score sheet the rules looked at (as [`score`] makes it), so that a caller that shows
/// the sheet does not score the record a second time.
pub fn check_and_score(
    record: &Record,
    system: Option<&IndicatorSystem>,
    projects: Option<&[SummaryRow]>,
) -> (Vec<Finding>, Option<ScoreSheet>) {
    check_and_score_in(record, RecordView::new(record), system, projects)
}

/// [`check_and_score`] over `view`, the view of `record` a caller already made (to count what
/// it holds, say): the record is written out for its view once.
pub fn check_and_score_in(
    record: &Record,
    view: RecordView,
    system: Option<&IndicatorSystem>,
    projects: Option<&[SummaryRow]>,
) -> (Vec<Finding>, Option<ScoreSheet>) {
    let mut cx = Context::with_view(record, view, system);
    cx.projects = projects;
    let findings = run(&cx);
    (findings, cx.sheet)
}

/// Runs only the rules with these codes on a record, without an indicator system (nothing is
/// scored): for a caller that already knows which rules it asks about (the 汇总 naming the
/// units whose own records break the rule the sum breaks); errors first.
pub fn check_only(record: &Record, codes: &[&str]) -> Vec<Finding> {
    let cx = Context::new(record, None);
    run_rules(&cx, registry().iter().copied().filter(|r| codes.contains(&r.info().code)))
}

/// Runs every rule on `cx`; errors first.
fn run(cx: &Context<'_>) -> Vec<Finding> {
    run_rules(cx, registry().iter().copied())
}

/// Runs `rules` on `cx`; errors first.
fn run_rules<'r>(cx: &Context<'_>, rules: impl Iterator<Item = &'r dyn Rule>) -> Vec<Finding> {
    let limits = jixiao_core::limits::Limits::default();
    let mut out = Vec::new();
    for rule in rules {
        let before = out.len();
        rule.check(cx, &mut out);
        cap(&mut out, before, rule.info(), limits.max_findings_per_rule);
    }
    sort_findings(&mut out);
    out
}

/// Keeps at most `most` of the findings a rule pushed after `before`; the rest become one
/// finding that says how many more there are, at the first one left out.
fn cap(out: &mut Vec<Finding>, before: usize, info: &RuleInfo, most: usize) {
    let n = out.len() - before;
    if n <= most {
        return;
    }
    let first_left_out = out[before + most].primary.clone();
    out.truncate(before + most);
    let mut f = finding(
        info,
        format!("“{}”还有 {} 处同类问题未逐一列出(每条规则最多列出 {most} 处)", info.title, n - most),
        first_left_out,
    );
    f.help = Some("先改正已列出的问题后再检查,其余问题会随之列出".into());
    out.push(f);
}

/// The documentation page of a rule (`docs/rules/<CODE>-<name>.md`).
pub fn doc_page(info: &RuleInfo) -> String {
    format!(
        "# {} {}\n\n- 代码:`{}`\n- 名称:`{}`\n- 级别:{}\n\n{}\n",
        info.code,
        info.title,
        info.code,
        info.name,
        match info.severity {
            Severity::Error => "错误(须改正)",
            Severity::Warning => "警告(须说明)",
        },
        info.explanation().replace("## ", "### ")
    )
}

/// The index of the rule pages (`docs/rules/README.md`).
pub fn doc_index() -> String {
    let mut s = String::from(
        "# 检查规则\n\n本目录由 `cargo test -p jixiao-rules --test generated` 生成,请勿手改;\
         修改规则的文档注释后运行 `JIXIAO_UPDATE=1 cargo test -p jixiao-rules --test generated`。\n\n\
         | 代码 | 名称 | 级别 | 说明 |\n| --- | --- | --- | --- |\n",
    );
    for i in all_infos() {
        s.push_str(&format!(
            "| [{}]({}-{}.md) | `{}` | {} | {} |\n",
            i.code,
            i.code,
            i.name,
            i.name,
            i.severity.name_zh(),
            i.title
        ));
    }
    s
}
