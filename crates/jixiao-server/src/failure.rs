//! What goes wrong, said in Chinese: one [`Failure`] type that every handler and extractor
//! returns, and one middleware that shows it — as a page for the browser, as JSON under
//! `/api/` — together with the body limit's refusal, axum's own rejections (reworded), unknown
//! routes and panics (logged, never shown).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use jixiao_store::StoreError;
use serde_json::{Value, json};

use crate::AppState;

/// A request that could not be served, with its Chinese message (boxed: handlers return it
/// often and it is rarely made).
#[derive(Debug, Clone)]
pub struct Failure(Box<FailureBody>);

/// What a [`Failure`] says.
#[derive(Debug, Clone)]
pub struct FailureBody {
    /// HTTP status.
    pub status: StatusCode,
    /// What to tell the user.
    pub message: String,
    /// More, for the API (findings, the current revision …) and for the page (a list).
    pub details: Option<Value>,
    /// Items listed under the message on a page.
    pub items: Vec<String>,
    /// The page's heading, when the status alone would say the wrong thing (a stale form is
    /// refused with 403, but it is not a matter of permission).
    pub heading: Option<&'static str>,
    /// The session's current CSRF token, given back to a page that sent an old one from the
    /// same signed-in browser (see [`Failure::stale_form`]).
    pub fresh_csrf: Option<String>,
}

impl std::ops::Deref for Failure {
    type Target = FailureBody;
    fn deref(&self) -> &FailureBody {
        &self.0
    }
}

impl std::ops::DerefMut for Failure {
    fn deref_mut(&mut self) -> &mut FailureBody {
        &mut self.0
    }
}

impl Failure {
    /// A failure with a status and a message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Failure {
        Failure(Box::new(FailureBody {
            status,
            message: message.into(),
            details: None,
            items: Vec::new(),
            heading: None,
            fresh_csrf: None,
        }))
    }

    /// 400.
    pub fn bad_request(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, message)
    }

    /// 401: not signed in (a page answers by sending the browser to the sign-in page).
    pub fn unauthorized() -> Failure {
        Failure::new(StatusCode::UNAUTHORIZED, "请先登录")
    }

    /// 403.
    pub fn forbidden(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::FORBIDDEN, message)
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::NOT_FOUND, message)
    }

    /// 409.
    pub fn conflict(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::CONFLICT, message)
    }

    /// 422: the content is understood but cannot be used (a record with errors).
    pub fn unprocessable(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }

    /// 500: logged with its detail; the user is told only that it failed.
    pub fn internal(detail: impl std::fmt::Display) -> Failure {
        tracing::error!(%detail, "internal failure");
        Failure::new(StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误,已记录在日志中;请稍后重试或联系管理员")
    }

    /// 403 for a form whose CSRF token is missing or not the session's (`current`): nothing is
    /// changed. A page that sent it in the background (htmx: a sheet's 保存, a comment) is
    /// given the current token, so the user's typing stays on the page and the next press of
    /// the button goes through — the usual cause is signing out and in again in another tab.
    /// A cross-site request cannot read the answer, and the session cookie is not sent with it.
    pub fn stale_form(current: &str) -> Failure {
        let mut f = Failure::forbidden("表单已过期或来源不明(缺少有效的安全令牌),未做任何修改。请刷新页面后重试。");
        f.heading = Some("表单已过期");
        f.fresh_csrf = Some(current.to_string());
        f
    }

    /// With details for the API.
    pub fn with_details(mut self, details: Value) -> Failure {
        self.details = Some(details);
        self
    }

    /// With a list shown under the message.
    pub fn with_items(mut self, items: Vec<String>) -> Failure {
        self.items = items;
        self
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        // The body is written by `render_failures`, which knows whether a page or JSON is wanted.
        let mut r = (self.status, self.message.clone()).into_response();
        r.extensions_mut().insert(self);
        r
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        match e {
            StoreError::Stale { base, current } => Failure::conflict(format!(
                "保存失败:记录在您打开之后已被他人修改(您打开的是第 {base} 版,现在是第 {current} 版)。您的修改没有保存,也没有覆盖他人的修改;请打开最新版本,重新填写后保存。"
            ))
            .with_details(json!({"base_revision": base, "current_revision": current})),
            StoreError::NotFound(what) => Failure::not_found(format!("{what}不存在")),
            StoreError::Conflict(m) => Failure::conflict(m),
            StoreError::State { state, message } => {
                Failure::conflict(message).with_details(json!({"state": state, "state_zh": state.name_zh()}))
            }
            other => Failure::internal(other),
        }
    }
}

