//! The weights of an indicator table (项目支出绩效自评表) against the points its groups
//! announce: `绩效指标(90分)` or `产出指标(50分)` over rows whose 权重/分值 column must add up to
//! 90 or 50, and a 合计 row whose points are those of the form's groups (`预算执行情况(10分)`
//! + `绩效指标(90分)` = 100). Each becomes a complete [`Breakdown`] of the record (unit `分`).
//!
//! Read from the document text, for tables written with `|` (a row per line, or a cell per
//! line): the header row names the columns (一级指标 … 权重 得分 …); a row is as wide as the
//! header, or aligned to its right end when it is not (its first cells spanning rows). A
//! group whose rows cannot all be read (a weight missing, a score above its weight: the
//! columns are not where the header says) is not checked, and the 合计 only when the form
//! announces both its 预算执行 points and its indicator points.

use jixiao_core::Span;
use jixiao_core::record::{Breakdown, Part};
use jixiao_core::value::Num;

use crate::numbers::{Token, scan};
use crate::text::Includes;

use super::DeptBuilder;

/// One cell of the text: its trimmed text and where it is.
#[derive(Debug, Clone)]
struct Cell<'t> {
    text: &'t str,
    at: usize,
    /// The line it is on (cells of one line share it).
    line: usize,
}

impl Cell<'_> {
    /// The cell's one figure, if the cell is nothing else.
    fn number(&self) -> Option<Token> {
        let toks = scan(self.text);
        let [t] = toks.as_slice() else { return None };
        if t.start != 0 || t.end != self.text.len() || t.percent || t.cmp.is_some() {
            return None;
        }
        let mut t = t.clone();
        t.start += self.at;
        t.end += self.at;
        t.unit_end += self.at;
        Some(t)
    }

    /// `产出指标(50分)`: the points a group announces.
    fn points(&self) -> Option<Token> {
        let t = self.text.replace('\u{ff08}', "(").replace('\u{ff09}', ")");
        let inner = t.strip_suffix("分)")?;
        let open = inner.rfind('(')?;
        let (name, digits) = (&inner[..open], &inner[open + 1..]);
        if name.chars().count() > 12 || !name.chars().all(crate::text::is_cjk) || digits.is_empty() {
            return None;
        }
        let toks = scan(self.text);
        let t = toks.iter().rev().find(|t| t.unit == Some("分"))?;
        let mut t = t.clone();
        t.start += self.at;
        t.end += self.at;
        t.unit_end += self.at;
        Some(t)
    }
}

/// The cells of lines written with `|`: a trailing `|` closes a line's last cell.
fn cells(text: &str) -> Vec<Cell<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let base = at;
        at += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if !body.contains(['|', '\u{ff5c}']) {
            continue;
        }
        let body = body.trim_end();
        let body = body.strip_suffix(['|', '\u{ff5c}']).unwrap_or(body);
        let mut s = 0;
        for (i, c) in body.char_indices().chain(std::iter::once((body.len(), '|'))) {
            if matches!(c, '|' | '\u{ff5c}') {
                let raw = &body[s..i];
                let lead = raw.len() - raw.trim_start().len();
                out.push(Cell { text: raw.trim(), at: base + s + lead, line: n });
                s = i + c.len_utf8();
            }
        }
    }
    out
}

