//! Generic figures: what an audited report states that has no slot in the record — tables
//! other than the ones the record holds, sentences stating a change and its rate, labels
//! stated more than once, parts stated as shares of a total, counts of indicators by level,
//! a class's spending against its budget stated in words, what a project spent in all, a table row's figure stated elsewhere. The generic rules (`G…` in
//! `jixiao-rules`) check them; field paths
//! such as `facts.tables[0].rows[3].cells[2]` locate them through the same
//! [`crate::SourceMap`].
//!
//! They are not the record's own `facts` (other stated figures kept in a record file, see
//! [`crate::record::Fact`]): these exist only while a report is audited and are never saved.

use rust_decimal::Decimal;

use crate::figure::Figure;

/// A figure as stated in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stated {
    /// The value as written.
    pub value: Decimal,
    /// Written as a percentage.
    pub percent: bool,
}

impl Stated {
    /// Its rounding interval (rates are always intervals; amounts' explicit zeros are exact).
    pub fn figure(&self) -> Figure {
        if self.percent { Figure::rounded(self.value) } else { Figure::stated(self.value) }
    }
}

/// What a table column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnRole {
    /// 预算数
    Budget,
    /// 决算数 / 执行数
    Actual,
    /// 差异
    Variance,
    /// 执行率
    Rate,
    /// 分值 / 权重: the points a row can score.
    Weight,
    /// 得分: the points it scored.
    Score,
    /// Another figure column.
    Other,
    /// A label column.
    Label,
}

/// A table read from a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FigureTable {
    /// Column headers and roles.
    pub columns: Vec<(String, ColumnRole)>,
    /// Rows below the header.
    pub rows: Vec<FigureRow>,
}

/// One row of a [`FigureTable`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FigureRow {
    /// The row's label (its first text cell).
    pub label: String,
    /// A 合计 / 总计 row.
    pub total: bool,
    /// A `其中` row (a part of the row above, not summed into the total).
    pub part: bool,
    /// The figure in each column, if any.
    pub cells: Vec<Option<Stated>>,
}

/// `A …, 增加/减少 C …, 增长/下降 D%` in one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeSentence {
    /// What changed.
    pub label: String,
    /// The amount stated before the change (this year's or last year's).
    pub amount: Stated,
    /// The change, signed (negative for 减少).
    pub change: Stated,
    /// The rate of change, signed, if stated.
    pub rate: Option<Stated>,
}

/// A label stated with different values in different sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatedLabel {
    /// The label.
    pub label: String,
    /// The values in order of appearance (two at least).
    pub values: Vec<Stated>,
    /// One of the two is a part of a breakdown of a total (`…755.19 万元。其中:…市级资金 260.3
    /// 万元`): the other restates that part, so they must agree (rule G010, not G004).
    pub restates_part: bool,
}

/// The name of another unit of the same kind as the report's own (another township's
/// government), written beside a figure the report also states with its own name: text
/// left from another unit's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignName {
    /// The report's own unit, as named most often.
    pub own: String,
    /// The other unit.
    pub other: String,
    /// The figure both sentences state, as written.
    pub figure: String,
}

/// `A …,占 B 的比例 P%`: a part stated as a share of a total named by its label, with the
/// figures stated earlier under that label (more than one when the label names several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareOfTotal {
    /// The total's label as the share names it (`项目支出总额`).
    pub base_label: String,
    /// The figures that may be the part (the figures of the same unit before `占` in its clause).
    pub parts: Vec<Stated>,
    /// The figures stated under the total's label before the share.
    pub bases: Vec<Stated>,
    /// The share, in percent.
    pub share: Stated,
}

/// `共 N 个指标,其中一级指标 a 个,二级指标 b 个,三级指标 c 个`: a count of indicators with
/// its counts by level. The total counts either the last level's indicators or all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelCount {
    /// The total stated.
    pub total: Stated,
    /// The counts by level, from the first level down.
    pub levels: Vec<Stated>,
}

