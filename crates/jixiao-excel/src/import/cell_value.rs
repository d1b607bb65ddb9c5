//! Cell typing: one cell read as the value of a field of its kind (text, names, yes/no, a
//! choice, a date, an integer, a rate, an amount with its unit), at the precision the cell
//! shows. Numbers and dates typed as text are read with a warning (W002, W003); a value
//! that cannot be read is an error at its cell.
//!
//! Not where the cell is (that is [`mod@super::blocks`]) nor its formula ([`super::formulas`]).

use jixiao_core::Decimal;
use jixiao_core::num::decimal_text;
use serde_json::Value;

use crate::cells::{Shown, date_of_serial, general, number_in_text, shown_decimal};
use crate::layout::{Field, Kind};

use super::grid::{Data, norm, text_of};
use super::{DATE_AS_TEXT, Importer, TEXT_NUMBER};

impl Importer<'_> {
    /// A cell as the JSON value of a field of kind `ty`; `unit` is the unit column's text.
    pub(super) fn cell(&mut self, gi: usize, row: u32, col: u32, fld: &Field, unit: &str, path: &str) -> Option<Value> {
        self.work.fields += 1;
        let grids = self.grids;
        let g = &grids[gi];
        // The cell shown here: the top-left one of a merged range, looked up once.
        let (r0, c0) = g.merged_origin(row, col);
        let origin = g.sheet.cell(r0, c0);
        let data = g.data_of(origin);
        let shown_as = origin.map(|c| g.book.shown(c)).unwrap_or_default();
        let label = fld.label;
        let is_1904 = g.is_1904();
        if data == Data::Empty && origin.is_some_and(|c| c.formula) {
            self.error(
                g,
                row,
                col,
                format!(
                    "“{label}”是公式,但文件中没有保存公式的结果(文件可能由不计算公式的程序生成);请在 Excel/WPS 中打开、重新计算后保存,或直接填写数字"
                ),
            );
            return None;
        }
        let text_number = |me: &mut Self, d: Decimal, typed: &str| {
            me.warn(
                path,
                TEXT_NUMBER,
                format!("{}“{label}”以文字形式填写了数字“{typed}”,已按 {d} 读取;请把单元格改为数字", g.at(row, col)),
            );
        };
        match (fld.kind, data) {
            (_, Data::Empty) => None,
            (_, Data::Text(s)) if s.trim().is_empty() => None,
            (_, Data::Error(e)) => {
                self.error(g, row, col, format!("“{label}”是错误值 {e}"));
                None
            }
            (Kind::Text | Kind::LongText, Data::Text(s)) => Some(Value::String(if fld.kind == Kind::LongText {
                s.trim_end().to_string()
            } else {
                s.trim().to_string()
            })),
            (Kind::Text | Kind::LongText, Data::Number(f)) if shown_as.date => {
                let d = date_of_serial(f, is_1904).unwrap_or_else(|| general(f));
                self.warn(path, DATE_AS_TEXT, format!("{}“{label}”应为文字,单元格却是日期 {d}(可能被 Excel 自动转换);已按“{d}”读取,如有误请把单元格设为文本格式后重新填写", g.at(row, col)));
                Some(Value::String(d))
            }
            (Kind::Text | Kind::LongText, Data::DateIso(s)) => {
                let d: String = s.chars().take(10).collect();
                self.warn(path, DATE_AS_TEXT, format!("{}“{label}”应为文字,单元格却是日期 {d}(可能被 Excel 自动转换);已按“{d}”读取,如有误请把单元格设为文本格式后重新填写", g.at(row, col)));
                Some(Value::String(d))
            }
            (Kind::Text | Kind::LongText, other) => Some(Value::String(text_of(other))),
            (Kind::Names, _) => {
                let t = g.text(row, col);
                let names: Vec<Value> = t
                    .split(['、', ';', '\u{ff1b}', '\n'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| Value::String(s.into()))
                    .collect();
                Some(Value::Array(names))
            }
            (Kind::Bool, _) => match norm(&g.text(row, col)).to_ascii_lowercase().as_str() {
                "是" | "true" | "y" | "yes" | "1" => Some(Value::Bool(true)),
                "否" | "false" | "n" | "no" | "0" => Some(Value::Bool(false)),
                t => {
                    let t = t.to_string();
                    self.error(g, row, col, format!("“{label}”应填“是”或“否”,实为“{t}”"));
                    None
                }
            },
            (Kind::Choice(options), _) => {
                let t = norm(&g.text(row, col));
                match options
                    .iter()
                    .find(|o| o.1 == t || o.0 == t || (o.0 == ">=" && t == ">=") || (o.0 == "<=" && t == "<="))
                {
                    Some(o) => Some(Value::String(o.0.to_string())),
                    None => {
                        let list: Vec<&str> = options.iter().map(|o| o.1).collect();
                        self.error(g, row, col, format!("“{label}”应为 {} 之一,实为“{t}”", list.join("、")));
                        None
                    }
                }
            }
            (Kind::Date, Data::Number(f)) if shown_as.date || ((30000.0..80000.0).contains(&f) && f.fract() == 0.0) => {
                match date_of_serial(f, is_1904) {
                    Some(d) => Some(Value::String(d)),
                    None => {
                        self.error(g, row, col, format!("“{label}”应为日期(如 2025-03-31),实为 {}", general(f)));
                        None
                    }
                }
            }
            (Kind::Date, Data::DateIso(s)) => Some(Value::String(s.chars().take(10).collect())),
            (Kind::Date, Data::Text(s)) => match date_in_text(s) {
                Some(d) => {
                    if d != s.trim() {
                        self.warn(
                            path,
                            TEXT_NUMBER,
                            format!("{}“{label}”以文字形式填写了日期“{}”,已按 {d} 读取", g.at(row, col), s.trim()),
                        );
                    }
                    Some(Value::String(d))
                }
                None => {
                    self.error(g, row, col, format!("“{label}”应为日期(如 2025-03-31),实为“{}”", s.trim()));
                    None
                }
            },
            (Kind::Date, other) => {
                let t = text_of(other);
                self.error(g, row, col, format!("“{label}”应为日期(如 2025-03-31),实为“{t}”"));
                None
            }
            (ty, data) => {
                // A number: Int, Money, MoneyYuan, Pct, Num.
                let (value, unit_written, typed) = match data {
                    Data::Number(f) if shown_as.date => {
                        // A number in a cell formatted as a date (the format copied from
                        // another cell, or a date typed where a number belongs).
                        let d = date_of_serial(f, is_1904).unwrap_or_else(|| general(f));
                        self.error(
                            g,
                            row,
                            col,
                            format!(
                                "“{label}”应为{},单元格却设成了日期格式(显示为 {d}),其中的数是 {};请把单元格格式改为“数值”后核对这个数",
                                kind_zh(ty),
                                general(f)
                            ),
                        );
                        return None;
                    }
                    Data::Number(f) => {
                        // In a .xlsx, a rate typed as 93.61 into a cell not formatted as a
                        // percentage is read as 93.61%. A whole-number field is read exactly:
                        // 10.5 shown as 11 is not 11.
                        let s = if ty == Kind::Count {
                            Shown { decimals: None, optional: 0, percent: false, date: false }
                        } else {
                            shown_as
                        };
                        match shown_decimal(f, s) {
                            Some(d) => (Some(d), "", None),
                            None => {
                                self.error(
                                    g,
                                    row,
                                    col,
                                    format!(
                                        "“{label}”的数 {} 超出可处理的范围(绝对值应小于 10 的 15 次方)",
                                        general(f)
                                    ),
                                );
                                return None;
                            }
                        }
                    }
                    Data::Text(s) => match number_in_text(s) {
                        Some((d, u)) => (Some(d), u, Some(s.trim().to_string())),
                        None => (None, "", Some(s.trim().to_string())),
                    },
                    other => (None, "", Some(text_of(other))),
                };
                let Some(value) = value else {
                    let what: String = typed.unwrap_or_default().chars().take(60).collect();
                    self.error(g, row, col, format!("“{label}”应为{},实为“{what}”", kind_zh(ty)));
                    return None;
                };
                if let Some(t) = &typed {
                    text_number(self, value, t);
                }
                let unit = if unit_written.is_empty() { unit.trim() } else { unit_written };
                match ty {
                    Kind::Count => {
                        if value.fract().is_zero() && value >= Decimal::ZERO && value <= Decimal::from(u32::MAX) {
                            Some(Value::Number(serde_json::Number::from(
                                value.trunc().mantissa() as u64 / 10u64.pow(value.trunc().scale()),
                            )))
                        } else {
                            self.error(g, row, col, format!("“{label}”应为不小于 0 的整数,实为 {value}"));
                            None
                        }
                    }
                    Kind::Rate => {
                        let mut t = decimal_text(value);
                        t.push('%');
                        Some(Value::String(t))
                    }
                    Kind::Number | Kind::SetValue => Some(Value::String(decimal_text(value))),
                    Kind::Money | Kind::MoneyYuan => {
                        let default = if ty == Kind::Money { "万元" } else { "元" };
                        let unit = if unit.is_empty() || unit == "%" { default } else { unit };
                        match (ty, unit) {
                            (Kind::Money, "万元") => Some(Value::String(decimal_text(value))),
                            (_, "万元" | "元" | "亿元") => {
                                let mut t = decimal_text(value);
                                t.push_str(unit);
                                Some(Value::String(t))
                            }
                            (_, other) => {
                                // Point at the cell the unit was written in.
                                let at = if unit_written.is_empty() { self.unit_col.unwrap_or(col) } else { col };
                                self.error(
                                    g,
                                    row,
                                    at,
                                    format!("“{label}”的单位“{other}”无法识别,应为 万元、元 或 亿元"),
                                );
                                None
                            }
                        }
                    }
                    _ => None,
                }
            }
        }
    }
}

fn kind_zh(kind: Kind) -> &'static str {
    match kind {
        Kind::Count => "整数",
        Kind::Rate => "百分比",
        Kind::Money | Kind::MoneyYuan => "金额(数字)",
        _ => "数字",
    }
}

/// A date written as text: `2025-08-14`, `2025/8/14`, `2025.8.14`, `2025年8月14日`.
fn date_in_text(s: &str) -> Option<String> {
    let t = s.trim().replace(['年', '月', '/', '.'], "-").replace('日', "");
    let parts: Vec<&str> = t.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return None };
    let (y, m, d) = (y.trim().parse::<u32>().ok()?, m.trim().parse::<u32>().ok()?, d.trim().parse::<u32>().ok()?);
    let out = format!("{y:04}-{m:02}-{d:02}");
    jixiao_core::input::valid_date(&out).then_some(out)
}
