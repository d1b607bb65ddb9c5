//! Pages: the minijinja templates (in `templates/`, embedded at build time, HTML-escaped
//! automatically), the static files (`static/`: htmx, vendored with its licence, and the
//! style sheet), and small helpers for what pages show (times in 北京时间, rule explanations
//! from their Markdown).

use std::sync::LazyLock;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use minijinja::Environment;
use serde::Serialize;

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name)))),*]
    };
}

const TEMPLATES: &[(&str, &str)] = templates!(
    "base.html",
    "macros.html",
    "error.html",
    "login.html",
    "units.html",
    "year.html",
    "findings.html",
    "history.html",
    "revision.html",
    "import.html",
    "audit.html",
    "admin.html",
    "account.html",
    "rule.html",
    "tasks.html",
    "task.html",
    "rollup.html",
    "submit.html",
    "review.html",
    "moves.html",
    "compare.html",
);

static ENV: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    for (name, source) in TEMPLATES {
        if let Err(e) = env.add_template(name, source) {
            tracing::error!(%e, name, "template does not parse");
        }
    }
    env.add_filter("time", |t: i64| beijing_time(t));
    env.add_filter("urlencode_path", |s: String| url_encode(&s));
    env
});

/// Renders a template; a failure is logged and a short Chinese page is returned instead.
pub fn render(name: &str, ctx: impl Serialize) -> String {
    match ENV.get_template(name).and_then(|t| t.render(minijinja::value::Serde(&ctx))) {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, detail = ?e, name, "template failed");
            "<!doctype html><meta charset=utf-8><title>出错了</title><p>页面生成失败,已记录在日志中。<a href=\"/\">返回首页</a>"
                .to_string()
        }
    }
}

/// A page as a response.
pub fn page(name: &str, ctx: impl Serialize) -> Response {
    page_with_status(StatusCode::OK, name, ctx)
}

/// Marks a response as a finished page, so that the failure renderer leaves its status alone
/// (a form shown again with its problems answers 422, and is not a failure page).
#[derive(Debug, Clone, Copy)]
pub struct Rendered;

/// A page with a status.
pub fn page_with_status(status: StatusCode, name: &str, ctx: impl Serialize) -> Response {
    let mut r = (status, render(name, ctx)).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    r.extensions_mut().insert(Rendered);
    r
}

/// Percent-encodes everything but unreserved characters.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `2025-08-14 10:32` in 北京时间 (UTC+8), from Unix seconds.
pub fn beijing_time(t: i64) -> String {
    let t = t + 8 * 3600;
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", secs / 3600, secs % 3600 / 60)
}

/// A rule's explanation (Markdown with headings, lists, code and paragraphs) as HTML, by
/// pulldown-cmark; raw HTML in the text is shown as text (escaped), lines of a paragraph are
/// joined without a space (Chinese), and every heading is an `<h4>`, under the page's own.
pub fn markdown(text: &str) -> String {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd, html};
    let events = Parser::new(text).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        // A line break inside a Chinese paragraph is no space (a browser would show one).
        Event::SoftBreak => Event::Text("".into()),
        Event::Start(Tag::Heading { id, classes, attrs, .. }) => {
            Event::Start(Tag::Heading { level: HeadingLevel::H4, id, classes, attrs })
        }
        Event::End(TagEnd::Heading(_)) => Event::End(TagEnd::Heading(HeadingLevel::H4)),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// A file of `static/`.
pub fn static_file(name: &str) -> Option<(&'static [u8], &'static str)> {
    Some(match name {
        "htmx.min.js" => (include_bytes!("../static/htmx.min.js"), "text/javascript; charset=utf-8"),
        "app.css" => (include_bytes!("../static/app.css"), "text/css; charset=utf-8"),
        "app.js" => (include_bytes!("../static/app.js"), "text/javascript; charset=utf-8"),
        "htmx-LICENSE.txt" => (include_bytes!("../static/htmx-LICENSE.txt"), "text/plain; charset=utf-8"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_beijing_time() {
        assert_eq!(beijing_time(0), "1970-01-01 08:00");
        assert_eq!(beijing_time(1_755_129_600), "2025-08-14 08:00");
        assert_eq!(beijing_time(951_782_400 - 8 * 3600), "2000-02-29 00:00");
    }

    #[test]
    fn markdown_is_escaped() {
        let h = markdown(
            "## 检查内容\n\n合计 <b>\n接续\n- `a`\n- b\n\n<script>alert(1)</script>\n\n正文 <img src=x onerror=alert(2)>",
        );
        assert_eq!(
            h,
            "<h4>检查内容</h4>\n<p>合计 &lt;b&gt;接续</p>\n<ul>\n<li><code>a</code></li>\n<li>b</li>\n</ul>\n\
             &lt;script&gt;alert(1)&lt;/script&gt;\n<p>正文 &lt;img src=x onerror=alert(2)&gt;</p>\n"
        );
    }

    #[test]
    fn every_template_parses() {
        for (name, _) in TEMPLATES {
            assert!(ENV.get_template(name).is_ok(), "{name}");
        }
    }
}
