import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { toUploadFileEffectInput } from "../../../src/core/effects/effect-kinds.js";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { RecapStateType } from "../recap-state.js";

/** The weekly recap's trend, per day: PRs merged and issues opened and closed, as a PNG in the recap's thread. */
export function postChart(deps: GraphDeps) {
  return async (state: RecapStateType, config: LangGraphRunnableConfig) => {
    const { figures, posted } = state;
    if (!figures || !posted) throw new AppError(ErrorCode.Internal, "post-chart ran before post-recap");
    const labels = figures.days.map((d) => d.label);
    const png = await deps.chart.renderTrend({
      title: `${figures.repository}: the week's trend`,
      subtitle: `per day (${figures.timezone})`,
      labels,
      series: [
        { name: "PRs merged", kind: "bar", values: figures.days.map((d) => d.merged) },
        { name: "Issues opened", kind: "bar", values: figures.days.map((d) => d.opened) },
        { name: "Issues closed", kind: "bar", values: figures.days.map((d) => d.closed) },
      ],
    });
    const totals = figures.days.reduce((t, d) => ({ merged: t.merged + d.merged, opened: t.opened + d.opened, closed: t.closed + d.closed }), { merged: 0, opened: 0, closed: 0 });
    const uploaded = await act(
      deps.effects,
      config,
      "post-chart",
      "chart",
      "slack.upload-file",
      toUploadFileEffectInput({
        channel: posted.channel,
        threadTs: posted.ts,
        filename: `recap-weekly-${figures.window.to.slice(0, 10)}.png`,
        title: "The week's trend",
        altText: `Bar chart per day from ${labels[0]} to ${labels.at(-1)}: ${totals.merged} PRs merged, ${totals.opened} issues opened, ${totals.closed} closed.`,
        bytes: png,
      }),
    );
    return { chartFileId: uploaded.fileId };
  };
}
