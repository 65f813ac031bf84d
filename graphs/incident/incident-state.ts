import { Annotation } from "@langchain/langgraph";
import { z } from "zod";
import type { TrackedEvent, TrackedIssue } from "../../src/core/ports/error-tracker-port.js";

/** A Sentry issue, as the poll or a webhook saw it. The graph fetches fresh counts before it decides. */
export const incidentInput = z.object({
  source: z.enum(["poll", "webhook"]),
  issue: z.object({
    id: z.string().min(1),
    shortId: z.string().default(""),
    title: z.string().default(""),
    culprit: z.string().default(""),
    level: z.string().default("error"),
    status: z.string().default("unresolved"),
    substatus: z.string().optional(),
    count: z.number().int().min(0).default(0),
    userCount: z.number().int().min(0).default(0),
    firstSeen: z.string().default(""),
    lastSeen: z.string().default(""),
    permalink: z.string().default(""),
    project: z.string().default(""),
  }),
});
export type IncidentInput = z.infer<typeof incidentInput>;

export type Decision = "file" | "log-only" | "spike" | "known";

export interface Assessment {
  severity: "P0" | "P1" | "P2" | "P3";
  reason: string;
  method: "model" | "rules";
}

export const IncidentState = Annotation.Root({
  request: Annotation<IncidentInput>(),
  /** Fresh from Sentry (or the delivered copy when Sentry's API is not configured). */
  issue: Annotation<TrackedIssue | undefined>(),
  event: Annotation<TrackedEvent | null | undefined>(),
  assessment: Annotation<Assessment | undefined>(),
  decision: Annotation<Decision | undefined>(),
  /** The GitHub issue a spike comment went to. */
  issueNumber: Annotation<number | undefined>(),
});
export type IncidentStateType = typeof IncidentState.State;
