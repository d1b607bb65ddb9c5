//! The report as Markdown: headings, paragraphs, pipe tables.

use crate::model::{Block, Report};

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Renders a report as Markdown.
pub fn render(r: &Report) -> String {
    let mut out = format!("# {}\n\n", r.title);
    for (k, v) in &r.cover {
        out.push_str(&format!("{k}\u{ff1a}{v}  \n"));
    }
    out.push('\n');
    for b in &r.blocks {
        match b {
            Block::Heading { level, text } => {
                out.push_str(&format!("{} {text}\n\n", "#".repeat(usize::from(*level) + 1)));
            }
            Block::Para { text } => {
                out.push_str(text);
                out.push_str("\n\n");
            }
            Block::Note { text } => {
                out.push_str(&format!("> {text}\n\n"));
            }
            Block::Table(t) => {
                if let Some(c) = &t.caption {
                    out.push_str(&format!("{c}\n\n"));
                }
                if let Some(u) = &t.unit {
                    out.push_str(&format!("{u}\n\n"));
                }
                out.push_str(&format!("| {} |\n", t.header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | ")));
                out.push_str(&format!(
                    "|{}|\n",
                    t.numeric.iter().map(|n| if *n { " ---: " } else { " --- " }).collect::<Vec<_>>().join("|")
                ));
                for row in &t.rows {
                    out.push_str(&format!("| {} |\n", row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")));
                }
                out.push('\n');
            }
            Block::Chart(c) => {
                out.push_str(&crate::typography::fullwidth(&format!("图:{}(见 HTML、Word、PDF 版)\n\n", c.title)));
            }
        }
    }
    out
}
