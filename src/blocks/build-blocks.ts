import type { Block } from "../core/ports/chat-port.js";
import { context, escapeMrkdwn as escape, section } from "./mrkdwn.js";

/**
 * The build automation's messages in the report's Slack thread: started, planned, a question, a PR opened or
 * pushed, and a stop with its reason. Pure builders: data in, `{ text, blocks }` out.
 */

type Message = { text: string; blocks: Block[] };
export interface Link {
  number: number;
  title: string;
  url: string;
}

const link = (l: Link) => `<${l.url}|#${l.number} ${escape(l.title)}>`;

export function buildStartedMessage(input: { mode: "build" | "fix"; subject: Link; branch: string; askedBy?: string | undefined }): Message {
  const what = input.mode === "build" ? `Building ${link(input.subject)}` : `Fixing the open review threads of ${link(input.subject)}`;
  const by = input.askedBy ? ` (asked by <@${input.askedBy}>)` : "";
  return {
    text: `${input.mode === "build" ? "Building" : "Fixing"} #${input.subject.number}: ${escape(input.subject.title)}`,
    blocks: [section(`:hammer_and_wrench: ${what}${by}`), context(`Branch \`${escape(input.branch)}\` · commands run in a sandbox without network`)],
  };
}

export function buildPlanMessage(input: { summary: string; steps: string[] }): Message {
  const steps = input.steps.map((s, i) => `${i + 1}. ${escape(s)}`).join("\n");
  return { text: `Plan: ${escape(input.summary)}`, blocks: [section(`*Plan:* ${escape(input.summary)}${steps ? `\n${steps}` : ""}`)] };
}

export function buildQuestionMessage(input: { question: string; askedBy?: string | undefined; deadline: string }): Message {
  const who = input.askedBy ? `<@${input.askedBy}>, ` : "";
  return {
    text: `Question from the build: ${escape(input.question)}`,
    blocks: [section(`:question: ${who}the build needs an answer before it can go on:\n>${escape(input.question).replace(/\n/g, "\n>")}`), context(`Reply in this thread. The build waits until ${input.deadline}, then stops and hands the issue to people.`)],
  };
}

export interface BuildFigures {
  files: number;
  additions: number;
  deletions: number;
  /** "passed", "failed", or "not run". */
  tests: string;
  steps: number;
  tokens: number;
  minutes: number;
}

const figures = (f: BuildFigures) =>
  `${f.files} file(s), +${f.additions} −${f.deletions} · tests ${f.tests} · ${f.steps} step(s), ${f.tokens.toLocaleString("en-US")} tokens, ${f.minutes.toFixed(1)} min`;

export function buildOpenedMessage(input: { pr: Link; issue: Link; summary: string; figures: BuildFigures; draft: boolean }): Message {
  const kind = input.draft ? "a draft PR" : "PR";
  return {
    text: `Opened ${kind} #${input.pr.number} for #${input.issue.number}`,
    blocks: [
      section(`:white_check_mark: Opened ${kind} ${link(input.pr)} for #${input.issue.number}.\n${escape(input.summary)}`),
      context(`${figures(input.figures)} · the review automation takes it from here`),
    ],
  };
}

export function fixPushedMessage(input: { pr: Link; sha: string; answered: number; open: number; figures: BuildFigures }): Message {
  return {
    text: `Pushed fixes to #${input.pr.number} (${input.sha.slice(0, 7)})`,
    blocks: [
      section(`:white_check_mark: Pushed \`${input.sha.slice(0, 7)}\` to ${link(input.pr)}: answered ${input.answered} of ${input.open} review thread(s).`),
      context(`${figures(input.figures)} · the review automation reviews the new commit`),
    ],
  };
}

export function buildStoppedMessage(input: { subject: Link; reason: string; needsHumanLabel: string; draftPr?: Link | undefined; details?: string[] }): Message {
  const draft = input.draftPr ? `\nThe work so far is in the draft PR ${link(input.draftPr)}.` : "";
  const details = input.details?.length ? `\n${input.details.map((d) => `• ${escape(d)}`).join("\n")}` : "";
  return {
    text: `Build of #${input.subject.number} stopped: ${escape(input.reason)}`,
    blocks: [
      section(`:warning: The build of ${link(input.subject)} stopped: ${escape(input.reason)}.${details}${draft}`),
      context(`Labelled \`${escape(input.needsHumanLabel)}\`: it needs a person now.`),
    ],
  };
}

export function buildSkippedMessage(input: { number: number; reason: string }): Message {
  return { text: `Not building #${input.number}: ${escape(input.reason)}`, blocks: [section(`Not building #${input.number}: ${escape(input.reason)}.`)] };
}
