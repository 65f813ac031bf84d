import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpProbe } from "../../../src/adapters/http/http-probe.js";

/** A deployed app as the smoke check sees it: a page, an outage, a hang, a huge page, a page that stops half-way. */
function route(path: string, res: ServerResponse): void {
  switch (path) {
    case "/health":
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end("ok · shop v1.4.2");
      return;
    case "/down":
      res.writeHead(503, { "content-type": "text/html" }).end("<h1>Service Unavailable</h1>");
      return;
    case "/moved":
      res.writeHead(302, { location: "/health" }).end();
      return;
    case "/big":
      res.writeHead(200, { "content-type": "text/plain" });
      // 200,000 characters: the probe keeps the first 2,000 and stops reading.
      for (let i = 0; i < 100; i++) res.write("é".repeat(1000) + "a".repeat(1000));
      res.end();
      return;
    case "/hang":
      return; // never answers
    case "/stall":
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("partial ");
      return; // the body never finishes
    default:
      res.writeHead(404).end("not found");
  }
}

describe("HTTP probe (smoke checks of a deployed app)", () => {
  let server: Server;
  let base: string;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    server = createServer((req, res) => route(new URL(req.url ?? "/", "http://x").pathname, res));
    server.on("connection", (s) => {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const probe = createHttpProbe();

  it("reports a 200 with its text and how long it took", async () => {
    const result = await probe.get({ url: `${base}/health`, timeoutMs: 2_000 });
    expect(result).toEqual({ status: 200, bodyText: "ok · shop v1.4.2", ms: expect.any(Number) });
    expect(result.ms).toBeGreaterThanOrEqual(0);
    expect(result.ms).toBeLessThan(2_000);
  });

  it("reports a 503 as an answer, with the error page, not as a failure", async () => {
    expect(await probe.get({ url: `${base}/down`, timeoutMs: 2_000 })).toEqual({ status: 503, bodyText: "<h1>Service Unavailable</h1>", ms: expect.any(Number) });
  });

  it("follows a redirect to the page a browser would show", async () => {
    expect(await probe.get({ url: `${base}/moved`, timeoutMs: 2_000 })).toMatchObject({ status: 200, bodyText: "ok · shop v1.4.2" });
  });

  it("keeps only the first 2,000 characters of a large page", async () => {
    const result = await probe.get({ url: `${base}/big`, timeoutMs: 5_000 });
    expect(result.status).toBe(200);
    expect(result.bodyText).toBe("é".repeat(1000) + "a".repeat(1000));
    expect(result.error).toBeUndefined();
  });

  it("answers status 0 with the reason when the port refuses the connection", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));

    const result = await probe.get({ url: `http://127.0.0.1:${port}/health`, timeoutMs: 2_000 });
    expect(result).toMatchObject({ status: 0, bodyText: "" });
    expect(result.error).toContain("ECONNREFUSED");
  });

  it("answers status 0 when nothing comes back in time, without waiting longer", async () => {
    const result = await probe.get({ url: `${base}/hang`, timeoutMs: 300 });
    expect(result).toEqual({ status: 0, bodyText: "", ms: expect.any(Number), error: "no answer within 300 ms" });
    expect(result.ms).toBeGreaterThanOrEqual(250);
    expect(result.ms).toBeLessThan(1_500);
  });

  it("keeps the status and what arrived when the body stalls past the deadline", async () => {
    const result = await probe.get({ url: `${base}/stall`, timeoutMs: 300 });
    expect(result).toEqual({ status: 200, bodyText: "partial ", ms: expect.any(Number), error: "body not read: no answer within 300 ms" });
    expect(result.ms).toBeLessThan(1_500);
  });

  it("answers status 0 for a host that does not resolve", async () => {
    const result = await probe.get({ url: "http://shop.invalid/health", timeoutMs: 2_000 });
    expect(result.status).toBe(0);
    expect(result.error).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });
});
