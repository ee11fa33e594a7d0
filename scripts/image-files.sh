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
# The three deploys at once: each spends most of its time on pnpm's supply-chain check of its
# own pruned lockfile (registry round trips), not on the disk. Each logs to a file, shown if it fails.
deploy() {
  pnpm --filter "$1" deploy --prod "$out/$2" >"$out/$2.log" 2>&1 || { cat "$out/$2.log" >&2; return 1; }
}
deploy @draftsmith/web apps/web &
web=$!
deploy @draftsmith/worker apps/worker &
worker=$!
deploy @draftsmith/migration-check packages/migration-check &
check=$!
failed=0
for pid in $web $worker $check; do wait "$pid" || failed=1; done
rm -f "$out"/apps/*.log "$out"/packages/*.log
[ "$failed" -eq 0 ] || exit 1
cp -R drizzle "$out/drizzle"
# pnpm deploy leaves its own lockfile and workspace file beside each app: nothing reads them at run time.
rm -f "$out"/apps/*/pnpm-lock.yaml "$out"/apps/*/pnpm-workspace.yaml "$out"/packages/*/pnpm-lock.yaml "$out"/packages/*/pnpm-workspace.yaml
