import { availableParallelism } from 'node:os'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { documentTypes, isDocumentFormat, type DocumentFormat } from '../formats.js'
import { ConversionInputError } from '../errors.js'
import { parseOcrLanguages } from '../ocr/languages.js'

/** A mistake in how the command was called: exit 2, with the usage. */
export class UsageError extends Error {}

export interface ConvertCommand {
  inputs: string[]
  /** `-o`: a folder, a `.md` (or `.zip` with --bundle) file for a single input, or `-` for standard output. */
  out: string | undefined
  /** `--assets`: one folder for every document's pictures (each in a folder of its own inside). */
  assets: string | undefined
  bundle: boolean
  /** `--from`: what the inputs are, where their content alone cannot say (text without a name). */
  from: DocumentFormat | undefined
  reportJson: boolean
  pageMarkers: boolean
  frontMatter: boolean
  jobs: number
  timeoutMs: number
  maxMemoryMb: number
  /** `--ocr-languages`, else `CONVERSION_OCR_LANGUAGES`: what OCR reads scans with. @default English */
  ocrLanguages: string[] | undefined
}

/** The settings the command takes from its environment variables (main passes them in). */
export interface CommandEnvironment {
  CONVERSION_OCR_LANGUAGES?: string | undefined
}

function ocrLanguages(value: string | undefined, from: string): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined
  try {
    return parseOcrLanguages(value)
  } catch (error) {
    if (error instanceof ConversionInputError) throw new UsageError(`${from}: ${error.message}`)
    throw error
  }
}

export type Command = { kind: 'help'; topic?: 'convert' } | { kind: 'version' } | ({ kind: 'convert' } & ConvertCommand)

function positiveInteger(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} takes a whole number above 0, not "${value}"`)
  return n
}

/** What `draftsmith convert` takes: its test holds `--help` to naming every one of them. */
export const convertOptions = {
  out: { type: 'string', short: 'o' },
  assets: { type: 'string' },
  bundle: { type: 'boolean', default: false },
  from: { type: 'string', short: 'f' },
  report: { type: 'string' },
  'page-markers': { type: 'boolean', default: false },
  'front-matter': { type: 'boolean', default: false },
  jobs: { type: 'string', short: 'j' },
  timeout: { type: 'string' },
  'max-memory': { type: 'string' },
  'ocr-languages': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options']

/** Reads the command line (without `node` and the script). Throws {@link UsageError}. */
export function parseCommand(argv: string[], environment: CommandEnvironment = {}): Command {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h') return { kind: 'help' }
  if (command === '--version' || command === '-v') return { kind: 'version' }
  if (command === 'help') {
    if (rest.length === 0) return { kind: 'help' }
    if (rest[0] === 'convert') return { kind: 'help', topic: 'convert' }
    throw new UsageError(`there is no command "${rest[0]}"`)
  }
  if (command !== 'convert') throw new UsageError(`there is no command "${command}"`)
  let parsed
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: convertOptions,
    })
  } catch (error) {
    // node:util names the option and what is wrong with it.
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''))
  }
  const { values, positionals } = parsed
  if (values.help) return { kind: 'help', topic: 'convert' }
  if (positionals.length === 0) throw new UsageError('convert needs at least one FILE, DIR or - (standard input)')
  if (values.assets !== undefined && values.bundle)
    throw new UsageError('--assets and --bundle cannot be used together')
  if (values.report !== undefined && values.report !== 'json')
    throw new UsageError(`--report takes "json" (the only form there is), not "${values.report}"`)
  if (values.from !== undefined && !isDocumentFormat(values.from))
    throw new UsageError(`--from takes one of ${Object.keys(documentTypes).join(', ')}, not "${values.from}"`)
  if (positionals.filter((input) => input === '-').length > 1)
    throw new UsageError('standard input (-) can be read once')
  return {
    kind: 'convert',
    inputs: positionals,
    out: values.out,
    assets: values.assets,
    bundle: values.bundle,
    from: values.from as DocumentFormat | undefined,
    reportJson: values.report === 'json',
    pageMarkers: values['page-markers'],
    frontMatter: values['front-matter'],
    jobs: positiveInteger(values.jobs, '--jobs', Math.min(4, availableParallelism())),
    timeoutMs: positiveInteger(values.timeout, '--timeout', 60) * 1000,
    maxMemoryMb: positiveInteger(values['max-memory'], '--max-memory', 352),
    ocrLanguages:
      ocrLanguages(values['ocr-languages'], '--ocr-languages') ??
      ocrLanguages(environment.CONVERSION_OCR_LANGUAGES, 'CONVERSION_OCR_LANGUAGES'),
  }
}
