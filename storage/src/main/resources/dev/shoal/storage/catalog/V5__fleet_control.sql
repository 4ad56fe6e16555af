-- Catalog schema, version 5: fleet migration control.
-- databases.migration_mode: how a schema database's migrations reach its children ('STRICT', or
-- 'ONLINE': no fleet-wide write block).
-- migration_jobs: who sent the job (the token's subject, or the Platform API user), the mode it
-- runs in (fixed when it starts), a staged rollout's first wave (JSON: {"databases": [...]} or
-- {"percent": n}; NULL for a one-step job), its soak time before the rest follows by itself
-- (NULL: wait for promote), and when its first wave was done (the soak counts from there, across
-- restarts).
ALTER TABLE databases ADD COLUMN migration_mode TEXT NOT NULL DEFAULT 'STRICT';

ALTER TABLE migration_jobs ADD COLUMN sent_by TEXT NOT NULL DEFAULT '';
ALTER TABLE migration_jobs ADD COLUMN mode TEXT NOT NULL DEFAULT 'STRICT';
ALTER TABLE migration_jobs ADD COLUMN first_wave TEXT;
ALTER TABLE migration_jobs ADD COLUMN soak_seconds INTEGER;
ALTER TABLE migration_jobs ADD COLUMN wave_done_at TEXT;
