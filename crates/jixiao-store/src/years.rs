//! A unit's years and the revisions of their records.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::diff::{Change, changes};
use crate::{Result, Revision, RevisionSummary, Save, Store, StoreError, Timestamp, UnitId, Year, YearState};

fn year(r: &AnyRow) -> Result<Year> {
    let state: String = r.try_get("state")?;
    Ok(Year {
        unit: r.try_get("unit_id")?,
        year: r.try_get("year")?,
        revision: r.try_get("revision")?,
        state: YearState::parse(&state),
        updated_at: r.try_get("updated_at")?,
    })
}

fn revision(r: &AnyRow) -> Result<Revision> {
    Ok(Revision {
        number: r.try_get("number")?,
        record: r.try_get("record")?,
        author: r.try_get("author_id")?,
        author_name: r.try_get("username")?,
        created_at: r.try_get("created_at")?,
        note: r.try_get("note")?,
    })
}

impl Store {
    /// Opens a year for a unit (at revision 0, 填报中); refused if it exists.
    pub async fn create_year(&self, unit: UnitId, year: i64, now: Timestamp) -> Result<()> {
        sqlx::query(
            "INSERT INTO unit_years (unit_id, year, revision, state, created_at, updated_at) VALUES ($1, $2, 0, 'filling', $3, $3)",
        )
        .bind(unit)
        .bind(year)
        .bind(now)
        .execute(&self.pool)
        .await
        .map_err(|e| StoreError::conflict_or(e, || format!("该单位已有 {year} 年度")))?;
        Ok(())
    }

