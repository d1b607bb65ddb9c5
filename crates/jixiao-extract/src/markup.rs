//! The text of HTML and Markdown reports, in the shape the readers expect of any document:
//! one paragraph per line, table rows as lines with cells separated by tabs.
//!
//! HTML: tags are dropped, block elements end lines, `<td>`/`<th>` become tabs, entities are
//! decoded, and what is not text — `<head>`, `<style>`, `<script>`, and the text drawn inside
//! `<svg>` charts — is skipped. Markdown: heading and quote markers are dropped and pipe
//! tables become tab-separated rows. Neither reader fails: markup it does not understand is
//! kept as text.

/// Elements whose content is not report text.
const SKIPPED: &[&str] = &["head", "style", "script", "svg", "template", "noscript"];
/// Elements that end a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "table",
    "caption",
    "figure",
    "figcaption",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dt",
    "dd",
    "thead",
    "tbody",
    "body",
    "title",
];

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "ldquo" => '\u{201c}',
        "rdquo" => '\u{201d}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "mdash" => '\u{2014}',
        "ndash" => '\u{2013}',
        "hellip" => '\u{2026}',
        "middot" => '\u{b7}',
        "times" => '\u{d7}',
        "divide" => '\u{f7}',
        "ge" => '\u{2265}',
        "le" => '\u{2264}',
        "yen" => '\u{a5}',
        "permil" => '\u{2030}',
        _ => return None,
    })
}

/// Appends text with entities decoded and white space collapsed as a browser would.
fn push_text(out: &mut String, text: &str) {
    let mut rest = text;
    while !rest.is_empty() {
        let (c, len) = if let Some(after) = rest.strip_prefix('&')
            && let Some(end) = after.find(';').filter(|e| *e <= 10)
            && let Some(c) = entity(&after[..end])
        {
            (c, end + 2)
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        };
        rest = &rest[len..];
        if c.is_ascii_whitespace() {
            if !(out.is_empty() || out.ends_with([' ', '\n', '\t'])) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

fn end_line(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// The name of a tag (`<td class="num">` → `td`, `</p>` → `p`), lower-cased, and whether it
/// closes.
fn tag_name(tag: &str) -> (String, bool) {
    let t = tag.trim_start();
    let (closing, t) = match t.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let name: String = t.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    (name.to_ascii_lowercase(), closing)
}

/// The end of a tag starting after `<`: the index of its `>`, quotes respected.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The text of an HTML document.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut skip: Vec<String> = Vec::new();
    let mut cell_started = false;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if skip.is_empty() {
            push_text(&mut out, &rest[..lt]);
        }
        let after = &rest[lt + 1..];
        if let Some(comment) = after.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |e| &comment[e + 3..]);
            continue;
        }
        let opens_tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
        let Some(end) = tag_end(after).filter(|_| opens_tag) else {
            // A lone `<`: text.
            if skip.is_empty() {
                out.push('<');
            }
            rest = after;
            continue;
        };
        let tag = &after[..end];
        rest = &after[end + 1..];
        if tag.starts_with(['!', '?']) {
            continue;
        }
        let (name, closing) = tag_name(tag);
        if name.is_empty() {
            continue;
        }
        let self_closing = tag.trim_end().ends_with('/');
        if SKIPPED.contains(&name.as_str()) {
            if closing {
                if let Some(i) = skip.iter().rposition(|s| *s == name) {
                    skip.truncate(i);
                }
            } else if !self_closing {
                skip.push(name);
            }
            continue;
        }
        if !skip.is_empty() {
            continue;
        }
        match (name.as_str(), closing) {
            ("br", _) | ("hr", _) => end_line(&mut out),
            ("tr", false) => {
                end_line(&mut out);
                cell_started = false;
            }
            ("tr", true) => end_line(&mut out),
            ("td" | "th", false) => {
                while out.ends_with(' ') {
                    out.pop();
                }
                if cell_started {
                    out.push('\t');
                }
                cell_started = true;
            }
            (n, _) if BLOCKS.contains(&n) => end_line(&mut out),
            _ => {}
        }
    }
    if skip.is_empty() {
        push_text(&mut out, rest);
    }
    end_line(&mut out);
    out
}

/// Whether a Markdown line is a table's delimiter row (`| --- | ---: |`).
fn delimiter_row(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.contains('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// The cells of a pipe-table row, `\|` unescaped.
fn pipe_cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').filter(|r| !r.ends_with('\\')).unwrap_or(t);
    let mut cells = vec![String::new()];
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                if let Some(s) = cells.last_mut() {
                    s.push('|');
                }
            }
            '|' => cells.push(String::new()),
            c => {
                if let Some(s) = cells.last_mut() {
                    s.push(c);
                }
            }
        }
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

/// The text of a Markdown document.
pub fn markdown_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for line in md.lines() {
        let t = line.trim_end();
        let trimmed = t.trim_start();
        if delimiter_row(trimmed) {
            continue;
        }
        let text = if trimmed.starts_with('|') {
            pipe_cells(trimmed).join("\t")
        } else if let Some(h) = trimmed.strip_prefix('#') {
            h.trim_start_matches('#').trim().to_string()
        } else if let Some(q) = trimmed.strip_prefix('>') {
            q.trim().to_string()
        } else {
            t.to_string()
        };
        out.push_str(&text);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_blocks_cells_entities_and_skipped_parts() {
        let html = "<!DOCTYPE html><html><head><title>标题</title><style>p{x:1}</style></head><body>\
            <h2>一、基本情况</h2><p>年初预算 3325.83 万元 &amp; 执行率&nbsp;93.61%。</p>\
            <!-- a comment <p>no</p> --><table><tr><th>项目</th><th>预算数</th></tr>\
            <tr><td>合计</td><td class=\"num\">3325.83</td></tr></table>\
            <figure><svg><text>2827.71</text></svg><figcaption>图:结构</figcaption></figure>\
            <p>a &lt;b&gt; &#x2f; &#47; &unknown; 1 < 2</p></body></html>";
        assert_eq!(
            html_text(html),
            "一、基本情况\n年初预算 3325.83 万元 & 执行率 93.61%。\n项目\t预算数\n合计\t3325.83\n图:结构\na <b> / / &unknown; 1 < 2\n"
        );
    }

    #[test]
    fn html_never_fails_on_broken_markup() {
        for s in [
            "<",
            "<p",
            "<p>abc",
            "</svg>x",
            "<svg>never closed",
            "&",
            "&#xffffffff;",
            "<a href='>'>t</a>",
            "<>",
            "<!--",
        ] {
            let _ = html_text(s);
        }
        assert_eq!(html_text("<a href='x>y'>t</a>"), "t\n");
    }

    #[test]
    fn markdown_headings_quotes_and_pipe_tables() {
        let md = "# 标题\n\n## 一、情况\n\n> 未填报。\n\n| 项目 | 预算数 |\n| --- | ---: |\n| 合计 | 3325.83 |\n| a\\|b | 1 |\n\n正文  \n";
        assert_eq!(markdown_text(md), "标题\n\n一、情况\n\n未填报。\n\n项目\t预算数\n合计\t3325.83\na|b\t1\n\n正文\n");
    }
}
