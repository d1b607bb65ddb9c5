//! A 汇总 benchmark (not a test): N generated units' records under one node (default 500),
//! each the corrected example record with its figures varied, summed by
//! `GET /api/tasks/2024/rollup?node=…` against a server on 127.0.0.1 with a temporary SQLite
//! database. Prints the time of each run (the first warms the caches) and the process's memory
//! (resident set before and after, and its peak), then the time of the reviewer's table of the
//! same units (`GET /api/tasks/2024?node=…`, which checks and scores every record).
//!
//! `cargo run --release -p jixiao-server --example rollup_bench -- [UNITS=500] [RUNS=5]`

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::float_arithmetic)]

use std::time::Instant;

use jixiao_store::workflow::Task;
use jixiao_store::{NewUnit, Save, Store};
use serde_json::{Value, json};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let units: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(500).clamp(1, 5000);
    let runs: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5).clamp(1, 50);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(run(units, runs));
}

/// (resident, peak) in KiB, from /proc/self/status.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let get = |k: &str| {
        status
            .lines()
            .find(|l| l.starts_with(k))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (get("VmRSS:"), get("VmHWM:"))
}

/// Multiplies every money figure written as a decimal string by (100 + k) / 100, exactly.
fn vary(v: &mut Value, k: u32) {
    match v {
        Value::Object(m) => {
            for (key, x) in m.iter_mut() {
                if let Value::String(s) = x
                    && ["budget", "actual", "budget_initial", "amount"].contains(&key.as_str())
                    && let Ok(d) = s.parse::<jixiao_server::engine::Decimal>()
                {
                    let f = jixiao_server::engine::Decimal::new(100 + i64::from(k), 2);
                    *s = (d * f).round_dp(2).to_string();
                } else {
                    vary(x, k);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| vary(x, k)),
        _ => {}
    }
}

async fn run(units: usize, runs: usize) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/rollup.db", dir.path().display());
    let store = Store::open(&url).await.unwrap();
    jixiao_server::load_demo(&store, 0).await.unwrap();
    let base: Value = serde_json::from_str(
        &jixiao_server::engine::toml_to_json(include_str!("../../../examples/lechang-hrss-2024-corrected.toml"))
            .unwrap(),
    )
    .unwrap();
    let admin = store.credentials("admin").await.unwrap().unwrap().user.id;
    let node = store.create_unit(NewUnit { code: "bench", name: "汇总基准局", parent: None }, 0).await.unwrap();
    let t = Instant::now();
    let mut ids = Vec::new();
    for i in 0..units {
        let code = format!("bench-{i}");
        let id = store.create_unit(NewUnit { code: &code, name: &code, parent: Some(node) }, 0).await.unwrap();
        let mut record = base.clone();
        record["header"]["department"] = json!(code);
        vary(&mut record, (i % 17) as u32);
        store.create_year(id, 2024, 0).await.unwrap();
        let text = serde_json::to_string(&record).unwrap();
        store
            .save(Save { unit: id, year: 2024, base: 0, record: &text, author: admin, note: "", now: 0 })
            .await
            .unwrap();
        ids.push(id);
    }
    let task = Task {
        year: 2024,
        node,
        system_id: "gd-dept-2024".into(),
        system_toml: None,
        deadline: "2025-03-31".into(),
        created_by: Some(admin),
        created_at: 0,
    };
    store.open_task(&task, &ids).await.unwrap();
    println!("{units} 个单位的记录已生成({:.1} 秒)", t.elapsed().as_secs_f64());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let config = jixiao_server::Config { database: url, ..Default::default() };
    tokio::spawn(async move { axum::serve(listener, jixiao_server::app(config, store)).await });
    let c = reqwest::Client::builder().cookie_store(true).build().unwrap();
    c.post(format!("{addr}/api/session"))
        .json(&json!({"username": "admin", "password": jixiao_server::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    let (rss0, _) = memory();
    for run in 0..runs {
        let t = Instant::now();
        let r = c.get(format!("{addr}/api/tasks/2024/rollup?node=bench")).send().await.unwrap();
        assert!(r.status().is_success(), "{}", r.text().await.unwrap());
        let body: Value = r.json().await.unwrap();
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let (rss, peak) = memory();
        println!(
            "汇总 第 {} 次:{ms:.0} ms(计入 {} 个单位,合计预算数 {} 万元;常驻内存 {} MiB → {} MiB,峰值 {} MiB)",
            run + 1,
            body["summed"],
            body["budget_total"]["budget"].as_str().unwrap_or("?"),
            rss0 / 1024,
            rss / 1024,
            peak / 1024
        );
    }
    let t = Instant::now();
    let r = c.get(format!("{addr}/api/tasks/2024?node=bench")).send().await.unwrap();
    assert!(r.status().is_success());
    let body: Value = r.json().await.unwrap();
    println!(
        "审核表(逐一检查并评分 {} 个单位):{:.0} ms",
        body["units"].as_array().map_or(0, Vec::len),
        t.elapsed().as_secs_f64() * 1000.0
    );
}
