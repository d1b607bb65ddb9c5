//! The audit finds a changed figure in reports it did not see: records generated at random
//! are written by `jixiao report` as Markdown, their budget table laid out as the readers meet
//! tables in the wild (`|` rows, one cell per line with blank lines between, a row flattened
//! onto one line with runs of blanks), and one figure of the table is changed in one digit so
//! that a relation of the table breaks (差异 = 预算 − 决算, 执行率 = 决算 ÷ 预算, 合计 = 各行之和).
//! The changed report must get an error on that figure in at least 95% of the cases; the
//! unchanged report in every layout gets no error.

use jixiao_core::finding::Severity;
use jixiao_render::Format;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

mod common;
use common::*;

#[derive(Clone, Copy, Debug)]
enum Layout {
    Pipes,
    CellPerLine,
    Flattened,
}

/// The report with its budget table in `layout`, and the byte ranges of the table's figures
/// (the cells that state 预算数, 决算数, 差异 and 执行率).
fn laid_out(md: &str, layout: Layout) -> (String, Vec<std::ops::Range<usize>>) {
    let mut out = String::new();
    let mut figures = Vec::new();
    let mut in_table = false;
    let mut done = false;
    for line in md.lines() {
        let row = line.starts_with('|');
        if !done && row && line.contains("预算数") && line.contains("决算数") {
            in_table = true;
        } else if in_table && !row {
            in_table = false;
            done = true;
        }
        if !in_table {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells.iter().all(|c| c.chars().all(|ch| ch == '-' || ch == ':')) {
            if matches!(layout, Layout::Pipes) {
                out.push_str(line);
                out.push('\n');
            }
            continue;
        }
        let is_header = cells.iter().any(|c| c.contains("预算数"));
        let sep = match layout {
            Layout::Pipes => " | ",
            Layout::CellPerLine => "\n\n",
            Layout::Flattened => "    ",
        };
        if matches!(layout, Layout::Pipes) {
            out.push_str("| ");
        }
        for (k, cell) in cells.iter().enumerate() {
            if k > 0 {
                out.push_str(sep);
            }
            let at = out.len();
            out.push_str(cell);
            let figure = k >= 2 && !is_header && cell.chars().any(|c| c.is_ascii_digit());
            if figure {
                figures.push(at..out.len());
            }
        }
        if matches!(layout, Layout::Pipes) {
            out.push_str(" |");
        }
        out.push_str(if matches!(layout, Layout::CellPerLine) { "\n\n" } else { "\n" });
    }
    (out, figures)
}

/// One digit of the figure at `at` changed (the first, by 3, never to a leading zero).
fn mutated(text: &str, at: &std::ops::Range<usize>) -> String {
    let fig = &text[at.clone()];
    let (i, d) = fig.char_indices().find(|(_, c)| c.is_ascii_digit()).expect("a digit");
    let old = d.to_digit(10).unwrap_or(0);
    let mut new = (old + 3) % 10;
    if new == 0 && !fig[..i].ends_with(|c: char| c.is_ascii_digit()) {
        new = 1;
    }
    let mut out = text.to_string();
    out.replace_range(at.start + i..at.start + i + 1, &new.to_string());
    out
}

#[test]
fn a_changed_figure_of_the_budget_table_is_caught_in_every_layout() {
    let mut runner = TestRunner::deterministic();
    let (mut tried, mut caught) = (0usize, 0usize);
    let mut missed: Vec<String> = Vec::new();
    for _ in 0..12 {
        let g = records().new_tree(&mut runner).expect("a record").current();
        let record = load(&toml_of(&g));
        let md = String::from_utf8(write(&record, Format::Markdown)).expect("utf-8");
        for layout in [Layout::Pipes, Layout::CellPerLine, Layout::Flattened] {
            let (text, figures) = laid_out(&md, layout);
            assert!(!figures.is_empty(), "{layout:?}: no budget table in\n{md}");
            let clean = jixiao_pipeline::audit_text("r.md", text.clone());
            let errors: Vec<String> =
                clean.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| f.message.clone()).collect();
            assert!(errors.is_empty(), "{layout:?}: the unchanged report has errors {errors:#?}\n{text}");
            for at in &figures {
                let changed = mutated(&text, at);
                let out = jixiao_pipeline::audit_text("r.md", changed.clone());
                let hit = out.findings.iter().filter(|f| f.severity == Severity::Error).any(|f| {
                    out.spans(f).iter().any(|(s, _)| s.start <= at.start && at.start < s.end.max(s.start + 1))
                });
                tried += 1;
                if hit {
                    caught += 1;
                } else {
                    missed.push(format!("{layout:?}: {} -> {}", &text[at.clone()], &changed[at.clone()]));
                }
            }
        }
    }
    eprintln!("caught {caught}/{tried}");
    assert!(tried >= 100, "only {tried} changes tried");
    assert!(caught * 100 >= tried * 95, "caught {caught}/{tried}; missed: {missed:#?}");
}
