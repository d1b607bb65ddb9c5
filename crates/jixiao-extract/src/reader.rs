//! Reading a document's flow: its figures, the label each figure is stated with, its
//! sentences, paragraphs and outline headings.

use crate::text::Includes;
use std::ops::Range;

use jixiao_core::Span;

use crate::numbers::{Token, scan};
use crate::text::{Doc, half_width, partition_near, starts_item};

/// An outline heading: `一、` (level 1), `(一)` (2), `1.` (3), `(1)` (4).
#[derive(Debug, Clone)]
pub struct Heading {
    /// 1–4.
    pub level: u8,
    /// The heading line, markers included.
    pub title: String,
    /// Flow range of the heading line.
    pub at: Range<usize>,
}

/// The figures of a document and how to read around them.
pub struct Reader<'a> {
    /// The document.
    pub doc: &'a Doc,
    /// Every figure of the flow, in order.
    pub toks: Vec<Token>,
    /// Flow lines.
    pub lines: Vec<Range<usize>>,
    /// Whether each flow line is a table line ([`crate::text::is_table_line`]), decided once
    /// for the several readers that ask.
    pub table_lines: Vec<bool>,
    /// Outline headings, in order.
    pub headings: Vec<Heading>,
    /// Sentences (flow ranges), split at 。 ! ? ; and line breaks.
    sentences: Vec<Range<usize>>,
    /// Paragraphs (flow ranges), split at line breaks.
    paragraphs: Vec<Range<usize>>,
    /// Start of each level-1 heading, for [`Reader::part_start`].
    part_starts: Vec<usize>,
    /// The [`signature`] of each sentence.
    signatures: Vec<u128>,
    /// Per figure: where its label can start at the earliest, where it starts from the start of
    /// its sentence, and that label's flow range ([`Reader::label_str`]), worked out on first use.
    sentence_labels: std::cell::OnceCell<Vec<(usize, usize, usize, usize)>>,
    /// The sentence [`Reader::said`] was last asked about (where the next search starts).
    last_said: std::cell::Cell<usize>,
    /// Where [`Reader::tokens_in`] and [`Reader::label_str`] last ended their search (where the
    /// next one starts: readers go through the figures in order).
    near_token: std::cell::Cell<usize>,
    /// The glued headers of the text ([`crate::glued`]), found on first use.
    pub(crate) glued_headers: std::cell::OnceCell<Vec<crate::glued::Found>>,
}

/// A 128-bit signature of the characters of a text (one bit per character, by hash): a word
/// with a character whose bit is not set cannot occur in the text.
pub fn signature(s: &str) -> u128 {
    s.chars().fold(0, |acc, c| acc | (1u128 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 25)))
}

/// A sentence's text with its [`signature`], so that most words are ruled out without a search.
#[derive(Clone, Copy)]
pub struct Said<'a> {
    /// The text.
    pub text: &'a str,
    signature: u128,
}

impl Said<'_> {
    /// Whether a word whose [`signature`] is `word` may occur in the text: false only when one
    /// of its characters is not in it (a signature worked out once for a word asked often).
    pub fn may_include(&self, word: u128) -> bool {
        word & !self.signature == 0
    }
}

impl Includes for Said<'_> {
    fn includes(&self, word: &str) -> bool {
        signature(word) & !self.signature == 0 && self.text.includes(word)
    }
}

impl std::ops::Deref for Said<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.text
    }
}

/// Characters that end a label looking backwards from a figure.
fn is_label_stop(c: char) -> bool {
    matches!(c, ',' | '、' | ':' | ';' | '。' | '\n' | '\t' | '(' | ')' | '|' | '!' | '?')
}

const LEADING_FILLER: &[&str] = &["其中", "包括", "以及", "和", "及", "并", "共", "另"];
const TRAILING_FILLER: &[&str] =
    &["分别为", "分别是", "均为", "为", "是", "达", "约", "共", "合计", "总计", "计", "有", "达到"];