/// The answer to an unknown route.
pub async fn not_found() -> Failure {
    Failure::not_found("没有这个页面")
}

/// A panic, caught: logged; the user sees a Chinese message.
pub fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("(无信息)");
    Failure::internal(format!("panic: {detail}")).into_response()
}

pub(crate) fn too_large(limit: usize, size: Option<u64>) -> Failure {
    // Sizes as Windows shows them to the user (MB of 1 048 576 bytes), to a tenth.
    let mb = |b: u64| {
        let tenths = (u128::from(b) * 10 + 524_288) / 1_048_576;
        match tenths % 10 {
            0 => format!("{} MB", tenths / 10),
            t => format!("{}.{t} MB", tenths / 10),
        }
    };
    let message = match size {
        Some(s) => format!(
            "上传的内容有 {},超过上限 {}:未做任何修改。请上传较小的文件(一份填报工作簿或自评报告通常不到 5 MB)。",
            mb(s),
            mb(limit as u64)
        ),
        None => format!("上传的内容超过上限 {}:未做任何修改。请上传较小的文件。", mb(limit as u64)),
    };
    Failure::new(StatusCode::PAYLOAD_TOO_LARGE, message)
}

/// Shows failures: a page (or a redirect to sign in) for the browser, JSON under `/api/`.
/// Refuses a body larger than the limit before reading it.
pub async fn render_failures(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let api = path.starts_with("/api/") || path == "/healthz";
    let htmx = req.headers().contains_key("hx-request");
    let next_url = return_to(&req);
    let limit = state.config().max_body_bytes;
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if let Some(size) = declared.filter(|s| *s > limit as u64) {
        let mut r = render(too_large(limit, Some(size)), api, htmx, &next_url).await;
        // The body is not read: tell the client not to keep the connection for it.
        r.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        return r;
    }
    let resp = next.run(req).await;
    if let Some(f) = resp.extensions().get::<Failure>().cloned() {
        return render(f, api, htmx, &next_url).await;
    }
    if resp.extensions().get::<crate::views::Rendered>().is_some() {
        return resp;
    }
    let status = resp.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return render(too_large(limit, None), api, htmx, &next_url).await;
    }
    if status.is_client_error() || status.is_server_error() {
        // An axum rejection (malformed JSON, wrong content type …): reworded in Chinese.
        let body = axum::body::to_bytes(resp.into_body(), 64 * 1024).await.unwrap_or_default();
        let detail = String::from_utf8_lossy(&body).to_string();
        let message = match status {
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                "请求的内容类型不对:JSON 请求须带 Content-Type: application/json".to_string()
            }
            StatusCode::METHOD_NOT_ALLOWED => "此地址不接受这种请求方法".to_string(),
            s if s.is_server_error() => {
                tracing::error!(%detail, %status, "server error");
                "服务器内部错误,已记录在日志中".to_string()
            }
            _ => format!("请求的内容有误,无法读取({})", detail.trim()),
        };
        return render(Failure::new(status, message), api, htmx, &next_url).await;
    }
    resp
}

