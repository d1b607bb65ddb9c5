//! A department report's figures, put into the department record.
//!
//! Each slot of the record is filled from the sentence, paragraph or table where these
//! reports state it, found by the words around the figure (the label), not by position:
//! `年初预算总数 … 万元`, `实有在职人员 … 人(其中 …)`, `(自评 4 分)`. Every figure put in the
//! record gets its span in the document text in the [`SourceMap`], so the rules' findings
//! point at the exact figures. What fits no slot is left to the generic figures.
//!
//! [`extract`] runs the parts in a fixed order (a sentence read into one slot is not read
//! again by a later one), one module each: `header`, `organization`, `staffing`, `finance`,
//! `targets`, `plans`, `indicators`, `results`, `scores`, `breakdowns` and `weights`, then `generic`
//! and `shares` (shares of a total, counts of indicators by level) and `variance` (a class's
//! spending against its budget stated in words) and `restated` (a table row's figure stated
//! elsewhere).
//! This module holds the builder they share and the helpers more than one of them uses; it
//! does not read the text itself (that is [`crate::reader`]) nor judge the figures (that is
//! the rules).

use std::ops::Range;

use crate::Extracted;
use crate::numbers::Token;
use crate::reader::Reader;
use crate::tables::Table;
use crate::text::Includes;
use jixiao_core::Decimal;
use jixiao_core::generic::GenericFigures;
use jixiao_core::num::MoneyUnit;
use jixiao_core::record::{DeptRecord, Finance, Header, Organization, RecordKind, Scoring, Staffing};
use jixiao_core::source::SourceMap;
use jixiao_core::value::Amount;

mod breakdowns;
mod finance;
mod generic;
mod header;
mod indicators;
mod organization;
mod plans;
mod restated;
mod results;
mod scores;
mod shares;
mod staffing;
mod targets;
mod variance;
mod weights;

/// Reads a department report into a [`DeptRecord`].
pub fn extract(r: &Reader<'_>, tables: &[Table]) -> Extracted<DeptRecord> {
    let rec = DeptRecord {
        kind: RecordKind::DeptEvaluation,
        indicator_system: None,
        header: Header::default(),
        duties: vec![],
        organization: Organization::default(),
        staffing: Staffing::default(),
        finance: Finance::default(),
        budget_table: None,
        expenditure_structure: None,
        targets: vec![],
        claims: vec![],
        projects: None,
        spending_rates: vec![],
        carryover: None,
        treasury: None,
        procurement: None,
        assets: None,
        operating_expenses: None,
        three_public_expenses: None,
        key_work: None,
        budget_adjustment: None,
        arbitration: None,
        breakdowns: vec![],
        facts: vec![],
        scoring: Scoring::default(),
        problems: vec![],
        recommendations: vec![],
        result_use: None,
        other_matters: None,
    };
    let mut b = DeptBuilder {
        r,
        rec,
        map: SourceMap::default(),
        placed: 0,
        used: vec![false; r.sentences().len()],
        table_used: None,
        target_range: None,
        generic: GenericFigures::default(),
    };
    header::header(&mut b);
    organization::budget_scope(&mut b);
    organization::counted_lists(&mut b);
    staffing::staffing(&mut b);
    finance::finance(&mut b);
    finance::budget_table(&mut b, tables);
    finance::structure(&mut b);
    targets::targets(&mut b);
    targets::stated_pairs(&mut b);
    plans::planned_and_done(&mut b);
    targets::claims(&mut b);
    indicators::indicator_figures(&mut b);
    indicators::three_public(&mut b);
    results::arbitration(&mut b);
    scores::scores(&mut b);
    breakdowns::breakdowns(&mut b);
    weights::weights(&mut b);
    weights::flattened_weights(&mut b);
    generic::generic_tables(&mut b, tables);
    generic::changes(&mut b);
    variance::variance_claims(&mut b);
    generic::repeats(&mut b);
    restated::restated_rows(&mut b);
    generic::foreign_names(&mut b);
    shares::shares(&mut b);
    shares::level_counts(&mut b);
    Extracted { record: b.rec, map: b.map, placed: b.placed, generic: b.generic }
}