/// The first characters of [`LEADING_FILLER`].
fn filler_first(c: char) -> bool {
    matches!(c, '其' | '包' | '以' | '和' | '及' | '并' | '共' | '另')
}

/// The last characters of [`TRAILING_FILLER`].
fn filler_last(c: char) -> bool {
    matches!(c, '为' | '是' | '达' | '约' | '共' | '计' | '有' | '到')
}

/// Removes a leading date (`2024年`, `2024年12月末`, `12月`) from a label.
pub fn strip_date(s: &str) -> &str {
    let mut t = s;
    loop {
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            break;
        }
        let rest = &t[digits..];
        match rest.chars().next() {
            Some(c @ ('年' | '月' | '日')) => t = &rest[c.len_utf8()..],
            _ => break,
        }
    }
    let t = t.strip_prefix("度").unwrap_or(t);
    ["末", "底", "初"].iter().find_map(|p| t.strip_prefix(p)).unwrap_or(t)
}

/// Whether a figure is part of a date (`2024年`, `12月`), not a quantity.
pub fn is_date_part(flow: &str, t: &Token) -> bool {
    t.unit.is_none() && !t.percent && t.value.scale() == 0 && flow[t.end..].starts_with(['年', '月', '日'])
}

/// Trims filler words from a label.
pub fn clean_label(s: &str) -> String {
    clean_label_str(s).to_string()
}

/// [`clean_label`] without allocating: the trimmed part of `s`.
pub fn clean_label_str(s: &str) -> &str {
    let mut t = s
        .trim_matches(|c: char| c.is_whitespace() || c == '-' || c == '"' || c == '“' || c == '”')
        .trim_start_matches(['.', '、', ':', ' '])
        .trim_end_matches(['≥', '≤', '>', '<', '=', ' ']);
    // Most labels neither start nor end with a filler: their first and last characters say so.
    let starts_filler = |t: &str| t.chars().next().is_some_and(filler_first);
    let ends_filler = |t: &str| t.chars().next_back().is_some_and(filler_last);
    loop {
        let before = t;
        if starts_filler(t) {
            for f in LEADING_FILLER {
                if let Some(r) = t.strip_prefix(f)
                    && !r.is_empty()
                {
                    t = r;
                }
            }
        }
        if ends_filler(t) {
            for f in TRAILING_FILLER {
                if let Some(r) = t.strip_suffix(f)
                    && !r.is_empty()
                {
                    t = r;
                }
            }
        }
        if t == before {
            break;
        }
    }
    t
}

/// Whether a line starts with a heading or list marker (`一、`, `(一)`, `1.`, `(1)`).
pub fn starts_with_marker(line: &str) -> bool {
    heading_level(line).is_some()
}

fn heading_level(line: &str) -> Option<u8> {
    if !starts_item(line) {
        return None;
    }
    let t = line.trim_start().trim_start_matches(['-', '•', '*', '·']).trim_start();
    let first = t.chars().next().map(half_width)?;
    Some(if first == '(' {
        if t.chars().nth(1).is_some_and(|c| c.is_ascii_digit()) { 4 } else { 2 }
    } else if first.is_ascii_digit() {
        3
    } else {
        1
    })
}

