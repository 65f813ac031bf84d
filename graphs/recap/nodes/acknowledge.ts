/** 👀 on the mention (shared with every graph that answers mentions). */
export { acknowledgeMention as acknowledge } from "../../shared/mention-reactions.js";
