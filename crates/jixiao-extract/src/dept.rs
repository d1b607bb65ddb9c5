//! A department report's figures, put into the department record.
//!
//! Each slot of the record is filled from the sentence, paragraph or table where these
//! reports state it, found by the words around the figure (the label), not by position:
//! `年初预算总数 … 万元`, `实有在职人员 … 人(其中 …)`, `(自评 4 分)`. Every figure put in the
//! record gets its span in the document text in the [`SourceMap`], so the rules' findings
//! point at the exact figures. What fits no slot is left to the generic figures.

use crate::text::Includes;
use std::collections::HashSet;
use std::ops::Range;

use jixiao_core::generic::{ChangeSentence, ColumnRole, FigureRow, FigureTable, GenericFigures, RepeatedLabel, Stated};
use jixiao_core::num::MoneyUnit;
use jixiao_core::record::*;
use jixiao_core::source::SourceMap;

use crate::Extracted;
use jixiao_core::value::{Amount, Num, Percent};
use jixiao_core::{Decimal, classes};

use crate::numbers::{Cmp, Token, same_unit};
use crate::reader::{Reader, bigram_similarity, bigrams, clean_label, strip_date};
use crate::tables::{Role, Table};

struct B<'r, 'a> {
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

fn amount(t: &Token) -> Amount {
    Amount { value: t.value, unit: t.money().unwrap_or(MoneyUnit::WanYuan) }
}

fn has(s: &(impl Includes + ?Sized), words: &[&str]) -> bool {
    words.iter().any(|w| s.includes(w))
}

/// Parses a small Chinese numeral (一 … 九十九, 两) or ASCII digits.
pub fn chinese_number(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    let digit = |c: char| "零一二三四五六七八九".find(c).map(|i| (i / 3) as u32).or((c == '两').then_some(2));
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', d] => Some(10 + digit(*d)?),
        [d, '十'] => Some(digit(*d)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

impl<'r, 'a> B<'r, 'a> {
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
    };
    let mut b = B {
        r,
        rec,
        map: SourceMap::default(),
        placed: 0,
        used: vec![false; r.sentences().len()],
        table_used: None,
        target_range: None,
        generic: GenericFigures::default(),
    };
    header(&mut b);
    budget_scope(&mut b);
    counted_lists(&mut b);
    staffing(&mut b);
    finance(&mut b);
    budget_table(&mut b, tables);
    structure(&mut b);
    targets(&mut b);
    claims(&mut b);
    indicator_figures(&mut b);
    three_public(&mut b);
    arbitration(&mut b);
    scores(&mut b);
    breakdowns(&mut b);
    generic_tables(&mut b, tables);
    changes(&mut b);
    repeats(&mut b);
    Extracted { record: b.rec, map: b.map, placed: b.placed, generic: b.generic }
}

// ------------------------------------------------------------------ header

fn header(b: &mut B<'_, '_>) {
    let text = &b.r.doc.text;
    let field = |keys: &[&str]| -> Option<String> {
        text.lines().take(80).find_map(|l| {
            let l = l.trim();
            let k = keys.iter().find(|k| l.starts_with(**k))?;
            let rest = l[k.len()..].trim_start_matches([' ', ':', '\u{ff1a}', '\t']).trim();
            (!rest.is_empty()).then(|| rest.to_string())
        })
    };
    b.rec.header.department = field(&["部门名称", "单位名称", "预算部门", "部门(单位)名称"]).unwrap_or_default();
    b.rec.header.filer = field(&["填报人"]);
    b.rec.header.phone = field(&["联系电话"]);
    b.rec.header.head = field(&["单位负责人"]);
    b.rec.header.filed_on = field(&["填报日期"]).and_then(|d| chinese_date(&d));
    // The year evaluated: the first `20XX 年度`, else the most frequent `20XX 年`.
    let flow = &b.r.doc.flow;
    let year = flow.find("年度").and_then(|i| {
        let head: String = flow[..i].chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
        head.parse::<u16>().ok().filter(|y| (1990..=2100).contains(y))
    });
    b.rec.header.year = year.unwrap_or(0);
}

/// `2025年8月14日` → `2025-08-14`.
pub fn chinese_date(s: &str) -> Option<String> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.split('日').next()?;
    let (y, m, d) = (y.parse::<u32>().ok()?, m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
    let out = format!("{y:04}-{m:02}-{d:02}");
    jixiao_core::input::valid_date(&out).then_some(out)
}

// ------------------------------------------------------------------ organization

fn list_items(s: &str) -> Vec<String> {
    let s = s.trim().trim_end_matches(['。', '.', ';']);
    let mut items = Vec::new();
    for part in s.split(['、', ',']) {
        for p in part.split('和') {
            // drop parenthetical notes such as (非独立核算单位)
            let mut name = String::new();
            let mut depth = 0;
            for c in p.chars() {
                match c {
                    '(' => depth += 1,
                    ')' => depth = (depth - 1).max(0),
                    c if depth == 0 => name.push(c),
                    _ => {}
                }
            }
            let name = name.trim().to_string();
            if !name.is_empty() {
                items.push(name);
            }
        }
    }
    items
}

fn budget_scope(b: &mut B<'_, '_>) {
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        if !b.has_figures(&s) {
            continue;
        }
        let text = b.r.said(&s);
        if !(text.includes("纳入") && has(&text, &["编制范围", "编报范围", "预算范围"]) && text.contains('共'))
        {
            continue;
        }
        let toks: Vec<Token> = b.r.tokens_in(&s).iter().filter(|t| t.unit == Some("个")).cloned().collect();
        let Some(total) = toks.iter().find(|t| b.r.doc.flow[s.start..t.start].ends_with('共')) else { continue };
        let mut scope = BudgetScope { stated_total: u32::try_from(total.value.mantissa()).ok(), ..Default::default() };
        b.put("organization.budget_scope.stated_total", total);
        scope.includes_own_level = text.includes("本级");
        if let Some(sub) = toks.iter().find(|t| b.r.label_str(t, s.start).includes("下属")) {
            scope.stated_subordinate = u32::try_from(sub.value.mantissa()).ok();
            b.put("organization.budget_scope.stated_subordinate", sub);
        }
        for key in ["分别是", "分别为", "包括:"] {
            if let Some(i) = text.find(key) {
                let list = &text[i + key.len()..];
                let list = list.trim_start_matches(':');
                scope.listed = list_items(list);
                let at = s.start + text.len() - list.len();
                b.put_range("organization.budget_scope.listed", at..s.end);
                scope.open_ended = list.trim_end_matches('。').ends_with('等');
                break;
            }
        }
        b.rec.organization.budget_scope = Some(scope);
        b.mark_used(s.start);
        return;
    }
}

/// `设8个内设机构:A、B` / `下属两个参公单位分别是A和B`.
fn counted_lists(b: &mut B<'_, '_>) {
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        if b.is_used(s.start) {
            continue;
        }
        let text = b.r.said(&s);
        for (i, _) in text.match_indices('个') {
            // the numeral before 个
            let before = &text[..i];
            let num: String = before
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit() || "零一二两三四五六七八九十".contains(*c))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let Some(n) = chinese_number(&num) else { continue };
            let after = &text[i + '个'.len_utf8()..];
            let Some((label, list)) = ["分别是", "分别为", ":"].iter().find_map(|k| {
                let j = after.find(k)?;
                let label = &after[..j];
                (label.chars().count() <= 12 && !label.contains([',', '、', '。']))
                    .then(|| (label, &after[j + k.len()..]))
            }) else {
                continue;
            };
            let list_end = list.find(['。', ';']).unwrap_or(list.len());
            let items = list_items(&list[..list_end]);
            if items.is_empty() || label.is_empty() {
                continue;
            }
            let idx = b.rec.organization.unit_lists.len();
            let num_at = s.start + i - num.len();
            let is_offices = label.includes("内设机构");
            let path = if is_offices {
                "organization.internal_offices".to_string()
            } else {
                format!("organization.unit_lists[{idx}]")
            };
            b.put_range(&format!("{path}.stated_count"), num_at..s.start + i);
            let list_at = s.start + (text.len() - list.len());
            b.put_range(&format!("{path}.items"), list_at..list_at + list_end);
            b.placed += 1;
            let l = CountedList {
                label: clean_label(label).trim_start_matches("下属").to_string(),
                stated_count: Some(n),
                items,
                open_ended: list[..list_end].ends_with('等'),
            };
            if is_offices {
                b.rec.organization.internal_offices = Some(l);
            } else {
                b.rec.organization.unit_lists.push(l);
            }
        }
    }
}

