//! A document's text, read as running prose.
//!
//! PDF and OCR text breaks lines inside words and numbers, leaves blanks between Chinese
//! characters (`城乡社 区支出`) and mixes full-width and half-width punctuation. [`Doc`] keeps the
//! document text untouched (every span jixiao reports indexes into it) and builds beside it a
//! *flow*: soft line breaks joined, blanks between Chinese characters dropped, punctuation
//! made half-width, table rows kept as their own lines. Sentences are read from the flow and
//! every flow position maps back to the document text.

use std::ops::Range;

use jixiao_core::Span;

/// The document text and its flow.
pub struct Doc {
    /// The decoded document text; spans index into it.
    pub text: String,
    /// Running text for reading sentences.
    pub flow: String,
    /// Where the flow maps to the text, increasing in both: (flow byte, text byte, copied). A
    /// copied mark starts a run of characters copied unchanged (flow byte `f` in it is text
    /// byte `t + f - m.0`); any other mark is one character changed or inserted, which maps to
    /// its text byte as a whole.
    marks: Vec<Mark>,
    /// Byte ranges (in `text`) of the lines that look like table rows.
    pub table_lines: Vec<Range<usize>>,
}

/// The flow being written, with its marks.
struct FlowBuilder {
    flow: String,
    marks: Vec<Mark>,
    /// The text byte the next copied character must start at to continue the current run.
    run_next: Option<usize>,
}

impl FlowBuilder {
    /// Appends `c`, read as `c0` at text byte `at` (`c != c0`: changed or inserted).
    fn push(&mut self, c: char, c0: char, at: usize) {
        let copied = c == c0;
        if !(copied && self.run_next == Some(at)) {
            self.marks.push(Mark { flow: self.flow.len() as u32, text: at as u32, copied });
        }
        self.run_next = copied.then_some(at + c0.len_utf8());
        self.flow.push(c);
    }

    /// Appends `run`, copied unchanged from text byte `at`.
    fn push_run(&mut self, run: &str, at: usize) {
        if self.run_next != Some(at) {
            self.marks.push(Mark { flow: self.flow.len() as u32, text: at as u32, copied: true });
        }
        self.run_next = Some(at + run.len());
        self.flow.push_str(run);
    }
}

#[derive(Clone, Copy, Debug)]
struct Mark {
    flow: u32,
    text: u32,
    copied: bool,
}

