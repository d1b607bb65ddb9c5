//! The review workflow: a year's 自评任务 for the units under a node, the moves of a unit's
//! year between 填报中, 待审核 and 已通过, the 出错说明 kept with a submitted revision, and a
//! reviewer's comments on fields.
//!
//! A move is a compare-and-swap on the year's state and revision inside one transaction, as a
//! save is: of two reviewers acting on the same year at once, one moves it and the other finds
//! it moved ([`StoreError::State`]), and nothing of theirs is written. Who may make which move
//! is the server's to decide; the store only keeps the states consistent.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Result, Store, StoreError, Timestamp, UnitId, UserId, YearState};

/// A move of a unit's year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// 送审: 填报中 → 待审核 (the unit's 填报人).
    Submit,
    /// 退回: 待审核 → 填报中, with comments (a reviewer).
    Return,
    /// 通过: 待审核 → 已通过 (a reviewer).
    Approve,
    /// 重新打开: 已通过 → 填报中, with a reason (a 管理员 or a reviewer).
    Reopen,
}

impl Action {
    /// Every move.
    pub const ALL: [Action; 4] = [Action::Submit, Action::Return, Action::Approve, Action::Reopen];

    /// The name stored and used in URLs (`submit`, `return`, `approve`, `reopen`).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Return => "return",
            Action::Approve => "approve",
            Action::Reopen => "reopen",
        }
    }

    /// The move from its stored name.
    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// 送审 / 退回 / 通过 / 重新打开.
    pub fn name_zh(self) -> &'static str {
        match self {
            Action::Submit => "送审",
            Action::Return => "退回",
            Action::Approve => "通过",
            Action::Reopen => "重新打开",
        }
    }

    /// The state the move starts from.
    pub fn from(self) -> YearState {
        match self {
            Action::Submit => YearState::Filling,
            Action::Return | Action::Approve => YearState::Submitted,
            Action::Reopen => YearState::Approved,
        }
    }

    /// The state the move leads to.
    pub fn to(self) -> YearState {
        match self {
            Action::Submit => YearState::Submitted,
            Action::Return | Action::Reopen => YearState::Filling,
            Action::Approve => YearState::Approved,
        }
    }
}

/// A year's 自评任务 for the units under a node.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Task {
    /// The year.
    pub year: i64,
    /// The node it was opened for (its units are the node and every unit below it).
    pub node: UnitId,
    /// The indicator system's id (built in, or the uploaded one's).
    pub system_id: String,
    /// The uploaded indicator system's TOML, if the task has its own.
    pub system_toml: Option<String>,
    /// The deadline, `YYYY-MM-DD`.
    pub deadline: String,
    /// Who opened it.
    pub created_by: Option<UserId>,
    /// When.
    pub created_at: Timestamp,
}

/// A move made.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Move {
    /// Its id (in the order moves were made).
    pub id: i64,
    /// Which move.
    pub action: Action,
    /// From.
    pub from: YearState,
    /// To.
    pub to: YearState,
    /// The revision the year was at.
    pub revision: i64,
    /// Who made it.
    pub actor_name: Option<String>,
    /// Comment or reason.
    pub comment: String,
    /// When.
    pub created_at: Timestamp,
}

/// A move to make.
#[derive(Debug, Clone, Copy)]
pub struct MoveYear<'a> {
    /// The unit.
    pub unit: UnitId,
    /// The year.
    pub year: i64,
    /// Which move.
    pub action: Action,
    /// The revision the actor saw (the move is refused if the year has moved past it).
    pub revision: i64,
    /// Who.
    pub actor: UserId,
    /// The comment (退回) or reason (重新打开); may be empty.
    pub comment: &'a str,
    /// For 送审: the 出错说明, (`<code>@<path>`, text), kept with the revision.
    pub explanations: &'a [(String, String)],
    /// Now.
    pub now: Timestamp,
}

/// A reviewer's comment on a field of a revision.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Comment {
    /// Id.
    pub id: i64,
    /// The revision commented on.
    pub revision: i64,
    /// The field path, or `""` for the record as a whole.
    pub path: String,
    /// The comment.
    pub text: String,
    /// Who.
    pub author_name: Option<String>,
    /// When.
    pub created_at: Timestamp,
}

fn task(r: &AnyRow) -> Result<Task> {
    Ok(Task {
        year: r.try_get("year")?,
        node: r.try_get("node_id")?,
        system_id: r.try_get("system_id")?,
        system_toml: r.try_get("system_toml")?,
        deadline: r.try_get("deadline")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
    })
}

const TASK_COLUMNS: &str = "year, node_id, system_id, system_toml, deadline, created_by, created_at";

