import { randomAlnum } from "./fake-ids.js";
import { SlackApiError, type Block } from "./types.js";
import { isObject, parseBlocks, validateText } from "./validation.js";
import type { FakeSlackWorkspace } from "./workspace.js";

/**
 * The `response_url`s Slack puts into slash commands and interactions, hosted by the fake at
 * `POST /response/<id>`. As in Slack, one URL takes at most 5 responses within 30 minutes.
 */
export interface ResponseUrlTarget {
  kind: "command" | "interaction";
  channel: string;
  /** The person who ran the command or clicked: ephemeral responses are visible to them only. */
  user: string;
  /** For interactions: the message the button was on. */
  messageTs?: string;
  originalIsEphemeral?: boolean;
}

interface Entry extends ResponseUrlTarget {
  uses: number;
  createdAt: number;
  /** For commands: the last response posted through this URL, which `replace_original` replaces. */
  last?: { ts: string; ephemeral: boolean };
}

const MAX_USES = 5;
const LIFETIME_MS = 30 * 60 * 1000;

export interface ResponseUrlResult {
  status: number;
  body: Record<string, unknown>;
}

export class ResponseUrls {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ws: FakeSlackWorkspace,
    private readonly baseUrl: () => string,
  ) {}

  create(target: ResponseUrlTarget): string {
    const id = `${target.kind === "command" ? "commands" : "actions"}-${randomAlnum(12)}`;
    this.entries.set(id, { ...target, uses: 0, createdAt: performance.now() });
    return `${this.baseUrl()}/response/${id}`;
  }

  handle(id: string, body: unknown): ResponseUrlResult {
    const entry = this.entries.get(id);
    if (!entry || performance.now() - entry.createdAt > LIFETIME_MS) return fail(404, "expired_url");
    if (entry.uses >= MAX_USES) return fail(404, "used_url");
    if (!isObject(body)) return fail(400, "invalid_payload");
    entry.uses += 1;
    try {
      this.apply(entry, body);
      return { status: 200, body: { ok: true } };
    } catch (e) {
      if (e instanceof SlackApiError) return fail(e.error === "no_text" ? 400 : 404, e.error);
      throw e;
    }
  }

  private apply(entry: Entry, body: Record<string, unknown>): void {
    const ws = this.ws;
    const bot = ws.identity.botUserId;
    const original = this.original(entry);

    if (body.delete_original === true) {
      if (!original) throw new SlackApiError("message_not_found");
      if (original.ephemeral) {
        const eph = ws.ephemeral(entry.channel, original.ts);
        if (eph) eph.deleted = true;
      } else ws.deleteMessage(entry.channel, original.ts, bot);
      return;
    }

    const text = typeof body.text === "string" ? body.text : "";
    const blocks = parseBlocks(body.blocks, "message");
    validateText(text, blocks);

    if (body.replace_original === true) {
      if (!original) throw new SlackApiError("message_not_found");
      if (original.ephemeral) {
        const eph = ws.ephemeral(entry.channel, original.ts);
        if (!eph) throw new SlackApiError("message_not_found");
        eph.text = text;
        if (blocks) eph.blocks = blocks;
        else delete eph.blocks;
      } else {
        ws.updateMessage(entry.channel, original.ts, { text, blocks: blocks ?? [] }, bot);
      }
      return;
    }

    const threadTs = typeof body.thread_ts === "string" && body.thread_ts !== "" ? body.thread_ts : undefined;
    if (body.response_type === "in_channel") {
      const message = ws.postMessage({
        channel: entry.channel,
        user: bot,
        text,
        fromBot: true,
        ignoreMembership: true,
        ...(blocks ? { blocks: blocks as Block[] } : {}),
        ...(threadTs ? { threadTs } : {}),
      });
      entry.last = { ts: message.ts, ephemeral: false };
      return;
    }
    const eph = ws.postEphemeral({
      channel: entry.channel,
      visibleTo: entry.user,
      text,
      source: "response_url",
      ...(blocks ? { blocks } : {}),
      ...(threadTs ? { threadTs } : {}),
    });
    entry.last = { ts: eph.ts, ephemeral: true };
  }

  private original(entry: Entry): { ts: string; ephemeral: boolean } | undefined {
    if (entry.kind === "interaction" && entry.messageTs) {
      return { ts: entry.messageTs, ephemeral: entry.originalIsEphemeral ?? false };
    }
    return entry.last;
  }
}

function fail(status: number, error: string): ResponseUrlResult {
  return { status, body: { ok: false, error } };
}
