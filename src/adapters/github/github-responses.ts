import type { ForgeFileChange, ForgeReview } from "../../core/ports/forge-port.js";

/** Small readers of GitHub REST answers and errors that the forge adapter needs in more than one place. */

/** The contents API serves file content only up to 1 MB. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** The HTTP status of an Octokit error (undefined for anything else). */
export function statusOf(e: unknown): unknown {
  return (e as { status?: unknown }).status;
}

/** The `message` of GitHub's error body, or "". */
export function messageOf(e: unknown): string {
  const message = (e as { response?: { data?: { message?: unknown } } }).response?.data?.message;
  return typeof message === "string" ? message : "";
}

/** `code`s of a 422 "Validation Failed" body (`already_exists`, `missing_field`, `invalid`, …). */
export function validationCodes(e: unknown): string[] {
  const errors = (e as { response?: { data?: { errors?: unknown } } }).response?.data?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((x) => (x && typeof x === "object" ? (x as { code?: unknown }).code : undefined)).filter((c): c is string => typeof c === "string");
}

/** The 403 the contents API answers for a file over 1 MB (`errors: [{ code: "too_large" }]`). */
export function isTooLargeError(e: unknown): boolean {
  return statusOf(e) === 403 && validationCodes(e).includes("too_large");
}

/**
 * Text of a `GET /repos/{o}/{r}/contents/{path}` answer, or null when it is not a readable text file:
 * a directory (an array), a symlink or submodule, a file over 1 MB (no content, encoding "none"), or a
 * binary file (it contains NUL bytes).
 */
export function decodeFileContent(data: unknown): string | null {
  if (Array.isArray(data) || !data || typeof data !== "object") return null;
  const file = data as { type?: unknown; size?: unknown; encoding?: unknown; content?: unknown };
  if (file.type !== "file") return null;
  if (typeof file.size === "number" && file.size > MAX_FILE_BYTES) return null;
  if (file.encoding !== "base64" || typeof file.content !== "string") return null;
  const bytes = Buffer.from(file.content, "base64");
  if (bytes.includes(0)) return null;
  return bytes.toString("utf8");
}

const FILE_STATUSES = new Set(["added", "removed", "modified", "renamed", "copied", "changed", "unchanged"]);

interface FileData {
  filename: string;
  previous_filename?: string | null;
  status: string;
  additions: number;
  deletions: number;
  patch?: string | null;
}

/** A file of `GET /pulls/{n}/files` or of a comparison. */
export function toFileChange(d: FileData): ForgeFileChange {
  return {
    path: d.filename,
    ...(d.previous_filename ? { previousPath: d.previous_filename } : {}),
    // GitHub documents exactly these; an unknown value is treated as a plain modification.
    status: (FILE_STATUSES.has(d.status) ? d.status : "modified") as ForgeFileChange["status"],
    additions: d.additions,
    deletions: d.deletions,
    ...(typeof d.patch === "string" ? { patch: d.patch } : {}),
  };
}

const REVIEW_STATES = new Set(["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"]);

interface ReviewData {
  id: number;
  user?: { login?: string | null } | null;
  state: string;
  commit_id?: string | null;
  body?: string | null;
  submitted_at?: string | null;
}

export function toReview(d: ReviewData): ForgeReview {
  return {
    id: d.id,
    author: d.user?.login ?? "ghost",
    state: (REVIEW_STATES.has(d.state) ? d.state : "COMMENTED") as ForgeReview["state"],
    commitId: d.commit_id ?? null,
    body: d.body ?? "",
    submittedAt: d.submitted_at ?? null,
  };
}

/** GitHub's 404 for a ref that names no commit (as opposed to a path that is not there at that ref). */
export function isUnknownRefError(e: unknown): boolean {
  return statusOf(e) === 404 && messageOf(e).startsWith("No commit found for the ref");
}
