//! Quoting a text with marks under its figures, in time proportional to what is shown.
//!
//! `annotate-snippets` reads the whole source it is given into lines for every snippet; given
//! a whole document for each finding, showing k findings of an n-byte text costs k·n. Here
//! each snippet is given only the lines its marks are on (found by binary search in the
//! document's [`LineIndex`], made once), numbered from where they are in the document, so the
//! quoted lines, line numbers and columns are the same as if the whole text had been given.

use annotate_snippets::{Annotation, AnnotationKind, Snippet};
use jixiao_core::source::{LineIndex, Span};

/// A mark under a figure: where, primary or context, and its label.
pub(crate) struct Mark {
    pub span: Span,
    pub kind: AnnotationKind,
    pub label: Option<String>,
}

/// The 0-based line `annotate-snippets` shows an offset on: past the text's end, its last
/// line (not the empty line after a closing line break).
fn shown_line(text: &str, lines: &LineIndex, offset: usize) -> usize {
    if offset >= text.len() { lines.line_of(text.len().saturating_sub(1)) } else { lines.line_of(offset) }
}

/// Marks whose lines are at most this many lines apart are quoted in one snippet.
const SAME_SNIPPET_LINES: usize = 20;

/// The snippets quoting `marks`: marks within [`SAME_SNIPPET_LINES`] of each other in one
/// snippet, farther ones in the next (the primary mark's first, the others in the order of the
/// text) — so that a finding about two
/// places far apart (a figure on page 1 and its restatement on page 40) quotes the two places,
/// not everything between them, and costs what it shows.
pub(crate) fn snippets<'a>(
    text: &'a str,
    lines: &LineIndex,
    name: &str,
    mut marks: Vec<Mark>,
) -> Vec<Snippet<'a, Annotation<'a>>> {
    marks.sort_by_key(|m| (m.span.start, m.span.end));
    let mut groups: Vec<Vec<Mark>> = Vec::new();
    let mut reach: Option<usize> = None;
    for m in marks {
        let first = shown_line(text, lines, m.span.start);
        let last = shown_line(text, lines, if m.span.end > m.span.start { m.span.end - 1 } else { m.span.start });
        match (reach, groups.last_mut()) {
            (Some(r), Some(g)) if first <= r + SAME_SNIPPET_LINES => g.push(m),
            _ => groups.push(vec![m]),
        }
        reach = Some(reach.map_or(last, |r| r.max(last)));
    }
    // The primary figure's place first: it is the place the finding's heading names.
    groups.sort_by_key(|g| !g.iter().any(|m| m.kind == AnnotationKind::Primary));
    groups.into_iter().map(|g| snippet(text, lines, name, g)).collect()
}

/// A snippet of `text` named `name` with `marks` (spans into `text`), holding only the lines
/// from the first mark's to the last mark's (without marks: the whole text, as before).
pub(crate) fn snippet<'a>(
    text: &'a str,
    lines: &LineIndex,
    name: &str,
    marks: Vec<Mark>,
) -> Snippet<'a, Annotation<'a>> {
    if marks.is_empty() {
        return Snippet::source(text).line_start(1).path(name.to_string()).fold(true);
    }
    let first = marks.iter().map(|m| shown_line(text, lines, m.span.start)).min().unwrap_or(0);
    let last = marks
        .iter()
        .map(|m| shown_line(text, lines, if m.span.end > m.span.start { m.span.end - 1 } else { m.span.start }))
        .max()
        .unwrap_or(first);
    let from = lines.line_start(first, text);
    let to = lines.line_end(last, text).max(from);
    let mut s = Snippet::source(&text[from..to]).line_start(first + 1).path(name.to_string()).fold(true);
    for m in marks {
        let start = m.span.start.saturating_sub(from);
        let end = m.span.end.saturating_sub(from).max(start);
        let mut a = m.kind.span(start..end);
        if let Some(l) = m.label {
            a = a.label(l);
        }
        s = s.annotation(a);
    }
    s
}

#[cfg(test)]
mod tests {
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
    use jixiao_core::source::{LineIndex, Span};

    use super::{Mark, snippet, snippets};

