//! How much of an input was read and checked, so that "no problem found" is never said of a
//! document nothing could be checked in. Counted by `jixiao-pipeline`, shown by
//! `jixiao-diagnostics`; this module only holds the counts.

/// How much was read and checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Tables found in a report's text (0 for a record file or a workbook, whose tables are
    /// the record's own).
    pub tables: usize,
    /// Rows of those tables, header rows included.
    pub table_rows: usize,
    /// Performance targets in the record (绩效目标, or a project's 绩效指标).
    pub targets: usize,
    /// Indicators self-scored in the record (自评得分 rows; a project's 绩效指标).
    pub indicators: usize,
    /// Relations between stated figures that could be checked: each derived figure stated
    /// with every input filled (a rate, a difference, a sum, a completion), each column of a
    /// report's table against its 合计 row, each row's 差异 or 执行率 against its 预算 and 决算,
    /// each stated change with its rate, each label stated more than once.
    pub relations: usize,
}

impl Coverage {
    /// Whether nothing could be checked: no relation between figures was found.
    pub fn nothing_checked(&self) -> bool {
        self.relations == 0
    }
}
