import { messages } from "./request-args.js";
import { SlackApiError, type Block, type SlackMetadata } from "./types.js";

/**
 * The limits of Slack's Block Kit and message metadata that a bot most often runs into, checked the way
 * Slack checks them (`invalid_blocks` with json-pointer messages), so tests catch what real Slack would refuse.
 */

const BLOCK_TYPES = new Set([
  "section",
  "header",
  "divider",
  "context",
  "actions",
  "image",
  "input",
  "rich_text",
  "file",
  "video",
  "markdown",
  "context_actions",
  "table",
]);

const MAX_TEXT = 40_000;

export function validateText(text: string | undefined, blocks: Block[] | undefined): void {
  if ((text === undefined || text === "") && (!blocks || blocks.length === 0)) throw new SlackApiError("no_text");
  if (text !== undefined && text.length > MAX_TEXT) throw new SlackApiError("msg_too_long");
}

export function parseBlocks(value: unknown, surface: "message" | "view"): Block[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new SlackApiError("invalid_blocks_format", messages("[ERROR] blocks must be an array"));
  const problems: string[] = [];
  const max = surface === "message" ? 50 : 100;
  if (value.length > max) problems.push(`no more than ${max} items allowed [json-pointer:/blocks]`);
  const blockIds = new Set<string>();
  value.forEach((block: unknown, i) => checkBlock(block, `/blocks/${i}`, blockIds, problems));
  if (problems.length > 0) {
    throw new SlackApiError("invalid_blocks", {
      errors: problems,
      ...messages(...problems.map((p) => `[ERROR] ${p}`)),
    });
  }
  return value as Block[];
}

function checkBlock(block: unknown, at: string, blockIds: Set<string>, problems: string[]): void {
  if (!isObject(block)) {
    problems.push(`must be an object [json-pointer:${at}]`);
    return;
  }
  const type = block.type;
  if (typeof type !== "string" || !BLOCK_TYPES.has(type)) {
    problems.push(`unsupported type: ${String(type)} [json-pointer:${at}/type]`);
    return;
  }
  if (block.block_id !== undefined) {
    const id = block.block_id;
    if (typeof id !== "string" || id.length === 0 || id.length > 255) {
      problems.push(`must be a string of 1 to 255 characters [json-pointer:${at}/block_id]`);
    } else if (blockIds.has(id)) {
      problems.push(`duplicate block_id: ${id} [json-pointer:${at}/block_id]`);
    } else blockIds.add(id);
  }
  switch (type) {
    case "section":
      if (block.text === undefined && block.fields === undefined) {
        problems.push(`must provide either text or fields [json-pointer:${at}]`);
      }
      if (block.text !== undefined) checkTextObject(block.text, `${at}/text`, 3000, problems);
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields) || block.fields.length > 10) {
          problems.push(`no more than 10 items allowed [json-pointer:${at}/fields]`);
        } else block.fields.forEach((f: unknown, j) => checkTextObject(f, `${at}/fields/${j}`, 2000, problems));
      }
      if (block.accessory !== undefined) checkElement(block.accessory, `${at}/accessory`, new Set(), problems);
      break;
    case "header":
      checkTextObject(block.text, `${at}/text`, 150, problems, "plain_text");
      break;
    case "context":
      if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 10) {
        problems.push(`must have between 1 and 10 elements [json-pointer:${at}/elements]`);
      } else {
        block.elements.forEach((e: unknown, j) => {
          if (isObject(e) && (e.type === "mrkdwn" || e.type === "plain_text")) checkTextObject(e, `${at}/elements/${j}`, 3000, problems);
        });
      }
      break;
    case "actions": {
      if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 25) {
        problems.push(`must have between 1 and 25 elements [json-pointer:${at}/elements]`);
      } else {
        const actionIds = new Set<string>();
        block.elements.forEach((e: unknown, j) => checkElement(e, `${at}/elements/${j}`, actionIds, problems));
      }
      break;
    }
    case "image":
      if (typeof block.alt_text !== "string" || block.alt_text.length === 0) {
        problems.push(`missing required field: alt_text [json-pointer:${at}]`);
      }
      break;
    case "input":
      checkTextObject(block.label, `${at}/label`, 2000, problems, "plain_text");
      if (!isObject(block.element)) problems.push(`missing required field: element [json-pointer:${at}]`);
      break;
    default:
      break;
  }
}

function checkElement(element: unknown, at: string, actionIds: Set<string>, problems: string[]): void {
  if (!isObject(element) || typeof element.type !== "string") {
    problems.push(`must be an element object [json-pointer:${at}]`);
    return;
  }
  const actionId = element.action_id;
  if (actionId !== undefined) {
    if (typeof actionId !== "string" || actionId.length === 0 || actionId.length > 255) {
      problems.push(`must be a string of 1 to 255 characters [json-pointer:${at}/action_id]`);
    } else if (actionIds.has(actionId)) {
      problems.push(`duplicate action_id: ${actionId} [json-pointer:${at}/action_id]`);
    } else actionIds.add(actionId);
  }
  if (element.type === "button") {
    checkTextObject(element.text, `${at}/text`, 75, problems, "plain_text");
    if (element.value !== undefined && (typeof element.value !== "string" || element.value.length > 2000)) {
      problems.push(`must be a string of at most 2000 characters [json-pointer:${at}/value]`);
    }
    if (element.style !== undefined && element.style !== "primary" && element.style !== "danger") {
      problems.push(`must be one of primary, danger [json-pointer:${at}/style]`);
    }
  }
}

function checkTextObject(obj: unknown, at: string, max: number, problems: string[], only?: "plain_text"): void {
  if (!isObject(obj)) {
    problems.push(`must provide an object [json-pointer:${at}]`);
    return;
  }
  if (obj.type !== "plain_text" && obj.type !== "mrkdwn") {
    problems.push(`must be one of plain_text, mrkdwn [json-pointer:${at}/type]`);
    return;
  }
  if (only && obj.type !== only) problems.push(`must be ${only} [json-pointer:${at}/type]`);
  if (typeof obj.text !== "string" || obj.text.length === 0) {
    problems.push(`must be more than 0 characters [json-pointer:${at}/text]`);
  } else if (obj.text.length > max) {
    problems.push(`must be less than ${max + 1} characters [json-pointer:${at}/text]`);
  }
}

const EVENT_TYPE = /^[A-Za-z0-9_]{1,255}$/;

export function parseMetadata(value: unknown): SlackMetadata | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || typeof value.event_type !== "string" || !isObject(value.event_payload)) {
    throw new SlackApiError("invalid_metadata_format");
  }
  if (!EVENT_TYPE.test(value.event_type)) throw new SlackApiError("invalid_metadata_schema");
  if (JSON.stringify(value).length > 8_000) throw new SlackApiError("metadata_too_large");
  return { event_type: value.event_type, event_payload: value.event_payload };
}

/** A view definition as sent to views.open/publish/update/push. */
export function parseView(value: unknown, expected: "home" | "modal"): Record<string, unknown> {
  if (!isObject(value)) throw new SlackApiError("invalid_arguments", messages("[ERROR] missing required field: view"));
  if (value.type !== expected) {
    throw new SlackApiError("invalid_arguments", messages(`[ERROR] must be ${expected} [json-pointer:/view/type]`));
  }
  if (expected === "modal") {
    const title = value.title;
    if (!isObject(title) || typeof title.text !== "string" || title.text.length === 0 || title.text.length > 24) {
      throw new SlackApiError("invalid_arguments", messages("[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"));
    }
  }
  parseBlocks(value.blocks ?? [], "view");
  return value;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
