import { AppError, ErrorCode, toAppError } from "../../core/errors.js";
import { effectKey } from "../../core/ids.js";
import type { EffectKind, EffectResult } from "../../core/effects/effect-kinds.js";
import type {
  EffectExecutors,
  EffectRecord,
  EffectRequest,
  EffectsLedger,
} from "../../core/effects/effects-ledger.js";
import type { PgPool } from "./create-pg-pool.js";

interface Row {
  key: string;
  kind: EffectKind;
  thread_id: string;
  status: EffectRecord["status"];
  attempts: number;
  input: unknown;
  result: unknown;
  error: string | null;
  dry_run: boolean;
  created_at: Date;
  applied_at: Date | null;
}

export interface EffectsLedgerOptions {
  pool: PgPool;
  executors: EffectExecutors;
  dryRun: boolean;
  /** Called after an effect is applied, for metrics. */
  onApplied?: (kind: EffectKind, outcome: "applied" | "replayed" | "failed" | "dry-run") => void;
}

/**
 * The effects ledger in PostgreSQL. A row is claimed before the executor runs (attempts + 1) and completed
 * with the result after, so a node that runs again either gets the stored result or, when an attempt may
 * have acted without recording it, an executor call told to look before it acts. Single-writer-per-thread
 * (the graph runner's lock) means two attempts of the same key never run at the same time.
 */
export function createPostgresEffectsLedger(opts: EffectsLedgerOptions): EffectsLedger {
  const { pool, executors } = opts;
  const note = opts.onApplied ?? (() => {});

  return {
    async apply<K extends EffectKind>(request: EffectRequest<K>): Promise<EffectResult<K>> {
      const key = effectKey(request.threadId, request.node, request.intent);
      const claimed = await pool.query<Row>(
        `INSERT INTO effects (key, kind, thread_id, status, attempts, input, dry_run)
         VALUES ($1, $2, $3, 'planned', 1, $4, $5)
         ON CONFLICT (key) DO UPDATE
           SET attempts = effects.attempts + CASE WHEN effects.status = 'applied' THEN 0 ELSE 1 END
         RETURNING *`,
        [key, request.kind, request.threadId, JSON.stringify(request.input), opts.dryRun],
      );
      const row = claimed.rows[0]!;
      if (row.kind !== request.kind) {
        throw new AppError(ErrorCode.Internal, `effect ${key} was recorded as ${row.kind}, now asked as ${request.kind}`);
      }
      if (row.status === "applied") {
        note(request.kind, "replayed");
        return row.result as EffectResult<K>;
      }
      if (opts.dryRun) {
        note(request.kind, "dry-run");
        return dryRunResult(request.kind, request.input) as EffectResult<K>;
      }
      const executor = executors[request.kind] as (input: unknown, ctx: { key: string; priorAttempts: number }) => Promise<EffectResult<K>>;
      try {
        const result = await executor(request.input, { key, priorAttempts: row.attempts - 1 });
        await pool.query(
          `UPDATE effects SET status = 'applied', result = $2, error = NULL, applied_at = now() WHERE key = $1`,
          [key, JSON.stringify(result ?? null)],
        );
        note(request.kind, "applied");
        return result;
      } catch (e) {
        const err = toAppError(e);
        // A retryable failure leaves the row planned so the next attempt runs (and looks before acting).
        await pool.query(`UPDATE effects SET status = $2, error = $3 WHERE key = $1`, [
          key,
          err.retryable ? "planned" : "failed",
          `${err.code}: ${err.message}`.slice(0, 2000),
        ]);
        note(request.kind, "failed");
        throw err;
      }
    },

    async list(threadId: string): Promise<EffectRecord[]> {
      const res = await pool.query<Row>(`SELECT * FROM effects WHERE thread_id = $1 ORDER BY created_at, key`, [threadId]);
      return res.rows.map(toRecord);
    },
  };
}

function toRecord(r: Row): EffectRecord {
  return {
    key: r.key,
    kind: r.kind,
    threadId: r.thread_id,
    status: r.status,
    attempts: r.attempts,
    input: r.input,
    result: r.result,
    error: r.error,
    dryRun: r.dry_run,
    createdAt: r.created_at.toISOString(),
    appliedAt: r.applied_at ? r.applied_at.toISOString() : null,
  };
}

/**
 * In dry-run mode nodes still need a result of the right shape to carry on: a number 0 for what would have been
 * created, the input echoed where GitHub or Slack would echo it. Exhaustive, so a new effect kind must say what its
 * planned result is.
 */
function dryRunResult(kind: EffectKind, input: unknown): unknown {
  const i = input as Record<string, unknown>;
  const comment = { id: 0, body: i.body, author: "", url: "", createdAt: "" };
  const pull = {
    number: 0, title: i.title ?? "", body: i.body ?? "", state: "open", merged: false, mergeCommitSha: null, draft: Boolean(i.draft),
    mergeable: null, mergeableState: "unknown", headSha: "", headRef: i.head ?? "", baseRef: i.base ?? "", author: "", labels: [],
    url: "", additions: 0, deletions: 0, changedFiles: 0, createdAt: "", updatedAt: "",
  };
  const review = { id: 0, author: "", commitId: i.commitId ?? null, body: i.body ?? "", submittedAt: null };
  switch (kind) {
    case "slack.post":
    case "slack.update":
      return { channel: i.channel, ts: (i.ts as string | undefined) ?? "0000000000.000000" };
    case "slack.ephemeral":
      return { messageTs: "0000000000.000000" };
    case "slack.upload-file":
      return { fileId: "F0DRYRUN0000" };
    case "slack.respond":
    case "slack.react":
    case "slack.unreact":
    case "slack.publish-home":
    case "github.remove-label":
    case "github.resolve-thread":
    case "github.update-branch":
    case "github.rerun-check":
    case "github.delete-branch":
      return { ok: true };
    case "github.create-issue":
    case "github.close-issue":
      return { number: i.number ?? 0, title: i.title ?? "", body: i.body ?? "", state: kind === "github.close-issue" ? "closed" : "open", labels: i.labels ?? [], url: "", author: "", createdAt: "", updatedAt: "", isPullRequest: false };
    case "github.comment":
    case "github.update-comment":
    case "github.upsert-comment":
      return comment;
    case "github.add-labels":
      return { labels: i.labels };
    case "github.ensure-labels":
      return { created: [] };
    case "github.merge":
      return { sha: i.sha, merged: false };
    case "github.review":
      return { ...review, state: i.event === "APPROVE" ? "APPROVED" : i.event === "REQUEST_CHANGES" ? "CHANGES_REQUESTED" : "COMMENTED" };
    case "github.dismiss-review":
      return { ...review, id: i.reviewId, state: "DISMISSED" };
    case "github.reply-review-comment":
      return { id: 0 };
    case "github.commit-file":
      return { sha: "dry-run" };
    case "github.revert-pr":
    case "github.create-pr":
      return pull;
    case "shopfloor.start-run":
      return { jobId: i.jobId };
    default: {
      const unknownKind: never = kind;
      throw new AppError(ErrorCode.Internal, `no dry-run result for effect kind ${String(unknownKind)}`);
    }
  }
}
