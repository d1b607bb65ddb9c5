//! Field paths in the words of the forms: a path's label as the user knows it, and the fields
//! a final report needs that a record leaves blank.

use serde_json::Value;

use super::*;
use crate::engine::schema::{Block, Schema, join};

/// The label of a field path as the user knows it: `收支预决算 › 【预决算差异表】第 3 行 ›
/// 决算数(万元)`.
pub fn label_of(schema: &Schema, p: &str) -> Option<String> {
    for sheet in schema.sections {
        for b in sheet.blocks {
            match b {
                Block::Form { title, columns, fields } => {
                    for (base, header) in *columns {
                        for f in *fields {
                            if join(base, f.key) == p {
                                let col = if columns.len() > 1 { format!("({header})") } else { String::new() };
                                return Some(format!("{} › {title} › {}{col}", sheet.name, f.label));
                            }
                        }
                    }
                }
                Block::Table { title, path: tp, columns, child, total, .. } => {
                    if let Some(t) = total
                        && let Some((k, _)) = t.cells.iter().find(|(_, tpath)| *tpath == p)
                    {
                        let label = columns.iter().find(|c| c.key == *k).map_or("", |c| c.label);
                        return Some(format!("{} › {title} › {} › {label}", sheet.name, t.label));
                    }
                    let Some(rest) = item_rest(p, tp) else { continue };
                    let n = p[tp.len() + 1..].split(']').next().and_then(|i| i.parse::<usize>().ok()).unwrap_or(0) + 1;
                    let key = rest.strip_prefix('.').unwrap_or("");
                    let label = columns.iter().find(|c| c.key == key).map(|c| c.label).or_else(|| {
                        let (ck, cols) = (*child)?;
                        let inner = key.strip_prefix(ck)?;
                        let r = item_rest(inner, "")?;
                        cols.iter().find(|c| Some(c.key) == r.strip_prefix('.')).map(|c| c.label)
                    });
                    return Some(match label {
                        Some(l) => format!("{} › {title}第 {n} 行 › {l}", sheet.name),
                        None => format!("{} › {title}第 {n} 行", sheet.name),
                    });
                }
            }
        }
    }
    None
}

/// The fields of `schema` a final report needs (`Need::Final` or `Need::Always`) that `record`
/// leaves blank: (field path, label). A field of a table is needed in each of its rows; a
/// table is not required to have rows here (the rules judge that).
pub fn missing_for_final(schema: &Schema, record: &Value) -> Vec<(String, String)> {
    let blank = |p: &str| get(record, p).is_none_or(is_empty);
    let mut out = Vec::new();
    for sheet in schema.sections {
        for b in sheet.blocks {
            match b {
                Block::Form { columns, fields, .. } => {
                    for (base, _) in *columns {
                        for f in fields.iter().filter(|f| f.need != Need::Optional) {
                            let p = join(base, f.key);
                            if blank(&p) {
                                let label = label_of(schema, &p).unwrap_or_else(|| p.clone());
                                out.push((p, label));
                            }
                        }
                    }
                }
                Block::Table { path: tp, columns, title, .. } => {
                    let n = get(record, tp).and_then(Value::as_array).map_or(0, Vec::len);
                    let needed: Vec<&Field> = columns.iter().filter(|c| c.need != Need::Optional).collect();
                    if n == 0 && !needed.is_empty() && needed.iter().any(|c| c.need == Need::Final) {
                        out.push(((*tp).to_string(), format!("{} › {title}(至少填写一行)", sheet.name)));
                    }
                    for i in 0..n {
                        for c in &needed {
                            let ip = format!("{tp}[{i}]");
                            let p = if c.key.is_empty() { ip } else { join(&ip, c.key) };
                            if blank(&p) {
                                let label = label_of(schema, &p).unwrap_or_else(|| p.clone());
                                out.push((p, label));
                            }
                        }
                    }
                }
            }
        }
    }
    out
}
