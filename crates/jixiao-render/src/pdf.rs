//! The report as PDF, typeset by typst used as a library (`templates/report.typ`) after
//! GB/T 9704: 仿宋 body text, 黑体 level-1 and 楷体 level-2 headings, 22 lines of 28
//! characters on a page. The faces come from the caller as data ([`crate::fonts::Fonts`]: the
//! machine's official faces where it has them, jixiao's own subsets otherwise) and are embedded
//! as subsets. The report goes to the template as JSON data, never as markup.

use typst::foundations::{Bytes, Dict, IntoValue};
use typst::text::Font;
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

use crate::RenderError;
use crate::fonts::{Fonts, Style};
use crate::model::Report;

/// The typst template shipped with jixiao.
pub const TEMPLATE: &str = include_str!("../../../templates/report.typ");

/// A set of faces as typst loaded them, and the family names the template asks for, by style.
pub(crate) struct Loaded {
    fonts: Vec<Font>,
    families: serde_json::Value,
}

/// The family to ask for: the Simplified-Chinese face of a collection where there is one.
fn family(fonts: &[Font]) -> Option<String> {
    let names: Vec<String> = fonts.iter().map(|f| f.info().family.clone()).collect();
    names.iter().find(|n| n.ends_with(" SC")).or_else(|| names.first()).cloned()
}

fn load(set: &Fonts) -> Loaded {
    let mut fonts = Vec::new();
    let mut by_style: Vec<(Style, String)> = Vec::new();
    for face in &set.faces {
        let loaded: Vec<Font> = Font::iter(Bytes::new(face.data.clone())).collect();
        if let Some(name) = family(&loaded)
            && !by_style.iter().any(|(s, n)| *s == face.style && *n == name)
        {
            by_style.push((face.style, name));
        }
        fonts.extend(loaded);
    }
    let names = |styles: &[Style]| -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for s in styles {
            for (style, name) in &by_style {
                if style == s && !v.contains(name) {
                    v.push(name.clone());
                }
            }
        }
        v
    };
    // Each style falls back to the others for a character it lacks (朱雀仿宋 has no ①), then
    // to the machine's other CJK face (characters outside GB 2312).
    use Style::*;
    let families = serde_json::json!({
        "fangsong": names(&[Fangsong, Hei, Kai, Fallback]),
        "kai": names(&[Kai, Fangsong, Hei, Fallback]),
        "hei": names(&[Hei, Fangsong, Kai, Fallback]),
        "title": names(&[Title, Hei, Fangsong, Fallback]),
    });
    Loaded { fonts, families }
}

/// Renders a report as PDF bytes, set in `fonts`.
pub fn render(r: &Report, fonts: &Fonts) -> Result<Vec<u8>, RenderError> {
    let loaded = fonts.typst.get_or_init(|| load(fonts));
    if loaded.fonts.is_empty() {
        return Err(RenderError::Font("没有可用的中文字体".into()));
    }
    let r = r.xml_safe();
    // Charts go in as the PNGs drawn for Word, named `chart-N.png`: an SVG's labels would be
    // set as text, and a reader (or jixiao's own audit) would take the axis labels for
    // figures of the report.
    let mut report = crate::html::with_grids(&r);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    if let Some(blocks) = report.get_mut("blocks").and_then(|b| b.as_array_mut()) {
        for (json, block) in blocks.iter_mut().zip(&r.blocks) {
            if let crate::model::Block::Chart(c) = block
                && let Some(png) = &c.png
            {
                let name = format!("chart-{}.png", files.len() + 1);
                json["file"] = serde_json::Value::String(name.clone());
                files.push((name, png.clone()));
            }
        }
    }
    let data = serde_json::json!({
        "report": report,
        "fonts": loaded.families,
        "draft_mark": crate::model::DRAFT_MARK,
    });
    let mut inputs = Dict::new();
    inputs.insert("data".into(), data.to_string().into_value());
    let engine = TypstEngine::builder()
        .main_file(TEMPLATE)
        .fonts(loaded.fonts.iter().cloned())
        .with_static_file_resolver(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())))
        .build();
    let doc: PagedDocument = engine.compile_with_input(inputs).output.map_err(|e| RenderError::Pdf(describe(&e)))?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom("jixiao-report".into()),
        creator: typst::foundations::Smart::Custom(Some("jixiao".into())),
        ..Default::default()
    };
    typst_pdf::pdf(&doc, &options)
        .map_err(|e| RenderError::Pdf(e.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join(";")))
}

fn describe(e: &typst_as_lib::TypstAsLibError) -> String {
    match e {
        typst_as_lib::TypstAsLibError::TypstSource(diags) => {
            diags.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join(";")
        }
        other => other.to_string(),
    }
}
