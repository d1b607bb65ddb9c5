//! Reading record and indicator-system files (TOML or JSON) into typed values, with every
//! field's place in the file kept.
//!
//! The text is first parsed into a tree that keeps each value's byte span and each number's
//! literal text (so `95.50` stays `95.50`, never an `f64`). The tree is then deserialized
//! into the typed value; an error names the field path, and the path's span gives
//! line:column. All messages are in Chinese.
//!
//! This module reads text handed to it; it does not open files.

use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};
use toml::de::{DeTable, DeValue};

use crate::source::{SourceMap, Span, index, join, line_col};

mod pretty;

pub use pretty::pretty_document;

/// The syntax of a data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML, for files written by hand.
    Toml,
    /// JSON (comments and trailing commas allowed).
    Json,
}

impl Format {
    /// The format a file name's extension says, if any.
    pub fn from_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".toml") {
            Some(Format::Toml)
        } else if lower.ends_with(".json") {
            Some(Format::Json)
        } else {
            None
        }
    }
}

/// A problem that stops a file from being read, at a field or a place in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// Field path (`budget_table.rows[2].actual`), empty for syntax errors.
    pub path: String,
    /// Where in the text, if known.
    pub span: Option<Span>,
    /// What is wrong, in Chinese.
    pub message: String,
}

impl LoadError {
    /// `行:列` of the error in `text`, if it has a place.
    pub fn line_col(&self, text: &str) -> Option<(usize, usize)> {
        self.span.map(|s| line_col(text, s.start))
    }

    /// One line: `file:line:column: 字段 path: message`.
    pub fn display(&self, file: &str, text: &str) -> String {
        let place = match self.line_col(text) {
            Some((l, c)) => format!("{file}:{l}:{c}"),
            None => file.to_string(),
        };
        if self.path.is_empty() {
            format!("{place}: {}", self.message)
        } else {
            format!("{place}: 字段 {}: {}", self.path, self.message)
        }
    }
}

/// A parsed file: its value tree (numbers as their literal text) and where each field is.
#[derive(Debug, Clone)]
pub struct Document {
    /// The value tree.
    pub value: Value,
    /// Field path → span.
    pub map: SourceMap,
}

/// The most nesting a data file may have (records need about 6).
const MAX_DEPTH: usize = 32;

/// Parses TOML or JSON text into a [`Document`].
pub fn parse_document(text: &str, format: Format) -> Result<Document, LoadError> {
    if let Some(at) = nesting_beyond(text, MAX_DEPTH) {
        return Err(too_deep("", Span::new(at, at + 1)));
    }
    let mut map = SourceMap::default();
    let value = match format {
        Format::Toml => {
            let table = DeTable::parse(text).map_err(|e| LoadError {
                path: String::new(),
                span: e.span().map(Span::from),
                message: format!("TOML 语法错误:{}", translate_toml(e.message())),
            })?;
            map.insert_span("", Span::from(table.span()));
            toml_table(table.get_ref(), &mut String::new(), &mut map, 0)?
        }
        Format::Json => {
            let options = jsonc_parser::ParseOptions {
                allow_comments: true,
                allow_loose_object_property_names: false,
                allow_trailing_commas: true,
                allow_missing_commas: false,
                allow_single_quoted_strings: false,
                allow_hexadecimal_numbers: false,
                allow_unary_plus_numbers: false,
                ..Default::default()
            };
            let parsed = jsonc_parser::parse_to_ast(text, &Default::default(), &options).map_err(|e| {
                let r = e.range();
                LoadError {
                    path: String::new(),
                    span: Some(Span::new(r.start, r.end)),
                    message: format!("JSON 语法错误:{}", e.kind()),
                }
            })?;
            let Some(root) = parsed.value else {
                return Err(LoadError {
                    path: String::new(),
                    span: Some(Span::new(0, 0)),
                    message: "文件为空:没有任何 JSON 内容".into(),
                });
            };
            json_value(&root, "", &mut map, 0)?
        }
    };
    Ok(Document { value, map })
}

