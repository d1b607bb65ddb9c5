//! Charts of the budget table: budget against actual per functional class (bars) and the
//! expenditure structure (pie), drawn by charts-rs as SVG (for HTML and PDF) and PNG (for
//! Word; needs a CJK font to draw the labels).

use jixiao_core::record::BudgetTable;

use crate::model::{Block, Chart};

#[cfg(feature = "charts")]
mod imp {
    use jixiao_core::classes;
    use jixiao_core::num::MoneyUnit;
    use jixiao_core::record::BudgetTable;
    use serde_json::json;

    use crate::model::{Block, Chart};

    /// Registers the sans CJK font with charts-rs once; whether one was found.
    fn font_family() -> Option<&'static str> {
        static READY: std::sync::OnceLock<Option<&'static str>> = std::sync::OnceLock::new();
        *READY.get_or_init(|| {
            let path = crate::fonts::find().sans.as_ref()?;
            let data = std::fs::read(path).ok()?;
            charts_rs::add_fonts(&[&data]).ok()?;
            Some(family_of(path))
        })
    }

    /// The family name of a sans font file, as the file names it.
    fn family_of(path: &std::path::Path) -> &'static str {
        let name =
            path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase().replace([' ', '_', '-'], "");
        [
            ("notosanscjk", "Noto Sans CJK SC"),
            ("notosanssc", "Noto Sans SC"),
            ("sourcehansans", "Source Han Sans SC"),
            ("simhei", "SimHei"),
            ("msyh", "Microsoft YaHei"),
            ("wqyzenhei", "WenQuanYi Zen Hei"),
            ("wqymicrohei", "WenQuanYi Micro Hei"),
        ]
        .iter()
        .find(|(k, _)| name.starts_with(k))
        .map_or("Noto Sans CJK SC", |(_, v)| v)
    }

    fn value(a: &jixiao_core::value::Amount) -> f64 {
        // A chart's bar heights are drawing coordinates, not money: f64 is right here.
        a.figure_in(MoneyUnit::WanYuan).face.to_string().parse().unwrap_or(0.0)
    }

    /// The top of a value axis from 0 and its number of steps: steps of 1, 2 or 5 times a power
    /// of ten, at most eight of them.
    #[allow(clippy::float_arithmetic, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    pub(super) fn nice_axis(top: f64) -> (f64, usize) {
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

    fn chart(title: &str, json: serde_json::Value, pie: bool) -> Option<Block> {
        let text = json.to_string();
        let svg = if pie {
            charts_rs::PieChart::from_json(&text).ok()?.svg().ok()?
        } else {
            charts_rs::BarChart::from_json(&text).ok()?.svg().ok()?
        };
        // Drawn at twice the size, so the chart stays sharp when printed.
        let png = font_family().and_then(|_| charts_rs::svg_to_png_with_size(&svg, Some(1440), Some(720)).ok());
        Some(Block::Chart(Chart { title: title.to_string(), svg, png, width: 720, height: 360 }))
    }

    pub fn budget_charts(t: &BudgetTable) -> Vec<Block> {
        let family = font_family().unwrap_or("Noto Sans CJK SC");
        let names: Vec<String> = t
            .rows
            .iter()
            .map(|r| classes::by_code(&r.code).map_or(r.name.clone(), |c| c.name.trim_end_matches("支出").to_string()))
            .collect();
        // Round ticks from 0 (500, 1000, …), written in full with thousands separators: no "1.1k".
        let top = t.rows.iter().flat_map(|r| [value(&r.budget), value(&r.actual)]).fold(0.0_f64, f64::max);
        let (axis_max, splits) = nice_axis(top);
        let bars = json!({
            "width": 720, "height": 360, "font_family": family,
            "title_text": "各功能科目预算数与决算数\u{ff08}万元\u{ff09}",
            "legend_align": "right",
            "y_axis_configs": [{"axis_formatter": "{t}", "axis_min": 0, "axis_max": axis_max, "axis_split_number": splits}],
            // Labels to the hundredth, as the table states them (charts-rs drops trailing zeros).
            "series_label_formatter": "{:.2}",
            "x_axis_data": names,
            "series_list": [
                {"name": "预算数", "data": t.rows.iter().map(|r| value(&r.budget)).collect::<Vec<_>>(), "label_show": true},
                {"name": "决算数", "data": t.rows.iter().map(|r| value(&r.actual)).collect::<Vec<_>>(), "label_show": true},
            ],
        });
        // Slices under 2% of the total are drawn as one (their labels would overlap).
        let total: jixiao_core::Decimal = t.rows.iter().map(|r| r.actual.figure_in(MoneyUnit::WanYuan).face).sum();
        let small = |r: &jixiao_core::record::ClassRow| {
            r.actual.figure_in(MoneyUnit::WanYuan).face * jixiao_core::Decimal::from(50) < total
        };
        let mut slices: Vec<serde_json::Value> = t
            .rows
            .iter()
            .zip(&names)
            .filter(|(r, _)| !r.actual.value.is_zero() && !small(r))
            .map(|(r, n)| json!({"name": n, "data": [value(&r.actual)], "label_show": true}))
            .collect();
        let rest: Vec<_> = t.rows.iter().filter(|r| !r.actual.value.is_zero() && small(r)).collect();
        if !rest.is_empty() {
            let sum: jixiao_core::Decimal = rest.iter().map(|r| r.actual.figure_in(MoneyUnit::WanYuan).face).sum();
            let v: f64 = sum.to_string().parse().unwrap_or(0.0);
            slices.push(json!({"name": format!("其余{}项", rest.len()), "data": [v], "label_show": true}));
        }
        let pie = json!({
            "width": 720, "height": 360, "font_family": family,
            "title_text": "支出结构\u{ff08}决算数\u{ff0c}万元\u{ff09}",
            "rose_type": false,
            "series_label_formatter": "{a}\u{ff1a}{d}",
            "legend_show": false,
            "series_list": slices,
        });
        [chart("各功能科目预算数与决算数", bars, false), chart("支出结构", pie, true)].into_iter().flatten().collect()
    }
}

/// The charts of a budget table.
#[cfg(feature = "charts")]
pub fn budget_charts(t: &BudgetTable) -> Vec<Block> {
    imp::budget_charts(t)
}

/// The charts of a budget table: none without the `charts` feature.
#[cfg(not(feature = "charts"))]
pub fn budget_charts(_: &BudgetTable) -> Vec<Block> {
    Vec::new()
}

#[cfg(all(test, feature = "charts"))]
mod tests {
    #[test]
    #[allow(clippy::float_cmp)]
    fn value_axes_have_round_steps() {
        assert_eq!(super::imp::nice_axis(3127.2), (3500.0, 7));
        assert_eq!(super::imp::nice_axis(96.78), (100.0, 5));
        assert_eq!(super::imp::nice_axis(0.53), (0.6, 6));
        assert_eq!(super::imp::nice_axis(0.0), (1.0, 1));
    }
}

/// Whether the PNG form of charts can be drawn (a CJK font was found).
pub fn png_available(c: &Chart) -> bool {
    c.png.is_some()
}
