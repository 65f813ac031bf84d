# syntax=docker/dockerfile:1
# Shopfloor: one image, the role is the command.
#   docker run … shopfloor            → start (web + worker + scheduler in one process)
#   docker run … shopfloor web|worker|scheduler|migrate|doctor
# See docker-compose.yml for a full stack with PostgreSQL and Redis.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: compile TypeScript to dist/ -------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Dependencies first, in their own layer, so source edits do not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# prompts/ may be empty (and then absent from a git checkout); the loader expects the folder.
RUN npm run build && mkdir -p prompts

# ---- runtime: production dependencies and the compiled code only --------------------------------------
FROM ${NODE_IMAGE} AS runtime
# git clones the repository the factory works on; bubblewrap sandboxes the coding agent's commands; the recap's
# chart needs a font (the slim image has none).
RUN apt-get update \
 && apt-get install -y --no-install-recommends git bubblewrap ca-certificates fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000 \
    SHOPFLOOR_CONFIG=/config/shopfloor.yml
COPY package.json package-lock.json ./
# tsx stays a runtime dependency for now (bin/shopfloor.js imports it only when src/ is present).
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/migrations ./migrations
COPY --from=build /app/prompts ./prompts
COPY bin ./bin

# Without src/, bin/shopfloor.js runs dist/. Files stay root-owned: the process only reads them.
USER node
EXPOSE 3000

# /healthz answers when the web role is up (start or web). Workers and schedulers serve no HTTP, so
# docker-compose.yml turns this check off for them.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["node", "bin/shopfloor.js"]
CMD ["start"]
