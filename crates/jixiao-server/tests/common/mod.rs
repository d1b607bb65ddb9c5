//! What the server's test files share: a browser-like client (cookies kept, redirects not
//! followed), the CSRF token of a page's form, and signing in through the sign-in page.

use reqwest::StatusCode;
use reqwest::redirect::Policy;

/// A client that keeps cookies and shows redirects instead of following them.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap()
}

/// The CSRF token of the first form of a page.
pub fn csrf_in(html: &str) -> String {
    let at = html.find("name=\"_csrf\" value=\"").expect("a form with a CSRF token");
    let rest = &html[at + 20..];
    rest[..rest.find('"').unwrap()].to_string()
}

/// Signs in through the sign-in page of the server at `base`; the status and body of the
/// form's answer.
pub async fn page_login(c: &reqwest::Client, base: &str, user: &str, password: &str) -> (StatusCode, String) {
    let form = c.get(format!("{base}/login")).send().await.unwrap().text().await.unwrap();
    let token = csrf_in(&form);
    let r = c
        .post(format!("{base}/login"))
        .form(&[("_csrf", token.as_str()), ("next", "/units"), ("username", user), ("password", password)])
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.text().await.unwrap())
}
