import { parse } from "csv-parse/sync";
import { readFileSync } from "node:fs";
import { classifyByRules } from "./graphs/triage/rules/classify-by-rules.js";
const map: Record<string, string> = { Blocker: "P0", Critical: "P1", Major: "P2", Minor: "P3", Trivial: "P3" };
const rows: Record<string, string>[] = parse(readFileSync("/work/shared/samples/bugreports/gitbugs-hadoop.priority-sample.csv"), { columns: true });
const byType: Record<string, Record<string, number[]>> = {};
const samples: string[] = [];
for (const r of rows) {
  const c = classifyByRules({ title: r.Summary!, text: r.Description! }, [], "x");
  const exp = map[r.Priority!]!;
  ((byType[c.type] ??= {})[exp] ??= [0, 0, 0, 0])[Number(c.severity[1])]! += 1;
  if (process.argv[2] && c.type === process.argv[2]) samples.push(`${exp}->${c.severity} ${r.Summary!.slice(0, 70)} || ${c.severityReason.slice(0, 90)}`);
}
console.log(JSON.stringify(byType));
console.log(samples.slice(0, 80).join("\n"));
