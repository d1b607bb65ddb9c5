//! The closing parts, the filer's own words taken as written: 五、存在问题 (each problem as
//! 问题 / 原因 / 整改措施), 六、相关建议, 七、结果应用, 八、其他需要说明的问题.

use jixiao_core::record::TextItem;

use crate::sentences::TemplateError;

use super::ReportBuilder;
use super::format::cn_numeral;

pub(super) fn closing(b: &mut ReportBuilder<'_>) -> Result<(), TemplateError> {
    let r = b.r;
    b.out.heading(1, "五、存在问题");
    if r.problems.is_empty() {
        b.missing("存在问题", &["problems"])?;
    }
    for (i, p) in r.problems.iter().enumerate() {
        b.out.heading(2, format!("({}){}", cn_numeral(i + 1), p.title));
        let parts = [("问题", p.text.as_deref()), ("原因", p.cause.as_deref()), ("整改措施", p.measures.as_deref())];
        for (label, text) in parts {
            if let Some(t) = text.filter(|t| !t.trim().is_empty()) {
                b.out.para(format!("{label}:{t}"));
            }
        }
    }
    b.out.heading(1, "六、相关建议");
    text_items(b, &r.recommendations, "recommendations")?;
    b.out.heading(1, "七、结果应用");
    match r.result_use.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(t) => b.out.para(t),
        None => b.missing("结果应用", &["result_use"])?,
    }
    b.out.heading(1, "八、其他需要说明的问题");
    b.out.para(r.other_matters.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or("无。"));
    Ok(())
}

fn text_items(b: &mut ReportBuilder<'_>, items: &[TextItem], path: &str) -> Result<(), TemplateError> {
    if items.is_empty() {
        return b.missing(super::field_name(path), &[path]);
    }
    for (i, it) in items.iter().enumerate() {
        b.out.para(format!("({}){}{}", cn_numeral(i + 1), it.title, it.text.as_deref().unwrap_or("")));
    }
    Ok(())
}
