//! A document's page count, only where the file itself tells it: a PDF's page tree, the
//! count Word stored in a DOCX (`docProps/app.xml`, `<Pages>`), or the form feeds that split
//! a text file into pages. Nothing is guessed from the length of the text.

use std::io::{Cursor, Read};

/// The most `docProps/app.xml` read (1 MiB): the count is near its start.
const MAX_APP_XML: u64 = 1024 * 1024;

/// How many pages a document has, and where the count comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pages {
    /// The pages of a PDF.
    Pdf(usize),
    /// The count Word (or the program that saved the DOCX) stored in `docProps/app.xml`:
    /// what it counted when it last laid the document out, not measured by jixiao.
    WordStored(usize),
    /// Pages of a text file separated by form feeds (`\f`).
    FormFeeds(usize),
}

impl Pages {
    /// The count.
    pub fn count(self) -> usize {
        match self {
            Pages::Pdf(n) | Pages::WordStored(n) | Pages::FormFeeds(n) => n,
        }
    }

    /// Where the count comes from, in Chinese.
    pub fn source_zh(self) -> &'static str {
        match self {
            Pages::Pdf(_) => "PDF 页数",
            Pages::WordStored(_) => "Word 文件中保存的页数",
            Pages::FormFeeds(_) => "按文本中的分页符计",
        }
    }

    /// Where the count comes from, as a name for programs.
    pub fn source(self) -> &'static str {
        match self {
            Pages::Pdf(_) => "pdf",
            Pages::WordStored(_) => "docx_app_xml",
            Pages::FormFeeds(_) => "form_feeds",
        }
    }
}

/// The pages of a text split by form feeds; `None` without any. A form feed at the very end
/// (after the last page) opens no page.
pub fn form_feed_pages(text: &str) -> Option<Pages> {
    if !text.contains('\u{c}') {
        return None;
    }
    let mut parts: Vec<&str> = text.split('\u{c}').collect();
    if parts.len() > 1 && parts.last().is_some_and(|p| p.trim().is_empty()) {
        parts.pop();
    }
    Some(Pages::FormFeeds(parts.len()))
}

/// The page count stored in a DOCX's `docProps/app.xml`, if it has one (a positive whole
/// number in `<Pages>`); `None` when the part or the element is missing or unreadable.
pub fn docx_stored_pages(bytes: &[u8]) -> Option<Pages> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let part = zip.by_name("docProps/app.xml").ok()?;
    let mut xml = Vec::new();
    part.take(MAX_APP_XML).read_to_end(&mut xml).ok()?;
    app_xml_pages(std::str::from_utf8(&xml).ok()?)
}

/// The `<Pages>` of an extended-properties part (any namespace prefix).
fn app_xml_pages(xml: &str) -> Option<Pages> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    let mut depth = 0usize;
    let mut in_pages = false;
    loop {
        match r.read_event().ok()? {
            Event::Start(e) => {
                depth += 1;
                // Only the child of the root element: never a count inside another property.
                in_pages = depth == 2 && e.local_name().as_ref() == "Pages";
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                in_pages = false;
            }
            Event::Text(t) if in_pages => {
                let s = t.xml10_content().trim().to_string();
                let n: usize = s.parse().ok()?;
                return (n > 0).then_some(Pages::WordStored(n));
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_feeds_split_pages_and_a_final_one_opens_none() {
        assert_eq!(form_feed_pages("第一页\n\u{c}第二页\n\u{c}第三页"), Some(Pages::FormFeeds(3)));
        assert_eq!(form_feed_pages("第一页\u{c}第二页\u{c}\n"), Some(Pages::FormFeeds(2)));
        assert_eq!(form_feed_pages("没有分页符的文本"), None);
    }

    #[test]
    fn the_pages_word_stored_are_read_from_app_xml() {
        let xml = "<?xml version=\"1.0\"?><Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Template>Normal.dotm</Template><TotalTime>3</TotalTime><Pages>7</Pages><Words>1200</Words></Properties>";
        assert_eq!(app_xml_pages(xml), Some(Pages::WordStored(7)));
        let prefixed = "<ep:Properties xmlns:ep=\"x\"><ep:Pages> 12 </ep:Pages></ep:Properties>";
        assert_eq!(app_xml_pages(prefixed), Some(Pages::WordStored(12)));
        assert_eq!(app_xml_pages("<Properties><Words>10</Words></Properties>"), None);
        assert_eq!(app_xml_pages("<Properties><Pages>很多</Pages></Properties>"), None);
        assert_eq!(app_xml_pages("<Properties><Pages>0</Pages></Properties>"), None);
    }

    #[test]
    fn a_docx_without_app_xml_has_no_page_count() {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let o = zip::write::SimpleFileOptions::default();
            w.start_file("word/document.xml", o).unwrap();
            std::io::Write::write_all(&mut w, b"<w:document/>").unwrap();
            w.finish().unwrap();
        }
        assert_eq!(docx_stored_pages(buf.get_ref()), None);
        let mut buf2 = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf2);
            let o = zip::write::SimpleFileOptions::default();
            w.start_file("docProps/app.xml", o).unwrap();
            std::io::Write::write_all(&mut w, b"<Properties><Pages>3</Pages></Properties>").unwrap();
            w.finish().unwrap();
        }
        assert_eq!(docx_stored_pages(buf2.get_ref()), Some(Pages::WordStored(3)));
    }
}
