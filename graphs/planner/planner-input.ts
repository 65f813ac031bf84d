import { z } from "zod";

export const PLANNER_GRAPH = "planner";

/** A run of the planner: its weekly schedule (schedules.planner) or `/shopfloor plan`. */
export const plannerInput = z.object({
  via: z.enum(["schedule", "command"]),
  /** When the schedule fired: its thread and job ids are made from it, so a redelivery plans nothing twice. */
  firedAt: z.iso.datetime().optional(),
  user: z.string().min(1).optional(),
  channel: z.string().min(1).optional(),
  responseUrl: z.url().optional(),
});
export type PlannerInput = z.infer<typeof plannerInput>;
