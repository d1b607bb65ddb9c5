//! The values the store hands out and takes in.

use serde::Serialize;

/// A time: Unix seconds (UTC). The store never reads the clock; callers pass `now`.
pub type Timestamp = i64;

/// A unit's id in the database.
pub type UnitId = i64;

/// A user's id in the database.
pub type UserId = i64;

/// A unit of the tree: 财政局 → 主管部门 → 下属单位.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// Database id.
    pub id: UnitId,
    /// Its code: letters, digits, `-` and `_`; the unit's name in URLs and the API.
    pub code: String,
    /// 单位名称.
    pub name: String,
    /// The unit above it (none for the top of the tree).
    pub parent: Option<UnitId>,
}

/// A unit to create.
#[derive(Debug, Clone, Copy)]
pub struct NewUnit<'a> {
    /// Code (see [`Unit::code`]).
    pub code: &'a str,
    /// Name.
    pub name: &'a str,
    /// Parent.
    pub parent: Option<UnitId>,
}

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 填报人: fills in one unit's years.
    Filer,
    /// 审核人: sees the units under their node (a department or the finance bureau).
    Reviewer,
    /// 管理员: everything, and creates units and accounts.
    Admin,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 3] = [Role::Filer, Role::Reviewer, Role::Admin];

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Filer => "filer",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    /// The role from its stored name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// 填报人 / 审核人 / 管理员.
    pub fn name_zh(self) -> &'static str {
        match self {
            Role::Filer => "填报人",
            Role::Reviewer => "审核人",
            Role::Admin => "管理员",
        }
    }
}

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Database id.
    pub id: UserId,
    /// 用户名.
    pub username: String,
    /// Role.
    pub role: Role,
    /// The unit the account belongs to (a filer's unit; a reviewer's node).
    pub unit: Option<UnitId>,
}

/// An account with its password hash, for signing in.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The account.
    pub user: User,
    /// The argon2 hash (PHC string).
    pub password_hash: String,
}

/// An account to create.
#[derive(Debug, Clone, Copy)]
pub struct NewUser<'a> {
    /// 用户名.
    pub username: &'a str,
    /// The argon2 hash (PHC string) of the password.
    pub password_hash: &'a str,
    /// Role.
    pub role: Role,
    /// Unit (required for filers and reviewers).
    pub unit: Option<UnitId>,
}

/// Wrong passwords typed for one user name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoginFailures {
    /// How many in a row (since the last success or the end of the last lock).
    pub failures: i64,
    /// Locked until this time, if locked.
    pub locked_until: Option<Timestamp>,
}

impl LoginFailures {
    /// Whether sign-in is refused at `now`.
    pub fn locked_at(&self, now: Timestamp) -> bool {
        self.locked_until.is_some_and(|t| t > now)
    }
}

/// A signed-in session.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who.
    pub user: User,
    /// The session's CSRF token (forms carry it back).
    pub csrf: String,
    /// When it ends.
    pub expires_at: Timestamp,
}

/// Where a unit's year is in the review workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum YearState {
    /// 填报中: the unit fills it in.
    Filling,
    /// 待审核: sent for review (the review workflow).
    Submitted,
    /// 已通过: approved, read-only (the review workflow).
    Approved,
}

impl YearState {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            YearState::Filling => "filling",
            YearState::Submitted => "submitted",
            YearState::Approved => "approved",
        }
    }

    /// The state from its stored name (unknown names read as 填报中).
    pub fn parse(s: &str) -> YearState {
        match s {
            "submitted" => YearState::Submitted,
            "approved" => YearState::Approved,
            _ => YearState::Filling,
        }
    }

    /// 填报中 / 待审核 / 已通过.
    pub fn name_zh(self) -> &'static str {
        match self {
            YearState::Filling => "填报中",
            YearState::Submitted => "待审核",
            YearState::Approved => "已通过",
        }
    }
}

/// A unit's year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Year {
    /// The unit.
    pub unit: UnitId,
    /// The year (2024).
    pub year: i64,
    /// The current revision; 0 while nothing has been saved.
    pub revision: i64,
    /// Workflow state.
    pub state: YearState,
    /// Last change.
    pub updated_at: Timestamp,
}

/// A saved revision of a year's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    /// 1, 2, …
    pub number: i64,
    /// The record as JSON text, as typed.
    pub record: String,
    /// Who saved it.
    pub author: Option<UserId>,
    /// Their user name.
    pub author_name: Option<String>,
    /// When.
    pub created_at: Timestamp,
    /// Why (导入工作簿, 恢复为第 3 版, or empty for an ordinary save).
    pub note: String,
}

/// A revision in a year's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevisionSummary {
    /// Number.
    pub number: i64,
    /// Who.
    pub author_name: Option<String>,
    /// When.
    pub created_at: Timestamp,
    /// Why.
    pub note: String,
    /// How many fields it changed.
    pub changes: i64,
}

/// A save of a year's record.
#[derive(Debug, Clone, Copy)]
pub struct Save<'a> {
    /// The unit.
    pub unit: UnitId,
    /// The year.
    pub year: i64,
    /// The revision the user opened and edited (0 for a year never saved).
    pub base: i64,
    /// The record as JSON text.
    pub record: &'a str,
    /// Who saves.
    pub author: UserId,
    /// Why (empty for an ordinary save).
    pub note: &'a str,
    /// Now.
    pub now: Timestamp,
}
