# Node 22 (maintenance LTS until 2027-04), pinned to a release; CI runs on the same major (.ci/run).
FROM node:22.20.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22.20.0-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 FILE_STORAGE_ROOT=/app/storage
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
# Uploads and backups are written by the runtime user (a root-owned folder made every upload fail).
RUN mkdir -p /app/storage /app/backups && chown node:node /app/storage /app/backups
USER node
EXPOSE 3000
# Ops run the compiled CLI in the image: `docker compose run --rm api npm run ops -- db:stats`
# (node dist/apps/cli/src/main.js <command>); the API refuses to start until `db:deploy` ran.
# Ready = the database answers and the process is not draining (SIGTERM turns it 503 first).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
