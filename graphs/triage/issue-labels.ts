import type { GraphSettings } from "../../src/core/graph-deps.js";
import type { LabelSpec } from "../../src/core/ports/forge-port.js";
import type { Classification, Severity } from "./triage-types.js";

const SEVERITY_COLOURS: Record<Severity, string> = { P0: "b60205", P1: "d93f0b", P2: "fbca04", P3: "c2e0c6" };
const TYPE_COLOURS = { bug: "d73a4a", feature: "a2eeef", question: "d876e3", chore: "cfd3d7" } as const;

export function severityLabel(settings: GraphSettings, severity: Severity): string {
  return `${settings.labels.severityPrefix}${severity}`;
}

/** The labels of DESIGN §7 for a classification, with the factory's readiness decided by policy. */
export function labelsFor(settings: GraphSettings, c: Classification, opts: { needsInfo: boolean; extra?: readonly string[] }): string[] {
  const labels = [settings.labels.type[c.type], severityLabel(settings, c.severity)];
  if (c.area !== "unknown" && settings.areas.some((a) => a.name === c.area)) labels.push(`${settings.labels.areaPrefix}${c.area}`);
  if (opts.needsInfo) labels.push(settings.labels.needsInfo);
  else if (settings.triage.markReady && c.type === "bug" && c.actionable && c.method === "model") labels.push(settings.labels.ready);
  return [...new Set([...labels, ...(opts.extra ?? [])])];
}

/** Colour and description for every label triage may use, so missing ones are created once, properly. */
export function labelSpecs(settings: GraphSettings, names: readonly string[]): LabelSpec[] {
  return names.map((name) => {
    const type = (Object.entries(settings.labels.type) as [keyof typeof TYPE_COLOURS, string][]).find(([, l]) => l === name);
    if (type) return { name, color: TYPE_COLOURS[type[0]], description: `Type: ${type[0]}` };
    if (name.startsWith(settings.labels.severityPrefix)) {
      const sev = name.slice(settings.labels.severityPrefix.length) as Severity;
      return { name, color: SEVERITY_COLOURS[sev] ?? "ededed", description: `Severity ${sev}` };
    }
    if (name.startsWith(settings.labels.areaPrefix)) {
      const area = settings.areas.find((a) => `${settings.labels.areaPrefix}${a.name}` === name);
      return { name, color: "0e8a16", description: (area?.description || `Area: ${name.slice(settings.labels.areaPrefix.length)}`).slice(0, 100) };
    }
    if (name === settings.labels.ready) return { name, color: "1d76db", description: "Clear enough for the build automation" };
    if (name === settings.labels.needsInfo) return { name, color: "fef2c0", description: "Waiting for details from the reporter" };
    return { name, color: "ededed", description: "" };
  });
}
