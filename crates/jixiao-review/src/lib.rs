//! A reviewer's batch: the self-evaluation reports of many units (files and folders), each
//! audited in parallel by the same audit as `jixiao audit`, summed up one row per report with
//! the score-inflation signals a finance bureau looks for, and written as a summary workbook
//! or JSON.
//!
//! One unreadable, encrypted, scanned or oversized file never stops the batch: it gets a row
//! with its reason. A report in which nothing checkable was found is its own status, never
//! "clean".
//!
//! Not the audit itself (that is `jixiao-extract` and the rules), not the file writes (the
//! caller writes whole-or-nothing), and not a progress display (the caller passes a callback).

mod all_hundred;
mod annotate;
mod deviation;
mod duplicates;
mod full_on_missed;
mod html;
mod inputs;
mod previous;
mod row;
mod signals;
mod summary;

use std::path::PathBuf;

pub use annotate::{Annotated, annotated_copy};
pub use duplicates::{Duplicate, Place};
pub use html::to_html;
pub use inputs::{Inputs, expand};
pub use row::{FindingRow, ReportRow, Status};
pub use signals::{Cap, ReviewRules, SIGNALS, Signal, SignalInfo, signal_page, signal_page_name};
pub use summary::{by_priority, to_json, write_xlsx};

/// A reviewed batch.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// One row per report file, in the order of the inputs.
    pub reports: Vec<ReportRow>,
    /// Paths given that hold no report (a file of another type, an empty folder), with why.
    pub skipped: Vec<(String, String)>,
    /// Paragraphs shared verbatim or nearly so between units (R008).
    pub duplicates: Vec<Duplicate>,
}

impl Batch {
    /// Reports with at least one error.
    pub fn with_errors(&self) -> usize {
        self.reports.iter().filter(|r| r.errors > 0).count()
    }

    /// Compares each report with its unit's report of an earlier year among `previous` (last
    /// year's batch, reviewed the same way) and raises R009 where the targets' values and
    /// actuals are copied unchanged.
    pub fn against_previous(&mut self, previous: &Batch, rules: &ReviewRules) {
        previous::check(&mut self.reports, &previous.reports, rules);
    }
}

/// Reviews `files` with `jobs` threads; `progress` is told each file as it is finished.
pub fn review(
    files: &[PathBuf],
    skipped: Vec<(String, String)>,
    rules: &ReviewRules,
    jobs: usize,
    progress: &(dyn Fn(&str) + Sync),
) -> Batch {
    use rayon::prelude::*;
    let run = || {
        files
            .par_iter()
            .map(|f| {
                let row = row::audit_file(f);
                progress(&row.file);
                row
            })
            .collect::<Vec<ReportRow>>()
    };
    let mut reports = match rayon::ThreadPoolBuilder::new().num_threads(jobs.max(1)).build() {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    };
    let duplicates = signals::apply(&mut reports, rules);
    Batch { reports, skipped, duplicates }
}
