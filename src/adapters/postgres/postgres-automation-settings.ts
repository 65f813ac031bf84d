import type { AutomationSettings } from "../../core/ledgers/automation-settings.js";
import type { PgPool } from "./create-pg-pool.js";

export function createPostgresAutomationSettings(pool: PgPool): AutomationSettings {
  return {
    async list() {
      const res = await pool.query<{ automation: string; paused: boolean; changed_by: string | null; reason: string | null; updated_at: Date; failures_in_a_row: number }>(
        `SELECT * FROM automation_settings ORDER BY automation`,
      );
      return res.rows.map((r) => ({
        automation: r.automation,
        paused: r.paused,
        changedBy: r.changed_by,
        reason: r.reason,
        updatedAt: r.updated_at.toISOString(),
        failuresInARow: r.failures_in_a_row,
      }));
    },
    async isPaused(automation) {
      const res = await pool.query<{ paused: boolean }>(`SELECT paused FROM automation_settings WHERE automation = $1`, [automation]);
      return res.rows[0]?.paused ?? false;
    },
    async setPaused(automation, paused, by, reason) {
      await pool.query(
        `INSERT INTO automation_settings (automation, paused, changed_by, reason, updated_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (automation) DO UPDATE SET paused = $2, changed_by = $3, reason = $4, updated_at = now(),
           failures_in_a_row = CASE WHEN $2 THEN automation_settings.failures_in_a_row ELSE 0 END`,
        [automation, paused, by, reason ?? null],
      );
    },
    async recordOutcome(automation, outcome) {
      if (outcome === "succeeded") {
        // Most runs succeed: this writes only when there was a count to clear.
        await pool.query(`UPDATE automation_settings SET failures_in_a_row = 0 WHERE automation = $1 AND failures_in_a_row <> 0`, [automation]);
        return 0;
      }
      // One statement: two workers failing runs of the same automation at once both count.
      const res = await pool.query<{ failures_in_a_row: number }>(
        `INSERT INTO automation_settings (automation, failures_in_a_row) VALUES ($1, 1)
         ON CONFLICT (automation) DO UPDATE SET failures_in_a_row = automation_settings.failures_in_a_row + 1
         RETURNING failures_in_a_row`,
        [automation],
      );
      return res.rows[0]!.failures_in_a_row;
    },
  };
}
