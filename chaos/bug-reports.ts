import type { Random } from "../test/support/seeded-random.js";

/**
 * Bug reports different enough from each other that triage files each as its own issue (its duplicate check
 * compares words), and clear enough that it never needs to ask the reporter for details.
 */
const PLACES = ["checkout page", "login form", "search results", "profile settings", "invoice download", "wishlist", "shipping estimator", "coupon field", "order history", "password reset", "newsletter signup", "gift card balance", "product gallery", "address book", "tax calculation", "currency switcher", "return request", "store locator", "admin dashboard", "review widget"];
const SYMPTOMS = ["crashes with a 500 error", "shows a blank white page", "times out after thirty seconds", "charges the card twice", "loses every entered value", "renders overlapping buttons", "throws TypeError in the console", "hangs the browser tab", "shows prices in the wrong currency", "logs the user out"];
const BROWSERS = ["Safari 17 on macOS", "Firefox 128 on Ubuntu", "Chrome 126 on Windows 11", "Edge on Windows 10", "the Android app 4.2", "the iOS app 5.1"];
const TRIGGERS = ["right after clicking the primary button", "when the cart holds more than ten items", "after switching the language to German", "only for accounts created this month", "when a discount code is applied", "after the page has been open for an hour"];

export function bugReport(random: Random, n: number): string {
  const place = PLACES[n % PLACES.length]!;
  const symptom = SYMPTOMS[Math.floor(n / PLACES.length) % SYMPTOMS.length]!;
  return [
    `The ${place} ${symptom} on ${random.pick(BROWSERS)}, ${random.pick(TRIGGERS)}.`,
    `Steps: open the ${place}, fill it in, submit.`,
    `Expected: the ${place} works. Actual: it ${symptom}. Case ${n}.`,
  ].join(" ");
}
