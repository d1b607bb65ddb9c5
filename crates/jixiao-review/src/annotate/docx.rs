//! A DOCX copy with a Word comment (批注) anchored at each marked figure.
//!
//! The figure's place in the text maps back to the bytes of `word/document.xml` (the text
//! of `<w:t>` elements is the XML's bytes between markup). The run holding the figure's first
//! character is closed just before it and opened again with the same run properties after a
//! `commentRangeStart`; likewise at its end, followed by the run holding the
//! `commentReference`. The comments go to `word/comments.xml` (added, or appended to with new
//! ids), with its relationship and content type where missing. Every other part is copied
//! byte for byte.

use std::io::{Cursor, Read, Write};

use quick_xml::events::Event;

use super::{Annotated, Mark};

/// The most a part read from the DOCX may be (the reader's limit on the whole unzipped file).
const MAX_PART: u64 = jixiao_pipeline::limits::Limits::DEFAULT.max_unzipped_bytes;
const COMMENTS_TYPE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_CONTENT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const MAIN_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const AUTHOR: &str = "jixiao \u{590d}\u{6838}"; // jixiao 复核

/// A run's text element: the byte range of its content, the element's and its run's names,
/// and the run's properties (`<w:rPr>…</w:rPr>`) as written.
struct TextNode {
    content: std::ops::Range<usize>,
    t: String,
    r: String,
    rpr: Option<std::ops::Range<usize>>,
}

fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, String> {
    let Ok(f) = zip.by_name(name) else { return Ok(None) };
    let mut bytes = Vec::new();
    f.take(MAX_PART + 1).read_to_end(&mut bytes).map_err(|e| format!("{name} 无法解压({e})"))?;
    if bytes.len() as u64 > MAX_PART {
        return Err(format!("{name} 解压后超过上限"));
    }
    String::from_utf8(bytes).map(Some).map_err(|_| format!("{name} 不是 UTF-8"))
}

