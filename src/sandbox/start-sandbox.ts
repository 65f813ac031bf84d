import { BOT_SCOPES } from "../slack/slack-surface.js";
import { createFakeOpenAI, type FakeOpenAI } from "./fake-openai/fake-openai-server.js";
import { startFakeGithub, type FakeGithub } from "./fake-github/index.js";
import { createFakeSentry, type FakeSentry } from "./fake-sentry/fake-sentry-server.js";
import { startFakeSlack, type FakeSlack } from "./fake-slack/index.js";
import { scriptedModel } from "./scripted-model.js";

/** Credentials the sandbox accepts. They are not secrets: they open only these local fakes. */
export const SANDBOX = {
  slackBotToken: "xoxb-sandbox-0000000000-shopfloor",
  slackSigningSecret: "sandbox-signing-secret",
  githubToken: "ghp_sandboxsandboxsandboxsandboxsand00",
  githubWebhookSecret: "sandbox-github-webhook-secret",
  openaiKey: "sk-sandbox-model-key",
  sentryToken: "sentry-sandbox-token",
  sentryWebhookSecret: "sandbox-sentry-webhook-secret",
  owner: "acme",
  repo: "shop",
  sentryOrg: "acme",
} as const;

export interface Sandbox {
  slack: FakeSlack;
  github: FakeGithub;
  model: FakeOpenAI;
  sentry: FakeSentry;
  /** The environment that points a Shopfloor process at the sandbox (add DATABASE_URL, REDIS_URL, PORT). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** The sandbox's repository: a tiny JavaScript shop whose tests run with Node alone (`node --test`), as the build
 * automation runs them in its sandbox. `total` crashes on a missing list: the bug the demo builds a fix for. */
export const SHOP_SEED: Readonly<Record<string, string>> = {
  "README.md": "# shop\n\nA small web shop. Tests: `node --test`.\n",
  "package.json": `${JSON.stringify({ name: "shop", private: true, type: "module", scripts: { test: "node --test" } }, null, 2)}\n`,
  "src/cart.js": "/** The order total: the sum of the item prices. */\nexport function total(prices) {\n  return prices.reduce((a, b) => a + b, 0);\n}\n",
  "test/cart.test.js":
    'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { total } from "../src/cart.js";\n\ntest("total adds the prices", () => {\n  assert.equal(total([2, 3]), 5);\n});\n',
};

/**
 * The local world of DESIGN §8: a fake Slack workspace, a fake GitHub repository backed by a bare git
 * repository, a scripted OpenAI-compatible model and a fake Sentry, all on 127.0.0.1. Shopfloor talks to
 * them with its production clients; only the base URLs differ.
 */
export async function startSandbox(opts: { channels?: { id: string; name: string }[] } = {}): Promise<Sandbox> {
  const slack = await startFakeSlack({
    botToken: SANDBOX.slackBotToken,
    signingSecret: SANDBOX.slackSigningSecret,
    scopes: [...BOT_SCOPES],
    channels: opts.channels ?? [
      { id: "C0GENERAL", name: "general" },
      { id: "C0BUGS", name: "bugs" },
    ],
  });
  const github = await startFakeGithub({ owner: SANDBOX.owner, repo: SANDBOX.repo, token: SANDBOX.githubToken });
  await github.repo.seed({
    files: {
      ...SHOP_SEED,
    },
  });
  const model = await createFakeOpenAI({ apiKey: SANDBOX.openaiKey });
  model.respond(scriptedModel);
  const sentry = await createFakeSentry({ token: SANDBOX.sentryToken, org: SANDBOX.sentryOrg });

  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: SANDBOX.slackBotToken,
    SLACK_SIGNING_SECRET: SANDBOX.slackSigningSecret,
    SLACK_API_URL: slack.apiUrl,
    GITHUB_TOKEN: SANDBOX.githubToken,
    GITHUB_REPOSITORY: `${SANDBOX.owner}/${SANDBOX.repo}`,
    GITHUB_API_URL: github.url,
    GITHUB_WEBHOOK_SECRET: SANDBOX.githubWebhookSecret,
    OPENAI_API_KEY: SANDBOX.openaiKey,
    OPENAI_BASE_URL: model.baseUrl,
    SENTRY_API_TOKEN: SANDBOX.sentryToken,
    SENTRY_ORG: SANDBOX.sentryOrg,
    SENTRY_API_URL: sentry.apiUrl,
    SENTRY_WEBHOOK_SECRET: SANDBOX.sentryWebhookSecret,
  };
  return {
    slack,
    github,
    model,
    sentry,
    env,
    async close() {
      await Promise.allSettled([slack.close(), github.close(), model.close(), sentry.close()]);
    },
  };
}
