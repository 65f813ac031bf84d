/** Slack mrkdwn control characters in text from people, GitHub or checks: it cannot ping, link or format. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A time Slack shows each reader in their own time zone ("14:05", or "Today at 14:05" with the date); the
 * fallback, for clients that cannot, is UTC.
 */
export function slackTime(iso: string, withDate = false): string {
  const fallback = withDate ? `${iso.slice(0, 16).replace("T", " ")} UTC` : `${iso.slice(11, 16)} UTC`;
  return `<!date^${Math.floor(Date.parse(iso) / 1000)}^${withDate ? "{date_short_pretty} {time}" : "{time}"}|${fallback}>`;
}
