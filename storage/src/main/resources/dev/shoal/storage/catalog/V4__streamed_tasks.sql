-- Catalog schema, version 4: a migration job records its tasks page by page as it goes, instead of
-- all at its end, so a job over 100,000 children holds one page of them in memory, and the job's
-- detail shows live progress. The apply phase and a restart read the job's work list back from
-- here in name order (the index); blocked_since is when the job began refusing the child's writes
-- (its dry run, in epoch microseconds; 0 when it never did), from which its write-block window is
-- measured when it is applied.
ALTER TABLE migration_tasks ADD COLUMN blocked_since INTEGER NOT NULL DEFAULT 0;

CREATE INDEX migration_tasks_by_name ON migration_tasks(job_id, database_name);
