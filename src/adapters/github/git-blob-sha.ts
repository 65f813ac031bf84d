import { createHash } from "node:crypto";

/**
 * Git's object id of a file's content (`git hash-object`): what GitHub reports as a file's `sha`. Comparing it
 * with the content about to be committed tells, without downloading anything more, whether a commit would change
 * the file at all.
 */
export function gitBlobSha(content: string | Uint8Array): string {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
}
