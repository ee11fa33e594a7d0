/**
 * How much memory one conversion takes, measured in a process of its own (started by
 * memory.ts with the production heap limit): the peak resident set size during the
 * conversion above the idle process's. Linux keeps the peak (VmHWM) and lets a process reset it
 * (`5` into /proc/self/clear_refs), so the number covers everything the conversion allocates —
 * V8 heap, strings, buffers, native parsers — at its worst moment, not at a sampled one.
 *
 * Argv: MIME type, the document's path, a small document of the same format to convert first (it
 * loads the converter's lazily loaded parts without leaving the document's own pages resident).
 * Prints one JSON line: `{ "peakBytes": n }` or `{ "error": "…" }`.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { convert, formatOfMime } from '@draftsmith/convert'

const [mime, path, warmUpPath] = process.argv.slice(2) as [string, string, string]
const format = formatOfMime(mime)
const convertDocument = (bytes: Uint8Array) => convert(bytes, { format })
const gc = globalThis.gc ?? (() => {})

function statusKb(field: 'VmHWM' | 'VmRSS'): number {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`))
  return Number(line?.match(/\d+/)?.[0] ?? 0)
}

const bytes = readFileSync(path)
try {
  await convertDocument(readFileSync(warmUpPath)).catch(() => {})
  gc()
  gc()
  writeFileSync('/proc/self/clear_refs', '5')
  const idle = statusKb('VmRSS')
  await convertDocument(bytes)
  console.log(JSON.stringify({ peakBytes: Math.max(0, statusKb('VmHWM') - idle) * 1024 }))
} catch (error) {
  console.log(JSON.stringify({ error: (error as Error).message }))
}
