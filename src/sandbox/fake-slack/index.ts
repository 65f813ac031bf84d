/**
 * A local Slack for tests and `shopfloor demo`: a fake Web API server with an in-memory workspace, a user
 * driver that sends signed requests to the app, fault injection and a human-readable transcript.
 */
export { startFakeSlack, DEFAULT_BOT_SCOPES, type FakeSlack, type StartFakeSlackOptions } from "./start-fake-slack.js";
export { FakeSlackWorkspace, type WorkspaceIdentity } from "./workspace.js";
export { FaultInjector, type HeldCall } from "./faults.js";
export {
  SlackUserDriver,
  type DriverResponse,
  type EventDelivery,
  type EventEnvelope,
  type PostedUserMessage,
  type RawSendOptions,
  type SlackUserDriverOptions,
} from "./user-driver.js";
export { renderTranscript, renderBlocks, type TranscriptOptions } from "./transcript.js";
export type { ResponseUrlTarget } from "./response-urls.js";
export { signSlackRequest } from "./slack-signature.js";
export {
  SlackApiError,
  type ApiCall,
  type Block,
  type EphemeralMessage,
  type SlackChannel,
  type SlackFile,
  type SlackMessage,
  type SlackMetadata,
  type SlackReaction,
  type SlackUser,
  type SlackView,
  type UserGroup,
} from "./types.js";
