//! Charts of the budget table, drawn by jixiao as SVG (for HTML and the report's JSON) and
//! turned into PNG (for Word and PDF) by resvg through charts-rs, in the 黑体 the caller gives
//! ([`crate::fonts::Fonts::chart_face`], registered the first time a chart is drawn with it;
//! no file is read).
//!
//! Both are horizontal bar charts, one row per functional class, each bar labelled with its
//! figure as the table prints it (`3127.20`, `90.83%`): when one class takes 90% of the
//! spending, the small ones stay readable as figures beside their short bars, where a pie's
//! slices would be slivers with overlapping labels.
//!
//! - 各功能科目预算数与决算数 (万元): two bars a class, with a legend of coloured boxes;
//! - 支出结构 (决算数占总支出的比重, %): one bar a class.

use jixiao_core::record::BudgetTable;

use crate::fonts::Fonts;
use crate::model::{Block, Chart, escape_xml};

/// One row of a chart: its label and, per series, the bar's length and the figure printed.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub label: String,
    pub values: Vec<(f64, String)>,
}

/// The colours of the series (distinct in grey too: dark blue, light orange).
const COLOURS: [&str; 2] = ["#3b6ea5", "#f0a04b"];
const FONT: &str = "'Jixiao Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', SimHei, sans-serif";
const WIDTH: u32 = 720;

/// The top of a value axis from 0 and its number of steps: steps of 1, 2 or 5 times a power
/// of ten, at most eight of them.
#[allow(clippy::float_arithmetic, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub(crate) fn nice_axis(top: f64) -> (f64, usize) {
    if !top.is_finite() || top <= 0.0 {
        return (1.0, 1);
    }
    let mut magnitude = 10f64.powi(top.log10().floor() as i32 - 1);
    loop {
        for m in [1.0, 2.0, 5.0] {
            let step = m * magnitude;
            let n = (top / step).ceil().max(1.0);
            if n <= 8.0 {
                // Rounded to a millionth: 6 × 0.1 is 0.6, not 0.6000000000000001.
                return ((n * step * 1e6).round() / 1e6, n as usize);
            }
        }
        magnitude *= 10.0;
    }
}

/// A tick's label: whole numbers with thousands separators (`1,500`), or the decimals the step needs.
#[allow(clippy::float_arithmetic, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn tick_label(v: f64, step: f64) -> String {
    if step >= 1.0 {
        let n = v.round() as u64;
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    } else {
        let decimals = (-step.log10().floor()) as usize;
        format!("{v:.decimals$}")
    }
}

/// The width of text in pixels, near enough for laying out: a Chinese character is one em,
/// a figure or Latin letter a little over half.
#[allow(clippy::float_arithmetic)]
fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(|c| if c.is_ascii() { 0.56 } else { 1.0 }).sum::<f64>() * size
}

