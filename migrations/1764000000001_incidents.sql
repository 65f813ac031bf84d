-- Up Migration

-- Where a poller stopped (e.g. the Sentry high-water mark), so the next poll starts there and nothing is skipped.
CREATE TABLE poll_cursors (
  name       text PRIMARY KEY,
  value      text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per Sentry issue Shopfloor has looked at: what it decided and the counts it decided on.
CREATE TABLE incidents (
  sentry_issue_id text PRIMARY KEY,
  short_id        text NOT NULL,
  title           text NOT NULL,
  level           text NOT NULL,
  decision        text NOT NULL CHECK (decision IN ('filed', 'log-only')),
  severity        text,
  reason          text NOT NULL DEFAULT '',
  event_count     integer NOT NULL DEFAULT 0,
  user_count      integer NOT NULL DEFAULT 0,
  first_seen      timestamptz,
  last_seen       timestamptz,
  spikes          integer NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE incidents;
DROP TABLE poll_cursors;
