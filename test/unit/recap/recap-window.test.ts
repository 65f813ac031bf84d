import { describe, expect, it } from "vitest";
import { within } from "../../../graphs/recap/figures/compute-figures.js";
import { localDays, recapWindow } from "../../../src/core/recap-window.js";

describe("recap windows", () => {
  it("count GitHub's whole-second times in the last second of the window", () => {
    const inWindow = within({ from: "2026-11-23T09:00:00.000Z", to: "2026-11-24T06:03:36.900Z" });
    expect(inWindow("2026-11-24T06:03:36Z")).toBe(true);
    expect(inWindow("2026-11-23T09:00:00Z")).toBe(true);
    expect(inWindow("2026-11-24T06:03:37Z")).toBe(false);
    expect(inWindow(null)).toBe(false);
  });

  it("are cut to the longest a recap may cover", () => {
    // A weekly schedule asked for daily: at most four days back.
    expect(recapWindow("0 9 * * 1", "UTC", new Date("2026-11-27T12:00:00.000Z"), 96)).toEqual({ from: "2026-11-23T12:00:00.000Z", to: "2026-11-27T12:00:00.000Z" });
  });

  it("list each local day once, a 23-hour day included", () => {
    const days = localDays({ from: "2031-03-29T08:00:00.000Z", to: "2031-03-31T07:00:00.000Z" }, "Europe/Berlin");
    expect(days.map((d) => d.label)).toEqual(["Sat 29", "Sun 30", "Mon 31"]);
  });
});
