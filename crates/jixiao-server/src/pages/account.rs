//! One's own account: changing one's password (every role), and an administrator setting
//! another account's password (a forgotten one).

use super::*;

/// The page where a signed-in user changes their password.
pub(super) async fn account_page(viewer: Viewer, Query(q): Query<HashMap<String, String>>) -> Response {
    page("account.html", json!({"me": me(&viewer), "csrf": viewer.csrf, "notice": q.get("done")}))
}

/// Changes the signed-in user's password: the current one must be right (a wrong one counts
/// towards locking the account, as on the sign-in page), the new one fit and typed twice.
/// Every other session of the account ends; this one stays.
pub(super) async fn account_password(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    viewer.check_form(&fields)?;
    let current = field(&fields, "current").unwrap_or("");
    let new = field(&fields, "new").unwrap_or("");
    if new != field(&fields, "repeat").unwrap_or("") {
        return Err(Failure::bad_request("两次输入的新密码不一致,密码未修改"));
    }
    auth::check_new_account(&viewer.user.username, new).map_err(|m| Failure::bad_request(format!("{m},密码未修改")))?;
    if new == current {
        return Err(Failure::bad_request("新密码与原密码相同,密码未修改"));
    }
    // The same check as signing in: a wrong current password counts towards the lock.
    auth::sign_in(&state, &viewer.user.username, current).await.map_err(|f| {
        if f.status == StatusCode::UNAUTHORIZED {
            Failure::bad_request(format!(
                "原密码不对,密码未修改。{}",
                f.message.trim_start_matches("用户名或密码错误。")
            ))
        } else {
            f
        }
    })?;
    let hash = auth::hash_password(new.to_string()).await.map_err(Failure::internal)?;
    state.store().set_password_hash(viewer.user.id, &hash).await?;
    // The session `sign_in` just made for the check, and every other one, end.
    state.store().delete_sessions_of(viewer.user.id, Some(&viewer.token_hash)).await?;
    let done = "密码已修改;在其他电脑或浏览器上的登录已退出";
    Ok(Redirect::to(&format!("/account?done={}", views::url_encode(done))).into_response())
}

/// An administrator sets another account's password (its user forgot it): the account is
/// unlocked and signed out everywhere; the administrator tells the user the new password,
/// which they can change on 修改密码.
pub(super) async fn admin_set_password(
    State(state): State<AppState>,
    AdminAccess(viewer): AdminAccess,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    viewer.check_form(&fields)?;
    let username = field(&fields, "username").unwrap_or("").trim();
    let password = field(&fields, "password").unwrap_or("");
    auth::check_new_account(username, password).map_err(|m| Failure::bad_request(format!("{m},密码未修改")))?;
    let account = state
        .store()
        .credentials(username)
        .await?
        .ok_or_else(|| Failure::bad_request(format!("没有账号“{username}”,密码未修改")))?;
    let hash = auth::hash_password(password.to_string()).await.map_err(Failure::internal)?;
    state.store().set_password_hash(account.user.id, &hash).await?;
    state.store().clear_login_failures(username).await?;
    state.store().delete_sessions_of(account.user.id, None).await?;
    let done =
        format!("已为“{username}”设置新密码,并解锁、退出其登录;请把新密码告诉本人,由其在“修改密码”中改为自己的密码");
    Ok(Redirect::to(&format!("/admin?done={}", views::url_encode(&done))).into_response())
}
