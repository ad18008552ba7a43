-- Runner nodes, for lbs to find them (dynamic membership). Each runner writes only its own row:
-- registering (the first heartbeat) gives it the next seq, which it keeps across restarts, so
-- that the order lbs hash over is the order runners joined and a returning runner gets its
-- place back. heartbeat_at is the runner's clock; a row silent for a TTL is left out by lbs, and
-- one silent for much longer is deleted.

CREATE TABLE runners (
  id           VARCHAR(64)  NOT NULL,
  address      VARCHAR(255) NOT NULL,
  seq          BIGINT       NOT NULL,
  draining     BOOLEAN      NOT NULL,
  joined_at    TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  heartbeat_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_runners PRIMARY KEY (id),
  CONSTRAINT uq_runners_seq UNIQUE (seq)
);
