//! A part's XML read from memory: the events quick-xml gives, found by a plain scan over the
//! bytes where the markup is the simple kind every spreadsheet writer produces (start, empty
//! and end tags, text, `&name;` references), and by quick-xml itself from the first thing that
//! is not (a comment, CDATA, a processing instruction past the declaration, a doctype, an
//! unclosed tag or reference, an end tag with no open element), to the end of the part.
//!
//! quick-xml checks every event's bytes for UTF-8 on its own; here the part is checked once,
//! and a tag costs one pass over its bytes. The events are the same, byte for byte, as
//! quick-xml's (`trim_text(false)`, `check_end_names = false`): the property tests in this
//! module compare the two on generated markup, including the kinds handed to quick-xml.
//! [`attrs`] reads a tag's attributes the same way for the plain `key="value"` form.

use quick_xml::Reader;
use quick_xml::errors::{Error, IllFormedError};
use quick_xml::events::{BytesEnd, BytesRef, BytesStart, BytesText, Event};

/// What reads the next event.
enum Mode<'x> {
    /// quick-xml reads the first event (the declaration, which may name an encoding).
    First,
    /// The plain scan.
    Plain,
    /// quick-xml, to the end.
    Quick(Reader<&'x [u8]>),
}

/// A part's events, from its bytes in memory.
pub(super) struct Scanner<'x> {
    bytes: &'x [u8],
    /// The bytes as text, if they are UTF-8 (the plain scan runs only then).
    text: Option<&'x str>,
    /// Where the plain scan is.
    pos: usize,
    /// Elements open (started and not ended).
    depth: usize,
    mode: Mode<'x>,
}

/// The bytes that end the plain run inside a tag: its end and the quotes of a value.
const TAG_STOP: [bool; 256] = {
    let mut t = [false; 256];
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t
};

/// quick-xml as this crate reads parts: text untrimmed, end names not compared with their
/// start names. An end tag with no open element is an error, told by [`Scanner`] from its own
/// count (a reader started in the middle of a part does not know the elements open before).
fn quick(bytes: &[u8]) -> Reader<&[u8]> {
    let mut r = Reader::from_reader(bytes);
    let config = r.config_mut();
    config.trim_text(false);
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    r
}

/// An event of quick-xml with the elements open counted: an end tag with none open is an error.
fn counted<'x>(depth: &mut usize, ev: Result<Event<'x>, Error>) -> Result<Event<'x>, Error> {
    match &ev {
        Ok(Event::Start(_)) => *depth += 1,
        Ok(Event::End(e)) => {
            if *depth == 0 {
                return Err(Error::IllFormed(IllFormedError::UnmatchedEndTag(e.name().as_ref().to_owned())));
            }
            *depth -= 1;
        }
        _ => {}
    }
    ev
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\r' | b'\n' | b'\t')
}

impl<'x> Scanner<'x> {
    pub(super) fn new(bytes: &'x [u8]) -> Scanner<'x> {
        Scanner { bytes, text: std::str::from_utf8(bytes).ok(), pos: 0, depth: 0, mode: Mode::First }
    }

    /// The next event; `Eof` at the end.
    pub(super) fn next(&mut self) -> Result<Event<'x>, Error> {
        match &mut self.mode {
            Mode::Plain => {
                if let Some(ev) = self.plain() {
                    return Ok(ev);
                }
                // Not the plain kind: quick-xml from here.
                self.mode = Mode::Quick(quick(self.bytes.get(self.pos..).unwrap_or_default()));
                self.next()
            }
            Mode::Quick(reader) => {
                let ev = reader.read_event();
                counted(&mut self.depth, ev)
            }
            Mode::First => {
                let mut reader = quick(self.bytes);
                let ev = reader.read_event();
                // quick-xml leaves a UTF-8 byte order mark out of its position.
                let skipped = if self.bytes.starts_with(BOM) { BOM.len() } else { 0 };
                let rest = self.bytes.get(skipped..).unwrap_or_default();
                let plain_start = rest.first() == Some(&b'<') && rest.get(1).is_some_and(u8::is_ascii_alphabetic);
                let plain_after = match &ev {
                    Ok(Event::Decl(d)) => {
                        rest.starts_with(b"<?xml")
                            && d.encoding().is_none_or(|e| e.is_ok_and(|e| e.eq_ignore_ascii_case("utf-8")))
                    }
                    Ok(Event::Start(_) | Event::Empty(_)) => plain_start,
                    _ => false,
                };
                let ev = counted(&mut self.depth, ev);
                let at = usize::try_from(reader.buffer_position()).ok().and_then(|p| p.checked_add(skipped));
                match at {
                    Some(at) if plain_after && self.text.is_some() && at <= self.bytes.len() => {
                        self.pos = at;
                        self.mode = Mode::Plain;
                    }
                    _ => self.mode = Mode::Quick(reader),
                }
                ev
            }
        }
    }