/// The text elements of runs of the WordprocessingML namespace prefix `prefix`, in order.
fn text_nodes(xml: &str, prefix: &str) -> Result<Vec<TextNode>, String> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut nodes = Vec::new();
    let mut rpr: Option<std::ops::Range<usize>> = None; // of the run open now
    let mut rpr_start: Option<usize> = None;
    let is = |name: &str, local: &str| name.strip_prefix(prefix).and_then(|n| n.strip_prefix(':')) == Some(local);
    loop {
        let before = usize::try_from(r.buffer_position()).unwrap_or(usize::MAX);
        let ev = r.read_event().map_err(|e| format!("word/document.xml 格式有误({e})"))?;
        let after = usize::try_from(r.buffer_position()).unwrap_or(usize::MAX);
        match ev {
            Event::Start(e) => {
                let name = e.name().into_inner().to_string();
                if is(&name, "r") {
                    rpr = None;
                }
                if is(&name, "rPr") && stack.last().is_some_and(|p| is(p, "r")) {
                    rpr_start = Some(before);
                }
                stack.push(name);
            }
            Event::Empty(e) => {
                let name = e.name().into_inner().to_string();
                if is(&name, "rPr") && stack.last().is_some_and(|p| is(p, "r")) {
                    rpr = Some(before..after);
                }
            }
            Event::End(_) => {
                if let Some(name) = stack.pop()
                    && is(&name, "rPr")
                    && let Some(start) = rpr_start.take()
                {
                    rpr = Some(start..after);
                }
            }
            Event::Text(_) => {
                let n = stack.len();
                if n >= 2 && is(&stack[n - 1], "t") && is(&stack[n - 2], "r") {
                    nodes.push(TextNode {
                        content: before..after,
                        t: stack[n - 1].clone(),
                        r: stack[n - 2].clone(),
                        rpr: rpr.clone(),
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(nodes)
}

/// The namespace prefix of WordprocessingML in a part (`w` nearly always).
fn main_prefix(xml: &str) -> Option<String> {
    let at = xml.find(&format!("=\"{MAIN_NS}\""))?;
    let decl = &xml[..at];
    let name = &decl[decl.rfind("xmlns")?..];
    name.strip_prefix("xmlns:").map(str::to_string)
}

fn escape(text: &str) -> String {
    jixiao_pipeline::report::model::escape_xml(text)
}

/// The part the document's comments relationship names, and whether the relationship exists.
fn comments_target(rels: &str) -> Option<String> {
    let at = rels.find(COMMENTS_TYPE)?;
    let start = rels[..at].rfind('<')?;
    let end = at + rels[at..].find('>')?;
    let rel = &rels[start..end];
    let t = rel.find("Target=\"")? + "Target=\"".len();
    let target = &rel[t..t + rel[t..].find('"')?];
    Some(match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("word/{target}"),
    })
}

/// The largest comment id in a comments part.
fn max_comment_id(comments: &str, prefix: &str) -> Option<u64> {
    let key = format!("{prefix}:id=\"");
    comments
        .match_indices(&key)
        .filter_map(|(at, _)| {
            let rest = &comments[at + key.len()..];
            rest[..rest.find('"')?].parse::<u64>().ok()
        })
        .max()
}

/// Inserts `text` just before the end of a part's root element (its closing tag; a root
/// written empty, `<w:comments … />`, is opened and closed around it).
fn before_root_end(xml: &str, text: &str) -> Option<String> {
    let body = xml.trim_end();
    if body.ends_with("/>") {
        let at = body.rfind('<')?;
        let tag = &body[at + 1..body.len() - 2];
        let name = tag.split(|c: char| c.is_whitespace() || c == '/').next().filter(|n| !n.is_empty())?;
        if body[..at].contains(&format!("<{name}")) || body[..at].contains("</") {
            return None;
        }
        return Some(format!("{}<{}>{text}</{name}>", &body[..at], tag.trim_end()));
    }
    let at = xml.rfind("</")?;
    Some(format!("{}{text}{}", &xml[..at], &xml[at..]))
}

pub(super) fn annotate(bytes: &[u8], text: &str, marks: &[Mark]) -> Result<Annotated, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("不是有效的 Word 文件({e})"))?;
    let xml = part(&mut zip, "word/document.xml")?.ok_or("缺少 word/document.xml")?;
    let (read, pieces) = jixiao_pipeline::document_xml_pieces(&xml).map_err(|e| e.to_string())?;
    if read.text != text {
        return Err("文件在复核之后已改动,未生成批注副本".into());
    }
    let prefix =
        main_prefix(&xml).ok_or("word/document.xml 没有使用带前缀的 WordprocessingML 命名空间,未生成批注副本")?;
    let nodes = text_nodes(&xml, &prefix)?;
    let rels_name = "word/_rels/document.xml.rels";
    let rels = part(&mut zip, rels_name)?.ok_or("缺少 word/_rels/document.xml.rels")?;
    let types = part(&mut zip, "[Content_Types].xml")?.ok_or("缺少 [Content_Types].xml")?;
    let target = comments_target(&rels);
    let comments_name = target.clone().unwrap_or_else(|| "word/comments.xml".to_string());
    let existing = part(&mut zip, &comments_name)?;
    let mut next_id =
        existing.as_deref().and_then(|c| max_comment_id(c, &main_prefix(c).unwrap_or("w".into()))).map_or(0, |m| m + 1);

    // The place in the XML of a byte of the text (`end`: the place just after the byte before it).
    let xml_at = |at: usize, end: bool| -> Option<usize> {
        let i = pieces.partition_point(|p| if end { p.text_at + p.len < at } else { p.text_at + p.len <= at });
        let p = pieces.get(i)?;
        let inside =
            if end { p.text_at < at && at <= p.text_at + p.len } else { p.text_at <= at && at < p.text_at + p.len };
        inside.then(|| p.xml_at + (at - p.text_at))
    };
    let node_at = |x: usize| {
        let i = nodes.partition_point(|n| n.content.end < x);
        nodes.get(i).filter(|n| n.content.start <= x && x <= n.content.end)
    };
    // A text element split in two keeps its blanks at the cut: `xml:space="preserve"` added to
    // its start tag where it has no attribute at all (`<w:t>`).
    let preserve = |n: &TextNode| {
        let tag = format!("<{}>", n.t);
        xml[..n.content.start]
            .ends_with(&tag)
            .then(|| (n.content.start - 1, 0u8, " xml:space=\"preserve\"".to_string()))
    };
    let reopen = |n: &TextNode| {
        let rpr = n.rpr.clone().map_or("", |r| &xml[r]);
        format!("<{r}>{rpr}<{t} xml:space=\"preserve\">", r = n.r, t = n.t)
    };
    let (mut edits, mut comments): (Vec<(usize, u8, String)>, String) = (Vec::new(), String::new());
    let mut missed = 0;
    for m in marks {
        let (Some(a), Some(b)) = (xml_at(m.span.start, false), xml_at(m.span.end, true)) else {
            missed += 1;
            continue;
        };
        let (Some(na), Some(nb)) = (node_at(a), node_at(b)) else {
            missed += 1;
            continue;
        };
        let id = next_id;
        next_id += 1;
        edits.extend(preserve(na));
        edits.extend(preserve(nb));
        let p = &prefix;
        edits.push((
            a,
            1,
            format!("</{t}></{r}><{p}:commentRangeStart {p}:id=\"{id}\"/>{}", reopen(na), t = na.t, r = na.r),
        ));
        edits.push((
            b,
            0,
            format!(
                "</{t}></{r}><{p}:commentRangeEnd {p}:id=\"{id}\"/><{r}><{p}:commentReference {p}:id=\"{id}\"/></{r}>{}",
                reopen(nb),
                t = nb.t,
                r = nb.r
            ),
        ));
        comments.push_str(&format!(
            "<w:comment w:id=\"{id}\" w:author=\"{AUTHOR}\" w:initials=\"JX\"><w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:comment>",
            escape(&m.note)
        ));
    }
    let placed = marks.len() - missed;
    if placed == 0 {
        return Ok(Annotated { bytes: bytes.to_vec(), placed, on_page: 0, missed });
    }
    edits.sort_by_key(|e| (e.0, e.1));
    edits.dedup();
    let mut doc = String::with_capacity(xml.len() + edits.iter().map(|e| e.2.len()).sum::<usize>());
    let mut at = 0;
    for (x, _, insert) in &edits {
        doc.push_str(&xml[at..*x]);
        doc.push_str(insert);
        at = *x;
    }
    doc.push_str(&xml[at..]);

    let comments_xml = match &existing {
        Some(c) => {
            // The new comments written with the `w` prefix declared on each.
            let own = comments.replace("<w:comment ", &format!("<w:comment xmlns:w=\"{MAIN_NS}\" "));
            before_root_end(c, &own).ok_or("批注部分格式有误")?
        }
        None => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"{MAIN_NS}\">{comments}</w:comments>"
        ),
    };
    let rels = if target.is_some() {
        rels
    } else {
        let rel = format!("<Relationship Id=\"rIdJixiaoComments\" Type=\"{COMMENTS_TYPE}\" Target=\"comments.xml\"/>");
        before_root_end(&rels, &rel).ok_or("word/_rels/document.xml.rels 格式有误")?
    };
    let part_name = format!("/{comments_name}");
    let types = if types.contains(&format!("PartName=\"{part_name}\"")) {
        types
    } else {
        let o = format!("<Override PartName=\"{part_name}\" ContentType=\"{COMMENTS_CONTENT}\"/>");
        before_root_end(&types, &o).ok_or("[Content_Types].xml 格式有误")?
    };

    let replaced: [(&str, &str); 4] = [
        ("word/document.xml", &doc),
        (rels_name, &rels),
        ("[Content_Types].xml", &types),
        (&comments_name, &comments_xml),
    ];
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let fail = |e: zip::result::ZipError| format!("写批注副本出错({e})");
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(fail)?;
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        if replaced.iter().any(|(n, _)| *n == name) {
            continue;
        }
        out.raw_copy_file(f).map_err(fail)?;
    }
    for (name, content) in replaced {
        out.start_file(name, options).map_err(fail)?;
        out.write_all(content.as_bytes()).map_err(|e| format!("写批注副本出错({e})"))?;
    }
    let bytes = out.finish().map_err(fail)?.into_inner();
    Ok(Annotated { bytes, placed, on_page: 0, missed })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            z.start_file(*name, zip::write::SimpleFileOptions::default()).expect("start");
            z.write_all(text.as_bytes()).expect("write");
        }
        z.finish().expect("finish").into_inner()
    }

    fn read_part(bytes: &[u8], name: &str) -> String {
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        part(&mut z, name).expect("part").unwrap_or_default()
    }

    #[test]
    fn a_figure_split_across_runs_is_commented_and_existing_comments_are_kept() {
        let body = format!(
            "<w:document xmlns:w=\"{MAIN_NS}\"><w:body><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>预算数 12</w:t></w:r>\
             <w:r><w:t>3.45 万元</w:t></w:r><w:commentRangeStart w:id=\"4\"/><w:r><w:t>&amp;</w:t></w:r>\
             <w:commentRangeEnd w:id=\"4\"/></w:p></w:body></w:document>"
        );
        let comments = format!(
            "<w:comments xmlns:w=\"{MAIN_NS}\"><w:comment w:id=\"4\" w:author=\"甲\"><w:p/></w:comment></w:comments>"
        );
        let rels = format!(
            "<Relationships xmlns=\"r\"><Relationship Id=\"rId7\" Type=\"{COMMENTS_TYPE}\" Target=\"comments.xml\"/></Relationships>"
        );
        let types = "<Types><Override PartName=\"/word/comments.xml\" ContentType=\"x\"/></Types>";
        let original = docx(&[
            ("[Content_Types].xml", types),
            ("word/document.xml", &body),
            ("word/_rels/document.xml.rels", &rels),
            ("word/comments.xml", &comments),
            ("word/media/a.bin", "any bytes"),
        ]);
        let read = jixiao_pipeline::read("a.docx", jixiao_pipeline::Input::Report(&original))
            .unwrap_or_else(|_| panic!("reads"));
        let at = read.text.find("123.45").expect("figure");
        let mark = Mark { span: at..at + "123.45".len(), note: "[A001] 合计 <不符>".into() };
        let copy = annotate(&original, &read.text, &[mark]).expect("annotated");
        assert_eq!((copy.placed, copy.missed), (1, 0));
        let doc = read_part(&copy.bytes, "word/document.xml");
        // The new comment is numbered after the one there, starts inside the first run (its
        // bold kept on the part reopened) and ends inside the second.
        assert!(
            doc.contains("<w:t xml:space=\"preserve\">预算数 </w:t></w:r><w:commentRangeStart w:id=\"5\"/><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">12</w:t>"),
            "{doc}"
        );
        assert!(doc.contains("<w:t xml:space=\"preserve\">3.45</w:t></w:r><w:commentRangeEnd w:id=\"5\"/><w:r><w:commentReference w:id=\"5\"/></w:r><w:r><w:t xml:space=\"preserve\"> 万元</w:t>"), "{doc}");
        let comments = read_part(&copy.bytes, "word/comments.xml");
        assert!(comments.contains("w:author=\"甲\"") && comments.contains("w:id=\"5\""), "{comments}");
        assert!(comments.contains("[A001] 合计 &lt;不符&gt;"), "{comments}");
        // Nothing added twice; other parts copied as they were.
        assert_eq!(read_part(&copy.bytes, "word/_rels/document.xml.rels"), rels);
        assert_eq!(read_part(&copy.bytes, "[Content_Types].xml"), types);
        assert_eq!(read_part(&copy.bytes, "word/media/a.bin"), "any bytes");
        let again = jixiao_pipeline::read("b.docx", jixiao_pipeline::Input::Report(&copy.bytes))
            .unwrap_or_else(|_| panic!("rereads"));
        assert_eq!(again.text, read.text);
    }

    #[test]
    fn a_changed_or_broken_file_is_refused_with_a_reason() {
        let mark = Mark { span: 0..3, note: "x".into() };
        assert!(annotate(b"PK\x03\x04 broken", "abc", std::slice::from_ref(&mark)).is_err());
        let body = format!(
            "<w:document xmlns:w=\"{MAIN_NS}\"><w:body><w:p><w:r><w:t>abc</w:t></w:r></w:p></w:body></w:document>"
        );
        let d = docx(&[("word/document.xml", &body)]);
        let e = annotate(&d, "abd\n", &[mark]).expect_err("changed");
        assert!(e.contains("改动"), "{e}");
    }

    #[test]
    fn finds_the_prefix_the_comments_part_and_the_largest_id() {
        let xml = format!("<w:document xmlns:wpc=\"x\" xmlns:w=\"{MAIN_NS}\">");
        assert_eq!(main_prefix(&xml).as_deref(), Some("w"));
        let rels = format!(
            "<Relationships><Relationship Id=\"r9\" Type=\"{COMMENTS_TYPE}\" Target=\"notes.xml\"/></Relationships>"
        );
        assert_eq!(comments_target(&rels).as_deref(), Some("word/notes.xml"));
        assert_eq!(max_comment_id("<w:comment w:id=\"3\"/><w:comment w:id=\"12\"/>", "w"), Some(12));
        assert_eq!(
            before_root_end("<?xml?><a:c x=\"1\" />", "<n/>").as_deref(),
            Some("<?xml?><a:c x=\"1\"><n/></a:c>")
        );
        assert_eq!(before_root_end("<a:c><o/></a:c>", "<n/>").as_deref(), Some("<a:c><o/><n/></a:c>"));
    }
}
