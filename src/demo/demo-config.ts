/** The demo's shopfloor.yml: the sandbox's channels and people. */
export const DEMO_CONFIG_YAML = `
repository: acme/shop
channels:
  bugs: [C0BUGS]
  merge: C0GENERAL
  incidents: C0GENERAL
  maintainers: C0GENERAL
  recaps: C0GENERAL
approvers:
  slackUsers: [U0CAROL]
  githubLogins: { U0CAROL: carol }
areas:
  - { name: checkout, description: cart payment and checkout button, paths: ["src/cart.js"] }
  - { name: search, description: product search page and results, paths: ["src/search.js"] }
build:
  testCommand: node --test
  budgets: { steps: 20, tokens: 200000, minutes: 10 }
verify: { timeoutMinutes: 2, pollSeconds: 5 } # the sandbox's CI answers at once
limits:
  workerConcurrency: 4
  jobBackoffMs: 200
  shutdownGraceMs: 3000
  githubWriteThrottle: false # the sandbox's GitHub is local
`;

/** A database and a Redis database of the demo's own, reset at every run, next to whatever DATABASE_URL/REDIS_URL name. */
export function demoUrls(env: Record<string, string | undefined>): { databaseUrl: string; redisUrl: string } {
  const db = new URL(env.DATABASE_URL?.trim() || "postgres://postgres@127.0.0.1:5432/shopfloor");
  db.pathname = "/shopfloor_demo";
  const redis = new URL(env.REDIS_URL?.trim() || "redis://127.0.0.1:6379");
  redis.pathname = "/15";
  return { databaseUrl: db.toString(), redisUrl: redis.toString() };
}