/// A horizontal bar chart: `title` on top, a legend of boxes when there are several series,
/// one group of bars a row, each bar with its figure at its end, a value axis from 0 below.
/// Returns the SVG and its height (the width is [`WIDTH`]).
#[allow(clippy::float_arithmetic, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub(crate) fn bar_chart(title: &str, series: &[&str], rows: &[Row]) -> (String, u32) {
    const BAR: f64 = 15.0;
    const GAP: f64 = 3.0;
    const GROUP_GAP: f64 = 14.0;
    const LABEL: f64 = 13.0;
    let w = f64::from(WIDTH);
    let legend = series.len() > 1;
    let top = if legend { 70.0 } else { 48.0 };
    let n = series.len().max(1) as f64;
    let group = n * BAR + (n - 1.0) * GAP;
    let plot_h = rows.len() as f64 * (group + GROUP_GAP);
    let h = (top + plot_h + 36.0).ceil();
    let left = rows.iter().map(|r| text_width(&r.label, LABEL)).fold(0.0, f64::max) + 24.0;
    let value_room =
        rows.iter().flat_map(|r| r.values.iter().map(|(_, s)| text_width(s, LABEL))).fold(0.0, f64::max) + 14.0;
    let plot_w = (w - left - value_room - 12.0).max(100.0);
    let max = rows.iter().flat_map(|r| r.values.iter().map(|(v, _)| *v)).fold(0.0, f64::max);
    let (axis_max, splits) = nice_axis(max);
    let step = axis_max / splits as f64;
    let x = |v: f64| left + plot_w * (v.max(0.0) / axis_max);

    let mut s = String::new();
    s.push_str(&format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{h}" viewBox="0 0 {WIDTH} {h}" font-family="{FONT}"><rect width="100%" height="100%" fill="#ffffff"/><text x="{}" y="30" font-size="17" text-anchor="middle" fill="#222222">{}</text>"##,
        w / 2.0,
        escape_xml(title)
    ));
    if legend {
        let widths: Vec<f64> = series.iter().map(|s| 12.0 + 6.0 + text_width(s, LABEL) + 18.0).collect();
        let mut lx = w - 12.0 - widths.iter().sum::<f64>();
        for (i, name) in series.iter().enumerate() {
            s.push_str(&format!(
            r##"<rect x="{lx}" y="44" width="12" height="12" fill="{}"/><text x="{}" y="54.5" font-size="{LABEL}" fill="#333333">{}</text>"##,
                COLOURS[i % COLOURS.len()],
                lx + 18.0,
                escape_xml(name)
            ));
            lx += widths[i];
        }
    }
    // Grid lines and the value axis.
    for i in 0..=splits {
        let v = step * i as f64;
        let gx = x(v);
        s.push_str(&format!(
            r##"<line x1="{gx}" y1="{top}" x2="{gx}" y2="{}" stroke="{}" stroke-width="1"/><text x="{gx}" y="{}" font-size="11" text-anchor="middle" fill="#666666">{}</text>"##,
            top + plot_h,
            if i == 0 { "#888888" } else { "#e3e3e3" },
            top + plot_h + 16.0,
            tick_label(v, step)
        ));
    }
    for (ri, row) in rows.iter().enumerate() {
        let gy = top + GROUP_GAP / 2.0 + ri as f64 * (group + GROUP_GAP);
        s.push_str(&format!(
            r##"<text x="{}" y="{}" font-size="{LABEL}" text-anchor="end" fill="#222222">{}</text>"##,
            left - 10.0,
            gy + group / 2.0 + LABEL * 0.36,
            escape_xml(&row.label)
        ));
        for (si, (v, label)) in row.values.iter().enumerate() {
            let by = gy + si as f64 * (BAR + GAP);
            let bw = (x(*v) - left).max(if *v > 0.0 { 1.0 } else { 0.0 });
            s.push_str(&format!(
            r##"<rect x="{left}" y="{by}" width="{bw}" height="{BAR}" fill="{}"/><text x="{}" y="{}" font-size="{LABEL}" fill="#222222">{}</text>"##,
                COLOURS[si % COLOURS.len()],
                left + bw + 5.0,
                by + BAR / 2.0 + LABEL * 0.36,
                escape_xml(label)
            ));
        }
    }
    s.push_str("</svg>");
    (s, h as u32)
}

#[cfg(feature = "charts")]
mod raster {
    use crate::fonts::Face;

    /// Registers `face` with the rasterizer, once per face (the rasterizer's font list is
    /// shared by the process); whether it can draw with it.
    fn ready(face: &Face) -> bool {
        use std::sync::{Mutex, OnceLock};
        static DONE: OnceLock<Mutex<Vec<(usize, usize, bool)>>> = OnceLock::new();
        let data = face.data.as_ref();
        let key = (data.as_ptr() as usize, data.len());
        let mut done = DONE.get_or_init(Mutex::default).lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, _, ok)) = done.iter().find(|(p, l, _)| (*p, *l) == key) {
            return *ok;
        }
        let ok = charts_rs::add_fonts(&[data]).is_ok();
        done.push((key.0, key.1, ok));
        ok
    }

    /// The PNG of a chart, drawn at twice its size so that it stays sharp in print.
    pub(super) fn png(svg: &str, width: u32, height: u32, face: &Face) -> Option<Vec<u8>> {
        if !ready(face) {
            return None;
        }
        charts_rs::svg_to_png_with_size(svg, Some(width * 2), Some(height * 2)).ok()
    }
}

#[cfg(not(feature = "charts"))]
mod raster {
    pub(super) fn png(_svg: &str, _width: u32, _height: u32, _face: &crate::fonts::Face) -> Option<Vec<u8>> {
        None
    }
}

fn chart(title: &str, svg_title: &str, series: &[&str], rows: &[Row], fonts: &Fonts) -> Block {
    let (svg, height) = bar_chart(svg_title, series, rows);
    let png = fonts.chart_face().and_then(|face| raster::png(&svg, WIDTH, height, face));
    Block::Chart(Chart { title: title.to_string(), svg, png, width: WIDTH, height })
}

