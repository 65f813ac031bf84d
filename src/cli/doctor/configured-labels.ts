import type { Config } from "../../config/load-config.js";
import type { LabelSpec } from "../../core/ports/forge-port.js";

/** Every label of the convention (DESIGN §7) with the names, colours and descriptions `doctor --fix` creates. */
export function configuredLabels(config: Config): LabelSpec[] {
  const l = config.settings.labels;
  const sev = { P0: ["b60205", "Outage, data loss or security"], P1: ["d93f0b", "A main flow is broken"], P2: ["fbca04", "Broken, with a workaround"], P3: ["c2e0c6", "Cosmetic or minor"] } as const;
  const risk = { low: "c2e0c6", medium: "fbca04", high: "b60205" } as const;
  return [
    { name: l.type.bug, color: "d73a4a", description: "Something is broken" },
    { name: l.type.feature, color: "a2eeef", description: "New behaviour" },
    { name: l.type.question, color: "d876e3", description: "A question" },
    { name: l.type.chore, color: "cfd3d7", description: "Maintenance" },
    ...Object.entries(sev).map(([s, [color, description]]) => ({ name: `${l.severityPrefix}${s}`, color, description })),
    ...Object.entries(risk).map(([r, color]) => ({ name: `${l.riskPrefix}${r}`, color, description: `Risk ${r}` })),
    ...config.settings.areas.map((a) => ({ name: `${l.areaPrefix}${a.name}`, color: "0e8a16", description: (a.description || `Area ${a.name}`).slice(0, 100) })),
    { name: l.ready, color: "1d76db", description: "Clear enough for the build automation" },
    { name: l.building, color: "5319e7", description: "The build automation is working on it" },
    { name: l.needsHuman, color: "e99695", description: "Automation gave up: a person must look" },
    { name: l.needsInfo, color: "fef2c0", description: "Waiting for details from the reporter" },
    { name: l.doNotAutomate, color: "000000", description: "Shopfloor never touches this" },
  ];
}
