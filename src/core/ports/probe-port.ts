/** One HTTP GET of a deployed application, as the verify automation's smoke check needs it. */
export interface ProbeResult {
  /** HTTP status, or 0 when no response came (refused, DNS, timeout). */
  status: number;
  /** The start of the body (at most 2,000 characters), for matching and for the report. */
  bodyText: string;
  ms: number;
  /** Why no response came, when status is 0. */
  error?: string;
}

export interface ProbePort {
  get(input: { url: string; timeoutMs: number }): Promise<ProbeResult>;
}