/// Words that name an indicator table's columns.
const HEADER_WORDS: &[&str] =
    &["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "年度指标值", "实际完成值"];

fn is_weight_word(s: &str) -> bool {
    matches!(s, "权重" | "分值" | "权重(分)" | "分值(分)")
}

pub(super) fn weights(b: &mut DeptBuilder<'_, '_>) {
    let text = b.r.doc.text.as_str();
    if !text.includes("|") && !text.includes("\u{ff5c}") {
        return;
    }
    let cs = cells(text);
    // Points announced since the last 合计: (name, token).
    let mut announced: Vec<(String, Token)> = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let c = &cs[i];
        if let Some(p) = c.points() {
            announced.push((c.text.to_string(), p));
            i += 1;
            continue;
        }
        if c.text == "合计" {
            let total = cs.get(i + 1).and_then(Cell::number);
            let budget = announced.iter().any(|(n, _)| n.includes("预算执行") || n.includes("资金"));
            let indicators = announced.iter().any(|(n, _)| n.includes("指标"));
            if let Some(total) = total
                && budget
                && indicators
                && announced.len() >= 2
            {
                let parts: Vec<&Token> = announced.iter().map(|(_, t)| t).collect();
                push(b, "合计", &total, &parts);
            }
            announced.clear();
            i += 1;
            continue;
        }
        if c.text != "一级指标" {
            i += 1;
            continue;
        }
        // The header: header words from here, up to 权重/分值 and what follows it.
        let mut end = i;
        while cs.get(end).is_some_and(|c| {
            HEADER_WORDS.contains(&c.text) || is_weight_word(c.text) || c.text == "得分" || c.text.includes("原因")
        }) {
            end += 1;
        }
        let header = &cs[i..end];
        let Some(w) = header.iter().position(|c| is_weight_word(c.text)) else {
            i = end.max(i + 1);
            continue;
        };
        let (width, after) = (header.len(), header.len() - 1 - w);
        let per_line = header.iter().all(|c| c.line == header[0].line);
        // A group heading written before the header covers every row.
        let mut groups: Vec<(Option<Token>, Vec<Option<Token>>)> = Vec::new();
        if let Some(t) = i.checked_sub(1).and_then(|p| cs[p].points()) {
            groups.push((Some(t), Vec::new()));
        }
        let mut k = end;
        // Rows: a line each, or `width` cells each.
        while k < cs.len() && cs[k].text != "合计" && !cs[k].text.includes("评价结论") {
            let row: &[Cell<'_>] = if per_line {
                let line = cs[k].line;
                let n = cs[k..].iter().take_while(|c| c.line == line).count();
                &cs[k..k + n]
            } else {
                &cs[k..(k + width).min(cs.len())]
            };
            k += row.len().max(1);
            if row.len() < 3 {
                continue;
            }
            if let Some(p) = row[0].points() {
                groups.push((Some(p), Vec::new()));
            } else if groups.is_empty() {
                groups.push((None, Vec::new()));
            }
            let wi = if row.len() == width { w } else { row.len().checked_sub(1 + after).unwrap_or(usize::MAX) };
            let weight = row.get(wi).and_then(Cell::number);
            let score = row.get(wi + 1).filter(|c| !crate::numbers::is_empty_cell(c.text));
            let sane = match (&weight, score) {
                (Some(wt), Some(sc)) => sc.number().is_some_and(|s| s.value <= wt.value),
                (Some(_), None) => true,
                _ => false,
            };
            if let Some(g) = groups.last_mut() {
                g.1.push(weight.filter(|_| sane));
            }
        }
        for (heading, rows) in &groups {
            let Some(heading) = heading else { continue };
            let Some(parts) = rows.iter().map(Option::as_ref).collect::<Option<Vec<&Token>>>() else { continue };
            if !parts.is_empty() {
                push(b, "指标分值", heading, &parts);
            }
        }
        i = k;
    }
}

