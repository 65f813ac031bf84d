-- Up Migration

-- Run ledger: one row per graph run (a start or a resume), its steps and its model calls.
CREATE TABLE runs (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  graph         text NOT NULL,
  thread_id     text NOT NULL,
  job_id        text,
  kind          text NOT NULL CHECK (kind IN ('start', 'resume', 'continue')),
  status        text NOT NULL CHECK (status IN ('running', 'waiting', 'succeeded', 'failed', 'cancelled')),
  error_code    text,
  error_message text,
  detail        jsonb NOT NULL DEFAULT '{}'::jsonb,
  started_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE INDEX runs_thread_idx ON runs (thread_id, started_at DESC);
CREATE INDEX runs_open_idx ON runs (status, graph) WHERE status IN ('running', 'waiting');
CREATE INDEX runs_graph_started_idx ON runs (graph, started_at DESC);

CREATE TABLE run_steps (
  id          bigserial PRIMARY KEY,
  run_id      uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  node        text NOT NULL,
  status      text NOT NULL CHECK (status IN ('succeeded', 'failed', 'interrupted')),
  duration_ms integer,
  error_code  text,
  detail      jsonb NOT NULL DEFAULT '{}'::jsonb,
  finished_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX run_steps_run_idx ON run_steps (run_id, id);

CREATE TABLE model_calls (
  id                bigserial PRIMARY KEY,
  run_id            uuid REFERENCES runs (id) ON DELETE SET NULL,
  thread_id         text,
  graph             text,
  node              text,
  task              text NOT NULL,
  model             text NOT NULL,
  prompt_id         text NOT NULL,
  prompt_hash       text NOT NULL,
  prompt_tokens     integer NOT NULL DEFAULT 0,
  completion_tokens integer NOT NULL DEFAULT 0,
  cost_usd          numeric(14, 6) NOT NULL DEFAULT 0,
  latency_ms        integer NOT NULL DEFAULT 0,
  repairs           integer NOT NULL DEFAULT 0,
  outcome           text NOT NULL CHECK (outcome IN ('ok', 'invalid', 'timeout', 'error')),
  error_code        text,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX model_calls_run_idx ON model_calls (run_id);
CREATE INDEX model_calls_created_idx ON model_calls (created_at);

-- Effects ledger: every side effect on the outside world, keyed by (graph thread, node, intent).
CREATE TABLE effects (
  key        text PRIMARY KEY,
  kind       text NOT NULL,
  thread_id  text NOT NULL,
  status     text NOT NULL CHECK (status IN ('planned', 'applied', 'failed')),
  attempts   integer NOT NULL DEFAULT 0,
  input      jsonb NOT NULL,
  result     jsonb,
  error      text,
  dry_run    boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  applied_at timestamptz
);
CREATE INDEX effects_thread_idx ON effects (thread_id, created_at);
CREATE INDEX effects_kind_idx ON effects (kind, created_at);

-- Audit log: append-only record of decisions (approvals, merges, refusals, policy changes).
CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  actor        text NOT NULL,
  actor_github text,
  action       text NOT NULL,
  subject      text NOT NULL,
  outcome      text NOT NULL CHECK (outcome IN ('allowed', 'refused', 'done', 'failed')),
  detail       jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_subject_idx ON audit_log (subject, at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

-- Links: one row per work item, tying a Slack thread, an issue, a PR, a Sentry issue and graph threads.
CREATE TABLE links (
  id              bigserial PRIMARY KEY,
  slack_channel   text,
  slack_thread_ts text,
  issue_number    integer,
  pr_number       integer,
  sentry_issue_id text,
  graph_threads   text[] NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX links_slack_thread_idx ON links (slack_channel, slack_thread_ts) WHERE slack_thread_ts IS NOT NULL;
CREATE UNIQUE INDEX links_issue_idx ON links (issue_number) WHERE issue_number IS NOT NULL;
CREATE UNIQUE INDEX links_pr_idx ON links (pr_number) WHERE pr_number IS NOT NULL;
CREATE UNIQUE INDEX links_sentry_idx ON links (sentry_issue_id) WHERE sentry_issue_id IS NOT NULL;
CREATE INDEX links_graph_threads_idx ON links USING gin (graph_threads);

-- Automation settings: paused or not, by whom.
CREATE TABLE automation_settings (
  automation text PRIMARY KEY,
  paused     boolean NOT NULL DEFAULT false,
  changed_by text,
  reason     text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE automation_settings;
DROP TABLE links;
DROP TRIGGER audit_log_append_only ON audit_log;
DROP FUNCTION audit_log_is_append_only();
DROP TABLE audit_log;
DROP TABLE effects;
DROP TABLE model_calls;
DROP TABLE run_steps;
DROP TABLE runs;
