-- Catalog schema, version 1: organizations, groups and databases.
-- Plain SQL that PostgreSQL also accepts (TEXT ids, ISO-8601 timestamps), so the catalog can
-- move there through the same migrations.
CREATE TABLE organizations (
    slug        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE groups (
    organization TEXT NOT NULL REFERENCES organizations(slug) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    id           TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (organization, name)
);

CREATE TABLE databases (
    id           TEXT PRIMARY KEY,
    organization TEXT NOT NULL REFERENCES organizations(slug) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    group_name   TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('REGULAR', 'SCHEMA', 'CHILD')),
    parent       TEXT,
    created_at   TEXT NOT NULL,
    UNIQUE (organization, name),
    FOREIGN KEY (organization, group_name) REFERENCES groups(organization, name)
);
