/** `shopfloor doctor`: one check per connection or configuration concern, each saying what is wrong and how to fix it. */
export type CheckStatus = "ok" | "warn" | "fail" | "skip";

export interface CheckResult {
  status: CheckStatus;
  /** What was found, for a person; never a secret. */
  detail: string;
  /** What to do about a warn or fail (a command, a setting, a page in the provider's UI). */
  fix?: string;
}

export interface DoctorCheck {
  name: string;
  run(): Promise<CheckResult>;
}

/** A finished check as runDoctor reports it. */
export interface DoctorResult extends CheckResult {
  name: string;
  durationMs: number;
}
