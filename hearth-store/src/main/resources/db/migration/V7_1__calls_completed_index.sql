-- The dashboard's call feed (issue 17) reads the calls completed since it last looked, every
-- second, on every api and all-in-one node: an index on completed_at keeps that a short range scan.
-- Versioned 7.1 so that it sorts after the call queue whatever number the next table migration takes.
CREATE INDEX ix_calls_completed ON calls (completed_at, id);