/// The offset where bracket nesting (outside quoted text) first exceeds `limit`, checked
/// before parsing so that no parser recurses without bound.
fn nesting_beyond(text: &str, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if b == b'\\' && q == b'"' {
                    escaped = true;
                } else if b == q || b == b'\n' {
                    quote = None;
                }
            }
            None => match b {
                b'"' | b'\'' => quote = Some(b),
                b'#' => quote = Some(b'\n'),
                b'[' | b'{' => {
                    depth += 1;
                    if depth > limit {
                        return Some(i);
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
    }
    None
}

fn too_deep(path: &str, span: Span) -> LoadError {
    LoadError {
        path: path.to_string(), span: Some(span), message: format!("嵌套层次过深(超过 {MAX_DEPTH} 层)")
    }
}

/// A TOML table as JSON, each value's span put in `map` under its path. `path` is the
/// table's path, grown by each key and index on the way down and given back as it was.
fn toml_table(table: &DeTable<'_>, path: &mut String, map: &mut SourceMap, depth: usize) -> Result<Value, LoadError> {
    let mut out = Map::new();
    let len = path.len();
    for (key, value) in table.iter() {
        if len > 0 {
            path.push('.');
        }
        path.push_str(key.get_ref());
        let v = toml_value(value.get_ref(), Span::from(value.span()), path, map, depth + 1);
        path.truncate(len);
        out.insert(key.get_ref().to_string(), v?);
    }
    Ok(Value::Object(out))
}

fn toml_value(
    v: &DeValue<'_>,
    span: Span,
    path: &mut String,
    map: &mut SourceMap,
    depth: usize,
) -> Result<Value, LoadError> {
    if depth > MAX_DEPTH {
        return Err(too_deep(path, span));
    }
    map.insert_span(path.as_str(), span);
    Ok(match v {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => integer_value(i.as_str(), i.radix()),
        DeValue::Float(f) => Value::String(f.as_str().to_string()),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            let len = path.len();
            for (i, item) in items.iter().enumerate() {
                use std::fmt::Write;
                let _ = write!(path, "[{i}]");
                let v = toml_value(item.get_ref(), Span::from(item.span()), path, map, depth + 1);
                path.truncate(len);
                out.push(v?);
            }
            Value::Array(out)
        }
        DeValue::Table(t) => toml_table(t, path, map, depth)?,
    })
}

/// An integer literal: a JSON number when it fits, else its text.
fn integer_value(text: &str, radix: u32) -> Value {
    if radix == 10 {
        if let Ok(u) = text.parse::<u64>() {
            return Value::Number(Number::from(u));
        }
        if let Ok(i) = text.parse::<i64>() {
            return Value::Number(Number::from(i));
        }
    }
    Value::String(text.to_string())
}

fn json_value(
    v: &jsonc_parser::ast::Value<'_>,
    path: &str,
    map: &mut SourceMap,
    depth: usize,
) -> Result<Value, LoadError> {
    use jsonc_parser::ast::Value as J;
    use jsonc_parser::common::Ranged;
    let r = v.range();
    let span = Span::new(r.start, r.end);
    if depth > MAX_DEPTH {
        return Err(too_deep(path, span));
    }
    map.insert_span(path, span);
    Ok(match v {
        J::StringLit(s) => Value::String(s.value.to_string()),
        J::NumberLit(n) => {
            if n.value.contains(['.', 'e', 'E']) {
                Value::String(n.value.to_string())
            } else {
                integer_value(n.value, 10)
            }
        }
        J::BooleanLit(b) => Value::Bool(b.value),
        J::NullKeyword(_) => Value::Null,
        J::Array(a) => {
            let mut out = Vec::with_capacity(a.elements.len());
            for (i, item) in a.elements.iter().enumerate() {
                out.push(json_value(item, &index(path, i), map, depth + 1)?);
            }
            Value::Array(out)
        }
        J::Object(o) => {
            let mut out = Map::new();
            for prop in &o.properties {
                let key = prop.name.as_str().to_string();
                let v = json_value(&prop.value, &join(path, &key), map, depth + 1)?;
                if out.insert(key.clone(), v).is_some() {
                    let r = prop.range;
                    return Err(LoadError {
                        path: join(path, &key),
                        span: Some(Span::new(r.start, r.end)),
                        message: format!("字段“{key}”重复出现"),
                    });
                }
            }
            Value::Object(out)
        }
    })
}