/// Where to come back to after signing in: the address asked for, or — for a form sent after
/// the session ended (a save, a 送审), whose address answers only that form — the page the form
/// was on (its `Referer`, when it is this server's), else the list of units.
fn return_to(req: &Request) -> String {
    let method = req.method();
    if method == axum::http::Method::GET || method == axum::http::Method::HEAD {
        return req.uri().path_and_query().map_or_else(|| "/".to_string(), |p| p.as_str().to_string());
    }
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok());
    let referer = req.headers().get(header::REFERER).and_then(|h| h.to_str().ok());
    let page = match (host, referer) {
        (Some(host), Some(referer)) => referer
            .split_once("://")
            .and_then(|(_, rest)| rest.strip_prefix(host))
            .filter(|path| path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/login")),
        _ => None,
    };
    page.unwrap_or("/units").to_string()
}

async fn render(f: Failure, api: bool, htmx: bool, next_url: &str) -> Response {
    if api {
        let mut body = json!({"error": f.message});
        if let Some(Value::Object(d)) = &f.details
            && let Value::Object(b) = &mut body
        {
            b.extend(d.clone());
        }
        if !f.items.is_empty() {
            body["items"] = json!(f.items);
        }
        return (f.status, axum::Json(body)).into_response();
    }
    if htmx && let Some(token) = &f.fresh_csrf {
        let message = "页面已过期(可能在别的窗口退出或重新登录过),这次未做任何修改。本页已换上新的安全令牌,\
                       您填写的内容仍在页面上:请再点一次刚才的按钮。";
        let mut r = error_page(StatusCode::FORBIDDEN, json!({"message": message, "heading": f.heading}), true);
        if let Ok(v) = HeaderValue::from_str(&json!({ "jixiaoCsrf": token }).to_string()) {
            r.headers_mut().insert("hx-trigger", v);
        }
        return r;
    }
    if f.status == StatusCode::UNAUTHORIZED {
        let target = format!("/login?next={}", crate::views::url_encode(next_url));
        if htmx {
            // A form sent in the background (a sheet's 保存) after the session ended: leaving
            // the page would lose what was typed. Sign in in another window; back here, the
            // next press refreshes the page's token (see `Failure::stale_form`) and the one
            // after saves.
            let message = "登录已过期(或已在别处退出),这次未做任何修改。您填写的内容仍在页面上:请在新窗口中登录,\
                           然后回到这里再点刚才的按钮。";
            let ctx = json!({"heading": "登录已过期", "message": message, "login_link": target});
            return error_page(StatusCode::UNAUTHORIZED, ctx, true);
        }
        return Redirect::to(&target).into_response();
    }
    error_page(f.status, json!({"message": f.message, "items": f.items, "heading": f.heading}), htmx)
}

/// The error page (`ctx`: message, items, heading, login_link) with its status. Sent to a page
/// that asked in the background (htmx), it goes into the page's message area: htmx swaps
/// nothing on an error status unless told where.
fn error_page(status: StatusCode, mut ctx: Value, htmx: bool) -> Response {
    ctx["status"] = json!(status.as_u16());
    let mut r = Response::new(Body::from(crate::views::render("error.html", ctx)));
    *r.status_mut() = status;
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    if htmx {
        r.headers_mut().insert("hx-retarget", HeaderValue::from_static("#messages"));
        r.headers_mut().insert("hx-reswap", HeaderValue::from_static("innerHTML"));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_chinese_500_without_its_detail() {
        let r = panic_response(Box::new("index out of bounds: secret detail"));
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let f = r.extensions().get::<Failure>().cloned();
        let message = f.map(|f| f.message.clone()).unwrap_or_default();
        assert!(message.starts_with("服务器内部错误") && !message.contains("secret"), "{message}");
    }

    #[test]
    fn sizes_are_said_in_megabytes() {
        assert_eq!(
            too_large(20 * 1024 * 1024, Some(50_000_000)).message,
            "上传的内容有 47.7 MB,超过上限 20 MB:未做任何修改。请上传较小的文件(一份填报工作簿或自评报告通常不到 5 MB)。"
        );
    }
}
