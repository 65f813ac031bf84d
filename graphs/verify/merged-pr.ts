import type { MergedPr } from "../../src/blocks/verify-blocks.js";
import type { VerifyInput } from "./verify-input.js";

export const mergedPr = (req: VerifyInput): MergedPr => ({ number: req.pr, title: req.title, url: req.url, sha: req.mergeSha });
