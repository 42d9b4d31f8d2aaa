# CTG workflow service: one image for the HTTP API and the Temporal worker.
#
#   docker build -t ctg-workflow-service .
#   docker run ... ctg-workflow-service                                    # API (default command)
#   docker run ... ctg-workflow-service node --max-old-space-size=256 dist/worker/main.js   # Temporal worker (WORKER_ROLE; 192 for delivery)
#
# Compiled JavaScript (`npm run build`: tsc, then the workflow bundle the worker loads instead of
# bundling the workflow sources at every start), run by node itself, so signals reach the application.
# Both entry points apply the database migrations at start-up (advisory-locked).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------
# build: full install (the prisma CLI is a devDependency, needed by the
# postinstall `prisma generate`), then prune to production dependencies.
# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app

# The service applies migrations with its own runner (infra/db/migrations.ts, plain
# pg), so the native schema engine that @prisma/engines would download is never
# used: point it at /bin/false (scripts/prisma-generate.js points it at Node elsewhere).
# CHECKPOINT_DISABLE turns off the Prisma CLI's update check / telemetry call.
ENV PRISMA_SCHEMA_ENGINE_BINARY=/bin/false \
    CHECKPOINT_DISABLE=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# Only what `npm ci` and its postinstall (`prisma generate`) need, so this
# layer stays cached until the dependencies or the Prisma schema change.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci

# Compiled JavaScript and the workflow bundle (dist/), then production dependencies only.
COPY . .
RUN npm run build \
 && npm prune --omit=dev \
 && npm cache clean --force

# ---------------------------------------------------------------------------
# runtime
# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app

# MALLOC_ARENA_MAX: fewer malloc arenas for the threads of a process (infra/heap-limits.ts says why).
ENV NODE_ENV=production \
    PORT=3000 \
    MALLOC_ARENA_MAX=2 \
    NPM_CONFIG_UPDATE_NOTIFIER=false

# Dependencies and the generated Prisma client come from the build stage; the
# application sources from the context (.dockerignore keeps node_modules/,
# generated/, tests and local data out). Files stay owned by root: the
# application user can read them but not modify them.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/generated ./generated
COPY --from=build /app/dist ./dist
COPY . .

# DATA_DIR (default ".data") is the only place the service may write locally.
RUN mkdir -p /app/.data && chown node:node /app/.data

# Unprivileged user shipped with the official node image (uid 1000).
USER node

EXPOSE 3000

# API health. The worker has no HTTP port: docker-compose.yml disables this
# check for it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# The heap limit of each kind of process: infra/heap-limits.ts.
CMD ["node", "--max-old-space-size=192", "dist/api/main.js"]