/// The charts of a budget table: each class's budget and actual (万元), and its share of the
/// total spending (%), with the figures as the table and the structure sentence print them;
/// their PNG drawn in the 黑体 of `fonts` (none without one).
pub fn budget_charts(t: &BudgetTable, fonts: &Fonts) -> Vec<Block> {
    use jixiao_core::figure::Figure;
    if !cfg!(feature = "charts") {
        return Vec::new();
    }
    use jixiao_core::num::{MoneyUnit, format_fixed};
    use jixiao_core::{Decimal, calc, classes};
    let wan = |a: &jixiao_core::value::Amount| a.figure_in(MoneyUnit::WanYuan).face;
    // Bar lengths are drawing coordinates, not money: f64 is right here.
    let length = |d: Decimal| d.to_string().parse::<f64>().unwrap_or(0.0);
    let name = |r: &jixiao_core::record::ClassRow| {
        classes::by_code(&r.code).map_or(r.name.clone(), |c| c.name.trim_end_matches("支出").to_string())
    };
    let amounts: Vec<Row> = t
        .rows
        .iter()
        .map(|r| Row {
            label: name(r),
            values: [wan(&r.budget), wan(&r.actual)].map(|d| (length(d), format_fixed(d, 2))).to_vec(),
        })
        .collect();
    let total: Decimal = t.rows.iter().map(|r| wan(&r.actual)).sum();
    let shares: Vec<Row> = t
        .rows
        .iter()
        .filter(|r| !r.actual.value.is_zero())
        .filter_map(|r| {
            let share = calc::structure_share(r.actual.figure_in(MoneyUnit::WanYuan), Figure::exact(total)).ok()?;
            let printed = format_fixed(share.face, 2);
            Some(Row { label: name(r), values: vec![(length(share.face), format!("{printed}%"))] })
        })
        .collect();
    let mut out = vec![chart(
        "各功能科目预算数与决算数",
        "各功能科目预算数与决算数\u{ff08}万元\u{ff09}",
        &["预算数", "决算数"],
        &amounts,
        fonts,
    )];
    if !shares.is_empty() {
        out.push(chart(
            "支出结构\u{ff08}各功能科目决算数占总支出的比重\u{ff0c}%\u{ff09}",
            "支出结构\u{ff1a}各功能科目决算数占总支出的比重\u{ff08}%\u{ff09}",
            &["占比"],
            &shares,
            fonts,
        ));
    }
    out
}

/// Whether the PNG form of charts can be drawn.
pub fn png_available(c: &Chart) -> bool {
    c.png.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::float_cmp)]
    fn value_axes_have_round_steps() {
        assert_eq!(nice_axis(3127.2), (3500.0, 7));
        assert_eq!(nice_axis(96.78), (100.0, 5));
        assert_eq!(nice_axis(0.53), (0.6, 6));
        assert_eq!(nice_axis(0.0), (1.0, 1));
        assert_eq!(tick_label(1500.0, 500.0), "1,500");
        assert_eq!(tick_label(0.2, 0.1), "0.2");
    }

    #[test]
    fn bars_carry_their_figures_and_the_legend_has_boxes() {
        let rows = vec![
            Row {
                label: "社会保障和就业".into(),
                values: vec![(3127.2, "3127.20".into()), (2827.71, "2827.71".into())],
            },
            Row { label: "一般公共服务".into(), values: vec![(2.0, "2.00".into()), (0.2, "0.20".into())] },
        ];
        let (svg, h) = bar_chart("各功能科目预算数与决算数(万元)", &["预算数", "决算数"], &rows);
        for want in [">3127.20<", ">0.20<", ">2.00<", ">预算数<", ">决算数<", ">3,500<"] {
            assert!(svg.contains(want), "{want}: {svg}");
        }
        // Two legend boxes and four bars, all rectangles; no line markers.
        assert_eq!(svg.matches("<rect").count(), 1 + 2 + 4);
        assert!(h > 150);
        // The text of a record is escaped, and characters XML cannot hold are dropped.
        let (svg, _) = bar_chart("<b>&\u{7}", &["x"], &[]);
        assert!(svg.contains(">&lt;b&gt;&amp;<"), "{svg}");
    }
}
