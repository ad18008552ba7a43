-- Apps, functions and triggers. One schema for H2 and PostgreSQL.
-- ${name_collation} is COLLATE "C" on PostgreSQL and empty on H2, so names sort by code point on
-- both (H2 always does): list order and cursors do not depend on the database's locale.
-- Maps are JSON objects of strings in unbounded VARCHAR (TEXT on PostgreSQL; not a slow CLOB on H2).
-- Timestamps keep milliseconds, as the API shows them.

CREATE TABLE apps (
  id          VARCHAR(64)  NOT NULL,
  name        VARCHAR(255) ${name_collation} NOT NULL,
  config      VARCHAR      NOT NULL,
  annotations VARCHAR      NOT NULL,
  syslog_url  VARCHAR(2048),
  shape       VARCHAR(32),
  created_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  updated_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_apps PRIMARY KEY (id),
  CONSTRAINT uq_apps_name UNIQUE (name)
);

CREATE TABLE fns (
  id                VARCHAR(64)  NOT NULL,
  app_id            VARCHAR(64)  NOT NULL,
  name              VARCHAR(255) ${name_collation} NOT NULL,
  image             VARCHAR(1024) NOT NULL,
  memory_mb         INTEGER      NOT NULL,
  timeout_secs      INTEGER      NOT NULL,
  idle_timeout_secs INTEGER      NOT NULL,
  config            VARCHAR      NOT NULL,
  annotations       VARCHAR      NOT NULL,
  shape             VARCHAR(32),
  created_at        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  updated_at        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_fns PRIMARY KEY (id),
  -- also serves the foreign key to apps and the list of an app's functions
  CONSTRAINT uq_fns_app_name UNIQUE (app_id, name),
  -- lets a trigger reference a function of its own app
  CONSTRAINT uq_fns_id_app UNIQUE (id, app_id),
  CONSTRAINT fk_fns_app FOREIGN KEY (app_id) REFERENCES apps (id) ON DELETE CASCADE
);

CREATE TABLE triggers (
  id          VARCHAR(64)   NOT NULL,
  name        VARCHAR(255)  ${name_collation} NOT NULL,
  app_id      VARCHAR(64)   NOT NULL,
  fn_id       VARCHAR(64)   NOT NULL,
  type        VARCHAR(32)   NOT NULL,
  source      VARCHAR(1024) NOT NULL,
  annotations VARCHAR       NOT NULL,
  created_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  updated_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_triggers PRIMARY KEY (id),
  -- also serves the foreign keys and the list of a function's triggers
  CONSTRAINT uq_triggers_fn_name UNIQUE (app_id, fn_id, name),
  -- also serves the /t/{app}/{source} lookup
  CONSTRAINT uq_triggers_source UNIQUE (app_id, type, source),
  CONSTRAINT fk_triggers_app FOREIGN KEY (app_id) REFERENCES apps (id) ON DELETE CASCADE,
  CONSTRAINT fk_triggers_fn FOREIGN KEY (fn_id, app_id) REFERENCES fns (id, app_id) ON DELETE CASCADE
);

-- the list of an app's triggers, in name order
CREATE INDEX ix_triggers_app_name ON triggers (app_id, name, id);
