//! Findings and load errors, for people and for programs.

use std::collections::HashSet;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer};
use jixiao_core::finding::{Finding, Severity};
use jixiao_core::load::LoadError;
use jixiao_core::source::{LineIndex, Place, SourceMap, Span};
use serde_json::{Value, json};

use crate::snippet::{Mark, snippet, snippets};

/// The source a set of findings is about.
#[derive(Clone, Copy)]
pub struct SourceView<'a> {
    /// File name as the user gave it.
    pub name: &'a str,
    /// The text the spans index into (for a workbook: empty).
    pub text: &'a str,
    /// Field path → place.
    pub map: &'a SourceMap,
}

/// How to render for a terminal.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// ASCII decorations only (for terminals that draw box characters wide).
    pub ascii: bool,
    /// ANSI colours.
    pub color: bool,
}

pub(crate) fn renderer(o: &Options) -> Renderer {
    let r = if o.color { Renderer::styled() } else { Renderer::plain() };
    r.decor_style(if o.ascii { DecorStyle::Ascii } else { DecorStyle::Unicode })
}

pub(crate) fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR.with_name("错误"),
        Severity::Warning => Level::WARNING.with_name("警告"),
    }
}

/// A span cut to one line — its longest line — so a whole table never floods the output.
pub(crate) fn one_line(text: &str, s: Span) -> Span {
    let start = jixiao_core::source::floor_char_boundary(text, s.start.min(text.len()));
    let end = jixiao_core::source::floor_char_boundary(text, s.end.min(text.len()).max(start));
    let mut best = Span::new(start, start);
    let mut at = start;
    for piece in text[start..end].split('\n') {
        if piece.trim().len() > text[best.start..best.end].trim().len() {
            best = Span::new(at, at + piece.len());
        }
        at += piece.len() + 1;
    }
    best
}

/// A zero-width place made one character wide: the character there, or the one before it
/// when the place is at a line's end.
fn widen_empty(text: &str, at: usize) -> Span {
    match text[at..].chars().next() {
        Some(c) if c != '\n' && c != '\r' => Span::new(at, at + c.len_utf8()),
        _ => match text[..at].chars().next_back() {
            Some(c) if c != '\n' => Span::new(at - c.len_utf8(), at),
            _ => Span::new(at, at),
        },
    }
}

/// Where a field path is: the resolved path and the place.
fn locate<'m>(map: &'m SourceMap, path: &str) -> Option<(&'m str, &'m Place)> {
    map.resolve(path)
}

/// Renders findings as rustc-style text, then a summary line.
pub fn render_findings(findings: &[Finding], src: &SourceView<'_>, opts: &Options) -> String {
    let mut out = render_each(findings, src, opts);
    out.push_str(&summary(findings));
    out.push('\n');
    out
}

/// Renders findings as rustc-style text, each followed by a blank line, without a summary:
/// a text place (a record file's, a report's) is quoted with carets under the figure, a cell
/// is named, a figure with no place is named by its field path.
pub fn render_each(findings: &[Finding], src: &SourceView<'_>, opts: &Options) -> String {
    let r = renderer(opts);
    let lines = LineIndex::new(src.text);
    let mut out = String::new();
    for f in findings {
        out.push_str(&render_one(&r, f, src, &lines));
        out.push_str("\n\n");
    }
    out
}

/// Where a finding's figures are in the text: the byte span of each of its pointers that has
/// a text place (primary first), each span once, with the pointer's label. Empty for a
/// workbook, whose places are cells.
pub fn text_spans(f: &Finding, src: &SourceView<'_>) -> Vec<(Span, Option<String>)> {
    let mut out: Vec<(Span, Option<String>)> = Vec::new();
    for p in std::iter::once(&f.primary).chain(&f.related) {
        if let Some((_, Place::Text(s))) = locate(src.map, &p.path)
            && s.end <= src.text.len()
            && !out.iter().any(|(o, _)| o == s)
        {
            out.push((*s, p.label.clone()));
        }
    }
    out
}

/// The most places of one finding shown (marked in its snippet, or listed as cells).
const MOST_SHOWN: usize = 20;

fn render_one(r: &Renderer, f: &Finding, src: &SourceView<'_>, lines: &LineIndex) -> String {
    let lvl = level(f.severity);
    let title = lvl.clone().primary_title(f.message.clone()).id(f.code.clone());
    let mut group = Group::with_title(title);
    let mut cells = Vec::new();
    let mut marks = Vec::new();
    // Places beyond the first MOST_SHOWN are counted, not shown: a finding about thousands of
    // rows would otherwise quote the whole document once per row.
    let mut more = 0usize;
    let mut seen: HashSet<Span> = HashSet::new();
    let mut seen_cells: HashSet<String> = HashSet::new();
    let pointers = std::iter::once((&f.primary, true)).chain(f.related.iter().map(|p| (p, false)));
    for (p, primary) in pointers {
        match locate(src.map, &p.path) {
            Some((_, Place::Text(span))) if !src.text.is_empty() => {
                let s = one_line(src.text, *span);
                if !seen.insert(s) {
                    continue;
                }
                if marks.len() >= MOST_SHOWN {
                    more += 1;
                    continue;
                }
                let kind = if primary { AnnotationKind::Primary } else { AnnotationKind::Context };
                marks.push(Mark { span: s, kind, label: p.label.clone() });
            }
            Some((_, Place::Cell { sheet, cell })) => {
                let at = format!("'{sheet}'!{cell}{}", p.label.as_ref().map_or(String::new(), |l| format!("({l})")));
                // Several fields of one finding may resolve to the same cell (a form's row).
                if !seen_cells.insert(at.clone()) {
                    continue;
                }
                if cells.len() >= MOST_SHOWN {
                    more += 1;
                    continue;
                }
                cells.push(at);
            }
            _ => {}
        }
    }
    let any = !marks.is_empty();
    if any {
        group = group.elements(snippets(src.text, lines, src.name, marks));
    } else if !cells.is_empty() {
        // A workbook: the cells, inside the finding's frame.
        group = group.element(Level::NOTE.with_name("位置").message(format!("{}:{}", src.name, cells.join("、"))));
    }
    let mut report = vec![group];
    if any && !cells.is_empty() {
        report.push(Group::with_title(Level::NOTE.with_name("位置").secondary_title(format!(
            "{}:{}",
            src.name,
            cells.join("、")
        ))));
    } else if !any && cells.is_empty() {
        report.push(Group::with_title(
            Level::NOTE.with_name("字段").secondary_title(format!("{}:{}", src.name, f.primary.path)),
        ));
    }
    if more > 0 {
        report.push(Group::with_title(
            Level::NOTE
                .with_name("另有")
                .secondary_title(format!("{more} 处相关位置未在上面标出(--format json 列出全部)")),
        ));
    }
    if let Some(n) = comparison_note(f) {
        report.push(Group::with_title(Level::NOTE.with_name("比较").secondary_title(n)));
    }
    if let Some(h) = &f.help {
        report.push(Group::with_title(Level::HELP.with_name("帮助").secondary_title(h.clone())));
    }
    r.render(&report).to_string()
}

