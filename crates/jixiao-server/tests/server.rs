//! The web workspace as a user and a script reach it: a real server on port 0 with the demo
//! loaded, on a temporary SQLite file, and again on PostgreSQL when `JIXIAO_TEST_POSTGRES`
//! is set.
//!
//! Modules of this file: the harness; signing in, sessions and CSRF; lockout; the
//! authorization matrix (every route × every role × own/other unit); saving (typed numbers
//! kept, stale saves refused, bad input named in Chinese); findings, reports and workbooks;
//! history and restore; audit; limits (a 50 MB upload); two servers on one database.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

mod common;

use common::{client, csrf_in};
use jixiao_server::{Config, app, load_demo};
use jixiao_store::Store;
use jixiao_store::testing::{fresh_postgres_url, sqlite_url_in};
use reqwest::StatusCode;
use serde_json::{Value, json};

// ---------------------------------------------------------------- harness

struct Server {
    base: String,
    clock: Arc<AtomicI64>,
    database: String,
}

const START: i64 = 1_767_225_600; // 2026-01-01

/// A GET answered with JSON.
async fn get_json(c: &reqwest::Client, url: String) -> Value {
    c.get(url).send().await.unwrap().json().await.unwrap()
}

async fn start_on(database: &str, demo: bool, clock: Arc<AtomicI64>) -> Server {
    let store = Store::open(database).await.unwrap();
    if demo {
        load_demo(&store, START).await.unwrap();
    }
    let c = clock.clone();
    let config = Config { clock: Arc::new(move || c.load(Ordering::SeqCst)), ..Config::default() };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app(config, store)).await });
    Server { base, clock, database: database.to_string() }
}

/// A demo server per backend: SQLite always, PostgreSQL when configured.
async fn servers(dir: &std::path::Path) -> Vec<Server> {
    let mut urls = vec![sqlite_url_in(dir)];
    if let Some(pg) = fresh_postgres_url().await.unwrap() {
        urls.push(pg);
    }
    let mut out = Vec::new();
    for u in urls {
        out.push(start_on(&u, true, Arc::new(AtomicI64::new(START))).await);
    }
    out
}

async fn each(f: impl AsyncFn(&Server)) {
    let dir = tempfile::tempdir().unwrap();
    for s in servers(dir.path()).await {
        f(&s).await;
    }
}

/// Signs in through the sign-in page; the status of the form's answer.
async fn page_login(c: &reqwest::Client, s: &Server, user: &str, password: &str) -> (StatusCode, String) {
    common::page_login(c, &s.base, user, password).await
}

