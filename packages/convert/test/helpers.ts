import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { convert, type ConvertOptions } from '../src/convert.js'
import type { DocumentFormat } from '../src/formats.js'

const fixtures = fileURLToPath(new URL('../../../fixtures/documents/', import.meta.url))
/** A document of the repository's fixtures (fixtures/documents, made by `pnpm fixtures`). */
export const fixture = (name: string): Buffer => readFileSync(`${fixtures}${name}`)

/** The fidelity bench's corpus (bench/fidelity/corpus/<format>): real documents with their expected Markdown. */
export const corpus = (format: string) =>
  fileURLToPath(new URL(`../../../bench/fidelity/corpus/${format}/`, import.meta.url))

/** Converts `bytes` read as `format`, in this process. */
export const convertAs = (format: DocumentFormat, bytes: Uint8Array, options: ConvertOptions = {}) =>
  convert(bytes, { ...options, format })

/** Report lines by code: `{ 'image-over-limit': 2 }`. */
export const notKeptCounts = (report: { notKept: { code: string; count: number }[] }) =>
  Object.fromEntries(report.notKept.map((note) => [note.code, note.count]))
