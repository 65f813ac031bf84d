import { generateKeyPairSync } from "node:crypto";
import { createOctokit, type CreateOctokitOptions, type GithubClient } from "../../src/adapters/github/create-octokit.js";
import { createOctokitForgeAdapter } from "../../src/adapters/github/octokit-forge-adapter.js";
import type { GithubAuth } from "../../src/config/load-config.js";
import { silentLogger } from "../../src/core/logger.js";
import type { ForgePort } from "../../src/core/ports/forge-port.js";
import { startFakeGithub, type FakeGithub } from "../../src/sandbox/fake-github/index.js";

/**
 * An Octokit against the fake GitHub, as the adapter tests want it: the fake's default token `ghp_test`,
 * throttling off (else every write waits ≥ 1 s) and no retries, unless `over` says otherwise.
 */
export function octokitFor(gh: FakeGithub, over: Partial<CreateOctokitOptions> = {}): GithubClient {
  return createOctokit({ auth: { kind: "token", token: "ghp_test" }, apiUrl: gh.url, logger: silentLogger, throttle: false, retries: 0, ...over });
}

/** The real Octokit forge adapter on the fake's repository, through `octokitFor(gh, over)`. */
export function forgeFor(gh: FakeGithub, over: Partial<CreateOctokitOptions> = {}): ForgePort {
  return createOctokitForgeAdapter({ octokit: octokitFor(gh, over), owner: gh.repo.owner, repo: gh.repo.name, logger: silentLogger });
}

export interface FakeGithubApp {
  gh: FakeGithub;
  /** Credentials of the installation: pass as `{ auth }` to `forgeFor`, or with another appId to be refused. */
  auth: Extract<GithubAuth, { kind: "app" }>;
}

/**
 * A fake GitHub playing GitHub App 4242, installed as installation 77 and acting as `shopfloor[bot]`, with a
 * fresh RSA key. Its personal token is `ghp_unused`: only the app's installation tokens are meant to be used.
 * The caller closes `gh`.
 */
export async function startFakeGithubApp(options: { owner: string; repo: string }): Promise<FakeGithubApp> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const gh = await startFakeGithub({ ...options, token: "ghp_unused", app: { appId: 4242, installationId: 77, privateKey, slug: "shopfloor" } });
  return { gh, auth: { kind: "app", appId: "4242", privateKey, installationId: "77" } };
}