impl<'a> Reader<'a> {
    /// Reads a document.
    pub fn new(doc: &'a Doc) -> Reader<'a> {
        let toks = scan(&doc.flow);
        let mut lines = Vec::new();
        let mut s = 0;
        for (i, c) in doc.flow.char_indices() {
            if c == '\n' {
                lines.push(s..i);
                s = i + 1;
            }
        }
        lines.push(s..doc.flow.len());
        let headings: Vec<Heading> = lines
            .iter()
            .filter_map(|r| {
                let line = &doc.flow[r.clone()];
                if line.contains('\t') {
                    return None;
                }
                heading_level(line).map(|level| Heading { level, title: line.to_string(), at: r.clone() })
            })
            .collect();
        let sentences = doc.sentences();
        let paragraphs = doc.paragraphs();
        let part_starts = headings.iter().filter(|h| h.level == 1).map(|h| h.at.start).collect();
        let signatures = sentences.iter().map(|r| signature(&doc.flow[r.clone()])).collect();
        let table_lines = lines.iter().map(|r| crate::text::is_table_line(&doc.flow[r.clone()])).collect();
        Reader {
            doc,
            toks,
            lines,
            table_lines,
            headings,
            sentences,
            paragraphs,
            part_starts,
            signatures,
            sentence_labels: std::cell::OnceCell::new(),
            last_said: std::cell::Cell::new(usize::MAX),
            near_token: std::cell::Cell::new(0),
            glued_headers: std::cell::OnceCell::new(),
        }
    }

    /// The figures inside a flow range.
    pub fn tokens_in(&self, r: &Range<usize>) -> &[Token] {
        let a = partition_near(&self.toks, self.near_token.get(), |t| t.start < r.start);
        let b = partition_near(&self.toks, a, |t| t.start < r.end);
        self.near_token.set(b);
        &self.toks[a..b.max(a)]
    }

    /// The document-text span of a figure (its digits and % sign).
    pub fn span(&self, t: &Token) -> Span {
        self.doc.span(t.start..t.end)
    }

    /// The label written before a figure: back to a clause stop or the previous figure
    /// (never before `floor`), with filler words trimmed.
    pub fn label_before(&self, t: &Token, floor: usize) -> String {
        label_before_in(&self.doc.flow, &self.toks, t, floor)
    }

    /// [`Reader::label_before`] without allocating. The label of each figure with the start of
    /// its sentence as the floor (what most readers ask, and any floor that lets the label start
    /// at the same place) is worked out once for all figures, on first use, and looked up after;
    /// any other floor is worked out on each call.
    pub fn label_str(&self, t: &Token, floor: usize) -> &'a str {
        let flow: &'a str = &self.doc.flow;
        let labels = self.sentence_labels.get_or_init(|| {
            let mut s = 0;
            // The figures before each one, passed in order: `prev` is the end of the last one
            // that is not part of a date ([`label_floor`] worked out in one pass).
            let (mut before, mut prev) = (0, 0);
            self.toks
                .iter()
                .map(|tok| {
                    while self.sentences.get(s).is_some_and(|r| r.end <= tok.start) {
                        s += 1;
                    }
                    while let Some(p) = self.toks.get(before).filter(|p| p.start < tok.start) {
                        if !is_date_part(flow, p) {
                            prev = p.unit_end;
                        }
                        before += 1;
                    }
                    let floor = self.sentences.get(s).map_or(0, |r| r.start.min(tok.start));
                    let lo = floor.max(prev).min(tok.start);
                    let label = label_from(flow, lo, tok);
                    // The label is a slice of the flow: its place is its offset from the flow's
                    // start (checked; a label that were not would simply not be kept).
                    let a = (label.as_ptr() as usize).wrapping_sub(flow.as_ptr() as usize);
                    match a.checked_add(label.len()).and_then(|b| flow.get(a..b)) {
                        Some(l) if std::ptr::eq(l, label) => (prev, lo, a, a + label.len()),
                        _ => (prev, usize::MAX, 0, 0),
                    }
                })
                .collect()
        });
        // The label depends on the floor only through where it lets the label start.
        let i = partition_near(&self.toks, self.near_token.get(), |p| p.start < t.start);
        self.near_token.set(i);
        match (self.toks.get(i), labels.get(i)) {
            (Some(tok), Some(&(prev, lo, a, b)))
                if tok.start == t.start && tok.end == t.end && floor.max(prev).min(t.start) == lo =>
            {
                flow.get(a..b).unwrap_or_default()
            }
            _ => label_before_str(flow, &self.toks, t, floor),
        }
    }

    /// The label written after a figure and its unit (for `7 个事业参公编制`).
    pub fn label_after(&self, t: &Token) -> String {
        let flow = &self.doc.flow;
        let rest = &flow[t.unit_end..];
        let end = rest
            .char_indices()
            .take(40)
            .find(|(_, c)| is_label_stop(*c))
            .map_or_else(|| rest.char_indices().nth(40).map_or(rest.len(), |(i, _)| i), |(i, _)| i);
        let next = self.toks.partition_point(|n| n.start < t.unit_end);
        let next_num = self.toks.get(next).map_or(flow.len(), |n| n.start);
        let end = end.min(next_num - t.unit_end);
        clean_label(&rest[..end])
    }

