//! The batch as one self-contained HTML dashboard: no network (CSS, script and charts are
//! inline), every report text escaped.
//!
//! A sortable table of the reports; a click shows the report's findings and signals and its
//! text with the flagged figures highlighted; a chart of the self-score against the budget
//! execution rate with the cap of the review rules drawn; the grade distribution.

use std::fmt::Write as _;

use jixiao_pipeline::scoring::grade_class;
use jixiao_pipeline::{Decimal, Pages};

use crate::row::{ReportRow, Status};
use crate::signals::ReviewRules;
use crate::summary::{by_priority, priority};
use crate::{Batch, SIGNALS};

/// Escapes text for HTML element content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    jixiao_pipeline::report::model::escape_xml(s)
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:16px;color:#222}\
h1{font-size:22px}h2{font-size:17px;margin-top:22px}table{border-collapse:collapse;font-size:13px}\
th,td{border:1px solid #ccc;padding:3px 6px}th{background:#ddebf7;cursor:pointer;position:sticky;top:0}\
tr.err td{background:#f8cbad}tr.sig td{background:#fff2cc}tr.grey td{background:#e7e6e6}\
tbody tr{cursor:pointer}tbody tr:hover td{outline:1px solid #888}.charts{display:flex;gap:24px;flex-wrap:wrap}\
.report{display:none;border:1px solid #999;padding:8px 12px;margin-top:12px}.report.shown{display:block}\
pre{white-space:pre-wrap;font-family:inherit;font-size:13px;background:#fafafa;padding:8px;max-height:480px;overflow:auto}\
mark{background:#ffd54f}.ln{color:#999;user-select:none}.note{color:#555;font-size:12px}";

const SCRIPT: &str = "function sortBy(th){var t=th.closest('table'),b=t.tBodies[0],i=[].indexOf.call(th.parentNode.children,th);\
var asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';var rows=[].slice.call(b.rows);\
rows.sort(function(x,y){var a=x.cells[i].dataset.v||x.cells[i].textContent,c=y.cells[i].dataset.v||y.cells[i].textContent;\
var na=parseFloat(a),nc=parseFloat(c);var r=(!isNaN(na)&&!isNaN(nc))?na-nc:a.localeCompare(c,'zh');return asc?r:-r;});\
rows.forEach(function(r){b.appendChild(r);});}\
function show(id){document.querySelectorAll('.report').forEach(function(s){s.classList.remove('shown');});\
var s=document.getElementById(id);if(s){s.classList.add('shown');s.scrollIntoView();}}";

/// The dashboard.
pub fn to_html(batch: &Batch, rules: &ReviewRules) -> String {
    let rows = by_priority(batch);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>复核汇总</title><style>{STYLE}</style></head><body>"
    );
    let with_signals = batch.reports.iter().filter(|r| !r.signals.is_empty()).count();
    let _ = write!(
        h,
        "<h1>复核汇总</h1><p>共 {} 份报告:{} 份有错误,{} 份有信号,{} 份未能检查或无法读取;跳过 {} 个路径;重复段落 {} 对。</p>",
        batch.reports.len(),
        batch.with_errors(),
        with_signals,
        batch.reports.iter().filter(|r| r.status != Status::Checked).count(),
        batch.skipped.len(),
        batch.duplicates.len()
    );
    h.push_str("<div class=\"charts\"><div><h2>自评总分与预算执行率</h2>");
    h.push_str(&scatter(batch, rules));
    h.push_str("</div><div><h2>评价等级分布</h2>");
    h.push_str(&grades(batch));
    h.push_str("</div></div>");
    h.push_str(
        "<h2>报告一览</h2><p class=\"note\">点击表头排序,点击一行查看该报告的问题与原文。</p><table><thead><tr>",
    );
    for c in [
        "复核优先级",
        "文件",
        "页数",
        "状态",
        "单位",
        "自评总分",
        "等级",
        "执行率(%)",
        "数据支持的得分",
        "错误",
        "警告",
        "信号",
    ] {
        let _ = write!(h, "<th onclick=\"sortBy(this)\">{c}</th>");
    }
    h.push_str("</tr></thead><tbody>");
    for r in &rows {
        let i = batch.reports.iter().position(|x| std::ptr::eq(x, *r)).unwrap_or(0);
        let class = if r.errors > 0 {
            "err"
        } else if !r.signals.is_empty() {
            "sig"
        } else if r.status != Status::Checked {
            "grey"
        } else {
            ""
        };
        let signals = r.signals.iter().map(|s| s.code).collect::<Vec<_>>().join(" ");
        let _ = write!(
            h,
            "<tr class=\"{class}\" onclick=\"show('r{i}')\"><td>{}</td><td>{}</td>{}<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            priority(r),
            esc(&r.file),
            pages_cell(r),
            esc(&r.status.zh()),
            esc(&opt(&r.unit)),
            opt(&r.stated_total),
            esc(&opt(&r.stated_grade)),
            r.execution_rate.map(|x| x.round_dp(2).to_string()).unwrap_or_default(),
            opt(&r.supported_total),
            r.errors,
            r.warnings,
            signals
        );
    }
    h.push_str("</tbody></table>");
    for (i, r) in batch.reports.iter().enumerate() {
        h.push_str(&details(i, r));
    }
    h.push_str("<h2>信号说明</h2><ul>");
    for s in SIGNALS {
        let _ = write!(h, "<li><b>{} {}</b>:{}</li>", s.code, esc(s.title), esc(s.explanation));
    }
    let _ = write!(h, "</ul><script>{SCRIPT}</script></body></html>");
    h
}

/// One report's findings, signals and text, hidden until its row is clicked.
fn details(i: usize, r: &ReportRow) -> String {
    let mut h = format!("<section class=\"report\" id=\"r{i}\"><h2>{}</h2>", esc(&r.file));
    let _ = write!(h, "<p>{} · {}</p><ul>", esc(&r.status.zh()), esc(&opt(&r.unit)));
    for s in &r.signals {
        let _ = write!(h, "<li>信号 {}:{}</li>", s.code, esc(&s.message));
    }
    for f in &r.findings {
        // The page where the file tells pages apart (PDF, text with form feeds), and the line
        // of the text shown below.
        let at = match (f.page, f.line) {
            (Some(p), Some(l)) => format!("第 {p} 页(文字第 {l} 行) "),
            (Some(p), None) => format!("第 {p} 页 "),
            (None, Some(l)) => format!("第 {l} 行 "),
            (None, None) => String::new(),
        };
        let _ = write!(h, "<li>{}{} {}:{}</li>", at, esc(f.severity.name_zh()), esc(&f.code), esc(&f.message));
    }
    h.push_str("</ul>");
    if !r.text.is_empty() {
        h.push_str("<pre>");
        for (n, line) in r.text.lines().enumerate() {
            let marks: Vec<(&str, String)> = r
                .findings
                .iter()
                .filter(|f| f.line == Some(n + 1))
                .filter_map(|f| f.figure.as_deref().map(|fig| (fig, format!("{} {}", f.code, f.message))))
                .filter(|(fig, _)| !fig.is_empty())
                .collect();
            let _ = writeln!(h, "<span class=\"ln\">{:>4} </span>{}", n + 1, highlight(line, &marks));
        }
        h.push_str("</pre>");
    }
    h.push_str("</section>");
    h
}

/// A line with the first occurrence of each figure marked, everything escaped.
fn highlight(line: &str, marks: &[(&str, String)]) -> String {
    let mut spans: Vec<(usize, usize, &str)> = Vec::new();
    for (fig, title) in marks {
        if let Some(at) = line.find(fig) {
            let end = at + fig.len();
            if spans.iter().all(|(s, e, _)| end <= *s || at >= *e) {
                spans.push((at, end, title));
            }
        }
    }
    spans.sort_by_key(|s| s.0);
    let mut out = String::new();
    let mut pos = 0;
    for (s, e, title) in spans {
        out.push_str(&esc(&line[pos..s]));
        let _ = write!(out, "<mark title=\"{}\">{}</mark>", esc(title), esc(&line[s..e]));
        pos = e;
    }
    out.push_str(&esc(&line[pos..]));
    out
}

/// Chart coordinates: x 50..650 for 0..120 %, y 20..320 for 100..0 points.
fn px(rate: Decimal) -> Decimal {
    Decimal::from(50) + rate.clamp(Decimal::ZERO, Decimal::from(120)) * Decimal::from(5)
}
fn py(score: Decimal) -> Decimal {
    Decimal::from(320) - score.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED) * Decimal::from(3)
}

/// Score against execution rate, with the cap as a step line.
fn scatter(batch: &Batch, rules: &ReviewRules) -> String {
    let mut h = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"680\" height=\"360\" font-size=\"11\"><rect x=\"50\" y=\"20\" width=\"600\" height=\"300\" fill=\"#fff\" stroke=\"#999\"/>",
    );
    for k in (0..=120).step_by(20) {
        let x = px(Decimal::from(k));
        let _ = write!(
            h,
            "<line x1=\"{x}\" y1=\"320\" x2=\"{x}\" y2=\"325\" stroke=\"#999\"/><text x=\"{x}\" y=\"338\" text-anchor=\"middle\">{k}%</text>"
        );
    }
    for k in (0..=100).step_by(20) {
        let y = py(Decimal::from(k));
        let _ = write!(
            h,
            "<line x1=\"45\" y1=\"{y}\" x2=\"650\" y2=\"{y}\" stroke=\"#eee\"/><text x=\"40\" y=\"{y}\" text-anchor=\"end\" dy=\"4\">{k}</text>"
        );
    }
    h.push_str("<text x=\"350\" y=\"356\" text-anchor=\"middle\">预算执行率</text><text x=\"12\" y=\"170\" transform=\"rotate(-90 12 170)\" text-anchor=\"middle\">自评总分</text>");
    // The cap: from 0 % up, the lowest max that applies, stepping at each threshold.
    let mut edges: Vec<Decimal> = rules.cap.iter().map(|c| c.below).collect();
    edges.push(Decimal::ZERO);
    edges.push(Decimal::from(120));
    edges.sort();
    edges.dedup();
    let mut points = String::new();
    for w in edges.windows(2) {
        let cap = rules.cap_at(w[0]).unwrap_or(Decimal::ONE_HUNDRED);
        let _ = write!(points, "{},{} {},{} ", px(w[0]), py(cap), px(w[1]), py(cap));
    }
    let _ = write!(
        h,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#c00\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/><text x=\"600\" y=\"14\" fill=\"#c00\">红色虚线:封顶分</text>",
        points.trim_end()
    );
    for r in &batch.reports {
        let (Some(score), Some(rate)) = (r.stated_total, r.execution_rate) else { continue };
        let over = r.signals.iter().any(|s| s.code == "R001");
        let colour = if over { "#c00" } else { "#1f6fb2" };
        let _ = write!(
            h,
            "<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{colour}\" fill-opacity=\"0.75\"><title>{}:{} 分,执行率 {}%</title></circle>",
            px(rate).round_dp(1),
            py(score).round_dp(1),
            esc(&r.unit.clone().unwrap_or_else(|| r.file.clone())),
            score,
            rate.round_dp(2)
        );
    }
    h.push_str("</svg>");
    h
}

/// The page count's cell: the count, and where it comes from (a DOCX's is what Word stored).
fn pages_cell(r: &ReportRow) -> String {
    match r.pages {
        Some(p @ Pages::WordStored(n)) => format!("<td title=\"{}\">{n}(Word 记录)</td>", p.source_zh()),
        Some(p) => format!("<td title=\"{}\">{}</td>", p.source_zh(), p.count()),
        None => "<td></td>".into(),
    }
}

/// Reports per grade stated, as bars (`优秀` counts as `优`, `合格` as `中`: [`grade_class`];
/// a word of no band is not counted).
fn grades(batch: &Batch) -> String {
    let names = ["优", "良", "中", "差", "未读到"];
    let counts: Vec<usize> = names
        .iter()
        .map(|g| {
            batch
                .reports
                .iter()
                .filter(|r| match r.stated_grade.as_deref().map(|s| grade_class(s).unwrap_or(s)) {
                    Some(s) => s == *g,
                    None => *g == "未读到",
                })
                .count()
        })
        .collect();
    let most = counts.iter().copied().max().unwrap_or(0).max(1);
    let mut h =
        String::from("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"320\" height=\"360\" font-size=\"12\">");
    for (k, (g, n)) in names.iter().zip(&counts).enumerate() {
        let height = n * 260 / most;
        let x = 20 + k * 58;
        let y = 300 - height;
        let _ = write!(
            h,
            "<rect x=\"{x}\" y=\"{y}\" width=\"40\" height=\"{height}\" fill=\"#5b9bd5\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{n}</text><text x=\"{}\" y=\"320\" text-anchor=\"middle\">{g}</text>",
            x + 20,
            y.saturating_sub(4).max(12),
            x + 20
        );
    }
    h.push_str("</svg>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_figures_are_marked() {
        let line = "<b>合计</b> 为 1,234.00 万元 & 执行率 75%";
        let out = highlight(line, &[("1,234.00", "A001 <合计>".into())]);
        assert_eq!(
            out,
            "&lt;b&gt;合计&lt;/b&gt; 为 <mark title=\"A001 &lt;合计&gt;\">1,234.00</mark> 万元 &amp; 执行率 75%"
        );
    }
}
