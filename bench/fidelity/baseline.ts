/**
 * `--before <checkout>`: another build of draftsmith (a checkout of an earlier commit, built with
 * `pnpm build`) converting the same documents in the same run, so that a change to the engine
 * is measured against what it replaces under the same load. Reads either layout: the engine as
 * its own package (`packages/convert`), or inside the worker as it was before issue 18.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { medianTime } from '../lib/stats.js'
import type { Conversion } from './converters.js'

interface Pool {
  convert(bytes: Uint8Array, mime: string): Promise<{ ok: true; markdown: string } | { ok: false; reason: string }>
  close(): Promise<void>
}

async function openPool(checkout: string): Promise<Pool> {
  const root = resolve(checkout)
  const packaged = join(root, 'packages/convert/dist/process/index.js')
  if (existsSync(packaged)) {
    const { IsolatedConverter } = await import(pathToFileURL(packaged).href)
    const { formatOfMime } = await import(pathToFileURL(join(root, 'packages/convert/dist/formats.js')).href)
    const pool = new IsolatedConverter({ processes: 1, maxHeapMb: 256 })
    return {
      convert: (bytes, mime) => pool.convert(bytes, { format: formatOfMime(mime) }),
      close: () => pool.close(),
    }
  }
  const inWorker = join(root, 'apps/worker/dist/conversions/converter-pool.js')
  if (!existsSync(inWorker)) throw new Error(`${checkout} has no built engine: run pnpm build there`)
  const { ConverterPool } = await import(pathToFileURL(inWorker).href)
  const pool = new ConverterPool({ processes: 1, maxHeapMb: 256 })
  return { convert: (bytes, mime) => pool.convert(mime, bytes), close: () => pool.close() }
}

export class BaselineConverter {
  private constructor(private readonly pool: Pool) {}

  static async open(checkout: string): Promise<BaselineConverter> {
    return new BaselineConverter(await openPool(checkout))
  }

  async convert(document: { mime: string; bytes: Buffer }, repeats: number): Promise<Conversion> {
    const once = async () => {
      const outcome = await this.pool.convert(document.bytes, document.mime)
      if (!outcome.ok) throw new Error(outcome.reason)
      return outcome.markdown
    }
    try {
      const markdown = await once()
      return { ok: true, markdown, ms: await medianTime(once, repeats) }
    } catch (error) {
      return { ok: false, reason: (error as Error).message }
    }
  }

  close(): Promise<void> {
    return this.pool.close()
  }
}
