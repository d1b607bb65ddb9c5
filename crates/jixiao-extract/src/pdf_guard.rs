//! Checks a PDF's nesting before the PDF reader sees it. The reader (pdf_oxide) parses arrays
//! and dictionaries, content-stream operands and the page tree by recursion: a file whose `TJ`
//! operator holds 200 000 nested `[`, or whose page tree is 20 000 levels deep, would overflow
//! the stack and abort the whole process (no unwinding catches that) — in the server, for
//! every user at once. So every place the reader parses by recursion is measured first, in one
//! pass over the bytes each:
//!
//! - the file's own objects (outside stream data): nesting of `[`…`]` and `<<`…`>>`;
//! - the decoded data of the streams the reader parses as PDF syntax (content streams, form
//!   XObjects, tiling patterns, object streams), their decoded bytes counted against
//!   [`Limits::max_unzipped_bytes`];
//! - the page tree, walked without recursion.
//!
//! Deeper than [`Limits::max_nesting`] (objects, streams) or
//! [`Limits::max_page_tree_depth`] (page tree) is refused with a message naming the limit and
//! the place. Streams the reader never parses as syntax (images, fonts, ICC profiles, sampled
//! functions, cross-reference streams) are not decoded: their bytes are data, not structure.

use std::collections::HashSet;
use std::ops::Range;

use jixiao_core::limits::{Limit, Limits};

use crate::formats::ReadError;

/// A stream found in the file: its dictionary and its raw data, by byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StreamAt {
    /// The object's body up to the `stream` keyword (its dictionary).
    pub dict: Range<usize>,
    /// The bytes between `stream` and `endstream`.
    pub data: Range<usize>,
}

/// Where a scan went too deep: the byte offset of the bracket that crossed the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooDeep(pub usize);

/// Whether a scan reads a whole file (objects with `obj`/`endobj`, streams skipped and
/// listed) or decoded stream data (content operators, inline images skipped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A PDF file's bytes.
    File,
    /// A decoded content or object stream.
    Stream,
}

fn delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

