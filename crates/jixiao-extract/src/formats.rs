//! From a file's bytes to the text jixiao audits: plain text in any of the encodings these
//! reports come in (detected, not asked), the text layer of a PDF, or the paragraphs and
//! tables of a DOCX. Every limit is stated in the message when it is hit.
//!
//! It is handed bytes and a file name; it opens no files.

use std::io::{Cursor, Read};

use jixiao_core::limits::Limits;

pub use crate::pages::Pages;

/// The largest document read (50 MiB: [`Limits::max_file_bytes`]).
pub const MAX_BYTES: usize = Limits::DEFAULT.max_file_bytes as usize;
/// The most a DOCX may expand to when unzipped (200 MiB: [`Limits::max_unzipped_bytes`]), and
/// the most its main part may be.
pub const MAX_UNZIPPED: u64 = Limits::DEFAULT.max_unzipped_bytes;
/// The most entries a DOCX zip may have ([`Limits::max_zip_entries`]).
pub const MAX_ZIP_ENTRIES: usize = Limits::DEFAULT.max_zip_entries;

/// Why a document cannot be read. Each message is a full Chinese sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Larger than [`MAX_BYTES`].
    #[error("文件有 {size} 字节,超过可审核文件的上限 {limit} 字节(50 MiB)")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// A PDF without a text layer.
    #[error(
        "该 PDF 没有可提取的文字(可能是扫描件或图片),无法审核。请先做文字识别(OCR),或提供可复制文字的 PDF、Word 或文本文件。这不表示报告没有问题。"
    )]
    NoText,
    /// An encrypted PDF.
    #[error("该 PDF 已加密,无法读取其中的文字。请提供未加密的版本。")]
    Encrypted,
    /// More pages than [`Limits::max_pages`](jixiao_core::limits::Limits::max_pages).
    #[error("该 PDF 有 {pages} 页,超过上限 {limit} 页")]
    TooManyPages {
        /// Its pages.
        pages: usize,
        /// The limit.
        limit: usize,
    },
    /// A DOCX that expands past [`MAX_UNZIPPED`] or has too many entries.
    #[error("该 DOCX 解压后超过上限({0}),可能已损坏或是恶意构造的压缩包")]
    ZipBomb(String),
    /// Damaged or not the format its name says.
    #[error("无法读取:{0}")]
    Corrupt(String),
    /// Nothing but blanks.
    #[error("文件中没有文字,无法审核。这不表示报告没有问题。")]
    Empty,
    /// Not text at all.
    #[error("这不是文本文件(含有大量二进制内容)。可审核的格式:.txt、.pdf、.docx、.html、.md")]
    Binary,
    /// An extension jixiao does not read.
    #[error(
        "不支持的文件类型“{0}”。可审核的格式:.txt、.pdf、.docx、.html、.md(旧版 .doc 请先另存为 .docx;Excel 填报工作簿请用 jixiao check)"
    )]
    Unsupported(String),
    /// A limit of [`jixiao_core::limits::Limits`] hit: the whole sentence, naming the limit
    /// and the place.
    #[error("{0},不予读取(文件可能已损坏,或是恶意构造的)")]
    OverLimit(String),
    /// PDF support not compiled in.
    #[error("此版本的 jixiao 编译时未包含 PDF 支持(cargo 特性 pdf)")]
    PdfDisabled,
}

/// What kind of document a file is, by its bytes first and its name second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain text.
    Text,
    /// PDF.
    Pdf,
    /// Word 2007+.
    Docx,
    /// HTML.
    Html,
    /// Markdown.
    Markdown,
}

/// The kind of a document.
pub fn kind(name: &str, bytes: &[u8]) -> Result<Kind, ReadError> {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    if bytes.starts_with(b"%PDF") || ext == "pdf" {
        return Ok(Kind::Pdf);
    }
    if ext == "docx" || (bytes.starts_with(b"PK\x03\x04") && ext != "txt") {
        return Ok(Kind::Docx);
    }
    match ext {
        "html" | "htm" | "xhtml" => Ok(Kind::Html),
        "md" | "markdown" => Ok(Kind::Markdown),
        "txt" | "text" | "csv" | "" => Ok(Kind::Text),
        "doc" | "wps" | "xls" | "xlsx" | "et" | "ppt" => Err(ReadError::Unsupported(format!(".{ext}"))),
        other => Err(ReadError::Unsupported(format!(".{other}"))),
    }
}

/// A document's text, and what of it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The text read.
    pub text: String,
    /// When only part of the document could be read (a PDF cut short or with pages whose text
    /// cannot be extracted, a Word file whose body breaks off): what was read and what was
    /// not, in Chinese. The caller audits the part read and says this beside it (W004).
    pub partial: Option<String>,
    /// How many pages, and where that count comes from ([`crate::pages`]); `None` when the
    /// file does not tell.
    pub pages: Option<Pages>,
    /// Where each page of a PDF starts in `text` (byte offsets, the first 0), so that a place
    /// in the text can be named by its page; for a DOCX, the pages of Word's last layout where
    /// Word left its marks and they agree with the page count it stored; empty otherwise (a
    /// text's pages are its form feeds).
    pub page_starts: Vec<usize>,
}

impl Text {
    fn whole(text: String) -> Text {
        Text { text, partial: None, pages: None, page_starts: Vec::new() }
    }
}