/// A client signed in through the API; its CSRF token.
async fn api_login(s: &Server, user: &str) -> (reqwest::Client, String) {
    let c = client();
    let r = c
        .post(format!("{}/api/session", s.base))
        .json(&json!({"username": user, "password": "demo2024"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{user} signs in");
    let body: Value = r.json().await.unwrap();
    (c, body["csrf"].as_str().unwrap().to_string())
}

async fn page_csrf(c: &reqwest::Client, s: &Server) -> String {
    csrf_in(&c.get(format!("{}/units", s.base)).send().await.unwrap().text().await.unwrap())
}

async fn revision(c: &reqwest::Client, s: &Server, unit: &str) -> i64 {
    let r = c.get(format!("{}/api/units/{unit}/years/2024/record", s.base)).send().await.unwrap();
    r.headers()["x-jixiao-revision"].to_str().unwrap().parse().unwrap()
}

// ---------------------------------------------------------------- sign in, sessions, CSRF

#[tokio::test]
async fn sign_in_sessions_and_sign_out() {
    each(async |s: &Server| {
        let c = client();
        // Not signed in: pages send the browser to sign in; the API answers 401 in Chinese.
        let r = c.get(format!("{}/units", s.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"], "/login?next=/units");
        let r = c.get(format!("{}/api/units", s.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(r.json::<Value>().await.unwrap()["error"], "请先登录");

        let (status, body) = page_login(&c, s, "tianbao", "wrong-password").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(body.contains("用户名或密码错误。再错 9 次,该账号将被锁定 30 分钟。"), "{body}");
        let (status, _) = page_login(&c, s, "tianbao", "demo2024").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let r = c.get(format!("{}/units", s.base)).send().await.unwrap();
        // Pages, downloads and answers are not kept by the browser (Back after 退出 on a shared
        // computer); the style sheet is.
        assert_eq!(r.headers()["cache-control"], "no-store");
        let units = r.text().await.unwrap();
        assert!(units.contains("乐昌市人力资源和社会保障局") && !units.contains("改正示例"), "{units}");
        let r = c.get(format!("{}/units/lcrsj/years/2024/download/report.docx", s.base)).send().await.unwrap();
        assert_eq!(r.headers()["cache-control"], "no-store", "{}", r.status());
        let r = c.get(format!("{}/static/app.css", s.base)).send().await.unwrap();
        assert_eq!(r.headers()["cache-control"], "public, max-age=3600", "{}", r.status());

        // The session cookie is HttpOnly and SameSite=Lax.
        let r = client()
            .post(format!("{}/api/session", s.base))
            .json(&json!({"username": "shenhe", "password": "demo2024"}))
            .send()
            .await
            .unwrap();
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(
            cookie.starts_with("jixiao_session=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax")
        );

        let (api, _) = api_login(s, "shenhe").await;
        let units: Value = api.get(format!("{}/api/units", s.base)).send().await.unwrap().json().await.unwrap();
        assert_eq!(
            units,
            json!([
                {"id": "lcczj", "name": "乐昌市财政局", "parent": null},
                {"id": "lcrsj", "name": "乐昌市人力资源和社会保障局", "parent": "lcczj"},
                {"id": "lcjyj", "name": "乐昌市就业服务管理局", "parent": "lcrsj"},
                {"id": "lcrsj-fixed", "name": "乐昌市人社局(改正示例)", "parent": "lcczj"},
                {"id": "lcsbj", "name": "乐昌市社会保险基金管理局", "parent": "lcczj"},
                {"id": "lcybj", "name": "乐昌市医疗保障局", "parent": "lcczj"},
            ])
        );

        // Signing out ends the session in the database.
        let token = page_csrf(&c, s).await;
        let r = c.post(format!("{}/logout", s.base)).form(&[("_csrf", token)]).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let r = c.get(format!("{}/units", s.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);

        // A form sent after the session ended (a save whose address answers only that form)
        // comes back, after signing in, to the page it was on, not to its own address.
        let url = format!("{}/units/lcrsj/years/2024/sheets/0", s.base);
        let page = format!("{}/units/lcrsj/years/2024?sheet=0", s.base);
        let r = c.post(&url).header("referer", &page).form(&[("op", "save")]).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"], "/login?next=/units/lcrsj/years/2024%3Fsheet%3D0");
        let r =
            c.post(&url).header("referer", "https://elsewhere.example/x").form(&[("op", "save")]).send().await.unwrap();
        assert_eq!(r.headers()["location"], "/login?next=/units");

        // A page's save sent in the background after the session ended is not sent away from
        // the page (that would lose the typing): it is told to sign in in another window.
        let r = c.post(&url).header("hx-request", "true").form(&[("op", "save")]).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(r.headers()["hx-retarget"], "#messages");
        let body = r.text().await.unwrap();
        assert!(body.contains("<h1>登录已过期</h1>") && body.contains("您填写的内容仍在页面上"), "{body}");
        assert!(body.contains("target=\"_blank\"") && body.contains("在新窗口中登录"), "{body}");

        // A session ends after its time.
        s.clock.fetch_add(13 * 3600, Ordering::SeqCst);
        let r = api.get(format!("{}/api/units", s.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        s.clock.store(START, Ordering::SeqCst);
    })
    .await;
}

#[tokio::test]
async fn forms_without_the_sessions_token_are_refused_and_change_nothing() {
    each(async |s: &Server| {
        let c = client();
        page_login(&c, s, "tianbao", "demo2024").await;
        let before = revision(&c, s, "lcrsj").await;
        let url = format!("{}/units/lcrsj/years/2024/sheets/0", s.base);
        for token in [None, Some("0".repeat(64))] {
            let mut form =
                vec![("base", before.to_string()), ("finance.budget_initial", "1.00".into()), ("op", "save".into())];
            if let Some(t) = token {
                form.push(("_csrf", t));
            }
            let r = c.post(&url).form(&form).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::FORBIDDEN);
            let body = r.text().await.unwrap();
            assert!(body.contains("缺少有效的安全令牌"), "{body}");
        }
        assert_eq!(revision(&c, s, "lcrsj").await, before);
        // A page's save sent in the background with an old token (signed out and in again in
        // another window) is refused, said as an expired form, and given the session's current
        // token, so the typing stays on the page and the next press goes through.
        let old = [("base", before.to_string()), ("finance.budget_initial", "1.00".into()), ("op", "save".into())];
        let stale = [old.as_slice(), &[("_csrf", "0".repeat(64))]].concat();
        let r = c.post(&url).header("hx-request", "true").form(&stale).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let current = page_csrf(&c, s).await;
        let trigger: Value = serde_json::from_str(r.headers()["hx-trigger"].to_str().unwrap()).unwrap();
        assert_eq!(trigger, json!({ "jixiaoCsrf": current }));
        assert_eq!(r.headers()["hx-retarget"], "#messages");
        let body = r.text().await.unwrap();
        assert!(body.contains("<h1>表单已过期</h1>") && body.contains("请再点一次刚才的按钮"), "{body}");
        assert_eq!(revision(&c, s, "lcrsj").await, before);
        let fresh = [old.as_slice(), &[("_csrf", current)]].concat();
        let r = c.post(&url).header("hx-request", "true").form(&fresh).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "saved, then shown the page again");
        assert_eq!(revision(&c, s, "lcrsj").await, before + 1);
        // A whole-page form (not htmx) gets the page, headed as an expired form, and no token.
        let r = c.post(&url).form(&stale).send().await.unwrap();
        assert!(r.headers().get("hx-trigger").is_none());
        assert!(r.text().await.unwrap().contains("<h1>表单已过期</h1>"));
        // The sign-in form needs its own token too.
        let r = client()
            .post(format!("{}/login", s.base))
            .form(&[("username", "tianbao"), ("password", "demo2024")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        // The API refuses a change sent as a form or as text unless the session's token is in
        // X-CSRF-Token.
        let (api, token) = api_login(s, "tianbao").await;
        let url = format!("{}/api/units/lcrsj/years/2024/record", s.base);
        let r = api
            .put(&url)
            .header("if-match", "\"1\"")
            .header("content-type", "text/plain")
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = api
            .put(&url)
            .header("if-match", "\"0\"")
            .header("content-type", "text/plain")
            .header("x-csrf-token", token)
            .body(r#"{"kind":"dept_evaluation","header":{"department":"x","year":2024}}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT, "past the CSRF check, stopped by the stale base");
    })
    .await;
}

#[tokio::test]
async fn ten_wrong_passwords_lock_the_name_until_the_time_runs_out_or_an_admin_unlocks() {
    each(async |s: &Server| {
        let c = client();
        let attempt = |password: &'static str| {
            let c = c.clone();
            let url = format!("{}/api/session", s.base);
            async move {
                let r = c.post(url).json(&json!({"username": "tianbao2", "password": password})).send().await.unwrap();
                let status = r.status();
                (status, r.json::<Value>().await.unwrap()["error"].as_str().unwrap_or("").to_string())
            }
        };
        for i in 1..10 {
            let (status, message) = attempt("nope").await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
            assert!(message.contains(&format!("再错 {} 次", 10 - i)), "{message}");
        }
        let (status, message) = attempt("nope").await;
        assert_eq!(status, StatusCode::LOCKED);
        assert_eq!(message, "密码连续输错 10 次,该账号已被锁定,请 30 分钟后再试,或请管理员解锁。");
        // Locked: even the right password is refused.
        let (status, _) = attempt("demo2024").await;
        assert_eq!(status, StatusCode::LOCKED);
        // The page says so too.
        let (status, body) = page_login(&client(), s, "tianbao2", "demo2024").await;
        assert_eq!(status, StatusCode::LOCKED);
        assert!(body.contains("该账号已被锁定"));
        // An administrator unlocks.
        let admin = client();
        page_login(&admin, s, "admin", "demo2024").await;
        let page = admin.get(format!("{}/admin", s.base)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("已锁定"));
        let token = csrf_in(&page);
        let r = admin
            .post(format!("{}/admin/unlock", s.base))
            .form(&[("_csrf", token.as_str()), ("username", "tianbao2")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(attempt("demo2024").await.0, StatusCode::OK);
        // Or the lock runs out.
        for _ in 0..10 {
            attempt("nope").await;
        }
        assert_eq!(attempt("demo2024").await.0, StatusCode::LOCKED);
        s.clock.fetch_add(31 * 60, Ordering::SeqCst);
        assert_eq!(attempt("demo2024").await.0, StatusCode::OK);
        s.clock.store(START, Ordering::SeqCst);
    })
    .await;
}

// ---------------------------------------------------------------- passwords

#[tokio::test]
async fn a_user_changes_their_password_and_an_admin_resets_a_forgotten_one() {
    each(async |s: &Server| {
        let c = client();
        page_login(&c, s, "tianbao", "demo2024").await;
        let elsewhere = client();
        page_login(&elsewhere, s, "tianbao", "demo2024").await;
        let page = c.get(format!("{}/account", s.base)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("<h1>修改密码</h1>"), "{page}");
        let token = csrf_in(&page);
        let change = async |current: &str, new: &str, repeat: &str| {
            let form = [("_csrf", token.as_str()), ("current", current), ("new", new), ("repeat", repeat)];
            let r = c.post(format!("{}/account/password", s.base)).form(&form).send().await.unwrap();
            (r.status(), r.text().await.unwrap())
        };
        // Refused, each said in Chinese, nothing changed.
        let (status, body) = change("demo2024", "new-secret-1", "new-secret-2").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("两次输入的新密码不一致"), "{body}");
        let (_, body) = change("demo2024", "short", "short").await;
        assert!(body.contains("密码至少 8 个字符"), "{body}");
        let (status, body) = change("wrong-password", "new-secret-1", "new-secret-1").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("原密码不对,密码未修改。再错 9 次"), "a wrong current password counts: {body}");
        // Changed: this browser stays signed in, the other one is signed out; the old password
        // no longer signs in, the new one does.
        let (status, _) = change("demo2024", "new-secret-1", "new-secret-1").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(c.get(format!("{}/units", s.base)).send().await.unwrap().status(), StatusCode::OK);
        assert_eq!(elsewhere.get(format!("{}/units", s.base)).send().await.unwrap().status(), StatusCode::SEE_OTHER);
        assert_eq!(page_login(&client(), s, "tianbao", "demo2024").await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(page_login(&client(), s, "tianbao", "new-secret-1").await.0, StatusCode::SEE_OTHER);

        // Forgotten: only an administrator sets a new one; the account is unlocked and signed out.
        let reset = async |c: &reqwest::Client, password: &str| {
            let token = page_csrf(c, s).await;
            let form = [("_csrf", token.as_str()), ("username", "tianbao"), ("password", password)];
            c.post(format!("{}/admin/password", s.base)).form(&form).send().await.unwrap().status()
        };
        let reviewer = client();
        page_login(&reviewer, s, "shenhe", "demo2024").await;
        assert_eq!(reset(&reviewer, "given-by-admin").await, StatusCode::FORBIDDEN);
        let admin = client();
        page_login(&admin, s, "admin", "demo2024").await;
        assert_eq!(reset(&admin, "given-by-admin").await, StatusCode::SEE_OTHER);
        assert_eq!(c.get(format!("{}/units", s.base)).send().await.unwrap().status(), StatusCode::SEE_OTHER);
        assert_eq!(page_login(&client(), s, "tianbao", "new-secret-1").await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(page_login(&client(), s, "tianbao", "given-by-admin").await.0, StatusCode::SEE_OTHER);
        let page = admin.get(format!("{}/admin", s.base)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("<h3>重设密码</h3>"), "{page}");
        // Put back for the other tests on this database.
        assert_eq!(reset(&admin, "demo2024").await, StatusCode::SEE_OTHER);
    })
    .await;
}

// ---------------------------------------------------------------- authorization

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Read,
    Write,
    /// Review: 审核人 over the unit and 管理员.
    Review,
}

/// Every route that reaches a unit's data, with what it asks for.
fn routes(unit: &str) -> Vec<(Kind, &'static str, String)> {
    let y = format!("/units/{unit}/years/2024");
    let a = format!("/api/units/{unit}/years/2024");
    vec![
        (Kind::Read, "GET", y.clone()),
        (Kind::Read, "GET", format!("{y}?sheet=score")),
        (Kind::Read, "GET", format!("{y}/history")),
        (Kind::Read, "GET", format!("{y}/import")),
        (Kind::Read, "GET", format!("{y}/download/record.json")),
        (Kind::Read, "GET", format!("{y}/download/record.toml")),
        (Kind::Read, "GET", format!("{y}/download/report.md")),
        (Kind::Read, "GET", format!("{y}/download/final.md")),
        (Kind::Read, "GET", format!("{a}/final.md")),
        (Kind::Read, "GET", format!("/api/units/{unit}/years")),
        (Kind::Read, "GET", format!("{a}/record")),
        (Kind::Read, "GET", format!("{a}/findings")),
        (Kind::Read, "GET", format!("{a}/report.html")),
        (Kind::Write, "POST", format!("/units/{unit}/years")),
        (Kind::Write, "POST", format!("{y}/sheets/0")),
        (Kind::Write, "POST", format!("{y}/revisions/1/restore")),
        (Kind::Write, "POST", format!("{y}/import/confirm")),
        (Kind::Write, "PUT", format!("{a}/record")),
        (Kind::Write, "POST", format!("{a}/workbook")),
        // The workflow.
        (Kind::Read, "GET", format!("{y}/submit")),
        (Kind::Read, "GET", format!("{a}/history")),
        (Kind::Read, "GET", format!("/units/{unit}/compare")),
        (Kind::Read, "GET", format!("/api/units/{unit}/compare")),
        (Kind::Write, "POST", format!("{y}/submit")),
        (Kind::Write, "POST", format!("{a}/submit")),
        (Kind::Write, "POST", format!("{y}/next")),
        (Kind::Write, "POST", format!("{a}/next")),
        (Kind::Review, "GET", format!("{y}/review")),
        (Kind::Review, "POST", format!("{y}/review/comment")),
        (Kind::Review, "POST", format!("{y}/review/return")),
        (Kind::Review, "POST", format!("{y}/review/approve")),
        (Kind::Review, "POST", format!("{y}/review/reopen")),
        (Kind::Review, "POST", format!("{a}/comments")),
        (Kind::Review, "POST", format!("{a}/return")),
        (Kind::Review, "POST", format!("{a}/approve")),
        (Kind::Review, "POST", format!("{a}/reopen")),
        (Kind::Review, "GET", format!("/tasks/2024/{unit}")),
        (Kind::Review, "GET", format!("/tasks/2024/{unit}/rollup")),
        (Kind::Review, "GET", format!("/tasks/2024/{unit}/rollup.xlsx")),
        (Kind::Review, "GET", format!("/tasks/2024/{unit}/rollup.zip")),
        (Kind::Review, "GET", format!("/api/tasks/2024?node={unit}")),
        (Kind::Review, "GET", format!("/api/tasks/2024/rollup?node={unit}")),
        (Kind::Review, "GET", format!("/api/tasks/2024/rollup.xlsx?node={unit}")),
        (Kind::Review, "GET", format!("/api/tasks/2024/rollup.zip?node={unit}")),
    ]
}

#[tokio::test]
async fn authorization_matrix_every_route_every_role_own_and_other_units() {
    each(async |s: &Server| {
        // (user, units they may read, units they may change, whether they review every unit)
        let roles: [(&str, &[&str], &[&str], bool); 4] = [
            ("admin", &["lcrsj", "lcrsj-fixed", "lcjyj"], &["lcrsj", "lcrsj-fixed", "lcjyj"], true),
            ("shenhe", &["lcrsj", "lcrsj-fixed", "lcjyj"], &[], true),
            ("tianbao", &["lcrsj"], &["lcrsj"], false),
            ("tianbao2", &["lcrsj-fixed"], &["lcrsj-fixed"], false),
        ];
        let names =
            [("lcrsj", "乐昌市人力资源和社会保障局"), ("lcrsj-fixed", "改正示例"), ("lcjyj", "乐昌市就业服务管理局")];
        for (user, read, write, reviews) in roles {
            let c = client();
            page_login(&c, s, user, "demo2024").await;
            let token = page_csrf(&c, s).await;
            for (unit, name) in names {
                for (kind, method, path) in routes(unit) {
                    let url = format!("{}{path}", s.base);
                    let req = match method {
                        "GET" => c.get(&url),
                        "PUT" => c.put(&url).header("if-match", "\"-1\"").json(&json!({"kind": "dept_evaluation"})),
                        _ if path.starts_with("/api/") => c
                            .post(&url)
                            .header("if-match", "\"-1\"")
                            .header("content-type", "application/octet-stream")
                            .body("x"),
                        // Every page form with the session's token and a stale base: allowed
                        // users get past authorization and are stopped later, changing nothing.
                        _ => c.post(&url).form(&[
                            ("_csrf", token.as_str()),
                            ("base", "-1"),
                            ("year", "2024"),
                            ("record", "{}"),
                        ]),
                    };
                    let r = req.send().await.unwrap();
                    let status = r.status();
                    let body = r.text().await.unwrap();
                    let visible = read.contains(&unit);
                    let allowed = match kind {
                        Kind::Read => visible,
                        Kind::Write => write.contains(&unit),
                        Kind::Review => reviews,
                    };
                    let what =
                        format!("{user} {method} {path}: {status} {}", body.chars().take(200).collect::<String>());
                    if !visible {
                        assert_eq!(status, StatusCode::NOT_FOUND, "{what}");
                        assert!(!body.contains(name), "another unit's name leaks: {what}");
                        assert!(body.contains("找不到该单位,或您没有查看它的权限"), "{what}");
                    } else if !allowed {
                        assert_eq!(status, StatusCode::FORBIDDEN, "{what}");
                        let words = if kind == Kind::Review { "不能审核" } else { "只能查看" };
                        assert!(body.contains(words), "{what}");
                    } else {
                        // Past authorization: answered, or stopped later (a stale base, a record
                        // that does not load, a revision that does not exist), never refused.
                        assert!(
                            status != StatusCode::FORBIDDEN
                                && !status.is_server_error()
                                && !body.contains("找不到该单位"),
                            "{what}"
                        );
                    }
                }
            }
            // Administration.
            let r = c.get(format!("{}/admin", s.base)).send().await.unwrap();
            assert_eq!(r.status() == StatusCode::OK, user == "admin", "{user} /admin");
            let r = c
                .post(format!("{}/admin/units", s.base))
                .form(&[("_csrf", token.as_str()), ("name", "新单位"), ("code", &format!("new-{user}"))])
                .send()
                .await
                .unwrap();
            let expected = if user == "admin" { StatusCode::SEE_OTHER } else { StatusCode::FORBIDDEN };
            assert_eq!(r.status(), expected, "{user} creates a unit");
        }
        // Nothing was changed by the refused or stale requests.
        let (c, _) = api_login(s, "admin").await;
        assert_eq!(revision(&c, s, "lcrsj").await, 1);
        assert_eq!(revision(&c, s, "lcrsj-fixed").await, 1);
        assert_eq!(revision(&c, s, "lcjyj").await, 0);
    })
    .await;
}

// ---------------------------------------------------------------- saving

#[tokio::test]
async fn a_typed_figure_is_kept_exactly_and_its_finding_appears_beside_the_field() {
    each(async |s: &Server| {
        let c = client();
        page_login(&c, s, "tianbao", "demo2024").await;
        let sheet = engine_sheet("收支预决算");
        let url = format!("{}/units/lcrsj/years/2024?sheet={sheet}", s.base);
        let page = c.get(&url).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("发现 5 个错误、5 个警告"), "the seed's findings");
        insta::assert_snapshot!("seed_findings_panel", visible_text(&page, "<aside class=\"findings\"", "</aside>"));
        let token = csrf_in(&page);
        // Correct the 201 row's 决算数 0.20 → 1.48: the 决算数 column then adds up.
        let form = vec![
            ("_csrf", token.clone()),
            ("base", "1".to_string()),
            ("op", "save".to_string()),
            ("budget_table.rows[0].actual", "1.48".to_string()),
            ("budget_table.rows[0].variance_stated", "0.52".to_string()),
            ("budget_table.rows[0].execution_rate_stated", "74.00%".to_string()),
        ];
        let r = c.post(format!("{}/units/lcrsj/years/2024/sheets/{sheet}", s.base)).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let location = r.headers()["location"].to_str().unwrap().to_string();
        assert!(location.ends_with(&format!("?sheet={sheet}&saved=2")), "{location}");
        let page = c.get(format!("{}{location}", s.base)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("已保存为第 2 版。"), "{page}");
        // Every other figure of the form is still as typed, with its two decimals.
        let (api, _) = api_login(s, "tianbao").await;
        let record: Value = get_json(&api, format!("{}/api/units/lcrsj/years/2024/record", s.base)).await;
        assert_eq!(record["budget_table"]["rows"][0]["actual"], "1.48");
        assert_eq!(record["budget_table"]["rows"][0]["budget"], "2.00");
        assert_eq!(record["budget_table"]["rows"][2]["actual"], "2827.71");
        // A finding is shown at its field: make a row's difference wrong and look for it.
        let form = vec![
            ("_csrf", token.clone()),
            ("base", "2".to_string()),
            ("op", "save".to_string()),
            ("budget_table.rows[2].variance_stated", "999.49".to_string()),
        ];
        let r = c.post(format!("{}/units/lcrsj/years/2024/sheets/{sheet}", s.base)).form(&form).send().await.unwrap();
        let location = r.headers()["location"].to_str().unwrap().to_string();
        let page = c.get(format!("{}{location}", s.base)).send().await.unwrap().text().await.unwrap();
        let field = page.find("id=\"f-budget_table-rows-2--variance_stated\"").expect("the field");
        let next_field = page[field..].find("</td>").unwrap();
        let around = &page[field..field + next_field];
        assert!(around.contains("class=\"mark error\""), "a mark at the field: {around}");
        assert!(around.contains("999.49"), "{around}");
    })
    .await;
}

/// The text a reader sees in the part of a page between two markers: tags dropped, entities
/// decoded, blank runs collapsed, one line per block.
fn visible_text(page: &str, from: &str, to: &str) -> String {
    let start = page.find(from).expect("the part");
    let part = &page[start..];
    let part = &part[..part.find(to).unwrap_or(part.len())];
    let mut out = String::new();
    let mut in_tag = false;
    for ch in part.chars() {
        match ch {
            '<' => {
                in_tag = true;
                out.push('\n');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    out.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

fn engine_sheet(name: &str) -> usize {
    jixiao_server::engine::schema::DEPT.sections.iter().position(|s| s.name == name).unwrap()
}

#[tokio::test]
async fn a_stale_save_is_refused_and_the_users_typing_is_kept() {
    each(async |s: &Server| {
        let (a, _) = api_login(s, "tianbao").await;
        let (b, _) = api_login(s, "tianbao").await;
        let url = format!("{}/api/units/lcrsj/years/2024/record", s.base);
        let record = a.get(&url).send().await.unwrap().text().await.unwrap();
        let etag = a.get(&url).send().await.unwrap().headers()["etag"].to_str().unwrap().to_string();
        assert_eq!(etag, "\"1\"");
        let r = a
            .put(&url)
            .header("if-match", &etag)
            .header("content-type", "application/json")
            .body(record.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let saved: Value = r.json().await.unwrap();
        assert_eq!(saved["revision"], 2);
        assert_eq!(saved["errors"], 5);
        let r = b
            .put(&url)
            .header("if-match", &etag)
            .header("content-type", "application/json")
            .body(record.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["current_revision"], 2);
        assert!(body["error"].as_str().unwrap().contains("已被他人修改"), "{body}");
        // No base at all: refused, with the way to give one.
        let r = b.put(&url).header("content-type", "application/json").body(record).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::PRECONDITION_REQUIRED);

        // The page: the form based on revision 1 is refused and shows what was typed.
        let c = client();
        page_login(&c, s, "tianbao", "demo2024").await;
        let token = page_csrf(&c, s).await;
        let form = [("_csrf", token.as_str()), ("base", "1"), ("op", "save"), ("finance.budget_initial", "3333.33")];
        let r = c.post(format!("{}/units/lcrsj/years/2024/sheets/0", s.base)).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT);
        let page = r.text().await.unwrap();
        assert!(page.contains("记录已被他人保存为第 2 版(您打开的是第 1 版)"), "{page}");
        assert!(page.contains("value=\"3333.33\""), "the typed figure is still in the form");
        assert_eq!(revision(&a, s, "lcrsj").await, 2);
    })
    .await;
}

#[tokio::test]
async fn malformed_records_and_words_in_money_fields_are_named_in_chinese() {
    each(async |s: &Server| {
        let (api, _) = api_login(s, "tianbao").await;
        let url = format!("{}/api/units/lcrsj/years/2024/record", s.base);
        let put = |body: &'static str| {
            api.put(&url).header("if-match", "\"1\"").header("content-type", "application/json").body(body).send()
        };
        let r = put("{\"kind\": ").await.unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let body: Value = r.json().await.unwrap();
        assert!(body["error"].as_str().unwrap().starts_with("记录不是有效的 JSON(第 1 行"), "{body}");
        let r = put(r#"{"kind":"dept_evaluation","header":{"department":"某局","year":2024},"finance":{"budget_initial":"三千万"}}"#)
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"], "记录中有 1 处无法读取,未保存");
        let p = &body["problems"][0];
        assert_eq!(p["path"], "finance.budget_initial");
        assert_eq!(p["label"], "基本情况 › 【部门收支】 › 年初预算数");
        insta::assert_snapshot!("money_field_with_words", p["message"].as_str().unwrap());
        assert_eq!(revision(&api, s, "lcrsj").await, 1);
        // A record of another year is not saved as this year's (the 年度 typed over, or
        // another year's workbook), said in Chinese; in the form, beside the 年度 field.
        let r = put(r#"{"kind":"dept_evaluation","header":{"department":"某局","year":2023}}"#).await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = r.json().await.unwrap();
        assert!(body["error"].as_str().unwrap().starts_with("记录的年度是 2023,而这里是 2024 年度:未保存"), "{body}");
        assert_eq!(revision(&api, s, "lcrsj").await, 1);
        {
            let c = client();
            page_login(&c, s, "tianbao", "demo2024").await;
            let token = page_csrf(&c, s).await;
            let form = [("_csrf", token.as_str()), ("base", "1"), ("op", "save"), ("header.year", "2023")];
            let r = c.post(format!("{}/units/lcrsj/years/2024/sheets/0", s.base)).form(&form).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let page = r.text().await.unwrap();
            assert!(page.contains("基本情况 › 【基本信息】 › 年度</a>:记录的年度是 2023"), "{page}");
            assert_eq!(revision(&api, s, "lcrsj").await, 1);
        }
        // A fraction written as a JSON number keeps its written decimals.
        let r = put(r#"{"kind":"dept_evaluation","header":{"department":"某局","year":2024},"finance":{"budget_initial":95.50}}"#)
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let record: Value = api.get(&url).send().await.unwrap().json().await.unwrap();
        assert_eq!(record["finance"]["budget_initial"], "95.50");

        // The form: the field is named beside the input and in the list; the typing stays.
        let c = client();
        page_login(&c, s, "tianbao", "demo2024").await;
        let token = page_csrf(&c, s).await;
        let form = [
            ("_csrf", token.as_str()),
            ("base", "2"),
            ("op", "save"),
            ("finance.budget_initial", "约3000"),
        ];
        let r = c.post(format!("{}/units/lcrsj/years/2024/sheets/0", s.base)).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text().await.unwrap();
        assert!(page.contains("未保存:记录中有 1 处无法读取"));
        assert!(page.contains("基本情况 › 【部门收支】 › 年初预算数</a>:应为金额"), "the field by its label");
        assert!(page.contains("value=\"约3000\""));
        assert!(page.contains("class=\"mark load\""), "the problem is shown at the field");
        let form = [("_csrf", token.as_str()), ("base", "2"), ("op", "save"), ("header.year", "二〇二四")];
        let r = c.post(format!("{}/units/lcrsj/years/2024/sheets/0", s.base)).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text().await.unwrap();
        assert!(page.contains("基本情况 › 【基本信息】 › 年度</a>:类型错误:应为非负整数"), "a whole-number field");
        assert_eq!(revision(&api, s, "lcrsj").await, 2);
    })
    .await;
}

// ---------------------------------------------------------------- findings, reports, workbooks

#[tokio::test]
async fn findings_reports_and_workbooks() {
    each(async |s: &Server| {
        let (api, _) = api_login(s, "admin").await;
        let f: Value = get_json(&api, format!("{}/api/units/lcrsj/years/2024/findings", s.base)).await;
        assert_eq!((f["revision"].as_i64(), f["errors"].as_i64(), f["warnings"].as_i64()), (Some(1), Some(5), Some(5)));
        assert_eq!(f["summary"], "发现 5 个错误、5 个警告");
        assert_eq!(f["score"]["grade"], "优");
        let shown: Vec<String> = f["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                format!(
                    "{} {} {} @ {}",
                    x["severity"].as_str().unwrap(),
                    x["code"].as_str().unwrap(),
                    x["message"].as_str().unwrap(),
                    x["location"]["field"].as_str().unwrap()
                )
            })
            .collect();
        insta::assert_snapshot!("seed_findings", shown.join("\n"));

        // The report is refused while the record has errors, with the list.
        let r = api.get(format!("{}/api/units/lcrsj/years/2024/report.md", s.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT);
        let body: Value = r.json().await.unwrap();
        assert!(body["error"].as_str().unwrap().starts_with("报告未生成:记录中有 5 个错误"));
        assert_eq!(body["findings"].as_array().unwrap().len(), 5);
        let c = client();
        page_login(&c, s, "admin", "demo2024").await;
        let r = c.get(format!("{}/units/lcrsj/years/2024/download/report.docx", s.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert!(r.text().await.unwrap().contains("错误[A001]"));
        // The corrected record's report in every format.
        for (ext, magic) in [("md", &b"#"[..]), ("html", b"<!DOCTYPE"), ("docx", b"PK"), ("pdf", b"%PDF")] {
            let r = api.get(format!("{}/api/units/lcrsj-fixed/years/2024/report.{ext}", s.base)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{ext}");
            assert!(r.headers()["content-disposition"].to_str().unwrap().contains("filename*=UTF-8''"));
            let bytes = r.bytes().await.unwrap();
            assert!(bytes.to_ascii_uppercase().starts_with(&magic.to_ascii_uppercase()), "{ext}");
        }
        // The workbook goes out and comes back: the same record, a new revision.
        let xlsx = api
            .get(format!("{}/api/units/lcrsj-fixed/years/2024/workbook.xlsx", s.base))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let before = api
            .get(format!("{}/api/units/lcrsj-fixed/years/2024/record", s.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let r = api
            .post(format!("{}/api/units/lcrsj-fixed/years/2024/workbook?base=1&name=填报.xlsx", s.base))
            .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .body(xlsx.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let saved: Value = r.json().await.unwrap();
        assert_eq!(saved["revision"], 2);
        assert_eq!(saved["errors"], 0);
        let after = api
            .get(format!("{}/api/units/lcrsj-fixed/years/2024/record", s.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let (before, after): (Value, Value) =
            (serde_json::from_str(&before).unwrap(), serde_json::from_str(&after).unwrap());
        for path in [
            "/finance/budget_initial",
            "/budget_table/total/actual",
            "/budget_table/rows/5/actual",
            "/staffing/staffing_rate/stated",
        ] {
            assert_eq!(before.pointer(path), after.pointer(path), "{path} survives the workbook");
        }
        // The seed's workbook has errors: nothing is imported unless forced.
        let seed = include_bytes!("../../../examples/lechang-hrss-2024.xlsx");
        let url = format!("{}/api/units/lcjyj/years/2024/workbook?base=0", s.base);
        let r = api.post(&url).header("content-type", "application/octet-stream").body(&seed[..]).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = r.json().await.unwrap();
        assert!(body["error"].as_str().unwrap().contains("有 5 个错误:未导入"), "{body}");
        let cells: Vec<&str> =
            body["findings"].as_array().unwrap().iter().filter_map(|f| f["location"]["cell"].as_str()).collect();
        assert!(!cells.is_empty(), "findings point at cells");
        let r = api
            .post(format!("{url}&force=true"))
            .header("content-type", "application/octet-stream")
            .body(&seed[..])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        // Not a workbook at all.
        let r = api
            .post(format!("{}/api/units/lcjyj/years/2024/workbook?base=1", s.base))
            .header("content-type", "application/octet-stream")
            .body("hello")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.json::<Value>().await.unwrap()["error"].as_str().unwrap().contains("不是 Excel 工作簿"));

        // The page: an import is previewed (findings by cell, what changes) before it is saved.
        let token = page_csrf(&c, s).await;
        let part = reqwest::multipart::Part::bytes(seed.to_vec()).file_name("lechang.xlsx");
        let form = reqwest::multipart::Form::new().text("_csrf", token.clone()).part("file", part);
        let r = c.post(format!("{}/units/lcrsj-fixed/years/2024/import", s.base)).multipart(form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let page = r.text().await.unwrap();
        assert!(page.contains("lechang.xlsx:发现 5 个错误、5 个警告"));
        assert!(page.contains("单元格:&#x27;收支预决算&#x27;!D21"), "findings by cell");
        assert!(page.contains("我知道这个工作簿有 5 个错误,仍要导入"));
        assert_eq!(revision(&api, s, "lcrsj-fixed").await, 2, "nothing saved by the preview");
        // Another year's workbook is refused before its preview.
        let r = c
            .post(format!("{}/units/lcrsj-fixed/years", s.base))
            .form(&[("_csrf", token.as_str()), ("year", "2025")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let part = reqwest::multipart::Part::bytes(seed.to_vec()).file_name("lechang.xlsx");
        let form = reqwest::multipart::Form::new().text("_csrf", token.clone()).part("file", part);
        let r = c.post(format!("{}/units/lcrsj-fixed/years/2025/import", s.base)).multipart(form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let refused = r.text().await.unwrap();
        assert!(refused.contains("lechang.xlsx:记录的年度是 2024,而这里是 2025 年度:未保存"), "{refused}");
        let record =
            page.split("<textarea name=\"record\" hidden>").nth(1).unwrap().split("</textarea>").next().unwrap();
        let record = record
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&#x2f;", "/")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        let confirm = |accept: bool| {
            let mut f = vec![
                ("_csrf", token.clone()),
                ("base", "2".to_string()),
                ("record", record.clone()),
                ("file_name", "lechang.xlsx".to_string()),
            ];
            if accept {
                f.push(("accept_errors", "yes".to_string()));
            }
            c.post(format!("{}/units/lcrsj-fixed/years/2024/import/confirm", s.base)).form(&f).send()
        };
        assert_eq!(confirm(false).await.unwrap().status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(revision(&api, s, "lcrsj-fixed").await, 2);
        assert_eq!(confirm(true).await.unwrap().status(), StatusCode::SEE_OTHER);
        assert_eq!(revision(&api, s, "lcrsj-fixed").await, 3);
    })
    .await;
}

/// A department record carrying its projects inline (`projects.inline`, as `jixiao check`
/// reads them): the projects are checked with it, their findings named by project; the report
/// carries the 项目支出绩效自评结果汇总表 computed from them, and is refused while a project
/// has errors.
/// The report a unit hands in (定稿) comes from the web as from `jixiao report --final`: no
/// 草稿 mark, and refused, with every missing item named by its form label, while the record
/// lacks what it needs; the draft is written all the same.
#[tokio::test]
async fn the_final_report_is_written_when_complete_and_refused_with_what_is_missing() {
    each(async |s: &Server| {
        let c = client();
        page_login(&c, s, "admin", "demo2024").await;
        let year = |unit: &str| format!("{}/units/{unit}/years/2024", s.base);
        // Complete (the approved unit): the final Markdown has no 草稿 mark, the draft has.
        let r = c.get(format!("{}/download/final.md", year("lcybj"))).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let disposition = r.headers()["content-disposition"].to_str().unwrap().to_string();
        let text = r.text().await.unwrap();
        assert!(text.contains("部门整体支出绩效自评报告") && !text.contains("草稿"), "{text}");
        assert!(disposition.contains(&views_encode("乐昌市医疗保障局-2024年度-自评报告.md")), "{disposition}");
        let draft = c.get(format!("{}/download/report.md", year("lcybj"))).send().await.unwrap().text().await.unwrap();
        assert!(draft.contains("草稿"), "{draft}");
        let r = c.get(format!("{}/download/final.docx", year("lcybj"))).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.bytes().await.unwrap().starts_with(b"PK"));
        // The year page offers both.
        let page = c.get(year("lcybj")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("/download/final.docx") && page.contains("/download/report.docx"), "{page}");

        // Incomplete: the 单位负责人 blanked; the final is refused and names it; the draft is written.
        let (api, _) = api_login(s, "admin").await;
        let url = format!("{}/api/units/lcrsj-fixed/years/2024/record", s.base);
        let mut record: Value = api.get(&url).send().await.unwrap().json().await.unwrap();
        record["header"]["head"] = json!("");
        let r = api.put(&url).header("if-match", "\"1\"").json(&record).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let r = c.get(format!("{}/download/final.pdf", year("lcrsj-fixed"))).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT);
        let page = r.text().await.unwrap();
        assert!(
            page.contains("定稿未生成:记录还缺少定稿所需的 1 项内容") && page.contains("<li>单位负责人</li>"),
            "{page}"
        );
        let r = c.get(format!("{}/download/report.md", year("lcrsj-fixed"))).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        // The API names what is missing too.
        let r = api.get(format!("{}/api/units/lcrsj-fixed/years/2024/final.md", s.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert_eq!(r.json::<Value>().await.unwrap()["missing"], json!(["单位负责人"]));
    })
    .await;
}

/// A file name as `Content-Disposition`'s `filename*` writes it.
fn views_encode(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn a_departments_inline_projects_are_checked_and_summed_up_in_its_report() {
    each(async |s: &Server| {
        let (api, _) = api_login(s, "admin").await;
        let url = format!("{}/api/units/lcrsj-fixed/years/2024/record", s.base);
        let mut record: Value =
            serde_json::from_str(&api.get(&url).send().await.unwrap().text().await.unwrap()).unwrap();
        let project = |toml: &str| -> Value {
            serde_json::from_str(&jixiao_server::engine::toml_to_json(toml).expect("an example project")).unwrap()
        };
        let farmland = project(include_str!("../../../examples/project-farmland-2024.toml"));
        let home_care = project(include_str!("../../../examples/project-home-care-service-2024-errors.toml"));
        let put = |record: &Value, base: i64| {
            api.put(&url)
                .header("if-match", format!("\"{base}\""))
                .header("content-type", "application/json")
                .body(record.to_string())
                .send()
        };

        record["projects"] = json!({"inline": [farmland]});
        let r = put(&record, 1).await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let saved: Value = r.json().await.unwrap();
        assert_eq!(saved["errors"], 0, "{saved}");
        let r = api.get(format!("{}/api/units/lcrsj-fixed/years/2024/report.md", s.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let md = r.text().await.unwrap();
        let table = &md[md.find("项目支出绩效自评结果汇总表").expect("the summary table")..];
        assert!(table.contains("高标准农田建设补助项目") && table.contains("608.00"), "{table}");

        record["projects"]["inline"].as_array_mut().unwrap().push(home_care);
        let r = put(&record, 2).await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let f: Value = get_json(&api, format!("{}/api/units/lcrsj-fixed/years/2024/findings", s.base)).await;
        let theirs: Vec<&Value> = f["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["message"].as_str().unwrap().starts_with("项目“居家养老上门服务(政府购买服务)”:"))
            .collect();
        assert!(theirs.iter().any(|x| x["severity"] == "error"), "{f}");
        assert!(
            theirs.iter().all(|x| x["location"]["field"].as_str().unwrap().starts_with("projects.inline[1].")),
            "each points into the project: {f}"
        );
        let r = api.get(format!("{}/api/units/lcrsj-fixed/years/2024/report.md", s.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT);
    })
    .await;
}

#[tokio::test]
async fn the_seeds_five_errors_fixed_in_the_forms_then_the_report_is_written() {
    each(async |s: &Server| {
        let c = client();
        page_login(&c, s, "tianbao", "demo2024").await;
        let token = page_csrf(&c, s).await;
        let mut base = 1;
        let mut save = async |sheet: &str, fields: &[(&str, &str)]| {
            let mut form: Vec<(String, String)> =
                vec![("_csrf".into(), token.clone()), ("base".into(), base.to_string()), ("op".into(), "save".into())];
            form.extend(fields.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())));
            let url = format!("{}/units/lcrsj/years/2024/sheets/{}", s.base, engine_sheet(sheet));
            let r = c.post(url).form(&form).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "{sheet}");
            base += 1;
        };
        // 住房保障支出: 96.78 was a typo for 95.50 (the 合计 and the structure paragraph agree).
        save(
            "收支预决算",
            &[
                ("budget_table.rows[5].actual", "95.50"),
                ("budget_table.rows[5].variance_stated", "23.23"),
                ("budget_table.rows[5].execution_rate_stated", "80.43%"),
            ],
        )
        .await;
        // 局本级 and the 4 subordinate units listed.
        save("单位与人员", &[("organization.budget_scope.stated_subordinate", "4")]).await;
        // The claim that every target was met is withdrawn (its row emptied).
        save("绩效目标", &[("claims[0].kind", ""), ("claims[0].text", ""), ("claims[0].source", "")]).await;
        let (api, _) = api_login(s, "tianbao").await;
        let f: Value = get_json(&api, format!("{}/api/units/lcrsj/years/2024/findings", s.base)).await;
        assert_eq!(f["errors"], 0, "{}", f["summary"]);
        let page = c.get(format!("{}/units/lcrsj/years/2024", s.base)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("发现 5 个警告(须说明)"), "warnings remain, to be explained");
        let r = c.get(format!("{}/units/lcrsj/years/2024/download/report.docx", s.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.bytes().await.unwrap().starts_with(b"PK"));
    })
    .await;
}

#[tokio::test]
async fn a_blank_year_is_filled_in_from_revision_zero() {
    each(async |s: &Server| {
        let c = client();
        page_login(&c, s, "admin", "demo2024").await;
        let page = c.get(format!("{}/units/lcjyj/years/2024", s.base)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("尚未填写") && page.contains("value=\"乐昌市就业服务管理局\""), "the blank record");
        let token = csrf_in(&page);
        let form = [
            ("_csrf", token.as_str()),
            ("base", "0"),
            ("op", "save"),
            ("header.department", "乐昌市就业服务管理局"),
            ("header.year", "2024"),
            ("finance.budget_initial", "120.50"),
        ];
        let r = c.post(format!("{}/units/lcjyj/years/2024/sheets/0", s.base)).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let (api, _) = api_login(s, "admin").await;
        let record: Value = get_json(&api, format!("{}/api/units/lcjyj/years/2024/record", s.base)).await;
        assert_eq!(record["finance"]["budget_initial"], "120.50");
        assert_eq!(revision(&api, s, "lcjyj").await, 1);
        // A new year for a unit, from 我的单位.
        let r = c
            .post(format!("{}/units/lcjyj/years", s.base))
            .form(&[("_csrf", token.as_str()), ("year", "2025")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["location"], "/units/lcjyj/years/2025");
        let r = c
            .post(format!("{}/units/lcjyj/years", s.base))
            .form(&[("_csrf", token.as_str()), ("year", "2025")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert!(r.text().await.unwrap().contains("该单位已有 2025 年度"));
        // Full-width digits (an input method's) are a year; one far off is refused (the test's
        // clock is at 2026-01-01), nothing created.
        let new_year = async |typed: &str| {
            let form = [("_csrf", token.as_str()), ("year", typed)];
            let r = c.post(format!("{}/units/lcjyj/years", s.base)).form(&form).send().await.unwrap();
            (r.status(), r.headers().get("location").map(|l| l.to_str().unwrap().to_string()), r.text().await.unwrap())
        };
        let (_, location, _) = new_year("２０２６").await;
        assert_eq!(location.as_deref(), Some("/units/lcjyj/years/2026"));
        for typed in ["1999", "2028", "二〇二六"] {
            let (status, _, body) = new_year(typed).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{typed}");
            assert!(body.contains("年度应为 2000–2027 之间的四位数字,如 2026"), "{body}");
        }
        let years = get_json(&api, format!("{}/api/units/lcjyj/years", s.base)).await;
        let years: Vec<i64> = years.as_array().unwrap().iter().map(|y| y["year"].as_i64().unwrap()).collect();
        assert_eq!(years.len(), 3, "{years:?}");
    })
    .await;
}

// ---------------------------------------------------------------- history

#[tokio::test]
async fn every_save_is_a_revision_that_can_be_compared_and_restored() {
    each(async |s: &Server| {
        let c = client();
        page_login(&c, s, "tianbao2", "demo2024").await;
        let token = page_csrf(&c, s).await;
        let form = [("_csrf", token.as_str()), ("base", "1"), ("op", "save"), ("finance.budget_initial", "3325.80")];
        let r = c.post(format!("{}/units/lcrsj-fixed/years/2024/sheets/0", s.base)).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let history = c
            .get(format!("{}/units/lcrsj-fixed/years/2024/history", s.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            history.contains("第 2 版") && history.contains("tianbao2") && history.contains("1 处改动"),
            "{history}"
        );
        assert!(history.contains("演示数据"));
        let diff = c
            .get(format!("{}/units/lcrsj-fixed/years/2024/revisions/2", s.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(diff.contains("基本情况 › 【部门收支】 › 年初预算数"), "{diff}");
        assert!(diff.contains("3325.83") && diff.contains("3325.80"), "old and new values");
        let old =
            c.get(format!("{}/units/lcrsj-fixed/years/2024?rev=1", s.base)).send().await.unwrap().text().await.unwrap();
        assert!(old.contains("正在查看第 1 版") && old.contains("value=\"3325.83\"") && old.contains("disabled"));
        let r = c
            .post(format!("{}/units/lcrsj-fixed/years/2024/revisions/1/restore", s.base))
            .form(&[("_csrf", token.as_str()), ("base", "2")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let (api, _) = api_login(s, "tianbao2").await;
        let record: Value = get_json(&api, format!("{}/api/units/lcrsj-fixed/years/2024/record", s.base)).await;
        assert_eq!(record["finance"]["budget_initial"], "3325.83");
        assert_eq!(revision(&api, s, "lcrsj-fixed").await, 3);
        let history = c
            .get(format!("{}/units/lcrsj-fixed/years/2024/history", s.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(history.contains("恢复为第 1 版"));
    })
    .await;
}

// ---------------------------------------------------------------- audit

#[tokio::test]
async fn an_uploaded_report_is_audited_with_its_figures_marked() {
    each(async |s: &Server| {
        let c = client();
        page_login(&c, s, "tianbao", "demo2024").await;
        let token = page_csrf(&c, s).await;
        let text = "乐昌市某局2024年度部门整体支出绩效自评报告\n\n一、预决算情况\n2024年年初预算数为100.00万元,全年执行数为80.00万元,预算执行率为90.00%。\n";
        let part = reqwest::multipart::Part::bytes(text.as_bytes().to_vec()).file_name("报告.txt");
        let form = reqwest::multipart::Form::new().text("_csrf", token).part("file", part);
        let r = c.post(format!("{}/audit", s.base)).multipart(form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let page = r.text().await.unwrap();
        assert!(page.contains("报告.txt:发现"), "{page}");
        assert!(page.contains("class=\"mark error primary\""), "a figure is marked: {page}");
        assert!(page.contains(">90.00%</a>"), "{page}");
        assert!(page.contains("项数字关系"), "the page says how much was checked: {page}");
        // A report with nothing to check is never called 未发现问题.
        let token = page_csrf(&c, s).await;
        let part = reqwest::multipart::Part::bytes("某局工作总结\n本年度工作顺利。\n".as_bytes().to_vec())
            .file_name("空.txt");
        let form = reqwest::multipart::Form::new().text("_csrf", token).part("file", part);
        let r = c.post(format!("{}/audit", s.base)).multipart(form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let page = r.text().await.unwrap();
        assert!(page.contains("空.txt:未能检查") && !page.contains("未发现问题"), "{page}");
        // A workbook sent here by mistake (even renamed) is told where it belongs.
        let (api, _) = api_login(s, "tianbao").await;
        let url = format!("{}/units/lcrsj/years/2024/download/workbook.xlsx", s.base);
        let workbook = api.get(&url).send().await.unwrap().bytes().await.unwrap().to_vec();
        for name in ["填报.xlsx", "报告.docx"] {
            let token = page_csrf(&c, s).await;
            let part = reqwest::multipart::Part::bytes(workbook.clone()).file_name(name);
            let form = reqwest::multipart::Form::new().text("_csrf", token).part("file", part);
            let r = c.post(format!("{}/audit", s.base)).multipart(form).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let page = r.text().await.unwrap();
            assert!(page.contains(&format!("无法读取 {name}:这是 Excel 工作簿,不是报告")), "{page}");
            assert!(page.contains("导入工作簿") && !page.contains("word/document.xml"), "{page}");
        }
    })
    .await;
}

/// A reviewer's batch on the web: several reports at once, the dashboard or the workbook to
/// download, by the names as uploaded; nothing without the session's token.
#[tokio::test]
async fn several_reports_are_reviewed_at_once_and_the_summary_downloaded() {
    each(async |s: &Server| {
        let c = client();
        page_login(&c, s, "shenhe", "demo2024").await;
        let page = c.get(format!("{}/audit", s.base)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("一次复核多份报告") && page.contains("action=\"/audit/batch\""), "{page}");
        let wrong = "某局2024年度部门整体支出绩效自评报告\n\n一、预决算情况\n2024年年初预算数为100.00万元,全年执行数为80.00万元,预算执行率为90.00%。\n";
        let right = "某所2024年度部门整体支出绩效自评报告\n\n一、预决算情况\n2024年年初预算数为100.00万元,全年执行数为80.00万元,预算执行率为80.00%。\n";
        let send = async |format: &str, token: Option<String>, files: &[(&str, &str)]| {
            let mut form = reqwest::multipart::Form::new().text("format", format.to_string());
            if let Some(t) = token {
                form = form.text("_csrf", t);
            }
            for (name, text) in files {
                let part = reqwest::multipart::Part::bytes(text.as_bytes().to_vec()).file_name(name.to_string());
                form = form.part("files", part);
            }
            c.post(format!("{}/audit/batch", s.base)).multipart(form).send().await.unwrap()
        };
        let token = page_csrf(&c, s).await;
        let files = [("甲局.txt", wrong), ("乙所.txt", right), ("甲局.txt", right)];
        let r = send("html", Some(token.clone()), &files).await;
        assert_eq!(r.status(), StatusCode::OK);
        let disposition = r.headers()["content-disposition"].to_str().unwrap().to_string();
        assert!(disposition.starts_with("attachment") && disposition.contains(&views_encode("复核汇总.html")), "{disposition}");
        let html = r.text().await.unwrap();
        assert!(html.contains("甲局.txt") && html.contains("乙所.txt") && html.contains("3-甲局.txt"), "the names as uploaded");
        assert!(!html.contains("/tmp/"), "no temporary folder shown: {}", html.split("/tmp/").nth(1).unwrap_or("").chars().take(300).collect::<String>());
        assert!(html.contains("A003"), "the wrong rate is found: {html}");
        assert!(html.contains("R008"), "the copied report is named: {html}");
        // A name no file system takes is replaced, the report still read.
        let long = format!("{}.txt", "很长的名字".repeat(30));
        let r = send("html", Some(token.clone()), &[(long.as_str(), wrong), ("../../x.txt", right)]).await;
        assert_eq!(r.status(), StatusCode::OK);
        let html = r.text().await.unwrap();
        assert!(html.contains("报告1.txt") && html.contains(">x.txt<"), "{html}");
        let r = send("xlsx", Some(token.clone()), &files[..2]).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.bytes().await.unwrap().starts_with(b"PK"));
        // Nothing chosen; no token.
        let r = send("html", Some(token), &[]).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(r.text().await.unwrap().contains("请选择要复核的报告文件"));
        let r = send("html", None, &files[..1]).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

// ---------------------------------------------------------------- limits

#[tokio::test]
async fn a_50_mb_upload_is_refused_in_chinese() {
    each(async |s: &Server| {
        let (api, _) = api_login(s, "tianbao").await;
        let big = vec![b'x'; 50_000_000];
        let r = api
            .post(format!("{}/api/units/lcrsj/years/2024/workbook?base=1", s.base))
            .header("content-type", "application/octet-stream")
            .body(big)
            .send()
            .await;
        match r {
            Ok(r) => {
                assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
                let body: Value = r.json().await.unwrap();
                assert_eq!(
                    body["error"],
                    "上传的内容有 47.7 MB,超过上限 20 MB:未做任何修改。请上传较小的文件(一份填报工作簿或自评报告通常不到 5 MB)。"
                );
            }
            // The server may close the connection before the client has sent everything.
            Err(e) => assert!(e.is_request() || e.is_body(), "{e}"),
        }
        assert_eq!(revision(&api, s, "lcrsj").await, 1);
        // The page's upload says so in a page.
        let c = client();
        page_login(&c, s, "tianbao", "demo2024").await;
        let token = page_csrf(&c, s).await;
        let part = reqwest::multipart::Part::bytes(vec![b'x'; 50_000_000]).file_name("大文件.xlsx");
        let form = reqwest::multipart::Form::new().text("_csrf", token).part("file", part);
        if let Ok(r) = c.post(format!("{}/units/lcrsj/years/2024/import", s.base)).multipart(form).send().await {
            assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
            let page = r.text().await.unwrap();
            assert!(page.contains("超过上限 20 MB:未做任何修改"), "{page}");
        }
        assert_eq!(revision(&api, s, "lcrsj").await, 1);
    })
    .await;
}

// ---------------------------------------------------------------- two servers, one database

#[tokio::test]
async fn two_servers_on_one_database_share_sessions_and_the_stale_save_check() {
    let dir = tempfile::tempdir().unwrap();
    let mut urls = vec![sqlite_url_in(dir.path())];
    if let Some(pg) = fresh_postgres_url().await.unwrap() {
        urls.push(pg);
    }
    for url in urls {
        let clock = Arc::new(AtomicI64::new(START));
        let one = start_on(&url, true, clock.clone()).await;
        let two = start_on(&one.database, false, clock).await;
        // Signed in on one, the same cookie works on the other.
        let (c, _) = api_login(&one, "tianbao").await;
        let r = c.get(format!("{}/api/units", two.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        // Two saves of the same year through different servers: one wins.
        let record = c
            .get(format!("{}/api/units/lcrsj/years/2024/record", one.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let put = |base: String| {
            c.put(format!("{base}/api/units/lcrsj/years/2024/record"))
                .header("if-match", "\"1\"")
                .header("content-type", "application/json")
                .body(record.clone())
                .send()
        };
        let (a, b) = tokio::join!(put(one.base.clone()), put(two.base.clone()));
        let mut statuses = [a.unwrap().status(), b.unwrap().status()];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "{url}");
        assert_eq!(revision(&c, &two, "lcrsj").await, 2);
    }
}

// ---------------------------------------------------------------- the first administrator

#[test]
fn init_admin_creates_the_first_administrator_in_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}/new.db", dir.path().display());
    let short = jixiao_server::init_admin(&url, "guanli", "short");
    assert_eq!(short.unwrap_err().to_string(), "密码至少 8 个字符");
    jixiao_server::init_admin(&url, "guanli", "a-long-password").unwrap();
    let again = jixiao_server::init_admin(&url, "guanli", "a-long-password");
    assert_eq!(again.unwrap_err().to_string(), "用户名“guanli”已被使用");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = Store::open(&url).await.unwrap();
        let c = store.credentials("guanli").await.unwrap().unwrap();
        assert_eq!(c.user.role, jixiao_store::Role::Admin);
        assert!(c.password_hash.starts_with("$argon2id$"));
        // And it signs in.
        let s = start_on(&url, false, Arc::new(AtomicI64::new(START))).await;
        let r = client()
            .post(format!("{}/api/session", s.base))
            .json(&json!({"username": "guanli", "password": "a-long-password"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    });
}
