//! An `.xlsx` read in one streaming pass per part: the workbook's sheet list, its shared
//! strings and number formats once, then each worksheet's values, formulas (whether a cell has
//! one), style indices and merged ranges together, and its notes.
//!
//! Every part is unzipped through a counter that stops at the unzipped-size limit; counts the
//! file declares (`<sst count>`, `<dimension>`) are ignored.

use std::borrow::Cow;
use std::cell::Cell as Shared;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Read};

use jixiao_core::limits::Limit;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::scan::{self, Scanner};
use super::{Book, Budget, Cell, Merge, RawCell, Value, at, build_sheet, corrupt, parse_range, parse_ref, shown_of};
use crate::{Limits, ReadError};

type Zip<'b> = zip::ZipArchive<Cursor<&'b [u8]>>;

/// A zip being read, with what is left of the unzipped-size limit.
struct Package<'b> {
    zip: Zip<'b>,
    /// Lower-case part name → index.
    names: HashMap<String, usize>,
    left: Shared<u64>,
    over: Shared<bool>,
    limits: &'b Limits,
}

/// A part's bytes as they are unzipped, counted against the limit.
struct Counted<'p, R> {
    inner: R,
    left: &'p Shared<u64>,
    over: &'p Shared<bool>,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let left = self.left.get();
        if n as u64 > left {
            self.over.set(true);
            return Err(std::io::Error::other("unzipped size limit"));
        }
        self.left.set(left - n as u64);
        Ok(n)
    }
}

fn zip_error(e: zip::result::ZipError) -> ReadError {
    corrupt(format!("zip 结构损坏(技术细节:{e})"))
}

/// Why a part could not be opened for unzipping.
fn open_error(name: &str, e: zip::result::ZipError) -> ReadError {
    match e {
        zip::result::ZipError::UnsupportedArchive(_) | zip::result::ZipError::InvalidPassword => {
            corrupt(format!("部件 {name} 设置了 zip 密码或用了不支持的压缩方式"))
        }
        other => zip_error(other),
    }
}

impl<'b> Package<'b> {
    fn open(bytes: &'b [u8], limits: &'b Limits) -> Result<Package<'b>, ReadError> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
        if zip.len() > limits.max_entries {
            return Err(ReadError::ZipBomb(format!("有 {} 个部件,{}", zip.len(), limits.message(Limit::ZipEntries))));
        }
        let mut names = HashMap::new();
        let mut declared: u64 = 0;
        for i in 0..zip.len() {
            let f = zip.by_index_raw(i).map_err(zip_error)?;
            declared = declared.saturating_add(f.size());
            let name = f.name().map_err(zip_error)?.trim_start_matches('/').to_ascii_lowercase();
            names.insert(name, i);
        }
        if declared > limits.max_unzipped {
            return Err(ReadError::ZipBomb(format!(
                "各部件声明解压后共 {declared} 字节,{}",
                limits.message(Limit::UnzippedBytes)
            )));
        }
        Ok(Package { zip, names, left: Shared::new(limits.max_unzipped), over: Shared::new(false), limits })
    }

    fn has(&self, name: &str) -> bool {
        self.names.contains_key(&name.to_ascii_lowercase())
    }

    /// Reads a part as XML with `each`, which gets the reader; `None` if there is no such part.
    ///
    /// A part of at most [`IN_MEMORY`] bytes is unzipped whole and parsed from memory, so that
    /// every event borrows from the bytes (a third less parsing work than copying each event
    /// into a buffer); a larger one is parsed as it is unzipped, holding 64 KiB at a time, so a
    /// hostile part costs memory only up to that bound, whatever the unzipped-size limit.
    fn xml<T>(
        &mut self,
        name: &str,
        each: impl FnOnce(&mut Xml<'_>) -> Result<T, ReadError>,
    ) -> Result<Option<T>, ReadError> {
        let Some(&i) = self.names.get(&name.to_ascii_lowercase()) else { return Ok(None) };
        let bomb = |limits: &Limits| {
            ReadError::ZipBomb(format!("解压到部件 {name} 时{}", limits.message(Limit::UnzippedBytes)))
        };
        let mut data = Vec::new();
        let file = self.zip.by_index(i).map_err(|e| open_error(name, e))?;
        // The zip reader refuses a part that unzips past its declared size, so a part declared
        // small is small; the bound is kept here as well.
        let whole = file.size() <= IN_MEMORY;
        let source = if whole {
            data.reserve(usize::try_from(file.size()).unwrap_or(0));
            let mut counted = Counted { inner: file, left: &self.left, over: &self.over }.take(IN_MEMORY + 1);
            let unzipped = counted.read_to_end(&mut data);
            if self.over.get() {
                return Err(bomb(self.limits));
            }
            unzipped.map_err(|e| corrupt(format!("部件 {name} 无法解压(技术细节:{e})")))?;
            if data.len() as u64 > IN_MEMORY {
                return Err(corrupt(format!("部件 {name} 解压后比它声明的大小大")));
            }
            Source::Memory(Scanner::new(data.as_slice()))
        } else {
            let counted = Counted { inner: file, left: &self.left, over: &self.over };
            let boxed: Box<dyn BufRead + '_> = Box::new(BufReader::with_capacity(64 * 1024, counted));
            Source::Stream(Reader::from_reader(boxed), Vec::with_capacity(1024))
        };
        let over = &self.over;
        let mut xml = Xml { source, part: name };
        if let Source::Stream(r, _) = &mut xml.source {
            let config = r.config_mut();
            config.trim_text(false);
            config.check_end_names = false;
        }
        let result = each(&mut xml);
        if over.get() {
            return Err(bomb(self.limits));
        }
        result.map(Some)
    }
}

