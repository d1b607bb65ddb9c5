//! 一、(三) 部门整体支出目标及任务: the targets by group, each with its sign and value.
//!
//! What was achieved against them is in [`super::results`], which shares the grouping and
//! the signs defined here.

use crate::sentences::TemplateError;
use jixiao_core::record::{DeptRecord, Direction};

use super::ReportBuilder;

pub(super) fn sign(d: Direction) -> &'static str {
    match d {
        Direction::AtLeast => "≥",
        Direction::AtMost => "≤",
        Direction::Exactly => "",
        Direction::Qualitative => "",
    }
}

pub(super) fn groups(r: &DeptRecord) -> Vec<String> {
    let mut g: Vec<String> = Vec::new();
    for t in &r.targets {
        if !g.contains(&t.group) {
            g.push(t.group.clone());
        }
    }
    g
}

pub(super) fn group_title(g: &str) -> String {
    if g.is_empty() { "其他".into() } else { g.to_string() }
}

pub(super) fn targets_section(b: &mut ReportBuilder<'_>) -> Result<(), TemplateError> {
    let r = b.r;
    b.out.heading(2, "(三)部门整体支出目标及任务");
    if r.targets.is_empty() {
        return b.missing("部门整体支出目标", &["targets"]);
    }
    for (gi, g) in groups(r).iter().enumerate() {
        b.out.para(format!("指标{}:{}指标", gi + 1, group_title(g)));
        for (i, t) in r.targets.iter().filter(|t| &t.group == g).enumerate() {
            let line = match (t.direction, t.target) {
                (Direction::Qualitative, _) | (_, None) => {
                    format!(
                        "{}.{}。",
                        i + 1,
                        t.target_text.clone().unwrap_or_else(|| t.name.clone()).trim_end_matches('。')
                    )
                }
                (d, Some(v)) => format!(
                    "{}.{}",
                    i + 1,
                    b.fill(
                        "target_item",
                        &[
                            ("name", t.name.clone()),
                            ("sign", sign(d).into()),
                            ("target", v.0.to_string()),
                            ("unit", t.unit.clone().unwrap_or_default())
                        ]
                    )?
                ),
            };
            b.out.para(line);
        }
    }
    Ok(())
}