    /// The next event by the plain scan; `None` where the markup is not the plain kind
    /// (nothing consumed).
    fn plain(&mut self) -> Option<Event<'x>> {
        let text = self.text?;
        let b = text.as_bytes();
        let p = self.pos;
        let Some(&first) = b.get(p) else { return Some(Event::Eof) };
        match first {
            b'<' => {
                let &next = b.get(p + 1)?;
                if next == b'!' || next == b'?' {
                    return None;
                }
                // The closing `>`, outside quoted values (as quick-xml finds it).
                let mut i = p + 1;
                let end = loop {
                    while b.get(i).is_some_and(|&c| !TAG_STOP[usize::from(c)]) {
                        i += 1;
                    }
                    let &c = b.get(i)?;
                    if c == b'>' {
                        break i;
                    }
                    // A quoted value: to its closing quote.
                    i += 1;
                    while b.get(i).is_some_and(|&q| q != c) {
                        i += 1;
                    }
                    b.get(i)?;
                    i += 1;
                };
                if next == b'/' {
                    if self.depth == 0 {
                        return None;
                    }
                    let content = text.get(p + 2..end)?;
                    let name = content.trim_end_matches(|c: char| c.is_ascii() && is_blank(c as u8));
                    self.depth -= 1;
                    self.pos = end + 1;
                    return Some(Event::End(BytesEnd::new(name)));
                }
                self.pos = end + 1;
                let content = text.get(p + 1..end)?;
                let (content, empty) = match content.strip_suffix('/') {
                    Some(c) => (c, true),
                    None => (content, false),
                };
                let name_len = content.bytes().position(is_blank).unwrap_or(content.len());
                let start = BytesStart::from_content(content, name_len);
                if empty {
                    Some(Event::Empty(start))
                } else {
                    self.depth += 1;
                    Some(Event::Start(start))
                }
            }
            b'&' => {
                let rest = b.get(p + 1..)?;
                let i = rest.iter().position(|&c| matches!(c, b';' | b'&' | b'<'))?;
                if rest.get(i) != Some(&b';') {
                    return None;
                }
                self.pos = p + 1 + i + 1;
                Some(Event::GeneralRef(BytesRef::new(text.get(p + 1..p + 1 + i)?)))
            }
            _ => {
                let mut end = p;
                while b.get(end).is_some_and(|&c| c != b'<' && c != b'&') {
                    end += 1;
                }
                self.pos = end;
                Some(Event::Text(BytesText::from_escaped(text.get(p..end)?)))
            }
        }
    }
}

/// The local part of an element's name (after the first `:`), as quick-xml's `local_name`.
pub(super) fn local(name: &str) -> &str {
    match name.bytes().position(|c| c == b':') {
        Some(i) => name.get(i + 1..).unwrap_or_default(),
        None => name,
    }
}

/// `s.trim()`, without the Unicode search when `s` begins and ends with a printable ASCII
/// character (as attribute values and cell values do).
pub(super) fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&a), Some(&z)) if (b'!'..=b'~').contains(&a) && (b'!'..=b'~').contains(&z) => s,
        _ => s.trim(),
    }
}

