# syntax=docker/dockerfile:1
# Images built from this repository for docker-compose.yml:
#   target backend  the RunLens backend (Express + Elasticsearch client)
#   target demo     the demo data generator (talks to the backend over its public HTTP API)

# --- build: the whole workspace's dependencies (from the lock file) and the compiled backend
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY contract/package.json contract/
COPY backend/package.json backend/
COPY demo/package.json demo/
COPY tests/stack/package.json tests/stack/
COPY sdk/typescript/package.json sdk/typescript/
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY contract/ contract/
COPY backend/ backend/
# Builds the contract workspace (contract/dist) and then the backend against it.
RUN npm run build -w backend

# --- production dependencies of the backend workspace only
FROM node:20-bookworm-slim AS backend-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY contract/package.json contract/
COPY backend/package.json backend/
COPY demo/package.json demo/
COPY tests/stack/package.json tests/stack/
COPY sdk/typescript/package.json sdk/typescript/
RUN npm ci --no-audit --no-fund --ignore-scripts --omit=dev --workspace backend --include-workspace-root=false

# --- the backend
FROM node:20-bookworm-slim AS backend
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080
WORKDIR /app
COPY --from=backend-deps /app /app
COPY --from=build /app/contract/dist /app/contract/dist
COPY --from=build /app/backend/dist /app/backend/dist
# The CSV export directory (EXPORT_DIR); a volume mounted here starts owned by node.
RUN mkdir -p /var/lib/runlens/exports && chown node:node /var/lib/runlens/exports
USER node
EXPOSE 8080
CMD ["node", "backend/dist/server.js"]

# --- the demo generator (TypeScript run by tsx, a dependency of the demo workspace)
FROM build AS demo
COPY demo/ demo/
# The live runs log through the TypeScript logger SDK (imported from its source).
COPY sdk/typescript/ sdk/typescript/
USER node
CMD ["node_modules/.bin/tsx", "demo/src/main.ts"]