/// The words of a line written with single blanks between cells.
fn words(line: &str, base: usize) -> Vec<Cell<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices().chain(std::iter::once((line.len(), ' '))) {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(Cell { text: &line[s..i], at: base + s, line: 0 });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

/// An indicator table flattened onto one line of words (`产出指标(50分) 数量指标 修路 ≥10 12
/// 20 20 质量指标 …`): each row ends with its weight and its score, the last two of the
/// figures standing alone after its words. A group with a row ending in one figure only, or
/// in a score above its weight, is not checked.
pub(super) fn flattened_weights(b: &mut DeptBuilder<'_, '_>) {
    let text = b.r.doc.text.as_str();
    // Only a line holding 一级指标 can be such a table's.
    for (base, line) in crate::text::lines_with(text, "一级指标") {
        if !(line.includes("一级指标") && line.includes("得分") && (line.includes("分值") || line.includes("权重")))
        {
            continue;
        }
        let ws = words(line, base);
        let Some(h) = ws.iter().position(|w| w.text == "一级指标") else { continue };
        let Some(end) = ws[h..].iter().position(|w| w.text == "得分").map(|p| h + p + 1) else { continue };
        // (heading, weights, every row readable)
        let mut groups: Vec<(Token, Vec<Token>, bool)> = Vec::new();
        let mut run: Vec<Token> = Vec::new();
        let close = |run: &mut Vec<Token>, groups: &mut Vec<(Token, Vec<Token>, bool)>| {
            if let Some(g) = groups.last_mut()
                && !run.is_empty()
            {
                match run.as_slice() {
                    [.., w, s] if s.value <= w.value => g.1.push(w.clone()),
                    _ => g.2 = false,
                }
            }
            run.clear();
        };
        for w in &ws[end..] {
            if let Some(t) = w.number() {
                run.push(t);
                continue;
            }
            close(&mut run, &mut groups);
            if matches!(w.text, "合计" | "总分" | "评价结论") {
                break;
            }
            if let Some(p) = w.points() {
                groups.push((p, Vec::new(), true));
            }
        }
        close(&mut run, &mut groups);
        for (heading, parts, readable) in &groups {
            // A weight above its group's points is some other figure (a row without a score).
            if *readable && !parts.is_empty() && parts.iter().all(|p| p.value <= heading.value) {
                let parts: Vec<&Token> = parts.iter().collect();
                push(b, "指标分值", heading, &parts);
            }
        }
    }
}

/// A complete breakdown of `total` into `parts`, every figure placed by its text span.
fn push(b: &mut DeptBuilder<'_, '_>, label: &str, total: &Token, parts: &[&Token]) {
    let i = b.rec.breakdowns.len();
    b.map.insert_span(format!("breakdowns[{i}].total"), Span::new(total.start, total.end));
    b.placed += 1;
    for (j, p) in parts.iter().enumerate() {
        b.map.insert_span(format!("breakdowns[{i}].parts[{j}].value"), Span::new(p.start, p.end));
    }
    b.rec.breakdowns.push(Breakdown {
        label: label.to_string(),
        unit: Some("分".to_string()),
        total: Num(total.value),
        parts: parts.iter().map(|p| Part { label: String::new(), value: Num(p.value) }).collect(),
        complete: true,
    });
}

#[cfg(test)]
mod tests {
    use crate::reader::Reader;
    use crate::text::Doc;

    fn sums(text: &str) -> Vec<(String, Vec<String>)> {
        let doc = Doc::new(text.to_string());
        let reader = Reader::new(&doc);
        let tables = crate::tables::tables(&reader);
        super::super::extract(&reader, &tables)
            .record
            .breakdowns
            .into_iter()
            .filter(|b| b.unit.as_deref() == Some("分"))
            .map(|b| (b.total.to_string(), b.parts.iter().map(|p| p.value.to_string()).collect()))
            .collect()
    }

    #[test]
    fn weights_under_a_heading_written_a_cell_per_line_add_to_its_points() {
        let text = "资金执行(20分) |\n年初预算 |\n50 |\n指标情况(80分) |\n一级指标 |\n二级指标 |\n三级指标 |\n指标值 |\n完成值 |\n权重 |\n得分 |\n原因 |\n\
                    产出指标 |\n数量 |\n修路里程 |\n10 |\n12 |\n50 |\n48 |\n |\n\
                    效益指标 |\n社会 |\n通行率 |\n95 |\n96 |\n30 |\n |\n |\n合计 |\n100 |\n |\n";
        assert_eq!(
            sums(text),
            vec![
                ("80".to_string(), vec!["50".to_string(), "30".to_string()]),
                ("100".into(), vec!["20".into(), "80".into()])
            ]
        );
    }

    #[test]
    fn groups_in_the_first_column_of_rows_written_a_line_each() {
        let text = "一级指标 | 二级指标 | 三级指标 | 指标值 | 完成值 | 分值 | 得分 | 原因 |\n\
                    产出指标(30分) | 数量 | 修路 | 10 | 12 | 20 | 20 | |\n\
                    质量 | 合格率 | 95 | 96 | 10 | 9 | |\n\
                    效益指标(20分) | 社会 | 通行 | 90 | 91 | 20 | 20 | |\n";
        assert_eq!(sums(text), vec![("30".into(), vec!["20".into(), "10".into()]), ("20".into(), vec!["20".into()])]);
    }

    #[test]
    fn weights_of_a_table_flattened_onto_one_line_add_to_their_group() {
        let text = "一级指标 二级指标 三级指标 指标值 完成值 分值 得分 原因 产出指标(30分) 数量 修路 ≥10公里 12 20 20 \
                    质量 合格 达标 达标 10 9 效益指标(20分) 社会 通行 好 好 12 12 满意度(10分) 群众 满意 90 5\n";
        // The second group's weights are read as written (the rules find 12 is not 20); the
        // last one's row has no score, its "weight" 90 is above the group's points: not checked.
        assert_eq!(sums(text), vec![("30".into(), vec!["20".into(), "10".into()]), ("20".into(), vec!["12".into()])]);
        let text = "一级指标 二级指标 分值 得分 产出指标(30分) 数量 20 20 质量 5 9\n";
        assert!(sums(text).is_empty(), "a score above its weight");
    }

    #[test]
    fn rows_whose_columns_cannot_be_placed_are_not_summed() {
        // The score above the weight: the columns are not where the header says.
        let text = "指标(30分) |\n一级指标 | 二级指标 | 三级指标 | 指标值 | 完成值 | 分值 | 得分 | 原因 |\n\
                    产出 | 数量 | 修路 | 10 | 12 | 5 | 20 | |\n";
        assert!(sums(text).is_empty());
        // A 合计 without the form's budget points is not checked.
        assert!(sums("指标(90分) | 一级指标 | 分值 | 得分 |\n合计 | 100 |\n").is_empty());
    }
}