/// Calls `each(key, raw value)` for the attributes of a tag (the text after its name) when
/// every one is written `key="value"` or `key='value'`, and says whether they were; when not,
/// nothing is known of them (the caller asks quick-xml, as for any tag). What it gives is what
/// quick-xml's attribute reader gives for such a tag.
pub(super) fn attrs<'e>(raw: &'e str, mut each: impl FnMut(&'e str, &'e str)) -> bool {
    let b = raw.as_bytes();
    let mut i = 0;
    loop {
        while b.get(i).is_some_and(|&c| is_blank(c)) {
            i += 1;
        }
        if i >= b.len() {
            return true;
        }
        let start = i;
        // A key's first byte is taken whatever it is (`==""` is the key `=`), as by quick-xml.
        i += 1;
        while b.get(i).is_some_and(|&c| c != b'=' && !is_blank(c)) {
            i += 1;
        }
        // A key without `=` right after it, or at the end: quick-xml's to tell.
        if b.get(i) != Some(&b'=') {
            return false;
        }
        let Some(&quote) = b.get(i + 1).filter(|&&q| q == b'"' || q == b'\'') else { return false };
        let mut close = i + 2;
        while b.get(close).is_some_and(|&c| c != quote) {
            close += 1;
        }
        if close >= b.len() {
            return false;
        }
        let (Some(key), Some(value)) = (raw.get(start..i), raw.get(i + 2..close)) else { return false };
        each(key, value);
        i = close + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every event (or the error) quick-xml gives, as text.
    fn by_quick(xml: &str) -> Vec<String> {
        let mut r = Reader::from_reader(xml.as_bytes());
        r.config_mut().trim_text(false);
        r.config_mut().check_end_names = false;
        let mut out = Vec::new();
        for _ in 0..10_000 {
            match r.read_event() {
                Ok(Event::Eof) => break,
                Ok(ev) => out.push(format!("{ev:?}")),
                Err(e) => {
                    out.push(format!("error: {e}"));
                    break;
                }
            }
        }
        out
    }

    fn by_scanner(xml: &str) -> (Vec<String>, bool) {
        let mut s = Scanner::new(xml.as_bytes());
        let mut out = Vec::new();
        let mut plain = true;
        for _ in 0..10_000 {
            let ev = s.next();
            plain &= !matches!(s.mode, Mode::Quick(_));
            match ev {
                Ok(Event::Eof) => break,
                Ok(ev) => out.push(format!("{ev:?}")),
                Err(e) => {
                    out.push(format!("error: {e}"));
                    break;
                }
            }
        }
        (out, plain)
    }

    fn by_quick_attrs(raw: &str) -> Vec<(String, String)> {
        let e = BytesStart::from_content(format!("c{raw}"), 1);
        e.attributes().with_checks(false).flatten().map(|a| (a.key.as_ref().to_string(), a.value.to_string())).collect()
    }

    #[test]
    fn a_worksheet_is_read_by_the_plain_scan_with_quick_xmls_events() {
        let xml = concat!(
            "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
            "<worksheet xmlns=\"http://x\"><sheetData><row r=\"1\" spans=\"1:2\">",
            "<c r=\"A1\" s=\"3\" t=\"s\"><v>12</v></c><c r=\"B1\" s='4'/>",
            "<c r=\"C1\" t=\"str\"><f>IF(A1&lt;&gt;\"\",\"a>b\",\"\")</f><v>a&amp;b&#x4E2D;</v></c>",
            "<c r=\"D1\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> 中文 </t></is></c></row >",
            "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>\n"
        );
        let (events, plain) = by_scanner(xml);
        assert!(plain, "a plain worksheet is read by the plain scan");
        assert_eq!(events, by_quick(xml));
        assert!(events.len() > 30);
    }

    #[test]
    fn what_is_not_plain_is_read_by_quick_xml_from_there() {
        for xml in [
            "<a><!-- note --><b>x</b></a>",
            "<a><![CDATA[<b>]]></a>",
            "<?xml version=\"1.0\"?><!DOCTYPE a><a/>",
            "<a><?pi x?></a>",
            "<a>b &amp c</a>",
            "<a>b &amp",
            "<a><b></b></a></a><c/>",
            "</a>",
            "<a><b",
            "<a b=\"1></a>",
            "<a><",
            "<?xml version=\"1.0\" encoding=\"GBK\"?><a>x</a>",
        ] {
            let (events, plain) = by_scanner(xml);
            assert!(!plain, "{xml}");
            assert_eq!(events, by_quick(xml), "{xml}");
        }
        // Not UTF-8: quick-xml throughout.
        let mut s = Scanner::new(b"<a>\xFF</a>");
        assert!(matches!(s.next(), Ok(Event::Start(_))));
        assert!(matches!(s.mode, Mode::Quick(_)));
        assert!(s.next().is_err());
    }

    #[test]
    fn plain_attributes_are_quick_xmls() {
        for raw in [
            " r=\"A1\" s=\"3\" t=\"s\"",
            " a='x\"y' b=\"\"",
            "",
            "  ",
            " ==\"1\"",
            " x:r=\"1\"\tr=\"2\"\n",
            " a=\"1\"b='2'",
        ] {
            let mut got = Vec::new();
            assert!(attrs(raw, |k, v| got.push((k.to_string(), v.to_string()))), "{raw}");
            assert_eq!(got, by_quick_attrs(raw), "{raw}");
        }
        for raw in [" a = \"1\"", " a", "=\"\"", " a=1", " a=\"1", " a=", " a b=\"1\""] {
            assert!(!attrs(raw, |_, _| {}), "{raw}");
        }
    }

    /// Markup made of the pieces a part can hold, plain and not, well-formed or not.
    fn markup() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("<c r=\"A1\" s=\"3\">".to_string()),
            Just("<v>".to_string()),
            Just("</v>".to_string()),
            Just("</c>".to_string()),
            Just("</c >".to_string()),
            Just("<x:c x:r='B2'/>".to_string()),
            Just("<t/>".to_string()),
            Just("< >".to_string()),
            Just("<a b=\"x>y\">".to_string()),
            Just("<a b='x\">".to_string()),
            Just("</>".to_string()),
            Just("<>".to_string()),
            Just("<a/ >".to_string()),
            Just("&amp;".to_string()),
            Just("&#20013;".to_string()),
            Just("&".to_string()),
            Just("&x".to_string()),
            Just(";".to_string()),
            Just("<!--c-->".to_string()),
            Just("<![CDATA[x]]>".to_string()),
            Just("<?p?>".to_string()),
            Just("<".to_string()),
            Just(">".to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("/".to_string()),
            Just("\r\n".to_string()),
            Just(" \t".to_string()),
            "[a-z0-9 中]{0,4}",
        ];
        (
            prop_oneof![Just(""), Just("<?xml version=\"1.0\"?>"), Just("\u{FEFF}"), Just("<r>")],
            prop::collection::vec(piece, 0..24),
        )
            .prop_map(|(head, pieces)| format!("{head}{}", pieces.concat()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn trim_and_local_names_are_the_standard_ones(s in "[ \t\r\n\u{3000}\u{a0}a:b中!~]{0,6}") {
            prop_assert_eq!(trim(&s), s.trim());
            prop_assert_eq!(local(&s), quick_xml::name::QName(&s).local_name().into_inner());
        }

        #[test]
        fn the_scanner_gives_quick_xmls_events(xml in markup()) {
            prop_assert_eq!(by_scanner(&xml).0, by_quick(&xml));
        }

        #[test]
        fn attributes_read_plainly_are_quick_xmls(
            raw in prop::collection::vec(prop_oneof![
                Just(" "), Just("\t"), Just("a"), Just("r"), Just("x:"), Just("="), Just("\""), Just("'"), Just("1"), Just("中"),
            ], 0..16).prop_map(|v| v.concat())
        ) {
            let mut got = Vec::new();
            if attrs(&raw, |k, v| got.push((k.to_string(), v.to_string()))) {
                prop_assert_eq!(got, by_quick_attrs(&raw));
            }
        }
    }
}
