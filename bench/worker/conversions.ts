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
import { ConverterPool } from '@draftsmith/worker/converter-pool'
import { median } from '../lib/stats.js'

const run = promisify(execFile)

export interface DocumentRun {
  msPerDocument: number
  documentsPerSecond: number
  markdown: string
}

export async function pandocAvailable(): Promise<boolean> {
  return run('pandoc', ['--version']).then(
    () => true,
    () => false,
  )
}

export async function pandoc(file: { name: string; bytes: Buffer; from: string }, repeats: number, batch: number): Promise<DocumentRun> {
  const dir = mkdtempSync(join(tmpdir(), 'draftsmith-pandoc-'))
  try {
    const path = join(dir, file.name)
    writeFileSync(path, file.bytes)
    const once = () => run('pandoc', ['-f', file.from, '-t', 'gfm', path], { maxBuffer: 64 * 1024 * 1024 })
    const { stdout } = await once()
    const times: number[] = []
    for (let i = 0; i < repeats; i++) {
      const started = performance.now()
      await once()
      times.push(performance.now() - started)
    }
    const started = performance.now()
    for (let i = 0; i < batch; i += 2) await Promise.all([once(), once()])
    return { msPerDocument: median(times), documentsPerSecond: batch / ((performance.now() - started) / 1000), markdown: stdout }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function draftsmith(file: { bytes: Buffer; mime: string }, repeats: number, batch: number): Promise<DocumentRun> {
  const pool = new ConverterPool({ processes: 2, maxHeapMb: 512 })
  try {
    const once = async () => {
      const outcome = await pool.convert(file.mime, file.bytes)
      if (!outcome.ok) throw new Error(outcome.reason)
      return outcome.markdown
    }
    const markdown = await Promise.all([once(), once()]).then(([m]) => m as string)
    const times: number[] = []
    for (let i = 0; i < repeats; i++) {
      const started = performance.now()
      await once()
      times.push(performance.now() - started)
    }
    const started = performance.now()
    for (let i = 0; i < batch; i += 2) await Promise.all([once(), once()])
    return { msPerDocument: median(times), documentsPerSecond: batch / ((performance.now() - started) / 1000), markdown }
  } finally {
    await pool.close()
  }
}
