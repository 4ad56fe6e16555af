-- Catalog schema, version 1: users, organizations, groups, databases, API tokens.
-- Plain SQL that PostgreSQL also accepts (TEXT ids, ISO-8601 timestamps, 0/1 booleans), so the
-- catalog can move there through the same migrations.
CREATE TABLE users (
    username    TEXT PRIMARY KEY,
    email       TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE organizations (
    slug        TEXT PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL CHECK (type IN ('personal', 'team')),
    overages    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);

CREATE TABLE memberships (
    organization TEXT NOT NULL REFERENCES organizations(slug) ON DELETE CASCADE,
    username     TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    PRIMARY KEY (organization, username)
);

CREATE TABLE groups (
    organization      TEXT NOT NULL REFERENCES organizations(slug) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    id                TEXT NOT NULL UNIQUE,
    location          TEXT NOT NULL,
    delete_protection INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    PRIMARY KEY (organization, name)
);

CREATE TABLE databases (
    id                TEXT PRIMARY KEY,
    organization      TEXT NOT NULL REFERENCES organizations(slug) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    group_name        TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('REGULAR', 'SCHEMA', 'CHILD')),
    parent            TEXT,
    created_at        TEXT NOT NULL,
    allow_attach      INTEGER NOT NULL DEFAULT 0,
    block_reads       INTEGER NOT NULL DEFAULT 0,
    block_writes      INTEGER NOT NULL DEFAULT 0,
    delete_protection INTEGER NOT NULL DEFAULT 0,
    size_limit        TEXT,
    token_generation  INTEGER NOT NULL DEFAULT 0,
    rows_read         INTEGER NOT NULL DEFAULT 0,
    rows_written      INTEGER NOT NULL DEFAULT 0,
    branched_from     TEXT,
    UNIQUE (organization, name),
    FOREIGN KEY (organization, group_name) REFERENCES groups(organization, name)
);

CREATE INDEX databases_by_group ON databases(organization, group_name);
CREATE INDEX databases_by_parent ON databases(organization, parent);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    username     TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
    organization TEXT REFERENCES organizations(slug) ON DELETE CASCADE,
    group_name   TEXT,
    scopes       TEXT NOT NULL,
    secret_hash  TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    UNIQUE (username, name)
);
