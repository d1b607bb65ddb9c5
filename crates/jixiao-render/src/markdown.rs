//! The report as Markdown: headings, paragraphs, pipe tables.
//!
//! Every text is written as text: the characters Markdown (or the HTML a Markdown viewer lets
//! through) would read as markup — `<`, `>`, `&`, `*`, `_`, `` ` ``, `[`, `]`, `\`, `|`, and a
//! `#`, `+`, `-`, `=` or `1.` that would open a line — are escaped with a backslash, line
//! breaks inside a text are spaces, and characters XML cannot hold are dropped. A draft says
//! 草稿 under the title.

use crate::model::{Block, DRAFT_MARK, Report, xml_char};

/// `s` as Markdown text that shows as written, at the start of a line.
pub fn escape(s: &str) -> String {
    let mut out = escape_inline(s);
    // What would open a heading, a list or a rule at the start of a line: `#`, `-`, `+`, or a
    // number and `.` or `)`, followed by a blank or the end.
    let digits = out.find(|c: char| !c.is_ascii_digit()).unwrap_or(out.len());
    let marker = if out.starts_with('#') || out.starts_with('-') || out.starts_with('+') {
        Some(0)
    } else if digits > 0 && out[digits..].starts_with(['.', ')']) {
        Some(digits)
    } else {
        None
    };
    if let Some(at) = marker {
        let after = &out[at + 1..];
        if out.starts_with('#') || after.is_empty() || after.starts_with([' ', '\t']) || out.starts_with("--") {
            out.insert(at, '\\');
        }
    }
    out
}

/// `s` as Markdown text that shows as written, inside a line (a table cell, after a label).
pub fn escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars().filter(|c| xml_char(*c)) {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Renders a report as Markdown.
pub fn render(r: &Report) -> String {
    let mut out = format!("# {}\n\n", escape_inline(&r.title));
    if r.meta.draft {
        out.push_str(&format!("> {DRAFT_MARK}\n\n"));
    }
    for (k, v) in &r.cover {
        out.push_str(&format!("{}\u{ff1a}{}  \n", escape(k), escape_inline(v)));
    }
    out.push('\n');
    for b in &r.blocks {
        match b {
            Block::Heading { level, text } => {
                out.push_str(&format!("{} {}\n\n", "#".repeat(usize::from(*level) + 1), escape_inline(text)));
            }
            Block::Para { text } => {
                out.push_str(&escape(text));
                out.push_str("\n\n");
            }
            Block::Note { text } => {
                out.push_str(&format!("> {}\n\n", escape(text)));
            }
            Block::Table(t) => {
                if let Some(c) = &t.caption {
                    out.push_str(&format!("{}\n\n", escape(c)));
                }
                if let Some(u) = &t.unit {
                    out.push_str(&format!("{}\n\n", escape(u)));
                }
                let row = |cells: &[String]| cells.iter().map(|c| escape_inline(c)).collect::<Vec<_>>().join(" | ");
                // Markdown merges no cell: a merged cell's text stands in its first cell and
                // the cells it covers are blank. A form without a header row has its first
                // row as the header.
                let (header, body) = match t.rows.split_first() {
                    Some((first, rest)) if t.header.is_empty() => (first, rest),
                    _ => (&t.header, &t.rows[..]),
                };
                let cols = t.columns();
                out.push_str(&format!("| {} |\n", row(header)));
                out.push_str(&format!(
                    "|{}|\n",
                    (0..cols)
                        .map(|i| if t.numeric.get(i).copied().unwrap_or(false) { " ---: " } else { " --- " })
                        .collect::<Vec<_>>()
                        .join("|")
                ));
                for cells in body {
                    out.push_str(&format!("| {} |\n", row(cells)));
                }
                out.push('\n');
            }
            // Markdown has no pages.
            Block::PageBreak => {}
            Block::Chart(c) => {
                out.push_str(&escape(&crate::typography::fullwidth(&format!("图:{}(见 HTML、Word、PDF 版)", c.title))));
                out.push_str("\n\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_text_is_text() {
        assert_eq!(escape("<script>alert(1)</script>"), "\\<script\\>alert(1)\\</script\\>");
        assert_eq!(escape("<img src=x onerror=alert(1)>"), "\\<img src=x onerror=alert(1)\\>");
        assert_eq!(escape("[点此](javascript:x)"), "\\[点此\\](javascript:x)");
        assert_eq!(escape("a|b\n# 标题"), "a\\|b # 标题");
        assert_eq!(escape("# 标题"), "\\# 标题");
        assert_eq!(escape("1. 第一"), "1\\. 第一");
        assert_eq!(escape("- 项"), "\\- 项");
        assert_eq!(escape("响铃\u{7}字符"), "响铃字符");
        assert_eq!(escape("执行率93.61%,2024年"), "执行率93.61%,2024年");
        assert_eq!(escape("93.61%"), "93.61%");
        assert_eq!(escape("-139.11"), "-139.11");
        assert_eq!(escape("---"), "\\---");
        assert_eq!(escape_inline("-"), "-");
    }

    #[test]
    fn a_draft_says_so() {
        let mut r = Report { title: "报告".into(), ..Default::default() };
        assert!(render(&r).contains("> 草稿\n"));
        r.meta.draft = false;
        assert!(!render(&r).contains("草稿"));
    }
}