/// `卫生健康支出决算数比预算数减少 23.65 万元`: a sentence stating by how much one functional
/// class's spending fell below (or went above) its budget, with that class's 预算数 and 决算数
/// as a table of the same report states them. All three in 万元.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarianceClaim {
    /// The class as its table row names it (`卫生健康支出`).
    pub class: String,
    /// The amount the sentence states (a magnitude), in 万元.
    pub change: Figure,
    /// The same amount in its own unit as written (`300000` for `300000 元`): a table whose
    /// unit is not stated may be in 元.
    pub change_as_written: Figure,
    /// The sentence says the spending was below the budget (减少, 节约, 结余); else above it
    /// (增加, 超支).
    pub below: bool,
    /// The class's 预算数 in the table.
    pub budget: Figure,
    /// The class's 决算数 in the table.
    pub actual: Figure,
    /// Where the table states the 预算数 (a record or `facts.tables[…]` path).
    pub budget_path: String,
    /// Where the table states the 决算数.
    pub actual_path: String,
}

/// `本项目共完成预算资金 89.97 万元`: a sentence stating what a project spent in all, with the
/// 全年执行数 of its funds block (total row and 其中 rows) in the same report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpendingStatement {
    /// The words before the amount (`本项目共完成预算资金`).
    pub label: String,
    /// The amount, in 万元.
    pub stated: Figure,
    /// The amount in its own unit as written (a form whose unit is not stated may be in 元).
    pub as_written: Figure,
    /// The funds block's 全年执行数: (row label, amount in 万元, where it is stated).
    pub form: Vec<(String, Figure, String)>,
}

/// A figure stated under the name of a table row (`项目支出:4025.20`) that is none of that
/// row's figures (`项目支出 | 874.20 | 308.17 | 1025.20`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestatedRow {
    /// The row's name.
    pub label: String,
    /// The figure stated elsewhere.
    pub stated: Stated,
    /// The row's figures with their paths (`facts.tables[…].rows[…].cells[…]`).
    pub row: Vec<(String, Stated)>,
}

/// A row of a department report's indicator table with its points and its score
/// (`三级指标 | … | 分值 | 得分`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorScore {
    /// The indicator's name.
    pub name: String,
    /// 分值: the points it can score.
    pub points: Stated,
    /// 得分: the points it scored.
    pub score: Stated,
}

/// A form's budget execution rate (the 执行率 of its 预算执行情况 block, the row with 权重 and
/// 得分) and the actual of the indicator its indicator table names 预算执行率 / 预算完成率: one
/// figure stated twice in one form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormRate {
    /// The indicator's name as its row writes it.
    pub name: String,
    /// The block's 执行率 (a percentage).
    pub rate: Stated,
    /// The indicator's 实际完成值 (a percentage).
    pub indicator: Stated,
}

/// Every generic figure read from a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenericFigures {
    /// Tables.
    pub tables: Vec<FigureTable>,
    /// Changes with their rates.
    pub changes: Vec<ChangeSentence>,
    /// Labels stated more than once with different values.
    pub repeats: Vec<RepeatedLabel>,
    /// Other units' names left in the text.
    pub foreign_names: Vec<ForeignName>,
    /// Parts stated as shares of a total.
    pub shares: Vec<ShareOfTotal>,
    /// Counts of indicators with their counts by level.
    pub level_counts: Vec<LevelCount>,
    /// Sentences stating a class's spending against its budget.
    pub variance_claims: Vec<VarianceClaim>,
    /// Sentences stating what a project spent in all.
    pub spending: Vec<SpendingStatement>,
    /// Table rows' names stated elsewhere with a figure not in the row.
    pub restated: Vec<RestatedRow>,
    /// Department indicator tables' rows with their points and scores
    /// (`facts.indicator_scores[…].points`, `….score`).
    pub indicator_scores: Vec<IndicatorScore>,
    /// A form's budget execution rate with its indicator of the same name
    /// (`facts.form_rates[…].rate`, `….indicator`).
    pub form_rates: Vec<FormRate>,
}

impl GenericFigures {
    /// Whether nothing was read.
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
            && self.changes.is_empty()
            && self.repeats.is_empty()
            && self.foreign_names.is_empty()
            && self.shares.is_empty()
            && self.level_counts.is_empty()
            && self.variance_claims.is_empty()
            && self.spending.is_empty()
            && self.restated.is_empty()
            && self.indicator_scores.is_empty()
            && self.form_rates.is_empty()
    }
}
