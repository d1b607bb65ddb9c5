//! The review workflow as users and scripts reach it: a real server on port 0 with the demo
//! loaded, on a temporary SQLite file, and again on PostgreSQL when `JIXIAO_TEST_POSTGRES` is
//! set.
//!
//! Modules of this file: the harness; every move from every state by every role (a table);
//! the gate at 送审; comments and the diff since a return; two reviewers at once; tasks and
//! their indicator systems; 汇总 against sums computed here, and its Fiscal Data Package
//! against the spec's required fields; the next year and two years compared.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

mod common;

use common::{client, csrf_in};
use jixiao_server::{Config, app, load_demo};
use jixiao_store::testing::{fresh_postgres_url, sqlite_url_in};
use jixiao_store::{NewUnit, Store};
use reqwest::StatusCode;
use serde_json::{Value, json};

// ---------------------------------------------------------------- harness

struct Server {
    base: String,
    store: Store,
}

const START: i64 = 1_767_225_600; // 2026-01-01

/// A GET answered with JSON.
async fn get_json(c: &reqwest::Client, url: String) -> Value {
    c.get(url).send().await.unwrap().json().await.unwrap()
}

async fn start_on(database: &str) -> Server {
    let store = Store::open(database).await.unwrap();
    load_demo(&store, START).await.unwrap();
    let clock = Arc::new(AtomicI64::new(START));
    let config = Config { clock: Arc::new(move || clock.load(Ordering::SeqCst)), ..Config::default() };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let s2 = store.clone();
    tokio::spawn(async move { axum::serve(listener, app(config, s2)).await });
    Server { base, store }
}

async fn each(f: impl AsyncFn(&Server)) {
    let dir = tempfile::tempdir().unwrap();
    let mut urls = vec![sqlite_url_in(dir.path())];
    if let Some(pg) = fresh_postgres_url().await.unwrap() {
        urls.push(pg);
    }
    for u in urls {
        let s = start_on(&u).await;
        f(&s).await;
    }
}

