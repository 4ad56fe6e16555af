-- Catalog schema, version 3: a child database is linked to its schema database by id, not by name.
-- The id is what a child depends on and never changes or returns, where a name is only unique in
-- one organization at one time. V1 stored the parent's name (`parent`): it is backfilled into
-- `parent_id` from the database of that name in the child's own organization, then dropped, so
-- nothing can go on relying on it. SQLite (3.35+) refuses to drop an indexed column, so the old
-- index goes first. A child whose parent name matches no schema database (none can exist: a schema
-- database with children cannot be deleted) would keep a NULL parent_id rather than fail the upgrade.
-- The parent's name, where one is shown, is read by a join on parent_id.
ALTER TABLE databases ADD COLUMN parent_id TEXT REFERENCES databases(id);

UPDATE databases SET parent_id = (
    SELECT p.id FROM databases p
    WHERE p.organization = databases.organization AND p.name = databases.parent AND p.kind = 'SCHEMA')
WHERE kind = 'CHILD' AND parent IS NOT NULL;

DROP INDEX databases_by_parent;

ALTER TABLE databases DROP COLUMN parent;

-- Children of one schema database in name order: the listing's order and its page cursor. It also
-- serves the foreign key's check when a database is deleted.
CREATE INDEX databases_by_parent_id ON databases(parent_id, name);
