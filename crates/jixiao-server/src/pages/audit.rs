//! The audit of an uploaded report, its findings highlighted in its text.

use super::*;

// ---------------------------------------------------------------- audit

pub(super) async fn audit_page(viewer: Viewer) -> Response {
    page("audit.html", json!({"me": me(&viewer), "csrf": viewer.csrf}))
}

/// The report's text with the flagged figures marked: escaped text and `<mark>`s.
pub(super) fn highlighted(text: &str, findings: &[engine::Marked]) -> String {
    let mut spans: Vec<(usize, usize, usize, bool, &'static str, String)> = Vec::new();
    for (i, (f, ss)) in findings.iter().enumerate() {
        let sev = if f.severity == Severity::Error { "error" } else { "warning" };
        for (j, (s, e, label)) in ss.iter().enumerate() {
            let title = match label {
                Some(l) => format!("{}[{}] {l}", f.severity.name_zh(), f.code),
                None => format!("{}[{}]", f.severity.name_zh(), f.code),
            };
            spans.push((*s, *e, i, j == 0, sev, title));
        }
    }
    spans.sort_by_key(|s| (s.0, std::cmp::Reverse(s.1)));
    let esc = engine::escape_xml;
    let mut out = String::new();
    let mut at = 0;
    for (s, e, i, primary, sev, title) in spans {
        if s < at || e <= s || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push_str(&esc(&text[at..s]));
        let id = if primary { format!(" id=\"mark-{i}\"") } else { String::new() };
        out.push_str(&format!(
            "<a href=\"#finding-{i}\" class=\"mark {sev}{}\"{id} title=\"{}\">{}</a>",
            if primary { " primary" } else { "" },
            esc(&title),
            esc(&text[s..e])
        ));
        at = e;
    }
    out.push_str(&esc(&text[at..]));
    out
}

pub(super) async fn audit_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    mp: Multipart,
) -> Result<Response, Failure> {
    let (fields, file) = read_upload(mp, state.config().max_body_bytes).await?;
    viewer.check_form(&fields)?;
    let (name, bytes) =
        file.ok_or_else(|| Failure::bad_request("请选择要审核的报告文件(.pdf、.docx、.txt、.html、.md)"))?;
    let n2 = name.clone();
    let audited = engine::blocking(move || engine::audit(&n2, &bytes)).await?;
    let audited = match audited {
        Ok(a) => a,
        Err(m) => {
            return Ok(page_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                "audit.html",
                json!({"me": me(&viewer), "csrf": viewer.csrf, "file_name": name, "error": format!("无法读取 {name}:{m}")}),
            ));
        }
    };
    let findings: Vec<Value> = audited
        .findings
        .iter()
        .enumerate()
        .map(|(i, (f, spans))| {
            json!({
                "index": i,
                "severity": if f.severity == Severity::Error { "error" } else { "warning" },
                "severity_zh": f.severity.name_zh(),
                "code": f.code, "message": f.message, "help": f.help,
                "has_mark": !spans.is_empty(),
            })
        })
        .collect();
    Ok(page(
        "audit.html",
        json!({
            "me": me(&viewer), "csrf": viewer.csrf, "file_name": name,
            "summary": audited.summary, "coverage": audited.coverage, "findings": findings,
            "recognised": audited.recognised,
            "text_html": highlighted(&audited.text, &audited.findings),
        }),
    ))
}

/// How many reports one batch may hold.
const MAX_BATCH: usize = 200;

/// A reviewer's batch (`jixiao review` on the web): several reports uploaded at once, each
/// audited, the score-inflation and copy signals raised across them, given back as the
/// self-contained dashboard (.html) or the summary workbook (.xlsx) — a download, opened in
/// the reviewer's own browser or Excel, never shown in this site's pages (it quotes the
/// reports' text). Nothing is kept: the files live in a temporary folder for the request.
pub(super) async fn audit_batch(
    State(state): State<AppState>,
    viewer: Viewer,
    mp: Multipart,
) -> Result<Response, Failure> {
    let (fields, files) = read_uploads(mp, state.config().max_body_bytes).await?;
    viewer.check_form(&fields)?;
    if files.is_empty() {
        return Err(Failure::bad_request("请选择要复核的报告文件(可一次选多份:.pdf、.docx、.txt、.html、.md)"));
    }
    if files.len() > MAX_BATCH {
        return Err(Failure::bad_request(format!(
            "一次最多复核 {MAX_BATCH} 份报告,这次选了 {} 份:未做任何处理,请分几次上传",
            files.len()
        )));
    }
    let xlsx = field(&fields, "format") == Some("xlsx");
    let (bytes, mime, name) =
        engine::blocking(move || engine::review_batch(&files, xlsx)).await?.map_err(Failure::internal)?;
    let mut r = bytes.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    r.headers_mut().insert(header::CONTENT_DISPOSITION, attachment(name));
    Ok(r)
}
