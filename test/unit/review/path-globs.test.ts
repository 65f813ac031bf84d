import { describe, expect, it } from "vitest";
import { matchesAny, matchingPaths } from "../../../src/core/path-globs.js";

describe("matchesAny", () => {
  it("matches globstars, braces and dot files", () => {
    expect(matchesAny("src/payments/stripe/charge.ts", ["src/payments/**"])).toBe(true);
    expect(matchesAny("src/payments/.env.example", ["src/payments/**"])).toBe(true);
    expect(matchesAny(".github/workflows/deploy.yml", [".github/**", "infra/**"])).toBe(true);
    expect(matchesAny("db/migrations/0042_orders.sql", ["**/*.{sql,prisma}"])).toBe(true);
    expect(matchesAny("src/paymentsx/charge.ts", ["src/payments/**"])).toBe(false);
    expect(matchesAny("docs/payments/charge.md", ["src/payments/**"])).toBe(false);
  });

  it("matches nothing against an empty list", () => {
    expect(matchesAny("anything.ts", [])).toBe(false);
  });

  it("gives the same answers when the same list is used again", () => {
    const globs = ["**/*.tsx"];
    expect(matchesAny("web/App.tsx", globs)).toBe(true);
    expect(matchesAny("web/app.ts", globs)).toBe(false);
    expect(matchesAny("web/App.tsx", [...globs])).toBe(true);
  });
});

describe("matchingPaths", () => {
  it("keeps the matching paths in their order", () => {
    const paths = ["src/auth/session.ts", "README.md", "src/auth/.secrets.json", "src/cart.ts"];
    expect(matchingPaths(paths, ["src/auth/**", "*.md"])).toEqual(["src/auth/session.ts", "README.md", "src/auth/.secrets.json"]);
    expect(matchingPaths(paths, [])).toEqual([]);
  });
});
