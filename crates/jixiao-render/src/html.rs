//! The report as one self-contained, printable HTML file (charts as inline SVG), through a
//! minijinja template with auto-escaping (`templates/report.html`). The page is well-formed
//! XML too (XHTML syntax), with no character XML cannot hold; a draft says 草稿 at the top of
//! the screen and of every printed page.

use minijinja::{AutoEscape, Environment, context};

use crate::model::Report;

/// The HTML template shipped with jixiao.
pub const TEMPLATE: &str = include_str!("../../../templates/report.html");

/// Renders a report as HTML.
pub fn render(r: &Report) -> String {
    let r = &*r.xml_safe();
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    // The shipped template is checked by this crate's tests: failing here is a bug.
    env.add_template("report.html", TEMPLATE).unwrap_or_else(|e| panic!("shipped HTML template: {e}"));
    let t = env.get_template("report.html").unwrap_or_else(|e| panic!("shipped HTML template: {e}"));
    t.render(context! { report => minijinja::value::Serde(with_grids(r)), draft_mark => crate::model::DRAFT_MARK })
        .unwrap_or_else(|e| panic!("shipped HTML template: {e}"))
}

/// The report as JSON with each table's body laid out with its merges (`grid`: rows of cells
/// with their `rows`, `cols`, `label` and `align`), as the HTML and PDF templates read it.
pub(crate) fn with_grids(r: &Report) -> serde_json::Value {
    // A report is plain data: turning it into JSON does not fail.
    let mut v = serde_json::to_value(r).unwrap_or_else(|e| panic!("report as JSON: {e}"));
    if let Some(blocks) = v.get_mut("blocks").and_then(|b| b.as_array_mut()) {
        for (json, block) in blocks.iter_mut().zip(&r.blocks) {
            if let crate::model::Block::Table(t) = block {
                json["grid"] = serde_json::to_value(t.grid()).unwrap_or_default();
            }
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    #[test]
    fn text_is_escaped_and_tables_are_laid_out() {
        let mut r = Report { title: "2024年度自评报告".into(), ..Default::default() };
        r.heading(1, "一、基本情况");
        r.para("<script>alert(1)</script> & 3 > 2");
        r.blocks.push(Block::Table(crate::model::Table {
            header: vec!["项目".into(), "预算数".into()],
            numeric: vec![false, true],
            rows: vec![vec!["合计".into(), "3325.83".into()]],
            ..Default::default()
        }));
        let html = render(&r);
        assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp; 3 &gt; 2"), "{html}");
        assert!(html.contains("<td class=\"num\">3325.83</td>"));
        assert!(html.contains("<h2>一、基本情况</h2>"));
    }
}
