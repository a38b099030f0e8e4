# syntax=docker/dockerfile:1
# Invoice Reimbursement API: build once, run as a non-root user with only production dependencies.
# Build: docker build -t invoice-reimbursement-api .   (docker-compose.yml does this for you)

# --- build: compile TypeScript; better-sqlite3 may compile its native addon (python3, make, g++) ---
FROM node:22-slim AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# Dependencies first, so source changes do not re-run npm ci.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- runtime: same base image, so native addons built above match its Node ABI and glibc ---
FROM node:22-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    DATA_DIR=/data \
    LOG_DIR=/logs
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The font the PDF claim reports embed (src/report/fonts.ts finds it beside dist/).
COPY --chown=node:node assets ./assets
# The image's unprivileged "node" user (uid 1000) owns the data and log directories and nothing else.
RUN mkdir -p /data /logs && chown node:node /data /logs
USER node
VOLUME ["/data", "/logs"]
EXPOSE 8000
# Liveness only (no dependency checks): slim has no curl, so Node's own fetch asks the API.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/api/v1/health/quick').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node is PID 1 and handles SIGTERM itself (graceful shutdown in src/server.ts); no npm wrapper,
# which would not forward the signal.
CMD ["node", "dist/src/server.js"]
