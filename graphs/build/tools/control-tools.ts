import { z } from "zod";
import { defineTool } from "./agent-tool.js";

export const finish = defineTool(
  {
    name: "finish",
    description:
      "Call when the change is complete and the tests pass. In fix mode, answer every review thread you addressed in threadReplies.",
  },
  z.object({
    summary: z.string().min(1).max(4_000).describe("What you changed and why, for the pull request."),
    testing: z.string().max(2_000).default("").describe("Which tests you ran or added, and their result."),
    risk: z.string().max(1_000).default("").describe("What could break, and what a reviewer should look at."),
    threadReplies: z
      .array(z.object({ threadId: z.string().min(1), reply: z.string().min(1).max(1_000) }))
      .default([])
      .describe("Fix mode: one short reply per review thread you addressed, saying what changed."),
  }),
  async (args, { threadIds }) => {
    const unknown = args.threadReplies.filter((r) => !threadIds.includes(r.threadId)).map((r) => r.threadId);
    if (unknown.length) return { observation: `Error: unknown thread id(s) ${unknown.join(", ")}; use the ids given in the task.` };
    return { observation: "Finished.", finish: args };
  },
);

export const askForHelp = defineTool(
  {
    name: "ask_for_help",
    description:
      "Ask the people who reported the issue one precise question when the task cannot be done without their answer. The build waits for the reply.",
  },
  z.object({ question: z.string().min(10).max(1_000) }),
  async (args) => ({ observation: "Question posted; waiting for the answer.", question: args.question }),
);
