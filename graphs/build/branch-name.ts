/** `<prefix><issue>-<slug of the title>`: readable in GitHub's branch list, unique per issue, valid as a ref. */
export function branchName(prefix: string, issue: number, title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  // At most 40 characters, cut between words.
  const short = slug.length <= 40 ? slug : slug.slice(0, 41).replace(/-[^-]*$/, "");
  return `${prefix}${issue}${short ? `-${short}` : ""}`;
}
