import type { FakeSlackWorkspace } from "./workspace.js";
import type { SlackChannel, SlackFile, SlackMessage, SlackUser, SlackView } from "./types.js";

/**
 * The JSON shapes Slack puts on the wire for the model objects: what Web API methods return and what
 * events and interaction payloads carry.
 */

export function messageToWire(
  ws: FakeSlackWorkspace,
  m: SlackMessage,
  opts: { includeMetadata?: boolean; fileBaseUrl?: string } = {},
): Record<string, unknown> {
  if (m.tombstone) {
    return {
      type: "message",
      subtype: "tombstone",
      user: "USLACKBOT",
      text: m.text,
      ts: m.ts,
      thread_ts: m.ts,
      hidden: true,
      ...threadSummary(ws, m),
    };
  }
  const out: Record<string, unknown> = {
    type: "message",
    user: m.user,
    text: m.text,
    ts: m.ts,
    team: ws.identity.teamId,
  };
  if (m.botId) {
    out.bot_id = m.botId;
    out.app_id = m.appId;
    out.bot_profile = botProfile(ws);
  }
  if (m.clientMsgId) out.client_msg_id = m.clientMsgId;
  if (m.blocks) out.blocks = m.blocks;
  if (m.fileIds.length > 0) {
    out.files = m.fileIds
      .map((id) => ws.file(id))
      .filter((f): f is SlackFile => f !== undefined)
      .map((f) => fileToWire(ws, f, opts.fileBaseUrl));
    out.upload = false;
    out.display_as_bot = false;
  }
  if (m.edited) out.edited = { ...m.edited };
  if (m.threadTs) {
    out.thread_ts = m.threadTs;
    if (m.threadTs === m.ts) Object.assign(out, threadSummary(ws, m));
    else {
      const parent = ws.message(m.channel, m.threadTs);
      if (parent) out.parent_user_id = parent.user;
      if (m.broadcast) out.subtype = "thread_broadcast";
    }
  }
  if (m.reactions.length > 0) {
    out.reactions = m.reactions.map((r) => ({ name: r.name, users: [...r.users], count: r.users.length }));
  }
  if (opts.includeMetadata && m.metadata) out.metadata = { ...m.metadata };
  return out;
}

function threadSummary(ws: FakeSlackWorkspace, parent: SlackMessage): Record<string, unknown> {
  const replies = ws.replies(parent.channel, parent.ts);
  if (replies.length === 0) return {};
  const replyUsers = [...new Set(replies.map((r) => r.user))];
  return {
    reply_count: replies.length,
    reply_users_count: replyUsers.length,
    latest_reply: replies[replies.length - 1]?.ts,
    reply_users: replyUsers,
    is_locked: false,
    subscribed: false,
  };
}

export function botProfile(ws: FakeSlackWorkspace): Record<string, unknown> {
  return {
    id: ws.identity.botId,
    app_id: ws.identity.appId,
    name: ws.identity.botDisplayName,
    icons: { image_36: "https://a.slack-edge.com/80588/img/plugins/app/bot_36.png" },
    deleted: false,
    updated: ws.nowSeconds(),
    team_id: ws.identity.teamId,
  };
}

export function userToWire(ws: FakeSlackWorkspace, u: SlackUser): Record<string, unknown> {
  const profile: Record<string, unknown> = u.isBot
    ? { bot_id: u.botId, api_app_id: ws.identity.appId, real_name: u.realName, display_name: u.realName }
    : {
        real_name: u.realName,
        display_name: u.name,
        real_name_normalized: u.realName,
        display_name_normalized: u.name,
        ...(u.email ? { email: u.email } : {}),
      };
  return {
    id: u.id,
    team_id: ws.identity.teamId,
    name: u.name,
    deleted: u.deleted,
    real_name: u.realName,
    tz: u.tz,
    tz_label: u.tz === "UTC" ? "Coordinated Universal Time" : u.tz,
    tz_offset: 0,
    is_admin: u.isAdmin,
    is_owner: false,
    is_bot: u.isBot,
    is_app_user: false,
    updated: ws.nowSeconds(),
    profile: { ...profile, team: ws.identity.teamId },
  };
}

export function channelToWire(ws: FakeSlackWorkspace, c: SlackChannel, forUser: string): Record<string, unknown> {
  if (c.isIm) {
    return {
      id: c.id,
      created: c.created,
      is_im: true,
      is_org_shared: false,
      user: c.imUser,
      is_user_deleted: false,
      priority: 0,
    };
  }
  return {
    id: c.id,
    name: c.name,
    is_channel: !c.isPrivate,
    is_group: c.isPrivate,
    is_im: false,
    is_mpim: false,
    is_private: c.isPrivate,
    created: c.created,
    is_archived: c.archived,
    is_general: c.name === "general",
    unlinked: 0,
    name_normalized: c.name,
    is_shared: false,
    is_org_shared: false,
    is_member: c.members.has(forUser),
    creator: c.creator,
    topic: { value: c.topic, creator: "", last_set: 0 },
    purpose: { value: c.purpose, creator: "", last_set: 0 },
    num_members: c.members.size,
    context_team_id: ws.identity.teamId,
  };
}

export function viewToWire(ws: FakeSlackWorkspace, v: SlackView): Record<string, unknown> {
  const d = v.definition;
  return {
    id: v.id,
    team_id: ws.identity.teamId,
    type: v.type,
    title: d.title ?? null,
    submit: d.submit ?? null,
    close: d.close ?? null,
    blocks: d.blocks ?? [],
    private_metadata: typeof d.private_metadata === "string" ? d.private_metadata : "",
    callback_id: typeof d.callback_id === "string" ? d.callback_id : "",
    state: { values: v.stateValues },
    hash: v.hash,
    clear_on_close: d.clear_on_close === true,
    notify_on_close: d.notify_on_close === true,
    previous_view_id: v.previousViewId,
    root_view_id: v.rootViewId,
    app_id: ws.identity.appId,
    external_id: v.externalId,
    app_installed_team_id: ws.identity.teamId,
    bot_id: ws.identity.botId,
  };
}

export function fileToWire(ws: FakeSlackWorkspace, f: SlackFile, baseUrl = ""): Record<string, unknown> {
  return {
    id: f.id,
    created: f.created,
    timestamp: f.created,
    name: f.name,
    title: f.title,
    mimetype: f.mimetype,
    filetype: f.filetype,
    pretty_type: f.filetype.toUpperCase(),
    user: f.user,
    user_team: ws.identity.teamId,
    size: f.content.length,
    mode: "hosted",
    is_external: false,
    is_public: true,
    url_private: `${baseUrl}/files-pri/${ws.identity.teamId}-${f.id}/${encodeURIComponent(f.name)}`,
    url_private_download: `${baseUrl}/files-pri/${ws.identity.teamId}-${f.id}/download/${encodeURIComponent(f.name)}`,
    permalink: `https://${ws.identity.teamDomain}.slack.com/files/${f.user}/${f.id}/${encodeURIComponent(f.name)}`,
    channels: [...f.channels],
  };
}
