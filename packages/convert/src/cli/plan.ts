import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path'
import type { ConvertCommand } from './args.js'
import { UsageError } from './args.js'
import type { Source } from './inputs.js'

/** Where one document's Markdown and pictures go. */
export interface Target {
  source: Source
  /** What the document is called in messages. */
  shown: string
  /** Its name for formats detection (`report.docx`), when it has one. */
  name: string | undefined
  /** The Markdown's (or the bundle's) path, or standard output. */
  to: string | 'stdout'
  /** Where its pictures are written and how the Markdown links them; `undefined`: nowhere (standard output without --assets). */
  assets: { dir: string; prefix: string } | undefined
  bundle: boolean
}

/** `a b#1` → `a%20b%231`, each segment of a relative path, `/` between them: a link that survives any name. */
const linkPath = (path: string) => path.split(sep).map(encodeURIComponent).join('/')

/**
 * Names every output before anything is converted, so that the names do not depend on which
 * conversion ends first: `<stem>.md` in its folder; `<stem>.<ext>.md` for every document whose
 * stem it shares with another of the same folder (`report.docx.md`, `report.pdf.md`), and for a
 * document whose Markdown would replace an input (`notes.md` converted beside itself); `-2`,
 * `-3`… after anything still shared, in the order of the command line.
 */
export function planOutputs(command: ConvertCommand, sources: Source[]): Target[] {
  const single = sources.length === 1
  const out = command.out
  const ext = command.bundle ? '.zip' : '.md'
  if (out !== undefined && (out === '-' || out.toLowerCase().endsWith(ext)) && !single)
    throw new UsageError(`-o ${out} names one file, but there are ${sources.length} documents: give a folder`)
  const inputs = new Set(sources.flatMap((source) => (source.kind === 'file' ? [source.path.toLowerCase()] : [])))

  const placed = sources.map((source) => {
    if (source.kind === 'stdin') {
      const toFile = out !== undefined && out !== '-'
      const explicit = toFile && out.toLowerCase().endsWith(ext)
      return {
        source,
        folder: toFile ? (explicit ? dirname(resolve(out)) : resolve(out)) : undefined,
        stem: explicit ? basename(out, extname(out)) : 'stdin',
        full: 'stdin',
        fixed: explicit,
      }
    }
    const full = basename(source.path)
    const stem = basename(full, extname(full))
    if (out === '-') return { source, folder: undefined, stem, full, fixed: true }
    if (out !== undefined && out.toLowerCase().endsWith(ext))
      return { source, folder: dirname(resolve(out)), stem: basename(out, extname(out)), full, fixed: true }
    const base = out === undefined ? dirname(source.path) : resolve(out)
    const mirrored = out !== undefined && source.root !== undefined ? relative(source.root, dirname(source.path)) : ''
    return { source, folder: join(base, mirrored), stem, full, fixed: false }
  })

  // Documents of one folder that share a stem keep their extension, all of them, whatever order they come in.
  const byStem = new Map<string, number>()
  const key = (folder: string | undefined, name: string) => `${folder ?? '-'}${sep}${name.toLowerCase()}`
  for (const p of placed) if (!p.fixed) byStem.set(key(p.folder, p.stem), (byStem.get(key(p.folder, p.stem)) ?? 0) + 1)
  const taken = new Set<string>()
  const assetDirs = new Set<string>()
  return placed.map((p) => {
    let name = p.stem
    if (
      !p.fixed &&
      ((byStem.get(key(p.folder, p.stem)) ?? 0) > 1 ||
        inputs.has(join(p.folder ?? '', `${p.stem}${ext}`).toLowerCase()))
    )
      name = p.full
    for (let n = 2; taken.has(key(p.folder, name)); n++) name = `${p.fixed ? p.stem : name.replace(/-\d+$/, '')}-${n}`
    taken.add(key(p.folder, name))
    const to = p.folder === undefined ? 'stdout' : join(p.folder, `${name}${ext}`)
    const shown = p.source.kind === 'stdin' ? 'standard input' : p.source.shown
    // One --assets folder for documents of several folders: names unique per folder may meet there.
    let assetsName = name
    for (let n = 2; command.assets !== undefined && assetDirs.has(assetsName.toLowerCase()); n++)
      assetsName = `${name}-${n}`
    assetDirs.add(assetsName.toLowerCase())
    return {
      source: p.source,
      shown,
      name: p.source.kind === 'file' ? p.full : undefined,
      to,
      assets: assetsOf(command, p.folder, name, assetsName),
      bundle: command.bundle,
    } satisfies Target
  })
}

function assetsOf(
  command: ConvertCommand,
  folder: string | undefined,
  name: string,
  assetsName: string,
): Target['assets'] {
  if (command.bundle) return { dir: '', prefix: 'assets/' }
  if (command.assets !== undefined) {
    const dir = join(resolve(command.assets), assetsName)
    return { dir, prefix: `${linkPath(relative(folder ?? process.cwd(), dir))}/` }
  }
  if (folder === undefined) return undefined
  return { dir: join(folder, `${name}.assets`), prefix: `${encodeURIComponent(name)}.assets/` }
}
