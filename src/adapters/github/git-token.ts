import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import type { GithubAuth } from "../../config/load-config.js";
import { mapGithubError } from "./map-github-error.js";

const QUIET = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * The token git uses over HTTPS (`x-access-token:<token>`), from the same credentials as the API client:
 * the personal token itself, or for a GitHub App an installation token. `@octokit/auth-app` caches the
 * installation token and mints a new one before it expires (they live an hour), so calling this before each
 * git command is cheap. Null without credentials: git can then only read a public repository.
 */
export function createGitToken(auth: GithubAuth, apiUrl: string): () => Promise<string | null> {
  if (auth.kind === "token") {
    const token = auth.token;
    return async () => token;
  }
  if (auth.kind === "none") return async () => null;

  const appAuth = createAppAuth({
    appId: auth.appId,
    privateKey: auth.privateKey,
    installationId: auth.installationId,
    // Token requests must go where the API client goes (GitHub Enterprise, the fake).
    // Failures come back as AppErrors; Octokit's own request log would only repeat them on the console.
    request: new Octokit({ baseUrl: apiUrl.replace(/\/+$/, ""), userAgent: "shopfloor", log: QUIET }).request,
  });
  return async () => {
    try {
      const { token } = await appAuth({ type: "installation" });
      return token;
    } catch (e) {
      throw mapGithubError(e, { operation: "mint an installation token for git" });
    }
  };
}
