//! 五、存在问题 and 六、相关建议: the filer's own paragraphs, numbered, taken as written.

use jixiao_core::record::TextItem;

use super::ReportBuilder;
use super::format::cn_numeral;

pub(super) fn text_items(b: &mut ReportBuilder<'_>, items: &[TextItem], part: &str) {
    if items.is_empty() {
        b.out.note("未填报。");
        b.warnings.push(format!("“{part}”未填报"));
        return;
    }
    for (i, it) in items.iter().enumerate() {
        b.out.para(format!("({}){}{}", cn_numeral(i + 1), it.title, it.text.as_deref().unwrap_or("")));
    }
}