/// Maps full-width punctuation, digits and blanks to their half-width forms.
pub fn half_width(c: char) -> char {
    match c {
        '\u{ff08}' => '(',
        '\u{ff09}' => ')',
        '\u{ff1a}' => ':',
        '\u{ff1b}' => ';',
        '\u{ff0c}' => ',',
        '\u{ff01}' => '!',
        '\u{ff1f}' => '?',
        '\u{201c}' | '\u{201d}' | '\u{ff02}' => '"',
        '\u{2018}' | '\u{2019}' => '\'',
        '\u{ff05}' => '%',
        '\u{ff0e}' => '.',
        '\u{ff0d}' => '-',
        '\u{ff1e}' => '>',
        '\u{ff1c}' => '<',
        '\u{ff1d}' => '=',
        '\u{ff5c}' => '|',
        '\u{3000}' | '\u{a0}' => ' ',
        '\u{ff10}'..='\u{ff19}' => char::from_u32(c as u32 - 0xff10 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

/// Whether `s` may hold a character [`half_width`] changes: false when it has none of their
/// first bytes (C2 for U+00A0, E2 for the curly quotes, EF for the full-width forms) and no
/// U+3000.
pub fn may_have_full_width(s: &str) -> bool {
    memchr::memchr3(0xC2, 0xE2, 0xEF, s.as_bytes()).is_some() || s.includes("\u{3000}")
}

/// Substring search tuned for this crate's case: a short word (two to six Chinese characters)
/// in a sentence or a line. `str::contains` builds a two-way searcher on every call, which
/// costs more than the search itself here. In a short text this compares each window's first and
/// last bytes before the rest; in a longer one it finds the word's last byte with `memchr`.
pub trait Includes {
    /// Whether `word` occurs in `self`.
    fn includes(&self, word: &str) -> bool;
}

impl Includes for String {
    fn includes(&self, word: &str) -> bool {
        self.as_str().includes(word)
    }
}

impl<T: Includes + ?Sized> Includes for &T {
    fn includes(&self, word: &str) -> bool {
        (**self).includes(word)
    }
}

impl Includes for str {
    fn includes(&self, word: &str) -> bool {
        let (h, n) = (self.as_bytes(), word.as_bytes());
        let (Some(&first), Some(&last)) = (n.first(), n.last()) else { return true };
        if n.len() > h.len() {
            return false;
        }
        if h.len() < 96 {
            // Short: a plain loop over the windows beats setting up a vector search.
            let z = n.len() - 1;
            return h.windows(n.len()).any(|w| w[0] == first && w[z] == last && w == n);
        }
        memchr::memchr_iter(last, &h[n.len() - 1..]).any(|i| &h[i..i + n.len()] == n)
    }
}

/// Chinese characters and the full-width punctuation that sits between them.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303f | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0xff00..=0xffef)
        || matches!(c, '“' | '”' | '、' | '。' | '《' | '》' | '≥' | '≤')
}

/// Whether a line starts a new list item or heading: `(1)`, `(一)`, `1.`, `1、`, `一、`,
/// possibly after a bullet `- `.
pub fn starts_item(line: &str) -> bool {
    let t = line.trim_start().trim_start_matches(['-', '•', '*', '·']).trim_start();
    let mut cs = t.chars().map(half_width).peekable();
    let Some(first) = cs.next() else { return false };
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    if first == '(' {
        let mut n = 0;
        while cs.peek().is_some_and(|c| numeral(*c)) {
            cs.next();
            n += 1;
        }
        return n > 0 && cs.next() == Some(')');
    }
    if numeral(first) {
        let mut n = 1;
        while cs.peek().is_some_and(|c| numeral(*c)) {
            cs.next();
            n += 1;
        }
        let ascii_digits = first.is_ascii_digit();
        return match cs.next() {
            Some('、') => true,
            // `1. 部门` is an item; `3127. 20` and `4. 12` are numbers broken by a PDF tool.
            Some('.') => ascii_digits && n <= 2 && cs.find(|c| *c != ' ').is_none_or(|c| !c.is_ascii_digit()),
            Some('是') => !ascii_digits,
            _ => false,
        };
    }
    false
}

/// Whether a line looks like a table row: cells split by tabs, `|` or runs of 2+ spaces.
pub fn is_table_line(line: &str) -> bool {
    let separated = memchr::memchr2(b'\t', b'|', line.as_bytes()).is_some() || line.includes("\u{ff5c}");
    if !separated && !has_blank_run(line) {
        return false;
    }
    let cells = cell_ranges(line);
    (separated || cells.len() >= 3)
        && cells.into_iter().filter(|c| !crate::numbers::is_empty_cell(&line[c.clone()])).nth(1).is_some()
}

/// Whether two blanks (spaces or ideographic spaces, in any mix) follow each other in `line`:
/// one pass over the places a blank can start.
fn has_blank_run(line: &str) -> bool {
    const IDEOGRAPHIC: &[u8] = "\u{3000}".as_bytes();
    let b = line.as_bytes();
    let blank_at = |i: usize| match b.get(i) {
        Some(b' ') => Some(1),
        Some(_) if b.get(i..i + 3) == Some(IDEOGRAPHIC) => Some(3),
        _ => None,
    };
    memchr::memchr2_iter(b' ', IDEOGRAPHIC[0], b).any(|i| blank_at(i).is_some_and(|n| blank_at(i + n).is_some()))
}

/// Splits a table line into cells (byte ranges relative to the line).
///
/// On bytes: a separator (tab, `|`, `｜` = EF BD 9C) or a blank (space, U+3000 = E3 80 80) starts
/// with a byte no other character has at its start, and no byte inside a character is ASCII,
/// EF or E3.
pub fn cell_ranges(line: &str) -> Vec<Range<usize>> {
    const FULL_BAR: &[u8] = "\u{ff5c}".as_bytes();
    const IDEOGRAPHIC: &[u8] = "\u{3000}".as_bytes();
    let b = line.as_bytes();
    let blank_at = |i: usize| match b.get(i) {
        Some(b' ') => 1,
        Some(_) if b.get(i..i + 3) == Some(IDEOGRAPHIC) => 3,
        _ => 0,
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let by_separator = memchr::memchr2(b'\t', b'|', b).is_some() || line.includes("\u{ff5c}");
    while let Some(&x) = b.get(i) {
        let sep_len = match x {
            b'\t' | b'|' => 1,
            0xEF if b.get(i..i + 3) == Some(FULL_BAR) => 3,
            b' ' | 0xE3 if !by_separator => {
                // a run of two or more blanks separates cells
                let (mut run, mut count) = (0, 0);
                while let n @ 1.. = blank_at(i + run) {
                    run += n;
                    count += 1;
                }
                if count >= 2 { run } else { 0 }
            }
            _ => 0,
        };
        if sep_len > 0 {
            out.push(start..i);
            i += sep_len;
            start = i;
        } else {
            i += 1;
        }
    }
    out.push(start..line.len());
    out
}

/// The cells of a table line as text.
pub fn split_cells(line: &str) -> Vec<&str> {
    cell_ranges(line).into_iter().map(|r| &line[r]).collect()
}

/// A heading line: an item marker, no comma, and not cut in the middle of a number.
fn is_heading(line: &str) -> bool {
    let t = line.trim_end();
    starts_item(t)
        && !t.contains([',', '\u{ff0c}'])
        && !t.chars().last().is_some_and(|c| half_width(c).is_ascii_digit() || c == '.')
}

fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end();
    t.chars().last().map(half_width).is_some_and(|c| matches!(c, '。' | '!' | '?' | ';' | ':'))
}

/// What to do with the blanks between two characters in the flow.
fn keep_blank(prev: char, next: char) -> bool {
    let ascii = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '%' | '-' | '+');
    ascii(prev) && ascii(next)
}

/// The lines of `text` holding `word` (a word of one line), in order, each once: its start and
/// the line with its `\n` (as `split_inclusive('\n')` gives it). Found from the word's occurrences, not by
/// going through every line.
pub(crate) fn lines_with<'t>(text: &'t str, word: &str) -> impl Iterator<Item = (usize, &'t str)> {
    let b = text.as_bytes();
    let mut next = 0;
    memchr::memmem::find_iter(b, word.as_bytes()).filter_map(move |at| {
        if at < next {
            return None;
        }
        let start = memchr::memrchr(b'\n', &b[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |i| at + i + 1);
        next = end;
        Some((start, &text[start..end]))
    })
}

/// The byte range of each line of `text`, without its `\n` (a last line without one included).
pub(crate) fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut s = 0;
    for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
        lines.push(s..i);
        s = i + 1;
    }
    lines.push(s..text.len());
    lines
}

