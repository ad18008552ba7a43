-- Issue 16: every index of calls is one more B-tree insert per call record (on H2 a copy of its
-- leaf page too). ix_calls_created served only the retention janitor's deletes by age; they now
-- go by completion time on ix_calls_completed (migration 7.1, the dashboard's feed), so this one
-- goes. The rows are untouched: existing records stay readable and are expired as before, by the
-- time their call ended (at most one call's duration after its creation). One schema for H2 and PostgreSQL.
DROP INDEX ix_calls_created;
