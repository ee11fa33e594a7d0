import { mkdir, writeFile } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import { zipSync, type Zippable } from 'fflate'
import type { ConversionResult } from '../convert.js'
import type { Target } from './plan.js'

/** Writes to standard output and resolves once it has taken all of it: a process that exits before stdout drains loses what is past the pipe's buffer. */
export function writeStdout(data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(data, (error) => (error ? reject(error) : resolve())))
}

/** Writes one converted document where its target says; returns what was written, for the messages. */
export async function writeOutputs(
  target: Target,
  result: ConversionResult,
): Promise<{ files: string[]; unwritten: number }> {
  if (target.bundle) {
    const name = target.to === 'stdout' ? 'stdin' : basename(target.to, extname(target.to))
    const assets: Zippable = {}
    for (const asset of result.assets) assets[asset.name] = [asset.bytes, { level: 0 }]
    const zip = zipSync({
      [`${name}.md`]: Buffer.from(result.markdown),
      ...(result.assets.length > 0 ? { assets } : {}),
    })
    if (target.to === 'stdout') await writeStdout(zip)
    else await writeFileMaking(target.to, zip)
    return { files: [target.to], unwritten: 0 }
  }
  const files: string[] = []
  if (target.assets !== undefined && result.assets.length > 0) {
    await mkdir(target.assets.dir, { recursive: true })
    for (const asset of result.assets) await writeFile(join(target.assets.dir, asset.name), asset.bytes)
    files.push(target.assets.dir)
  }
  if (target.to === 'stdout') await writeStdout(result.markdown)
  else await writeFileMaking(target.to, result.markdown)
  files.unshift(target.to)
  return { files, unwritten: target.assets === undefined ? result.assets.length : 0 }
}

async function writeFileMaking(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, data)
}
