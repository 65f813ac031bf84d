-- Up Migration

-- One row per review Shopfloor gave a pull request: the commit, what it found, the risk it computed and how
-- much of the diff it covered. The merge automation reads the reviewed SHA and risk from here; recaps and the
-- audit read findings per dimension and how many were resolved by a later commit.
CREATE TABLE pr_reviews (
  id            bigserial PRIMARY KEY,
  repository    text NOT NULL,
  pr_number     integer NOT NULL,
  head_sha      text NOT NULL,
  base_sha      text,
  -- The review run (graph thread + trigger): a retried run replaces its own row instead of adding one.
  run_key       text NOT NULL UNIQUE,
  mode          text NOT NULL CHECK (mode IN ('full', 'incremental')),
  outcome       text NOT NULL CHECK (outcome IN ('changes-requested', 'clean', 'approved', 'needs-human')),
  risk          text NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
  risk_reasons  jsonb NOT NULL DEFAULT '[]',
  round         integer NOT NULL,
  findings      jsonb NOT NULL DEFAULT '[]',
  resolved      jsonb NOT NULL DEFAULT '[]',
  coverage      jsonb NOT NULL,
  prompt_tokens integer NOT NULL DEFAULT 0,
  review_id     bigint,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pr_reviews_by_pr ON pr_reviews (repository, pr_number, id DESC);

-- Down Migration
DROP TABLE pr_reviews;