/// Reads a document's text and, where the file tells it, its page count. Nothing readable is
/// an error; part of it is a [`Text`] whose `partial` says how much.
pub fn read(name: &str, bytes: &[u8]) -> Result<Text, ReadError> {
    if bytes.len() > MAX_BYTES {
        return Err(ReadError::TooLarge { size: bytes.len(), limit: MAX_BYTES });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    let text = match kind(name, bytes)? {
        Kind::Text => decode(bytes).map(|t| {
            let pages = crate::pages::form_feed_pages(&t);
            Text { pages, ..Text::whole(t) }
        }),
        Kind::Docx => docx_text(bytes).map(|t| {
            let pages = crate::pages::docx_stored_pages(bytes);
            // The marks of Word's last layout place text on pages only when they agree with
            // the page count Word stored at the same save.
            let page_starts =
                if pages.map(|p| p.count()) == Some(t.page_starts.len()) { t.page_starts } else { Vec::new() };
            Text { pages, page_starts, ..t }
        }),
        Kind::Pdf => pdf_text(bytes),
        Kind::Html => decode(bytes).map(|t| Text::whole(crate::markup::html_text(&t))),
        Kind::Markdown => decode(bytes).map(|t| Text::whole(crate::markup::markdown_text(&t))),
    }?;
    // An empty file audited as "no problems" would pass a failed conversion as a clean report.
    if text.text.trim().is_empty() { Err(ReadError::Empty) } else { Ok(text) }
}

/// Decodes text: a BOM first (UTF-8, UTF-16, UTF-32), then UTF-16/UTF-32 without a BOM (told
/// by where the zero bytes fall), then UTF-8, then a guess among the legacy encodings
/// (GBK/GB18030, Big5, …) by `chardetng`. Line endings become `\n` (CR-only files too).
///
/// Text that does not decode is an error, never a clean audit: binary content (with or
/// without zero bytes), a file that mixes UTF-8 with another encoding, UTF-16/UTF-32 that is
/// malformed.
pub fn decode(bytes: &[u8]) -> Result<String, ReadError> {
    decode_raw(bytes).map(|t| normalise_line_endings(&t))
}

fn decode_raw(bytes: &[u8]) -> Result<String, ReadError> {
    // UTF-32's little-endian BOM starts like UTF-16's: test it first.
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE, 0, 0]) {
        return utf32(rest, false);
    }
    if let Some(rest) = bytes.strip_prefix(&[0, 0, 0xFE, 0xFF]) {
        return utf32(rest, true);
    }
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, malformed) = enc.decode_without_bom_handling(&bytes[bom..]);
        if malformed {
            return Err(malformed_text(enc.name()));
        }
        return checked(text.into_owned());
    }
    match wide_without_bom(bytes) {
        Some(Wide::Utf32 { big_endian }) => return utf32(bytes, big_endian),
        Some(Wide::Utf16(enc)) => {
            let (text, malformed) = enc.decode_without_bom_handling(bytes);
            if malformed {
                return Err(malformed_text(enc.name()));
            }
            return checked(text.into_owned());
        }
        None => {}
    }
    let nul = bytes.iter().take(8192).filter(|b| **b == 0).count();
    if nul > 8 {
        return Err(ReadError::Binary);
    }
    // Valid UTF-8 (encoding_rs's validator, faster than the standard one on Chinese text).
    if let Some(s) = encoding_rs::UTF_8.decode_without_bom_handling_and_without_replacement(bytes) {
        return checked(s.into_owned());
    }
    if let Some(enc) = cjk_utf16_without_bom(bytes) {
        let (text, malformed) = enc.decode_without_bom_handling(bytes);
        if !malformed {
            return checked(text.into_owned());
        }
    }
    if let Some(line) = mixed_utf8_line(bytes) {
        return Err(ReadError::Corrupt(format!(
            "文件混用了两种编码:多数行是 UTF-8,第 {line} 行却不是(可能是 GBK)。请在编辑器中把整个文件统一另存为 UTF-8 后再审核"
        )));
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Allow);
    let (text, _, _) = enc.decode(bytes);
    checked(text.into_owned())
}

/// `\r\n` and a lone `\r` as `\n`.
fn normalise_line_endings(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn malformed_text(encoding: &str) -> ReadError {
    ReadError::Corrupt(format!("文件以 {encoding} 编码开头,但其中有无法按此编码解读的内容,可能已损坏或混用了编码"))
}

/// Decoded text that is mostly control characters or replacement characters is binary
/// content read as text (a binary file without zero bytes): refused, not audited.
fn checked(text: String) -> Result<String, ReadError> {
    let mut seen = 0usize;
    let mut odd = 0usize;
    for c in text.chars().take(200_000) {
        seen += 1;
        let control = (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')) || c == '\u{fffd}';
        odd += usize::from(control);
    }
    if odd > 8 && odd * 100 > seen { Err(ReadError::Binary) } else { Ok(text) }
}

/// UTF-16 or UTF-32 without a BOM.
enum Wide {
    Utf16(&'static encoding_rs::Encoding),
    Utf32 { big_endian: bool },
}

/// Tells UTF-16 and UTF-32 without a BOM by where the zero bytes fall in the first 8 KiB:
/// in UTF-32 the two high bytes of every character are zero, in UTF-16 text with Latin
/// letters, digits or blanks every other byte is.
fn wide_without_bom(bytes: &[u8]) -> Option<Wide> {
    let head = &bytes[..bytes.len().min(8192)];
    let mut zeros = [0usize; 4];
    for (i, b) in head.iter().enumerate() {
        if *b == 0 {
            zeros[i % 4] += 1;
        }
    }
    let quads = head.len() / 4;
    if quads >= 2 && bytes.len().is_multiple_of(4) {
        let all = |k: usize| zeros[k] + 1 >= quads;
        if all(2) && all(3) && zeros[0] < quads / 2 {
            return Some(Wide::Utf32 { big_endian: false });
        }
        if all(0) && all(1) && zeros[3] < quads / 2 {
            return Some(Wide::Utf32 { big_endian: true });
        }
    }
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let (even, odd) = (zeros[0] + zeros[2], zeros[1] + zeros[3]);
    if odd > 8 && even * 10 < odd {
        return Some(Wide::Utf16(encoding_rs::UTF_16LE));
    }
    if even > 8 && odd * 10 < even {
        return Some(Wide::Utf16(encoding_rs::UTF_16BE));
    }
    None
}

/// UTF-16 without a BOM and without zero bytes: Chinese text with no Latin letter, digit,
/// blank or line break in it (every other byte is then far from zero). Told apart from the
/// legacy encodings by what the code units would be: in such a file nearly all of them are
/// CJK ideographs, CJK or full-width punctuation, or ASCII, while GBK or Big5 bytes paired up
/// give mostly Hangul, surrogates or private-use code units. Only for bytes that are not
/// UTF-8 (ASCII pairs look like ideographs too).
fn cjk_utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if !bytes.len().is_multiple_of(2) || bytes.len() < 16 {
        return None;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let plausible = |unit: u16| {
        matches!(unit,
            0x4E00..=0x9FFF // CJK unified ideographs
            | 0x3400..=0x4DBF // extension A
            | 0x3000..=0x303F // CJK symbols and punctuation
            | 0xFF00..=0xFFEF // full-width forms
            | 0x2000..=0x206F // general punctuation (“” …)
            | 0x0020..=0x007E
            | 0x0009 | 0x000A | 0x000D)
    };
    let share = |big_endian: bool| {
        let units = head
            .chunks_exact(2)
            .map(|p| if big_endian { u16::from_be_bytes([p[0], p[1]]) } else { u16::from_le_bytes([p[0], p[1]]) });
        let (mut yes, mut all) = (0usize, 0usize);
        for u in units {
            all += 1;
            yes += usize::from(plausible(u));
        }
        yes * 100 / all.max(1)
    };
    let (le, be) = (share(false), share(true));
    match (le >= 90, be >= 90) {
        (true, false) => Some(encoding_rs::UTF_16LE),
        (false, true) => Some(encoding_rs::UTF_16BE),
        (true, true) if le != be => Some(if le > be { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE }),
        _ => None,
    }
}

fn utf32(bytes: &[u8], big_endian: bool) -> Result<String, ReadError> {
    if !bytes.len().is_multiple_of(4) {
        return Err(ReadError::Corrupt("文件是 UTF-32 编码,但长度不是 4 字节的整数倍,可能不完整".into()));
    }
    let mut out = String::with_capacity(bytes.len() / 4);
    for (i, q) in bytes.chunks_exact(4).enumerate() {
        let q = [q[0], q[1], q[2], q[3]];
        let v = if big_endian { u32::from_be_bytes(q) } else { u32::from_le_bytes(q) };
        let c = char::from_u32(v).ok_or_else(|| {
            ReadError::Corrupt(format!("文件是 UTF-32 编码,但第 {} 字节处不是有效的字符,可能已损坏", i * 4))
        })?;
        out.push(c);
    }
    checked(out)
}

/// The first line (1-based) that is not UTF-8 in a file whose other lines are (at least two
/// lines with several non-ASCII characters each): a file that mixes UTF-8 with another
/// encoding, which no single decoding reads. `None` when the file is not such a mix.
fn mixed_utf8_line(bytes: &[u8]) -> Option<usize> {
    let mut utf8_lines = 0usize;
    let mut first_bad = None;
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        match std::str::from_utf8(line) {
            Ok(s) if s.chars().filter(|c| !c.is_ascii()).count() >= 3 => utf8_lines += 1,
            Ok(_) => {}
            Err(_) => {
                first_bad.get_or_insert(i + 1);
            }
        }
    }
    if utf8_lines >= 2 { first_bad } else { None }
}

/// The text of a DOCX: paragraphs as lines, table rows as lines with cells separated by tabs.
pub fn docx_text(bytes: &[u8]) -> Result<Text, ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        ReadError::Corrupt(format!("不是有效的 Word(.docx)文件,可能已损坏,或只是改了扩展名(技术信息:{e})"))
    })?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(ReadError::ZipBomb(format!("{} 个条目,上限 {MAX_ZIP_ENTRIES} 个", zip.len())));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let f =
            zip.by_index(i).map_err(|e| ReadError::Corrupt(format!("Word 文件中的压缩内容无法读取(技术信息:{e})")))?;
        total = total.saturating_add(f.size());
    }
    if total > MAX_UNZIPPED {
        return Err(ReadError::ZipBomb(format!("声明解压后共 {total} 字节,上限 {MAX_UNZIPPED} 字节(200 MiB)")));
    }
    let mut part = zip
        .by_name("word/document.xml")
        .map_err(|_| ReadError::Corrupt("缺少 word/document.xml,不是 Word 文档".into()))?;
    let mut xml = Vec::new();
    // Never trust the declared size: read at most the limit plus one byte.
    (&mut part)
        .take(MAX_UNZIPPED + 1)
        .read_to_end(&mut xml)
        .map_err(|e| ReadError::Corrupt(format!("Word 文件的正文(word/document.xml)无法解压(技术信息:{e})")))?;
    if xml.len() as u64 > MAX_UNZIPPED {
        return Err(ReadError::ZipBomb(format!("word/document.xml 解压后超过 {MAX_UNZIPPED} 字节(200 MiB)")));
    }
    let xml = String::from_utf8(xml).map_err(|_| ReadError::Corrupt("word/document.xml 不是 UTF-8".into()))?;
    document_xml_text(&xml)
}

