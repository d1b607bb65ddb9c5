//! The web workspace in a real browser: Debian's Chromium, headless, driven through its
//! chromedriver (WebDriver) with `fantoccini`. No browser is downloaded: the test needs the
//! `chromium` and `chromium-driver` packages (`scripts/test` installs them).
//!
//! Two walks on a demo server (port 0, temporary SQLite):
//! - issue 10: a filer signs in, edits a figure, sees the finding appear at that field, puts
//!   it right and downloads the report;
//! - issue 11: the filer sends the year for review, is refused, explains the warning and
//!   fills in what a final report needs, sends it; the reviewer returns it with a comment on a
//!   field; the filer sees the comment there, fixes and sends again; the reviewer approves;
//!   the bureau downloads the 汇总.
//!
//! With `JIXIAO_SCREENSHOTS=DIR` set, the main pages are saved there as PNG (docs/images is
//! made this way).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Child, Stdio};
use std::sync::Arc;
use std::sync::atomic::AtomicI64;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use jixiao_server::{Config, app, load_demo};
use jixiao_store::Store;
use serde_json::json;

const START: i64 = 1_767_225_600; // 2026-01-01

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn server(dir: &std::path::Path) -> String {
    let store = Store::open(&jixiao_store::testing::sqlite_url_in(dir)).await.unwrap();
    load_demo(&store, START).await.unwrap();
    let clock = Arc::new(AtomicI64::new(START));
    let config =
        Config { clock: Arc::new(move || clock.load(std::sync::atomic::Ordering::SeqCst)), ..Config::default() };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app(config, store)).await });
    base
}

/// chromedriver on a free port, and a headless Chromium session with a fresh profile.
async fn browser(profile: &std::path::Path) -> (Driver, Client) {
    let chromium = jixiao_testkit::find("chromium")
        .or_else(|| jixiao_testkit::find("chromium-browser"))
        .unwrap_or_else(|| panic!("{}", jixiao_testkit::missing_message("chromium")));
    let port = free_port();
    let child = jixiao_testkit::program("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver(child);
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--lang=zh-CN", "--window-size=1440,1000",
                format!("--user-data-dir={}", profile.display()),
            ],
        },
    });
    let caps: fantoccini::wd::Capabilities = caps.as_object().unwrap().clone();
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let mut last = None;
    for _ in 0..50 {
        match ClientBuilder::new(connector.clone())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => return (driver, c),
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("no WebDriver session: {last:?}");
}

/// Saves a screenshot of the page when `JIXIAO_SCREENSHOTS` names a folder.
async fn shot(c: &Client, name: &str, height: u32) {
    let Ok(dir) = std::env::var("JIXIAO_SCREENSHOTS") else { return };
    c.set_window_size(1440, height).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let png = c.screenshot().await.unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    c.set_window_size(1440, 1000).await.unwrap();
}