impl Doc {
    /// Builds the flow of a document text.
    pub fn new(text: String) -> Doc {
        let marks: Vec<Mark> = Vec::with_capacity(text.len() / 64 + 16);
        let mut table_lines = Vec::new();
        // Lines with their byte ranges.
        let lines = line_ranges(&text);

        let mut pending_blank = false; // a blank (or soft break) waits between characters
        let mut prev_char: Option<char> = None;
        let mut prev_line: Option<(&str, bool)> = None; // (line, was table)
        let mut out = FlowBuilder { flow: String::with_capacity(text.len()), marks, run_next: None };
        for r in &lines {
            let line = text[r.clone()].trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            let table = is_table_line(line);
            if table {
                table_lines.push(r.start..r.start + line.len());
            }
            // Break before this line: hard or soft.
            if let Some((pl, ptable)) = prev_line {
                let hard = table || ptable || ends_sentence(pl) || starts_item(line) || is_heading(pl);
                if hard {
                    out.push('\n', '\0', r.start.saturating_sub(1));
                    prev_char = Some('\n');
                    pending_blank = false;
                } else {
                    pending_blank = true;
                }
            }
            let bytes = line.as_bytes();
            let mut off = 0;
            while off < line.len() {
                // Fast path: a run of Chinese characters (lead bytes E4 to E9: U+4000 to U+9FFF)
                // and printable ASCII is copied as it is.
                if !pending_blank {
                    let mut j = off;
                    while let Some(&b) = bytes.get(j) {
                        match b {
                            0x21..=0x7e => j += 1,
                            0xE4..=0xE9 => j += 3,
                            _ => break,
                        }
                    }
                    if j > off {
                        let run = &line[off..j];
                        out.push_run(run, r.start + off);
                        prev_char = run.chars().next_back();
                        off = j;
                        continue;
                    }
                }
                let Some(c0) = line[off..].chars().next() else { break };
                let at = r.start + off;
                off += c0.len_utf8();
                let c = half_width(c0);
                if table {
                    out.push(if c == '\r' { ' ' } else { c }, c0, at);
                    prev_char = Some(c);
                    continue;
                }
                if c.is_whitespace() {
                    pending_blank = true;
                    continue;
                }
                if pending_blank {
                    if let Some(p) = prev_char
                        && p != '\n'
                        && keep_blank(p, c)
                    {
                        out.push(' ', '\0', jixiao_core::source::floor_char_boundary(&text, at.saturating_sub(1)));
                    }
                    pending_blank = false;
                }
                out.push(c, c0, at);
                prev_char = Some(c);
            }
            prev_line = Some((line, table));
            pending_blank = !table && pending_blank;
        }
        let FlowBuilder { flow, marks, .. } = out;
        Doc { text, flow, marks, table_lines }
    }

