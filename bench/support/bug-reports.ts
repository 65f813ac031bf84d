const COMPONENTS = ["checkout button", "search page", "order history", "login form", "cart badge", "invoice PDF", "profile photo", "coupon field"];
const SYMPTOMS = ["crashes with an error", "shows a blank page", "returns a 500 error", "does nothing when clicked", "freezes the tab", "shows the wrong total"];

/** Distinct, clear reports: the scripted model finds them actionable, so no run stops to ask a question. */
export function bugReport(i: number): string {
  return `The ${COMPONENTS[i % COMPONENTS.length]} ${SYMPTOMS[i % SYMPTOMS.length]} for order ${1000 + i} on Safari 17 since this morning. Steps: open the page, click it. Expected it to work, but it fails every time.`;
}
