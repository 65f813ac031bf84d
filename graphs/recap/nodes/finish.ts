/** 👀 → ✅ on the mention once answered (shared with every graph that answers mentions). */
export { finishMention as finish } from "../../shared/mention-reactions.js";
