-- Call records and their logs. One schema for H2 and PostgreSQL.
-- A call is kept after its function is deleted (no foreign key to fns): records are history, and
-- the retention janitor removes them by age. Writes come in batches from one writer per node.
-- Durations are microseconds. A log row exists only for a call that wrote something.

CREATE TABLE calls (
  id           VARCHAR(64)  NOT NULL,
  app_id       VARCHAR(64)  NOT NULL,
  fn_id        VARCHAR(64)  NOT NULL,
  status       VARCHAR(32)  NOT NULL,
  created_at   TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  started_at   TIMESTAMP(3) WITH TIME ZONE,
  completed_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  queue_us     BIGINT       NOT NULL,
  init_us      BIGINT       NOT NULL,
  exec_us      BIGINT       NOT NULL,
  cold         BOOLEAN      NOT NULL,
  error        VARCHAR(2048),
  CONSTRAINT pk_calls PRIMARY KEY (id)
);

-- a function's calls, newest first, a page at a time (keyset on created_at, id)
CREATE INDEX ix_calls_fn_created ON calls (fn_id, created_at, id);
-- the retention janitor's deletes by age
CREATE INDEX ix_calls_created ON calls (created_at);

CREATE TABLE call_logs (
  call_id VARCHAR(64) NOT NULL,
  log     VARCHAR     NOT NULL,
  CONSTRAINT pk_call_logs PRIMARY KEY (call_id),
  CONSTRAINT fk_call_logs_call FOREIGN KEY (call_id) REFERENCES calls (id) ON DELETE CASCADE
);
