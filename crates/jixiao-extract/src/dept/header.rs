//! The cover of a department report (部门名称, 填报人, 联系电话, 单位负责人, 填报日期), read
//! from the `标签:值` lines at its top (or, without them, from the title: `东山县文化旅游局
//! 2024 年度部门整体支出绩效自评报告`), and the year it evaluates.
//!
//! Only `header`; the units and offices are in [`super::organization`].

use crate::numbers::parse_chinese_date;

use super::DeptBuilder;

pub(super) fn header(b: &mut DeptBuilder<'_, '_>) {
    let text = &b.r.doc.text;
    let field = |keys: &[&str]| -> Option<String> {
        text.lines().take(80).find_map(|l| {
            let l = l.trim();
            let k = keys.iter().find(|k| l.starts_with(**k))?;
            let rest = l[k.len()..].trim_start_matches([' ', ':', '\u{ff1a}', '\t']).trim();
            (!rest.is_empty()).then(|| rest.to_string())
        })
    };
    b.rec.header.department = field(&["部门名称", "单位名称", "预算部门", "部门(单位)名称"])
        .or_else(|| unit_in_title(text))
        .unwrap_or_default();
    b.rec.header.filer = field(&["填报人"]);
    b.rec.header.phone = field(&["联系电话"]);
    b.rec.header.head = field(&["单位负责人"]);
    b.rec.header.filed_on = field(&["填报日期"]).and_then(|d| parse_chinese_date(&d));
    // The year evaluated: the four digits before the first `年度` (none if they are not a year).
    let flow = &b.r.doc.flow;
    let year = flow.find("年度").and_then(|i| {
        let head: String = flow[..i].chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
        head.parse::<u16>().ok().filter(|y| (1990..=2100).contains(y))
    });
    b.rec.header.year = year.unwrap_or(0);
}

/// Endings of a unit's name.
const UNIT_ENDINGS: &[&str] = &[
    "局",
    "委",
    "委员会",
    "办",
    "办公室",
    "院",
    "会",
    "中心",
    "政府",
    "所",
    "站",
    "馆",
    "队",
    "处",
    "室",
    "校",
    "学",
    "部",
    "厅",
    "社",
    "联",
    "团",
    "园",
];

/// The unit named at the start of the report's title: the text before the year, in one of
/// the first lines that says it is a self-evaluation report.
fn unit_in_title(text: &str) -> Option<String> {
    let line = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(10)
        .find(|l| l.contains("自评") && (l.contains("报告") || l.contains("自评表")))?;
    let line = line.strip_prefix("关于").unwrap_or(line);
    let end = line.find(|c: char| c.is_ascii_digit() || c == '(' || c == '\u{ff08}').unwrap_or(line.len());
    let name = line[..end].trim();
    let name = name.split("部门整体").next().unwrap_or(name).trim();
    let chinese = name.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    (chinese && name.chars().count() >= 4 && UNIT_ENDINGS.iter().any(|e| name.ends_with(e))).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::unit_in_title;

    #[test]
    fn the_unit_is_read_from_a_title_line() {
        let t = "东山县文化旅游局2024年度部门整体支出绩效自评报告\n\n一、基本情况";
        assert_eq!(unit_in_title(t).as_deref(), Some("东山县文化旅游局"));
        assert_eq!(unit_in_title("关于西河镇人民政府2023年度项目支出绩效自评报告").as_deref(), Some("西河镇人民政府"));
        assert_eq!(unit_in_title("2024年度部门整体支出绩效自评报告").as_deref(), None);
        assert_eq!(unit_in_title("一、部门基本情况\n本局负责……").as_deref(), None);
    }
}
