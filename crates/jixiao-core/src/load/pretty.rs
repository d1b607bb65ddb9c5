//! A JSON value a caller already parsed, written out as pretty JSON text together with the
//! [`Document`] that text loads as, in one pass: the web workspace stores a record in this
//! form and points findings into it, and need not parse the text it has just written.
//!
//! The text is byte for byte `serde_json::to_string_pretty` of the value; the document is
//! what [`parse_document`](super::parse_document) gives for that text (numbers with a
//! fraction or an exponent as their literal text, a span for every field, the same refusal of
//! deep nesting). A test holds the two ways equal on the example records.

use serde_json::Value;

use super::{Document, LoadError, MAX_DEPTH, too_deep};
use crate::source::{Place, SourceMap, Span};

/// Writes `value` as `serde_json::to_string_pretty` does, and returns that text with the
/// document [`parse_document`](super::parse_document) would read from it; or, for nesting
/// deeper than a data file may have, the error it would give (the text then ends at the
/// bracket it points at: nothing deeper is written).
pub fn pretty_document(mut value: Value) -> (String, Result<Document, LoadError>) {
    let mut w = Writer { out: Vec::with_capacity(16 * 1024), map: SourceMap::default(), path: String::new(), depth: 0 };
    let written = w.value(&mut value);
    // Every byte written is UTF-8: the value's own strings, and ASCII around them.
    let text = String::from_utf8(w.out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    (text, written.map(|()| Document { value, map: w.map }))
}

struct Writer {
    out: Vec<u8>,
    map: SourceMap,
    /// The path of the value being written (grown and cut back as the writer goes down and up).
    path: String,
    /// How many objects and arrays the value being written is inside.
    depth: usize,
}

impl Writer {
    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    fn scalar<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> Result<(), LoadError> {
        serde_json::to_writer(&mut self.out, v).map_err(|e| LoadError {
            path: self.path.clone(),
            span: None,
            message: format!("无法写出 JSON:{e}"),
        })
    }

    fn value(&mut self, v: &mut Value) -> Result<(), LoadError> {
        let start = self.out.len();
        // The parser places an object or array before what is inside it, so a field inside
        // with the same path (a key "" at the top) takes the place over: hold it open first.
        let held = Span::new(start, start);
        match v {
            Value::Null => self.out.extend_from_slice(b"null"),
            Value::Bool(b) => self.out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Value::String(s) => self.scalar(s.as_str())?,
            Value::Number(n) => {
                self.scalar(n)?;
                // As the loader reads a number literal: a fraction or an exponent is kept as its
                // text, never as a float.
                let literal = &self.out[start..];
                if literal.iter().any(|b| matches!(b, b'.' | b'e' | b'E')) {
                    *v = Value::String(String::from_utf8_lossy(literal).into_owned());
                }
            }
            Value::Array(items) => {
                self.out.push(b'[');
                self.open(start)?;
                self.map.insert_span(self.path.as_str(), held);
                let base = self.path.len();
                for (i, item) in items.iter_mut().enumerate() {
                    self.out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
                    self.indent();
                    use std::fmt::Write;
                    let _ = write!(self.path, "[{i}]");
                    self.value(item)?;
                    self.path.truncate(base);
                }
                self.close(!items.is_empty(), b']');
            }
            Value::Object(map) => {
                self.out.push(b'{');
                self.open(start)?;
                self.map.insert_span(self.path.as_str(), held);
                let base = self.path.len();
                for (i, (key, item)) in map.iter_mut().enumerate() {
                    self.out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
                    self.indent();
                    self.scalar(key.as_str())?;
                    self.out.extend_from_slice(b": ");
                    if base > 0 {
                        self.path.push('.');
                    }
                    self.path.push_str(key);
                    self.value(item)?;
                    self.path.truncate(base);
                }
                self.close(!map.is_empty(), b'}');
            }
        }
        let container = matches!(v, Value::Array(_) | Value::Object(_));
        if !container || self.map.get(&self.path) == Some(&Place::Text(held)) {
            self.map.insert_span(self.path.as_str(), Span::new(start, self.out.len()));
        }
        Ok(())
    }

    /// Goes into an object or array whose bracket is at `at`.
    fn open(&mut self, at: usize) -> Result<(), LoadError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(too_deep("", Span::new(at, at + 1)));
        }
        Ok(())
    }

    /// Comes out of an object or array, closing it with `bracket`.
    fn close(&mut self, filled: bool, bracket: u8) {
        self.depth -= 1;
        if filled {
            self.out.push(b'\n');
            self.indent();
        }
        self.out.push(bracket);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Format, parse_document};

    fn same_as_writing_then_parsing(value: Value) {
        let text = serde_json::to_string_pretty(&value).unwrap();
        let (ours, doc) = pretty_document(value);
        let doc = doc.unwrap();
        assert_eq!(ours, text);
        let parsed = parse_document(&text, Format::Json).unwrap();
        assert_eq!(doc.value, parsed.value);
        assert_eq!(doc.map.len(), parsed.map.len());
        for (path, place) in parsed.map.iter() {
            assert_eq!(doc.map.get(path), Some(place), "{path}");
        }
    }

    #[test]
    fn the_text_and_places_are_those_of_writing_then_parsing() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/");
        let mut n = 0;
        for entry in std::fs::read_dir(root).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                let text = std::fs::read_to_string(&path).unwrap();
                let doc = parse_document(&text, Format::Toml).unwrap();
                same_as_writing_then_parsing(doc.value);
                n += 1;
            }
        }
        assert!(n >= 5, "the example records were not found");
        same_as_writing_then_parsing(serde_json::json!({
            "a": 95.5, "b": [1, -2, 3.0, 1e300, [], {}], "c": {"d": null, "e": true, "f": "引号\"\\\n\u{1}x"},
            "": [[["deep"]]], "g": u64::MAX, "k": {"": 1, "x.y": 2, "x": {"y": 3}}, "h": i64::MIN
        }));
        same_as_writing_then_parsing(Value::Null);
        same_as_writing_then_parsing(serde_json::json!([]));
    }

    #[test]
    fn deep_nesting_is_refused_as_the_parser_refuses_it() {
        let mut v = serde_json::json!("x");
        for _ in 0..40 {
            v = serde_json::json!([v]);
        }
        let text = serde_json::to_string_pretty(&v).unwrap();
        let (written, ours) = pretty_document(v);
        assert!(text.starts_with(&written));
        assert_eq!(ours.unwrap_err(), parse_document(&text, Format::Json).unwrap_err());
    }
}