/// `所述 3113.18;计算 3114.46;舍入容差 ±0.04`
pub(crate) fn comparison_note(f: &Finding) -> Option<String> {
    let (s, c) = (f.stated.as_ref()?, f.computed.as_ref()?);
    Some(match &f.tolerance {
        Some(t) => format!("所述 {s};计算 {c};舍入容差 {t}"),
        None => format!("所述 {s};计算 {c}"),
    })
}

/// `发现 5 个错误、3 个警告` or `未发现问题`.
pub fn summary(findings: &[Finding]) -> String {
    let e = findings.iter().filter(|f| f.severity == Severity::Error).count();
    let w = findings.len() - e;
    match (e, w) {
        (0, 0) => "未发现问题".into(),
        (e, 0) => format!("发现 {e} 个错误"),
        (0, w) => format!("发现 {w} 个警告(须说明)"),
        (e, w) => format!("发现 {e} 个错误、{w} 个警告"),
    }
}

fn location(src: &SourceView<'_>, lines: &LineIndex, path: &str) -> Value {
    match locate(src.map, path) {
        Some((_, Place::Text(span))) => {
            let (line, column) = lines.line_col(src.text, span.start);
            json!({"file": src.name, "line": line, "column": column, "field": path})
        }
        Some((_, Place::Cell { sheet, cell })) => {
            json!({"file": src.name, "line": null, "column": null, "field": path, "sheet": sheet, "cell": cell})
        }
        None => json!({"file": src.name, "line": null, "column": null, "field": path}),
    }
}

/// Findings as JSON, one shape whatever the input: `{"file","findings":[{"code","rule",
/// "severity","message","location":{"file","line","column","field"},"spans":[{"start","end",
/// "line","column","text","label"}],"stated","computed","tolerance","help","related"}]}`.
/// `spans` are the finding's text places ([`text_spans`]; empty for a workbook): byte offsets
/// into the text, the line and column (1-based, in characters) of their start, the text they
/// cover.
pub fn findings_json(findings: &[Finding], src: &SourceView<'_>) -> Value {
    // The lines of the text are indexed only when there is a finding to place.
    let lines = if findings.is_empty() { LineIndex::default() } else { LineIndex::new(src.text) };
    let list: Vec<Value> = findings
        .iter()
        .map(|f| {
            let spans: Vec<Value> = text_spans(f, src)
                .into_iter()
                .map(|(s, label)| {
                    let (line, column) = lines.line_col(src.text, s.start);
                    json!({
                        "start": s.start,
                        "end": s.end,
                        "line": line,
                        "column": column,
                        "text": src.text.get(s.start..s.end).unwrap_or(""),
                        "label": label,
                    })
                })
                .collect();
            json!({
                "code": f.code,
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "location": location(src, &lines, &f.primary.path),
                "spans": spans,
                "stated": f.stated,
                "computed": f.computed,
                "tolerance": f.tolerance,
                "help": f.help,
                "related": f.related.iter().map(|p| {
                    let mut l = location(src, &lines, &p.path);
                    l["label"] = json!(p.label);
                    l
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "file": src.name, "findings": list })
}

/// Renders errors that stopped a file from loading, each with its line quoted.
pub fn render_load_errors(errors: &[LoadError], name: &str, text: &str, opts: &Options) -> String {
    let r = renderer(opts);
    let lines = LineIndex::new(text);
    let mut out = String::new();
    for e in errors {
        let head = if e.path.is_empty() { e.message.clone() } else { format!("字段 {}:{}", e.path, e.message) };
        let mut group = Group::with_title(level(Severity::Error).primary_title(head));
        match e.span {
            Some(s) if !text.is_empty() => {
                let s = one_line(text, s);
                let s = if s.start == s.end { widen_empty(text, s.start) } else { s };
                let mark = Mark { span: s, kind: AnnotationKind::Primary, label: None };
                group = group.element(snippet(text, &lines, name, vec![mark]));
            }
            _ => {
                group = group.element(Level::NOTE.with_name("文件").message(name.to_string()));
            }
        }
        out.push_str(&r.render(&[group]));
        out.push_str("\n\n");
    }
    out.push_str(&format!("{name}:{} 处错误,未能读取\n", errors.len()));
    out
}