    /// Sentences (flow ranges).
    pub fn sentences(&self) -> &[Range<usize>] {
        &self.sentences
    }

    /// Paragraphs (flow ranges).
    pub fn paragraphs(&self) -> &[Range<usize>] {
        &self.paragraphs
    }

    /// The sentences inside a flow range.
    pub fn sentences_in(&self, r: &Range<usize>) -> &[Range<usize>] {
        let a = self.sentences.partition_point(|s| s.start < r.start);
        let b = self.sentences.partition_point(|s| s.start < r.end);
        &self.sentences[a..b]
    }

    /// The flow text of a range.
    pub fn text(&self, r: &Range<usize>) -> &'a str {
        &self.doc.flow[r.clone()]
    }

    /// The text of a flow range with its signature (looked up when `r` is a sentence).
    pub fn said(&self, r: &Range<usize>) -> Said<'a> {
        // Readers go through the sentences in order: the one after the last asked is tried
        // before a search.
        let next = self.last_said.get().wrapping_add(1);
        let i = if self.sentences.get(next).is_some_and(|x| x.start == r.start) {
            next
        } else {
            self.sentences.partition_point(|x| x.start < r.start)
        };
        self.last_said.set(i);
        let text = self.text(r);
        let signature = match self.sentences.get(i) {
            Some(x) if x == r => self.signatures[i],
            _ => signature(text),
        };
        Said { text, signature }
    }

    /// The flow range from the heading whose title contains any of `keys` (at `level` or
    /// above) to the next heading of the same or a higher level.
    pub fn section(&self, level: u8, keys: &[&str]) -> Option<Range<usize>> {
        let i = self.headings.iter().position(|h| h.level <= level && keys.iter().any(|k| h.title.contains(k)))?;
        let h = &self.headings[i];
        let end =
            self.headings[i + 1..].iter().find(|n| n.level <= h.level).map_or(self.doc.flow.len(), |n| n.at.start);
        Some(h.at.end.min(end)..end)
    }

    /// Where the level-1 part (`一、…`) holding flow position `pos` starts (0 before the first).
    pub fn part_start(&self, pos: usize) -> usize {
        let i = self.part_starts.partition_point(|s| *s < pos);
        if i == 0 { 0 } else { self.part_starts[i - 1] }
    }

    /// The nearest heading at or above `level` before flow position `pos`.
    pub fn heading_before(&self, pos: usize, max_level: u8) -> Option<&Heading> {
        let i = self.headings.partition_point(|h| h.at.start < pos);
        self.headings[..i].iter().rev().find(|h| h.level <= max_level)
    }
}

/// The label written before figure `t` in `flow` (whose figures are `toks`): back to a
/// clause stop or the previous figure (never before `floor`), stepping over a parenthesis
/// right before the figure (`因公出国(境)0万元`), with dates and filler words trimmed.
pub fn label_before_in(flow: &str, toks: &[Token], t: &Token, floor: usize) -> String {
    label_before_str(flow, toks, t, floor).to_string()
}

/// [`label_before_in`] without allocating: a slice of `flow`.
pub fn label_before_str<'f>(flow: &'f str, toks: &[Token], t: &Token, floor: usize) -> &'f str {
    label_from(flow, floor.max(label_floor(flow, toks, t)).min(t.start), t)
}

/// Where a figure's label can start at the earliest: the end of the figure before it (dates'
/// parts passed over), or the start of the text.
fn label_floor(flow: &str, toks: &[Token], t: &Token) -> usize {
    let idx = toks.partition_point(|p| p.start < t.start);
    toks[..idx].iter().rev().find(|p| !is_date_part(flow, p)).map_or(0, |p| p.unit_end)
}

