import type { PgPool } from "./create-pg-pool.js";

/** Named high-water marks for pollers. Written only after a poll has handed everything before it over. */
export function createPollCursors(pool: PgPool) {
  return {
    async get(name: string): Promise<string | null> {
      const res = await pool.query<{ value: string }>(`SELECT value FROM poll_cursors WHERE name = $1`, [name]);
      return res.rows[0]?.value ?? null;
    },
    async set(name: string, value: string): Promise<void> {
      await pool.query(
        `INSERT INTO poll_cursors (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = $2, updated_at = now()`,
        [name, value],
      );
    },
  };
}
export type PollCursors = ReturnType<typeof createPollCursors>;
