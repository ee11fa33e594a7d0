/**
 * `pnpm --filter @draftsmith/bench run memory-bounds` (build first: it starts apps/worker/dist):
 * the peak resident memory of the worker's whole process tree while it converts issue 17's
 * hostile documents, and of the web while six clients download one large bundle and while one
 * visitor reads a long Markdown eight times at once, beside the memory of the Blueprint's plan.
 * Each scenario is a function returning rows (see row.ts): add one to `scenarios` to measure
 * another service.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { table } from '../lib/stats.js'
import type { MemoryRow } from './row.js'
import { bundleScenario } from './bundle-downloads.js'
import { markdownScenario } from './markdown-downloads.js'
import { workerDocuments } from './worker-documents.js'

const planMemoryMb: Record<string, number> = { starter: 512, standard: 2048, pro: 4096 }
const teardowns: Array<() => unknown> = []
const t = { teardown: (fn: () => unknown) => void teardowns.push(fn) }

const scenarios: Array<{ service: string; run: () => Promise<MemoryRow[]> }> = [
  { service: 'worker', run: () => workerDocuments(t) },
  { service: 'web', run: () => bundleScenario() },
  { service: 'web', run: () => markdownScenario() },
]

const blueprint = parse(readFileSync(fileURLToPath(new URL('../../render.yaml', import.meta.url)), 'utf8')) as {
  services: { type: string; name: string; plan?: string }[]
}
const planOf = (type: string) => {
  const plan = blueprint.services.find((s) => s.type === type)?.plan ?? 'starter'
  return { plan, mb: planMemoryMb[plan] ?? 0 }
}

const rows: string[][] = []
try {
  for (const scenario of scenarios) {
    const { plan, mb } = planOf(scenario.service)
    for (const row of await scenario.run())
      rows.push([
        row.scenario,
        `${Math.round(row.peakMb)} MB`,
        `${mb} MB (${plan})`,
        `${Math.round((100 * row.peakMb) / mb)}%`,
        row.outcome,
      ])
  }
} finally {
  for (const teardown of teardowns.reverse()) await teardown()
}
console.log("\n# Peak resident memory under issue 17's hostile files, beside the Blueprint plan\n")
console.log(table(['scenario', 'peak RSS (process tree)', 'plan memory', 'share', 'outcome'], rows))
