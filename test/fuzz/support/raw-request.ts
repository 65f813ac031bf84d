import { request } from "node:http";

/** Shopfloor's answer to one request: the status and the body as text. */
export interface Answer {
  status: number;
  body: string;
}

/** Header values as they go on the wire: text, or the same header sent several times. */
export type RawHeaders = Record<string, string | string[]>;

/**
 * POSTs bytes with exactly the headers given. fetch refuses header values outside Latin-1 and merges repeated
 * headers, so odd header values (UTF-8 bytes, repeats, control-free garbage) go through node:http instead, which sends
 * each character of a header value as one byte.
 */
export function postRaw(url: string, headers: RawHeaders, body: string | Buffer, timeoutMs = 15_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // A connection of its own: a refused request must not leave a closed keep-alive socket to the next one.
    const req = request(url, { method: "POST", headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on("error", reject);
    // A string body would go out in one write with the headers, UTF-8 encoded; as bytes the headers stay Latin-1.
    req.end(typeof body === "string" ? Buffer.from(body, "utf8") : body);
  });
}

/**
 * A header value carrying any text: its UTF-8 bytes, one Latin-1 character each (what node:http puts on the wire),
 * without the control characters HTTP forbids in a header (node:http refuses to send them).
 */
export function headerBytes(text: string): string {
  return Buffer.from(text, "utf8").toString("latin1").replace(/[^\t\x20-\x7e\x80-\xff]/g, "");
}
