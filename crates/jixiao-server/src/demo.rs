//! The demo: a small unit tree with the seed record (and its errors), the corrected record
//! and a blank year, and four accounts, all with the password [`DEMO_PASSWORD`].
//!
//! 乐昌市财政局 → 乐昌市人力资源和社会保障局 (the seed, 2024) → 乐昌市就业服务管理局 (a blank
//! 2024); 乐昌市财政局 → 乐昌市人社局(改正示例) (the corrected record, 2024).
//!
//! A 2024 自评任务 of the finance bureau covers them, with the units in different states so a
//! new user can walk the cycle: the seed unit 填报中 (with its errors), the corrected unit
//! 填报中 (ready for 送审 by `tianbao2`), 乐昌市社会保险基金管理局 待审核 (its warnings
//! explained), 乐昌市医疗保障局 已通过, the blank unit 填报中. The last two hold copies of the
//! corrected record under their own names.
//!
//! It is for trying jixiao out, never for real data: the password is public.

use jixiao_store::workflow::{Action, MoveYear, Task};
use jixiao_store::{NewUnit, NewUser, Role, Save, Store};

use crate::ServerError;
use crate::engine;

/// The demo accounts' password.
pub const DEMO_PASSWORD: &str = "demo2024";

/// The demo accounts and what each may do.
pub const DEMO_ACCOUNTS: &[(&str, &str)] = &[
    ("admin", "管理员:全部单位,可管理单位和账号"),
    ("shenhe", "审核人(乐昌市财政局):查看全部单位"),
    ("tianbao", "填报人:乐昌市人力资源和社会保障局(示例记录,含 5 个错误)"),
    ("tianbao2", "填报人:乐昌市人社局(改正示例)"),
];

/// The demo units' codes: (finance bureau, seed unit, corrected unit, blank unit).
pub const DEMO_UNITS: [&str; 4] = ["lcczj", "lcrsj", "lcrsj-fixed", "lcjyj"];

/// The demo units whose 2024 year is 待审核 and 已通过: (code, name).
pub const DEMO_REVIEW_UNITS: [(&str, &str); 2] = [("lcsbj", "乐昌市社会保险基金管理局"), ("lcybj", "乐昌市医疗保障局")];

/// How many days after the demo is loaded its task's deadline falls.
pub const DEMO_DAYS_TO_DEADLINE: i64 = 45;

const SEED: &str = include_str!("../../../examples/lechang-hrss-2024.toml");
const CORRECTED: &str = include_str!("../../../examples/lechang-hrss-2024-corrected.toml");

/// Loads the demo into a store that has no accounts yet.
pub async fn load_demo(store: &Store, now: i64) -> Result<(), ServerError> {
    if !store.is_empty().await? {
        return Err(ServerError::Invalid("数据库中已有账号,不能载入演示数据(请换一个空的数据库)".into()));
    }
    let [bureau_code, seed_code, fixed_code, blank_code] = DEMO_UNITS;
    let bureau = store.create_unit(NewUnit { code: bureau_code, name: "乐昌市财政局", parent: None }, now).await?;
    let seed = store
        .create_unit(NewUnit { code: seed_code, name: "乐昌市人力资源和社会保障局", parent: Some(bureau) }, now)
        .await?;
    let fixed = store
        .create_unit(NewUnit { code: fixed_code, name: "乐昌市人社局(改正示例)", parent: Some(bureau) }, now)
        .await?;
    let blank =
        store.create_unit(NewUnit { code: blank_code, name: "乐昌市就业服务管理局", parent: Some(seed) }, now).await?;
    let hash = crate::auth::hash_password(DEMO_PASSWORD.to_string()).await.map_err(ServerError::Invalid)?;
    let accounts = [
        ("admin", Role::Admin, None),
        ("shenhe", Role::Reviewer, Some(bureau)),
        ("tianbao", Role::Filer, Some(seed)),
        ("tianbao2", Role::Filer, Some(fixed)),
    ];
    let mut admin = 0;
    for (username, role, unit) in accounts {
        let id = store.create_user(NewUser { username, password_hash: &hash, role, unit }, now).await?;
        if role == Role::Admin {
            admin = id;
        }
    }
    let corrected = engine::toml_to_json(CORRECTED).map_err(ServerError::Invalid)?;
    let copy = |name: &str| -> Result<String, ServerError> {
        let mut v: serde_json::Value =
            serde_json::from_str(&corrected).map_err(|e| ServerError::Invalid(e.to_string()))?;
        v["header"]["department"] = serde_json::json!(name);
        // What a final report needs, so that 送审 passes its gate.
        v["header"]["head"] = serde_json::json!("王明");
        serde_json::to_string_pretty(&v).map_err(|e| ServerError::Invalid(e.to_string()))
    };
    let [(review_code, review_name), (passed_code, passed_name)] = DEMO_REVIEW_UNITS;
    let review = store.create_unit(NewUnit { code: review_code, name: review_name, parent: Some(bureau) }, now).await?;
    let passed = store.create_unit(NewUnit { code: passed_code, name: passed_name, parent: Some(bureau) }, now).await?;
    let (review_record, passed_record) = (copy(review_name)?, copy(passed_name)?);
    let seed_json = engine::toml_to_json(SEED).map_err(ServerError::Invalid)?;
    let years = [
        (seed, Some(&seed_json)),
        (fixed, Some(&corrected)),
        (blank, None),
        (review, Some(&review_record)),
        (passed, Some(&passed_record)),
    ];
    for (unit, json) in years {
        store.create_year(unit, 2024, now).await?;
        if let Some(json) = json {
            store.save(Save { unit, year: 2024, base: 0, record: json, author: admin, note: "演示数据", now }).await?;
        }
    }
    let reviewer = store.credentials("shenhe").await?.map_or(admin, |c| c.user.id);
    let system = engine::check(corrected.clone())
        .ok()
        .and_then(|c| c.loaded.record.indicator_system().map(str::to_string))
        .unwrap_or_else(|| "gd-dept-2024".into());
    let task = Task {
        year: 2024,
        node: bureau,
        system_id: system,
        system_toml: None,
        deadline: crate::workflow::date_text(crate::workflow::today(now) + DEMO_DAYS_TO_DEADLINE),
        created_by: Some(reviewer),
        created_at: now,
    };
    store.open_task(&task, &[seed, fixed, blank, review, passed]).await?;
    // One sent for review with its warnings explained, one approved.
    for (unit, json, approve) in [(review, &review_record, false), (passed, &passed_record, true)] {
        let explanations: Vec<(String, String)> = engine::check(json.clone())
            .map(|c| {
                c.findings
                    .iter()
                    .filter(|f| f.severity != engine::Severity::Error)
                    .map(|f| (crate::workflow::finding_key(f), "演示:此处按部门决算报表口径填写,已核对。".to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let mv = |action, actor, comment| MoveYear {
            unit,
            year: 2024,
            action,
            revision: 1,
            actor,
            comment,
            explanations: &[],
            now,
        };
        store.move_year(MoveYear { explanations: &explanations, ..mv(Action::Submit, admin, "") }).await?;
        if approve {
            store.move_year(mv(Action::Approve, reviewer, "")).await?;
        }
    }
    Ok(())
}
