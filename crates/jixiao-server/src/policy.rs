//! Who may see and change what: the one place that decides, by role × unit.
//!
//! - 填报人 (filer): their own unit only, to read and to change.
//! - 审核人 (reviewer): their node and every unit below it, to read and to review (open a
//!   year's task, comment, 退回, 通过, reopen, sum up); never to change a record.
//! - 管理员 (admin): everything; and only they manage units and accounts.
//!
//! Every route reaches data through [`authorize`], by way of the extractors here
//! ([`YearAccess`], [`UnitAccess`], [`ReviewAccess`], [`AdminAccess`]) or [`crate::auth::Viewer`]. A unit the
//! viewer may not see answers 404, exactly as a unit that does not exist, so its name and
//! content never leak; a unit they may see but not change answers 403.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Path};
use axum::http::Method;
use axum::http::request::Parts;
use jixiao_store::units::subtree;
use jixiao_store::{Role, Unit, User, Year};

use crate::AppState;
use crate::auth::Viewer;
use crate::failure::Failure;

/// Reading or changing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// See, download.
    Read,
    /// Save, import, restore, open a year, 送审.
    Write,
    /// Review: open a year's task, comment on fields, 退回, 通过, reopen, sum up (汇总).
    Review,
}

/// What a request reaches.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// Any page for signed-in users (their unit list, the audit page).
    SignedIn,
    /// Managing units and accounts.
    Admin,
    /// A unit's data.
    Unit {
        /// The unit.
        unit: &'a Unit,
        /// The whole tree (a reviewer sees the units below their node).
        units: &'a [Unit],
        /// Read or change.
        access: Access,
    },
}

/// Whether `user` may reach `target`.
pub fn allows(user: &User, target: &Target<'_>) -> bool {
    match (user.role, target) {
        (_, Target::SignedIn) => true,
        (Role::Admin, _) => true,
        (_, Target::Admin) => false,
        (Role::Filer, Target::Unit { unit, access, .. }) => *access != Access::Review && user.unit == Some(unit.id),
        (Role::Reviewer, Target::Unit { unit, units, access }) => {
            *access != Access::Write && user.unit.is_some_and(|node| subtree(units, node).contains(&unit.id))
        }
    }
}

/// [`allows`], or the failure to answer: 404 for a unit the user may not see, 403 for one
/// they may see but not change, 403 for the administration.
pub fn authorize(user: &User, target: &Target<'_>) -> Result<(), Failure> {
    if allows(user, target) {
        return Ok(());
    }
    Err(match target {
        Target::SignedIn => Failure::unauthorized(),
        Target::Admin => Failure::forbidden("只有管理员可以管理单位和账号"),
        Target::Unit { unit, units, access } => {
            if allows(user, &Target::Unit { unit, units, access: Access::Read }) {
                if *access == Access::Review {
                    Failure::forbidden(format!(
                        "您({})不能审核“{}”:审核由上级单位的审核人或管理员进行",
                        user.role.name_zh(),
                        unit.name
                    ))
                } else {
                    Failure::forbidden(format!("您({})只能查看“{}”的数据,不能修改", user.role.name_zh(), unit.name))
                }
            } else {
                hidden_unit()
            }
        }
    })
}

/// The answer for a unit that does not exist or may not be seen: the same words.
pub fn hidden_unit() -> Failure {
    Failure::not_found("找不到该单位,或您没有查看它的权限")
}

/// The units `user` may see, in tree order (each unit after its parent).
pub fn visible_units<'a>(user: &User, units: &'a [Unit]) -> Vec<&'a Unit> {
    fn walk<'a>(units: &'a [Unit], u: &'a Unit, out: &mut Vec<&'a Unit>) {
        if out.iter().any(|x| x.id == u.id) {
            return;
        }
        out.push(u);
        for c in units.iter().filter(|c| c.parent == Some(u.id)) {
            walk(units, c, out);
        }
    }
    let mut ordered: Vec<&Unit> = Vec::new();
    for root in units.iter().filter(|u| u.parent.is_none_or(|p| !units.iter().any(|x| x.id == p))) {
        walk(units, root, &mut ordered);
    }
    ordered.into_iter().filter(|u| allows(user, &Target::Unit { unit: u, units, access: Access::Read })).collect()
}

/// The access a request's method asks for.
pub fn access_of(method: &Method) -> Access {
    if matches!(*method, Method::GET | Method::HEAD) { Access::Read } else { Access::Write }
}

async fn path_params(parts: &mut Parts, state: &AppState) -> Result<HashMap<String, String>, Failure> {
    Path::<HashMap<String, String>>::from_request_parts(parts, state)
        .await
        .map(|Path(p)| p)
        .map_err(|_| Failure::not_found("地址有误"))
}

/// A unit the viewer may reach with this request's method (`{unit}` in the path is its code).
#[derive(Debug, Clone)]
pub struct UnitAccess {
    /// Who.
    pub viewer: Viewer,
    /// The unit.
    pub unit: Unit,
    /// The whole tree.
    pub units: Vec<Unit>,
    /// Whether the viewer may change the unit's data.
    pub can_write: bool,
}

