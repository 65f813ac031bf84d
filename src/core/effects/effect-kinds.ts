import type {
  Block,
  CreateIssueInput,
  CreatePullRequestInput,
  CreateReviewInput,
  ForgeReview,
  ForgeComment,
  ForgePullRequest,
  ForgeIssue,
  LabelSpec,
  MergeInput,
  PostedMessage,
  PostEphemeralInput,
  PostMessageInput,
  ReactionInput,
  RespondInput,
  StartRunInput,
  UpdateMessageInput,
  UploadFileInput,
} from "../ports/index.js";

/**
 * `slack.upload-file` as the ledger stores it: effect inputs are JSON (jsonb), so the file's bytes travel
 * as base64. A recap chart of about 100 KB is fine in a row; this is not a way to move large files.
 */
export type UploadFileEffectInput = Omit<UploadFileInput, "bytes"> & { contentBase64: string };

/** The effect input for uploading `input.bytes`. */
export function toUploadFileEffectInput(input: UploadFileInput): UploadFileEffectInput {
  const { bytes, ...rest } = input;
  return { ...rest, contentBase64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64") };
}

/**
 * Every side effect Shopfloor can have on the outside world, with its input and its recorded result.
 * Results are JSON: they are stored in the effects ledger and handed back when a node runs again.
 */
export interface EffectKinds {
  "slack.post": { input: PostMessageInput; result: PostedMessage };
  "slack.update": { input: UpdateMessageInput; result: PostedMessage };
  "slack.ephemeral": { input: PostEphemeralInput; result: { messageTs: string } };
  "slack.respond": { input: RespondInput; result: { ok: true } };
  "slack.react": { input: ReactionInput; result: { ok: true } };
  "slack.unreact": { input: ReactionInput; result: { ok: true } };
  "slack.publish-home": { input: { userId: string; blocks: Block[] }; result: { ok: true } };
  /** A file (a recap chart) shared into a channel or thread by one bot message. */
  "slack.upload-file": { input: UploadFileEffectInput; result: { fileId: string } };
  "github.create-issue": { input: CreateIssueInput; result: ForgeIssue };
  "github.comment": { input: { number: number; body: string }; result: ForgeComment };
  "github.update-comment": { input: { commentId: number; body: string }; result: ForgeComment };
  "github.add-labels": { input: { number: number; labels: string[] }; result: { labels: string[] } };
  "github.remove-label": { input: { number: number; label: string }; result: { ok: true } };
  "github.merge": { input: MergeInput; result: { sha: string; merged: boolean } };
  "github.ensure-labels": { input: { labels: LabelSpec[] }; result: { created: string[] } };
  "github.close-issue": { input: { number: number; reason: "completed" | "not_planned" }; result: ForgeIssue };
  /** One submitted review; the body carries the effect's marker so a repeat finds it. */
  "github.review": { input: CreateReviewInput; result: ForgeReview };
  "github.dismiss-review": { input: { number: number; reviewId: number; message: string }; result: ForgeReview };
  "github.reply-review-comment": { input: { number: number; commentId: number; body: string }; result: { id: number } };
  /** One file committed on a branch (made from the default branch when missing): an approved proposal's change. */
  "github.commit-file": { input: { branch: string; path: string; content: string; message: string }; result: { sha: string } };
  "github.resolve-thread": { input: { threadId: string }; result: { ok: true } };
  /** The one comment of a PR or issue that carries `marker` (a hidden HTML comment): edited in place, created when missing. */
  "github.upsert-comment": { input: { number: number; marker: string; body: string }; result: ForgeComment };
  "github.update-branch": { input: { number: number; expectedHeadSha: string }; result: { ok: true } };
  "github.rerun-check": { input: { checkRunId: number }; result: { ok: true } };
  "github.delete-branch": { input: { branch: string }; result: { ok: true } };
  /** The body carries the effect's marker, so a repeat finds the revert PR it opened. */
  "github.revert-pr": { input: { number: number; title: string; body: string }; result: ForgePullRequest };
  /** One PR per head branch: a repeat finds the PR the lost attempt opened on the same branch. */
  "github.create-pr": { input: CreatePullRequestInput; result: ForgePullRequest };
  "shopfloor.start-run": { input: StartRunInput; result: { jobId: string } };
}

export type EffectKind = keyof EffectKinds;
export type EffectInput<K extends EffectKind> = EffectKinds[K]["input"];
export type EffectResult<K extends EffectKind> = EffectKinds[K]["result"];
