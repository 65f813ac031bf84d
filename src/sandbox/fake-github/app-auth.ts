import { createPublicKey, randomBytes, verify, type KeyObject } from "node:crypto";
import { FakeHttpError } from "./http-errors.js";

/**
 * GitHub App installation tokens as GitHub issues them: the app signs a JWT (RS256, `iss` = app id) with
 * its private key, exchanges it at `POST /app/installations/{id}/access_tokens`, and gets an `ghs_…`
 * token valid for one hour.
 */

export interface FakeAppOptions {
  appId: number | string;
  installationId: number | string;
  /** The app's private key (PEM); the fake derives the public key to verify JWTs. */
  privateKey?: string;
  /** Or the public key directly. */
  publicKey?: string;
  /** App slug; the installation acts as `<slug>[bot]`. */
  slug?: string;
}

const JWT_DOCS = "https://docs.github.com/rest";

export class FakeApp {
  readonly slug: string;
  readonly botLogin: string;
  private readonly publicKey: KeyObject | undefined;

  constructor(readonly options: FakeAppOptions) {
    this.slug = options.slug ?? "shopfloor";
    this.botLogin = `${this.slug}[bot]`;
    const pem = options.publicKey ?? options.privateKey;
    this.publicKey = pem ? createPublicKey(pem) : undefined;
  }

  /** Checks the app JWT from `Authorization: Bearer <jwt>`; throws GitHub's 401 when it is not acceptable. */
  verifyJwt(jwt: string, now = Date.now()): void {
    const [h, p, s] = jwt.split(".");
    const fail = (message: string) => new FakeHttpError(401, { message, documentation_url: JWT_DOCS, status: "401" });
    if (!h || !p || !s) throw fail("A JSON web token could not be decoded");
    let payload: { iss?: unknown; exp?: unknown; iat?: unknown };
    try {
      payload = JSON.parse(Buffer.from(p, "base64url").toString("utf8"));
    } catch {
      throw fail("A JSON web token could not be decoded");
    }
    if (this.publicKey && !verify("RSA-SHA256", Buffer.from(`${h}.${p}`), this.publicKey, Buffer.from(s, "base64url"))) {
      throw fail("A JSON web token could not be decoded");
    }
    if (String(payload.iss) !== String(this.options.appId)) throw fail(`Integration not found`);
    if (typeof payload.exp !== "number" || payload.exp * 1000 < now) {
      throw fail("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
    }
  }

  issueToken(now = Date.now()): { token: string; expiresAt: string } {
    return { token: `ghs_${randomBytes(18).toString("base64url")}`, expiresAt: new Date(now + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z") };
  }
}
