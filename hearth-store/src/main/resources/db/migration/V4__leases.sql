-- Leased allocations (allocs) and the containers run in them (execs). One schema for H2 and
-- PostgreSQL. Each node writes only its own allocs (an alloc id names its node: <node id>.<id>),
-- and reads them back after a restart to re-adopt what still runs. An alloc is live while active
-- or expired (ended_at null); reclaimed and freed are final (ended_at set), kept readable until
-- the retention janitor deletes them, their execs with them.
-- Resources are JSON objects of whole numbers ({"memory_bytes", "cpu_mcpus", "disk_bytes", "gpus",
-- any named resource}); labels and env JSON objects of strings; cmd a JSON array of strings; all
-- in unbounded VARCHAR (TEXT on PostgreSQL). Timestamps keep milliseconds. Ids are
-- ${name_collation} (COLLATE "C" on PostgreSQL), so ties in a page's order and its cursor are broken by
-- code point whatever the database's locale, as on H2.

CREATE TABLE allocs (
  id                VARCHAR(128) ${name_collation} NOT NULL,
  node_id           VARCHAR(64)  NOT NULL,
  owner             VARCHAR(255) NOT NULL,
  labels            VARCHAR      NOT NULL,
  resources         VARCHAR      NOT NULL,
  state             VARCHAR(16)  NOT NULL,
  created_at        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  last_keepalive_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  expires_at        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  ended_at          TIMESTAMP(3) WITH TIME ZONE,
  CONSTRAINT pk_allocs PRIMARY KEY (id),
  CONSTRAINT ck_allocs_state CHECK (state IN ('active', 'expired', 'reclaimed', 'freed'))
);

-- a node's live allocs, for re-adoption after a restart (ended_at IS NULL)
CREATE INDEX ix_allocs_node_ended ON allocs (node_id, ended_at);
-- an owner's allocs, newest first, a page at a time (keyset on created_at, id)
CREATE INDEX ix_allocs_owner_created ON allocs (owner, created_at, id);
-- every alloc, newest first (a list without an owner)
CREATE INDEX ix_allocs_created ON allocs (created_at, id);
-- the retention janitor's deletes of ended allocs by age
CREATE INDEX ix_allocs_ended ON allocs (ended_at);

CREATE TABLE execs (
  id           VARCHAR(128)  ${name_collation} NOT NULL,
  alloc_id     VARCHAR(128)  ${name_collation} NOT NULL,
  image        VARCHAR(1024) NOT NULL,
  cmd          VARCHAR       NOT NULL,
  env          VARCHAR       NOT NULL,
  resources    VARCHAR       NOT NULL,
  labels       VARCHAR       NOT NULL,
  state        VARCHAR(16)   NOT NULL,
  container_id VARCHAR(128),
  exit_code    INTEGER,
  oom          BOOLEAN       NOT NULL,
  error        VARCHAR(2048),
  created_at   TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  started_at   TIMESTAMP(3) WITH TIME ZONE,
  finished_at  TIMESTAMP(3) WITH TIME ZONE,
  CONSTRAINT pk_execs PRIMARY KEY (id),
  CONSTRAINT ck_execs_state CHECK (state IN ('pending', 'running', 'succeeded', 'failed', 'killed')),
  CONSTRAINT fk_execs_alloc FOREIGN KEY (alloc_id) REFERENCES allocs (id) ON DELETE CASCADE
);

-- an alloc's execs in the order they were made; also serves the foreign key's cascade
CREATE INDEX ix_execs_alloc_created ON execs (alloc_id, created_at, id);
