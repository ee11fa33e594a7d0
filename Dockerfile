# syntax=docker/dockerfile:1
# One image, three entrypoints:
#   web:       node apps/web/dist/server.js            (the default)
#   worker:    node apps/worker/dist/main.js
#   predeploy: node packages/migration-check/bin/migration-check.js [status|lint|baseline]

FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm install --global pnpm@12
# Manifests first, so dependency layers are reused while only sources change.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc tsconfig.base.json ./
COPY apps/web/package.json apps/web/
COPY apps/worker/package.json apps/worker/
COPY packages/db/package.json packages/db/
COPY packages/jobs/package.json packages/jobs/
COPY packages/migration-check/package.json packages/migration-check/
COPY packages/runtime/package.json packages/runtime/
COPY packages/test-support/package.json packages/test-support/
COPY bench/package.json bench/
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm build && pnpm install --frozen-lockfile --prod

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
ENTRYPOINT ["node"]
CMD ["apps/web/dist/server.js"]
