//! What was read and checked, for people and for programs: never "未发现问题" of a document
//! in which nothing could be checked.

use jixiao_core::coverage::Coverage;
use jixiao_core::finding::Finding;
use serde_json::{Value, json};

use crate::findings::summary;

/// `检查范围:读取表格 3 张(共 40 行)、绩效目标 12 项、自评指标 20 项;核对了 35 项数字关系。`,
/// or, when no relation could be checked, that none could.
pub fn render_coverage(c: &Coverage) -> String {
    let read = format!(
        "检查范围:读取表格 {} 张(共 {} 行)、绩效目标 {} 项、自评指标 {} 项",
        c.tables, c.table_rows, c.targets, c.indicators
    );
    if c.nothing_checked() {
        format!("{read};没有找到可以相互核对的数字,未能核对任何数字关系。")
    } else {
        format!("{read};核对了 {} 项数字关系。", c.relations)
    }
}

/// The summary of an audited file: `seed.txt:发现 5 个错误、5 个警告`; with no finding,
/// `未发现问题` only when some relation was checked, else that nothing could be checked.
pub fn audit_summary(name: &str, findings: &[Finding], c: &Coverage) -> String {
    if findings.is_empty() && c.nothing_checked() {
        format!("{name}:未能检查——没有读出可以相互核对的数字,不能据此认为文件没有问题")
    } else {
        format!("{name}:{}", summary(findings))
    }
}

/// Coverage as JSON: `{"tables","table_rows","targets","indicators","relations"}`.
pub fn coverage_json(c: &Coverage) -> Value {
    json!({
        "tables": c.tables,
        "table_rows": c.table_rows,
        "targets": c.targets,
        "indicators": c.indicators,
        "relations": c.relations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_checked_is_never_no_problem_found() {
        let none = Coverage::default();
        let s = audit_summary("a.txt", &[], &none);
        assert!(!s.contains("未发现问题") && s.contains("未能检查"), "{s}");
        assert!(render_coverage(&none).contains("未能核对任何数字关系"));
        let some = Coverage { relations: 3, ..Coverage::default() };
        assert_eq!(audit_summary("a.txt", &[], &some), "a.txt:未发现问题");
        assert!(render_coverage(&some).contains("核对了 3 项数字关系"));
        assert_eq!(coverage_json(&some)["relations"], 3);
    }
}
