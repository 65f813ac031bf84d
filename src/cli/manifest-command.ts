import { parseArgs } from "node:util";
import { manifestYaml } from "../slack/manifest.js";

export function runManifestCommand(args: string[]): number {
  const { values } = parseArgs({ args, options: { url: { type: "string" }, socket: { type: "boolean" } } });
  if (values.socket) {
    process.stdout.write(manifestYaml({ socketMode: true }));
    return 0;
  }
  if (!values.url || !/^https:\/\/[^\s/]+/.test(values.url)) {
    console.error("Give the public HTTPS base URL Slack should call (--url https://shopfloor.example.com), or --socket for Socket Mode.");
    return 1;
  }
  process.stdout.write(manifestYaml({ publicUrl: values.url.replace(/\/+$/, "") }));
  return 0;
}
