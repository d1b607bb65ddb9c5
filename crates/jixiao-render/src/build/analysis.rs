//! 三、绩效分析: the indicator system's outline, each indicator with its self-score, the
//! figures behind its measure and the evidence the filer gave; then the figures of the
//! measures no scored indicator covered, so that no figure of the record is left out.
//!
//! The sentences for each measure are in [`super::measures`].

use crate::sentences::TemplateError;
use jixiao_core::scoring::ScoreSheet;
use jixiao_core::system::IndicatorSystem;

use super::format::{cn_numeral, fmt_score};
use super::measures::{measure_sentences, reported_measures};
use super::{ReportBuilder, absent};

pub(super) fn analysis(
    b: &mut ReportBuilder<'_>,
    sheet: Option<&ScoreSheet>,
    system: Option<&IndicatorSystem>,
) -> Result<(), TemplateError> {
    let r = b.r;
    let (Some(sheet), Some(system)) = (sheet, system) else {
        let fields = absent(&[
            ("indicator_system", system.is_some()),
            ("scoring.scores", sheet.is_some_and(|s| s.rows.iter().any(|r| r.self_score.is_some()))),
        ]);
        b.missing("绩效分析", &fields)?;
        return other_measures(b, &[], 0);
    };
    let mut l2 = 0;
    let mut l3 = 0;
    let mut l4 = 0;
    let mut covered: Vec<&str> = Vec::new();
    let mut rendered = 0usize;
    for row in &sheet.rows {
        let Some(ind) = system.get(&row.code) else { continue };
        let evidence = r.scoring.scores.iter().find(|s| s.code == row.code).and_then(|s| s.evidence.clone());
        // An indicator the record neither scores nor gives evidence for (nor any below it)
        // is left out of the analysis; the 附表 still lists it.
        if row.self_score.is_none()
            && evidence.is_none()
            && !(row.level == 1 && ind.adjustment && !r.scoring.adjustments.is_empty())
        {
            continue;
        }
        rendered += 1;
        let score = row.self_score.filter(|_| row.self_score_stated).map(|s| format!("(自评{}分)", fmt_score(s)));
        match row.level {
            1 if ind.adjustment => {
                b.out.heading(2, format!("({}){}{}", cn_numeral(l2 + 1), row.name, score.unwrap_or_default()));
                l2 += 1;
                for a in &r.scoring.adjustments {
                    b.out.para(a.text.clone());
                }
                continue;
            }
            1 => {
                b.out.heading(2, format!("({}){}情况", cn_numeral(l2 + 1), row.name));
                l2 += 1;
                l3 = 0;
                continue;
            }
            2 => {
                l3 += 1;
                l4 = 0;
                b.out.heading(3, format!("{l3}.{}{}", row.name.trim_end_matches('。'), score.unwrap_or_default()));
            }
            _ => {
                l4 += 1;
                b.out.heading(4, format!("({l4}){}{}", row.name, score.unwrap_or_default()));
            }
        }
        let mut said = 0;
        if let Some(m) = ind.measure.as_deref() {
            covered.push(m);
            for s in measure_sentences(b, m)? {
                b.out.para(s);
                said += 1;
            }
        }
        if let Some(e) = evidence.filter(|e| !e.trim().is_empty()) {
            b.out.para(e);
            said += 1;
        }
        // An indicator the report has neither figures nor the filer's words for is a heading
        // with nothing under it: a final document needs its evidence.
        let leaf = !system.indicators.iter().any(|i| i.parent.as_deref() == Some(row.code.as_str()));
        if said == 0 && leaf {
            let index = r.scoring.scores.iter().position(|s| s.code == row.code);
            let path = index.map_or("scoring.scores".to_string(), |i| format!("scoring.scores[{i}].evidence"));
            b.gaps.push(super::Gap::named(path, format!("指标“{}”({})的依据与说明", row.name, row.code)));
        }
    }
    if rendered == 0 {
        b.missing("绩效分析", &["scoring.scores"])?;
    }
    other_measures(b, &covered, l2)
}

/// The data of the measures no scored indicator covered, so no figure of the record is left
/// out of the report.
fn other_measures(b: &mut ReportBuilder<'_>, covered: &[&str], l2: usize) -> Result<(), TemplateError> {
    let mut parts: Vec<(&str, Vec<String>)> = Vec::new();
    for (m, title) in reported_measures() {
        if covered.contains(&m) {
            continue;
        }
        let s = measure_sentences(b, m)?;
        if !s.is_empty() {
            parts.push((title, s));
        }
    }
    if parts.is_empty() {
        return Ok(());
    }
    b.out.heading(2, format!("({}){}", cn_numeral(l2 + 1), "其他绩效数据"));
    for (i, (title, sentences)) in parts.into_iter().enumerate() {
        b.out.heading(3, format!("{}.{title}。", i + 1));
        for s in sentences {
            b.out.para(s);
        }
    }
    Ok(())
}
