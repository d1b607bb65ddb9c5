//! Auditing a report's text: extract, run the rule registry, and locate every finding in
//! the text.

use jixiao_core::finding::{Finding, sort_findings};
use jixiao_core::input::Record;
use jixiao_core::source::{Place, SourceMap, Span};
use jixiao_core::system::{IndicatorSystem, builtins};

use crate::reader::{Reader, bigram_similarity, bigrams};
use crate::text::Doc;
use crate::{Extracted, dept};

/// A finding with its places in the text.
#[derive(Debug, Clone)]
pub struct Located {
    /// The finding.
    pub finding: Finding,
    /// The text spans of its figures: primary first, with their labels.
    pub spans: Vec<(Span, Option<String>)>,
}

/// What an audit found in one document.
pub struct Audit {
    /// The document text the spans index into.
    pub text: String,
    /// Findings, errors first.
    pub findings: Vec<Located>,
    /// The department record read from the text, if it held any of one.
    pub dept: Option<Extracted<jixiao_core::record::DeptRecord>>,
    /// The project funds block read from the text, if it has one.
    pub project: Option<Extracted<jixiao_core::project::ProjectRecord>>,
    /// The indicator system the report's self-scores were matched to.
    pub system: Option<String>,
}

/// The built-in system whose indicator names match every self-score label, with the code
/// for each label.
fn match_system(names: &[String]) -> Option<(IndicatorSystem, Vec<String>)> {
    if names.len() < 5 {
        return None;
    }
    let norm = |s: &str| s.replace([',', '、', ' ', '/', '(', ')'], "");
    let grams: Vec<Vec<(char, char)>> = names.iter().map(|n| bigrams(&norm(n))).collect();
    for sys in builtins() {
        if sys.system.system.kind != jixiao_core::record::RecordKind::DeptEvaluation {
            continue;
        }
        let leaves: Vec<(&str, Vec<(char, char)>)> = sys
            .system
            .indicators
            .iter()
            .filter(|i| sys.system.is_leaf(&i.code) && !i.adjustment)
            .map(|i| (i.code.as_str(), bigrams(&norm(&i.name))))
            .collect();
        let mut codes: Vec<String> = Vec::new();
        for g in &grams {
            let best =
                leaves.iter().map(|(code, lg)| (bigram_similarity(g, lg), *code)).max_by(|a, b| a.0.total_cmp(&b.0));
            match best {
                Some((s, code)) if s >= 0.6 && !codes.iter().any(|c| c == code) => codes.push(code.to_string()),
                _ => break,
            }
        }
        if codes.len() == names.len() {
            return Some((sys.system.clone(), codes));
        }
    }
    None
}

fn locate(map: &SourceMap, f: &Finding) -> Vec<(Span, Option<String>)> {
    let mut out: Vec<(Span, Option<String>)> = Vec::new();
    for p in std::iter::once(&f.primary).chain(&f.related) {
        if let Some(Place::Text(s)) = map.get(&p.path)
            && !out.iter().any(|(o, _)| o == s)
        {
            out.push((*s, p.label.clone()));
        }
    }
    out
}

/// Audits a document's text.
pub fn audit_text(mut text: String) -> Audit {
    // A report jixiao wrote in spite of errors lists them in a closing note; the note quotes the
    // report's figures and is not read as part of it.
    let note = own_note_start(&text).map(|at| text.split_off(at));
    let doc = Doc::new(text);
    let reader = Reader::new(&doc);
    let tables = crate::tables::tables(&reader);
    let mut built = dept::extract(&reader, &tables);
    let names: Vec<String> = built.record.scoring.scores.iter().filter_map(|s| s.name.clone()).collect();
    let system = match_system(&names);
    if let Some((sys, codes)) = &system {
        for (s, c) in built.record.scoring.scores.iter_mut().zip(codes) {
            s.code = c.clone();
        }
        built.record.indicator_system = Some(sys.system.id.clone());
    }
    let mut findings = Vec::new();
    let has_generic = !built.generic.is_empty();
    if built.placed > 0 || has_generic {
        let record = Record::Dept(Box::new(built.record.clone()));
        let mut fs = jixiao_rules::check_with_facts(&record, system.as_ref().map(|s| &s.0), Some(&built.generic));
        sort_findings(&mut fs);
        for f in fs {
            let spans = locate(&built.map, &f);
            findings.push(Located { finding: f, spans });
        }
    }
    let project = crate::project::extract(&doc.text).filter(|p| p.placed > 0);
    if let Some(p) = &project {
        let record = Record::Project(Box::new(p.record.clone()));
        for f in jixiao_rules::check(&record, None) {
            let spans = locate(&p.map, &f);
            findings.push(Located { finding: f, spans });
        }
    }
    findings.sort_by(|a, b| {
        a.finding
            .severity
            .cmp(&b.finding.severity)
            .then_with(|| a.spans.first().map(|s| s.0.start).cmp(&b.spans.first().map(|s| s.0.start)))
    });
    let system_id = system.map(|s| s.0.system.id);
    let mut text = doc.text;
    text.push_str(note.as_deref().unwrap_or(""));
    Audit { text, findings, dept: (built.placed > 0).then_some(built), project, system: system_id }
}

/// Where the note `附注:检查发现的问题` that `jixiao report --force` adds starts: a line of its
/// own (a Markdown heading too), with an ASCII or full-width colon.
fn own_note_start(text: &str) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start_matches(['#', ' ', '\u{3000}']).trim_end();
        if let Some(rest) = t.strip_prefix("附注")
            && matches!(rest.strip_prefix([':', '\u{ff1a}']), Some("检查发现的问题"))
        {
            return Some(at);
        }
        at += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::own_note_start;

    #[test]
    fn the_note_of_a_forced_report_is_found_only_as_its_own_line() {
        let md = "正文\n## 附注\u{ff1a}检查发现的问题\n1. [错误A001] …\n";
        assert_eq!(own_note_start(md), Some("正文\n".len()));
        assert_eq!(own_note_start("正文\n附注:检查发现的问题\n"), Some("正文\n".len()));
        assert_eq!(own_note_start("见附注:检查发现的问题\n"), None);
        assert_eq!(own_note_start("附注:说明\n"), None);
    }
}