/// The largest part parsed from memory (see [`Package::xml`]).
const IN_MEMORY: u64 = 16 << 20;

/// Where a part's XML comes from.
enum Source<'x> {
    /// Its unzipped bytes (see [`Scanner`]).
    Memory(Scanner<'x>),
    /// Unzipped as it is read, each event copied into the buffer.
    Stream(Reader<Box<dyn BufRead + 'x>>, Vec<u8>),
}

/// A part being read.
struct Xml<'x> {
    source: Source<'x>,
    part: &'x str,
}

/// What an XML error means to the user.
fn xml_error(part: &str, e: &quick_xml::Error) -> ReadError {
    corrupt(format!("部件 {part} 不是有效的 XML(技术细节:{e})"))
}

/// The value of an attribute (its local name), unescaped.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let unescaped = |v: &str| quick_xml::escape::unescape(v).map_or_else(|_| v.to_string(), Cow::into_owned);
    let mut found = None;
    // The local name is what follows the first `:`, as quick-xml has it.
    if scan::attrs(e.attributes_raw(), |k, v| {
        if found.is_none() && k.split_once(':').map_or(k, |(_, l)| l) == name {
            found = Some(v);
        }
    }) {
        return found.map(unescaped);
    }
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == name).map(|a| unescaped(&a.value))
}

/// The raw value of an attribute without a namespace prefix (`r`, `s`, `t`), not unescaped.
fn raw_attr<'e>(e: &'e BytesStart<'_>, name: &str) -> Option<Cow<'e, str>> {
    let mut found = None;
    if scan::attrs(e.attributes_raw(), |k, v| {
        if found.is_none() && k == name {
            found = Some(Cow::Borrowed(v));
        }
    }) {
        return found;
    }
    // Without the duplicate check: the first of two same-named attributes is taken, as with it.
    e.attributes().with_checks(false).flatten().find(|a| a.key.as_ref() == name).map(|a| a.value)
}

impl Xml<'_> {
    /// The next event; `Eof` at the end.
    fn next(&mut self) -> Result<Event<'_>, ReadError> {
        let part = self.part;
        match &mut self.source {
            Source::Memory(scanner) => scanner.next(),
            Source::Stream(reader, buf) => {
                buf.clear();
                reader.read_event_into(buf)
            }
        }
        .map_err(|e| xml_error(part, &e))
    }
}

/// Appends the character data of an event (text, CDATA, an entity or character reference).
fn append_text(ev: &Event<'_>, out: &mut String) {
    match ev {
        Event::Text(t) => out.push_str(&t.xml10_content()),
        Event::CData(t) => out.push_str(&t.xml10_content()),
        Event::GeneralRef(r) => match r.resolve_char_ref() {
            Ok(Some(c)) => out.push(c),
            _ => out.push_str(match &**r {
                "amp" => "&",
                "lt" => "<",
                "gt" => ">",
                "quot" => "\"",
                "apos" => "'",
                _ => "",
            }),
        },
        _ => {}
    }
}

