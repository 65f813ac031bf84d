-- Up Migration

-- Why a run failed, in three kinds the audit and the breaker reason about: infrastructure (retried with back-off),
-- logic (a defect in Shopfloor, reported to Sentry) and semantic (model output invalid or unsafe, an agent stuck,
-- a budget spent). Null for runs that did not fail.
ALTER TABLE runs ADD COLUMN failure_class text CHECK (failure_class IN ('infrastructure', 'logic', 'semantic'));
-- Runs whose worker died mid-run (the run ledger's WORKER_LOST) failed for the infrastructure's reasons.
UPDATE runs SET failure_class = 'infrastructure' WHERE error_code = 'WORKER_LOST';

-- What one model call tried before it worked or gave up: the first answer, the retry with the validation error
-- given back, the task's fallback model, a smaller context. One JSON object per attempt.
ALTER TABLE model_calls ADD COLUMN attempts jsonb NOT NULL DEFAULT '[]'::jsonb;

-- The circuit breaker: runs of an automation that failed for good one after another. A success sets it to 0.
ALTER TABLE automation_settings ADD COLUMN failures_in_a_row integer NOT NULL DEFAULT 0;

-- Prompt versions approved in Slack. A version takes precedence over the prompt file while it is the head of its
-- prompt; a rollback moves the head back (to the previous version, or to the file when there is none).
CREATE TABLE prompt_versions (
  id          bigserial PRIMARY KEY,
  prompt_id   text NOT NULL,
  version     integer NOT NULL,
  body        text NOT NULL,
  hash        text NOT NULL,
  base_hash   text NOT NULL,
  proposal_id bigint,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (prompt_id, version)
);

-- Which version of a prompt is in use: no row, or a null version, means the file. Every move is kept.
CREATE TABLE prompt_heads (
  id          bigserial PRIMARY KEY,
  prompt_id   text NOT NULL,
  version_id  bigint REFERENCES prompt_versions (id),
  action      text NOT NULL CHECK (action IN ('adopt', 'rollback')),
  changed_by  text NOT NULL,
  changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX prompt_heads_by_prompt ON prompt_heads (prompt_id, id DESC);

-- What the audit and the planner proposed, and what people decided. An audit run proposes a change once
-- (batch + fingerprint); the next audit compares its metric before and after the decision.
CREATE TABLE proposals (
  id          bigserial PRIMARY KEY,
  source      text NOT NULL CHECK (source IN ('audit', 'planner')),
  batch       text NOT NULL,
  fingerprint text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('prompt', 'config', 'issue')),
  title       text NOT NULL,
  rationale   text NOT NULL,
  change      jsonb NOT NULL,
  metric      jsonb,
  status      text NOT NULL CHECK (status IN ('open', 'approved', 'rejected', 'expired', 'failed')) DEFAULT 'open',
  decided_by  text,
  decided_at  timestamptz,
  result      jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (batch, fingerprint)
);
CREATE INDEX proposals_status_idx ON proposals (status, decided_at);

-- The audit reads runs by when they finished, steps by when they ended, reviews by when they were given and the
-- audit log by action and time, a week at a time.
CREATE INDEX runs_finished_idx ON runs (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX run_steps_finished_idx ON run_steps (finished_at);
CREATE INDEX pr_reviews_created_idx ON pr_reviews (created_at);
CREATE INDEX audit_log_action_idx ON audit_log (action, at);

-- Down Migration
DROP INDEX audit_log_action_idx;
DROP INDEX pr_reviews_created_idx;
DROP INDEX run_steps_finished_idx;
DROP INDEX runs_finished_idx;
DROP TABLE proposals;
DROP TABLE prompt_heads;
DROP TABLE prompt_versions;
ALTER TABLE automation_settings DROP COLUMN failures_in_a_row;
ALTER TABLE model_calls DROP COLUMN attempts;
ALTER TABLE runs DROP COLUMN failure_class;
