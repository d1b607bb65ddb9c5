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
    /// (flow byte, text byte) of every flow character, increasing in both.
    marks: Vec<(u32, u32)>,
    /// Byte ranges (in `text`) of the lines that look like table rows.
    pub table_lines: Vec<Range<usize>>,
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
    let separated = line.contains('\t') || line.contains('|') || line.contains('\u{ff5c}');
    if !separated && !line.contains("  ") && !line.contains("\u{3000}\u{3000}") && !line.contains(" \u{3000}") {
        return false;
    }
    let cells = split_cells(line);
    cells.iter().filter(|c| !crate::numbers::is_empty_cell(c)).count() >= 2
        && (line.contains('\t') || line.contains('|') || line.contains('\u{ff5c}') || cells.len() >= 3)
}

/// Splits a table line into cells (byte ranges relative to the line).
pub fn cell_ranges(line: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut start = 0;
    let mut i = 0;
    let by_separator = line.contains('\t') || line.contains('|') || line.contains('\u{ff5c}');
    while i < line.len() {
        let c = line[i..].chars().next().unwrap_or(' ');
        let sep_len = if c == '\t' || c == '|' || c == '\u{ff5c}' {
            c.len_utf8()
        } else if !by_separator && (c == ' ' || c == '\u{3000}') {
            // a run of two or more blanks separates cells
            let run: usize = line[i..].chars().take_while(|c| *c == ' ' || *c == '\u{3000}').map(char::len_utf8).sum();
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
    let _ = bytes;
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

impl Doc {
    /// Builds the flow of a document text.
    pub fn new(text: String) -> Doc {
        let mut flow = String::with_capacity(text.len());
        let mut marks: Vec<(u32, u32)> = Vec::with_capacity(text.len() / 2 + 16);
        let mut table_lines = Vec::new();
        // Lines with their byte ranges.
        let mut lines: Vec<Range<usize>> = Vec::new();
        let mut s = 0;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                lines.push(s..i);
                s = i + 1;
            }
        }
        lines.push(s..text.len());

        let mut pending_blank = false; // a blank (or soft break) waits between characters
        let mut prev_char: Option<char> = None;
        let mut prev_line: Option<(&str, bool)> = None; // (line, was table)
        let push = |flow: &mut String, marks: &mut Vec<(u32, u32)>, c: char, at: usize| {
            marks.push((flow.len() as u32, at as u32));
            flow.push(c);
        };
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
                    push(&mut flow, &mut marks, '\n', r.start.saturating_sub(1));
                    prev_char = Some('\n');
                    pending_blank = false;
                } else {
                    pending_blank = true;
                }
            }
            for (off, c0) in line.char_indices() {
                let at = r.start + off;
                let c = half_width(c0);
                if table {
                    push(&mut flow, &mut marks, if c == '\r' { ' ' } else { c }, at);
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
                        push(&mut flow, &mut marks, ' ', at.saturating_sub(1));
                    }
                    pending_blank = false;
                }
                push(&mut flow, &mut marks, c, at);
                prev_char = Some(c);
            }
            prev_line = Some((line, table));
            pending_blank = !table && pending_blank;
        }
        Doc { text, flow, marks, table_lines }
    }

    /// The index in `marks` of the flow character at or before flow byte `f`.
    fn mark_at(&self, f: usize) -> usize {
        match self.marks.binary_search_by_key(&(f as u32), |m| m.0) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The document-text span of a flow byte range.
    pub fn span(&self, flow: Range<usize>) -> Span {
        if self.marks.is_empty() || flow.start >= flow.end {
            let at = self.marks.get(self.mark_at(flow.start)).map_or(0, |m| m.1 as usize);
            return Span::new(at, at);
        }
        let a = self.marks[self.mark_at(flow.start)].1 as usize;
        let last = self.marks[self.mark_at(flow.end - 1)].1 as usize;
        let len = self.text[last..].chars().next().map_or(0, char::len_utf8);
        Span::new(a, last + len)
    }

    /// Sentences of the flow: split at 。 ! ? ; and line breaks.
    pub fn sentences(&self) -> Vec<Range<usize>> {
        split_flow(&self.flow, |c| matches!(c, '。' | '!' | '?' | ';' | '\n'))
    }

    /// Paragraphs of the flow: split at line breaks only.
    pub fn paragraphs(&self) -> Vec<Range<usize>> {
        split_flow(&self.flow, |c| c == '\n')
    }
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