    /// The text byte where the flow character holding flow byte `f` starts.
    fn text_at(&self, f: usize) -> usize {
        self.text_at_mark(self.marks.partition_point(|m| m.flow as usize <= f), f)
    }

    /// [`Doc::text_at`] given how many marks start at or before flow byte `f` (`n`).
    fn text_at_mark(&self, n: usize, f: usize) -> usize {
        let Some(m) = self.marks.get(n.saturating_sub(1)) else { return 0 };
        if !m.copied || f < m.flow as usize {
            return m.text as usize;
        }
        let f = jixiao_core::source::floor_char_boundary(&self.flow, f);
        m.text as usize + f.saturating_sub(m.flow as usize)
    }

    /// The document-text span of a flow byte range.
    pub fn span(&self, flow: Range<usize>) -> Span {
        self.span_by(flow, |f| self.text_at(f))
    }

    /// [`Doc::span`] with `text_at` mapping a flow byte to its text byte.
    fn span_by(&self, flow: Range<usize>, mut text_at: impl FnMut(usize) -> usize) -> Span {
        if self.marks.is_empty() || flow.start >= flow.end {
            let at = text_at(flow.start);
            return Span::new(at, at);
        }
        let a = text_at(flow.start);
        let last = text_at(flow.end - 1);
        let len = self.text.get(last..).and_then(|t| t.chars().next()).map_or(0, char::len_utf8);
        Span::new(a, last + len)
    }

    /// A [`Spans`] over this document, for ranges asked (mostly) in flow order.
    pub fn spans(&self) -> Spans<'_> {
        Spans { doc: self, near: 0 }
    }

    /// Sentences of the flow: split at 。 ! ? ; and line breaks.
    pub fn sentences(&self) -> Vec<Range<usize>> {
        let b = self.flow.as_bytes();
        if memchr::memchr2(b'!', b'?', b).is_some() {
            return split_flow(&self.flow, |c| matches!(c, '。' | '!' | '?' | ';' | '\n'));
        }
        // 。 is E3 80 82; E3 is never a continuation byte, so 82 after E3 80 is always 。.
        let stops = memchr::memchr3_iter(b'\n', b';', 0x82, b).filter_map(|i| match b[i] {
            0x82 => (i >= 2 && b[i - 2] == 0xE3 && b[i - 1] == 0x80).then(|| (i - 2)..(i + 1)),
            _ => Some(i..i + 1),
        });
        split_at(b.len(), stops)
    }

    /// Paragraphs of the flow: split at line breaks only.
    pub fn paragraphs(&self) -> Vec<Range<usize>> {
        split_at(self.flow.len(), memchr::memchr_iter(b'\n', self.flow.as_bytes()).map(|i| i..i + 1))
    }
}

/// [`Doc::span`] for flow ranges asked (mostly) in flow order, as readers going through the
/// figures ask: each look-up of a mark starts from where the last one ended and gallops out
/// from there (a few steps per figure in order, a logarithmic search for a jump anywhere),
/// instead of a binary search over all the marks. The spans are [`Doc::span`]'s.
pub struct Spans<'d> {
    doc: &'d Doc,
    /// How many marks started at or before the flow byte last looked up.
    near: usize,
}

