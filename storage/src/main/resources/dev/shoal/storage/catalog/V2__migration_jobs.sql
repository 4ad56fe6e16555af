-- Catalog schema, version 2: migration jobs of schema databases and the outcome of each child.
-- A job is recorded before anything changes; the version each database is at lives in the
-- database itself (user_version), so the job rows are history and the resume list, not the truth.
CREATE TABLE migration_jobs (
    id          INTEGER PRIMARY KEY,
    schema_id   TEXT NOT NULL,
    version     INTEGER NOT NULL,
    status      TEXT NOT NULL,
    program     TEXT NOT NULL,
    error       TEXT,
    children    INTEGER NOT NULL,
    failed      INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    finished_at TEXT
);

CREATE INDEX migration_jobs_by_schema ON migration_jobs(schema_id, id);
CREATE INDEX migration_jobs_unfinished ON migration_jobs(status);

CREATE TABLE migration_tasks (
    job_id        INTEGER NOT NULL REFERENCES migration_jobs(id) ON DELETE CASCADE,
    database_id   TEXT NOT NULL,
    database_name TEXT NOT NULL,
    status        TEXT NOT NULL,
    error         TEXT,
    attempts      INTEGER NOT NULL,
    blocked_micros INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (job_id, database_id)
);
