//! Findings on a document's text (from an audit), where every figure is a byte span.

use annotate_snippets::{AnnotationKind, Group, Level};
use jixiao_core::finding::Finding;
use jixiao_core::source::{LineIndex, Span};
use serde_json::{Value, json};

use crate::findings::{Options, comparison_note, level, one_line, renderer, summary};
use crate::snippet::{Mark, snippet};

/// A finding and the spans of its figures (primary first).
pub struct SpannedFinding<'a> {
    /// The finding.
    pub finding: &'a Finding,
    /// Spans with their labels.
    pub spans: &'a [(Span, Option<String>)],
}

/// Renders audit findings over the document text.
pub fn render_spanned(findings: &[SpannedFinding<'_>], name: &str, text: &str, opts: &Options) -> String {
    let r = renderer(opts);
    let lines = LineIndex::new(text);
    let mut out = String::new();
    for sf in findings {
        let f = sf.finding;
        let mut group = Group::with_title(level(f.severity).primary_title(f.message.clone()).id(f.code.clone()));
        if !sf.spans.is_empty() {
            let mut marks = Vec::new();
            let mut seen: Vec<Span> = Vec::new();
            for (i, (span, label)) in sf.spans.iter().enumerate() {
                let s = one_line(text, *span);
                if s.start == s.end || seen.contains(&s) {
                    continue;
                }
                seen.push(s);
                let kind = if i == 0 { AnnotationKind::Primary } else { AnnotationKind::Context };
                marks.push(Mark { span: s, kind, label: label.clone() });
            }
            group = group.element(snippet(text, &lines, name, marks));
        }
        let mut report = vec![group];
        if let Some(n) = comparison_note(f) {
            report.push(Group::with_title(Level::NOTE.with_name("比较").secondary_title(n)));
        }
        if let Some(h) = &f.help {
            report.push(Group::with_title(Level::HELP.with_name("帮助").secondary_title(h.clone())));
        }
        out.push_str(&r.render(&report));
        out.push_str("\n\n");
    }
    let all: Vec<Finding> = findings.iter().map(|f| f.finding.clone()).collect();
    out.push_str(&format!("{name}:{}\n", summary(&all)));
    out
}

/// Audit findings as JSON: `{"file", "findings":[{"code","severity","message","spans":[{"start",
/// "end","line","column","text","label"}],"stated","computed", …}]}`.
pub fn spanned_json(findings: &[SpannedFinding<'_>], name: &str, text: &str) -> Value {
    let lines = LineIndex::new(text);
    json!({
        "file": name,
        "findings": findings.iter().map(|sf| {
            let f = sf.finding;
            json!({
                "code": f.code,
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "spans": sf.spans.iter().map(|(s, label)| {
                    let (line, column) = lines.line_col(text, s.start);
                    json!({
                        "start": s.start,
                        "end": s.end,
                        "line": line,
                        "column": column,
                        "text": text.get(s.start..s.end).unwrap_or(""),
                        "label": label,
                    })
                }).collect::<Vec<_>>(),
                "stated": f.stated,
                "computed": f.computed,
                "tolerance": f.tolerance,
                "help": f.help,
            })
        }).collect::<Vec<_>>(),
    })
}
