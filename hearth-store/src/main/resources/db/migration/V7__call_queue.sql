-- The durable call queue (issue 13): async calls (Fn-Invoke-Type: async) from their acceptance to
-- their stored answer, and detached calls from before their 202 to their end. One schema for H2
-- and PostgreSQL. V7, not V6: V6 is kept for the jobs work done beside this.
--
-- kind: async | detached. state: queued | running | success | error | timeout.
-- node_id: the node running the call (detached), or holding its claim (async, while running);
-- claim_until: when an async claim returns to the queue unless renewed (its node is gone).
-- run_after: an async call is not claimed before (the retry back-off).
-- trigger_call: the answer is mapped as an HTTP trigger's when read.
-- Headers are JSON arrays of [name, value] pairs; bodies are bytes, the result's cut to a limit.

CREATE TABLE call_queue (
  id              VARCHAR(64)  NOT NULL,
  app_id          VARCHAR(64)  NOT NULL,
  fn_id           VARCHAR(64)  NOT NULL,
  kind            VARCHAR(16)  NOT NULL,
  state           VARCHAR(16)  NOT NULL,
  node_id         VARCHAR(128),
  claim_until     TIMESTAMP(3) WITH TIME ZONE,
  attempts        INTEGER      NOT NULL,
  max_attempts    INTEGER      NOT NULL,
  run_after       TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  created_at      TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  started_at      TIMESTAMP(3) WITH TIME ZONE,
  completed_at    TIMESTAMP(3) WITH TIME ZONE,
  trigger_call    BOOLEAN      NOT NULL,
  request_headers VARCHAR      NOT NULL,
  request_body    ${bytes_type},
  result_status   INTEGER,
  result_headers  VARCHAR,
  result_body     ${bytes_type},
  error           VARCHAR(2048),
  CONSTRAINT pk_call_queue PRIMARY KEY (id)
);

-- workers' claims: queued calls due now, and expired claims
CREATE INDEX ix_call_queue_claim ON call_queue (state, run_after);
-- a function's queue depth (429 when full) and the per-function metrics
CREATE INDEX ix_call_queue_fn ON call_queue (fn_id, state);
-- a restarted node finishing or returning what it left
CREATE INDEX ix_call_queue_node ON call_queue (node_id, state);
-- retention of final calls
CREATE INDEX ix_call_queue_completed ON call_queue (completed_at);
