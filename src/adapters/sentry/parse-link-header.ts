/**
 * Sentry paginates with a Link header (https://docs.sentry.io/api/pagination):
 *   <https://sentry.io/api/0/...&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1",
 *   <https://sentry.io/api/0/...&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"
 * A `next` link is always present; only `results="true"` means there is another page.
 */
export interface SentryLink {
  url: string;
  rel: string;
  results: boolean;
  cursor: string | undefined;
}

export function parseLinkHeader(header: string | null | undefined): SentryLink[] {
  if (!header) return [];
  const links: SentryLink[] = [];
  for (const part of header.split(/,(?=\s*<)/)) {
    const url = /<([^>]*)>/.exec(part)?.[1];
    if (url === undefined) continue;
    const attrs = new Map<string, string>();
    for (const m of part.matchAll(/;\s*([a-z]+)\s*=\s*"([^"]*)"/gi)) attrs.set((m[1] as string).toLowerCase(), m[2] as string);
    links.push({ url, rel: attrs.get("rel") ?? "", results: attrs.get("results") === "true", cursor: attrs.get("cursor") });
  }
  return links;
}

/** The cursor of the next page, or null when Sentry says there are no more results. */
export function nextCursor(header: string | null | undefined): string | null {
  const next = parseLinkHeader(header).find((l) => l.rel === "next");
  if (!next || !next.results) return null;
  return next.cursor ?? new URL(next.url).searchParams.get("cursor");
}