// ------------------------------------------------------------------ staffing

#[derive(Clone, Copy)]
enum Cat {
    Adm,
    Law,
    Csm,
    Pub,
    Svc,
    Con,
}

fn category(label: &str) -> Option<Cat> {
    Some(if label.includes("行政执法") {
        Cat::Law
    } else if label.includes("参公") {
        Cat::Csm
    } else if label.includes("事业") {
        Cat::Pub
    } else if has(label, &["工勤", "后勤"]) {
        Cat::Svc
    } else if label.includes("购买服务") {
        Cat::Con
    } else if label.includes("行政") {
        Cat::Adm
    } else {
        return None;
    })
}

fn set_cat(c: &mut StaffCounts, cat: Cat, n: u32) -> (&'static str, bool) {
    let slot = match cat {
        Cat::Adm => (&mut c.administrative, "administrative"),
        Cat::Law => (&mut c.law_enforcement, "law_enforcement"),
        Cat::Csm => (&mut c.civil_service_managed, "civil_service_managed"),
        Cat::Pub => (&mut c.public_institution, "public_institution"),
        Cat::Svc => (&mut c.service_staff, "service_staff"),
        Cat::Con => (&mut c.contracted, "contracted"),
    };
    let fresh = slot.0.is_none();
    if fresh {
        *slot.0 = Some(n);
    }
    (slot.1, fresh)
}

fn count_of(t: &Token) -> Option<u32> {
    (t.value.scale() == 0 && t.value >= Decimal::ZERO).then(|| u32::try_from(t.value.mantissa()).ok()).flatten()
}

fn staffing(b: &mut B<'_, '_>) {
    let r = b.r;
    for s in r.sentences() {
        if !b.has_figures(s) {
            continue;
        }
        let text = b.r.said(s);
        let people = |t: &Token| matches!(t.unit, Some("名" | "人" | "个"));
        if text.includes("比率") && text.includes("在编") {
            if b.rec.staffing.staffing_rate.is_none()
                && let Some(t) = b.r.tokens_in(s).iter().find(|t| t.percent)
            {
                b.rec.staffing.staffing_rate = Some(StaffingRate {
                    stated: Percent(t.value),
                    includes_service_staff: text.includes("含工勤") && !text.includes("不含工勤"),
                    definition: Some(text.trim().to_string()),
                });
                let t = t.clone();
                b.put("staffing.staffing_rate.stated", &t);
            }
            continue;
        }
        if !(text.includes("编制") || text.includes("在职")) {
            continue;
        }
        let actual = has(&text, &["实有", "在职"]);
        let group = if actual { "staffing.actual" } else { "staffing.authorized" };
        let toks: Vec<Token> = b.r.tokens_in(s).to_vec();
        let mut k = 0;
        while k < toks.len() {
            let t = &toks[k];
            k += 1;
            let label = {
                let l = b.r.label_before(t, s.start);
                if l.is_empty() && people(t) { b.r.label_after(t) } else { l }
            };
            if t.unit == Some("台") {
                let (field, val) = if actual {
                    ("vehicles_actual", &mut b.rec.staffing.vehicles_actual)
                } else {
                    ("vehicles_authorized", &mut b.rec.staffing.vehicles_authorized)
                };
                if val.is_none() {
                    *val = count_of(t);
                    b.put(&format!("staffing.{field}"), t);
                }
                continue;
            }
            if !people(t) {
                continue;
            }
            let Some(n) = count_of(t) else { continue };
            if label.includes("退休") {
                if b.rec.staffing.retirees.is_none() {
                    b.rec.staffing.retirees = Some(n);
                    b.put("staffing.retirees", t);
                }
                continue;
            }
            // A figure followed by (其中 …) is a total of the figures inside.
            let after = &b.r.doc.flow[t.unit_end..s.end];
            if after.starts_with("(其中") {
                let close = after.find(')').map_or(s.end, |i| t.unit_end + i);
                let parts: Vec<Cat> = toks
                    .iter()
                    .filter(|p| p.start > t.start && p.start < close)
                    .filter_map(|p| category(b.r.label_str(p, s.start)))
                    .collect();
                let own_level = !parts.is_empty() && parts.iter().all(|c| matches!(c, Cat::Adm | Cat::Law));
                let counts = if actual { &mut b.rec.staffing.actual } else { &mut b.rec.staffing.authorized };
                let (slot, field) = if own_level {
                    (&mut counts.own_level_stated, "own_level_stated")
                } else {
                    (&mut counts.stated_total, "stated_total")
                };
                if slot.is_none() {
                    *slot = Some(n);
                    b.put(&format!("{group}.{field}"), t);
                }
                continue;
            }
            if let Some(cat) = category(&label) {
                let counts = if actual { &mut b.rec.staffing.actual } else { &mut b.rec.staffing.authorized };
                let (field, fresh) = set_cat(counts, cat, n);
                if fresh {
                    b.put(&format!("{group}.{field}"), t);
                }
            }
        }
        b.mark_used(s.start);
    }
}

