import { describe, expect, it } from "vitest";
import { rankDuplicates, tokenize } from "../../../graphs/triage/rules/similarity.js";
import type { IssueSummary } from "../../../graphs/triage/triage-types.js";

const issue = (number: number, title: string, body: string): IssueSummary => ({ number, title, body, url: `https://github.com/acme/shop/issues/${number}` });

const openIssues: IssueSummary[] = [
  issue(101, "Checkout button does nothing on Safari 17", "Clicking the checkout button on Safari 17 does nothing since this morning. No error is shown in the console."),
  issue(102, "Search filters reset after going back", "When I go back from a product page the price filter is cleared and all products are shown again."),
  issue(103, "Typo on the about page", "The heading says 'Abuot us'."),
  issue(104, "Export orders as CSV", "Would be nice to download my orders as a spreadsheet for the accountant."),
  issue(105, "Dark mode for the admin dashboard", "Please add a dark theme to the admin dashboard, the white background is hard on the eyes at night."),
  issue(106, "Password reset email never arrives", "Users who request a password reset do not receive the email. Checked spam folders too."),
  issue(107, "Order confirmation shows wrong currency", "After paying in EUR the confirmation page shows the total in USD."),
];

describe("tokenize", () => {
  it("lower-cases, drops stop words, stems plurals and -ing/-ed, keeps numbers, versions and identifiers", () => {
    expect(tokenize("The app CRASHES with a NullPointerException after bumping lodash to 4.17.21 (HTTP 500)")).toEqual([
      "app",
      "crash",
      "nullpointerexception",
      "bump",
      "lodash",
      "4.17.21",
      "http",
      "500",
    ]);
    expect(new Set(tokenize("crash crashes crashed crashing"))).toEqual(new Set(["crash"]));
    expect(new Set(tokenize("filter filters filtered filtering"))).toEqual(new Set(["filter"]));
    expect(tokenize("stopped stopping")).toEqual(["stop", "stop"]);
    expect(tokenize("queries query")).toEqual(["query", "query"]);
    expect(tokenize("Hi team, please could you have a look? Thanks!")).toEqual(["look"]);
  });

  it("keeps accented and non-Latin words, and splits on punctuation", () => {
    expect(tokenize("Le paiement échoue — Überweisung fehlgeschlagen")).toEqual(["le", "paiement", "échoue", "überweisung", "fehlgeschlagen"]);
    expect(tokenize("checkout/cart-view.ts:42")).toEqual(["checkout", "cart", "view", "ts", "42"]);
  });
});

describe("rankDuplicates", () => {
  it("scores a reworded report of the same problem above 0.75, and ranks it first", () => {
    const found = rankDuplicates(
      { title: "Checkout button not doing anything in Safari 17", text: "Since this morning the checkout button does nothing when I click it in Safari 17, no error shown." },
      openIssues,
      { threshold: 0, max: 10 },
    );
    expect(found[0]).toMatchObject({ number: 101, url: "https://github.com/acme/shop/issues/101", title: "Checkout button does nothing on Safari 17" });
    expect(found[0]!.score).toBeGreaterThan(0.75);
    expect(found[1]?.score ?? 0).toBeLessThan(0.3);
  });

  it("finds the duplicate from the body alone when the report has no title", () => {
    const [best] = rankDuplicates({ text: "password reset emails are not arriving for our users, not even in spam" }, openIssues, { threshold: 0, max: 3 });
    expect(best?.number).toBe(106);
    expect(best!.score).toBeGreaterThan(0.5);
  });

  it("scores an unrelated report below 0.3 against every issue", () => {
    const found = rankDuplicates({ title: "Nightly database backup job fails", text: "The backup cron on the db server exits with disk full." }, openIssues, { threshold: 0, max: 10 });
    for (const c of found) expect(c.score).toBeLessThan(0.3);
  });

  it("respects the threshold and the maximum, best first, scores rounded to 2 decimals", () => {
    const report = { title: "Search price filter is cleared when going back", text: "Going back from a product page clears the price filter in search." };
    const all = rankDuplicates(report, openIssues, { threshold: 0, max: 10 });
    expect(all.length).toBeGreaterThan(2);
    expect(all.map((c) => c.score)).toEqual([...all.map((c) => c.score)].sort((a, b) => b - a));
    for (const c of all) expect(Math.round(c.score * 100) / 100).toBe(c.score);
    expect(all[0]?.number).toBe(102);

    expect(rankDuplicates(report, openIssues, { threshold: 0, max: 2 })).toEqual(all.slice(0, 2));
    const cut = all[1]!.score + 0.01;
    expect(rankDuplicates(report, openIssues, { threshold: cut, max: 10 })).toEqual(all.filter((c) => c.score >= cut));
    expect(rankDuplicates(report, openIssues, { threshold: 0.99, max: 10 })).toEqual([]);
  });

  it("gives an identical issue 1, prefers the older of two identical issues, and ignores markers, links and mentions", () => {
    const copies = [
      issue(210, "Cart total ignores coupon", "The total does not subtract the coupon.\n<!-- shopfloor:abc123 -->\nhttps://acme.slack.com/archives/C1/p1"),
      issue(205, "Cart total ignores coupon", "The total does not subtract the coupon. <@U0DANA>\n<!-- shopfloor:def456 -->"),
      ...openIssues,
    ];
    const found = rankDuplicates({ title: "Cart total ignores coupon", text: "The total does not subtract the coupon." }, copies, { threshold: 0.5, max: 5 });
    expect(found.map((c) => [c.number, c.score])).toEqual([
      [205, 1],
      [210, 1],
    ]);
  });

  it("returns nothing for an empty report or no issues", () => {
    expect(rankDuplicates({ text: "the and of" }, openIssues, { threshold: 0, max: 5 })).toEqual([]);
    expect(rankDuplicates({ text: "checkout broken" }, [], { threshold: 0, max: 5 })).toEqual([]);
    expect(rankDuplicates({ text: "checkout broken" }, openIssues, { threshold: 0, max: 0 })).toEqual([]);
  });

});