/// The record being filled from one report, and what has been read into it so far.
struct DeptBuilder<'r, 'a> {
    r: &'r Reader<'a>,
    rec: DeptRecord,
    map: SourceMap,
    placed: usize,
    /// Sentences already read into a slot, by sentence index.
    used: Vec<bool>,
    /// The table read into the record's budget table, if any.
    table_used: Option<usize>,
    /// The target section: its figures are targets, not statements of results.
    target_range: Option<Range<usize>>,
    /// What fits no slot of the record.
    generic: GenericFigures,
}

/// A figure as an amount, in 万元 unless it states its own unit.
fn amount(t: &Token) -> Amount {
    Amount { value: t.value, unit: t.money().unwrap_or(MoneyUnit::WanYuan) }
}

/// Whether `s` includes any of `words`.
fn has(s: &(impl Includes + ?Sized), words: &[&str]) -> bool {
    words.iter().any(|w| s.includes(w))
}

/// A figure as a count: a whole number, not negative.
fn count_of(t: &Token) -> Option<u32> {
    (t.value.scale() == 0 && t.value >= Decimal::ZERO).then(|| u32::try_from(t.value.mantissa()).ok()).flatten()
}

impl<'r, 'a> DeptBuilder<'r, 'a> {
    fn sentence_index(&self, start: usize) -> usize {
        self.r.sentences().partition_point(|s| s.start < start)
    }

    /// Whether the sentence starting at `start` was read into a slot.
    fn is_used(&self, start: usize) -> bool {
        self.used.get(self.sentence_index(start)).copied().unwrap_or(false)
    }

    /// Marks the sentence starting at `start` as read into a slot.
    fn mark_used(&mut self, start: usize) {
        let i = self.sentence_index(start);
        if let Some(u) = self.used.get_mut(i) {
            *u = true;
        }
    }

    /// Whether a sentence states any figure (most slots need one).
    fn has_figures(&self, s: &Range<usize>) -> bool {
        !self.r.tokens_in(s).is_empty()
    }

    fn put(&mut self, path: &str, t: &Token) {
        self.map.insert_span(path, self.r.span(t));
        self.placed += 1;
    }

    fn put_range(&mut self, path: &str, flow: Range<usize>) {
        self.map.insert_span(path, self.r.doc.span(flow));
    }

    fn sentences_in(&self, range: &Range<usize>) -> Vec<Range<usize>> {
        self.r.sentences_in(range).iter().filter(|s| s.end <= range.end).cloned().collect()
    }

    /// The first figure in `range` whose label satisfies `pred` (and `tok` on the figure).
    fn find(&self, range: &Range<usize>, pred: impl Fn(&str) -> bool, tok: impl Fn(&Token) -> bool) -> Option<Token> {
        self.r.tokens_in(range).iter().find(|t| tok(t) && pred(self.r.label_str(t, range.start))).cloned()
    }
}

/// A line without its leading list marker (`1.`, `2、`, a bullet).
fn strip_marker(s: &str) -> &str {
    let t = s.trim_start().trim_start_matches(['-', '•']).trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 2 {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix('.').or_else(|| rest.strip_prefix('、')) {
            return r.trim_start();
        }
    }
    t
}

/// The name in a heading line: markers and `(自评 N 分)` removed.
fn heading_name(title: &str) -> String {
    let t = strip_marker(title.trim_start_matches('-').trim());
    let t = t
        .trim_start_matches(|c: char| c == '(' || c.is_ascii_digit() || "一二三四五六七八九十".contains(c) || c == ')');
    let t = t.split("(自评").next().unwrap_or(t);
    t.trim_end_matches(['。', '.', ' ']).trim().to_string()
}

/// The department record read from `text`, and how many elements the readers visited doing it
/// (for tests that hold a reader's cost to the size of its input).
#[cfg(test)]
fn extract_counting(text: String) -> (DeptRecord, usize) {
    let doc = crate::text::Doc::new(text);
    let reader = crate::reader::Reader::new(&doc);
    let tables = crate::tables::tables(&reader);
    crate::work::take();
    let record = extract(&reader, &tables).record;
    (record, crate::work::take())
}
