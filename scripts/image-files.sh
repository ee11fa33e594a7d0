#!/bin/sh
# Writes into $1 what the image ships, in the repository's layout, so the three entrypoints are
# the same paths as on Render (node apps/web/dist/server.js, node apps/worker/dist/main.js,
# node packages/migration-check/bin/migration-check.js): each app's built dist/ with only its
# production dependencies (`pnpm deploy --prod`), and the migrations. No sources, tests,
# fixtures, benchmarks or devDependencies. Run after `pnpm install` and `pnpm build`; the
# Dockerfile runs it, and so does test/image-files.test.ts, which boots what it wrote.
set -eu
out=${1:?usage: scripts/image-files.sh <output directory>}
rm -rf "$out"
mkdir -p "$out/apps" "$out/packages"
pnpm --filter @draftsmith/web deploy --prod "$out/apps/web"
pnpm --filter @draftsmith/worker deploy --prod "$out/apps/worker"
pnpm --filter @draftsmith/migration-check deploy --prod "$out/packages/migration-check"
cp -R drizzle "$out/drizzle"
# pnpm deploy leaves its own lockfile and workspace file beside each app: nothing reads them at run time.
rm -f "$out"/apps/*/pnpm-lock.yaml "$out"/apps/*/pnpm-workspace.yaml "$out"/packages/*/pnpm-lock.yaml "$out"/packages/*/pnpm-workspace.yaml
