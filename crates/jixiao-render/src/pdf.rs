//! The report as PDF, typeset by typst used as a library (`templates/report.typ`), with the
//! Chinese text set in the CJK fonts found on this machine ([`crate::fonts`]) and embedded as
//! subsets. The report goes to the template as JSON data, never as markup.

use std::sync::OnceLock;

use typst::foundations::{Dict, IntoValue};
use typst::text::Font;
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

use crate::RenderError;
use crate::model::Report;

/// The typst template shipped with jixiao.
pub const TEMPLATE: &str = include_str!("../../../templates/report.typ");

/// The loaded faces and the family names the template uses.
struct Loaded {
    fonts: Vec<Font>,
    serif: String,
    sans: String,
    kai: Option<String>,
}

fn load_file(path: &std::path::Path) -> Vec<Font> {
    std::fs::read(path).map(|data| Font::iter(typst::foundations::Bytes::new(data)).collect()).unwrap_or_default()
}

/// The family to ask for: the Simplified-Chinese face of a collection where there is one.
fn family(fonts: &[Font]) -> Option<String> {
    let names: Vec<String> = fonts.iter().map(|f| f.info().family.clone()).collect();
    names.iter().find(|n| n.ends_with(" SC")).or_else(|| names.first()).cloned()
}

/// The bold sibling of a regular face file (`…-Regular.ttc` → `…-Bold.ttc`), if any.
fn bold_sibling(path: &std::path::Path) -> Option<std::path::PathBuf> {
    let name = path.file_name()?.to_str()?;
    let bold = name.replace("Regular", "Bold");
    (bold != name).then(|| path.with_file_name(bold)).filter(|p| p.exists())
}

fn loaded() -> Result<&'static Loaded, RenderError> {
    static LOADED: OnceLock<Option<Loaded>> = OnceLock::new();
    LOADED
        .get_or_init(|| {
            let found = crate::fonts::find();
            let serif_path = found.serif.as_ref().or(found.sans.as_ref())?;
            let sans_path = found.sans.as_ref().unwrap_or(serif_path);
            let serif_fonts = load_file(serif_path);
            let sans_fonts = if sans_path == serif_path { Vec::new() } else { load_file(sans_path) };
            let kai_fonts = found.kai.as_deref().map(load_file).unwrap_or_default();
            let serif = family(&serif_fonts)?;
            let sans = family(&sans_fonts).unwrap_or_else(|| serif.clone());
            let kai = family(&kai_fonts);
            let mut fonts = serif_fonts;
            fonts.extend(sans_fonts);
            fonts.extend(kai_fonts);
            for p in [Some(serif_path), Some(sans_path)].into_iter().flatten().filter_map(|p| bold_sibling(p)) {
                fonts.extend(load_file(&p));
            }
            Some(Loaded { fonts, serif, sans, kai })
        })
        .as_ref()
        .ok_or_else(|| RenderError::Font(crate::fonts::missing_message()))
}

/// Renders a report as PDF bytes.
pub fn render(r: &Report) -> Result<Vec<u8>, RenderError> {
    let fonts = loaded()?;
    // Charts go in as the PNGs drawn for Word, named `chart-N.png`: an SVG's labels would be
    // set as text, and a reader (or jixiao's own audit) would take the axis labels for
    // figures of the report.
    let mut report = serde_json::to_value(r).map_err(|e| RenderError::Pdf(e.to_string()))?;
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
        "fonts": { "serif": fonts.serif, "sans": fonts.sans, "kai": fonts.kai },
    });
    let mut inputs = Dict::new();
    inputs.insert("data".into(), data.to_string().into_value());
    let engine = TypstEngine::builder()
        .main_file(TEMPLATE)
        .fonts(fonts.fonts.iter().cloned())
        .with_static_file_resolver(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())))
        .build();
    let doc: PagedDocument = engine.compile_with_input(inputs).output.map_err(|e| RenderError::Pdf(describe(&e)))?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom("jixiao-report".into()),
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
