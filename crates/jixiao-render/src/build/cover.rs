//! The report's title and cover: 部门名称, 单位负责人, 填报人, 联系电话, 填报日期.

use crate::sentences::TemplateError;

use super::ReportBuilder;
use super::format::format_chinese_date;

/// The title (with the department's name on a line of its own when it leads the title) and
/// the cover's fields; a missing field is printed as 未填报 and warned about.
pub(super) fn cover(b: &mut ReportBuilder<'_>) -> Result<(), TemplateError> {
    let r = b.r;
    b.out.title = b.fill("title", &[("department", r.header.department.clone()), ("year", b.year.clone())])?;
    b.out.title_lines = match b.out.title.strip_prefix(r.header.department.as_str()) {
        Some(rest) if !r.header.department.is_empty() && !rest.is_empty() => {
            vec![r.header.department.clone(), rest.to_string()]
        }
        _ => vec![b.out.title.clone()],
    };
    let cover = [
        ("部门名称", "header.department", Some(r.header.department.clone())),
        ("单位负责人", "header.head", r.header.head.clone()),
        ("填报人", "header.filer", r.header.filer.clone()),
        ("联系电话", "header.phone", r.header.phone.clone()),
        ("填报日期", "header.filed_on", r.header.filed_on.as_deref().map(format_chinese_date)),
    ];
    for (label, field, value) in cover {
        let value = value.filter(|v| !v.trim().is_empty());
        if value.is_none() {
            b.warnings.push(format!("封面“{label}”未填报:记录中缺少 {label}({field})"));
        }
        b.out.cover.push((label.to_string(), value.unwrap_or_else(|| "未填报".into())));
    }
    Ok(())
}