/// A client signed in through the API.
async fn login(s: &Server, user: &str) -> reqwest::Client {
    let c = client();
    let r = c
        .post(format!("{}/api/session", s.base))
        .json(&json!({"username": user, "password": "demo2024"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{user} signs in");
    c
}

async fn post(c: &reqwest::Client, s: &Server, path: &str, body: Value) -> (StatusCode, Value) {
    let r = c.post(format!("{}{path}", s.base)).json(&body).send().await.unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn get(c: &reqwest::Client, s: &Server, path: &str) -> (StatusCode, Value) {
    let r = c.get(format!("{}{path}", s.base)).send().await.unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

const FIXED: &str = "/api/units/lcrsj-fixed/years/2024";

async fn state_of(c: &reqwest::Client, s: &Server, year: &str) -> String {
    let (status, h) = get(c, s, &format!("{year}/history")).await;
    assert_eq!(status, StatusCode::OK, "{h}");
    h["state"].as_str().unwrap().to_string()
}

/// The explanations for every warning the gate names.
async fn explanations_for(c: &reqwest::Client, s: &Server, year: &str) -> Value {
    let (status, body) = post(c, s, &format!("{year}/submit"), json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body["errors"].as_array().unwrap().is_empty() && body["missing"].as_array().unwrap().is_empty(), "{body}");
    let mut out = serde_json::Map::new();
    for w in body["unexplained"].as_array().unwrap() {
        out.insert(w["key"].as_str().unwrap().to_string(), json!(format!("{} 已核对", w["code"].as_str().unwrap())));
    }
    Value::Object(out)
}

/// Brings the corrected unit's 2024 year to a state (as the 管理员).
async fn bring_to(admin: &reqwest::Client, s: &Server, target: &str, ex: &Value) {
    match state_of(admin, s, FIXED).await.as_str() {
        "approved" => {
            assert_eq!(post(admin, s, &format!("{FIXED}/reopen"), json!({"reason": "重置"})).await.0, StatusCode::OK)
        }
        "submitted" => {
            assert_eq!(post(admin, s, &format!("{FIXED}/return"), json!({"comment": "重置"})).await.0, StatusCode::OK)
        }
        _ => {}
    }
    if target == "filling" {
        return;
    }
    let (status, body) = post(admin, s, &format!("{FIXED}/submit"), json!({"explanations": ex})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    if target == "approved" {
        assert_eq!(post(admin, s, &format!("{FIXED}/approve"), json!({})).await.0, StatusCode::OK);
    }
}

/// Reads the corrected unit's record as `c`, changes it with `change` and saves it (200
/// expected); returns the body of the save.
async fn edit_fixed(c: &reqwest::Client, s: &Server, change: impl FnOnce(&mut Value)) -> Value {
    let r = c.get(format!("{}{FIXED}/record", s.base)).send().await.unwrap();
    let rev = r.headers()["x-jixiao-revision"].to_str().unwrap().to_string();
    let mut record: Value = r.json().await.unwrap();
    change(&mut record);
    let r = c
        .put(format!("{}{FIXED}/record", s.base))
        .header("if-match", format!("\"{rev}\""))
        .json(&record)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

/// Makes the corrected unit's record ready for 送审 but for one warning: fills in the 单位负责人
/// a final report needs and leaves out one target's 偏差原因 (rule T002).
async fn one_warning(admin: &reqwest::Client, s: &Server) {
    let saved = edit_fixed(admin, s, |record| {
        record["header"]["head"] = json!("王明");
        let targets = record["targets"].as_array_mut().unwrap();
        let t = targets.iter_mut().find(|t| t.get("deviation_reason").is_some()).unwrap();
        t.as_object_mut().unwrap().remove("deviation_reason");
    })
    .await;
    assert_eq!((saved["errors"].as_u64(), saved["warnings"].as_u64()), (Some(0), Some(1)), "{saved}");
}

// ---------------------------------------------------------------- every move × state × role

#[tokio::test]
async fn every_move_from_every_state_by_every_role() {
    each(async |s: &Server| {
        let admin = login(s, "admin").await;
        one_warning(&admin, s).await;
        let ex = explanations_for(&admin, s, FIXED).await;
        assert_eq!(ex.as_object().unwrap().len(), 1, "{ex}");
        // (role, user, may see the unit, may fill it in, may review it)
        let roles = [
            ("管理员", "admin", true, true, true),
            ("审核人", "shenhe", true, false, true),
            ("本单位填报人", "tianbao2", true, true, false),
            ("其他单位填报人", "tianbao", false, false, false),
        ];
        // (move, the state it starts from, the state it leads to, needs review access)
        let moves = [
            ("submit", "filling", "submitted", false),
            ("return", "submitted", "filling", true),
            ("approve", "submitted", "approved", true),
            ("reopen", "approved", "filling", true),
            ("save", "filling", "filling", false),
        ];
        let mut checked = 0;
        for state in ["filling", "submitted", "approved"] {
            for (role, user, sees, fills, reviews) in roles {
                let c = login(s, user).await;
                for (mv, from, to, review) in moves {
                    bring_to(&admin, s, state, &ex).await;
                    let before = get(&admin, s, &format!("{FIXED}/history")).await.1;
                    let (status, body) = if mv == "save" {
                        let r = admin.get(format!("{}{FIXED}/record", s.base)).send().await.unwrap();
                        let rev = r.headers()["x-jixiao-revision"].to_str().unwrap().to_string();
                        let record = r.text().await.unwrap();
                        let r = c
                            .put(format!("{}{FIXED}/record", s.base))
                            .header("if-match", format!("\"{rev}\""))
                            .header("content-type", "application/json")
                            .body(record)
                            .send()
                            .await
                            .unwrap();
                        let status = r.status();
                        (status, Value::String(r.text().await.unwrap()))
                    } else {
                        let body = match mv {
                            "submit" => json!({"explanations": ex}),
                            "return" => json!({"comment": "请核对"}),
                            "reopen" => json!({"reason": "数据有误"}),
                            _ => json!({}),
                        };
                        post(&c, s, &format!("{FIXED}/{mv}"), body).await
                    };
                    let may = if review { reviews } else { fills };
                    let what = format!("{role} {mv} from {state}: {status} {body}");
                    let expected = if !sees {
                        StatusCode::NOT_FOUND
                    } else if !may {
                        StatusCode::FORBIDDEN
                    } else if state != from {
                        StatusCode::CONFLICT
                    } else {
                        StatusCode::OK
                    };
                    assert_eq!(status, expected, "{what}");
                    let text = body.to_string();
                    if status != StatusCode::OK {
                        // A Chinese message, and nothing changed.
                        assert!(text.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)), "{what}");
                        let after = get(&admin, s, &format!("{FIXED}/history")).await.1;
                        assert_eq!(after, before, "{what}");
                    } else {
                        let after = state_of(&admin, s, FIXED).await;
                        assert_eq!(after, to, "{what}");
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 3 * 4 * 5);
        // Every move was recorded, with who and the comment.
        let h = get(&admin, s, &format!("{FIXED}/history")).await.1;
        let moves = h["moves"].as_array().unwrap();
        assert!(
            moves.iter().any(|m| m["action"] == "return" && m["by"] == "shenhe" && m["comment"] == "请核对"),
            "{h}"
        );
        assert!(moves.iter().any(|m| m["action"] == "reopen" && m["comment"] == "数据有误"));
    })
    .await;
}

// ---------------------------------------------------------------- the gate, comments, diff

#[tokio::test]
async fn the_gate_comments_at_fields_and_the_diff_since_a_return() {
    each(async |s: &Server| {
        let filer = login(s, "tianbao2").await;
        // The corrected example is complete; the filer blanks its 单位负责人.
        edit_fixed(&filer, s, |record| record["header"]["head"] = json!("")).await;
        // Refused: what a final report needs is missing (单位负责人).
        let (status, body) = post(&filer, s, &format!("{FIXED}/submit"), json!({})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(body["missing"][0]["path"], "header.head", "{body}");
        assert!(body["error"].as_str().unwrap().contains("最终报告需要的 1 项还没有填写"), "{body}");
        // The seed's errors refuse it too, listed.
        let seed = login(s, "tianbao").await;
        let (status, body) = post(&seed, s, "/api/units/lcrsj/years/2024/submit", json!({})).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["errors"].as_array().unwrap().len(), 5, "{body}");
        assert_eq!(body["unexplained"].as_array().unwrap().len(), 5, "{body}");
        // One warning left: refused until it is explained; an empty text does not count.
        let admin = login(s, "admin").await;
        one_warning(&admin, s).await;
        let (status, body) = post(&filer, s, &format!("{FIXED}/submit"), json!({})).await;
        assert_eq!(status, StatusCode::CONFLICT);
        let key = body["unexplained"][0]["key"].as_str().unwrap().to_string();
        assert!(key.starts_with("T002@"), "{key}");
        let (status, _) = post(&filer, s, &format!("{FIXED}/submit"), json!({"explanations": {&key: "  "}})).await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (status, body) =
            post(&filer, s, &format!("{FIXED}/submit"), json!({"explanations": {&key: "企业外迁,已另行报告"}})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["state_zh"], "待审核");
        // The reviewer sees the explanation beside the warning.
        let reviewer = login(s, "shenhe").await;
        let page = reviewer.get(format!("{}/units/lcrsj-fixed/years/2024/review", s.base)).send().await.unwrap();
        let html = page.text().await.unwrap();
        assert!(html.contains("出错说明:</b>企业外迁,已另行报告"), "the explanation beside the warning");
        // A comment on a field, then 退回 without a reason of its own.
        let (status, _) = post(
            &reviewer,
            s,
            &format!("{FIXED}/comments"),
            json!({"path": "finance.actual", "text": "请与决算报表核对"}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, _) = post(
            &reviewer,
            s,
            &format!("{FIXED}/comments"),
            json!({"path": "budget_table.rows[2]", "text": "此行决算数请附决算报表"}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, body) = post(&reviewer, s, &format!("{FIXED}/return"), json!({})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        // The filer sees the comment at the field.
        let page = filer
            .get(format!("{}/units/lcrsj-fixed/years/2024?sheet=0", s.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("审核意见:请与决算报表核对"), "the comment at its field");
        // Said as 已退回 on the filer's page and in the reviewer's table and its counts.
        assert!(page.contains("id=\"year-state\">已退回</span>"), "{page}");
        let table = reviewer.get(format!("{}/tasks/2024/lcczj", s.base)).send().await.unwrap().text().await.unwrap();
        assert!(table.contains(" · 已退回 1 · "), "{table}");
        let at_field = page.find("id=\"f-finance-actual\"").unwrap();
        let comment_at = page.find("审核意见:请与决算报表核对").unwrap();
        assert!(comment_at > at_field && comment_at - at_field < 1500, "the comment is beside the 决算数 input");
        // A comment on a table's row as a whole: listed at the top with a link to the row, and
        // shown under the row.
        let page = filer
            .get(format!("{}/units/lcrsj-fixed/years/2024?sheet=2", s.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let row = page.find("<tr id=\"f-budget_table-rows-2-\">").expect("the row's anchor");
        let under = page.find("审核意见:此行决算数请附决算报表").expect("the row's comment");
        assert!(under > row && under - row < 6000, "the comment is under its row");
        assert!(page.contains("#f-budget_table-rows-2-\">"), "the list links to the row");
        // The filer fixes a figure and submits again (the explanation kept with the revision
        // does not carry over to a new revision: it is given again).
        let mut record = Value::Null;
        edit_fixed(&filer, s, |r| {
            r["finance"]["variance_reason"] = json!("已与决算报表核对一致。");
            record = r.clone();
        })
        .await;
        let (status, _) = post(&filer, s, &format!("{FIXED}/submit"), json!({})).await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (status, _) =
            post(&filer, s, &format!("{FIXED}/submit"), json!({"explanations": {&key: "企业外迁"}})).await;
        assert_eq!(status, StatusCode::OK);
        // The reviewer sees the diff since the return.
        let html = reviewer
            .get(format!("{}/units/lcrsj-fixed/years/2024/review", s.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("退回以来的改动(1 处)") && html.contains("已与决算报表核对一致。"),
            "the diff since the return"
        );
        // … with the comments the returned version carried, to see whether each was dealt with.
        let earlier = html.find("上次退回时的意见").expect("the earlier comments");
        assert!(html[earlier..].contains("请与决算报表核对"), "{html}");
        // A comment may be about a table's row as a whole, named by its name cell.
        assert!(html.contains("value=\"budget_table.rows[2]\""), "{html}");
        assert!(html.contains("【预决算差异表】第 3 行(社会保障和就业支出)"), "{html}");
        // 通过: read-only after; editing refused with a Chinese message.
        let (status, _) = post(&reviewer, s, &format!("{FIXED}/approve"), json!({})).await;
        assert_eq!(status, StatusCode::OK);
        let r = filer
            .put(format!("{}{FIXED}/record", s.base))
            .header("if-match", "\"5\"")
            .json(&record)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert!(r.text().await.unwrap().contains("已通过"));
        // Reopening needs a reason.
        let (status, body) = post(&reviewer, s, &format!("{FIXED}/reopen"), json!({})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(body["error"].as_str().unwrap().contains("原因"));
    })
    .await;
}

#[tokio::test]
async fn of_two_reviewers_acting_at_once_one_wins_and_the_other_is_told() {
    each(async |s: &Server| {
        let (a, b) = (login(s, "admin").await, login(s, "shenhe").await);
        // 乐昌市社会保险基金管理局 is 待审核 in the demo.
        let year = "/api/units/lcsbj/years/2024";
        for round in 0..3 {
            let (approve, ret) = (format!("{year}/approve"), format!("{year}/return"));
            let (x, y) =
                tokio::join!(post(&a, s, &approve, json!({})), post(&b, s, &ret, json!({"comment": "请改正"})),);
            let oks = [x.0, y.0].iter().filter(|st| **st == StatusCode::OK).count();
            assert_eq!(oks, 1, "round {round}: {x:?} {y:?}");
            let loser = if x.0 == StatusCode::OK { y } else { x };
            assert_eq!(loser.0, StatusCode::CONFLICT, "{loser:?}");
            assert!(loser.1["error"].as_str().unwrap().contains("不能"), "{loser:?}");
            // Back to 待审核.
            if state_of(&a, s, year).await == "approved" {
                post(&a, s, &format!("{year}/reopen"), json!({"reason": "再来"})).await;
            }
            let (st, body) = post(&a, s, &format!("{year}/submit"), json!({})).await;
            assert_eq!(st, StatusCode::OK, "{body}");
        }
    })
    .await;
}

// ---------------------------------------------------------------- tasks

#[tokio::test]
async fn a_task_is_opened_with_a_validated_indicator_system() {
    each(async |s: &Server| {
        let admin = login(s, "admin").await;
        // A system file that does not validate is refused with its errors.
        let bad = "[system]\nid = \"x\"\nname = \"坏的\"\nkind = \"dept_evaluation\"\n[[indicators]]\ncode = \"A\"\n";
        let (status, body) = post(
            &admin,
            s,
            "/api/tasks",
            json!({"year": 2025, "node": "lcczj", "system_toml": bad, "deadline": "2026-03-31"}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(!body["errors"].as_array().unwrap().is_empty(), "{body}");
        assert!(body["error"].as_str().unwrap().contains("指标体系"));
        // An unknown built-in one, a bad deadline.
        let (status, _) = post(
            &admin,
            s,
            "/api/tasks",
            json!({"year": 2025, "node": "lcczj", "system": "nope", "deadline": "2026-03-31"}),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _) = post(
            &admin,
            s,
            "/api/tasks",
            json!({"year": 2025, "node": "lcczj", "system": "gd-dept-2024", "deadline": "明年"}),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        // A deadline already passed (the test's clock is at 2026-01-01).
        let (status, body) = post(
            &admin,
            s,
            "/api/tasks",
            json!({"year": 2025, "node": "lcczj", "system": "gd-dept-2024", "deadline": "2025-12-31"}),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["error"], "截止日期 2025-12-31 已经过了(今天是 2026-01-01):未下达任务,请改为今天以后的日期");
        // A filer may not open one; a reviewer may, for the units under them.
        let filer = login(s, "tianbao").await;
        let (status, _) = post(
            &filer,
            s,
            "/api/tasks",
            json!({"year": 2025, "node": "lcrsj", "system": "gd-dept-2024", "deadline": "2026-03-31"}),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let reviewer = login(s, "shenhe").await;
        let (status, body) = post(
            &reviewer,
            s,
            "/api/tasks",
            json!({"year": 2025, "node": "lcczj", "system": "gd-dept-2024", "deadline": "2026-03-31"}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let (status, _) = post(
            &reviewer,
            s,
            "/api/tasks",
            json!({"year": 2025, "node": "lcczj", "system": "gd-dept-2024", "deadline": "2026-03-31"}),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        // Each unit below got its year, 填报中, starting with the task's system.
        let (status, table) = get(&reviewer, s, "/api/tasks/2025?node=lcczj").await;
        assert_eq!(status, StatusCode::OK);
        let rows = table["units"].as_array().unwrap();
        assert_eq!(rows.len(), 5, "{table}");
        assert!(rows.iter().all(|r| r["state"] == "filling" && r["days_left"] == 89), "{table}");
        let record: Value = get_json(&filer, format!("{}/api/units/lcrsj/years/2025/record", s.base)).await;
        assert_eq!(record["indicator_system"], "gd-dept-2024");
        // The filer sees the task; the reviewer's table of 2024 shows the demo's states.
        let (_, tasks) = get(&filer, s, "/api/tasks").await;
        assert_eq!(tasks.as_array().unwrap().len(), 2);
        let (_, table) = get(&reviewer, s, "/api/tasks/2024?node=lcczj").await;
        let states: Vec<(&str, &str)> = table["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["code"].as_str().unwrap(), r["state_zh"].as_str().unwrap()))
            .collect();
        for want in [("lcrsj", "填报中"), ("lcsbj", "待审核"), ("lcybj", "已通过"), ("lcjyj", "填报中")] {
            assert!(states.contains(&want), "{states:?}");
        }
        let seed = table["units"].as_array().unwrap().iter().find(|r| r["code"] == "lcrsj").unwrap();
        assert_eq!((seed["errors"].as_u64(), seed["warnings"].as_u64()), (Some(5), Some(5)));
        let passed = table["units"].as_array().unwrap().iter().find(|r| r["code"] == "lcybj").unwrap();
        assert!(passed["self_score"].is_string() && passed["grade"].is_string(), "{passed}");
        // The demo's indicator system has no points: the data supports no indicator's score,
        // so there is no data-supported total (not the self-scores' sum shown as one).
        assert!(passed["supported"].is_null(), "{passed}");
        // In tree order: 就业服务管理局 right after 人社局, its parent.
        let codes: Vec<&str> = table["units"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect();
        let at = |c: &str| codes.iter().position(|x| *x == c).unwrap();
        assert_eq!(at("lcjyj"), at("lcrsj") + 1, "{codes:?}");
        // The filer may not see the reviewer's table.
        let (status, _) = get(&filer, s, "/api/tasks/2024?node=lcczj").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    })
    .await;
}

// ---------------------------------------------------------------- 汇总

/// Hundredths as the decimal text a filer types (`123.05`).
fn money(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

#[tokio::test]
async fn the_rollup_is_the_exact_sum_names_a_unit_that_breaks_it_and_exports_a_fiscal_data_package() {
    each(async |s: &Server| {
        let bureau = s.store.unit_by_code("lcczj").await.unwrap().unwrap();
        let node = s.store.create_unit(NewUnit { code: "sum-node", name: "汇总测试局", parent: Some(bureau.id) }, START).await.unwrap();
        let author = s.store.credentials("admin").await.unwrap().unwrap().user.id;
        let classes = [("201", "一般公共服务支出"), ("208", "社会保障和就业支出"), ("221", "住房保障支出")];
        // Sums computed here, independently: hundredths as integers.
        let mut by_class = std::collections::BTreeMap::<&str, (i64, i64)>::new();
        let (mut fin_budget, mut oper_actual, mut reception, mut staff, mut targets_met) = (0i64, 0i64, 0i64, 0u64, 0);
        let n = 7;
        let broken = 3;
        for i in 0..n {
            let code = format!("sum-{i}");
            let name = format!("测试单位{i}");
            let unit = s.store.create_unit(NewUnit { code: &code, name: &name, parent: Some(node) }, START).await.unwrap();
            let rows: Vec<Value> = classes
                .iter()
                .enumerate()
                .filter(|(k, _)| (i + k) % 3 != 0 || *k == 1)
                .map(|(k, (c, cn))| {
                    let b = 100_000 + 3_717 * i as i64 + 1_009 * k as i64;
                    let a = b - 1_234 - 77 * i as i64;
                    let e = by_class.entry(c).or_default();
                    e.0 += b;
                    e.1 += a;
                    json!({"code": c, "name": cn, "budget": money(b), "actual": money(a)})
                })
                .collect();
            let row_sum = |key: &str| rows.iter().map(|r| { let t = r[key].as_str().unwrap().replace('.', ""); t.parse::<i64>().unwrap() }).sum::<i64>();
            let stated_budget = row_sum("budget") + if i == broken { 100 } else { 0 };
            let fb = 500_000 + 12_345 * i as i64;
            fin_budget += fb;
            let oa = 20_000 + 99 * i as i64;
            oper_actual += oa;
            let rc = 1_500 + 7 * i as i64;
            reception += rc;
            let adm = 10 + i as u64;
            staff += adm;
            let actual = 95 + 2 * i as i64;
            if actual >= 100 {
                targets_met += 1;
            }
            let record = json!({
                "kind": "dept_evaluation",
                "header": {"department": name, "year": 2024},
                "finance": {"budget_initial": money(fb), "actual": money(fb - 1_000)},
                "budget_table": {"rows": rows, "total": {"budget": money(stated_budget), "actual": money(row_sum("actual"))}},
                "operating_expenses": {"budget": money(oa + 500), "actual": money(oa)},
                "three_public_expenses": {"reception": money(rc)},
                "staffing": {"authorized": {"administrative": adm + 2}, "actual": {"administrative": adm}},
                "targets": [{"group": "就业", "name": "新增就业人数", "direction": ">=", "target": "100", "unit": "人", "actual": actual.to_string()}],
            });
            s.store.create_year(unit, 2024, START).await.unwrap();
            let text = serde_json::to_string_pretty(&record).unwrap();
            s.store.save(jixiao_store::Save { unit, year: 2024, base: 0, record: &text, author, note: "", now: START }).await.unwrap();
        }
        let reviewer = login(s, "shenhe").await;
        let (status, r) = get(&reviewer, s, "/api/tasks/2024/rollup?node=sum-node").await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["summed"], n);
        for (code, (b, a)) in &by_class {
            let line = r["budget"].as_array().unwrap().iter().find(|l| l["code"] == *code).unwrap();
            assert_eq!(line["budget"], money(*b), "{code}");
            assert_eq!(line["actual"], money(*a), "{code}");
            assert_eq!(line["variance"], money(b - a), "{code}");
        }
        let total_b: i64 = by_class.values().map(|v| v.0).sum();
        assert_eq!(r["budget_total"]["budget"], money(total_b));
        let line = |table: &str, path: &str| -> Value {
            r["tables"][table].as_array().unwrap().iter().find(|l| l["path"] == path).unwrap_or_else(|| panic!("{table} {path}: {r}"))["value"].clone()
        };
        assert_eq!(line("finance", "finance.budget_initial"), money(fin_budget));
        assert_eq!(line("operating_expenses", "operating_expenses.actual"), money(oper_actual));
        assert_eq!(line("three_public", "three_public_expenses.reception"), money(reception));
        assert_eq!(line("staffing", "staffing.actual.administrative"), staff.to_string());
        assert_eq!((r["targets"].as_u64(), r["targets_met"].as_i64()), (Some(n as u64), Some(targets_met)));
        // The sum breaks A001 (its stated total is not the rows' sum), and the unit that
        // breaks it is named.
        let f = r["findings"].as_array().unwrap().iter().find(|f| f["code"] == "A001").unwrap_or_else(|| panic!("{r}"));
        assert_eq!(f["units"], json!([format!("测试单位{broken}")]), "{f}");
        // The filer of another unit may not sum it up.
        let filer = login(s, "tianbao").await;
        assert_eq!(get(&filer, s, "/api/tasks/2024/rollup?node=sum-node").await.0, StatusCode::NOT_FOUND);
        // Only the units whose year passed review, when asked: none of these has yet; of the
        // demo's, 医疗保障局 has.
        let (_, only) = get(&reviewer, s, "/api/tasks/2024/rollup?node=sum-node&only=approved").await;
        assert_eq!(only["summed"], 0, "{only}");
        let (_, all) = get(&reviewer, s, "/api/tasks/2024/rollup?node=lcczj").await;
        let (_, only) = get(&reviewer, s, "/api/tasks/2024/rollup?node=lcczj&only=approved").await;
        assert!(all["summed"].as_u64().unwrap() > 1, "{all}");
        assert_eq!(only["summed"], 1, "{only}");
        let page = reviewer
            .get(format!("{}/tasks/2024/lcczj/rollup?only=approved", s.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("只含已通过审核的") && page.contains("rollup.xlsx?node=lcczj&amp;only=approved"), "{page}");

        // The workbook's 执行率 is a formula on its row, shown as a percentage.
        let bytes = reviewer.get(format!("{}/api/tasks/2024/rollup.xlsx?node=sum-node", s.base)).send().await.unwrap().bytes().await.unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let sheet = {
            use std::io::Read;
            let mut x = String::new();
            zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut x).unwrap();
            x
        };
        assert!(sheet.contains("<f>IF(C3=0,\"\",D3/C3)</f>"), "{sheet}");

        // The Fiscal Data Package: datapackage.json and data/budget.csv.
        let bytes = reviewer.get(format!("{}/api/tasks/2024/rollup.zip?node=sum-node", s.base)).send().await.unwrap().bytes().await.unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let read = |zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str| {
            use std::io::Read;
            let mut s = String::new();
            zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
            s
        };
        let dp: Value = serde_json::from_str(&read(&mut zip, "datapackage.json")).unwrap();
        check_fiscal_data_package(&dp);
        let csv = read(&mut zip, "data/budget.csv");
        let mut lines = csv.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let fields: Vec<&str> = dp["resources"][0]["schema"]["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(header, fields);
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let mut approved = std::collections::BTreeMap::<String, i64>::new();
        for l in lines {
            let cells: Vec<&str> = l.split(',').collect();
            *approved.entry(cells[col("functional_code")].to_string()).or_default() += cells[col("approved")].replace('.', "").parse::<i64>().unwrap();
        }
        for (code, (b, _)) in &by_class {
            assert_eq!(approved[*code], *b, "{code} in the CSV");
        }
        // The xlsx is a workbook.
        let xlsx = reviewer.get(format!("{}/api/tasks/2024/rollup.xlsx?node=sum-node", s.base)).send().await.unwrap();
        assert_eq!(xlsx.status(), StatusCode::OK);
        assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
    })
    .await;
}

/// The required parts of a Fiscal Data Package descriptor (FDP 0.3): `name`, `title`,
/// `resources` (each with a `name`, a `path` to a CSV file and a table schema of fields), and
/// a `model` of at least one measure (with its `source` field and an ISO 4217 `currency`; a
/// `phase` one of proposed, approved, adjusted, executed) and at least one dimension (with
/// `attributes`, each with a `source` field or a `constant`, and a `primaryKey` among them; a
/// classification dimension has a `code` attribute). Every source is a field of its resource.
fn check_fiscal_data_package(dp: &Value) {
    let name = dp["name"].as_str().expect("name");
    assert!(
        !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c)),
        "{name}"
    );
    assert!(dp["title"].as_str().is_some_and(|t| !t.is_empty()));
    let resources = dp["resources"].as_array().expect("resources");
    assert!(!resources.is_empty());
    let mut fields_of = std::collections::HashMap::new();
    for r in resources {
        let rname = r["name"].as_str().expect("resource name");
        assert!(r["path"].as_str().expect("path").ends_with(".csv"));
        let fields: Vec<String> = r["schema"]["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_string())
            .collect();
        assert!(!fields.is_empty());
        fields_of.insert(rname.to_string(), fields);
    }
    let first = resources[0]["name"].as_str().unwrap().to_string();
    let has_source = |obj: &Value| {
        let res = obj["resource"].as_str().map_or(first.clone(), str::to_string);
        fields_of[&res].iter().any(|f| obj["source"] == f.as_str())
    };
    let measures = dp["model"]["measures"].as_object().expect("model.measures");
    assert!(!measures.is_empty());
    let mut phases = Vec::new();
    for (k, m) in measures {
        assert!(has_source(m), "measure {k}'s source is a field");
        let cur = m["currency"].as_str().expect("currency");
        assert!(cur.len() == 3 && cur.chars().all(|c| c.is_ascii_uppercase()));
        let phase = m["phase"].as_str().unwrap();
        assert!(["proposed", "approved", "adjusted", "executed"].contains(&phase));
        phases.push(phase);
    }
    phases.sort_unstable();
    assert_eq!(phases, ["approved", "executed"], "预算数 is approved, 决算数 executed");
    let dims = dp["model"]["dimensions"].as_object().expect("model.dimensions");
    assert!(!dims.is_empty());
    for (k, d) in dims {
        let attrs = d["attributes"].as_object().expect("attributes");
        for (a, v) in attrs {
            assert!(has_source(v) || v.get("constant").is_some(), "{k}.{a}");
        }
        let keys: Vec<&str> = match &d["primaryKey"] {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().map(|x| x.as_str().unwrap()).collect(),
            other => panic!("{k}: primaryKey {other}"),
        };
        assert!(keys.iter().all(|key| attrs.contains_key(*key)), "{k}");
        if d["dimensionType"] == "classification" {
            assert!(attrs.contains_key("code"), "{k} has a code attribute");
        }
    }
}

// ---------------------------------------------------------------- a year created by mistake

/// Only an administrator deletes a year, and only one never sent for review and not part of
/// a 自评任务; everything of it goes; a refusal changes nothing.
#[tokio::test]
async fn an_administrator_deletes_a_year_created_by_mistake() {
    each(async |s: &Server| {
        let page_client = |user: &'static str| async move {
            let c = client();
            assert_eq!(common::page_login(&c, &s.base, user, "demo2024").await.0, StatusCode::SEE_OTHER, "{user}");
            let units = c.get(format!("{}/units", s.base)).send().await.unwrap().text().await.unwrap();
            (c, csrf_in(&units))
        };
        // A stray year with two saves, as a filer makes it.
        let (filer, token) = page_client("tianbao2").await;
        let r = filer
            .post(format!("{}/units/lcrsj-fixed/years", s.base))
            .form(&[("_csrf", token.as_str()), ("year", "2025")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let record =
            json!({"kind": "dept_evaluation", "header": {"department": "乐昌市人社局(改正示例)", "year": 2025}});
        let api = login(s, "tianbao2").await;
        let r = api
            .put(format!("{}/api/units/lcrsj-fixed/years/2025/record", s.base))
            .header("if-match", "\"0\"")
            .json(&record)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let delete = async |c: &reqwest::Client, token: &str, unit: &str, year: i64| {
            let r = c
                .post(format!("{}/units/{unit}/years/{year}/delete", s.base))
                .form(&[("_csrf", token)])
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        };
        // Not the filer, not the reviewer; another unit's filer does not see it.
        assert_eq!(delete(&filer, &token, "lcrsj-fixed", 2025).await.0, StatusCode::FORBIDDEN);
        let (reviewer, rtoken) = page_client("shenhe").await;
        assert_eq!(delete(&reviewer, &rtoken, "lcrsj-fixed", 2025).await.0, StatusCode::FORBIDDEN);
        let (other, otoken) = page_client("tianbao").await;
        assert_eq!(delete(&other, &otoken, "lcrsj-fixed", 2025).await.0, StatusCode::NOT_FOUND);
        // The administrator: a year of a task is refused; the stray one goes with its revisions.
        let (admin, atoken) = page_client("admin").await;
        let (status, body) = delete(&admin, &atoken, "lcrsj-fixed", 2024).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(body.contains("2024 年度属于“乐昌市财政局”下达的自评任务,不能删除"), "{body}");
        let page =
            admin.get(format!("{}/units/lcrsj-fixed/years/2025", s.base)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("id=\"delete-year\"") && page.contains("data-confirm=\"确认删除"), "{page}");
        let (status, _) = delete(&admin, &atoken, "lcrsj-fixed", 2025).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(get(&api, s, "/api/units/lcrsj-fixed/years/2025/record").await.0, StatusCode::NOT_FOUND);
        let (_, years) = get(&api, s, "/api/units/lcrsj-fixed/years").await;
        assert!(years.as_array().unwrap().iter().all(|y| y["year"] != 2025), "{years}");
        // A year once sent for review is kept.
        assert!(s.store.delete_year(s.store.unit_by_code("lcsbj").await.unwrap().unwrap().id, 2024).await.is_err());
        assert!(s.store.year(s.store.unit_by_code("lcsbj").await.unwrap().unwrap().id, 2024).await.unwrap().is_some());
    })
    .await;
}

// ---------------------------------------------------------------- year over year

#[tokio::test]
async fn the_next_year_starts_from_this_one_and_two_years_compare() {
    each(async |s: &Server| {
        let filer = login(s, "tianbao2").await;
        let (status, body) = post(&filer, s, &format!("{FIXED}/next"), json!({})).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let next: Value = get_json(&filer, format!("{}/api/units/lcrsj-fixed/years/2025/record", s.base)).await;
        let this: Value = filer.get(format!("{}{FIXED}/record", s.base)).send().await.unwrap().json().await.unwrap();
        assert_eq!(next["header"]["year"], 2025);
        assert_eq!(next["finance"]["budget_last_year"], this["finance"]["budget_initial"]);
        assert_eq!(next["finance"]["actual_last_year"], this["finance"]["actual"]);
        assert!(
            next["finance"].get("actual").is_none() && next.get("scoring").is_none() && next.get("problems").is_none()
        );
        assert_eq!(next["staffing"], this["staffing"]);
        assert_eq!(next["indicator_system"], this["indicator_system"]);
        assert!(next["targets"][0].get("actual").is_none() && next["targets"][0]["name"] == this["targets"][0]["name"]);
        // It can be saved as it is: the budget table's rows, whose figures are the new year's
        // to fill, are not carried (rows without them would make every save be refused).
        assert!(next.get("budget_table").is_none(), "{next}");
        let r = filer
            .put(format!("{}/api/units/lcrsj-fixed/years/2025/record", s.base))
            .header("if-match", "\"1\"")
            .json(&next)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        // Twice: refused, nothing overwritten.
        assert_eq!(post(&filer, s, &format!("{FIXED}/next"), json!({})).await.0, StatusCode::CONFLICT);
        // Side by side with changes and rates.
        let (status, cmp) = get(&filer, s, "/api/units/lcrsj-fixed/compare?a=2024&b=2025").await;
        assert_eq!(status, StatusCode::OK, "{cmp}");
        let row = cmp["rows"].as_array().unwrap().iter().find(|r| r["path"] == "finance.budget_last_year").unwrap();
        assert!(row["a"].is_string() && row["b"].is_string() && row["change"].is_string(), "{row}");
        // Figures as written, trailing zeros kept.
        assert_eq!(row["b"], this["finance"]["budget_initial"], "{row}");
        let actual = cmp["rows"].as_array().unwrap().iter().find(|r| r["path"] == "finance.actual_last_year").unwrap();
        assert_eq!(actual["b"], this["finance"]["actual"], "{actual}");
        assert_eq!(actual["a"], this["finance"]["actual_last_year"], "{actual}");
        assert!(actual["a"].as_str().unwrap().ends_with('0'), "a figure with a trailing zero: {actual}");
        // Another unit's years may not be compared.
        let other = login(s, "tianbao").await;
        assert_eq!(get(&other, s, "/api/units/lcrsj-fixed/compare").await.0, StatusCode::NOT_FOUND);
    })
    .await;
}
