//! Score sheets as a table and as JSON.

use jixiao_core::Decimal;
use jixiao_core::scoring::{ScoreFlag, ScoreSheet};
use serde_json::{Value, json};

use crate::table::{Align, layout};

/// A score for display: at most two decimals (四舍五入), no trailing zeros.
fn num(d: Option<Decimal>) -> String {
    d.map_or_else(|| "—".to_string(), |v| jixiao_core::num::round_half_up(v, 2).normalize().to_string())
}

fn flags_zh(flags: &[ScoreFlag]) -> String {
    flags
        .iter()
        .map(|f| match f {
            ScoreFlag::AboveMax { max } => format!("超过分值 {}", max.normalize()),
            ScoreFlag::AboveSupported { supported } => format!("高于数据支持的 {} 分", num(Some(*supported))),
            ScoreFlag::SubtotalMismatch { children_sum } => format!("与下级之和 {} 不符", children_sum.normalize()),
            ScoreFlag::UnknownCode => "指标不存在".into(),
            ScoreFlag::Duplicate => "重复打分".into(),
            ScoreFlag::PointsMismatch { children_max } => format!("下级分值合计 {}", children_max.normalize()),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// The score sheet as a table with totals and grade; for a system that does not fit the
/// record, only why it was not scored.
pub fn render_score(sheet: &ScoreSheet) -> String {
    if let Some(why) = sheet.system_misfit() {
        return format!("{why}。请用 --system 指定记录实际采用的指标体系(jixiao systems 列出内置的体系)。\n");
    }
    let rows: Vec<Vec<String>> = sheet
        .rows
        .iter()
        .map(|r| {
            let indent = "  ".repeat(usize::from(r.level.saturating_sub(1)));
            vec![
                r.code.clone(),
                format!("{indent}{}", r.name),
                num(r.max_points),
                num(r.self_score),
                num(r.supported),
                r.basis.clone().unwrap_or_default(),
                flags_zh(&r.flags),
            ]
        })
        .collect();
    let mut out = format!("指标体系:{}({})\n\n", sheet.system_name, sheet.system_id);
    out.push_str(&layout(
        &["代码", "指标", "分值", "自评", "数据支持", "依据", "提示"],
        &[Align::Left, Align::Left, Align::Right, Align::Right, Align::Right, Align::Left, Align::Left],
        &rows,
    ));
    out.push('\n');
    let max = sheet.max_total.map_or(String::new(), |m| format!("(满分 {})", m.normalize()));
    out.push_str(&format!("基本得分:{}{max}\n", sheet.base_total.normalize()));
    if let Some(a) = sheet.adjustment {
        out.push_str(&format!("加减分:{}\n", a.normalize()));
    }
    out.push_str(&format!("自评总分:{}\n", sheet.total.normalize()));
    if let Some((t, _)) = &sheet.stated_total {
        let note = if sheet.stated_total_mismatch { "(与计算不符)" } else { "(相符)" };
        out.push_str(&format!("报告所称总分:{}{note}\n", t.normalize()));
    }
    out.push_str(&format!("评价等级:{}\n", sheet.grade.as_deref().unwrap_or("—")));
    if sheet.rows.iter().all(|r| r.max_points.is_none()) {
        out.push_str("注:该指标体系未给出分值,无法判断各项得分是否超过满分或数据支持的得分。\n");
    }
    out
}

/// The score sheet as JSON; for a system that does not fit the record (`"scored": false`),
/// no totals or grade, and why.
pub fn score_json(sheet: &ScoreSheet) -> Value {
    let d = |v: Option<Decimal>| v.map(|x| jixiao_core::num::round_half_up(x, 2).normalize().to_string());
    if let Some(why) = sheet.system_misfit() {
        return json!({
            "system": { "id": sheet.system_id, "name": sheet.system_name },
            "scored": false,
            "why_not_scored": why,
            "unknown_codes": sheet.unknown_codes.iter().map(|(c, _)| c).collect::<Vec<_>>(),
            "total": null,
            "grade": null,
        });
    }
    json!({
        "scored": true,
        "system": { "id": sheet.system_id, "name": sheet.system_name },
        "indicators": sheet.rows.iter().map(|r| json!({
            "code": r.code,
            "name": r.name,
            "level": r.level,
            "max_points": d(r.max_points),
            "self_score": d(r.self_score),
            "supported": d(r.supported),
            "basis": r.basis,
            "rule": r.rule,
            "flags": flags_zh(&r.flags),
        })).collect::<Vec<_>>(),
        "base_total": sheet.base_total.normalize().to_string(),
        "adjustment": d(sheet.adjustment),
        "total": sheet.total.normalize().to_string(),
        "max_total": d(sheet.max_total),
        "stated_total": sheet.stated_total.as_ref().map(|t| t.0.normalize().to_string()),
        "stated_total_matches": !sheet.stated_total_mismatch,
        "grade": sheet.grade,
    })
}