impl Spans<'_> {
    /// The document-text span of a flow byte range.
    pub fn span(&mut self, flow: Range<usize>) -> Span {
        let doc = self.doc;
        doc.span_by(flow, |f| {
            self.near = marks_at_or_before(&doc.marks, f, self.near);
            doc.text_at_mark(self.near, f)
        })
    }
}

/// How many of `marks` start at or before flow byte `f` (`marks.partition_point(..)`), searched
/// from `near` outwards by doubling steps.
fn marks_at_or_before(marks: &[Mark], f: usize, near: usize) -> usize {
    partition_near(marks, near, |m| m.flow as usize <= f)
}

/// [`slice::partition_point`] searched from `near` outwards by doubling steps (galloping): the
/// same index, in a few steps when it is close to `near` (readers going through a document in
/// order ask for the next place after the last), in twice a binary search's steps at worst.
pub(crate) fn partition_near<T>(v: &[T], near: usize, pred: impl Fn(&T) -> bool) -> usize {
    let is = |i: usize| v.get(i).is_some_and(&pred);
    let near = near.min(v.len());
    let (lo, hi) = if near == 0 || is(near - 1) {
        // The answer is at `near` or after: everything before `lo` satisfies `pred`.
        let (mut lo, mut step) = (near, 1);
        loop {
            let probe = lo + step;
            if probe > v.len() {
                break (lo, v.len());
            }
            if !is(probe - 1) {
                break (lo, probe - 1);
            }
            lo = probe;
            step *= 2;
        }
    } else {
        // The answer is before `near`: the element at `hi` does not satisfy `pred`.
        let (mut hi, mut step) = (near - 1, 1);
        loop {
            if hi < step {
                break (0, hi);
            }
            let probe = hi - step;
            if is(probe) {
                break (probe + 1, hi);
            }
            hi = probe;
            step *= 2;
        }
    };
    lo + v.get(lo..hi).map_or(0, |w| w.partition_point(&pred))
}

/// The non-empty pieces of `0..len` between the increasing delimiter ranges `stops`.
fn split_at(len: usize, stops: impl Iterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(len / 48 + 1);
    let mut start = 0;
    for d in stops {
        if d.start > start {
            out.push(start..d.start);
        }
        start = d.end;
    }
    if start < len {
        out.push(start..len);
    }
    out
}

