//! The demo: a small unit tree with the seed record (and its errors), the corrected record
//! and a blank year, and four accounts, all with the password [`DEMO_PASSWORD`].
//!
//! 乐昌市财政局 → 乐昌市人力资源和社会保障局 (the seed, 2024) → 乐昌市就业服务管理局 (a blank
//! 2024); 乐昌市财政局 → 乐昌市人社局(改正示例) (the corrected record, 2024).
//!
//! It is for trying jixiao out, never for real data: the password is public.

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
    for (unit, text) in [(seed, Some(SEED)), (fixed, Some(CORRECTED)), (blank, None)] {
        store.create_year(unit, 2024, now).await?;
        if let Some(text) = text {
            let json = engine::toml_to_json(text).map_err(ServerError::Invalid)?;
            store.save(Save { unit, year: 2024, base: 0, record: &json, author: admin, note: "演示数据", now }).await?;
        }
    }
    Ok(())
}
