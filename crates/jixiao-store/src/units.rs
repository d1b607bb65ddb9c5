//! The unit tree.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{NewUnit, Result, Store, StoreError, Timestamp, Unit, UnitId};

fn unit(r: &AnyRow) -> Result<Unit> {
    Ok(Unit {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        parent: r.try_get("parent_id")?,
    })
}

impl Store {
    /// Creates a unit; its code must be new.
    pub async fn create_unit(&self, new: NewUnit<'_>, now: Timestamp) -> Result<UnitId> {
        sqlx::query_scalar("INSERT INTO units (code, name, parent_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(new.code)
            .bind(new.name)
            .bind(new.parent)
            .bind(now)
            .fetch_one(&self.pool)
            .await
            .map_err(|e| StoreError::conflict_or(e, || format!("单位代码“{}”已被使用", new.code)))
    }

    /// Every unit, by id.
    pub async fn units(&self) -> Result<Vec<Unit>> {
        let rows = sqlx::query("SELECT id, code, name, parent_id FROM units ORDER BY id").fetch_all(&self.pool).await?;
        rows.iter().map(unit).collect()
    }

    /// The unit with this id.
    pub async fn unit(&self, id: UnitId) -> Result<Option<Unit>> {
        let row = sqlx::query("SELECT id, code, name, parent_id FROM units WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(unit).transpose()
    }

    /// The unit with this code.
    pub async fn unit_by_code(&self, code: &str) -> Result<Option<Unit>> {
        let row = sqlx::query("SELECT id, code, name, parent_id FROM units WHERE code = $1")
            .bind(code)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(unit).transpose()
    }
}

/// The ids of `root` and every unit below it, given the whole tree, in the tree's order: each
/// unit followed by the units below it (siblings in the order of `units`), as a reviewer's
/// table lists them. Linear in the number of units; a unit listed under itself (a cycle in
/// damaged data) is taken once.
pub fn subtree(units: &[Unit], root: UnitId) -> Vec<UnitId> {
    let mut children: std::collections::HashMap<UnitId, Vec<UnitId>> = std::collections::HashMap::new();
    for u in units {
        if let Some(parent) = u.parent {
            children.entry(parent).or_default().push(u.id);
        }
    }
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        out.push(id);
        if let Some(below) = children.get(&id) {
            stack.extend(below.iter().rev());
        }
    }
    out
}
