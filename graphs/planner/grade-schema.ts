import { z } from "zod";

/** The sizes of a gap, largest first: the order gaps are proposed in. */
export const GAP_SIZES = ["large", "medium", "small"] as const;

/** One thing the specification asks for that the repository does not appear to have. */
const gapSchema = z.object({
  title: z.string().trim().min(3).max(200),
  body: z.string().trim().min(1).max(8000),
  /** The words of the specification the gap is about, quoted in the issue. */
  specSection: z.string().trim().min(1).max(4000),
  size: z.enum(GAP_SIZES),
  /** What in the file map shows the gap: paths that are missing or what is there instead. */
  evidence: z.string().trim().min(1).max(4000),
});
export type Gap = z.infer<typeof gapSchema>;

/** The planner's grade of the repository against its specification. */
export const gradeSchema = z.object({
  /** A few sentences on how far the code is from the specification, for the report. */
  summary: z.string().max(2000),
  gaps: z.array(gapSchema).max(20),
});
export type Grade = z.infer<typeof gradeSchema>;
