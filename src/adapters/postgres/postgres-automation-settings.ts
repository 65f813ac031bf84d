import type { AutomationSettings } from "../../core/ledgers/automation-settings.js";
import type { PgPool } from "./create-pg-pool.js";

export function createPostgresAutomationSettings(pool: PgPool): AutomationSettings {
  return {
    async list() {
      const res = await pool.query<{ automation: string; paused: boolean; changed_by: string | null; reason: string | null; updated_at: Date }>(
        `SELECT * FROM automation_settings ORDER BY automation`,
      );
      return res.rows.map((r) => ({
        automation: r.automation,
        paused: r.paused,
        changedBy: r.changed_by,
        reason: r.reason,
        updatedAt: r.updated_at.toISOString(),
      }));
    },
    async isPaused(automation) {
      const res = await pool.query<{ paused: boolean }>(`SELECT paused FROM automation_settings WHERE automation = $1`, [automation]);
      return res.rows[0]?.paused ?? false;
    },
    async setPaused(automation, paused, by, reason) {
      await pool.query(
        `INSERT INTO automation_settings (automation, paused, changed_by, reason, updated_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (automation) DO UPDATE SET paused = $2, changed_by = $3, reason = $4, updated_at = now()`,
        [automation, paused, by, reason ?? null],
      );
    },
  };
}