    fn whole(text: &str, marks: &[(usize, usize, bool)]) -> String {
        let mut s = Snippet::source(text).line_start(1).path("f").fold(true);
        for &(a, b, p) in marks {
            let kind = if p { AnnotationKind::Primary } else { AnnotationKind::Context };
            s = s.annotation(kind.span(a..b).label("标"));
        }
        Renderer::plain().render(&[Group::with_title(Level::ERROR.primary_title("t")).element(s)]).to_string()
    }

    fn cut(text: &str, marks: &[(usize, usize, bool)]) -> String {
        let lines = LineIndex::new(text);
        let marks = marks
            .iter()
            .map(|&(a, b, p)| Mark {
                span: Span::new(a, b),
                kind: if p { AnnotationKind::Primary } else { AnnotationKind::Context },
                label: Some("标".into()),
            })
            .collect();
        let s = snippet(text, &lines, "f", marks);
        Renderer::plain().render(&[Group::with_title(Level::ERROR.primary_title("t")).element(s)]).to_string()
    }

    #[test]
    fn places_far_apart_are_quoted_each_in_its_own_snippet_without_the_lines_between() {
        let mut text = String::from("首行 合计 3113.18\n");
        for i in 0..5000 {
            text.push_str(&format!("中间第 {i} 行,没有标记\n"));
        }
        let far = text.len();
        text.push_str("末行 3114.46\n");
        let lines = LineIndex::new(&text);
        let mark = |a: usize, b: usize, kind| Mark { span: Span::new(a, b), kind, label: None };
        let total = text.find("3113.18").expect("in text");
        let marks =
            vec![mark(far + 7, far + 14, AnnotationKind::Context), mark(total, total + 7, AnnotationKind::Primary)];
        let shown = snippets(&text, &lines, "f", marks);
        assert_eq!(shown.len(), 2);
        let out =
            Renderer::plain().render(&[Group::with_title(Level::ERROR.primary_title("t")).elements(shown)]).to_string();
        assert!(out.contains("1 | 首行 合计 3113.18"), "{out}");
        assert!(out.contains("5002 | 末行 3114.46"), "{out}");
        assert!(!out.contains("中间第"), "{out}");
        // The primary mark's snippet comes first, wherever it is in the text.
        let marks =
            vec![mark(far + 7, far + 14, AnnotationKind::Primary), mark(total, total + 7, AnnotationKind::Context)];
        let shown = snippets(&text, &lines, "f", marks);
        let out =
            Renderer::plain().render(&[Group::with_title(Level::ERROR.primary_title("t")).elements(shown)]).to_string();
        let (first, second) = (out.find("末行 3114.46").expect("shown"), out.find("首行 合计").expect("shown"));
        assert!(first < second, "{out}");
        // Marks a few lines apart stay in one snippet.
        let near = text.find("中间第 3 行").expect("in text");
        let marks =
            vec![mark(total, total + 7, AnnotationKind::Primary), mark(near, near + 3, AnnotationKind::Context)];
        assert_eq!(snippets(&text, &lines, "f", marks).len(), 1);
    }

    #[test]
    fn a_snippet_of_the_marked_lines_shows_what_the_whole_text_shows() {
        let text = "第一行\n合计 3113.18\n\n\n\n\n\n\n\n\n\n\n\n行 0.20\r\n末行 5 个\n";
        let at = |s: &str| text.find(s).expect("in text");
        let cases: Vec<Vec<(usize, usize, bool)>> = vec![
            vec![(at("3113"), at("3113") + 7, true)],
            vec![(at("0.20"), at("0.20") + 4, false), (at("3113"), at("3113") + 7, true)],
            vec![(at("5 个"), at("5 个") + 1, true), (0, 3, false)],
            vec![(text.len(), text.len(), true)],
            vec![(at("末"), at("末"), true)],
            vec![(at("\r\n"), at("\r\n"), true)],
        ];
        for marks in cases {
            assert_eq!(cut(text, &marks), whole(text, &marks), "{marks:?}");
        }
        let no_break = "甲\n乙 1";
        assert_eq!(
            cut(no_break, &[(no_break.len(), no_break.len(), true)]),
            whole(no_break, &[(no_break.len(), no_break.len(), true)])
        );
    }
}
