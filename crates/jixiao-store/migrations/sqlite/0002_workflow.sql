-- The review workflow (SQLite). Keep in step with ../postgres/0002_workflow.sql.
-- A year's 自评任务 for the units under a node; every move of a unit's year between states;
-- the 出错说明 a filer gives for each warning at 送审, kept with the revision submitted; a
-- reviewer's comments on fields of a revision.

-- unit_years.state now takes 'filling' 填报中, 'submitted' 待审核 and 'approved' 已通过.

CREATE TABLE tasks (
    year        INTEGER NOT NULL,
    node_id     INTEGER NOT NULL REFERENCES units (id),
    -- A built-in indicator system's id, or the id of the uploaded one.
    system_id   TEXT NOT NULL,
    -- The uploaded indicator system's TOML (validated when the task was opened), if any.
    system_toml TEXT,
    -- The deadline, YYYY-MM-DD.
    deadline    TEXT NOT NULL,
    created_by  INTEGER REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (year, node_id)
);

CREATE TABLE moves (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id    INTEGER NOT NULL,
    year       INTEGER NOT NULL,
    -- submit 送审, return 退回, approve 通过, reopen 重新打开.
    action     TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    -- The revision the year was at.
    revision   INTEGER NOT NULL,
    actor_id   INTEGER REFERENCES users (id),
    comment    TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    FOREIGN KEY (unit_id, year) REFERENCES unit_years (unit_id, year)
);
CREATE INDEX moves_year ON moves (unit_id, year);

-- key: '<finding code>@<field path>'.
CREATE TABLE explanations (
    unit_id    INTEGER NOT NULL,
    year       INTEGER NOT NULL,
    revision   INTEGER NOT NULL,
    key        TEXT NOT NULL,
    text       TEXT NOT NULL,
    author_id  INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (unit_id, year, revision, key),
    FOREIGN KEY (unit_id, year) REFERENCES unit_years (unit_id, year)
);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id    INTEGER NOT NULL,
    year       INTEGER NOT NULL,
    -- The revision commented on.
    revision   INTEGER NOT NULL,
    -- A field path, or '' for the record as a whole.
    path       TEXT NOT NULL,
    text       TEXT NOT NULL,
    author_id  INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    FOREIGN KEY (unit_id, year) REFERENCES unit_years (unit_id, year)
);
CREATE INDEX comments_year ON comments (unit_id, year, revision);