    /// Deletes a unit's year created by mistake, with its revisions and their changes, comments
    /// and explanations: only a year that was never moved (no 送审, 退回, 通过 or 重新打开);
    /// one transaction, so a refusal or a failure deletes nothing.
    pub async fn delete_year(&self, unit: UnitId, year: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let moves: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM moves WHERE unit_id = $1 AND year = $2")
            .bind(unit)
            .bind(year)
            .fetch_one(&mut *tx)
            .await?;
        if moves > 0 {
            return Err(StoreError::Conflict(format!(
                "{year} 年度已经送审过(有 {moves} 条流转记录),不能删除;需要改动请由审核人退回或重新打开"
            )));
        }
        for statement in [
            "DELETE FROM revision_changes WHERE unit_id = $1 AND year = $2",
            "DELETE FROM comments WHERE unit_id = $1 AND year = $2",
            "DELETE FROM explanations WHERE unit_id = $1 AND year = $2",
            "DELETE FROM revisions WHERE unit_id = $1 AND year = $2",
        ] {
            sqlx::query(statement).bind(unit).bind(year).execute(&mut *tx).await?;
        }
        let r = sqlx::query("DELETE FROM unit_years WHERE unit_id = $1 AND year = $2")
            .bind(unit)
            .bind(year)
            .execute(&mut *tx)
            .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound("年度"));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every year of every unit (by unit, then newest year first).
    pub async fn all_years(&self) -> Result<Vec<Year>> {
        let rows = sqlx::query(
            "SELECT unit_id, year, revision, state, updated_at FROM unit_years ORDER BY unit_id, year DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(year).collect()
    }

    /// A unit's year.
    pub async fn year(&self, unit: UnitId, year_: i64) -> Result<Option<Year>> {
        let row = sqlx::query(
            "SELECT unit_id, year, revision, state, updated_at FROM unit_years WHERE unit_id = $1 AND year = $2",
        )
        .bind(unit)
        .bind(year_)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(year).transpose()
    }

    /// A revision of a unit's year.
    pub async fn revision(&self, unit: UnitId, year: i64, number: i64) -> Result<Option<Revision>> {
        let row = sqlx::query(
            "SELECT r.number, r.record, r.author_id, u.username, r.created_at, r.note \
             FROM revisions r LEFT JOIN users u ON u.id = r.author_id \
             WHERE r.unit_id = $1 AND r.year = $2 AND r.number = $3",
        )
        .bind(unit)
        .bind(year)
        .bind(number)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(revision).transpose()
    }

    /// The year and its current revision (none while nothing has been saved), read together.
    pub async fn current(&self, unit: UnitId, year_: i64) -> Result<Option<(Year, Option<Revision>)>> {
        let Some(y) = self.year(unit, year_).await? else { return Ok(None) };
        if y.revision == 0 {
            return Ok(Some((y, None)));
        }
        let rev = self.revision(unit, year_, y.revision).await?;
        Ok(Some((y, rev)))
    }

    /// A year's revisions, newest first, with how many fields each changed.
    pub async fn revisions(&self, unit: UnitId, year: i64) -> Result<Vec<RevisionSummary>> {
        let rows = sqlx::query(
            "SELECT r.number, u.username, r.created_at, r.note, \
               (SELECT COUNT(*) FROM revision_changes c WHERE c.unit_id = r.unit_id AND c.year = r.year AND c.number = r.number) AS changes \
             FROM revisions r LEFT JOIN users u ON u.id = r.author_id \
             WHERE r.unit_id = $1 AND r.year = $2 ORDER BY r.number DESC",
        )
        .bind(unit)
        .bind(year)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RevisionSummary {
                    number: r.try_get("number")?,
                    author_name: r.try_get("username")?,
                    created_at: r.try_get("created_at")?,
                    note: r.try_get("note")?,
                    changes: r.try_get("changes")?,
                })
            })
            .collect()
    }

    /// What a revision changed, in field order.
    pub async fn changes(&self, unit: UnitId, year: i64, number: i64) -> Result<Vec<Change>> {
        let rows = sqlx::query(
            "SELECT path, old_value, new_value FROM revision_changes \
             WHERE unit_id = $1 AND year = $2 AND number = $3 ORDER BY seq",
        )
        .bind(unit)
        .bind(year)
        .bind(number)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Change { path: r.try_get("path")?, old: r.try_get("old_value")?, new: r.try_get("new_value")? })
            })
            .collect()
    }

    /// Saves a new revision of a year's record, if the year is still at `save.base` and
    /// 填报中; else [`StoreError::Stale`] (or [`StoreError::State`] for a year under review or
    /// passed) and nothing changes. One transaction: the year's revision number
    /// is moved by a compare-and-swap first (so concurrent saves on any number of servers
    /// queue on that row and all but one find it moved), then the revision and its changes
    /// are written. Returns the new revision's number.
    pub async fn save(&self, save: Save<'_>) -> Result<i64> {
        let new_value: serde_json::Value = serde_json::from_str(save.record)?;
        self.save_parsed(save, &new_value).await
    }

    /// [`Store::save`] of a record the caller has parsed already: `new_value` is
    /// `save.record` read as JSON, from which the revision's changes are taken without
    /// parsing the text a second time.
    pub async fn save_parsed(&self, save: Save<'_>, new_value: &serde_json::Value) -> Result<i64> {
        debug_assert_eq!(
            serde_json::from_str::<serde_json::Value>(save.record).ok().as_ref(),
            Some(new_value),
            "the value is the record's text parsed"
        );
        let next = save.base + 1;
        let mut tx = self.pool.begin().await?;
        let moved = sqlx::query(
            "UPDATE unit_years SET revision = $1, updated_at = $2 WHERE unit_id = $3 AND year = $4 AND revision = $5 AND state = 'filling'",
        )
        .bind(next)
        .bind(save.now)
        .bind(save.unit)
        .bind(save.year)
        .bind(save.base)
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() != 1 {
            let current = sqlx::query("SELECT revision, state FROM unit_years WHERE unit_id = $1 AND year = $2")
                .bind(save.unit)
                .bind(save.year)
                .fetch_optional(&mut *tx)
                .await?;
            tx.rollback().await?;
            let Some(row) = current else { return Err(StoreError::NotFound("该单位的这一年度")) };
            let state = YearState::parse(&row.try_get::<String, _>("state")?);
            if state != YearState::Filling {
                let why = match state {
                    YearState::Submitted => "已送审,正在审核,不能修改;如需修改,请审核人退回",
                    _ => "已通过审核,是只读的;如需修改,请管理员或审核人重新打开",
                };
                return Err(StoreError::State {
                    state, message: format!("该年度现在是“{}”:{why}", state.name_zh())
                });
            }
            return Err(StoreError::Stale { base: save.base, current: row.try_get("revision")? });
        }
        let old_value = if save.base == 0 {
            serde_json::Value::Null
        } else {
            let old: String =
                sqlx::query_scalar("SELECT record FROM revisions WHERE unit_id = $1 AND year = $2 AND number = $3")
                    .bind(save.unit)
                    .bind(save.year)
                    .bind(save.base)
                    .fetch_one(&mut *tx)
                    .await?;
            serde_json::from_str(&old)?
        };
        sqlx::query(
            "INSERT INTO revisions (unit_id, year, number, record, author_id, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(save.unit)
        .bind(save.year)
        .bind(next)
        .bind(save.record)
        .bind(save.author)
        .bind(save.note)
        .bind(save.now)
        .execute(&mut *tx)
        .await?;
        for (seq, c) in changes(&old_value, new_value).iter().enumerate() {
            sqlx::query(
                "INSERT INTO revision_changes (unit_id, year, number, seq, path, old_value, new_value) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(save.unit)
            .bind(save.year)
            .bind(next)
            .bind(seq as i64)
            .bind(&c.path)
            .bind(c.old.as_deref())
            .bind(c.new.as_deref())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(next)
    }
}
