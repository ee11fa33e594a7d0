/**
 * Documents to Markdown: draftsmith's converter beside pandoc (`-t gfm`) on the same files.
 * Time per document is measured warm (ours in its conversion process, pandoc as the process it
 * is); throughput pushes a batch through two of each at a time.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { formatOfMime } from '@draftsmith/convert'
import { IsolatedConverter } from '@draftsmith/convert/process'
import { medianTime } from '../lib/stats.js'

const run = promisify(execFile)

export interface DocumentRun {
  msPerDocument: number
  documentsPerSecond: number
  markdown: string
}

/** Time per document (median of `repeats`, one at a time) and throughput (`batch`, two at a time). */
async function measure(once: () => Promise<string>, repeats: number, batch: number): Promise<DocumentRun> {
  const markdown = await once()
  const msPerDocument = await medianTime(once, repeats)
  const started = performance.now()
  for (let i = 0; i < batch; i += 2) await Promise.all([once(), once()])
  return { msPerDocument, documentsPerSecond: batch / ((performance.now() - started) / 1000), markdown }
}

export async function pandocAvailable(): Promise<boolean> {
  return run('pandoc', ['--version']).then(
    () => true,
    () => false,
  )
}

export async function pandoc(
  file: { name: string; bytes: Buffer; from: string },
  repeats: number,
  batch: number,
): Promise<DocumentRun> {
  const dir = mkdtempSync(join(tmpdir(), 'draftsmith-pandoc-'))
  try {
    const path = join(dir, file.name)
    writeFileSync(path, file.bytes)
    return await measure(
      async () => (await run('pandoc', ['-f', file.from, '-t', 'gfm', path], { maxBuffer: 64 * 1024 * 1024 })).stdout,
      repeats,
      batch,
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function draftsmith(
  file: { bytes: Buffer; mime: string },
  repeats: number,
  batch: number,
): Promise<DocumentRun> {
  const pool = new IsolatedConverter({ processes: 2, maxHeapMb: 512 })
  try {
    const once = async () => {
      const outcome = await pool.convert(file.bytes, { format: formatOfMime(file.mime) })
      if (!outcome.ok) throw new Error(outcome.reason)
      return outcome.markdown
    }
    // The worker keeps its conversion processes between documents: start both before timing.
    // pandoc is a process per document, as it is used; its start-up is part of its time.
    await Promise.all([once(), once()])
    return await measure(once, repeats, batch)
  } finally {
    await pool.close()
  }
}
