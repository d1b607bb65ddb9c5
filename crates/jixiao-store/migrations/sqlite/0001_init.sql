-- jixiao web workspace, first schema (SQLite). Keep in step with ../postgres/0001_init.sql:
-- the same tables, columns and meanings; only the id columns and types differ.
-- Integers are BIGINT-sized everywhere; times are Unix seconds; a record is JSON text with
-- every figure as the decimal string the user typed (never a floating-point column).

CREATE TABLE units (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    parent_id  INTEGER REFERENCES units (id),
    created_at INTEGER NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('filer', 'reviewer', 'admin')),
    unit_id       INTEGER REFERENCES units (id),
    created_at    INTEGER NOT NULL
);

-- Wrong passwords counted by the name typed (also names with no account, so the answer
-- does not tell which names exist).
CREATE TABLE login_failures (
    username     TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    last_failure INTEGER NOT NULL,
    locked_until INTEGER
);

-- Sessions live here, not in a process, so several servers behave as one. The key is the
-- SHA-256 of the cookie's token; the CSRF token is tied to the session.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- A unit's year: its current revision (0 = nothing saved yet) and its workflow state
-- ('filling' 填报中; the review workflow adds 'submitted' 待审核 and 'approved' 已通过).
CREATE TABLE unit_years (
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    year       INTEGER NOT NULL,
    revision   INTEGER NOT NULL DEFAULT 0,
    state      TEXT NOT NULL DEFAULT 'filling',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (unit_id, year)
);

-- Every save is a revision: the whole record as typed, who, when, and why (a note such as
-- 导入工作簿 or 恢复为第 3 版).
CREATE TABLE revisions (
    unit_id    INTEGER NOT NULL,
    year       INTEGER NOT NULL,
    number     INTEGER NOT NULL,
    record     TEXT NOT NULL,
    author_id  INTEGER REFERENCES users (id),
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (unit_id, year, number),
    FOREIGN KEY (unit_id, year) REFERENCES unit_years (unit_id, year)
);

-- What each revision changed, field by field (old and new as JSON text; NULL = absent).
CREATE TABLE revision_changes (
    unit_id   INTEGER NOT NULL,
    year      INTEGER NOT NULL,
    number    INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    path      TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    PRIMARY KEY (unit_id, year, number, seq),
    FOREIGN KEY (unit_id, year, number) REFERENCES revisions (unit_id, year, number)
);
