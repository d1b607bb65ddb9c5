//! The CJK faces of the PDF and the charts, as data from the caller.
//!
//! This crate reads no font file and no environment variable: the caller gives the faces
//! ([`Fonts`], made from [`jixiao_fonts::bundled`] — jixiao's own 仿宋, 楷体 and 黑体 subsets —
//! or [`jixiao_fonts::find`], which puts the machine's official faces before them).

use std::path::Path;

pub use jixiao_fonts::{Face, FontData, Origin, Style};

/// The faces a PDF is set in and charts are drawn with, the preferred first within each style.
#[derive(Clone)]
pub struct Fonts {
    /// The faces, as given.
    pub faces: Vec<Face>,
    /// The faces as typst loaded them, once per set.
    #[cfg(feature = "pdf")]
    pub(crate) typst: std::sync::Arc<std::sync::OnceLock<crate::pdf::Loaded>>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts").field("faces", &self.faces).finish()
    }
}

impl Fonts {
    /// A set of faces, as given.
    pub fn new(faces: Vec<Face>) -> Fonts {
        Fonts {
            faces,
            #[cfg(feature = "pdf")]
            typst: std::sync::Arc::default(),
        }
    }

    /// The faces of a style, preferred first.
    pub fn of(&self, style: Style) -> impl Iterator<Item = &Face> {
        self.faces.iter().filter(move |f| f.style == style)
    }

    /// The face charts are drawn with: jixiao's own 黑体, whose family the charts name first,
    /// where it is given; else the first 黑体.
    pub fn chart_face(&self) -> Option<&Face> {
        self.of(Style::Hei).find(|f| f.origin == Origin::Bundled).or_else(|| self.of(Style::Hei).next())
    }

    /// The files of the machine in use (for messages).
    pub fn system_files(&self) -> Vec<&Path> {
        self.faces
            .iter()
            .filter_map(|f| match &f.origin {
                Origin::File(p) => Some(p.as_path()),
                Origin::Bundled => None,
            })
            .collect()
    }
}
