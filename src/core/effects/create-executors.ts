import { AppError, ErrorCode, isAppError } from "../errors.js";
import { githubMarker, hash } from "../ids.js";
import type { ChatPort, ForgePort, MessageMetadata, RunStarter } from "../ports/index.js";
import type { EffectExecutors } from "./effects-ledger.js";

/** How many of the newest open PRs a repeated revert looks through for the one it may have opened. */
const REVERT_LOOKUP_MAX = 100;

/** Slack metadata event type that marks messages Shopfloor posted through the ledger. */
export const EFFECT_EVENT_TYPE = "shopfloor_effect";

function withMarker(metadata: MessageMetadata | undefined, key: string): MessageMetadata {
  return {
    eventType: metadata?.eventType ?? EFFECT_EVENT_TYPE,
    payload: { ...(metadata?.payload ?? {}), key: hash(key, 24) },
  };
}

/**
 * GitHub's 422 for an APPROVE or REQUEST_CHANGES review by the pull request's own author ("Can not approve
 * your own pull request", "Can not request changes on your own pull request").
 */
function isOwnPullRequestRefusal(e: unknown): boolean {
  return isAppError(e) && e.details.status === 422 && /your own pull request/i.test(String(e.details.githubMessage ?? e.message));
}

/**
 * The executors behind the effects ledger: the one place where a decided effect becomes a call to a
 * port. Creating writes carry a marker (Slack message metadata, a hidden line in a GitHub body) and,
 * when an earlier attempt may have acted, are looked up before being repeated.
 */
