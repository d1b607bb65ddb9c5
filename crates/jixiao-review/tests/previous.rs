//! Last year's reports (`--previous`): a report whose targets and actuals are last year's,
//! written the same way, raises R009; one whose actuals changed does not; nor does the seed.

mod common;

use std::path::Path;

use jixiao_pipeline::Decimal;
use jixiao_pipeline::report::Format;
use jixiao_review::{Batch, ReviewRules, expand, review};

/// The example record as the report of `year`; with `moved`, every target's actual one more
/// than this year's (an honest new year).
fn record(year: u16, moved: bool) -> String {
    let mut section = String::new();
    let mut out = String::new();
    for line in common::RECORD.lines() {
        if line.starts_with('[') {
            section = line.to_string();
        }
        let line = if line == "year = 2024" {
            format!("year = {year}")
        } else if moved
            && section == "[[targets]]"
            && let Some(v) = line.strip_prefix("actual = \"").and_then(|v| v.strip_suffix('"'))
            && let Ok(d) = v.parse::<Decimal>()
        {
            format!("actual = \"{}\"", d + Decimal::ONE)
        } else {
            line.to_string()
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn batch(dir: &Path) -> Batch {
    let inputs = expand(&[dir.display().to_string()]);
    review(&inputs.files, inputs.skipped, &ReviewRules::default(), 2, &|_| {})
}

fn r009(b: &Batch) -> Vec<String> {
    b.reports[0].signals.iter().filter(|s| s.code == "R009").map(|s| s.message.clone()).collect()
}

#[test]
fn targets_and_actuals_copied_from_last_years_report_raise_r009_and_honest_ones_do_not() {
    let root = tempfile::tempdir().expect("tmp");
    let (now, copied, honest) = (root.path().join("now"), root.path().join("copied"), root.path().join("honest"));
    for d in [&now, &copied, &honest] {
        std::fs::create_dir(d).expect("mkdir");
    }
    std::fs::write(now.join("2024.md"), common::written(&record(2024, false), Format::Markdown)).expect("w");
    std::fs::write(copied.join("2023.md"), common::written(&record(2023, false), Format::Markdown)).expect("w");
    std::fs::write(honest.join("2023.md"), common::written(&record(2023, true), Format::Markdown)).expect("w");
    let rules = ReviewRules::default();

    let this_year = batch(&now);
    assert_eq!(this_year.reports[0].year, Some(2024));
    assert!(r009(&this_year).is_empty(), "no signal without last year's reports");

    let mut b = this_year.clone();
    let last = batch(&copied);
    assert_eq!(last.reports[0].year, Some(2023));
    assert_eq!(last.reports[0].unit, b.reports[0].unit);
    b.against_previous(&last, &rules);
    let said = r009(&b);
    assert_eq!(said.len(), 1, "{:?}", b.reports[0].signals);
    assert!(said[0].contains("2023 年度") && said[0].contains("城镇新增就业人数"), "{}", said[0]);

    let mut b = this_year.clone();
    b.against_previous(&batch(&honest), &rules);
    assert!(r009(&b).is_empty(), "{:?}", r009(&b));

    // The same report given as last year's (the same year) is not last year's.
    let mut b = this_year.clone();
    b.against_previous(&this_year, &rules);
    assert!(r009(&b).is_empty());
}

#[test]
fn the_seed_raises_no_r009_against_an_honest_last_year() {
    let Some(shared) = jixiao_testkit::shared() else { return };
    let root = tempfile::tempdir().expect("tmp");
    let (now, honest) = (root.path().join("now"), root.path().join("honest"));
    for d in [&now, &honest] {
        std::fs::create_dir(d).expect("mkdir");
    }
    std::fs::copy(shared.join("seed/000_c570ee2c5f3014ba.txt"), now.join("seed.txt")).expect("copy");
    std::fs::write(honest.join("2023.md"), common::written(&record(2023, true), Format::Markdown)).expect("w");
    let mut b = batch(&now);
    let last = batch(&honest);
    // The same unit, an earlier year: compared, and not copied.
    assert_eq!(b.reports[0].unit, last.reports[0].unit);
    assert!(b.reports[0].year > last.reports[0].year);
    b.against_previous(&last, &ReviewRules::default());
    assert!(r009(&b).is_empty(), "{:?}", r009(&b));
}
