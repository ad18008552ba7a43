-- What an attempt of a job left behind, kept by the dispatcher when its container exited: the
-- tail of its log (stdout and stderr) and a tar of what it wrote under /out, each bounded by the
-- store (JobStore.MAX_LOG_BYTES, MAX_OUTPUT_BYTES) and either one absent (NULL) when there was
-- none or the output was over the dispatcher's bound. One row per attempt, written once its
-- attempt row exists; it goes with its attempt (and so with its job).

CREATE TABLE job_files (
  job_id  VARCHAR(128) ${name_collation} NOT NULL,
  attempt INTEGER      NOT NULL,
  log     BYTEA,
  output  BYTEA,
  CONSTRAINT pk_job_files PRIMARY KEY (job_id, attempt),
  CONSTRAINT fk_job_files_attempt FOREIGN KEY (job_id, attempt)
    REFERENCES job_attempts (job_id, attempt) ON DELETE CASCADE
);
