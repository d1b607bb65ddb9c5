//! A PDF copy with a highlight annotation over each marked figure, its note the finding.
//!
//! The figure's page is the page its place in the text falls on (where each page starts in
//! the text). On that page the characters are laid out in reading order as the reader lays
//! them out (rows from the top, left to right); the figure's characters (blanks aside) are
//! found among them — the same occurrence as in the page's text — and their boxes, row by
//! row, make the highlight's quadrilaterals. A figure whose characters cannot be found on its
//! page gets a note (a text annotation) at the top of the page instead.

#![allow(clippy::float_arithmetic)] // page geometry in points, not money

use pdf_oxide::document::PdfDocument;
use pdf_oxide::editor::DocumentEditor;
use pdf_oxide::geometry::Rect;
use pdf_oxide::writer::{TextAnnotation, TextMarkupAnnotation};

use super::{Annotated, Mark};

const AUTHOR: &str = "jixiao \u{590d}\u{6838}"; // jixiao 复核

/// A character on the page with its box in the page's own space (points; `y` the bottom,
/// larger is higher).
#[derive(Clone, Copy)]
struct Placed {
    c: char,
    x0: f32,
    x1: f32,
    y0: f32,
    y1: f32,
}

/// The page's characters in reading order, blanks left out: frame by frame as the reader reads
/// them, rows from the top, left to right, as `layout_rows` orders the same words.
fn page_chars(doc: &PdfDocument, page: usize) -> Vec<Placed> {
    let Ok(frames) = jixiao_pipeline::pdf_page_frames(doc, page) else { return Vec::new() };
    let mut out = Vec::new();
    for frame in frames {
        let mut words = frame.words;
        words.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
        let mut rows: Vec<Vec<jixiao_pipeline::PlacedWord>> = Vec::new();
        for w in words {
            match rows.last_mut() {
                Some(row) if (row[0].y - w.y).abs() <= row[0].h.min(w.h) * 0.45 => row.push(w),
                _ => rows.push(vec![w]),
            }
        }
        for mut row in rows {
            row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            for w in row {
                let chars = frame.chars.get(w.first..w.first + w.len).unwrap_or_default();
                out.extend(chars.iter().map(|c| Placed {
                    c: c.c,
                    x0: c.raw[0],
                    y0: c.raw[1],
                    x1: c.raw[2],
                    y1: c.raw[3],
                }));
            }
        }
    }
    out
}

/// Characters without blanks.
fn solid(text: &str) -> Vec<char> {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Where `needle` occurs in `hay`, in order.
fn occurrences(hay: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return Vec::new();
    }
    (0..=hay.len() - needle.len()).filter(|&i| hay[i..i + needle.len()] == *needle).collect()
}

/// The highlight over some characters: one quadrilateral per row they are on.
fn highlight(chars: &[Placed], note: &str) -> TextMarkupAnnotation {
    let mut quads: Vec<[f64; 8]> = Vec::new();
    let mut rows: Vec<Placed> = Vec::new();
    for c in chars {
        match rows.last_mut() {
            Some(r) if (c.y0 + c.y1 - r.y0 - r.y1).abs() / 2.0 < (r.y1 - r.y0).max(1.0) * 0.5 => {
                r.x0 = r.x0.min(c.x0);
                r.x1 = r.x1.max(c.x1);
                r.y0 = r.y0.min(c.y0);
                r.y1 = r.y1.max(c.y1);
            }
            _ => rows.push(*c),
        }
    }
    for r in &rows {
        let (x0, x1, y0, y1) = (f64::from(r.x0), f64::from(r.x1), f64::from(r.y0), f64::from(r.y1));
        quads.push([x0, y1, x1, y1, x0, y0, x1, y0]);
    }
    let x0 = rows.iter().map(|r| r.x0).fold(f32::MAX, f32::min);
    let x1 = rows.iter().map(|r| r.x1).fold(f32::MIN, f32::max);
    let y0 = rows.iter().map(|r| r.y0).fold(f32::MAX, f32::min);
    let y1 = rows.iter().map(|r| r.y1).fold(f32::MIN, f32::max);
    TextMarkupAnnotation::highlight(Rect::new(x0, y0, x1 - x0, y1 - y0), quads)
        .with_contents(note)
        .with_author(AUTHOR)
        .with_subject("jixiao")
}

