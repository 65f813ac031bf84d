import type { Block } from "../../src/core/ports/chat-port.js";

/** Everything a person reads in a Slack message: the fallback text and every text of every block, one per line. */
export function readable(message: { text: string; blocks?: Block[] | undefined }): string {
  const texts: string[] = [message.text];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "text" && typeof x === "string") texts.push(x);
        else walk(x);
      }
    }
  };
  walk(message.blocks ?? []);
  return texts.join("\n");
}