/// Deserializes a document's value into `T`, mapping errors to field paths and spans.
pub fn deserialize<T: DeserializeOwned>(doc: &Document) -> Result<T, LoadError> {
    deserialize_value(&doc.value, &doc.map, "")
}

/// Deserializes one part of a document (at `base`) into `T`.
pub fn deserialize_value<T: DeserializeOwned>(value: &Value, map: &SourceMap, base: &str) -> Result<T, LoadError> {
    // Deserializing is deterministic: a value that deserializes does so the same way with or
    // without its path tracked, so the path is tracked only to name where a value fails.
    if let Ok(t) = T::deserialize(value) {
        return Ok(t);
    }
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let mut path = base.to_string();
        for seg in e.path().iter() {
            use serde_path_to_error::Segment;
            match seg {
                Segment::Seq { index: i } => path = index(&path, *i),
                Segment::Map { key } => path = join(&path, key),
                Segment::Enum { variant } => path = join(&path, variant),
                Segment::Unknown => {}
            }
        }
        let raw = e.inner().to_string();
        let (message, field) = translate_serde(&raw);
        let full = match &field {
            Some(f) => join(&path, f),
            None => path.clone(),
        };
        let span = map.resolve(&full).map(|(_, p)| p).and_then(|p| match p {
            crate::source::Place::Text(s) => Some(*s),
            crate::source::Place::Cell { .. } => None,
        });
        LoadError { path: full, span, message }
    })
}

/// Translates serde's English messages into Chinese; also returns the field a
/// `missing field` message names, so the path can point at it.
pub fn translate_serde(msg: &str) -> (String, Option<String>) {
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`').to_string();
        return (format!("缺少必填字段“{field}”"), Some(field));
    }
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (field, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = backticked(tail);
        let hint = if expected.is_empty() {
            "此处不应有字段".to_string()
        } else {
            format!("可用字段:{}", expected.join("、"))
        };
        return (format!("未知字段“{field}”(拼写错误?){hint}"), None);
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let (v, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = backticked(tail);
        return (format!("取值“{v}”无效,可选:{}", expected.join("、")), None);
    }
    if let Some(rest) = msg.strip_prefix("invalid value: integer `") {
        let (v, tail) = rest.split_once('`').unwrap_or((rest, ""));
        if v.starts_with('-') && (tail.contains("u32") || tail.contains("u16") || tail.contains("u64")) {
            return (format!("不能为负数(实为 {v})"), None);
        }
        // `tail` is "`, expected u32": name the type and its largest value in Chinese.
        let expected = tail.trim_start_matches(['`', ',', ' ']).trim_start_matches("expected ").trim();
        let most = match expected {
            "u8" => Some(u64::from(u8::MAX)),
            "u16" => Some(u64::from(u16::MAX)),
            "u32" => Some(u64::from(u32::MAX)),
            _ => None,
        };
        let what = match most {
            Some(m) => format!("应为不超过 {m} 的{}", expected_zh(expected)),
            None => format!("应为{}", expected_zh(expected)),
        };
        return (format!("数值 {v} 超出允许范围({what})"), None);
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return (format!("类型错误:应为{},实为{}", expected_zh(expected), found_zh(found)), None);
    }
    if let Some(rest) = msg.strip_prefix("invalid length ") {
        return (format!("数组长度不符:{rest}"), None);
    }
    (msg.to_string(), None)
}

