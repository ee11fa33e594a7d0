import { fileURLToPath } from 'node:url'
import { baseEnv, runNode, type ProcessResult } from '@draftsmith/test-support'

/** The built CLI, exactly as `pnpm exec migration-check` and the Dockerfile run it. */
export const cliPath = fileURLToPath(new URL('../../bin/migration-check.js', import.meta.url))

export function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  options: { timeoutMs?: number } = {},
): Promise<ProcessResult> {
  return runNode(cliPath, args, baseEnv(env), options)
}

/** Parses the one JSON object `--json` prints. */
// Tests read whatever fields they assert on: the object's shape is what they check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export function jsonOf(result: ProcessResult): Record<string, any> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  return JSON.parse(result.stdout) as Record<string, any>
}
