//! Administration: units, accounts, years, unlocking an account.

use super::*;

// ---------------------------------------------------------------- administration

pub(super) async fn admin_page(
    State(state): State<AppState>,
    AdminAccess(viewer): AdminAccess,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let units = state.store().units().await?;
    let users = state.store().users().await?;
    let mut locked = Vec::new();
    for u in &users {
        let f = state.store().login_failures(&u.username).await?;
        locked.push(json!({"failures": f.failures, "locked": f.locked_at(state.now())}));
    }
    let name_of = |id: Option<i64>| id.and_then(|i| units.iter().find(|u| u.id == i)).map(|u| u.name.clone());
    Ok(page(
        "admin.html",
        json!({
            "me": me(&viewer), "csrf": viewer.csrf,
            "notice": q.get("done"),
            "units": visible_units(&viewer.user, &units).into_iter().map(|u| json!({
                "id": u.id, "code": u.code, "name": u.name, "parent": name_of(u.parent), "depth": depth(&units, u),
            })).collect::<Vec<_>>(),
            "users": users.iter().zip(locked).map(|(u, l)| json!({
                "username": u.username, "role": u.role.name_zh(), "unit": name_of(u.unit),
                "failures": l["failures"], "locked": l["locked"],
            })).collect::<Vec<_>>(),
        }),
    ))
}

pub(super) fn unit_code_ok(code: &str) -> bool {
    !code.is_empty() && code.len() <= 64 && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

pub(super) async fn admin_create_unit(
    State(state): State<AppState>,
    AdminAccess(viewer): AdminAccess,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    viewer.check_form(&fields)?;
    let name = field(&fields, "name").unwrap_or("").trim();
    let code = field(&fields, "code").unwrap_or("").trim();
    if name.is_empty() {
        return Err(Failure::bad_request("请填写单位名称"));
    }
    if !unit_code_ok(code) {
        return Err(Failure::bad_request("单位代码只能由字母、数字、- 和 _ 组成(用在网址中),如 lcrsj"));
    }
    let parent = field(&fields, "parent").and_then(|p| p.parse::<i64>().ok());
    if let Some(p) = parent
        && state.store().unit(p).await?.is_none()
    {
        return Err(Failure::bad_request("上级单位不存在"));
    }
    state.store().create_unit(NewUnit { code, name, parent }, state.now()).await?;
    Ok(Redirect::to(&format!("/admin?done={}", views::url_encode(&format!("已创建单位“{name}”")))).into_response())
}

pub(super) async fn admin_create_user(
    State(state): State<AppState>,
    AdminAccess(viewer): AdminAccess,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    viewer.check_form(&fields)?;
    let username = field(&fields, "username").unwrap_or("").trim();
    let password = field(&fields, "password").unwrap_or("");
    auth::check_new_account(username, password).map_err(Failure::bad_request)?;
    let role = field(&fields, "role").and_then(Role::parse).ok_or_else(|| Failure::bad_request("请选择角色"))?;
    let unit = field(&fields, "unit").and_then(|p| p.parse::<i64>().ok());
    if role != Role::Admin && unit.is_none() {
        return Err(Failure::bad_request("填报人和审核人须选择所属单位"));
    }
    let hash = auth::hash_password(password.to_string()).await.map_err(Failure::internal)?;
    state.store().create_user(NewUser { username, password_hash: &hash, role, unit }, state.now()).await?;
    Ok(Redirect::to(&format!("/admin?done={}", views::url_encode(&format!("已创建账号“{username}”")))).into_response())
}

pub(super) async fn admin_create_year(
    State(state): State<AppState>,
    AdminAccess(viewer): AdminAccess,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    viewer.check_form(&fields)?;
    let unit =
        field(&fields, "unit").and_then(|p| p.parse::<i64>().ok()).ok_or_else(|| Failure::bad_request("请选择单位"))?;
    let year = parse_year(field(&fields, "year"), state.now())?;
    state.store().create_year(unit, year, state.now()).await?;
    Ok(Redirect::to(&format!("/admin?done={}", views::url_encode(&format!("已新建 {year} 年度")))).into_response())
}

pub(super) async fn admin_unlock(
    State(state): State<AppState>,
    AdminAccess(viewer): AdminAccess,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    viewer.check_form(&fields)?;
    let username = field(&fields, "username").unwrap_or("");
    state.store().clear_login_failures(username).await?;
    Ok(Redirect::to(&format!("/admin?done={}", views::url_encode(&format!("已解锁“{username}”")))).into_response())
}
