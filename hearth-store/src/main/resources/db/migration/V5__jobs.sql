-- Jobs: containers queued by priority, locked by one dispatcher, run in a lease, retried as new
-- attempts (SEMANTICS.md A). One schema for H2 and PostgreSQL; JSON text columns as in V4
-- (command a JSON array of strings, env and labels JSON objects of strings). Ids are
-- ${name_collation} so every order and cursor breaks ties by code point, as on H2.
--
-- queue_rank is the scheduler order in one ascending number, kept by the store on every write:
-- (running 0, locked 1, queued 2) * 1001 + (1000 - priority); NULL once the job is complete or
-- cancelled. ORDER BY queue_rank, first_seen_at, id is then running first, then locked, then
-- priority descending, then first seen ascending, served by one index in that order, and a page's
-- keyset is a row comparison on it (a range scan, however deep the page).

CREATE TABLE jobs (
  id                VARCHAR(128)  ${name_collation} NOT NULL,
  name              VARCHAR(255),
  image             VARCHAR(1024) NOT NULL,
  command           VARCHAR       NOT NULL,
  env               VARCHAR       NOT NULL,
  priority          INTEGER       NOT NULL,
  vcpus             INTEGER       NOT NULL,
  ram_bytes         BIGINT        NOT NULL,
  scratch_bytes     BIGINT        NOT NULL,
  gpus              INTEGER       NOT NULL,
  preemptible       BOOLEAN       NOT NULL,
  max_run_time_secs BIGINT        NOT NULL,
  max_attempts      INTEGER       NOT NULL,
  labels            VARCHAR       NOT NULL,
  state             VARCHAR(16)   NOT NULL,
  queue_rank        INTEGER,
  exit_code         INTEGER,
  runtime_error     VARCHAR,
  runtime_warning   VARCHAR,
  runtime_activity  VARCHAR,
  lock_count        INTEGER       NOT NULL,
  locked_by         VARCHAR(255),
  attempt           INTEGER       NOT NULL,
  instance_type     VARCHAR(255),
  alloc_id          VARCHAR(128),
  node_id           VARCHAR(64),
  created_at        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  first_seen_at     TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  started_at        TIMESTAMP(3) WITH TIME ZONE,
  finished_at       TIMESTAMP(3) WITH TIME ZONE,
  CONSTRAINT pk_jobs PRIMARY KEY (id),
  CONSTRAINT ck_jobs_state CHECK (state IN ('queued', 'locked', 'running', 'complete', 'cancelled')),
  CONSTRAINT ck_jobs_priority CHECK (priority BETWEEN 0 AND 1000)
);

-- the dispatcher's order (and GET /v2/jobs?order=scheduler), a page at a time
CREATE INDEX ix_jobs_queue ON jobs (queue_rank, first_seen_at, id);
-- every job, newest first; by state; by name (keyset on created_at, id)
CREATE INDEX ix_jobs_created ON jobs (created_at, id);
CREATE INDEX ix_jobs_state_created ON jobs (state, created_at, id);
CREATE INDEX ix_jobs_name_created ON jobs (name, created_at, id);
-- the retention janitor's deletes of finished jobs by age
CREATE INDEX ix_jobs_finished ON jobs (finished_at);

-- a job's labels again, one row each, for the label filter; written with the job's labels column
-- in one transaction
CREATE TABLE job_labels (
  job_id VARCHAR(128) ${name_collation} NOT NULL,
  lkey   VARCHAR(255) NOT NULL,
  lvalue VARCHAR(1024) NOT NULL,
  CONSTRAINT pk_job_labels PRIMARY KEY (job_id, lkey),
  CONSTRAINT fk_job_labels_job FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
);
CREATE INDEX ix_job_labels_pair ON job_labels (lkey, lvalue, job_id);

-- one row per attempt, recorded when its container starts: the primary key makes sure an attempt
-- is started once
CREATE TABLE job_attempts (
  job_id      VARCHAR(128) ${name_collation} NOT NULL,
  attempt     INTEGER      NOT NULL,
  node_id     VARCHAR(64),
  alloc_id    VARCHAR(128),
  exec_id     VARCHAR(128),
  state       VARCHAR(16)  NOT NULL,
  exit_code   INTEGER,
  error       VARCHAR,
  started_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  finished_at TIMESTAMP(3) WITH TIME ZONE,
  CONSTRAINT pk_job_attempts PRIMARY KEY (job_id, attempt),
  CONSTRAINT ck_job_attempts_state CHECK (state IN ('running', 'complete', 'cancelled')),
  CONSTRAINT fk_job_attempts_job FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
);