/// The label of `t` written in `flow[lo..t.start]`.
fn label_from<'f>(flow: &'f str, lo: usize, t: &Token) -> &'f str {
    let seg = &flow[lo..t.start];
    let label = clean_label_str(strip_date(&seg[label_start(seg)..]));
    // `收入:792.22万元`: the label is the word before the colon.
    if label.is_empty()
        && let Some(before) = seg.trim_end().strip_suffix(':')
    {
        return clean_label_str(strip_date(&before[label_start(before)..]));
    }
    label
}

/// Where the label ends looking back from the end of `seg`: after the last clause stop,
/// stepping over a parenthesis right at the end.
///
/// On bytes, from the end: every stop is ASCII but `、` and `。` (E3 80 81, E3 80 82), whose last
/// byte after E3 80 can be nothing else, and no byte of another character is ASCII.
fn label_start(seg: &str) -> usize {
    let b = seg.as_bytes();
    let mut depth = 0;
    let mut i = b.len();
    while i > 0 {
        i -= 1;
        match b[i] {
            b')' if depth > 0 || i + 1 == b.len() || seg[i + 1..].trim().is_empty() => depth += 1,
            b'(' if depth > 0 => depth -= 1,
            b',' | b':' | b';' | b'\n' | b'\t' | b'(' | b')' | b'|' | b'!' | b'?' if depth == 0 => return i + 1,
            0x81 | 0x82 if depth == 0 && i >= 2 && b[i - 2] == 0xE3 && b[i - 1] == 0x80 => return i + 1,
            _ => {}
        }
    }
    0
}

