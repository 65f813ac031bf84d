-- Up Migration

-- What the shepherd handed to people: one open escalation per PR at a time, with who owes the next move, by when,
-- and what will end it. Pinged again after the deadline; closed when the PR moves (new commits, merged, closed).
CREATE TABLE escalations (
  id            bigserial PRIMARY KEY,
  repository    text NOT NULL,
  pr_number     integer NOT NULL,
  head_sha      text NOT NULL,
  reasons       jsonb NOT NULL,
  owner         text NOT NULL,
  deadline      timestamptz NOT NULL,
  resume_on     text NOT NULL,
  status        text NOT NULL CHECK (status IN ('open', 'closed')) DEFAULT 'open',
  pings         integer NOT NULL DEFAULT 0,
  slack_channel text,
  slack_ts      text,
  closed_reason text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  closed_at     timestamptz
);
CREATE UNIQUE INDEX escalations_one_open_per_pr ON escalations (repository, pr_number) WHERE status = 'open';

-- Down Migration
DROP TABLE escalations;