async fn sign_in(c: &Client, base: &str, user: &str) {
    c.goto(&format!("{base}/login")).await.unwrap();
    c.delete_all_cookies().await.unwrap();
    c.goto(&format!("{base}/login")).await.unwrap();
    c.find(Locator::Css("input[name=username]")).await.unwrap().send_keys(user).await.unwrap();
    c.find(Locator::Css("input[name=password]")).await.unwrap().send_keys("demo2024").await.unwrap();
    c.find(Locator::Css("form button[type=submit]")).await.unwrap().click().await.unwrap();
    for _ in 0..100 {
        if c.current_url().await.unwrap().path() == "/units" {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{user} is not signed in: {}", text(c).await);
}

/// The page's text (empty while a new page is loading).
async fn text(c: &Client) -> String {
    match c.execute("return document.body ? document.body.innerText : '';", vec![]).await {
        Ok(v) => v.as_str().unwrap_or_default().to_string(),
        Err(_) => String::new(),
    }
}

/// Waits until the page's text contains `what`.
async fn until(c: &Client, what: &str) {
    for _ in 0..100 {
        if text(c).await.contains(what) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the page never says “{what}”: {}", text(c).await);
}

/// Sets an input (by its field path) to `value`.
async fn set(c: &Client, path: &str, value: &str) {
    let id = jixiao_server::form::anchor(path);
    let e = c.find(Locator::Id(&id)).await.unwrap_or_else(|_| panic!("no input {id}"));
    e.clear().await.unwrap();
    e.send_keys(value).await.unwrap();
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("nothing at {css}")).click().await.unwrap();
}

/// Fetches a URL with the browser's session: (status, bytes, content type).
async fn fetch(c: &Client, url: &str) -> (u64, u64, String) {
    let v = c
        .execute_async(
            "const [url, done] = arguments; fetch(url, {credentials: 'same-origin'}).then(async r => { const b = await r.arrayBuffer(); done([r.status, b.byteLength, r.headers.get('content-type') || '']); }).catch(e => done([0, 0, String(e)]));",
            vec![json!(url)],
        )
        .await
        .unwrap();
    let a = v.as_array().unwrap();
    (a[0].as_u64().unwrap(), a[1].as_u64().unwrap(), a[2].as_str().unwrap().to_string())
}

fn sheet(name: &str) -> usize {
    jixiao_server::engine::schema::DEPT.sections.iter().position(|s| s.name == name).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filer_and_a_reviewer_walk_the_workspace_and_the_review_cycle_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let base = server(dir.path()).await;
    let (_driver, c) = browser(&dir.path().join("profile")).await;
    let result = walk(&c, &base).await;
    let _ = c.close().await;
    result
}

async fn walk(c: &Client, base: &str) {
    // ---- issue 10: sign in, edit a figure, see the finding at that field, download the report.
    c.goto(&format!("{base}/login")).await.unwrap();
    sign_in(c, base, "tianbao2").await;
    let year = format!("{base}/units/lcrsj-fixed/years/2024");
    let budget = sheet("收支预决算");
    c.goto(&format!("{year}?sheet={budget}")).await.unwrap();
    until(c, "未发现问题").await;
    let rate = "budget_table.rows[0].execution_rate_stated";
    let before = c
        .find(Locator::Id(&jixiao_server::form::anchor(rate)))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    set(c, rate, "50.00").await;
    click(c, "button[name=op][value=save]").await;
    until(c, "已保存为第 2 版").await;
    // The finding is beside the field edited, and in the list.
    let field = c.find(Locator::XPath(&format!("//*[@id='{}']/..", jixiao_server::form::anchor(rate)))).await.unwrap();
    let class = field.attr("class").await.unwrap().unwrap_or_default();
    assert!(class.contains("has-error") || class.contains("has-warning"), "the field is marked: {class}");
    let mark = field.find(Locator::Css("a.mark")).await.unwrap().text().await.unwrap();
    assert!(mark.contains('A') || mark.contains('B') || mark.contains('C'), "a rule's code beside the field: {mark}");
    shot(c, "web-year", 1000).await;
    // A report is refused while the record has an error, then written once it is put right.
    let (status, _, _) = fetch(c, &format!("{year}/download/report.html")).await;
    assert_eq!(status, 409);
    set(c, rate, &before).await;
    click(c, "button[name=op][value=save]").await;
    until(c, "已保存为第 3 版").await;
    let (status, size, mime) = fetch(c, &format!("{year}/download/report.html")).await;
    assert_eq!((status, mime.starts_with("text/html")), (200, true), "{mime}");
    assert!(size > 1000);
    let (status, _, mime) = fetch(c, &format!("{year}/download/report.docx")).await;
    assert_eq!(status, 200, "{mime}");

    // ---- issue 11: one full cycle.
    // The filer blanks the 单位负责人 (the example has one) and leaves a target's 偏差原因
    // out (a warning), then sends the year: refused.
    c.goto(&format!("{year}?sheet=0")).await.unwrap();
    set(c, "header.head", "").await;
    click(c, "button[name=op][value=save]").await;
    until(c, "已保存为第 4 版").await;
    let targets = sheet("绩效目标");
    c.goto(&format!("{year}?sheet={targets}")).await.unwrap();
    let mut cleared = false;
    for reason in c.find_all(Locator::Css("textarea[name$='.deviation_reason']")).await.unwrap() {
        if !reason.prop("value").await.unwrap().unwrap_or_default().is_empty() {
            reason.clear().await.unwrap();
            cleared = true;
            break;
        }
    }
    assert!(cleared, "a target with a 偏差原因");
    click(c, "button[name=op][value=save]").await;
    until(c, "已保存为第 5 版").await;
    click(c, "#submit-link").await;
    until(c, "送审:").await;
    // The explanation is written at once; the 送审 is refused (the 单位负责人 is missing).
    let explanation = "部分企业外迁,参保人数减少,原因已在报告第三部分说明。";
    let ex = c.find(Locator::Css("textarea[name^='ex:T002']")).await.unwrap();
    ex.send_keys(explanation).await.unwrap();
    click(c, "#submit-button").await;
    until(c, "送审未成功").await;
    let page = text(c).await;
    assert!(page.contains("单位负责人") && !page.contains("还没有出错说明"), "{page}");
    shot(c, "web-submit-refused", 1000).await;
    // Fills in the 单位负责人 a final report needs, explains the warning, sends it.
    c.goto(&format!("{year}?sheet=0")).await.unwrap();
    set(c, "header.head", "王明").await;
    click(c, "button[name=op][value=save]").await;
    until(c, "已保存为第 6 版").await;
    c.goto(&format!("{year}/submit")).await.unwrap();
    // Back on 送审 after fixing it elsewhere: the explanation typed before is still there.
    let ex = c.find(Locator::Css("textarea[name^='ex:T002']")).await.unwrap();
    assert_eq!(ex.prop("value").await.unwrap().as_deref(), Some(explanation));
    click(c, "#submit-button").await;
    until(c, "已送审").await;
    assert_eq!(c.find(Locator::Id("year-state")).await.unwrap().text().await.unwrap(), "待审核");

    // The reviewer: the task's table, the year under review, a comment on a field, 退回.
    sign_in(c, base, "shenhe").await;
    c.goto(&format!("{base}/tasks/2024/lcczj")).await.unwrap();
    until(c, "乐昌市人社局(改正示例)").await;
    shot(c, "web-task", 800).await;
    c.goto(&format!("{year}/review")).await.unwrap();
    until(c, "部分企业外迁").await;
    c.find(Locator::Id("comment-path")).await.unwrap().select_by_value("finance.actual").await.unwrap();
    c.find(Locator::Id("comment-text")).await.unwrap().send_keys("全年执行数请与部门决算报表核对").await.unwrap();
    click(c, "#comment-button").await;
    until(c, "全年执行数请与部门决算报表核对").await;
    c.find(Locator::Id("return-comment")).await.unwrap().send_keys("请核对后重新送审").await.unwrap();
    shot(c, "web-review", 1100).await;
    click(c, "#return-button").await;
    until(c, "已退回").await;

    // The filer sees the comment at the field, fixes, sends again (the explanation offered).
    sign_in(c, base, "tianbao2").await;
    c.goto(&format!("{year}?sheet=0")).await.unwrap();
    until(c, "审核意见:全年执行数请与部门决算报表核对").await;
    let at = c
        .find(Locator::XPath(&format!("//*[@id='{}']/..", jixiao_server::form::anchor("finance.actual"))))
        .await
        .unwrap();
    assert!(at.text().await.unwrap().contains("审核意见"), "the comment is at 全年执行数");
    shot(c, "web-returned", 1000).await;
    set(c, "finance.variance_reason", "已与部门决算报表核对一致。").await;
    click(c, "button[name=op][value=save]").await;
    until(c, "已保存为第 7 版").await;
    c.goto(&format!("{year}/submit")).await.unwrap();
    until(c, "上次送审时所写").await;
    click(c, "#submit-button").await;
    until(c, "已送审").await;

    // The reviewer sees what changed since the return, and approves.
    sign_in(c, base, "shenhe").await;
    c.goto(&format!("{year}/review")).await.unwrap();
    until(c, "退回以来的改动").await;
    assert!(text(c).await.contains("已与部门决算报表核对一致。"));
    click(c, "#approve-button").await;
    // 通过 is asked once more before it is sent.
    let question = c.get_alert_text().await.expect("a confirmation before 通过");
    assert!(question.contains("确认通过这份自评"), "{question}");
    c.accept_alert().await.unwrap();
    until(c, "已通过").await;

    // The bureau sums up and downloads the 汇总 (xlsx and the Fiscal Data Package).
    c.goto(&format!("{base}/tasks/2024/lcczj/rollup")).await.unwrap();
    until(c, "预决算差异表(按功能分类科目)").await;
    shot(c, "web-rollup", 1100).await;
    let (status, size, mime) = fetch(c, &format!("{base}/tasks/2024/lcczj/rollup.xlsx?node=lcczj")).await;
    assert_eq!(status, 200, "{mime}");
    assert!(mime.contains("spreadsheetml") && size > 1000, "{mime} {size}");
    let (status, _, mime) = fetch(c, &format!("{base}/tasks/2024/lcczj/rollup.zip?node=lcczj")).await;
    assert_eq!((status, mime.as_str()), (200, "application/zip"));
    // The history shows every move.
    c.goto(&format!("{year}/history")).await.unwrap();
    let page = text(c).await;
    for m in ["送审", "退回", "通过", "请核对后重新送审"] {
        assert!(page.contains(m), "{m} in the history");
    }
}