/// `_x000D_` (a UTF-16 unit written as an escape, OOXML's way of keeping control characters)
/// unescaped; `_x005F_` is a literal underscore.
pub(crate) fn unescape_ooxml(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains("_x") {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut units: Vec<u16> = Vec::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    let mut buf = [0u16; 2];
    while i < b.len() {
        if b[i] == b'_'
            && b.len() >= i + 7
            && b[i + 1] == b'x'
            && b[i + 6] == b'_'
            && b[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit)
            && let Ok(u) = u16::from_str_radix(&s[i + 2..i + 6], 16)
        {
            units.push(u);
            i += 7;
            continue;
        }
        // Copy one character as UTF-16.
        let ch = s[i..].chars().next().unwrap_or('\u{FFFD}');
        units.extend_from_slice(ch.encode_utf16(&mut buf));
        i += ch.len_utf8();
    }
    std::borrow::Cow::Owned(char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect())
}

/// Where the workbook part is, and the other packages a zip can be.
fn workbook_part(pkg: &mut Package<'_>) -> Result<String, ReadError> {
    let mut target = None;
    pkg.xml("_rels/.rels", |x| {
        loop {
            match x.next()? {
                Event::Start(e) | Event::Empty(e)
                    if e.local_name().as_ref() == "Relationship"
                        && attr(&e, "Type").is_some_and(|t| t.ends_with("/officeDocument")) =>
                {
                    target = attr(&e, "Target");
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    })?;
    let name = target.map_or_else(|| "xl/workbook.xml".to_string(), |t| resolve("", &t));
    if pkg.has(&name) && name.ends_with(".xml") {
        return Ok(name);
    }
    if pkg.has("xl/workbook.xml") {
        return Ok("xl/workbook.xml".into());
    }
    Err(if pkg.has("xl/workbook.bin") || name.ends_with(".bin") {
        ReadError::NotWorkbookBut("这是 .xlsb(Excel 二进制工作簿);请在 Excel/WPS 中另存为 .xlsx".into())
    } else if pkg.has("content.xml") && pkg.has("mimetype") {
        ReadError::NotWorkbookBut("这是 OpenDocument 文件(如 .ods);请在 LibreOffice/WPS 中另存为 .xlsx".into())
    } else if pkg.has("word/document.xml") {
        ReadError::NotWorkbookBut("这是 Word 文档(.docx),不是工作簿".into())
    } else if pkg.has("ppt/presentation.xml") {
        ReadError::NotWorkbookBut("这是 PowerPoint 演示文稿,不是工作簿".into())
    } else {
        ReadError::NotWorkbookBut("这是 zip 压缩文件,其中没有 Excel 工作簿的内容".into())
    })
}

/// A relationship target resolved against the folder of the part that names it.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') { Vec::new() } else { dir.split('/').collect() };
    parts.retain(|s| !s.is_empty());
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn dir_of(part: &str) -> &str {
    part.rfind('/').map_or("", |i| &part[..i])
}

/// The relationships of a part: id → (type, target part).
fn relationships(pkg: &mut Package<'_>, part: &str) -> Result<HashMap<String, (String, String)>, ReadError> {
    let rels = format!("{}/_rels/{}.rels", dir_of(part), part.rsplit('/').next().unwrap_or(part));
    let dir = dir_of(part).to_string();
    let mut out = HashMap::new();
    pkg.xml(&rels, |x| {
        loop {
            match x.next()? {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                    if attr(&e, "TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("External")) {
                        continue;
                    }
                    if let (Some(id), Some(ty), Some(target)) = (attr(&e, "Id"), attr(&e, "Type"), attr(&e, "Target")) {
                        out.insert(id, (ty, resolve(&dir, &target)));
                    }
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    })?;
    Ok(out)
}

/// Reads an `.xlsx`.
pub(super) fn read(bytes: &[u8], limits: &Limits) -> Result<Book, ReadError> {
    let mut pkg = Package::open(bytes, limits)?;
    let mut budget = Budget::new(limits);
    let wb_part = workbook_part(&mut pkg)?;
    let rels = relationships(&mut pkg, &wb_part)?;
    // The sheet list: (name, relationship id).
    let mut listed: Vec<(String, String)> = Vec::new();
    let mut is_1904 = false;
    pkg.xml(&wb_part, |x| {
        loop {
            match x.next()? {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "workbookPr" => {
                        is_1904 = attr(&e, "date1904").is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
                    }
                    "sheet" => {
                        let id = e
                            .attributes()
                            .flatten()
                            .find(|a| a.key.local_name().as_ref() == "id" && a.key.prefix().is_some())
                            .map(|a| a.value.to_string());
                        if let (Some(name), Some(id)) = (attr(&e, "name"), id) {
                            listed.push((name, id));
                            budget.sheet(listed.len())?;
                        }
                    }
                    _ => {}
                },
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    })?;
    let mut book = Book { is_1904, ..Book::default() };
    // Shared strings and styles: once for every sheet.
    let of_type = |suffix: &str| rels.values().find(|(t, _)| t.ends_with(suffix)).map(|(_, p)| p.clone());
    if let Some(part) = of_type("/sharedStrings") {
        shared_strings(&mut pkg, &part, &mut book, &budget)?;
    }
    let shared = book.strings.len() as u32;
    if let Some(part) = of_type("/styles") {
        book.formats = styles(&mut pkg, &part)?;
    }
    for (name, id) in listed {
        let Some((ty, part)) = rels.get(&id) else { continue };
        if !ty.ends_with("/worksheet") {
            // Chart sheets and dialog sheets hold no cells.
            continue;
        }
        super::reading(Some(&name));
        let notes = sheet_notes(&mut pkg, part, &name, &mut budget)?;
        let (raw, merges) =
            pkg.xml(part, |x| sheet_cells(x, &name, shared, &mut book, &mut budget))?.unwrap_or_default();
        let sheet = build_sheet(name, raw, merges, notes, &mut budget)?;
        book.sheets.push(sheet);
    }
    super::reading(None);
    Ok(book)
}

/// The shared strings, in order (phonetic guides left out).
fn shared_strings(pkg: &mut Package<'_>, part: &str, book: &mut Book, budget: &Budget<'_>) -> Result<(), ReadError> {
    let mut s = String::new();
    pkg.xml(part, |x| {
        let (mut in_si, mut in_t, mut phonetic) = (false, false, 0u32);
        loop {
            let ev = x.next()?;
            match &ev {
                Event::Start(e) => match scan::local(e.name().into_inner()) {
                    "si" => {
                        in_si = true;
                        s.clear();
                    }
                    "rPh" => phonetic += 1,
                    "t" => in_t = in_si,
                    _ => {}
                },
                Event::Empty(e) if scan::local(e.name().into_inner()) == "si" => {
                    book.strings.push("")?;
                    budget.string(book.strings.len())?;
                }
                Event::End(e) => match scan::local(e.name().into_inner()) {
                    "si" => {
                        in_si = false;
                        book.strings.push(&unescape_ooxml(&s))?;
                        budget.string(book.strings.len())?;
                    }
                    "rPh" => phonetic = phonetic.saturating_sub(1),
                    "t" => in_t = false,
                    _ => {}
                },
                Event::Eof => return Ok(()),
                _ if in_t && phonetic == 0 => append_text(&ev, &mut s),
                _ => {}
            }
        }
    })?;
    Ok(())
}

/// How each cell style (`cellXfs`) shows numbers.
fn styles(pkg: &mut Package<'_>, part: &str) -> Result<Vec<crate::cells::Shown>, ReadError> {
    let mut custom: HashMap<u32, String> = HashMap::new();
    let mut xfs: Vec<u32> = Vec::new();
    pkg.xml(part, |x| {
        let mut in_xfs = false;
        loop {
            match x.next()? {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "numFmt" => {
                        if let (Some(id), Some(code)) =
                            (attr(&e, "numFmtId").and_then(|i| i.trim().parse().ok()), attr(&e, "formatCode"))
                        {
                            custom.insert(id, code);
                        }
                    }
                    "cellXfs" => in_xfs = true,
                    "xf" if in_xfs => {
                        xfs.push(attr(&e, "numFmtId").and_then(|i| i.trim().parse().ok()).unwrap_or(0));
                    }
                    _ => {}
                },
                Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_xfs = false,
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    })?;
    Ok(xfs.iter().map(|id| shown_of(*id, &custom)).collect())
}

/// The notes (comments) of a sheet: (row, column, text), sorted.
fn sheet_notes(
    pkg: &mut Package<'_>,
    part: &str,
    sheet: &str,
    budget: &mut Budget<'_>,
) -> Result<Vec<(u32, u32, String)>, ReadError> {
    let rels = relationships(pkg, part)?;
    let mut notes = Vec::new();
    for (ty, target) in rels.values() {
        if !ty.ends_with("/comments") {
            continue;
        }
        pkg.xml(target, |x| {
            let mut current: Option<(u32, u32, String)> = None;
            let mut in_t = false;
            loop {
                let ev = x.next()?;
                match &ev {
                    Event::Start(e) => match scan::local(e.name().into_inner()) {
                        "comment" => {
                            current = attr(e, "ref")
                                .and_then(|r| parse_ref(scan::trim(&r)))
                                .map(|(r, c)| (r, c, String::new()));
                        }
                        "t" => in_t = current.is_some(),
                        _ => {}
                    },
                    Event::End(e) => match scan::local(e.name().into_inner()) {
                        "comment" => {
                            if let Some((r, c, text)) = current.take() {
                                budget.cell(sheet)?;
                                notes.push((r, c, unescape_ooxml(&text).into_owned()));
                            }
                        }
                        "t" => in_t = false,
                        _ => {}
                    },
                    Event::Eof => return Ok(()),
                    _ if in_t => {
                        if let Some(c) = current.as_mut() {
                            append_text(&ev, &mut c.2);
                        }
                    }
                    _ => {}
                }
            }
        })?;
    }
    notes.sort_by_key(|n| (n.0, n.1));
    Ok(notes)
}

/// A cell being read: its place, style, type and which elements it had (their text is in
/// [`Texts`], kept from cell to cell so that reading a cell allocates nothing).
#[derive(Default)]
struct Pending {
    row: u32,
    col: u32,
    style: u32,
    ty: CellType,
    /// It has a `<v>` (its text in `Texts::value`).
    value: bool,
    /// It has an `<is>` (its text in `Texts::inline`).
    inline: bool,
    formula: bool,
}

/// The text of the cell being read: its `<v>` and its inline string.
#[derive(Default)]
struct Texts {
    value: String,
    inline: String,
}

/// The attributes `r`, `s` and `t` of an element, read in one pass (the first of each).
fn cell_attrs<'e>(e: &'e BytesStart<'_>) -> [Option<Cow<'e, str>>; 3] {
    let slot_of = |k: &str| match k.as_bytes() {
        [b'r'] => Some(0),
        [b's'] => Some(1),
        [b't'] => Some(2),
        _ => None,
    };
    let mut out = [None, None, None];
    if scan::attrs(e.attributes_raw(), |k, v| {
        if let Some(slot) = slot_of(k)
            && out[slot].is_none()
        {
            out[slot] = Some(Cow::Borrowed(v));
        }
    }) {
        return out;
    }
    let mut out = [None, None, None];
    for a in e.attributes().with_checks(false).flatten() {
        let slot = match a.key.as_ref() {
            "r" => 0,
            "s" => 1,
            "t" => 2,
            _ => continue,
        };
        if out[slot].is_none() {
            out[slot] = Some(a.value);
        }
    }
    out
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum CellType {
    #[default]
    Number,
    Shared,
    Str,
    Inline,
    Bool,
    Error,
    Date,
}

/// Where the text of a cell's elements goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Capture {
    None,
    Value,
    Formula,
    Inline,
}

/// One worksheet's cells (values, formulas, styles) and merged ranges, in one pass.
fn sheet_cells(
    x: &mut Xml<'_>,
    sheet: &str,
    shared: u32,
    book: &mut Book,
    budget: &mut Budget<'_>,
) -> Result<(Vec<RawCell>, Vec<Merge>), ReadError> {
    let mut cells: Vec<RawCell> = Vec::new();
    let mut merges: Vec<Merge> = Vec::new();
    let mut row: u32 = 0;
    let mut next_row: u32 = 0;
    let mut next_col: u32 = 0;
    let mut rows_seen: u32 = 0;
    let mut top_row: Option<u32> = None;
    let mut pending: Option<Pending> = None;
    let mut texts = Texts::default();
    let mut capture = Capture::None;
    let (mut in_t, mut phonetic) = (false, 0u32);
    let bad_ref = |r: &str| {
        corrupt(format!(
            "工作表“{sheet}”中的单元格引用“{}”超出 Excel 的范围(最多 1048576 行、16384 列)",
            r.chars().take(40).collect::<String>()
        ))
    };
    loop {
        let ev = x.next()?;
        let (e, empty) = match &ev {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                match scan::local(e.name().into_inner()) {
                    "c" => {
                        capture = Capture::None;
                        let Some(p) = pending.take() else { continue };
                        let value = cell_value(&p, &texts, shared, book)
                            .map_err(|why| corrupt(format!("{}{why}", at(sheet, p.row, p.col))))?;
                        if value == Value::Empty && !p.formula {
                            continue;
                        }
                        budget.cell(sheet)?;
                        if top_row.is_none_or(|t| p.row > t) {
                            top_row = Some(p.row);
                            rows_seen += 1;
                            if rows_seen > budget.limits.max_rows {
                                return Err(ReadError::TooManyRows {
                                    sheet: sheet.to_string(),
                                    limit: budget.limits.max_rows,
                                });
                            }
                        }
                        cells.push(RawCell {
                            row: p.row,
                            cell: Cell { col: p.col, style: p.style, value, formula: p.formula },
                        });
                    }
                    "v" | "f" | "is" => capture = Capture::None,
                    "t" => in_t = false,
                    "rPh" => phonetic = phonetic.saturating_sub(1),
                    _ => {}
                }
                continue;
            }
            Event::Eof => break,
            _ => {
                if let Some(p) = pending.as_mut() {
                    match capture {
                        Capture::Value => {
                            p.value = true;
                            append_text(&ev, &mut texts.value);
                        }
                        Capture::Inline if in_t && phonetic == 0 => {
                            p.inline = true;
                            append_text(&ev, &mut texts.inline);
                        }
                        _ => {}
                    }
                }
                continue;
            }
        };
        match scan::local(e.name().into_inner()) {
            "row" => {
                row = match raw_attr(e, "r") {
                    Some(r) => match scan::trim(&r).parse::<u32>() {
                        Ok(n) if (1..=super::MAX_ROW + 1).contains(&n) => n - 1,
                        _ => return Err(bad_ref(&format!("第 {r} 行"))),
                    },
                    None => next_row,
                };
                if row > super::MAX_ROW {
                    return Err(bad_ref(&format!("第 {} 行", u64::from(row) + 1)));
                }
                next_row = row + 1;
                next_col = 0;
            }
            "c" => {
                let [r_attr, s_attr, t_attr] = cell_attrs(e);
                let (r, c) = match r_attr {
                    Some(a) => parse_ref(scan::trim(&a)).ok_or_else(|| bad_ref(&a))?,
                    None => {
                        if next_col > super::MAX_COL {
                            return Err(bad_ref(&format!("第 {} 行第 {} 列", row + 1, next_col + 1)));
                        }
                        (row, next_col)
                    }
                };
                next_col = c + 1;
                pending = None;
                if empty {
                    // A styled blank: nothing to store.
                    continue;
                }
                let style = s_attr.and_then(|s| scan::trim(&s).parse().ok()).unwrap_or(0);
                let ty = match t_attr.as_deref() {
                    Some("s") => CellType::Shared,
                    Some("str") => CellType::Str,
                    Some("inlineStr") => CellType::Inline,
                    Some("b") => CellType::Bool,
                    Some("e") => CellType::Error,
                    Some("d") => CellType::Date,
                    _ => CellType::Number,
                };
                texts.value.clear();
                texts.inline.clear();
                pending = Some(Pending { row: r, col: c, style, ty, ..Pending::default() });
            }
            "v" => {
                if let Some(p) = pending.as_mut() {
                    p.value = true;
                    texts.value.clear();
                    capture = if empty { Capture::None } else { Capture::Value };
                }
            }
            "f" => {
                if let Some(p) = pending.as_mut() {
                    p.formula = true;
                    capture = if empty { Capture::None } else { Capture::Formula };
                }
            }
            "is" => {
                if let Some(p) = pending.as_mut() {
                    p.inline = true;
                    texts.inline.clear();
                    capture = if empty { Capture::None } else { Capture::Inline };
                }
            }
            "t" if capture == Capture::Inline => in_t = !empty,
            "rPh" if capture == Capture::Inline && !empty => phonetic += 1,
            "mergeCell" => {
                if let Some(m) = attr(e, "ref").and_then(|r| parse_range(r.trim())) {
                    merges.push(m);
                    if merges.len() as u64 > budget.limits.max_merged {
                        return Err(ReadError::Limit(format!(
                            "工作表“{sheet}”的合并单元格区域超过 {} 个(合并区域数上限)",
                            budget.limits.max_merged
                        )));
                    }
                }
            }
            _ => {}
        }
    }
    Ok((cells, merges))
}

/// A cell's value from its type and elements; an error says what is wrong with it.
fn cell_value(p: &Pending, texts: &Texts, shared: u32, book: &mut Book) -> Result<Value, String> {
    let push = |book: &mut Book, s: &str| book.strings.push(s).map_err(|e| e.to_string());
    if p.ty == CellType::Inline {
        return if p.inline { Ok(Value::Text(push(book, &unescape_ooxml(&texts.inline))?)) } else { Ok(Value::Empty) };
    }
    if !p.value {
        return Ok(Value::Empty);
    }
    let v = &texts.value;
    Ok(match p.ty {
        CellType::Shared => {
            let i: u32 = scan::trim(v).parse().map_err(|_| format!("的共享字符串序号“{}”无效", short(v)))?;
            if i >= shared {
                return Err(format!("引用了不存在的共享字符串(第 {i} 个,共 {shared} 个)"));
            }
            Value::Text(i)
        }
        CellType::Str | CellType::Inline => Value::Text(push(book, &unescape_ooxml(v))?),
        CellType::Bool => Value::Bool(matches!(scan::trim(v), "1" | "true" | "TRUE")),
        CellType::Error => Value::Error(push(book, scan::trim(v))?),
        CellType::Date => Value::DateIso(push(book, scan::trim(v))?),
        CellType::Number => {
            let t = scan::trim(v);
            if t.is_empty() {
                Value::Empty
            } else {
                match t.parse::<f64>() {
                    Ok(f) if f.is_finite() => Value::Number(f),
                    _ => return Err(format!("的数值“{}”无效", short(t))),
                }
            }
        }
    })
}

fn short(s: &str) -> String {
    let t: String = s.chars().take(30).collect();
    if t.len() < s.len() { format!("{t}…") } else { t }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ooxml_escapes() {
        assert_eq!(unescape_ooxml("a_x000D_b"), "a\rb");
        assert_eq!(unescape_ooxml("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape_ooxml("_x597D_"), "好");
        assert_eq!(unescape_ooxml("_xD83D__xDCF7_"), "📷");
        assert_eq!(unescape_ooxml("_x00ZZ_ 中"), "_x00ZZ_ 中");
        assert_eq!(unescape_ooxml("plain"), "plain");
    }

    #[test]
    fn a_cells_attributes_are_read_in_one_pass_the_first_of_each_kept() {
        let mut reader = Reader::from_str(r#"<c t="s" x:r="Z9" s="3" r="B5" r="C7" s="9"/>"#);
        let Ok(Event::Empty(e)) = reader.read_event() else { panic!("an empty element") };
        let [r, s, t] = cell_attrs(&e);
        assert_eq!((r.as_deref(), s.as_deref(), t.as_deref()), (Some("B5"), Some("3"), Some("s")));
        assert_eq!(raw_attr(&e, "r").as_deref(), Some("B5"));
        assert_eq!(raw_attr(&e, "s").as_deref(), Some("3"));
        // Not the plain `key="value"` form: read by quick-xml, with the same result.
        let mut reader = Reader::from_str(r#"<c r = "B5" t='s' s=3 s="4"/>"#);
        let Ok(Event::Empty(e)) = reader.read_event() else { panic!("an empty element") };
        let [r, s, t] = cell_attrs(&e);
        assert_eq!((r.as_deref(), s.as_deref(), t.as_deref()), (Some("B5"), Some("4"), Some("s")));
        assert_eq!(attr(&e, "r").as_deref(), Some("B5"));
        let mut reader = Reader::from_str(r#"<c r="A1"/>"#);
        let Ok(Event::Empty(e)) = reader.read_event() else { panic!("an empty element") };
        let [r, s, t] = cell_attrs(&e);
        assert_eq!((r.as_deref(), s, t), (Some("A1"), None, None));
    }

    #[test]
    fn targets_resolve_against_their_folder() {
        assert_eq!(resolve("xl", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl/worksheets", "../comments1.xml"), "xl/comments1.xml");
        assert_eq!(resolve("xl", "/xl/worksheets/sheet2.xml"), "xl/worksheets/sheet2.xml");
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
    }
}
