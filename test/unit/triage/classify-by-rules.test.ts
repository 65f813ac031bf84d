import { describe, expect, it } from "vitest";
import { classifyByRules } from "../../../graphs/triage/rules/classify-by-rules.js";
import { classificationSchema, type AreaDefinition } from "../../../graphs/triage/triage-types.js";

/** The areas of the shop used by the graph scenario fakes (test/fakes/graph-deps.ts). */
const areas: AreaDefinition[] = [
  { name: "checkout", description: "cart, payment and order confirmation", paths: ["src/checkout/**"] },
  { name: "search", description: "product search and filters", paths: ["src/search/**"] },
];

const classify = (text: string, title?: string) => classifyByRules({ text, ...(title ? { title } : {}) }, areas, "no model is configured");

describe("classifyByRules: what a triager would decide", () => {
  it("rates a production outage P0 bug and says why", () => {
    const c = classify("Production is down, every checkout returns 500");
    expect(c).toMatchObject({ type: "bug", severity: "P0", area: "checkout" });
    expect(c.severityReason).toMatch(/production is down/i);
    // An outage is filed at once rather than held back to ask for steps.
    expect(c.actionable).toBe(true);
  });

  it("files a broken checkout button on Safari as a P1/P2 checkout bug with the browser as environment", () => {
    const c = classify("The checkout button does nothing on Safari 17 since this morning");
    expect(c.type).toBe("bug");
    expect(["P1", "P2"]).toContain(c.severity);
    expect(c.area).toBe("checkout");
    expect(c.environment).toContain("Safari 17");
    expect(c.severityReason).toMatch(/does nothing|since this morning/);
    expect(c.title).toBe("The checkout button does nothing on Safari 17 since this morning");
  });

  it("rates a typo P3 and does not ask for steps to reproduce it", () => {
    const c = classify("Typo on the about page");
    expect(c.severity).toBe("P3");
    expect(c.severityReason).toMatch(/typo/i);
    expect(c.missing).not.toContain("steps to reproduce");
  });

  it("recognises a feature request, P3 without urgency and P2 when the reporter says it is urgent", () => {
    const c = classify("Would be nice to export orders as CSV");
    expect(c.type).toBe("feature");
    expect(c.severity).toBe("P3");
    expect(classify("Please add CSV export of orders, it is urgent: finance needs it for the audit").severity).toBe("P2");
  });

  it("recognises questions, with or without a question mark", () => {
    expect(classify("How do I reset my password?")).toMatchObject({ type: "question", severity: "P3", actionable: false });
    expect(classify("how do i change the currency shown in the cart").type).toBe("question");
    expect(classify("Is there a way to search by SKU?").type).toBe("question");
  });

  it("keeps a bug phrased as a question a bug", () => {
    expect(classify("Why does the checkout page return a 500 error since the deploy?").type).toBe("bug");
  });

  it("recognises chores, and rates a dependency bump for a CVE above P3", () => {
    expect(classify("bump lodash to 4.17.21")).toMatchObject({ type: "chore", severity: "P3", environment: "" });
    expect(classify("Refactor the cart store into smaller modules").type).toBe("chore");
    expect(classify("Upgrade jackson-databind to 2.9.10.4 to fix CVE-2020-9546").severity).toBe("P1");
  });

  it("asks a vague report for what is missing instead of calling it actionable", () => {
    const c = classify("it's broken");
    expect(c.type).toBe("bug");
    expect(c.actionable).toBe(false);
    expect(c.missing.length).toBeGreaterThan(0);
    expect(c.missing.length).toBeLessThanOrEqual(3);
    expect(c.missing).toContain("steps to reproduce");
    expect(c.area).toBe("unknown");
  });

  it("takes a stated workaround into account", () => {
    expect(classify("Checkout crashes with a NullPointerException when the coupon field is empty").severity).toBe("P1");
    expect(classify("Checkout crashes with a NullPointerException when the coupon field is empty; workaround: type any coupon and remove it").severity).toBe("P2");
    expect(classify("Checkout crashes with a NullPointerException when the coupon field is empty and there is no workaround").severity).toBe("P1");
  });

  it("does not read security or outage words out of config keys and ordinary phrases", () => {
    const c = classify("The label for hadoop.security.authorization is misaligned in the settings page");
    expect(c.severity).toBe("P3");
    expect(classify("Search results page scrolls down slowly on older phones").severity).not.toBe("P0");
  });

  it("matches the area by its path segments and description words, and says unknown when none matches", () => {
    expect(classify("Price filter resets when I go back to the results list").area).toBe("search");
    expect(classify("Exception in src/checkout/cart-store.ts when the cart is empty").area).toBe("checkout");
    expect(classify("The avatar upload on the profile screen fails").area).toBe("unknown");
    expect(classifyByRules({ text: "The checkout is broken" }, [], "r").area).toBe("unknown");
  });

  it("pulls steps, expected, actual and environment out of a structured report", () => {
    const c = classify(
      [
        "<@U0DANA> search results are wrong when I filter by price",
        "Steps to reproduce:",
        "1. Open /search?q=shoes",
        "2. Set the price filter to under 50",
        "Expected: only shoes under 50",
        "Actual: shoes of every price are listed",
        "Chrome 120 on macOS 14, app version 2.10.0",
      ].join("\n"),
    );
    expect(c).toMatchObject({ type: "bug", severity: "P2", area: "search", actionable: true, missing: [] });
    expect(c.title).toBe("Search results are wrong when I filter by price");
    expect(c.steps).toEqual(["Open /search?q=shoes", "Set the price filter to under 50"]);
    expect(c.expected).toBe("only shoes under 50");
    expect(c.actual).toBe("shoes of every price are listed");
    expect(c.environment).toBe("Chrome 120, macOS 14, app version 2.10.0");
  });

  it("reads expected and actual from prose", () => {
    const c = classify("After paying with PayPal on iOS 17.2 I expected to see the receipt, but instead it shows a blank page.");
    expect(c.expected).toBe("see the receipt");
    expect(c.actual).toBe("it shows a blank page");
    expect(c.environment).toBe("iOS 17.2");
  });

  it("writes a clean title: the given title, or the first sentence without mentions, at most 80 characters", () => {
    expect(classify("body text", "Cart total is wrong.").title).toBe("Cart total is wrong");
    expect(classify("<@U123> the cart total ignores the coupon!! It shows the full price.").title).toBe("The cart total ignores the coupon");
    const long = classify(`The ${"very ".repeat(30)}long sentence about the cart`).title;
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).not.toMatch(/[\s.,!?]$/);
    expect(classify("?").title).toBe("Untitled report");
  });

  it("always returns a valid Classification marked as rule-based with the reason", () => {
    const reports = ["", "?", "x".repeat(5000), "Production is down", "How do I log in?", "bump react", `Steps:\n${"- click\n".repeat(40)}`];
    for (const text of reports) {
      const c = classifyByRules({ text }, areas, "the model kept failing (model_timeout)");
      expect(classificationSchema.safeParse(c).success).toBe(true);
      expect(c.method).toBe("rules");
      expect(c.fallbackReason).toBe("the model kept failing (model_timeout)");
    }
  });
});