/// The text of a WordprocessingML `document.xml`; a body cut short at a tag boundary gives
/// the text before the cut, marked partial (nothing before it is an error).
pub fn document_xml_text(xml: &str) -> Result<Text, ReadError> {
    document_xml_read(xml, None)
}

/// A stretch of a DOCX's text that is a stretch of its `document.xml` character for character:
/// the text's bytes `text_at..text_at + len` are the XML's bytes `xml_at..xml_at + len` (the
/// content of one text element between markup and character references).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPiece {
    /// Where it starts in the text read.
    pub text_at: usize,
    /// Where it starts in `document.xml`.
    pub xml_at: usize,
    /// Its length in bytes.
    pub len: usize,
}

/// [`document_xml_text`] and where its text comes from in the XML, so that a place in the text
/// can be found again in the document (to write a comment there). Text that is not the XML's
/// bytes as they stand (character references, line ends folded) is in no piece.
pub fn document_xml_pieces(xml: &str) -> Result<(Text, Vec<TextPiece>), ReadError> {
    let mut pieces = Vec::new();
    let text = document_xml_read(xml, Some(&mut pieces))?;
    Ok((text, pieces))
}

fn document_xml_read(xml: &str, mut pieces: Option<&mut Vec<TextPiece>>) -> Result<Text, ReadError> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = String::with_capacity(xml.len() / 4);
    let mut in_text = false;
    let mut skip = 0usize; // inside deleted text or field instructions
    let mut table_depth = 0usize;
    let mut cell_started = false;
    let mut open = 0usize; // elements started and not yet ended
    // Where pages started when Word last laid the document out (`w:lastRenderedPageBreak`)
    // and where the author broke pages (`w:br w:type="page"`); kept only if Word left any of
    // the former (see `rendered_page_starts`).
    let mut breaks = PageBreaks::default();
    loop {
        let ev = r.read_event().map_err(|e| {
            ReadError::Corrupt(format!("Word 文件的正文在第 {} 字节附近格式有误(技术信息:{e})", r.buffer_position()))
        })?;
        match &ev {
            Event::Start(_) => open += 1,
            Event::End(_) => open = open.saturating_sub(1),
            _ => {}
        }
        match ev {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "tab" && skip == 0 => out.push('\t'),
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "lastRenderedPageBreak" => {
                breaks.rendered = true;
                breaks.at.push(out.len());
            }
            Event::Start(e) | Event::Empty(e) if matches!(e.local_name().as_ref(), "br" | "cr") && skip == 0 => {
                out.push(if table_depth > 0 { ' ' } else { '\n' });
                let page =
                    e.attributes().flatten().any(|a| a.key.local_name().as_ref() == "type" && &*a.value == "page");
                if page {
                    breaks.at.push(out.len());
                }
            }
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_text = true,
                "delText" | "instrText" => skip += 1,
                "tbl" => table_depth += 1,
                "tr" => cell_started = false,
                "tc" => {
                    if cell_started {
                        while out.ends_with(' ') {
                            out.pop();
                        }
                        out.push('\t');
                    }
                    cell_started = true;
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "delText" | "instrText" => skip = skip.saturating_sub(1),
                "p" => out.push(if table_depth > 0 { ' ' } else { '\n' }),
                "tr" => {
                    while out.ends_with(' ') {
                        out.pop();
                    }
                    out.push('\n');
                }
                "tbl" => table_depth = table_depth.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) if in_text && skip == 0 => {
                let content = t.xml10_content();
                if let Some(pieces) = pieces.as_deref_mut()
                    && *content == t[..]
                {
                    let end = usize::try_from(r.buffer_position()).unwrap_or(usize::MAX);
                    let xml_at = end.saturating_sub(content.len());
                    if xml.get(xml_at..end) == Some(content.as_ref()) {
                        pieces.push(TextPiece { text_at: out.len(), xml_at, len: content.len() });
                    }
                }
                out.push_str(&content);
            }
            Event::GeneralRef(g) if in_text && skip == 0 => {
                let name = g.xml10_content();
                let c = match name.as_ref() {
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "amp" => Some('&'),
                    "apos" => Some('\''),
                    "quot" => Some('"'),
                    _ => g.resolve_char_ref().ok().flatten(),
                };
                if let Some(c) = c {
                    out.push(c);
                }
            }
            Event::CData(t) if in_text && skip == 0 => out.push_str(&t.xml10_content()),
            Event::Eof if open > 0 => {
                // Cut short at a tag boundary: the parser sees no error, but the text read is
                // only the part before the cut.
                let what = format!(
                    "Word 文件的正文(word/document.xml)在第 {} 字节处中断,还有 {open} 个元素没有结束,文件不完整(可能被截断)",
                    xml.len()
                );
                let read = out.chars().filter(|c| !c.is_whitespace()).count();
                if read == 0 {
                    return Err(ReadError::Corrupt(format!("{what},中断前没有读到文字")));
                }
                return Ok(Text {
                    text: out,
                    pages: None,
                    page_starts: Vec::new(),
                    partial: Some(format!(
                        "{what};只读出中断前的 {read} 个字,其后的内容读不到。以下只审核读出的部分,请重新获取完整的文件"
                    )),
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let page_starts = breaks.page_starts(&out);
    Ok(Text { page_starts, ..Text::whole(out) })
}

/// The page breaks met while reading a DOCX's text, as offsets in the text.
#[derive(Default)]
struct PageBreaks {
    /// Word left `w:lastRenderedPageBreak` marks (it writes them where each page began when it
    /// last laid the document out; other programs write none).
    rendered: bool,
    /// Every break, rendered or written by the author, in text order.
    at: Vec<usize>,
}

impl PageBreaks {
    /// Where each page starts (the first at 0), when Word left the marks of its last layout;
    /// empty otherwise (the text alone does not say where a page ends). Two breaks with only
    /// blanks between them (an author's break that Word also marked) open one page; a break
    /// after the last text opens none.
    fn page_starts(self, text: &str) -> Vec<usize> {
        if !self.rendered {
            return Vec::new();
        }
        let mut starts = vec![0];
        for at in self.at {
            let last = starts.last().copied().unwrap_or(0);
            let between = text.get(last..at).unwrap_or("");
            if between.trim().is_empty() || text.get(at..).is_none_or(|rest| rest.trim().is_empty()) {
                continue;
            }
            starts.push(at);
        }
        starts
    }
}

/// The stack of the thread that reads a PDF (64 MiB): the reader recurses on what the
/// guard has bounded ([`crate::pdf_guard`]), and this leaves a wide margin for the rest.
#[cfg(feature = "pdf")]
const PDF_STACK: usize = 64 * 1024 * 1024;

/// The text layer of a PDF, page after page, laid out by [`layout_rows`].
///
/// Its nesting is measured first ([`crate::pdf_guard`]), and the reader runs on a thread of
/// its own with a stack of known size: no PDF can overflow the stack and abort the process
/// (in the server, every user's).
#[cfg(feature = "pdf")]
pub fn pdf_text(bytes: &[u8]) -> Result<Text, ReadError> {
    let limits = Limits::default();
    crate::pdf_guard::check_bytes(bytes, &limits)?;
    let complete = pdf_is_complete(bytes);
    let data = bytes.to_vec();
    let reader = std::thread::Builder::new()
        .name("jixiao-pdf".into())
        .stack_size(PDF_STACK)
        // pdf_oxide is young: a malformed file must give a message, never a crash.
        .spawn(move || std::panic::catch_unwind(move || pdf_pages(data, &limits)))
        .map_err(|e| ReadError::Corrupt(format!("无法启动读取 PDF 的线程(技术信息:{e})")))?;
    let read = match reader.join() {
        Ok(Ok(read)) => read,
        // A bug inside the PDF library on this file: the Chinese message, its words apart.
        Ok(Err(panic)) => Err(ReadError::Corrupt(format!(
            "PDF 解析器无法处理此文件(技术信息:PDF 库内部出错:{})",
            panic_text(panic.as_ref())
        ))),
        Err(_) => Err(ReadError::Corrupt("PDF 解析器无法处理此文件".into())),
    }?;
    let chars = read.text.chars().filter(|c| !c.is_whitespace()).count();
    // A file cut short (a broken download or copy) reads partly or not at all: never audited
    // as if whole, and not called a scan when it is damaged.
    let cut = (!complete).then_some("PDF 文件不完整:文件末尾缺少结束标记 %%EOF(可能在下载或复制时被截断)");
    if chars < 20 {
        return Err(match (cut, &read.failure) {
            (Some(cut), _) => ReadError::Corrupt(format!("{cut},读不出文字。请重新获取完整的文件")),
            (None, Some(failure)) if read.with_text == 0 => ReadError::Corrupt(format!(
                "PDF 第 {} 页无法提取文字,文件可能已损坏(技术信息:{failure})",
                read.failed.first().copied().unwrap_or(1)
            )),
            _ => ReadError::NoText,
        });
    }
    let mut partial = Vec::new();
    if let Some(cut) = cut {
        partial.push(format!("{cut},读出 {} 页,其中 {} 页有文字,其后的内容可能已丢失", read.pages, read.with_text));
    }
    if !read.failed.is_empty() {
        let list: Vec<String> = read.failed.iter().take(10).map(usize::to_string).collect();
        let more = if read.failed.len() > 10 { format!("等 {} 页", read.failed.len()) } else { String::new() };
        partial.push(format!(
            "PDF 共 {} 页,其中第 {}{more}无法提取文字,文件可能已损坏(技术信息:{})",
            read.pages,
            list.join("、") + " 页",
            read.failure.as_deref().unwrap_or_default()
        ));
    }
    Ok(Text {
        text: read.text,
        pages: Some(Pages::Pdf(read.pages)),
        page_starts: read.page_starts,
        partial: (!partial.is_empty())
            .then(|| format!("{}。以下只审核读出的部分,请重新获取完整的文件", partial.join(";"))),
    })
}

/// A panic's message on one line, at most 200 characters.
#[cfg(feature = "pdf")]
fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    let text = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    text.chars().take(200).map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Whether a PDF ends as a whole file does: `%%EOF` in its last 4 KiB (a few writers leave
/// some bytes after it).
#[cfg(feature = "pdf")]
fn pdf_is_complete(bytes: &[u8]) -> bool {
    memchr::memmem::find(&bytes[bytes.len().saturating_sub(4096)..], b"%%EOF").is_some()
}

/// What the PDF reader read: the text of each page, laid out; how many pages there are, how
/// many have text, and which (1-based) could not be read, with the first reason.
#[cfg(feature = "pdf")]
struct PdfPages {
    text: String,
    page_starts: Vec<usize>,
    pages: usize,
    with_text: usize,
    failed: Vec<usize>,
    failure: Option<String>,
}

/// [`pdf_text`] once the bytes are measured: opens the file, measures its page tree, reads
/// each page; a page whose text cannot be extracted is skipped and named.
#[cfg(feature = "pdf")]
#[allow(clippy::float_arithmetic)] // page geometry in points, not money
fn pdf_pages(data: Vec<u8>, limits: &jixiao_core::limits::Limits) -> Result<PdfPages, ReadError> {
    let doc = pdf_oxide::document::PdfDocument::from_bytes(data).map_err(|e| match e {
        pdf_oxide::error::Error::EncryptedPdf => ReadError::Encrypted,
        other => {
            ReadError::Corrupt(format!("PDF 文件的结构无法解析,可能已损坏、不完整,或并不是 PDF(技术信息:{other})"))
        }
    })?;
    if doc.is_encrypted() && !doc.authenticate(b"").unwrap_or(false) {
        return Err(ReadError::Encrypted);
    }
    crate::pdf_guard::check_page_tree(&doc, limits)?;
    let pages = doc.page_count().map_err(|e| match e {
        pdf_oxide::error::Error::EncryptedPdf => ReadError::Encrypted,
        other => ReadError::Corrupt(format!("PDF 的页面无法读取,文件可能已损坏(技术信息:{other})")),
    })?;
    if pages > limits.max_pages {
        return Err(ReadError::TooManyPages { pages, limit: limits.max_pages });
    }
    let mut read = PdfPages {
        text: String::new(),
        page_starts: Vec::new(),
        pages,
        with_text: 0,
        failed: Vec::new(),
        failure: None,
    };
    for i in 0..pages {
        read.page_starts.push(read.text.len());
        let frames = match pdf_page_frames(&doc, i) {
            Ok(frames) => frames,
            Err(pdf_oxide::error::Error::EncryptedPdf) => return Err(ReadError::Encrypted),
            Err(other) => {
                read.failed.push(i + 1);
                read.failure.get_or_insert_with(|| other.to_string());
                continue;
            }
        };
        read.with_text += usize::from(frames.iter().any(|f| !f.words.is_empty()));
        for frame in frames {
            read.text.push_str(&layout_rows(frame.words));
        }
        read.text.push('\n');
    }
    Ok(read)
}

/// A character on a PDF page with its box in points (`y` up): `x0..x1`, `y0..y1` in the frame
/// where its run of text reads upright, left to right; `raw` (`[x0, y0, x1, y1]`) in the page's
/// own space, where annotations are placed.
#[cfg(feature = "pdf")]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageChar {
    /// The character.
    pub c: char,
    /// Left edge, upright.
    pub x0: f32,
    /// Right edge, upright.
    pub x1: f32,
    /// Bottom (the font's descent below the baseline), upright.
    pub y0: f32,
    /// Top (the font's ascent above the baseline), upright.
    pub y1: f32,
    /// The baseline, upright.
    pub baseline: f32,
    /// The font size.
    pub size: f32,
    /// The box in the page's own space: left, bottom, right, top.
    pub raw: [f32; 4],
}

/// The text of one direction on a page: its characters (blanks left out) and the words they
/// make, each word naming its characters.
#[cfg(feature = "pdf")]
#[derive(Debug, Clone, Default)]
pub struct PageFrame {
    /// The characters, in the order the words name them.
    pub chars: Vec<PageChar>,
    /// The words, in no particular order (`layout_rows` orders them).
    pub words: Vec<PlacedWord>,
}

/// The text of a PDF page as a reader sees it, one frame per direction of writing: the
/// direction most of the page's characters run in first, then each other direction (a stamp
/// or a margin note set sideways), each turned upright.
///
/// Read from pdf_oxide's characters, which it places by the whole text-positioning rule of
/// the PDF standard (TJ adjustments, character and word spacing: the positions `pdftotext
/// -bbox` gives), in one pass over the page's content. What a reader does not see is left
/// out: characters outside the page's visible box. A page turned by `/Rotate` needs nothing
/// more: each run is turned upright by its own direction, which already includes the turn.
/// Words are characters on one baseline that touch (a gap of at most 0.8 pt, below any gap
/// that [`layout_rows`] turns into a blank or a column break) with no blank between them.
/// Annotation text (a reviewer's notes) is not the page's content and is not read.
#[cfg(feature = "pdf")]
#[allow(clippy::float_arithmetic)] // page geometry in points, not money
pub fn pdf_page_frames(
    doc: &pdf_oxide::document::PdfDocument,
    page: usize,
) -> pdf_oxide::error::Result<Vec<PageFrame>> {
    // pdf_oxide's characters do not take the text a producer gives for marked content
    // (`/ActualText`: Chromium's PDFs spell each CJK glyph of a Type3 font that way), its
    // lines do: a page that uses it is read through the lines.
    if doc.get_page_content_data(page).is_ok_and(|data| memchr::memmem::find(&data, b"/ActualText").is_some()) {
        return Ok(vec![frame_of_lines(&doc.extract_text_lines(page)?)]);
    }
    let chars = doc.extract_chars(page)?;
    let visible = doc.get_page_visible_box(page).ok().map(|(a, b, c, d)| {
        const EDGE: f32 = 2.0;
        (a.min(c) - EDGE, b.min(d) - EDGE, a.max(c) + EDGE, b.max(d) + EDGE)
    });
    // Characters grouped by their direction (whole degrees, counter-clockwise), each with its
    // upright box and whether a blank.
    let mut groups: Vec<(i32, Vec<Glyph>)> = Vec::new();
    for ch in chars.iter() {
        if matches!(ch.char, '\u{200b}' | '\u{fffd}') || ch.char.is_control() && !ch.char.is_whitespace() {
            continue;
        }
        let size =
            if ch.font_size.is_finite() && ch.font_size > 0.0 { ch.font_size } else { ch.bbox.height.abs().max(1.0) };
        let (descent, ascent) = if ch.ascent.is_finite() && ch.descent.is_finite() && ch.ascent > ch.descent {
            (ch.descent, ch.ascent)
        } else {
            (-0.2 * size, 0.8 * size)
        };
        let degrees = if ch.rotation_degrees.is_finite() { ch.rotation_degrees.round() as i32 } else { 0 };
        let degrees = degrees.rem_euclid(360);
        let (sin, cos) = (degrees as f32).to_radians().sin_cos();
        // The advance along the baseline: pdf_oxide gives its horizontal part (`|cos|` of it);
        // a run close to vertical, or a glyph the font gives no width, gets the usual advance
        // of its kind of character until its neighbour is known (`frame_words`).
        let measured = cos.abs() >= 0.5 && ch.bbox.width.abs() > 0.01 * size;
        let advance = if measured {
            ch.bbox.width.abs() / cos.abs()
        } else if ch.char.is_ascii() {
            0.5 * size
        } else {
            size
        };
        let (ox, oy) = (ch.origin_x, ch.origin_y);
        if !(ox.is_finite() && oy.is_finite() && advance.is_finite()) {
            continue;
        }
        // The box in the page's space: the baseline from the origin along the direction,
        // the ascent and descent across it.
        let corners = [(0.0, descent), (advance, descent), (0.0, ascent), (advance, ascent)]
            .map(|(u, v)| (ox + u * cos - v * sin, oy + u * sin + v * cos));
        let raw = [
            corners.iter().map(|p| p.0).fold(f32::MAX, f32::min),
            corners.iter().map(|p| p.1).fold(f32::MAX, f32::min),
            corners.iter().map(|p| p.0).fold(f32::MIN, f32::max),
            corners.iter().map(|p| p.1).fold(f32::MIN, f32::max),
        ];
        if let Some((left, bottom, right, top)) = visible
            && !(raw[2] > left && raw[0] < right && raw[3] > bottom && raw[1] < top)
        {
            continue;
        }
        // Upright: the origin turned back by the run's direction.
        let (ux, uy) = (ox * cos + oy * sin, -ox * sin + oy * cos);
        let placed = PageChar {
            c: ch.char,
            x0: ux,
            x1: ux + advance,
            y0: uy + descent,
            y1: uy + ascent,
            baseline: uy,
            size,
            raw,
        };
        let glyph = Glyph { c: placed, blank: ch.char.is_whitespace(), measured };
        match groups.iter_mut().find(|(d, _)| *d == degrees) {
            Some((_, list)) => list.push(glyph),
            None => groups.push((degrees, vec![glyph])),
        }
    }
    // The main direction first (most characters; upright on a tie), the others after it.
    groups.sort_by_key(|(d, list)| (std::cmp::Reverse(list.len()), *d != 0, *d));
    Ok(groups.into_iter().map(|(_, list)| frame_words(list)).collect())
}

/// A page's text lines as pdf_oxide reads them (its whole span pass: reading order, running
/// headers, glyph positions corrected), as one frame; its boxes are in the page's space.
#[cfg(feature = "pdf")]
#[allow(clippy::float_arithmetic)] // page geometry in points, not money
fn frame_of_lines(lines: &[pdf_oxide::layout::TextLine]) -> PageFrame {
    let mut frame = PageFrame::default();
    for w in lines.iter().flat_map(|l| &l.words) {
        let first = frame.chars.len();
        for c in w.chars.iter().filter(|c| !c.char.is_whitespace()) {
            let (x0, y0) = (c.bbox.x, c.bbox.y);
            let (x1, y1) = (x0 + c.bbox.width, y0 + c.bbox.height);
            frame.chars.push(PageChar {
                c: c.char,
                x0,
                x1,
                y0,
                y1,
                baseline: y0,
                size: c.bbox.height,
                raw: [x0, y0, x1, y1],
            });
        }
        frame.words.push(PlacedWord {
            text: w.text.clone(),
            x0: w.bbox.x,
            x1: w.bbox.x + w.bbox.width,
            y: w.bbox.y + w.bbox.height / 2.0,
            h: w.bbox.height.max(1.0),
            first,
            len: frame.chars.len() - first,
        });
    }
    frame
}

/// A character as read, before words are made: whether a blank, and whether its advance was
/// measured (pdf_oxide gives only the horizontal part of it; a run close to vertical gets an
/// estimate until its neighbour is known).
#[cfg(feature = "pdf")]
struct Glyph {
    c: PageChar,
    blank: bool,
    measured: bool,
}

/// Words of one direction's characters: sorted by baseline (top first) and left edge, a word
/// runs on while the next character sits on the same baseline and touches it. A character
/// whose advance is an estimate ends where the next one on its baseline starts, when that is
/// less than one and a half font sizes on.
#[cfg(feature = "pdf")]
#[allow(clippy::float_arithmetic)] // page geometry in points, not money
fn frame_words(mut list: Vec<Glyph>) -> PageFrame {
    list.sort_by(|a, b| b.c.baseline.total_cmp(&a.c.baseline).then(a.c.x0.total_cmp(&b.c.x0)));
    let same_line = |p: &PageChar, c: &PageChar| (p.baseline - c.baseline).abs() <= 0.01 * p.size.max(1.0);
    for i in 1..list.len() {
        let (head, tail) = list.split_at_mut(i);
        if let (Some(prev), Some(next)) = (head.last_mut(), tail.first())
            && !prev.measured
            && same_line(&prev.c, &next.c)
            && next.c.x0 > prev.c.x0
            && next.c.x0 - prev.c.x0 < 1.5 * prev.c.size
        {
            prev.c.x1 = next.c.x0;
        }
    }
    let mut frame = PageFrame { chars: Vec::with_capacity(list.len()), words: Vec::new() };
    let mut open = false;
    for Glyph { c, blank, .. } in list {
        if blank {
            open = false;
            continue;
        }
        let joins = open && frame.chars.last().is_some_and(|p| same_line(p, &c) && c.x0 - p.x1 <= 0.8);
        let index = frame.chars.len();
        frame.chars.push(c);
        match frame.words.last_mut() {
            Some(w) if joins => {
                w.text.push(c.c);
                w.x1 = w.x1.max(c.x1);
                w.len += 1;
            }
            _ => frame.words.push(PlacedWord {
                text: c.c.to_string(),
                x0: c.x0,
                x1: c.x1,
                y: c.baseline + c.size / 2.0,
                h: c.size.max(1.0),
                first: index,
                len: 1,
            }),
        }
        open = true;
    }
    frame
}

/// A word on a page with its box (points; `y` is the vertical centre, larger is higher).
#[derive(Debug, Clone)]
pub struct PlacedWord {
    /// The word's text.
    pub text: String,
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Vertical centre.
    pub y: f32,
    /// Height.
    pub h: f32,
    /// Where its characters start in its frame's [`PageFrame::chars`].
    pub first: usize,
    /// How many characters it has.
    pub len: usize,
}

/// Lays words out as lines of text the way they sit on the page: words on the same visual
/// row form one line, left to right; a wide horizontal gap (a table's column gap) becomes a
/// tab, a narrow one a blank between Latin letters or digits and nothing between Chinese
/// characters; a tall vertical gap becomes an empty line.
///
/// A line that a paragraph wrapped onto — the line before it reaches the right edge of the
/// text block, and it starts at the left edge (no first-line indent) and not with a heading
/// or list marker — is joined to the line before, so a figure and its label stay on one line.
#[allow(clippy::float_arithmetic)] // page geometry in points, not money
pub fn layout_rows(mut words: Vec<PlacedWord>) -> String {
    words.retain(|w| !w.text.trim().is_empty());
    words.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut rows: Vec<Vec<PlacedWord>> = Vec::new();
    for w in words {
        match rows.last_mut() {
            Some(row) if (row[0].y - w.y).abs() <= row[0].h.min(w.h) * 0.45 => row.push(w),
            _ => rows.push(vec![w]),
        }
    }
    struct Line {
        text: String,
        table: bool,
        x0: f32,
        x1: f32,
        y: f32,
        h: f32,
    }
    let mut lines: Vec<Line> = Vec::with_capacity(rows.len());
    for mut row in rows {
        row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let h = row[0].h;
        let wide = |gap: f32| gap > (0.9 * h).max(6.0);
        // In a table row, two figures closer than a column gap (wide numbers in narrow
        // columns) are still two cells.
        let table_row = row.windows(2).any(|p| wide(p[1].x0 - p[0].x1));
        let figure_end = |s: &str| s.chars().last().is_some_and(|c| c.is_ascii_digit() || c == '%');
        let figure_start = |s: &str| s.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '-');
        let mut text = String::new();
        let mut table = false;
        let mut prev: Option<&PlacedWord> = None;
        for w in &row {
            if let Some(p) = prev {
                let gap = w.x0 - p.x1;
                let tab = wide(gap) || (table_row && gap > 0.45 * h && figure_end(&p.text) && figure_start(&w.text));
                let ascii = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '%');
                if tab {
                    text.push('\t');
                    table = true;
                } else if gap > 0.8 && ascii(p.text.chars().last()) && ascii(w.text.chars().next()) {
                    text.push(' ');
                }
            }
            text.push_str(w.text.trim());
            prev = Some(w);
        }
        let x1 = row.iter().map(|w| w.x1).fold(f32::MIN, f32::max);
        lines.push(Line { text, table, x0: row[0].x0, x1, y: row[0].y, h });
    }
    // A page number alone on the first or last line (`— 5 —`, `- 5 -`, `第 5 页`) is not text
    // of the report: dropped, so it cannot split a sentence that runs on to the next page.
    if lines.last().is_some_and(|l| page_number(&l.text)) {
        lines.pop();
    }
    if lines.first().is_some_and(|l| page_number(&l.text)) {
        lines.remove(0);
    }
    // So is the mark a draft carries at the head of every page (草稿).
    if lines.first().is_some_and(|l| l.text.trim() == "草稿") {
        lines.remove(0);
    }
    // The text block: the leftmost start and the rightmost end of the lines of running text.
    let prose = || lines.iter().filter(|l| !l.table);
    let left = prose().map(|l| l.x0).fold(f32::MAX, f32::min);
    let right = prose().map(|l| l.x1).fold(f32::MIN, f32::max);
    let mut out = String::new();
    let mut last: Option<&Line> = None;
    for line in &lines {
        if let Some(p) = last {
            let blank = p.y - line.y > 1.9 * p.h.max(line.h);
            let wrapped = !blank
                && !p.table
                && !line.table
                && (p.h - line.h).abs() < 0.15 * p.h
                && p.x1 >= right - 1.5 * p.h
                && line.x0 <= left + 0.5 * line.h
                && !p.text.ends_with(['\u{3002}', ':', '\u{ff1a}'])
                && !crate::reader::starts_with_marker(&line.text);
            if wrapped {
                let ascii = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                if ascii(p.text.chars().last()) && ascii(line.text.chars().next()) {
                    out.push(' ');
                }
            } else {
                out.push('\n');
                if blank {
                    out.push('\n');
                }
            }
        }
        out.push_str(&line.text);
        last = Some(line);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Whether a line is only a page number: digits, with dashes, blanks, `第`/`页`/`共` or `/`.
pub fn page_number(line: &str) -> bool {
    let t = line.trim();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let decorated = t.chars().any(|c| !c.is_ascii_digit());
    t.chars().count() <= 16
        && digits > 0
        && (decorated || digits <= 3)
        && t.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(c, '-' | '\u{2014}' | '\u{2013}' | '_' | ' ' | '\t' | '/' | '第' | '页' | '共')
        })
}

/// Without the `pdf` feature.
#[cfg(not(feature = "pdf"))]
pub fn pdf_text(_: &[u8]) -> Result<Text, ReadError> {
    Err(ReadError::PdfDisabled)
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_numbers() {
        for p in ["\u{2014} 5 \u{2014}", "- 12 -", "第 3 页", "第3页 共20页", "7", "3/20"] {
            assert!(super::page_number(p), "{p}");
        }
        for t in ["2024", "合计 3325.83", "一、基本情况", "", "\u{2014}"] {
            assert!(!super::page_number(t), "{t}");
        }
    }

    use super::*;

    /// Word's marks of its last layout place the text on pages; an author's page break that
    /// Word also marked opens one page, not two; without Word's marks nothing is placed.
    #[test]
    fn a_docx_is_paged_by_the_marks_of_words_last_layout() {
        let w = |body: &str| format!("<w:document xmlns:w=\"urn:w\"><w:body>{body}</w:body></w:document>");
        let p = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
        let rendered = "<w:p><w:r><w:lastRenderedPageBreak/><w:t>第二页</w:t></w:r></w:p>";
        let authored = "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>";
        let doc = w(&format!(
            "{}{rendered}{authored}<w:p><w:r><w:lastRenderedPageBreak/><w:t>第三页</w:t></w:r></w:p>",
            p("第一页")
        ));
        let t = document_xml_text(&doc).expect("reads");
        let starts: Vec<&str> = t
            .page_starts
            .iter()
            .map(|s| &t.text[*s..])
            .map(|r| r.lines().find(|l| !l.trim().is_empty()).unwrap_or(""))
            .collect();
        assert_eq!(starts, ["第一页", "第二页", "第三页"], "{:?}", t.text);
        // Only an author's break (a program other than Word saved it): no pages.
        let t = document_xml_text(&w(&format!("{}{authored}{}", p("一"), p("二")))).expect("reads");
        assert!(t.page_starts.is_empty());
        // A line break is not a page break.
        let t =
            document_xml_text(&w("<w:p><w:r><w:lastRenderedPageBreak/><w:t>一</w:t><w:br/><w:t>二</w:t></w:r></w:p>"))
                .expect("reads");
        assert_eq!(t.page_starts, [0]);
    }

    #[test]
    fn decodes_gbk_utf16_and_utf8() {
        let s = "执行率93.35%";
        let (gbk, _, _) = encoding_rs::GBK.encode(s);
        assert_eq!(decode(&gbk).unwrap(), s);
        let mut utf16 = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&utf16).unwrap(), s);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode(&bom).unwrap(), s);
        assert_eq!(decode(&[0u8; 100]), Err(ReadError::Binary));
    }

    #[test]
    fn wide_encodings_with_or_without_a_bom() {
        let s = "执行率 93.35%,年初预算 3325.83 万元\n";
        let utf32 = |big: bool| -> Vec<u8> {
            s.chars().flat_map(|c| if big { (c as u32).to_be_bytes() } else { (c as u32).to_le_bytes() }).collect()
        };
        for big in [false, true] {
            let mut bom = if big { vec![0, 0, 0xFE, 0xFF] } else { vec![0xFF, 0xFE, 0, 0] };
            bom.extend(utf32(big));
            assert_eq!(decode(&bom).unwrap(), s, "UTF-32 with its BOM, not UTF-16");
            assert_eq!(decode(&utf32(big)).unwrap(), s, "UTF-32 without a BOM");
        }
        let le: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&le).unwrap(), s, "UTF-16LE without a BOM");
        assert_eq!(decode(&be).unwrap(), s, "UTF-16BE without a BOM");
        // Chinese with no Latin letter, digit, blank or line break: no zero byte at all.
        let zh = "部门整体支出绩效自评报告\u{ff1a}预算执行情况良好\u{ff0c}绩效目标基本完成\u{ff0c}资金使用规范\u{3002}";
        let le: Vec<u8> = zh.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = zh.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(!le.contains(&0));
        assert_eq!(decode(&le).unwrap(), zh, "all-Chinese UTF-16LE without a BOM");
        assert_eq!(decode(&be).unwrap(), zh, "all-Chinese UTF-16BE without a BOM");
        // The legacy encodings of such text are not taken for UTF-16.
        let (gbk, _, _) = encoding_rs::GBK.encode(zh);
        assert!(cjk_utf16_without_bom(&gbk).is_none());
        assert_eq!(decode(&gbk).unwrap(), zh);
        let traditional =
            "部門整體支出績效自評報告\u{ff1a}預算執行情況良好\u{ff0c}績效目標基本完成\u{ff0c}資金使用規範\u{3002}";
        let (big5, _, _) = encoding_rs::BIG5.encode(traditional);
        assert!(cjk_utf16_without_bom(&big5).is_none());
    }

    #[test]
    fn binary_mixed_encodings_and_line_endings() {
        // Bytes 1..=255 in a fixed scramble: no zero byte, not text.
        let binary: Vec<u8> = (0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8 | 1).collect();
        assert_eq!(decode(&binary), Err(ReadError::Binary));
        let part = "一、部门基本情况\n年初预算 3325.83 万元,执行率 93.35%。\n";
        let mut mixed = part.as_bytes().to_vec();
        mixed.extend_from_slice(&encoding_rs::GBK.encode(part).0);
        match decode(&mixed) {
            Err(ReadError::Corrupt(m)) => assert!(m.contains("混用") && m.contains("第 3 行"), "{m}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(decode(b"a\rb\r\nc\n").unwrap(), "a\nb\nc\n");
    }

    #[test]
    fn kinds_by_bytes_then_name() {
        assert_eq!(kind("a.txt", b"hello"), Ok(Kind::Text));
        assert_eq!(kind("a.bin", b"%PDF-1.7"), Ok(Kind::Pdf));
        assert_eq!(kind("a.docx", b"PK\x03\x04"), Ok(Kind::Docx));
        assert!(matches!(kind("a.doc", b"\xD0\xCF"), Err(ReadError::Unsupported(_))));
    }

    #[test]
    fn document_xml_paragraphs_and_tables() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:r><w:t>年初预算</w:t></w:r><w:r><w:t xml:space="preserve"> 3325.83 万元 &amp; </w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>201</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2.00</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><w:delText>删去</w:delText><w:t>保留</w:t><w:tab/><w:t>x</w:t></w:r></w:p>
        </w:body></w:document>"#;
        let read = document_xml_text(xml).unwrap();
        assert_eq!(read.text, "年初预算 3325.83 万元 & \n201\t2.00\n保留\tx\n");
        assert_eq!(read.partial, None);
    }

    #[test]
    fn each_piece_of_a_docx_text_is_the_same_bytes_of_its_xml() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:r><w:t>年初预算</w:t></w:r><w:r><w:t xml:space="preserve"> 3325.83 万元 &amp; 其他</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>201</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2.00</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
        </w:body></w:document>"#;
        let (text, pieces) = document_xml_pieces(xml).unwrap();
        assert_eq!(text, document_xml_text(xml).unwrap());
        let shown: Vec<&str> = pieces.iter().map(|p| &text.text[p.text_at..p.text_at + p.len]).collect();
        assert_eq!(shown, vec!["年初预算", " 3325.83 万元 ", " 其他", "201", "2.00"]);
        for p in &pieces {
            assert_eq!(&xml[p.xml_at..p.xml_at + p.len], &text.text[p.text_at..p.text_at + p.len]);
        }
    }

    #[test]
    fn broken_docx_is_refused_with_a_message() {
        assert!(matches!(docx_text(b"PK\x03\x04garbage"), Err(ReadError::Corrupt(_))));
        assert!(matches!(document_xml_text("<w:p><w:t>a</w:p>"), Err(ReadError::Corrupt(_))));
        // Cut short between two paragraphs: no syntax error, but not the whole document. The
        // part before the cut is read and marked partial; nothing before it is an error.
        let cut = "<w:document><w:body><w:p><w:r><w:t>预算执行率</w:t></w:r></w:p>";
        let read = document_xml_text(cut).unwrap();
        assert_eq!(read.text, "预算执行率\n");
        let m = read.partial.unwrap_or_default();
        assert!(m.contains("中断") && m.contains("2 个元素") && m.contains("5 个字"), "{m}");
        match document_xml_text("<w:document><w:body><w:p>") {
            Err(ReadError::Corrupt(m)) => assert!(m.contains("中断前没有读到文字"), "{m}"),
            other => panic!("{other:?}"),
        }
    }
}