impl FromRequestParts<AppState> for UnitAccess {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<UnitAccess, Failure> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        let params = path_params(parts, state).await?;
        let code = params.get("unit").ok_or_else(hidden_unit)?;
        let units = state.store().units().await?;
        let unit = units.iter().find(|u| &u.code == code).cloned().ok_or_else(hidden_unit)?;
        authorize(&viewer.user, &Target::Unit { unit: &unit, units: &units, access: access_of(&parts.method) })?;
        let can_write = allows(&viewer.user, &Target::Unit { unit: &unit, units: &units, access: Access::Write });
        Ok(UnitAccess { viewer, unit, units, can_write })
    }
}

/// A unit's year the viewer may reach with this request's method
/// (`/…/units/{unit}/years/{year}/…`).
#[derive(Debug, Clone)]
pub struct YearAccess {
    /// Who.
    pub viewer: Viewer,
    /// The unit.
    pub unit: Unit,
    /// The year's row (current revision, state).
    pub year: Year,
    /// Whether the viewer may change it.
    pub can_write: bool,
}

impl FromRequestParts<AppState> for YearAccess {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<YearAccess, Failure> {
        let UnitAccess { viewer, unit, can_write, .. } = UnitAccess::from_request_parts(parts, state).await?;
        let params = path_params(parts, state).await?;
        let y = params.get("year").and_then(|y| y.parse::<i64>().ok()).ok_or_else(|| Failure::not_found("年度有误"))?;
        let year = state
            .store()
            .year(unit.id, y)
            .await?
            .ok_or_else(|| Failure::not_found(format!("“{}”还没有 {y} 年度", unit.name)))?;
        Ok(YearAccess { viewer, unit, year, can_write })
    }
}

/// A unit's year the viewer may review (`/…/units/{unit}/years/{year}/…`), whatever the
/// request's method: a 审核人 over the unit, or a 管理员.
#[derive(Debug, Clone)]
pub struct ReviewAccess(pub YearAccess);

impl FromRequestParts<AppState> for ReviewAccess {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<ReviewAccess, Failure> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        let params = path_params(parts, state).await?;
        let code = params.get("unit").ok_or_else(hidden_unit)?;
        let units = state.store().units().await?;
        let unit = units.iter().find(|u| &u.code == code).cloned().ok_or_else(hidden_unit)?;
        authorize(&viewer.user, &Target::Unit { unit: &unit, units: &units, access: Access::Review })?;
        let can_write = allows(&viewer.user, &Target::Unit { unit: &unit, units: &units, access: Access::Write });
        let y = params.get("year").and_then(|y| y.parse::<i64>().ok()).ok_or_else(|| Failure::not_found("年度有误"))?;
        let year = state
            .store()
            .year(unit.id, y)
            .await?
            .ok_or_else(|| Failure::not_found(format!("“{}”还没有 {y} 年度", unit.name)))?;
        Ok(ReviewAccess(YearAccess { viewer, unit, year, can_write }))
    }
}

/// Whether `user` may review `unit` (given the whole tree).
pub fn can_review(user: &User, unit: &Unit, units: &[Unit]) -> bool {
    allows(user, &Target::Unit { unit, units, access: Access::Review })
}

/// A 管理员.
#[derive(Debug, Clone)]
pub struct AdminAccess(pub Viewer);

impl FromRequestParts<AppState> for AdminAccess {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<AdminAccess, Failure> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        authorize(&viewer.user, &Target::Admin)?;
        Ok(AdminAccess(viewer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: i64, parent: Option<i64>) -> Unit {
        Unit { id, code: format!("u{id}"), name: format!("单位{id}"), parent }
    }

    fn user(role: Role, unit: Option<i64>) -> User {
        User { id: 1, username: "x".into(), role, unit }
    }

    #[test]
    fn roles_by_units() {
        let units = vec![unit(1, None), unit(2, Some(1)), unit(3, Some(2)), unit(4, Some(1))];
        let can = |u: &User, id: i64, access| {
            let unit = &units[(id - 1) as usize];
            allows(u, &Target::Unit { unit, units: &units, access })
        };
        let filer = user(Role::Filer, Some(2));
        assert!(can(&filer, 2, Access::Write) && can(&filer, 2, Access::Read));
        assert!(!can(&filer, 3, Access::Read) && !can(&filer, 1, Access::Read) && !can(&filer, 4, Access::Read));
        let reviewer = user(Role::Reviewer, Some(2));
        assert!(can(&reviewer, 2, Access::Read) && can(&reviewer, 3, Access::Read));
        assert!(!can(&reviewer, 1, Access::Read) && !can(&reviewer, 4, Access::Read));
        assert!(!can(&reviewer, 3, Access::Write));
        assert!(can(&reviewer, 3, Access::Review) && !can(&reviewer, 1, Access::Review));
        assert!(!can(&filer, 2, Access::Review));
        let admin = user(Role::Admin, None);
        assert!((1..=4).all(|i| can(&admin, i, Access::Write)));
        assert!(
            !allows(&filer, &Target::Admin) && !allows(&reviewer, &Target::Admin) && allows(&admin, &Target::Admin)
        );
        let seen: Vec<i64> = visible_units(&user(Role::Reviewer, Some(1)), &units).iter().map(|u| u.id).collect();
        assert_eq!(seen, vec![1, 2, 3, 4]);
        let err = authorize(&reviewer, &Target::Unit { unit: &units[2], units: &units, access: Access::Write });
        assert_eq!(err.map_err(|f| f.status.as_u16()), Err(403));
        let err = authorize(&filer, &Target::Unit { unit: &units[0], units: &units, access: Access::Read });
        assert_eq!(err.map_err(|f| f.status.as_u16()), Err(404));
    }
}