/// Splits the flow at the characters `at` accepts, working on bytes: a delimiter is an
/// ASCII byte or one of the few CJK punctuation marks (all three bytes long).
fn split_flow(flow: &str, at: impl Fn(char) -> bool) -> Vec<Range<usize>> {
    let bytes = flow.as_bytes();
    let mut out = Vec::with_capacity(flow.len() / 48 + 1);
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (c, len) = if b < 0x80 {
            (b as char, 1)
        } else if b == 0xE3 && i + 2 < bytes.len() {
            // 。 (E3 80 82) is the only non-ASCII delimiter
            (if bytes[i + 1] == 0x80 && bytes[i + 2] == 0x82 { '。' } else { '\0' }, 3)
        } else {
            let len = match b {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            ('\0', len)
        };
        if c != '\0' && at(c) {
            if i > start {
                out.push(start..i);
            }
            start = i + len;
        }
        i += len;
    }
    if start < flow.len() {
        out.push(start..flow.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`cell_ranges`] as it reads characters.
    fn cell_ranges_by_chars(line: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut i = 0;
        let by_separator = line.contains('\t') || line.contains('|') || line.contains('\u{ff5c}');
        while i < line.len() {
            let c = line[i..].chars().next().unwrap_or(' ');
            let sep_len = if c == '\t' || c == '|' || c == '\u{ff5c}' {
                c.len_utf8()
            } else if !by_separator && (c == ' ' || c == '\u{3000}') {
                // a run of two or more blanks separates cells
                let run: usize =
                    line[i..].chars().take_while(|c| *c == ' ' || *c == '\u{3000}').map(char::len_utf8).sum();
                let count = line[i..].chars().take_while(|c| *c == ' ' || *c == '\u{3000}').count();
                if count >= 2 { run } else { 0 }
            } else {
                0
            };
            if sep_len > 0 {
                out.push(start..i);
                i += sep_len;
                start = i;
            } else {
                i += c.len_utf8();
            }
        }
        out.push(start..line.len());
        out
    }

    #[test]
    fn a_run_of_blanks_is_two_spaces_or_ideographic_spaces_in_any_mix() {
        for yes in ["a  b", "a\u{3000}\u{3000}b", "a \u{3000}b", "a\u{3000} b", "预算数  决算数"] {
            assert!(has_blank_run(yes), "{yes:?}");
        }
        for no in ["a b", "a\u{3000}b", "、。,", "预算数 决算数", "", " ", "\u{3000}"] {
            assert!(!has_blank_run(no), "{no:?}");
        }
    }

    #[test]
    fn includes_finds_words_as_str_contains_does() {
        for (h, n) in [
            ("年初预算总数3325.83万元", "预算"),
            ("年初预算总数3325.83万元", "万元"),
            ("年初预算总数3325.83万元", "年初"),
            ("年初预算总数", "决算"),
            ("预", "预算"),
            ("", "预算"),
            ("abc", ""),
            ("a  b", "  "),
            ("算预算", "预算"),
        ] {
            assert_eq!(h.includes(n), h.contains(n), "{h} / {n}");
        }
    }

    proptest::proptest! {
        /// Every character of the flow maps back to the text character it was read from.
        #[test]
        fn flow_characters_map_back_to_their_text(text in "[预算a1.\u{ff11}\u{ff0c}\u{3000} |\t\n\r。]{0,40}") {
            let d = Doc::new(text.clone());
            for (f, c) in d.flow.char_indices() {
                let sp = d.span(f..f + c.len_utf8());
                let Some(src) = d.text.get(sp.start..sp.end) else {
                    return Err(proptest::test_runner::TestCaseError::fail(format!("{sp:?} not in the text")));
                };
                if c != ' ' && c != '\n' {
                    let mut cs = src.chars();
                    let c0 = cs.next().unwrap_or('\0');
                    proptest::prop_assert!(cs.next().is_none(), "{f}: {src:?}");
                    proptest::prop_assert_eq!(half_width(c0), c, "flow byte {} in {:?}", f, d.flow);
                }
            }
        }

        /// The memchr-based splitting gives the same pieces as the general one.
        #[test]
        fn sentences_and_paragraphs_split_as_the_general_splitter(flow in "[预。;\n!a\u{3001}\u{3002}]{0,30}") {
            let d = Doc { text: String::new(), flow: flow.clone(), marks: vec![], table_lines: vec![] };
            proptest::prop_assert_eq!(d.sentences(), split_flow(&flow, |c| matches!(c, '。' | '!' | '?' | ';' | '\n')));
            proptest::prop_assert_eq!(d.paragraphs(), split_flow(&flow, |c| c == '\n'));
        }

        /// Cells split on bytes are those split character by character.
        #[test]
        fn cells_on_bytes_are_cells_by_chars(line in "[预算a1 |\t\u{3000}\u{ff5c}\u{3001}\u{ff0c}]{0,24}") {
            proptest::prop_assert_eq!(cell_ranges(&line), cell_ranges_by_chars(&line));
        }

        /// The lines found from a word's occurrences are the lines holding it.
        #[test]
        fn lines_with_a_word_are_the_lines_holding_it(text in "[预算决\n a]{0,30}", word in "[预算 ]{1,2}") {
            let mut at = 0;
            let mut direct = Vec::new();
            for line in text.split_inclusive('\n') {
                if line.contains(word.as_str()) {
                    direct.push((at, line));
                }
                at += line.len();
            }
            let found: Vec<(usize, &str)> = lines_with(&text, &word).collect();
            proptest::prop_assert_eq!(found, direct);
        }

        /// A text said to have no full-width form has none [`half_width`] changes.
        #[test]
        fn no_full_width_bytes_means_nothing_to_make_half_width(s in "[预算a1 .,:()\u{3000}\u{a0}\u{201c}\u{2019}\u{ff08}\u{ff11}\u{ff5c}\u{3001}]{0,12}") {
            if !may_have_full_width(&s) {
                proptest::prop_assert!(s.chars().all(|c| half_width(c) == c), "{:?}", s);
            }
        }

        /// Galloping from any place finds what a binary search finds.
        #[test]
        fn partition_near_is_partition_point(mut v in proptest::collection::vec(0u8..40, 0..50), x in 0u8..45, near in 0usize..60) {
            v.sort_unstable();
            proptest::prop_assert_eq!(partition_near(&v, near, |e| *e < x), v.partition_point(|e| *e < x));
            proptest::prop_assert_eq!(partition_near(&v, near, |e| *e <= x), v.partition_point(|e| *e <= x));
        }

        /// A walk of spans gives each range the span [`Doc::span`] gives it, in any order.
        #[test]
        fn spans_walked_are_the_docs_spans(
            text in "[预算a1.\u{ff11}\u{ff0c}\u{3000} |\t\n。]{0,60}",
            asks in proptest::collection::vec((0usize..80, 0usize..8), 0..40),
        ) {
            let d = Doc::new(text);
            let mut w = d.spans();
            for (a, n) in asks {
                let a = a.min(d.flow.len());
                let r = a..(a + n).min(d.flow.len());
                proptest::prop_assert_eq!(w.span(r.clone()), d.span(r));
            }
            let mut w = d.spans();
            for (f, c) in d.flow.char_indices() {
                let r = f..f + c.len_utf8();
                proptest::prop_assert_eq!(w.span(r.clone()), d.span(r));
            }
        }

        #[test]
        fn includes_agrees_with_str_contains(h in "[预算决 a.]{0,12}", n in "[预算决 a.]{0,3}") {
            proptest::prop_assert_eq!(h.includes(&n), h.contains(n.as_str()));
        }
    }

    #[test]
    fn joins_soft_breaks_and_drops_blanks_between_chinese() {
        let d = Doc::new("乐昌市人社局设8\n\n个内设机构:办公室、执法股。\n二、自评结论".to_string());
        assert_eq!(d.flow, "乐昌市人社局设8个内设机构:办公室、执法股。\n二、自评结论");
        let d = Doc::new("收入 3325.83 万元,城乡社 区支出".to_string());
        assert_eq!(d.flow, "收入3325.83万元,城乡社区支出");
    }

    #[test]
    fn keeps_blanks_between_digits_and_maps_back() {
        let text = "完成率 116. 27%,参保 0 0 人".to_string();
        let d = Doc::new(text.clone());
        assert_eq!(d.flow, "完成率116. 27%,参保0 0人");
        let f = d.flow.find("116").unwrap();
        let s = d.span(f..f + "116. 27%".len());
        assert_eq!(&text[s.start..s.end], "116. 27%");
    }

    #[test]
    fn items_and_tables_make_hard_breaks() {
        let d = Doc::new(
            "(一) 部门整体概况\n1. 部门主要职责。\n201\t一般公共服务支出\t2.00\t0.20\n206\t科学技术支出\t20.00\t15.88"
                .to_string(),
        );
        assert_eq!(d.flow.matches('\n').count(), 3, "{:?}", d.flow);
        assert_eq!(d.table_lines.len(), 2);
    }

    #[test]
    fn full_width_punctuation_is_made_half_width() {
        let d = Doc::new("经费（万元）：１２．５".to_string());
        assert_eq!(d.flow, "经费(万元):12.5");
    }

    #[test]
    fn list_markers() {
        for l in ["(1) 贯彻", "- (7) 会同", "1. 部门", "一、部门", "(一)部门", "四是卫生", "\u{ff08}2\u{ff09}"]
        {
            assert!(starts_item(l), "{l}");
        }
        for l in ["2024 年", "1.5 万元", "城乡社区", "3127. 20", "4. 12"] {
            assert!(!starts_item(l), "{l}");
        }
    }

    #[test]
    fn cells_by_tab_pipe_or_blank_runs() {
        assert_eq!(split_cells("201\t一、一般公共 服务支出\t2.00"), vec!["201", "一、一般公共 服务支出", "2.00"]);
        assert_eq!(split_cells("年度资金总额 | 329.77 | 338.31 |"), vec!["年度资金总额 ", " 329.77 ", " 338.31 ", ""]);
        assert_eq!(split_cells("合计    3325.83   3113.18"), vec!["合计", "3325.83", "3113.18"]);
    }
}
