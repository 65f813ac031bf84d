import { Annotation } from "@langchain/langgraph";
import { z } from "zod";
import { severities, type Classification, type DuplicateCandidate, type Severity } from "./triage-types.js";

/**
 * The typed entry point. `source` says where the report came from; the incident and verification
 * automations start triage with `sentry` and `verify`.
 */
const reportForm = z.object({
  title: z.string().max(150),
  what: z.string().max(8000),
  expected: z.string().max(4000).default(""),
  steps: z.string().max(4000).default(""),
  severity: z.enum(severities).optional(),
});

export const triageInput = z.discriminatedUnion("source", [
  z.object({
    source: z.literal("slack"),
    /** How it arrived: a message in a bug channel, a mention, `/shopfloor bug`, or the Report a bug modal. */
    via: z.enum(["message", "mention", "command", "shortcut"]),
    teamId: z.string(),
    user: z.string(),
    /** The report message and its channel, when the report is a message; absent for commands and the global shortcut. */
    channel: z.string().optional(),
    messageTs: z.string().optional(),
    /** Where to post the report when it is not a message yet (command or global shortcut). */
    postIn: z.string().optional(),
    text: z.string().max(40_000).default(""),
    form: reportForm.optional(),
  }),
  z.object({
    source: z.literal("github"),
    issueNumber: z.number().int().positive(),
    title: z.string(),
    body: z.string().default(""),
    author: z.string(),
  }),
  z.object({
    source: z.enum(["sentry", "verify"]),
    title: z.string(),
    text: z.string(),
    /** Link to the Sentry issue or the PR that caused the failure. */
    link: z.url().optional(),
    severityHint: z.enum(severities).optional(),
    /** Where to announce the result, if anywhere. */
    announce: z.object({ channel: z.string(), threadTs: z.string().optional() }).optional(),
    /** Extra labels the feeding automation wants (e.g. regression). */
    labels: z.array(z.string()).default([]),
    /** The Sentry issue this report is about, linked to the filed issue so later spikes find it. */
    sentryIssueId: z.string().optional(),
  }),
]);
export type TriageInput = z.infer<typeof triageInput>;

/** The report after normalisation: what the issue is written from. */
export interface Report {
  title?: string;
  text: string;
  reporter: string;
  reporterName: string;
  permalink?: string;
  files: { name: string; url: string }[];
  /** Answers the reporter gave to our questions, oldest first. */
  answers: string[];
  /** Severity the reporter chose in the modal, if any. */
  severityHint?: Severity;
}

/** Where Slack progress is shown: the report's thread and the one message updated in place. */
export interface SlackThread {
  channel: string;
  /** The report message (reactions go on it) and the thread root. */
  ts: string;
  /** The "Triaging…" message that is updated as the work moves on. */
  progressTs?: string;
}

export type Outcome =
  | { kind: "created"; issueNumber: number; url: string; labels: string[] }
  | { kind: "duplicate"; issueNumber: number; url: string }
  | { kind: "labelled"; issueNumber: number; labels: string[] }
  | { kind: "answered" }
  | { kind: "cancelled"; reason: string };

/** What a waiting node was woken with (a thread reply, an edit, a deletion, a card button, or its deadline). */
export type Wakeup =
  | { kind: "reply"; user: string; text: string; ts: string }
  | { kind: "edited"; text: string }
  | { kind: "deleted" }
  | { kind: "timeout" }
  | { choice: string; user: string; slot?: string; severity?: Severity | null; issue?: number | null };

export const TriageState = Annotation.Root({
  request: Annotation<TriageInput>(),
  report: Annotation<Report | undefined>(),
  slack: Annotation<SlackThread | undefined>(),
  classification: Annotation<Classification | undefined>(),
  duplicates: Annotation<DuplicateCandidate[]>({ reducer: (_a, b) => b, default: () => [] }),
  /** A duplicate confirmed by the model (or, with rules, by a very high score): no new issue. */
  duplicateOf: Annotation<DuplicateCandidate | undefined>(),
  /** Questions asked so far (at most one round by default). */
  questionsAsked: Annotation<number>({ reducer: (_a, b) => b, default: () => 0 }),
  /** The reporter did not answer in time: file with needs-info. */
  needsInfo: Annotation<boolean>({ reducer: (_a, b) => b, default: () => false }),
  /** For questions: the answer given in the thread, and whether the reporter asked for an issue anyway. */
  answer: Annotation<string | undefined>(),
  issueRequested: Annotation<boolean>({ reducer: (_a, b) => b, default: () => false }),
  outcome: Annotation<Outcome | undefined>(),
  /** The last wake-up a waiting node received, for the routes to look at. */
  wakeup: Annotation<Wakeup | undefined>(),
  /** The last change made from the card, shown on it ("Severity P1 → P2 by @carol"). */
  lastChange: Annotation<string | undefined>(),
  /** Closed from the card (not a bug, duplicate): the card loses its buttons and the run ends. */
  issueClosed: Annotation<boolean>({ reducer: (_a, b) => b, default: () => false }),
  /** Card actions applied so far (each also in the audit log). */
  cardActions: Annotation<number>({ reducer: (_a, b) => b, default: () => 0 }),
});
export type TriageStateType = typeof TriageState.State;
export type TriageUpdate = typeof TriageState.Update;
