//! 二、自评结论: the total, the grade and the score of each first-level indicator, from the
//! score sheet (or the stated total when the record names no indicator system).

use crate::sentences::TemplateError;
use jixiao_core::scoring::ScoreSheet;

use super::ReportBuilder;
use super::format::fmt_score;

pub(super) fn conclusion(b: &mut ReportBuilder<'_>, sheet: Option<&ScoreSheet>) -> Result<(), TemplateError> {
    let r = b.r;
    let (total, grade, dims) = match sheet {
        Some(s) if s.rows.iter().any(|row| row.self_score.is_some()) => {
            let mut dims: Vec<String> = s
                .rows
                .iter()
                .filter(|row| row.level == 1 && !row.adjustment)
                .map(|row| {
                    b.fill(
                        "conclusion_dimension",
                        &[("name", row.name.clone()), ("score", fmt_score(row.self_score.unwrap_or_default()))],
                    )
                })
                .collect::<Result<_, _>>()?;
            if let Some(a) = s.adjustment {
                dims.push(b.fill("adjustment", &[("score", fmt_score(a))])?);
            }
            (s.total, s.grade.clone().unwrap_or_else(|| "—".into()), dims.join(","))
        }
        _ => match r.scoring.stated_total {
            Some(t) => (
                t.0,
                jixiao_core::system::builtin("gd-dept-2024")
                    .and_then(Result::ok)
                    .and_then(|s| s.system.grade(t.0).map(|g| g.name.clone()))
                    .unwrap_or_default(),
                String::new(),
            ),
            None => return b.missing("自评结论", &["scoring.scores"]),
        },
    };
    let text = b.fill(
        "conclusion",
        &[("year", b.year.clone()), ("total", fmt_score(total)), ("grade", grade), ("dimensions", dims)],
    )?;
    b.out.para(text);
    Ok(())
}