/// Character bigrams of a label (Chinese characters and digits only).
pub fn bigrams(s: &str) -> Vec<(char, char)> {
    let cs: Vec<char> =
        s.chars().filter(|c| crate::text::is_cjk(*c) && !matches!(c, '“' | '”' | '、' | '。')).collect();
    let mut v: Vec<(char, char)> = cs.windows(2).map(|w| (w[0], w[1])).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Dice similarity of two labels by character bigrams, 0–1.
pub fn similarity(a: &str, b: &str) -> f32 {
    let (x, y) = (bigrams(a), bigrams(b));
    if x.is_empty() || y.is_empty() {
        return if a == b && !a.is_empty() { 1.0 } else { 0.0 };
    }
    bigram_similarity(&x, &y)
}

/// Dice similarity of two sorted, deduplicated bigram sets (from [`bigrams`]), 0–1.
pub fn bigram_similarity(x: &[(char, char)], y: &[(char, char)]) -> f32 {
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    // Counting bigrams is exact; the ratio is only used to rank candidate labels.
    #[allow(clippy::float_arithmetic, clippy::cast_precision_loss)]
    let s = 2.0 * common as f32 / (x.len() + y.len()) as f32;
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_labels_lookup_gives_what_working_it_out_gives_for_every_floor() {
        let text = "一、收入情况\n年初预算数 3325.83 万元,上年 2718.66 万元;其中基本支出 900.47 万元、项目支出 1025.20 万元。\n\
                    2. 人员:编制 30 名(行政编制 22 名),实有 28 人。完成率 96.78%,得分 9.5 分。收入:792.22万元\n";
        let doc = crate::text::Doc::new(text.to_string());
        let r = Reader::new(&doc);
        let flow = doc.flow.as_str();
        let mut asked = 0;
        for s in r.sentences() {
            for t in r.tokens_in(s) {
                for floor in [s.start, 0, t.start] {
                    assert_eq!(r.label_str(t, floor), label_before_str(flow, &r.toks, t, floor), "{t:?} {floor}");
                    asked += 1;
                }
            }
        }
        assert!(asked >= 30, "{asked}");
    }

    #[test]
    fn labels_and_figures_looked_up_near_the_last_are_those_worked_out_in_every_shared_text() {
        for (path, text) in crate::shared_texts() {
            let doc = crate::text::Doc::new(text);
            let r = Reader::new(&doc);
            let flow = doc.flow.as_str();
            for (k, s) in r.sentences().iter().enumerate() {
                // In order, then a jump back (readers do both).
                for s in [s, &r.sentences()[k / 2]] {
                    let a = r.toks.partition_point(|t| t.start < s.start);
                    let b = r.toks.partition_point(|t| t.start < s.end);
                    assert_eq!(r.tokens_in(s), &r.toks[a..b], "{}", path.display());
                    for t in r.tokens_in(s) {
                        for floor in [s.start, 0] {
                            let direct = label_before_str(flow, &r.toks, t, floor);
                            assert_eq!(r.label_str(t, floor), direct, "{} {t:?}", path.display());
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn filler_characters_match_the_filler_lists() {
        for f in LEADING_FILLER {
            assert!(f.chars().next().is_some_and(filler_first), "{f}");
        }
        for f in TRAILING_FILLER {
            assert!(f.chars().next_back().is_some_and(filler_last), "{f}");
        }
    }

    /// [`label_start`] as it reads characters.
    fn label_start_by_chars(seg: &str) -> usize {
        let mut depth = 0;
        for (i, c) in seg.char_indices().rev() {
            match c {
                ')' if depth > 0 || i + 1 == seg.len() || seg[i + 1..].trim().is_empty() => depth += 1,
                '(' if depth > 0 => depth -= 1,
                c if depth == 0 && is_label_stop(c) => return i + c.len_utf8(),
                _ => {}
            }
        }
        0
    }

    proptest::proptest! {
        /// Looking for a label's start on bytes finds it where reading characters does.
        #[test]
        fn label_start_on_bytes_is_label_start_by_chars(seg in "[预算()、。,:;|!? \n\t\u{3000}\u{3001}\u{3002}\u{ff0c}a1]{0,16}") {
            proptest::prop_assert_eq!(label_start(&seg), label_start_by_chars(&seg));
        }

        /// A sentence's signature never rules out a word that is in it.
        #[test]
        fn said_includes_agrees_with_str_contains(text in "[预算决执行率 a1。]{0,24}", word in "[预算决执行率a]{1,3}") {
            let doc = Doc::new(text);
            let r = Reader::new(&doc);
            for s in r.sentences() {
                let said = r.said(s);
                proptest::prop_assert_eq!(said.includes(&word), said.text.contains(word.as_str()));
            }
            let all = 0..doc.flow.len();
            proptest::prop_assert_eq!(r.said(&all).includes(&word), doc.flow.contains(word.as_str()));
        }
    }

    #[test]
    fn labels_before_and_after() {
        let doc = Doc::new(
            "年初预算总数 3325.83 万元,上年预算总数 2718.66 万元。局30名(其中行政编制22名、7 个事业参公编制".into(),
        );
        let r = Reader::new(&doc);
        let labels: Vec<String> = r.toks.iter().map(|t| r.label_before(t, 0)).collect();
        assert_eq!(labels[..4], ["年初预算总数", "上年预算总数", "局", "行政编制"]);
        assert_eq!(r.label_after(&r.toks[4]), "事业参公编制");
        let doc = Doc::new("明细:因公出国(境)0万元,公务用车运行及维护5.35万元".into());
        let r = Reader::new(&doc);
        assert_eq!(r.label_before(&r.toks[0], 0), "因公出国(境)");
    }

    #[test]
    fn similarity_ranks_the_right_label_first() {
        let t = "企业职工基本养老保险人数";
        assert!(similarity(t, "企业养老保险参保人数") > similarity(t, "机关保参保人数"));
        assert!(similarity("城乡居民基本养老保险参保人数", "城乡居民养老保险参保人数") > 0.8);
    }

    #[test]
    fn sections_by_heading() {
        let doc =
            Doc::new("一、基本情况\n(一)概况\n文字。\n(二)收支情况\n收入 1 万元。\n二、结论\n总分 90 分。".into());
        let r = Reader::new(&doc);
        let s = r.section(2, &["收支情况"]).unwrap();
        assert_eq!(r.text(&s).trim(), "收入1万元。");
    }
}
