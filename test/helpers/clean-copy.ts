import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

interface Teardown {
  teardown(fn: () => Promise<void> | void): void
}

const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * What a fresh clone of this working tree would hold — tracked files and new ones git does not
 * ignore (so no `.data/`, no `node_modules/`, no `dist/`) — installed as the README says, from the
 * local store (offline: the suite's own `pnpm install` has filled it). Removed when the test ends.
 */
export function cleanCopy(t: Teardown, label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `draftsmith-${label}-`))
  // mkdtemp makes it private; a clone is usually not (and as root, embedded PostgreSQL runs as
  // another user, who must be able to enter it).
  chmodSync(dir, 0o755)
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  // A file deleted in the working tree but still in the index is listed and missing: tar skips it.
  execFileSync(
    'sh',
    [
      '-c',
      'git ls-files -z --cached --others --exclude-standard | tar -c --null -T - -f - 2>/dev/null | tar -x -f - -C "$0"',
      dir,
    ],
    { cwd: root },
  )
  execFileSync('pnpm', ['install', '--offline', '--frozen-lockfile'], { cwd: dir, stdio: 'ignore' })
  return dir
}
