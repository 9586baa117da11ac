# The hub as an image, for the compose files in infra/ (not built in CI: no Docker there).
#   docker build -f infra/hub.Dockerfile -t lamppost-hub .
FROM node:22-bookworm-slim AS build
WORKDIR /app
# node-gyp's tools, used only when no prebuilt better-sqlite3 matches.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HUB_DATA_DIR=/data
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 1883 8883 3000
CMD ["node", "dist/apps/hub/src/main.js"]