fn backticked(s: &str) -> Vec<String> {
    s.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

fn expected_zh(e: &str) -> String {
    let e = e.trim().trim_start_matches("expected ");
    let zh = match e {
        "u8" | "u16" | "u32" | "u64" | "usize" => "非负整数",
        "i8" | "i16" | "i32" | "i64" => "整数",
        "a string" => "文本(加双引号)",
        "a boolean" => "true 或 false",
        "a sequence" => "数组 [ … ]",
        "a map" => "表",
        _ if e.starts_with("struct ") => "表(如 [header] 或 { … })",
        _ if e.starts_with("enum ") => "给定取值之一",
        // The value types describe themselves as "应为金额(…)": keep one "应为".
        _ => e.strip_prefix("应为").unwrap_or(e),
    };
    zh.to_string()
}

fn found_zh(f: &str) -> String {
    let f = f.trim();
    if let Some(s) = f.strip_prefix("string ") {
        // Numbers reach the types as their literal text (to keep every digit as written), so a
        // number where a whole number belongs arrives here as text: say what it is.
        let inner = s.trim_matches('"');
        if crate::num::parse_decimal(inner).is_ok() && !inner.is_empty() {
            // A whole number that arrives as text was written in quotes (whole numbers reach
            // the types as numbers): say so, or "应为非负整数,实为2024" reads as a contradiction.
            return if inner.contains(['.', '．']) {
                format!("小数 {inner}")
            } else {
                format!("文本 {s}(数字不要加引号)")
            };
        }
        return format!("文本 {s}");
    }
    if let Some(s) = f.strip_prefix("integer ") {
        return format!("整数 {}", s.trim_matches('`'));
    }
    if let Some(s) = f.strip_prefix("boolean ") {
        return format!("布尔值 {}", s.trim_matches('`'));
    }
    match f {
        "map" => "表".into(),
        "sequence" => "数组".into(),
        "null" => "空值 null".into(),
        other => other.to_string(),
    }
}

/// Gives the TOML parser's common messages in Chinese, keeping the original otherwise.
fn translate_toml(msg: &str) -> String {
    let m = msg.trim();
    // The TOML parser's messages, most specific first; the original stays in brackets for
    // whoever maintains the file by hand.
    let zh = [
        ("duplicate key", "键重复"),
        ("unexpected key or value", "一行只能写一个“键 = 值”,其后应换行(是否多写了内容,或文本少了双引号?)"),
        ("string values must be quoted", "文本须加双引号"),
        ("invalid basic string", "字符串中有不能直接写入的字符(如不可见的控制字符,请删除)"),
        ("invalid literal string", "字符串中有不能直接写入的字符(如不可见的控制字符,请删除)"),
        ("invalid multi-line", "多行字符串无效(是否缺少结尾的三个引号,或含有不可见的控制字符?)"),
        ("missing escaped value", "反斜杠 \\ 后的转义写法无效(要写反斜杠本身,请写两个 \\\\)"),
        ("unicode", "反斜杠 \\u 后的字符编码写法无效"),
        ("missing opening quote", "缺少开头的引号"),
        ("invalid string", "字符串无效(是否漏了引号?)"),
        ("unclosed", "括号或引号未闭合"),
        ("missing comma between array elements", "数组的元素之间缺少逗号"),
        ("missing comma between key-value pairs", "花括号内的各项之间缺少逗号"),
        ("extra comma", "多余的逗号"),
        ("extra `=`", "多余的等号 ="),
        ("unexpected `=`", "此处不能有等号 ="),
        ("extra assignment", "多余的赋值(花括号内的各项之间是否缺少逗号?)"),
        ("missing assignment", "缺少等号 ="),
        ("expected `=`", "缺少等号 ="),
        ("key with no value", "键后缺少值"),
        ("missing value", "缺少值"),
        ("unquoted keys cannot be empty", "键不能为空"),
        ("keys cannot be multi-line", "键不能写成多行字符串"),
        ("missing key", "缺少键"),
        ("invalid unquoted key", "键无效(含空格或中文的键须加双引号)"),
        ("invalid key", "键无效"),
        ("invalid table header", "表头无效"),
        ("invalid table", "表头无效"),
        ("missing table open", "表头缺少 ["),
        ("invalid inline table", "花括号内的内容无效"),
        ("missing inline table opening", "缺少花括号 {"),
        ("missing array opening", "缺少方括号 ["),
        ("invalid array", "数组无效"),
        ("unexpected leading zero", "数字不能以 0 开头(编码类的值请加双引号写成文本)"),
        ("invalid date", "日期格式无效(应写成 2024-12-31)"),
        ("invalid time", "时间格式无效(应写成 08:30:00)"),
        ("invalid boolean", "是否类的值只能写 true 或 false(文本须加双引号)"),
        ("invalid float", "小数格式无效"),
        ("invalid mantissa", "小数格式无效"),
        ("invalid fraction", "小数格式无效"),
        ("invalid exponent", "小数格式无效"),
        ("invalid integer", "整数格式无效"),
        ("radix", "数字格式无效"),
        ("redundant", "数字格式无效"),
        ("unexpected sign", "数字格式无效"),
        ("invalid hexadecimal", "数字格式无效"),
        ("invalid octal", "数字格式无效"),
        ("invalid binary", "数字格式无效"),
        ("carriage return", "回车符后缺少换行符(请用记事本或编辑器重新保存文件)"),
        ("invalid comment", "注释中有不能直接写入的字符"),
        ("unexpected content", "此处有多余的内容"),
        ("invalid value", "值无效(文本须加双引号)"),
    ];
    for (en, cn) in zh {
        if m.contains(en) {
            return format!("{cn}(原文:{m})");
        }
    }
    format!("此处的写法无法识别(原文:{m})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_numbers_keep_their_literal_text() {
        let doc = parse_document("a = 95.50\nb = 80\nc = 2025-08-14\n", Format::Toml).unwrap();
        assert_eq!(doc.value["a"], Value::String("95.50".into()));
        assert_eq!(doc.value["b"], Value::Number(80.into()));
        assert_eq!(doc.value["c"], Value::String("2025-08-14".into()));
    }

    #[test]
    fn json_numbers_keep_their_literal_text() {
        let doc = parse_document("{\"a\": 95.50, \"b\": [1, 2.0]}", Format::Json).unwrap();
        assert_eq!(doc.value["a"], Value::String("95.50".into()));
        assert_eq!(doc.value["b"][1], Value::String("2.0".into()));
    }

    #[test]
    fn spans_point_at_values() {
        let text = "[header]\nyear = 2024\n";
        let doc = parse_document(text, Format::Toml).unwrap();
        let Some(crate::source::Place::Text(s)) = doc.map.get("header.year") else { panic!() };
        assert_eq!(&text[s.start..s.end], "2024");
    }

    /// Every syntax error of the TOML parser gets Chinese words, whatever its English says.
    #[test]
    fn toml_syntax_errors_are_explained_in_chinese() {
        let cases = [
            ("[unit]\nname = \"a\" junk\n", "一行只能写一个"),
            ("a = {b = 1 c = 2}\n", "逗号"),
            ("a = [1,,2]\n", "多余的逗号"),
            ("a = 0123\n", "不能以 0 开头"),
            ("a = tru\n", "文本须加双引号"),
            ("a = \"x\\q\"\n", "转义"),
            ("a = 2024-13-45\n", "日期"),
            ("= 1\n", "键"),
        ];
        for (text, words) in cases {
            let e = parse_document(text, Format::Toml).unwrap_err();
            assert!(e.message.contains(words), "{text:?}: {}", e.message);
            let chinese = e.message.split("(原文").next().unwrap_or_default();
            for english in ["expected", "invalid", "missing", "unexpected", "extra"] {
                assert!(!chinese.contains(english), "{text:?}: English outside 原文: {}", e.message);
            }
        }
    }

    #[test]
    fn syntax_errors_have_a_place_and_chinese_text() {
        let e = parse_document("a = \n", Format::Toml).unwrap_err();
        assert!(e.message.starts_with("TOML 语法错误"), "{}", e.message);
        assert!(e.span.is_some());
        let e = parse_document("{\"a\": }", Format::Json).unwrap_err();
        assert!(e.message.starts_with("JSON 语法错误"));
        let e = parse_document("{\"a\": 1, \"a\": 2}", Format::Json).unwrap_err();
        assert!(e.message.contains("重复"));
    }

    #[test]
    fn serde_messages_become_chinese() {
        assert_eq!(translate_serde("missing field `year`").0, "缺少必填字段“year”");
        assert!(translate_serde("invalid value: integer `-3`, expected u32").0.contains("不能为负数"));
        let (m, _) = translate_serde("invalid type: string \"八十\", expected u32");
        assert_eq!(m, "类型错误:应为非负整数,实为文本 \"八十\"");
        let (m, _) = translate_serde("invalid type: string \"24.5\", expected u32");
        assert_eq!(m, "类型错误:应为非负整数,实为小数 24.5");
        let (m, _) = translate_serde("invalid value: integer `99999999999`, expected u32");
        assert_eq!(m, "数值 99999999999 超出允许范围(应为不超过 4294967295 的非负整数)");
        let (m, _) = translate_serde("invalid type: string \"2024\", expected u32");
        assert_eq!(m, "类型错误:应为非负整数,实为文本 \"2024\"(数字不要加引号)");
        let (m, _) = translate_serde("invalid type: sequence, expected 应为金额(如 \"3113.18\")");
        assert_eq!(m, "类型错误:应为金额(如 \"3113.18\"),实为数组");
        let (m, _) = translate_serde("unknown field `yaer`, expected one of `year`, `department`");
        assert!(m.contains("yaer") && m.contains("year、department"), "{m}");
    }

    /// A value that deserializes gives the record the path-tracking deserializer gives; one
    /// that does not is named by its path, as the tracking deserializer names it.
    #[test]
    fn deserializing_without_tracking_agrees_with_tracking() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let doc = parse_document(&std::fs::read_to_string(&path).unwrap(), Format::Toml).unwrap();
            let project = doc.value.get("kind").and_then(Value::as_str) == Some("project_evaluation");
            let (fast, tracked) = if project {
                let f: crate::project::ProjectRecord = deserialize(&doc).unwrap();
                let t: crate::project::ProjectRecord = serde_path_to_error::deserialize(&doc.value).unwrap();
                (serde_json::to_value(f).unwrap(), serde_json::to_value(t).unwrap())
            } else {
                let f: crate::record::DeptRecord = deserialize(&doc).unwrap();
                let t: crate::record::DeptRecord = serde_path_to_error::deserialize(&doc.value).unwrap();
                (serde_json::to_value(f).unwrap(), serde_json::to_value(t).unwrap())
            };
            assert_eq!(fast, tracked, "{}", path.display());
            seen += 1;
        }
        assert!(seen >= 3);
        let text = "kind = \"dept_evaluation\"\n[header]\ndepartment = \"某局\"\nyear = \"二〇二四\"\n";
        let doc = parse_document(text, Format::Toml).unwrap();
        let e = deserialize::<crate::record::DeptRecord>(&doc).unwrap_err();
        assert_eq!(e.path, "header.year", "{}", e.message);
        assert!(e.message.contains("二〇二四"), "{}", e.message);
        assert!(e.span.is_some());
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let e = parse_document(&format!("{{\"a\": {deep}}}"), Format::Json).unwrap_err();
        assert!(e.message.contains("嵌套"));
    }
}