export function createExecutors(ports: { chat: ChatPort; forge: ForgePort; starter?: RunStarter }): EffectExecutors {
  const { chat, forge, starter } = ports;
  return {
    "slack.post": async (input, ctx) => {
      const metadata = withMarker(input.metadata, ctx.key);
      if (ctx.priorAttempts > 0) {
        const found = await chat.findMessageByMetadata({
          channel: input.channel,
          ...(input.threadTs ? { threadTs: input.threadTs } : {}),
          eventType: metadata.eventType,
          key: String(metadata.payload.key),
        });
        if (found) return found;
      }
      return chat.postMessage({ ...input, metadata });
    },
    "slack.update": (input) => chat.updateMessage(input),
    "slack.ephemeral": (input) => chat.postEphemeral(input),
    "slack.respond": async (input) => {
      await chat.respond(input);
      return { ok: true };
    },
    "slack.react": async (input) => {
      await chat.addReaction(input);
      return { ok: true };
    },
    "slack.unreact": async (input) => {
      await chat.removeReaction(input);
      return { ok: true };
    },
    "slack.publish-home": async (input) => {
      await chat.publishHome(input);
      return { ok: true };
    },
    // Slack's upload flow takes no message metadata, so there is no marker to look for: a repeat after a lost
    // answer (Slack shared the file, the ledger never heard) shares it a second time. A duplicate chart in a
    // recap thread is the price; a missing one would be worse.
    "slack.upload-file": async (input) => {
      const { contentBase64, ...rest } = input;
      return chat.uploadFile({ ...rest, bytes: new Uint8Array(Buffer.from(contentBase64, "base64")) });
    },
    "github.create-issue": async (input, ctx) => {
      const marker = githubMarker(ctx.key);
      if (ctx.priorAttempts > 0) {
        const found = await forge.findIssueByMarker(marker);
        if (found) return found;
      }
      return forge.createIssue({ ...input, body: `${input.body}\n\n${marker}` });
    },
    "github.comment": async (input, ctx) => {
      const marker = githubMarker(ctx.key);
      if (ctx.priorAttempts > 0) {
        const found = await forge.findCommentByMarker(input.number, marker);
        if (found) return found;
      }
      return forge.createComment(input.number, `${input.body}\n\n${marker}`);
    },
    "github.update-comment": (input) => forge.updateComment(input.commentId, input.body),
    "github.add-labels": async (input) => ({ labels: await forge.addLabels(input.number, input.labels) }),
    "github.remove-label": async (input) => {
      await forge.removeLabel(input.number, input.label);
      return { ok: true };
    },
    "github.ensure-labels": async (input) => ({ created: await forge.ensureLabels(input.labels) }),
    "github.close-issue": (input) => forge.closeIssue(input.number, input.reason),
    "shopfloor.start-run": async (input) => {
      if (!starter) throw new Error("no run starter configured");
      await starter.start(input);
      return { jobId: input.jobId };
    },
    "github.review": async (input, ctx) => {
      const marker = githubMarker(ctx.key);
      if (ctx.priorAttempts > 0) {
        const found = (await forge.listReviews(input.number)).find((r) => r.body.includes(marker));
        if (found) return found;
      }
      const review = { ...input, body: `${input.body}\n\n${marker}` };
      try {
        return await forge.createReview(review);
      } catch (e) {
        // Shopfloor's token opened the PR it reviews (the factory's own PRs), and GitHub lets no author
        // approve or request changes on their own PR. The findings must still reach the PR, so the same
        // review goes out as a comment; the result's state (COMMENTED) tells the node it carries no verdict.
        if (input.event !== "COMMENT" && isOwnPullRequestRefusal(e)) return forge.createReview({ ...review, event: "COMMENT" });
        throw e;
      }
    },
    "github.dismiss-review": async (input, ctx) => {
      // A dismissed review cannot be dismissed again (422): after a lost answer, look before repeating.
      if (ctx.priorAttempts > 0) {
        const found = (await forge.listReviews(input.number)).find((r) => r.id === input.reviewId && r.state === "DISMISSED");
        if (found) return found;
      }
      return forge.dismissReview(input.number, input.reviewId, input.message);
    },
    "github.reply-review-comment": async (input, ctx) => {
      // Replies carry the marker like other comments; only a repeat pays for the GraphQL lookup of the thread.
      const marker = githubMarker(ctx.key);
      if (ctx.priorAttempts > 0) {
        const thread = (await forge.listReviewThreads(input.number)).find((t) => t.comments.some((c) => c.id === input.commentId));
        const found = thread?.comments.find((c) => c.body.includes(marker));
        if (found) return { id: found.id };
      }
      return forge.replyToReviewComment(input.number, input.commentId, `${input.body}\n\n${marker}`);
    },
    // No marker needed: commitFile compares the file's content before writing, so a repeat after a lost answer finds
    // the file already committed and gets the branch head back instead of a second commit.
    "github.commit-file": (input) =>
      forge.commitFile({ branch: input.branch, path: input.path, content: input.content, message: input.message }),
    "github.resolve-thread": async (input) => {
      await forge.resolveReviewThread(input.threadId);
      return { ok: true };
    },
    "github.upsert-comment": async (input) => {
      // An empty marker is contained in every comment: the first comment of the PR would be overwritten.
      if (!input.marker.trim()) throw new AppError(ErrorCode.Internal, `github.upsert-comment on #${input.number} needs a non-empty marker`);
      const text = `${input.body}\n\n${input.marker}`;
      const found = await forge.findCommentByMarker(input.number, input.marker);
      if (!found) return forge.createComment(input.number, text);
      return found.body === text ? found : forge.updateComment(found.id, text);
    },
    "github.update-branch": async (input, ctx) => {
      if (ctx.priorAttempts > 0) {
        // The lost attempt may have merged the base already: then the head moved on from the expected SHA and
        // contains the base, and asking again would be refused for the very head it created.
        const pr = await forge.getPullRequest(input.number);
        if (pr.headSha !== input.expectedHeadSha) {
          const comparison = await forge.compareCommits(pr.baseRef, pr.headSha);
          if (comparison.status === "ahead" || comparison.status === "identical") return { ok: true };
        }
      }
      await forge.updateBranch(input.number, input.expectedHeadSha);
      return { ok: true };
    },
    // A repeat after a lost answer re-runs the check once more: it costs CI time and changes no verdict.
    "github.rerun-check": async (input) => {
      await forge.rerequestCheckRun(input.checkRunId);
      return { ok: true };
    },
    "github.delete-branch": async (input) => {
      await forge.deleteBranch(input.branch);
      return { ok: true };
    },
    "github.revert-pr": async (input, ctx) => {
      const marker = githubMarker(ctx.key);
      if (ctx.priorAttempts > 0) {
        // A revert PR opened by the lost attempt is among the newest open PRs.
        const found = (await forge.listPullRequests({ state: "open", max: REVERT_LOOKUP_MAX })).find((pr) => pr.body.includes(marker));
        if (found) return found;
      }
      return forge.createRevertPullRequest(input.number, { title: input.title, body: `${input.body}\n\n${marker}` });
    },
    "github.create-pr": async (input, ctx) => {
      // GitHub allows one open PR per head branch, so the branch itself is the marker.
      if (ctx.priorAttempts > 0) {
        const found = await forge.findPullRequestByHead(input.head);
        if (found && found.state === "open") return found;
      }
      return forge.createPullRequest(input);
    },
    "github.merge": async (input, ctx) => {
      if (ctx.priorAttempts > 0) {
        const pr = await forge.getPullRequest(input.number);
        if (pr.merged) return { sha: pr.mergeCommitSha ?? input.sha, merged: true };
      }
      return forge.mergePullRequest(input);
    },
  };
}
