//! `--final`: what a final document needs that the record lacks, each item named by its
//! workbook cell (when the input is a workbook) or its record field, with its line where the
//! field is written but blank.

use jixiao_pipeline::Read;
use jixiao_pipeline::report::Gap;
use jixiao_pipeline::source::{Place, line_col};
use serde_json::{Value, json};

/// Where a gap is, in words: `'基本情况'!B5`, `第 12 行`, or nothing when the field is not
/// written at all (its path then says where it goes).
fn place(input: &Read, gap: &Gap) -> Option<String> {
    match input.map.resolve(&gap.path)? {
        (_, Place::Cell { sheet, cell }) => Some(format!("'{sheet}'!{cell}")),
        (at, Place::Text(span)) if at == gap.path => Some(format!("第 {} 行", line_col(&input.text, span.start).0)),
        (_, Place::Text(_)) => None,
    }
}

/// The gaps as lines for people: `  - 单位负责人:'基本情况'!B5` or `  - 单位负责人(header.head)`.
pub fn lines(input: &Read, file: &str, gaps: &[Gap]) -> String {
    let mut s = format!("错误:{file} 还缺少定稿所需的 {} 项内容,不能生成定稿:\n", gaps.len());
    for g in gaps {
        let at = match place(input, g) {
            Some(p) if p.starts_with('\'') => p,
            Some(p) => format!("{}({p})", g.path),
            None => format!("{}(未填写)", g.path),
        };
        s.push_str(&format!("  - {}:{at}\n", g.label));
    }
    s.push_str("请补齐后重试;不加 --final 可先生成草稿。\n");
    s
}

/// The gaps as JSON: `[{"field", "label", "sheet"?, "cell"?, "line"?}]`.
pub fn json(input: &Read, gaps: &[Gap]) -> Value {
    gaps.iter()
        .map(|g| {
            let mut v = json!({ "field": g.path, "label": g.label });
            match input.map.resolve(&g.path) {
                Some((_, Place::Cell { sheet, cell })) => {
                    v["sheet"] = json!(sheet);
                    v["cell"] = json!(cell);
                }
                Some((at, Place::Text(span))) if at == g.path => {
                    v["line"] = json!(line_col(&input.text, span.start).0);
                }
                _ => {}
            }
            v
        })
        .collect()
}