impl Store {
    /// Opens a year's task for a node and gives each of `units` its year in 填报中 (a unit that
    /// already has the year keeps it as it is). One transaction; refused if the node already
    /// has a task for the year.
    pub async fn open_task(&self, t: &Task, units: &[UnitId]) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO tasks (year, node_id, system_id, system_toml, deadline, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(t.year)
        .bind(t.node)
        .bind(&t.system_id)
        .bind(t.system_toml.as_deref())
        .bind(&t.deadline)
        .bind(t.created_by)
        .bind(t.created_at)
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::conflict_or(e, || format!("该单位已有 {} 年度的自评任务", t.year)))?;
        for unit in units {
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT revision FROM unit_years WHERE unit_id = $1 AND year = $2")
                    .bind(unit)
                    .bind(t.year)
                    .fetch_optional(&mut *tx)
                    .await?;
            if exists.is_none() {
                sqlx::query(
                    "INSERT INTO unit_years (unit_id, year, revision, state, created_at, updated_at) VALUES ($1, $2, 0, 'filling', $3, $3)",
                )
                .bind(unit)
                .bind(t.year)
                .bind(t.created_at)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// The task of a year opened for a node.
    pub async fn task(&self, year: i64, node: UnitId) -> Result<Option<Task>> {
        let sql = format!("SELECT {TASK_COLUMNS} FROM tasks WHERE year = $1 AND node_id = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(year).bind(node).fetch_optional(&self.pool).await?;
        row.as_ref().map(task).transpose()
    }

    /// Every task, newest year first.
    pub async fn tasks(&self) -> Result<Vec<Task>> {
        let sql = format!("SELECT {TASK_COLUMNS} FROM tasks ORDER BY year DESC, node_id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?;
        rows.iter().map(task).collect()
    }

    /// Moves a unit's year from the move's state to its next, if the year is still in that
    /// state at `revision`; else [`StoreError::State`] and nothing changes. The move, and for
    /// 送审 the explanations, are written in the same transaction.
    pub async fn move_year(&self, m: MoveYear<'_>) -> Result<Move> {
        let (from, to) = (m.action.from(), m.action.to());
        let mut tx = self.pool.begin().await?;
        let moved = sqlx::query(
            "UPDATE unit_years SET state = $1, updated_at = $2 WHERE unit_id = $3 AND year = $4 AND state = $5 AND revision = $6",
        )
        .bind(to.as_str())
        .bind(m.now)
        .bind(m.unit)
        .bind(m.year)
        .bind(from.as_str())
        .bind(m.revision)
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() != 1 {
            let row = sqlx::query("SELECT state, revision FROM unit_years WHERE unit_id = $1 AND year = $2")
                .bind(m.unit)
                .bind(m.year)
                .fetch_optional(&mut *tx)
                .await?;
            tx.rollback().await?;
            let Some(row) = row else { return Err(StoreError::NotFound("该单位的这一年度")) };
            let state = YearState::parse(&row.try_get::<String, _>("state")?);
            let revision: i64 = row.try_get("revision")?;
            let message = if state == from {
                format!(
                    "记录在您查看之后已被修改(现为第 {revision} 版,您看到的是第 {} 版),请重新查看后再{}",
                    m.revision,
                    m.action.name_zh()
                )
            } else {
                format!("该年度现在是“{}”,不能{}(可能已被他人处理)", state.name_zh(), m.action.name_zh())
            };
            return Err(StoreError::State { state, message });
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO moves (unit_id, year, action, from_state, to_state, revision, actor_id, comment, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(m.unit)
        .bind(m.year)
        .bind(m.action.as_str())
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(m.revision)
        .bind(m.actor)
        .bind(m.comment)
        .bind(m.now)
        .fetch_one(&mut *tx)
        .await?;
        for (key, text) in m.explanations {
            sqlx::query(
                "INSERT INTO explanations (unit_id, year, revision, key, text, author_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (unit_id, year, revision, key) DO UPDATE SET text = excluded.text, author_id = excluded.author_id, created_at = excluded.created_at",
            )
            .bind(m.unit)
            .bind(m.year)
            .bind(m.revision)
            .bind(key)
            .bind(text)
            .bind(m.actor)
            .bind(m.now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Move {
            id,
            action: m.action,
            from,
            to,
            revision: m.revision,
            actor_name: None,
            comment: m.comment.to_string(),
            created_at: m.now,
        })
    }

    /// A year's moves, oldest first.
    pub async fn moves(&self, unit: UnitId, year: i64) -> Result<Vec<Move>> {
        let rows = sqlx::query(
            "SELECT m.id, m.action, m.from_state, m.to_state, m.revision, u.username, m.comment, m.created_at \
             FROM moves m LEFT JOIN users u ON u.id = m.actor_id WHERE m.unit_id = $1 AND m.year = $2 ORDER BY m.id",
        )
        .bind(unit)
        .bind(year)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let action: String = r.try_get("action")?;
                Ok(Move {
                    id: r.try_get("id")?,
                    action: Action::parse(&action).unwrap_or(Action::Submit),
                    from: YearState::parse(&r.try_get::<String, _>("from_state")?),
                    to: YearState::parse(&r.try_get::<String, _>("to_state")?),
                    revision: r.try_get("revision")?,
                    actor_name: r.try_get("username")?,
                    comment: r.try_get("comment")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// The last move of each year of `year` (unit → move), for tables of many units.
    pub async fn last_moves(&self, year: i64) -> Result<Vec<(UnitId, Action, i64)>> {
        let rows = sqlx::query(
            "SELECT m.unit_id, m.action, m.revision FROM moves m \
             WHERE m.year = $1 AND m.id = (SELECT MAX(id) FROM moves x WHERE x.unit_id = m.unit_id AND x.year = m.year)",
        )
        .bind(year)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let action: String = r.try_get("action")?;
                Ok((r.try_get("unit_id")?, Action::parse(&action).unwrap_or(Action::Submit), r.try_get("revision")?))
            })
            .collect()
    }

    /// The explanations kept with a revision: (`<code>@<path>`, text), by key.
    pub async fn explanations(&self, unit: UnitId, year: i64, revision: i64) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query(
            "SELECT key, text FROM explanations WHERE unit_id = $1 AND year = $2 AND revision = $3 ORDER BY key",
        )
        .bind(unit)
        .bind(year)
        .bind(revision)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok((r.try_get("key")?, r.try_get("text")?))).collect()
    }

    /// The explanations last given for each key at any revision of a year (the newest
    /// revision's text for a key), to offer again when a returned year is sent anew.
    pub async fn latest_explanations(&self, unit: UnitId, year: i64) -> Result<Vec<(String, String)>> {
        let rows =
            sqlx::query("SELECT key, text FROM explanations WHERE unit_id = $1 AND year = $2 ORDER BY revision, key")
                .bind(unit)
                .bind(year)
                .fetch_all(&self.pool)
                .await?;
        let mut out: Vec<(String, String)> = Vec::new();
        for r in &rows {
            let (key, text): (String, String) = (r.try_get("key")?, r.try_get("text")?);
            match out.iter_mut().find(|(k, _)| *k == key) {
                Some(e) => e.1 = text,
                None => out.push((key, text)),
            }
        }
        Ok(out)
    }

    /// How many explanations each unit's current revision of `year` has (unit → count).
    pub async fn explanation_counts(&self, year: i64) -> Result<Vec<(UnitId, i64)>> {
        let rows = sqlx::query(
            "SELECT e.unit_id, COUNT(*) AS n FROM explanations e JOIN unit_years y ON y.unit_id = e.unit_id AND y.year = e.year \
             WHERE e.year = $1 AND e.revision = y.revision GROUP BY e.unit_id",
        )
        .bind(year)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok((r.try_get("unit_id")?, r.try_get("n")?))).collect()
    }

    /// Adds a reviewer's comment on a field of a revision; returns its id.
    #[allow(clippy::too_many_arguments)] // one per column
    pub async fn add_comment(
        &self,
        unit: UnitId,
        year: i64,
        revision: i64,
        path: &str,
        text: &str,
        author: UserId,
        now: Timestamp,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO comments (unit_id, year, revision, path, text, author_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(unit)
        .bind(year)
        .bind(revision)
        .bind(path)
        .bind(text)
        .bind(author)
        .bind(now)
        .fetch_one(&self.pool)
        .await?)
    }

    /// The comments on a revision, oldest first.
    pub async fn comments(&self, unit: UnitId, year: i64, revision: i64) -> Result<Vec<Comment>> {
        let rows = sqlx::query(
            "SELECT c.id, c.revision, c.path, c.text, u.username, c.created_at FROM comments c \
             LEFT JOIN users u ON u.id = c.author_id WHERE c.unit_id = $1 AND c.year = $2 AND c.revision = $3 ORDER BY c.id",
        )
        .bind(unit)
        .bind(year)
        .bind(revision)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Comment {
                    id: r.try_get("id")?,
                    revision: r.try_get("revision")?,
                    path: r.try_get("path")?,
                    text: r.try_get("text")?,
                    author_name: r.try_get("username")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// Every unit's year `year` with its current record (`None` while nothing is saved), for
    /// tables and sums over many units: one query.
    pub async fn records_of_year(&self, year: i64) -> Result<Vec<(crate::Year, Option<String>)>> {
        let rows = sqlx::query(
            "SELECT y.unit_id, y.year, y.revision, y.state, y.updated_at, r.record FROM unit_years y \
             LEFT JOIN revisions r ON r.unit_id = y.unit_id AND r.year = y.year AND r.number = y.revision \
             WHERE y.year = $1 ORDER BY y.unit_id",
        )
        .bind(year)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let state: String = r.try_get("state")?;
                Ok((
                    crate::Year {
                        unit: r.try_get("unit_id")?,
                        year: r.try_get("year")?,
                        revision: r.try_get("revision")?,
                        state: YearState::parse(&state),
                        updated_at: r.try_get("updated_at")?,
                    },
                    r.try_get("record")?,
                ))
            })
            .collect()
    }
}
