import { ErrorCode, type AppError } from "../core/errors.js";

/**
 * The second of the three places errors are mapped (DESIGN §6): what a person in Slack reads when a run
 * fails for good. Says what went wrong in plain words, never a stack trace or a secret.
 */
export function humanErrorMessage(err: AppError): string {
  switch (err.code) {
    case ErrorCode.RateLimited:
      return "a service we depend on kept rate-limiting us";
    case ErrorCode.SlackApi:
      return `Slack refused a call (${String(err.details.slackError ?? "error")})`;
    case ErrorCode.GithubApi:
      return `GitHub refused a call: ${err.message.slice(0, 200)}`;
    case ErrorCode.Conflict:
      return "GitHub reported a conflict: the pull request or branch changed meanwhile";
    case ErrorCode.ModelTimeout:
      return "the model did not answer in time";
    case ErrorCode.ModelInvalidOutput:
      return "the model kept answering in a shape I could not use";
    case ErrorCode.ModelApi:
      return "the model endpoint refused the request";
    case ErrorCode.SentryApi:
      return "Sentry refused a call";
    case ErrorCode.DatabaseUnavailable:
    case ErrorCode.RedisUnavailable:
      return "my own storage was unreachable";
    case ErrorCode.JobPayloadInvalid:
      return "the request was malformed";
    default:
      return "something broke on my side";
  }
}

export function failureNotice(graph: string, err: AppError, attempts: number): string {
  const tries = attempts > 1 ? ` after ${attempts} tries` : "";
  return `:warning: I could not finish *${graph}*${tries}: ${humanErrorMessage(err)} (\`${err.code}\`). Nothing was lost: the run is kept and maintainers can retry it.`;
}
