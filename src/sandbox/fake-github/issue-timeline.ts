import { nodeId } from "./fake-ids.js";
import type { FakeRepo } from "./repo-model.js";
import { authorAssociation, commentShape, userShape } from "./rest-shapes.js";

/**
 * `GET /repos/{o}/{r}/issues/{n}/timeline`, oldest first, in GitHub's shapes: `committed` events are git
 * commits (no actor, no created_at), `reviewed` events are reviews (`user`, `submitted_at`, lower-case state),
 * `commented` events are issue comments with an `actor`, and the rest are issue events (`actor`, `created_at`).
 */

type Json = Record<string, unknown>;

interface Entry {
  at: number;
  /** Orders entries of the same second: the fake's ids grow with time; commits come before what reacts to them. */
  seq: number;
  json: Json;
}

export async function issueTimeline(repo: FakeRepo, number: number): Promise<Json[]> {
  const issue = repo.getIssue(number);
  const api = `${repo.apiUrl}/repos/${repo.fullName}`;
  const html = `${repo.webUrl}/${repo.fullName}`;
  const entries: Entry[] = [];

  if (issue.pull) {
    for (const c of await repo.pulls.commits(number)) {
      entries.push({
        at: Date.parse(c.committerDate),
        seq: 0,
        json: {
          sha: c.sha,
          node_id: nodeId("C", c.sha),
          url: `${api}/git/commits/${c.sha}`,
          html_url: `${html}/commit/${c.sha}`,
          author: { name: c.authorName, email: c.authorEmail, date: c.authorDate },
          committer: { name: c.committerName, email: c.committerEmail, date: c.committerDate },
          tree: { sha: c.treeSha, url: `${api}/git/trees/${c.treeSha}` },
          message: c.message,
          parents: c.parents.map((sha) => ({ sha, url: `${api}/git/commits/${sha}`, html_url: `${html}/commit/${sha}` })),
          verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
          event: "committed",
        },
      });
    }
    for (const r of repo.pulls.listReviews(number)) {
      if (r.state === "PENDING" || !r.submittedAt) continue;
      const reviewHtml = `${html}/pull/${number}#pullrequestreview-${r.id}`;
      entries.push({
        at: Date.parse(r.submittedAt),
        seq: r.id,
        json: {
          id: r.id,
          node_id: r.nodeId,
          user: userShape(repo, r.author),
          body: r.body,
          commit_id: r.commitId,
          submitted_at: r.submittedAt,
          state: r.state.toLowerCase(),
          html_url: reviewHtml,
          pull_request_url: `${api}/pulls/${number}`,
          author_association: authorAssociation(repo, r.author),
          _links: { html: { href: reviewHtml }, pull_request: { href: `${api}/pulls/${number}` } },
          event: "reviewed",
        },
      });
    }
  }

  for (const c of repo.listComments(number)) {
    entries.push({ at: Date.parse(c.createdAt), seq: c.id, json: { ...commentShape(repo, c), event: "commented", actor: userShape(repo, c.author) } });
  }

  for (const e of repo.issueEvents) {
    if (e.issueNumber !== number) continue;
    // A label deleted since still shows on old events, under its name.
    const label = e.label ? repo.labels.get(e.label.toLowerCase()) : undefined;
    entries.push({
      at: Date.parse(e.createdAt),
      seq: e.id,
      json: {
        id: e.id,
        node_id: e.nodeId,
        url: `${api}/issues/events/${e.id}`,
        actor: userShape(repo, e.actor),
        event: e.event,
        commit_id: e.commitId ?? null,
        commit_url: e.commitId ? `${api}/commits/${e.commitId}` : null,
        created_at: e.createdAt,
        ...(e.label ? { label: label ? { name: label.name, color: label.color } : { name: e.label, color: "ededed" } } : {}),
        performed_via_github_app: null,
      },
    });
  }

  return entries.sort((a, b) => a.at - b.at || a.seq - b.seq).map((e) => e.json);
}
