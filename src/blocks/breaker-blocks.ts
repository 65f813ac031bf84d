import type { FailureClass } from "../core/failure-class.js";
import type { Block } from "../core/ports/chat-port.js";
import { shorten } from "../core/text.js";
import { resumeButton } from "./home-blocks.js";
import { escapeMrkdwn, section } from "./mrkdwn.js";

interface BreakerAlert {
  automation: string;
  failures: number;
  /** The error code and message of the run that tripped it. */
  errorCode: string;
  errorMessage: string;
  failureClass: FailureClass;
}

/** What each kind of failure means for whoever decides to resume. */
const CLASS_HINT: Record<FailureClass, string> = {
  infrastructure: "a service it depends on or the network kept failing",
  logic: "a defect in Shopfloor (reported to Sentry)",
  semantic: "the model's output or the agent's work kept going wrong",
};

/**
 * The circuit breaker's alert in the maintainers channel: which automation stopped and why, that its work is kept,
 * and a Resume button (approvers only; the click goes through the same pause/resume automation as the Home tab).
 */
export function breakerAlert(a: BreakerAlert): { text: string; blocks: Block[] } {
  const text = `:rotating_light: Paused *${a.automation}* after ${a.failures} failed runs in a row.`;
  const why = `The last one failed with \`${escapeMrkdwn(a.errorCode)}\`: ${escapeMrkdwn(shorten(a.errorMessage, 500))}\nThat looks like ${CLASS_HINT[a.failureClass]}.`;
  const kept = `New work for *${a.automation}* waits in its queue and runs after the resume; nothing is dropped. \`@Shopfloor why did the ${a.automation} of #<number> fail?\` shows a run's timeline.`;
  return {
    text,
    blocks: [
      { ...section(text), accessory: resumeButton(a.automation) },
      section(why),
      section(kept),
    ],
  };
}