// ------------------------------------------------------------------ finance

fn finance(b: &mut B<'_, '_>) {
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

// ------------------------------------------------------------------ budget table

fn budget_table(b: &mut B<'_, '_>, tables: &[Table]) {
    for (table_index, table) in tables.iter().enumerate() {
        let Some((h, roles)) = table.header() else { continue };
        let col = |role: Role| roles.iter().position(|r| *r == role);
        let (Some(cb), Some(ca)) = (col(Role::Budget), col(Role::Actual)) else { continue };
        let (cv, cr, cc, cn) = (col(Role::Variance), col(Role::Rate), col(Role::Code), col(Role::Name));
        let mut bt = BudgetTable::default();
        let mut spans: Vec<(String, Range<usize>)> = Vec::new();
        let width = roles.len();
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
            let (Some(class), Some(budget), Some(actual)) = (class, num(Some(cb)), num(Some(ca))) else { continue };
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
        if bt.rows.len() >= 2 || (bt.rows.len() == 1 && bt.total.is_some()) {
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

// ------------------------------------------------------------------ structure paragraph

fn structure(b: &mut B<'_, '_>) {
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

// ------------------------------------------------------------------ targets

/// Words that say nothing about which target a figure is.
fn norm_label(s: &str) -> String {
    const PREFIXES: &[&str] = &[
        "截至",
        "我市",
        "全市",
        "我局",
        "本部门",
        "组织开展",
        "开展",
        "组织",
        "实现",
        "完成",
        "累计",
        "参加",
        "年度",
        "全年",
    ];
    let mut t = s.trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '\'' | ' '));
    loop {
        let before = t;
        t = strip_date(t);
        for p in PREFIXES {
            while let Some(r) = t.strip_prefix(p) {
                t = r;
            }
        }
        if t == before {
            break;
        }
    }
    t.chars().filter(|c| !matches!(c, '"' | '“' | '”' | '\'' | ' ')).collect()
}

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

/// The target section read as items: each `N.` starts an item; a line without a marker
/// continues the item before it while that item is unfinished (no `。` yet), so items
/// wrapped inside a table cell are whole again. Lines that are neither (cells such as
/// `绩效`, `标`) are dropped; `指标N:xx指` cells set the group.
struct TargetItem {
    group: String,
    text: String,
    /// (offset in `text`, flow range) of each piece the item was joined from.
    pieces: Vec<(usize, Range<usize>)>,
}

fn target_items(b: &B<'_, '_>, range: &Range<usize>) -> Vec<TargetItem> {
    let flow = &b.r.doc.flow;
    let mut items: Vec<TargetItem> = Vec::new();
    let mut group = String::new();
    let mut open = false;
    for line in b.r.lines.iter().filter(|l| l.start >= range.start && l.end <= range.end) {
        let text = &flow[line.clone()];
        for c in crate::text::cell_ranges(text) {
            let cell = line.start + c.start..line.start + c.end;
            let ctext = flow[cell.clone()].trim();
            if ctext.is_empty() {
                continue;
            }
            if let Some(i) = ctext.find("指标") {
                let rest = ctext[i + "指标".len()..]
                    .trim_start()
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .trim_start();
                if let Some(g) = rest.strip_prefix(':') {
                    group = g.trim().trim_end_matches("指标").trim_end_matches('指').to_string();
                    continue;
                }
            }
            let body = strip_marker(ctext);
            let lead = cell.start + (flow[cell.clone()].len() - flow[cell.clone()].trim_start().len());
            if body.len() < ctext.len() {
                let at = lead + (ctext.len() - body.len());
                items.push(TargetItem {
                    group: group.clone(),
                    text: body.to_string(),
                    pieces: vec![(0, at..cell.end)],
                });
                open = !body.trim_end().ends_with('。');
            } else if open && let Some(item) = items.last_mut() {
                item.pieces.push((item.text.len(), lead..cell.end));
                item.text.push_str(ctext);
                open = !ctext.ends_with('。');
            }
        }
    }
    items
}

fn targets(b: &mut B<'_, '_>) {
    let Some(range) = b.r.section(2, &["目标及任务", "绩效目标及", "年度绩效目标"]) else { return };
    b.target_range = Some(range.clone());
    for item in target_items(b, &range) {
        let (group, text) = (item.group.as_str(), item.text.as_str());
        let to_flow = |off: usize| -> usize {
            let (base, r) = item.pieces.iter().rev().find(|(o, _)| *o <= off).cloned().unwrap_or((0, 0..0));
            r.start + (off - base)
        };
        let toks: Vec<Token> =
            crate::numbers::scan(text).into_iter().filter(|t| t.unit.is_some() || t.percent).collect();
        if toks.is_empty() {
            let name = text.trim_end_matches(['。', ',']).trim();
            if name.chars().count() >= 4 {
                b.rec.targets.push(Target {
                    group: group.to_string(),
                    name: name.to_string(),
                    direction: Direction::Qualitative,
                    target: None,
                    unit: None,
                    target_text: Some(name.to_string()),
                    actual: None,
                    actual_at_least: false,
                    actual_text: None,
                    actual_source: None,
                    completion_rate_stated: None,
                    deviation_reason: None,
                });
            }
            continue;
        }
        let all = crate::numbers::scan(text);
        for t in toks {
            let name = crate::reader::label_before_in(text, &all, &t, 0);
            if name.is_empty() {
                continue;
            }
            let direction = match t.cmp {
                Some(Cmp::AtMost | Cmp::Below) => Direction::AtMost,
                Some(Cmp::Equal) => Direction::Exactly,
                _ => Direction::AtLeast,
            };
            let i = b.rec.targets.len();
            let (fs, fe) = (to_flow(t.start), to_flow(t.end.saturating_sub(1)) + 1);
            b.put_range(&format!("targets[{i}].target"), fs..fe.max(fs));
            b.placed += 1;
            b.rec.targets.push(Target {
                group: group.to_string(),
                name,
                direction,
                target: Some(Num(t.value)),
                unit: Some(if t.percent { "%".to_string() } else { t.unit.unwrap_or("").to_string() }),
                target_text: None,
                actual: None,
                actual_at_least: false,
                actual_text: None,
                actual_source: None,
                completion_rate_stated: None,
                deviation_reason: None,
            });
        }
    }
    // Actual values are stated after the target section, up to the next report's target
    // section if the document holds several reports.
    let title =
        b.r.headings.iter().find(|h| h.at.end == range.start || h.at.end + 1 == range.start).map(|h| h.title.clone());
    let end = title
        .and_then(|t| b.r.headings.iter().find(|h| h.at.start >= range.end && h.title == t).map(|h| h.at.start))
        .unwrap_or(b.r.doc.flow.len());
    match_actuals(b, range.end..end);
    deviation_reasons(b, range.end..end);
}

/// The reason a target was missed: a sentence after the target section that names the
/// target and, after the name, gives a 原因 (`工伤保险参保人数未达到目标,原因:…`).
fn deviation_reasons(b: &mut B<'_, '_>, region: Range<usize>) {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    // Only sentences that give a 原因 can hold one; squeezed once.
    let sentences: Vec<(Range<usize>, String)> =
        b.r.sentences_in(&region)
            .iter()
            .filter(|s| b.r.text(s).includes("原因"))
            .map(|s| (s.clone(), squeeze(b.r.text(s))))
            .collect();
    if sentences.is_empty() {
        return;
    }
    for ti in 0..b.rec.targets.len() {
        let t = &b.rec.targets[ti];
        if t.actual.is_none() || t.deviation_reason.is_some() {
            continue;
        }
        let name = squeeze(&t.name);
        if name.chars().count() < 4 {
            continue;
        }
        for (s, text) in &sentences {
            if let Some(at) = text.find(&name)
                && text[at + name.len()..].includes("原因")
            {
                b.rec.targets[ti].deviation_reason = Some(b.r.text(s).trim().to_string());
                b.put_range(&format!("targets[{ti}].deviation_reason"), s.clone());
                break;
            }
        }
    }
}

struct Candidate {
    label: String,
    token: Token,
    rate: Option<Token>,
}

/// Figures stated after the target section that may be targets' actual values.
fn candidates(b: &B<'_, '_>, region: Range<usize>, units: &[Option<&str>]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for s in b.r.sentences_in(&region) {
        let toks = b.r.tokens_in(s);
        for (k, t) in toks.iter().enumerate() {
            if t.cmp.is_some() || !(t.unit.is_some() || t.percent) || t.money().is_some() {
                continue;
            }
            let unit = if t.percent { Some("%") } else { t.unit };
            if !units.iter().any(|u| same_unit(*u, unit)) {
                continue;
            }
            let label = b.r.label_before(t, s.start);
            if label.includes("完成率") || label.is_empty() {
                continue;
            }
            let rate = toks.get(k + 1).filter(|n| n.percent && b.r.label_str(n, s.start).includes("完成率")).cloned();
            // `A、B均为 V` states V for each of A and B.
            let raw = &b.r.doc.flow[s.start..t.start];
            let mut labels = vec![label.clone()];
            if raw.trim_end().ends_with("均为") || raw.trim_end().ends_with("均达到") {
                let clause_start = raw.rfind([',', ':', ';']).map_or(0, |i| i + 1);
                labels = raw[clause_start..]
                    .trim_end_matches("均为")
                    .trim_end_matches("均达到")
                    .split('、')
                    .map(clean_label)
                    .collect();
            }
            for l in labels {
                out.push(Candidate { label: l, token: t.clone(), rate: rate.clone() });
            }
        }
    }
    out
}

fn match_actuals(b: &mut B<'_, '_>, region: Range<usize>) {
    let units: Vec<Option<&str>> =
        b.rec.targets.iter().filter(|t| t.direction != Direction::Qualitative).map(|t| t.unit.as_deref()).collect();
    let cands: Vec<Candidate> = candidates(b, region, &units);
    let cand_norm: Vec<String> = cands.iter().map(|c| norm_label(&c.label)).collect();
    let cand_grams: Vec<Vec<(char, char)>> = cand_norm.iter().map(|l| bigrams(l)).collect();
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for (ti, t) in b.rec.targets.iter().enumerate() {
        if t.direction == Direction::Qualitative {
            continue;
        }
        let tg = bigrams(&norm_label(&t.name));
        let unit = t.unit.as_deref();
        for (ci, c) in cands.iter().enumerate() {
            let cu = if c.token.percent { Some("%") } else { c.token.unit };
            if !same_unit(unit, cu) {
                continue;
            }
            let score = bigram_similarity(&tg, &cand_grams[ci]);
            if score >= 0.45 {
                pairs.push((score, ti, ci));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut done_t = HashSet::new();
    let mut used_c: HashSet<(&str, Decimal)> = HashSet::new();
    for (_, ti, ci) in pairs {
        let c = &cands[ci];
        let key = (cand_norm[ci].as_str(), c.token.value);
        if done_t.contains(&ti) || used_c.contains(&key) {
            continue;
        }
        done_t.insert(ti);
        used_c.insert(key);
        let section = b.r.heading_before(c.token.start, 2).map(|h| h.title.clone());
        let tgt = &mut b.rec.targets[ti];
        tgt.actual = Some(Num(c.token.value));
        tgt.actual_at_least = c.token.at_least;
        tgt.actual_source = section;
        tgt.completion_rate_stated = c.rate.as_ref().map(|r| Percent(r.value));
        let tok = c.token.clone();
        b.put(&format!("targets[{ti}].actual"), &tok);
        if let Some(r) = c.rate.clone() {
            b.put(&format!("targets[{ti}].completion_rate_stated"), &r);
        }
    }
}

// ------------------------------------------------------------------ claims

const COMPLETION_PHRASES: &[&str] = &[
    "完成率≥100%",
    "完成率>=100%",
    "均按要求按期完成",
    "均已完成",
    "均按期完成",
    "全部完成",
    "均完成",
    "均已达到",
    "全部达到",
];

fn claims(b: &mut B<'_, '_>) {
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        let text = b.r.said(&s);
        if !has(&text, &["目标", "指标"]) {
            continue;
        }
        let hits: Vec<(usize, usize)> = COMPLETION_PHRASES
            .iter()
            .filter(|p| text.includes(p))
            .flat_map(|p| text.match_indices(p).map(|(i, m)| (i, i + m.len())).collect::<Vec<_>>())
            .collect();
        let (Some(lo), Some(hi)) = (hits.iter().map(|h| h.0).min(), hits.iter().map(|h| h.1).max()) else { continue };
        let kind = if text.includes("项目") { ClaimKind::AllProjectsOnTime } else { ClaimKind::AllTargetsMet };
        let i = b.rec.claims.len();
        b.put_range(&format!("claims[{i}].text"), s.start + lo..s.start + hi);
        let source = b.r.heading_before(s.start, 4).map(|h| h.title.clone());
        b.rec.claims.push(Claim { kind, text: text.trim().to_string(), source });
    }
}

// ------------------------------------------------------------------ figures the indicators rest on

fn indicator_figures(b: &mut B<'_, '_>) {
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        if b.is_used(s.start) || !b.has_figures(&s) {
            continue;
        }
        let text = b.r.said(&s);
        let money = |t: &Token| t.money().is_some();
        let pct = |t: &Token| t.percent;
        // A 公用经费 sentence states that part of the budget: its rate is never the
        // department's spending rate.
        if text.includes("公用经费") {
            if b.rec.operating_expenses.is_some() {
                continue;
            }
            let budget = b.find(&s, |l| l.includes("预算"), money);
            let actual = b.find(&s, |l| has(l, &["决算", "支出数", "执行数"]), money);
            let rate = b.find(&s, |l| l.contains('率'), pct);
            if budget.is_some() || actual.is_some() {
                let mut o = OperatingExpenses::default();
                if let Some(t) = &budget {
                    o.budget = Some(amount(t));
                    b.put("operating_expenses.budget", t);
                }
                if let Some(t) = &actual {
                    o.actual = Some(amount(t));
                    b.put("operating_expenses.actual", t);
                }
                if let Some(t) = &rate {
                    o.rate_stated = Some(Percent(t.value));
                    b.put("operating_expenses.rate_stated", t);
                }
                b.rec.operating_expenses = Some(o);
                b.mark_used(s.start);
            }
            continue;
        }
        if text.includes("三公") {
            continue;
        }
        if text.includes("政府采购") && b.rec.procurement.is_none() {
            let planned = b.find(&s, |l| has(l, &["计划", "预算"]), money);
            let actual = b.find(&s, |l| l.includes("实际"), money);
            let rate = b.find(&s, |l| l.includes("执行率"), pct);
            if planned.is_some() || rate.is_some() {
                let mut p = Procurement::default();
                if let Some(t) = &planned {
                    p.planned = Some(amount(t));
                    b.put("procurement.planned", t);
                }
                if let Some(t) = &actual {
                    p.actual = Some(amount(t));
                    b.put("procurement.actual", t);
                }
                if let Some(t) = &rate {
                    p.rate_stated = Some(Percent(t.value));
                    b.put("procurement.rate_stated", t);
                }
                b.rec.procurement = Some(p);
                b.mark_used(s.start);
            }
            continue;
        }
        if text.includes("结转结余率") && b.rec.carryover.is_none() {
            let rate = b.find(&s, |l| l.includes("结转结余率"), pct);
            let spend = b.find(&s, |l| l.includes("支出率"), pct);
            if rate.is_some() {
                let mut c = Carryover::default();
                if let Some(t) = &rate {
                    c.rate_stated = Some(Percent(t.value));
                    b.put("carryover.rate_stated", t);
                }
                if let Some(t) = &spend {
                    c.spending_rate_stated = Some(Percent(t.value));
                    b.put("carryover.spending_rate_stated", t);
                }
                c.scope = scope_words(&text);
                b.rec.carryover = Some(c);
                b.mark_used(s.start);
            }
            continue;
        }
        if has(&text, &["支出率", "执行率"]) {
            let budget = b.find(&s, |l| l.includes("预算"), money);
            let actual = b.find(&s, |l| has(l, &["决算", "支出数", "执行数", "支出"]) && !l.includes("预算"), money);
            let rate = b.find(&s, |l| has(l, &["支出率", "执行率"]), pct);
            if let (Some(bt), Some(at), Some(rt)) = (budget, actual, rate) {
                let i = b.rec.spending_rates.len();
                let label =
                    b.r.heading_before(s.start, 4)
                        .map(|h| heading_name(&h.title))
                        .filter(|h| h.contains('率'))
                        .unwrap_or_else(|| clean_label(&b.r.label_before(&rt, s.start)));
                b.put(&format!("spending_rates[{i}].budget"), &bt);
                b.put(&format!("spending_rates[{i}].actual"), &at);
                b.put(&format!("spending_rates[{i}].rate_stated"), &rt);
                b.rec.spending_rates.push(SpendingRate {
                    label,
                    budget: Some(amount(&bt)),
                    actual: Some(amount(&at)),
                    rate_stated: Some(Percent(rt.value)),
                    scope: scope_words(&text),
                });
                b.mark_used(s.start);
            }
            continue;
        }
        if text.includes("固定资产利用率") && b.rec.assets.is_none() {
            if let Some(t) = b.find(&s, |l| l.includes("利用率"), pct) {
                b.rec.assets = Some(Assets { utilization_stated: Some(Percent(t.value)), ..Default::default() });
                b.put("assets.utilization_stated", &t);
            }
            continue;
        }
        if text.includes("绩效目标") && text.includes("项目") && b.rec.projects.is_none() {
            let items = |t: &Token| t.unit == Some("项");
            let total = b.find(&s, |l| !l.includes("目标"), items);
            let with = b.find(&s, |l| l.includes("目标"), items);
            let rate = b.find(&s, |l| l.contains('率') || l.includes("比"), pct);
            if let (Some(tt), Some(wt)) = (total, with) {
                b.put("projects.total", &tt);
                b.put("projects.with_targets", &wt);
                let mut p = Projects { total: count_of(&tt), with_targets: count_of(&wt), ..Default::default() };
                if let Some(r) = rate {
                    p.coverage_stated = Some(Percent(r.value));
                    b.put("projects.coverage_stated", &r);
                }
                b.rec.projects = Some(p);
                b.mark_used(s.start);
            }
            continue;
        }
        if text.includes("存量资金")
            && b.rec.treasury.is_none()
            && let Some(t) = b.r.tokens_in(&s).iter().find(|t| !t.percent && t.value.is_zero() || t.money().is_some())
        {
            let t = t.clone();
            b.rec.treasury = Some(Treasury { idle_funds: Some(amount(&t)), idle_funds_last_year: None });
            b.put("treasury.idle_funds", &t);
        }
    }
}

/// The name in a heading line: markers and `(自评 N 分)` removed.
fn heading_name(title: &str) -> String {
    let t = strip_marker(title.trim_start_matches('-').trim());
    let t = t
        .trim_start_matches(|c: char| c == '(' || c.is_ascii_digit() || "一二三四五六七八九十".contains(c) || c == ')');
    let t = t.split("(自评").next().unwrap_or(t);
    t.trim_end_matches(['。', '.', ' ']).trim().to_string()
}

fn scope_words(text: &str) -> Option<String> {
    ["含上年结转", "不含上年结转", "财政拨款口径", "口径", "调整后预算", "调整预算"]
        .iter()
        .find(|w| text.contains(**w))
        .map(|w| (*w).to_string())
}

// ------------------------------------------------------------------ 三公经费

fn three_public(b: &mut B<'_, '_>) {
    let r = b.r;
    for p in r.paragraphs() {
        let p = p.clone();
        let text = b.r.text(&p);
        if !text.includes("三公") {
            continue;
        }
        let toks: Vec<Token> = b.r.tokens_in(&p).to_vec();
        let mut t3 = ThreePublicExpenses::default();
        let mut any = false;
        for t in &toks {
            let label = b.r.label_before(t, p.start);
            let money = t.money().is_some();
            let mut set = |slot: &mut Option<Amount>, path: &str, t: &Token| {
                if slot.is_none() {
                    *slot = Some(amount(t));
                    b.map.insert_span(path, b.r.span(t));
                    any = true;
                }
            };
            if t.unit == Some("元/人次") || (money && label.includes("人均")) {
                set(&mut t3.reception_per_visit_stated, "three_public_expenses.reception_per_visit_stated", t);
            } else if t.unit == Some("批次") {
                t3.reception_batches = count_of(t);
                b.map.insert_span("three_public_expenses.reception_batches", b.r.span(t));
            } else if t.unit == Some("人次") {
                t3.reception_visits = count_of(t);
                b.map.insert_span("three_public_expenses.reception_visits", b.r.span(t));
            } else if !money {
                continue;
            } else if label.includes("出国") {
                set(&mut t3.travel_abroad, "three_public_expenses.travel_abroad", t);
            } else if label.includes("公务用车") {
                set(&mut t3.vehicles, "three_public_expenses.vehicles", t);
            } else if label.includes("公务接待") {
                set(&mut t3.reception, "three_public_expenses.reception", t);
            } else if label.includes("预算") {
                set(&mut t3.budget, "three_public_expenses.budget", t);
            } else if has(&label, &["决算", "支出数", "执行数"]) {
                set(&mut t3.actual_stated, "three_public_expenses.actual_stated", t);
            }
        }
        if any {
            b.placed += 1;
            b.rec.three_public_expenses = Some(t3);
            for s in b.r.sentences_in(&p).to_vec() {
                b.mark_used(s.start);
            }
            return;
        }
    }
}

// ------------------------------------------------------------------ 仲裁

fn arbitration(b: &mut B<'_, '_>) {
    let r = b.r;
    for p in r.paragraphs() {
        let p = p.clone();
        let text = b.r.text(&p);
        if !(text.includes("仲裁") && text.contains('宗')) {
            continue;
        }
        let mut a = Arbitration::default();
        let toks: Vec<Token> = b.r.tokens_in(&p).to_vec();
        for t in &toks {
            let l = b.r.label_before(t, p.start);
            let path_count: Option<(&mut Option<u32>, &str)> = if t.unit == Some("宗") {
                if l.includes("不予受理") {
                    Some((&mut a.refused, "refused"))
                } else if l.includes("受理") {
                    Some((&mut a.accepted, "accepted"))
                } else if l.includes("申请") {
                    Some((&mut a.applications, "applications"))
                } else if l.includes("未结") {
                    Some((&mut a.carried_over, "carried_over"))
                } else if l.includes("裁决") {
                    Some((&mut a.closed_by_award, "closed_by_award"))
                } else if l.includes("案外") {
                    Some((&mut a.mediated_outside, "mediated_outside"))
                } else if l.includes("调解") {
                    Some((&mut a.closed_by_mediation, "closed_by_mediation"))
                } else if has(&l, &["办结", "已结", "结案"]) {
                    Some((&mut a.closed, "closed"))
                } else {
                    None
                }
            } else if t.unit == Some("人") && l.includes("劳动者") {
                Some((&mut a.workers, "workers"))
            } else {
                None
            };
            if let Some((slot, field)) = path_count {
                if slot.is_none() {
                    *slot = count_of(t);
                    b.map.insert_span(format!("arbitration.{field}"), b.r.span(t));
                }
                continue;
            }
            if t.percent {
                let (slot, field) = if l.includes("结案率") && !l.includes("投诉") {
                    (&mut a.closure_rate_stated, "closure_rate_stated")
                } else if l.includes("调解成功率") {
                    (&mut a.mediation_rate_stated, "mediation_rate_stated")
                } else {
                    continue;
                };
                if slot.is_none() {
                    *slot = Some(Percent(t.value));
                    b.map.insert_span(format!("arbitration.{field}"), b.r.span(t));
                }
            } else if t.money().is_some() && l.includes("涉案金额") && a.amount.is_none() {
                a.amount = Some(amount(t));
                b.map.insert_span("arbitration.amount", b.r.span(t));
            }
        }
        if a.applications.is_some() || a.closed.is_some() {
            b.placed += 1;
            b.rec.arbitration = Some(a);
            for s in b.r.sentences_in(&p).to_vec() {
                b.mark_used(s.start);
            }
            return;
        }
    }
}

// ------------------------------------------------------------------ scores

fn scores(b: &mut B<'_, '_>) {
    let flow = &b.r.doc.flow;
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        let text = &flow[s.clone()];
        if (text.includes("总分") || text.includes("总得分"))
            && b.rec.scoring.stated_total.is_none()
            && let Some(t) = b.r.tokens_in(&s).iter().rev().find(|t| t.unit == Some("分"))
        {
            let t = t.clone();
            b.rec.scoring.stated_total = Some(Num(t.value));
            b.put("scoring.stated_total", &t);
        }
    }
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

// ------------------------------------------------------------------ totals with parts

fn breakdowns(b: &mut B<'_, '_>) {
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        if b.is_used(s.start) || !b.has_figures(&s) {
            continue;
        }
        let text = b.r.said(&s);
        let Some(qi) = text.find("其中") else { continue };
        let qpos = s.start + qi;
        let toks = b.r.tokens_in(&s);
        let Some(total) = toks.iter().rev().find(|t| t.start < qpos && (t.unit.is_some() || t.money().is_some()))
        else {
            continue;
        };
        // Parts: the figures right after 其中 with the total's unit, up to the next clause without one.
        let parts: Vec<&Token> = toks
            .iter()
            .filter(|t| t.start > qpos && same_unit(t.unit, total.unit) && !t.percent)
            .take_while(|t| !b.r.doc.flow[qpos..t.start].contains('。'))
            .collect();
        if parts.is_empty() || parts.len() > 12 {
            continue;
        }
        let i = b.rec.breakdowns.len();
        b.put(&format!("breakdowns[{i}].total"), total);
        let mut bd = Breakdown {
            label: b.r.label_before(total, s.start),
            unit: total.unit.map(str::to_string),
            total: Num(total.value),
            parts: vec![],
            complete: false,
        };
        for (j, p) in parts.iter().enumerate() {
            b.map.insert_span(format!("breakdowns[{i}].parts[{j}].value"), b.r.span(p));
            bd.parts.push(Part { label: b.r.label_before(p, qpos), value: Num(p.value) });
        }
        b.rec.breakdowns.push(bd);
    }
}

// ------------------------------------------------------------------ generic figures

fn stated(t: &Token) -> Stated {
    Stated { value: t.value, percent: t.percent }
}

fn generic_tables(b: &mut B<'_, '_>, tables: &[Table]) {
    for (ti, table) in tables.iter().enumerate() {
        if Some(ti) == b.table_used {
            continue;
        }
        let Some((h, roles)) = table.header() else { continue };
        let width = roles.len();
        let columns: Vec<(String, ColumnRole)> = table.rows[h]
            .cells
            .iter()
            .zip(&roles)
            .map(|(c, r)| {
                let role = match r {
                    Role::Budget => ColumnRole::Budget,
                    Role::Actual => ColumnRole::Actual,
                    Role::Variance => ColumnRole::Variance,
                    Role::Rate => ColumnRole::Rate,
                    Role::Code | Role::Name => ColumnRole::Label,
                    Role::Other => ColumnRole::Other,
                };
                (c.text.replace(' ', ""), role)
            })
            .collect();
        let fi = b.generic.tables.len();
        let mut ft = FigureTable { columns, rows: Vec::new() };
        let mut spans = Vec::new();
        for row in &table.rows[h + 1..] {
            let label = row
                .cells
                .iter()
                .find(|c| c.token.is_none() && !c.is_empty())
                .map(|c| c.text.clone())
                .unwrap_or_default();
            let compact: String = label.chars().filter(|c| !c.is_whitespace()).collect();
            let ri = ft.rows.len();
            let mut cells = Vec::with_capacity(width);
            for ci in 0..width {
                let t = row.cell(ci, width).and_then(|c| c.token.clone()).filter(|_| ft_col_is_figure(&roles, ci));
                if let Some(t) = &t {
                    spans.push((format!("facts.tables[{fi}].rows[{ri}].cells[{ci}]"), t.start..t.end));
                }
                cells.push(t.as_ref().map(stated));
            }
            ft.rows.push(FigureRow {
                total: compact.includes("合计") || compact.includes("总计"),
                part: compact.starts_with("其中"),
                label,
                cells,
            });
        }
        if ft.rows.iter().any(|r| r.cells.iter().any(Option::is_some)) {
            for (p, r) in spans {
                b.put_range(&p, r);
            }
            b.generic.tables.push(ft);
        }
    }
}

fn ft_col_is_figure(roles: &[Role], ci: usize) -> bool {
    !matches!(roles.get(ci), Some(Role::Code))
}

const CHANGE_WORDS: &[&str] = &["增加", "减少", "增长", "下降", "增幅", "减幅", "降幅"];

/// `A …, 增加/减少 C …, 增长/下降 D%` in one sentence not read into the record.
fn changes(b: &mut B<'_, '_>) {
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        if b.is_used(s.start) || !has(&b.r.said(&s), CHANGE_WORDS) {
            continue;
        }
        let toks = b.r.tokens_in(&s);
        let labelled: Vec<(&str, &Token)> = toks.iter().map(|t| (b.r.label_str(t, s.start), t)).collect();
        let Some(ci) = labelled.iter().position(|(l, t)| t.money().is_some() && has(l, CHANGE_WORDS)) else { continue };
        let amounts: Vec<&(&str, &Token)> =
            labelled[..ci].iter().filter(|(l, t)| t.money().is_some() && !has(l, CHANGE_WORDS)).collect();
        let [(label, amount)] = amounts.as_slice() else { continue };
        let Some((rl, rate)) = labelled[ci + 1..].iter().find(|(_, t)| t.percent) else { continue };
        if !has(rl, CHANGE_WORDS) {
            continue;
        }
        let (cl, change) = &labelled[ci];
        let down = |l: &str| has(l, &["减少", "下降", "减幅", "降幅"]);
        let signed = |t: &Token, neg: bool| Stated { value: if neg { -t.value } else { t.value }, percent: t.percent };
        let i = b.generic.changes.len();
        b.put(&format!("facts.changes[{i}].amount"), amount);
        b.put(&format!("facts.changes[{i}].change"), change);
        b.put(&format!("facts.changes[{i}].rate"), rate);
        b.generic.changes.push(ChangeSentence {
            label: (*label).to_string(),
            amount: stated(amount),
            change: signed(change, down(cl)),
            rate: Some(signed(rate, down(rl) || down(cl))),
        });
    }
}

/// Labels with one value in each outline section, differing between sections.
fn repeats(b: &mut B<'_, '_>) {
    use std::collections::HashMap;
    const GENERIC: &[&str] = &["完成率", "预算数", "决算数", "执行数", "合计", "总计", "其中", "支出率", "执行率"];
    // label → section → (distinct values, first token)
    /// The figures stated with one label, grouped by the part of the report they are in.
    type BySection = Vec<(usize, Vec<Token>)>;
    let mut seen: HashMap<(&str, &'static str), BySection> = HashMap::new();
    let mut order: Vec<(&str, &'static str)> = Vec::new();
    let r = b.r;
    for s in r.sentences() {
        let s = s.clone();
        if b.target_range.as_ref().is_some_and(|r| r.contains(&s.start)) {
            continue;
        }
        let section = r.part_start(s.start);
        for t in r.tokens_in(&s) {
            if !(t.unit.is_some() || t.percent) || t.cmp.is_some() {
                continue;
            }
            let label = r.label_str(t, s.start);
            if label.chars().filter(|c| crate::text::is_cjk(*c)).count() < 4
                || GENERIC.iter().any(|g| label.ends_with(g))
            {
                continue;
            }
            let key = (label, if t.percent { "%" } else { t.unit.unwrap_or("") });
            if !seen.contains_key(&key) {
                order.push(key);
            }
            let per = seen.entry(key).or_default();
            match per.iter_mut().find(|(sec, _)| *sec == section) {
                Some((_, vals)) => vals.push(t.clone()),
                None => per.push((section, vec![t.clone()])),
            }
        }
    }
    for key in order {
        let sections = &seen[&key];
        if sections.len() < 2 {
            continue;
        }
        // A label with two values inside one section names more than one thing.
        let single =
            sections.iter().all(|(_, v)| v.iter().all(|t| stated(t).figure().overlaps(&stated(&v[0]).figure())));
        if !single {
            continue;
        }
        let firsts: Vec<&Token> = sections.iter().map(|(_, v)| &v[0]).collect();
        let Some(other) = firsts.iter().skip(1).find(|t| !stated(t).figure().overlaps(&stated(firsts[0]).figure()))
        else {
            continue;
        };
        let i = b.generic.repeats.len();
        b.put(&format!("facts.repeats[{i}].values[0]"), firsts[0]);
        b.put(&format!("facts.repeats[{i}].values[1]"), other);
        b.generic
            .repeats
            .push(RepeatedLabel { label: key.0.to_string(), values: vec![stated(firsts[0]), stated(other)] });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers_and_dates() {
        assert_eq!(chinese_number("两"), Some(2));
        assert_eq!(chinese_number("三"), Some(3));
        assert_eq!(chinese_number("十二"), Some(12));
        assert_eq!(chinese_number("8"), Some(8));
        assert_eq!(chinese_date("2025年8月14日").as_deref(), Some("2025-08-14"));
        assert_eq!(chinese_date("2025年13月1日"), None);
    }

    #[test]
    fn list_items_drop_notes() {
        assert_eq!(list_items("A(非独立核算单位)、B(独立核算)和C。"), vec!["A", "B", "C"]);
    }
}
