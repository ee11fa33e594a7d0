# syntax=docker/dockerfile:1
# One image, three entrypoints (the same paths as render.yaml's commands):
#   web:       node apps/web/dist/server.js            (the default)
#   worker:    node apps/worker/dist/main.js
#   predeploy: node packages/migration-check/bin/migration-check.js [status|lint|baseline]
# Node 22 LTS; pnpm exactly the version that wrote the lockfile (package.json engines.pnpm).

FROM node:22-bookworm-slim AS build
WORKDIR /src
RUN npm install --global pnpm@12.23.0
# Manifests first, so dependency layers are reused while only sources change.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .pnpmfile.cjs tsconfig.base.json ./
COPY apps/web/package.json apps/web/
COPY apps/worker/package.json apps/worker/
COPY packages/convert/package.json packages/convert/
COPY packages/db/package.json packages/db/
COPY packages/jobs/package.json packages/jobs/
COPY packages/migration-check/package.json packages/migration-check/
COPY packages/runtime/package.json packages/runtime/
COPY packages/test-support/package.json packages/test-support/
COPY bench/package.json bench/
# Patched dependencies (pnpm-workspace.yaml's patchedDependencies): the install applies them.
COPY patches/ patches/
RUN pnpm install --frozen-lockfile
COPY . .
# Only what runs: each app's dist/ with its production dependencies, and the migrations.
RUN pnpm build && scripts/image-files.sh /image

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and read-only to the process: a compromised service cannot rewrite its own code.
COPY --from=build /image /app
USER node
EXPOSE 3000
ENTRYPOINT ["node"]
CMD ["apps/web/dist/server.js"]