/// The deepest nesting of `[` and `<<` in PDF syntax, refused past `max`; in [`Mode::File`]
/// the streams met on the way. Strings, comments, names, stream data and inline image data
/// are skipped; the depth starts again at each `obj` and `endobj`, as the reader parses each
/// object by itself. One pass, linear in `data`.
pub(crate) fn scan(data: &[u8], mode: Mode, max: usize) -> Result<Vec<StreamAt>, TooDeep> {
    let mut streams = Vec::new();
    let mut depth = 0usize;
    let mut body: Option<usize> = None; // start of the current object's body
    let mut i = 0usize;
    let n = data.len();
    while i < n {
        match data[i] {
            b'%' => {
                while i < n && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'(' => {
                // A literal string: balanced parentheses, `\` escapes the next byte.
                let mut parens = 1usize;
                i += 1;
                while i < n && parens > 0 {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => parens += 1,
                        b')' => parens -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                continue;
            }
            b'<' if data.get(i + 1) == Some(&b'<') => {
                depth += 1;
                if depth > max {
                    return Err(TooDeep(i));
                }
                i += 2;
                continue;
            }
            b'<' => {
                // A hex string.
                while i < n && data[i] != b'>' {
                    i += 1;
                }
            }
            b'>' if data.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 2;
                continue;
            }
            b'[' => {
                depth += 1;
                if depth > max {
                    return Err(TooDeep(i));
                }
            }
            b']' => depth = depth.saturating_sub(1),
            b'/' => {
                i += 1;
                while i < n && !white(data[i]) && !delimiter(data[i]) {
                    i += 1;
                }
                continue;
            }
            b if !white(b) && !delimiter(b) => {
                let start = i;
                while i < n && !white(data[i]) && !delimiter(data[i]) {
                    i += 1;
                }
                match (mode, &data[start..i]) {
                    (Mode::File, b"obj") => {
                        depth = 0;
                        body = Some(i);
                    }
                    (Mode::File, b"endobj") => {
                        depth = 0;
                        body = None;
                    }
                    (Mode::File, b"stream") => {
                        let mut from = i;
                        if data.get(from) == Some(&b'\r') {
                            from += 1;
                        }
                        if data.get(from) == Some(&b'\n') {
                            from += 1;
                        }
                        let to = memchr::memmem::find(&data[from..], b"endstream").map_or(n, |k| from + k);
                        if let Some(b) = body {
                            streams.push(StreamAt { dict: b..start, data: from..to });
                        }
                        depth = 0;
                        i = (to + b"endstream".len()).min(n);
                    }
                    (Mode::Stream, b"ID") => i = inline_image_end(data, i),
                    _ => {}
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    Ok(streams)
}

/// The end of an inline image's data that starts at `from` (after `ID`): after the first `EI`
/// standing alone between blanks (or at the end).
fn inline_image_end(data: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(k) = memchr::memmem::find(&data[at..], b"EI") {
        let p = at + k;
        let before = p > from && white(data[p - 1]);
        let after = data.get(p + 2).is_none_or(|b| white(*b) || delimiter(*b));
        if before && after {
            return p + 2;
        }
        at = p + 2;
    }
    data.len()
}

/// The file's objects and the streams the reader parses as syntax, measured before the
/// reader opens the file.
pub(crate) fn check_bytes(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    use pdf_oxide::object::Object;
    let max = limits.max_nesting;
    let streams =
        scan(bytes, Mode::File, max).map_err(|TooDeep(at)| over(Limit::Nesting, limits, format!("第 {at} 字节处")))?;
    let mut decoded_total: u64 = 0;
    for s in streams {
        let Ok((_, Object::Dictionary(dict))) = pdf_oxide::parser::parse_object(&bytes[s.dict.clone()]) else {
            continue;
        };
        if !parsed_as_syntax(&dict) {
            continue;
        }
        let stream = Object::Stream { dict, data: bytes[s.data.clone()].to_vec().into() };
        // A stream that does not decode (encrypted, damaged) is left to the reader, which
        // cannot parse it either.
        let Ok(decoded) = stream.decode_stream_data() else { continue };
        decoded_total = decoded_total.saturating_add(decoded.len() as u64);
        if decoded_total > limits.max_unzipped_bytes {
            return Err(over(Limit::UnzippedBytes, limits, "的数据流".into()));
        }
        scan(&decoded, Mode::Stream, max).map_err(|TooDeep(at)| {
            over(Limit::Nesting, limits, format!("第 {} 字节处的数据流(解压后第 {at} 字节)", s.dict.start))
        })?;
    }
    Ok(())
}

/// Whether the reader parses a stream with this dictionary as PDF syntax: an object stream,
/// a form XObject, a tiling pattern, or an untyped stream (page contents, Type 3 glyphs) that
/// is none of the data streams (fonts, ICC profiles, functions, images).
fn parsed_as_syntax(dict: &std::collections::HashMap<String, pdf_oxide::object::Object>) -> bool {
    let name = |k: &str| dict.get(k).and_then(|o| o.as_name());
    match (name("Type"), name("Subtype")) {
        (Some("ObjStm"), _) | (_, Some("Form")) => true,
        _ if dict.contains_key("PatternType") => dict.get("PatternType").and_then(|o| o.as_integer()) == Some(1),
        (None, None) => !["Length1", "Length2", "Length3", "N", "FunctionType", "Width", "BitsPerComponent"]
            .iter()
            .any(|k| dict.contains_key(*k)),
        _ => false,
    }
}

/// The page tree's depth, walked without recursion (each node once), refused past
/// [`Limits::max_page_tree_depth`].
pub(crate) fn check_page_tree(doc: &pdf_oxide::document::PdfDocument, limits: &Limits) -> Result<(), ReadError> {
    let Ok(catalog) = doc.catalog() else { return Ok(()) };
    let Some(root) = catalog.as_dict().and_then(|d| d.get("Pages")).and_then(|p| p.as_reference()) else {
        return Ok(());
    };
    let mut seen = HashSet::new();
    let mut todo = vec![(root, 1usize)];
    while let Some((node, depth)) = todo.pop() {
        if !seen.insert(node) {
            continue;
        }
        let Ok(obj) = doc.load_object(node) else { continue };
        if let Some(kids) = obj.as_dict().and_then(|d| d.get("Kids")).and_then(|k| k.as_array()) {
            // `depth` counts the `Pages` nodes from the root down to this one.
            if depth > limits.max_page_tree_depth {
                return Err(over(Limit::PageTreeDepth, limits, format!("的页面树(第 {} 号对象处)", node.id)));
            }
            todo.extend(kids.iter().filter_map(|k| k.as_reference()).map(|k| (k, depth + 1)));
        }
    }
    Ok(())
}

/// `该 PDF 第 N 字节处超过嵌套层数上限(128 层)…`.
fn over(limit: Limit, limits: &Limits, place: String) -> ReadError {
    ReadError::OverLimit(format!("该 PDF {place}{}", limit.message(limits)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_measured_outside_strings_names_and_streams() {
        assert_eq!(scan(b"[[<< /A [1] >>]]", Mode::Stream, 4), Ok(vec![]));
        assert_eq!(scan(b"[[<< /A [1] >>]]", Mode::Stream, 3), Err(TooDeep(8)));
        // Brackets inside a string, a hex string, a name or a comment are not nesting.
        assert_eq!(scan(b"([[[\\(\\)) <5B5B> /a#5B#5B %[[[\n[]", Mode::Stream, 1), Ok(vec![]));
        let file = b"1 0 obj\n<< /Length 6 >>\nstream\n[[[[[[\nendstream\nendobj\n2 0 obj [[1]] endobj";
        let streams = scan(file, Mode::File, 2).expect("stream data skipped");
        assert_eq!(streams.len(), 1);
        assert_eq!(&file[streams[0].data.clone()], b"[[[[[[\n");
        assert_eq!(&file[streams[0].dict.clone()], b"\n<< /Length 6 >>\n");
        // Each object starts again at depth 0: an unclosed array does not carry over.
        assert_eq!(scan(b"1 0 obj [[ endobj 2 0 obj [[ endobj", Mode::File, 2), Ok(vec![]));
        // Inline image data is skipped in a content stream.
        assert_eq!(scan(b"BI /W 1 ID [[[[ EI [1] TJ", Mode::Stream, 1), Ok(vec![]));
    }

    #[test]
    fn scanning_is_linear_and_stops_at_the_limit() {
        let deep = vec![b'['; 10_000_000];
        assert_eq!(scan(&deep, Mode::Stream, 128), Err(TooDeep(128)));
        let flat = b"[1] ".repeat(1_000_000);
        assert_eq!(scan(&flat, Mode::Stream, 1), Ok(vec![]));
    }
}
