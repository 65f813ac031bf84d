import type { PoolClient } from "pg";
import type { PromptHeadChange, PromptVersion, PromptVersionStore } from "../../core/ledgers/prompt-versions.js";
import type { PgPool } from "./create-pg-pool.js";

interface VersionRow {
  id: string;
  prompt_id: string;
  version: number;
  body: string;
  hash: string;
  base_hash: string;
  proposal_id: string | null;
  created_by: string;
  created_at: Date;
}

interface HeadRow {
  id: string;
  prompt_id: string;
  version_id: string | null;
  action: PromptHeadChange["action"];
  changed_by: string;
  changed_at: Date;
}

const toVersion = (r: VersionRow): PromptVersion => ({
  id: Number(r.id),
  promptId: r.prompt_id,
  version: r.version,
  body: r.body,
  hash: r.hash,
  baseHash: r.base_hash,
  proposalId: r.proposal_id === null ? null : Number(r.proposal_id),
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
});

const toChange = (r: HeadRow): PromptHeadChange => ({
  promptId: r.prompt_id,
  versionId: r.version_id === null ? null : Number(r.version_id),
  action: r.action,
  changedBy: r.changed_by,
  changedAt: r.changed_at.toISOString(),
});

/** First key of the two-key advisory lock: keeps these locks apart from any other advisory lock in the database. */
const LOCK_SPACE = 0x70726f6d; // "prom"

/**
 * Everything that moves a prompt's head runs in one transaction holding a per-prompt lock: version numbers are
 * allocated without gaps or clashes, and two rollbacks at once step back two versions rather than both reading the
 * same head.
 */
async function underPromptLock<T>(pool: PgPool, promptId: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [LOCK_SPACE, promptId]);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/**
 * Which version is in use, replaying the head moves: an adopt puts its version on top of the ones in use before,
 * a rollback takes the top one off. So a rollback returns to the version that really was in use before (a version
 * that was itself rolled back earlier is never brought back), and to the file once nothing is left.
 */
function stackOf(changes: readonly HeadRow[]): string[] {
  const stack: string[] = [];
  for (const c of changes) {
    if (c.action === "adopt" && c.version_id !== null) stack.push(c.version_id);
    else if (c.action === "rollback") stack.pop();
  }
  return stack;
}

export function createPostgresPromptVersionStore(pool: PgPool): PromptVersionStore {
  const versionById = async (client: PgPool | PoolClient, id: string | null): Promise<PromptVersion | null> => {
    if (id === null) return null;
    const res = await client.query<VersionRow>(`SELECT * FROM prompt_versions WHERE id = $1`, [id]);
    return res.rows[0] ? toVersion(res.rows[0]) : null;
  };

  return {
    async adopt(input) {
      return underPromptLock(pool, input.promptId, async (client) => {
        const res = await client.query<VersionRow>(
          `INSERT INTO prompt_versions (prompt_id, version, body, hash, base_hash, proposal_id, created_by)
           SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6 FROM prompt_versions WHERE prompt_id = $1
           RETURNING *`,
          [input.promptId, input.body, input.hash, input.baseHash, input.proposalId ?? null, input.createdBy],
        );
        const row = res.rows[0]!;
        await client.query(`INSERT INTO prompt_heads (prompt_id, version_id, action, changed_by) VALUES ($1, $2, 'adopt', $3)`, [
          input.promptId,
          row.id,
          input.createdBy,
        ]);
        return toVersion(row);
      });
    },

    async heads() {
      const res = await pool.query<VersionRow>(
        `SELECT v.* FROM (
           SELECT DISTINCT ON (prompt_id) prompt_id, version_id FROM prompt_heads ORDER BY prompt_id, id DESC
         ) h JOIN prompt_versions v ON v.id = h.version_id
         ORDER BY v.prompt_id`,
      );
      return res.rows.map(toVersion);
    },

    async history(promptId) {
      const [versions, changes] = await Promise.all([
        pool.query<VersionRow>(`SELECT * FROM prompt_versions WHERE prompt_id = $1 ORDER BY version DESC`, [promptId]),
        pool.query<HeadRow>(`SELECT * FROM prompt_heads WHERE prompt_id = $1 ORDER BY id DESC`, [promptId]),
      ]);
      const all = versions.rows.map(toVersion);
      const latest = changes.rows[0];
      const head = latest?.version_id ? (all.find((v) => v.id === Number(latest.version_id)) ?? null) : null;
      return { versions: all, changes: changes.rows.map(toChange), head };
    },

    async rollback(promptId, by) {
      return underPromptLock(pool, promptId, async (client) => {
        const res = await client.query<HeadRow>(`SELECT * FROM prompt_heads WHERE prompt_id = $1 ORDER BY id`, [promptId]);
        const current = res.rows.at(-1)?.version_id ?? null;
        if (current === null) return { from: null, to: null };
        const stack = stackOf(res.rows);
        // The latest row names the head; should the replay ever disagree, the head is still what gets rolled back.
        if (stack.at(-1) !== current) stack.push(current);
        stack.pop();
        const target = stack.at(-1) ?? null;
        await client.query(`INSERT INTO prompt_heads (prompt_id, version_id, action, changed_by) VALUES ($1, $2, 'rollback', $3)`, [promptId, target, by]);
        return { from: await versionById(client, current), to: await versionById(client, target) };
      });
    },

    // The number of moves, not max(id): ids are taken at insert but rows become visible at commit, so a move with a
    // lower id can commit after one with a higher id was seen, and max(id) would not change for it. Moves are never
    // deleted, so the count grows by one with every move.
    async generation() {
      const res = await pool.query<{ g: string }>(`SELECT count(*) AS g FROM prompt_heads`);
      return Number(res.rows[0]?.g ?? 0);
    },
  };
}
