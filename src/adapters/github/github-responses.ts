/** Small readers of GitHub REST answers and errors that the forge adapter needs in more than one place. */

/** The contents API serves file content only up to 1 MB. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** `code`s of a 422 "Validation Failed" body (`already_exists`, `missing_field`, `invalid`, …). */
export function validationCodes(e: unknown): string[] {
  const errors = (e as { response?: { data?: { errors?: unknown } } }).response?.data?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((x) => (x && typeof x === "object" ? (x as { code?: unknown }).code : undefined)).filter((c): c is string => typeof c === "string");
}

/** The 403 the contents API answers for a file over 1 MB (`errors: [{ code: "too_large" }]`). */
export function isTooLargeError(e: unknown): boolean {
  return (e as { status?: unknown }).status === 403 && validationCodes(e).includes("too_large");
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
