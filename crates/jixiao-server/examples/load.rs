//! A load benchmark (not a test): N simulated filers save and check their unit's record
//! concurrently against a server on 127.0.0.1 with a temporary SQLite database, for a fixed
//! time; prints throughput and p50/p95 latency of `PUT …/record` (a save and a check in one
//! request).
//!
//! `cargo run -p jixiao-server --example load -- [USERS=50] [SECONDS=10] [REQUESTS]`
//! (measure with `--release` for figures worth quoting; a dev build is several times slower).
//! With `REQUESTS`, each user stops after that many saves (or at the time limit, whichever
//! comes first): a fixed amount of work, for counting instructions per save with
//! `perf stat -e instructions` (the difference of two counts over the difference of saves
//! takes the setup out). With `RATE` (`-- 50 10 0 300`: `REQUESTS` 0 for no count), the users
//! together offer that many saves per second, each on its own schedule (one save every
//! `USERS / RATE` seconds, the users' schedules staggered), as filers who pause between saves
//! do; each save's time is counted from when it was due, not from when it went out, so a
//! server that falls behind its schedule is charged for the wait (no coordinated omission).
//! Without `RATE` each user saves again as soon as the last save is answered: the server's
//! most saves per second. Traffic goes only to the loopback address; every loop is bounded
//! in time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use jixiao_store::{NewUnit, Save, Store};

/// The allocator the `jixiao` binary ships with (`crates/jixiao-cli/src/main.rs`), so that the
/// server is measured as users run it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let users: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(50).clamp(1, 500);
    let seconds: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10).clamp(1, 120);
    let requests: usize = args.get(2).and_then(|a| a.parse().ok()).filter(|n| *n > 0).unwrap_or(usize::MAX);
    let rate: Option<u32> = args.get(3).and_then(|a| a.parse().ok()).filter(|r| *r > 0).map(|r: u32| r.min(100_000));
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(run(users, seconds, requests, rate));
}

async fn run(users: usize, seconds: u64, requests: usize, rate: Option<u32>) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/load.db", dir.path().display());
    let store = Store::open(&url).await.unwrap();
    jixiao_server::load_demo(&store, 0).await.unwrap();
    // One unit per filer, each with the corrected record at revision 1.
    let record =
        jixiao_server::engine::toml_to_json(include_str!("../../../examples/lechang-hrss-2024-corrected.toml"))
            .unwrap();
    let admin = store.credentials("admin").await.unwrap().unwrap().user.id;
    for i in 0..users {
        let code = format!("load-{i}");
        let id = store.create_unit(NewUnit { code: &code, name: &code, parent: None }, 0).await.unwrap();
        store.create_year(id, 2024, 0).await.unwrap();
        store
            .save(Save { unit: id, year: 2024, base: 0, record: &record, author: admin, note: "", now: 0 })
            .await
            .unwrap();
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let config = jixiao_server::Config { database: url, ..Default::default() };
    tokio::spawn(async move { axum::serve(listener, jixiao_server::app(config, store)).await });

    // Two versions of the record, one figure written differently (`4469.60` and `4469.6`: the
    // same findings): each save changes a field, as a filer's does. The bodies are made once and
    // shared, so the load program spends its time on the requests, not on making them. The
    // saved revision 1 is the first; each save sends the other.
    let bodies = {
        let mut v: serde_json::Value = serde_json::from_str(&record).unwrap();
        let a = serde_json::to_string_pretty(&v).unwrap();
        v["finance"]["actual_last_year"] = serde_json::Value::String("4469.6".into());
        let b = serde_json::to_string_pretty(&v).unwrap();
        assert_ne!(a, b);
        [axum::body::Bytes::from(a), axum::body::Bytes::from(b)]
    };
    // Every user signs in first (argon2, the slow part of a sign-in); the time starts when all
    // have, so that it holds saves only.
    let ready = std::sync::Arc::new(tokio::sync::Barrier::new(users + 1));
    let mut tasks = Vec::new();
    for i in 0..users {
        let base = base.clone();
        let bodies = bodies.clone();
        let ready = ready.clone();
        tasks.push(tokio::spawn(async move {
            let c = reqwest::Client::builder().cookie_store(true).build().unwrap();
            let r = c
                .post(format!("{base}/api/session"))
                .json(&serde_json::json!({"username": "admin", "password": jixiao_server::DEMO_PASSWORD}))
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success());
            let url = reqwest::Url::parse(&format!("{base}/api/units/load-{i}/years/2024/record")).unwrap();
            ready.wait().await;
            let deadline = Instant::now() + Duration::from_secs(seconds);
            let mut revision: i64 = 1;
            let mut times = Vec::new();
            let mut failed = 0;
            // With a rate: this user's saves are due every `interval`, the first after its
            // share of one interval (the users' schedules staggered).
            let interval = rate.map(|r| Duration::from_nanos(users as u64 * 1_000_000_000 / u64::from(r)));
            let stagger = interval.map_or(Duration::ZERO, |d| d * i as u32 / users as u32);
            let mut due = Instant::now() + stagger;
            while Instant::now() < deadline && times.len() + failed < requests {
                if interval.is_some() {
                    tokio::time::sleep_until(due.into()).await;
                    if Instant::now() >= deadline {
                        break;
                    }
                }
                // The time is counted from when the save was due (from now without a rate).
                let t = if interval.is_some() { due } else { Instant::now() };
                due += interval.unwrap_or(Duration::ZERO);
                let body = bodies[(revision % 2) as usize].clone();
                let r = c
                    .put(url.clone())
                    .header("if-match", format!("\"{revision}\""))
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status().is_success() => {
                        // The new revision is the answer's ETag (the same number as its
                        // `revision`); the answer is read whole.
                        let etag = r.headers().get("etag").and_then(|v| v.to_str().ok()).unwrap_or_default();
                        let next: i64 = etag.trim_matches('"').parse().unwrap();
                        assert_eq!(next, revision + 1);
                        revision = next;
                        let _ = r.bytes().await.unwrap();
                        times.push(t.elapsed());
                    }
                    _ => failed += 1,
                }
            }
            (times, failed)
        }));
    }
    ready.wait().await;
    let started = Instant::now();
    let mut all = Vec::new();
    let mut failed = 0;
    for t in tasks {
        let (times, f) = t.await.unwrap();
        all.extend(times);
        failed += f;
    }
    all.sort();
    let pct = |p: usize| all.get(all.len() * p / 100).copied().unwrap_or_default();
    // Saves per second over the time the users took (the time limit at most), in whole numbers.
    let millis = started.elapsed().as_millis().clamp(1, u128::from(seconds) * 1000);
    let done = all.len() as u128 * 1000 / millis;
    let offered = rate.map(|r| format!(",每秒发出 {r} 次")).unwrap_or_default();
    println!(
        "{users} 个并发用户{offered},{seconds} 秒:保存并检查 {} 次(约 {done} 次/秒),失败 {failed} 次;p50 {} ms,p95 {} ms",
        all.len(),
        pct(50).as_millis(),
        pct(95).as_millis()
    );
}