/// What to add to a page.
enum Add {
    Highlight(TextMarkupAnnotation),
    Note(String),
}

pub(super) fn annotate(bytes: &[u8], text: &str, page_starts: &[usize], marks: &[Mark]) -> Result<Annotated, String> {
    let doc = PdfDocument::from_bytes(bytes.to_vec()).map_err(|e| format!("PDF 无法重新打开({e})"))?;
    if doc.is_encrypted() {
        return Err("PDF 已加密,未生成批注副本".into());
    }
    let pages = doc.page_count().map_err(|e| format!("PDF 的页面无法读取({e})"))?;
    if page_starts.len() != pages {
        return Err("文件在复核之后已改动,未生成批注副本".into());
    }
    let mut adds: Vec<(usize, Add)> = Vec::new();
    let mut chars_of: std::collections::HashMap<usize, Vec<Placed>> = std::collections::HashMap::new();
    let (mut placed, mut on_page, mut missed) = (0, 0, 0);
    for m in marks {
        let page = page_starts.partition_point(|p| *p <= m.span.start).max(1) - 1;
        let start = page_starts[page];
        let end = page_starts.get(page + 1).copied().unwrap_or(text.len());
        let (Some(before), Some(figure)) = (text.get(start..m.span.start), text.get(m.span.clone())) else {
            missed += 1;
            continue;
        };
        if m.span.end > end {
            missed += 1;
            continue;
        }
        let needle = solid(figure);
        // Which occurrence on its page (by the page's text up to the figure).
        let page_text = text.get(start..end).unwrap_or_default();
        let nth = occurrences(&solid(page_text), &needle).iter().filter(|&&i| i < solid(before).len()).count();
        let chars = chars_of.entry(page).or_insert_with(|| page_chars(&doc, page));
        let letters: Vec<char> = chars.iter().map(|c| c.c).collect();
        let found = occurrences(&letters, &needle);
        match found.get(nth).or(found.last()) {
            Some(&i) => {
                adds.push((page, Add::Highlight(highlight(&chars[i..i + needle.len()], &m.note))));
                placed += 1;
            }
            None => {
                adds.push((page, Add::Note(m.note.clone())));
                on_page += 1;
            }
        }
    }
    if adds.is_empty() {
        return Ok(Annotated { bytes: bytes.to_vec(), placed, on_page, missed });
    }
    let mut editor = DocumentEditor::from_bytes(bytes.to_vec()).map_err(|e| format!("PDF 无法打开以添加批注({e})"))?;
    let mut by_page: std::collections::BTreeMap<usize, Vec<Add>> = std::collections::BTreeMap::new();
    for (page, add) in adds {
        by_page.entry(page).or_default().push(add);
    }
    for (page, list) in by_page {
        let [llx, lly, urx, ury] = editor.get_page_media_box(page).unwrap_or([0.0, 0.0, 595.0, 842.0]);
        let _ = (llx, lly);
        editor
            .edit_page(page, |p| {
                for (k, add) in list.into_iter().enumerate() {
                    match add {
                        Add::Highlight(h) => {
                            p.add_annotation(h);
                        }
                        Add::Note(note) => {
                            let x = urx - 40.0;
                            let y = ury - 40.0 - 24.0 * (k % 20) as f32;
                            p.add_annotation(
                                TextAnnotation::new(Rect::new(x, y, 20.0, 20.0), note).with_author(AUTHOR),
                            );
                        }
                    }
                }
                Ok(())
            })
            .map_err(|e| format!("PDF 第 {} 页无法添加批注({e})", page + 1))?;
    }
    let out = editor.save_to_bytes().map_err(|e| format!("写 PDF 批注副本出错({e})"))?;
    Ok(Annotated { bytes: out, placed, on_page, missed })
}
