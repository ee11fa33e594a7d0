/**
 * `draftsmith`: the engine's command line (`draftsmith --help`). Each conversion runs in a
 * process of its own, bounded in time and real memory as the worker bounds its own (see
 * ../process); the Markdown and pictures are written as the help says.
 */
import { readFile, stat } from 'node:fs/promises'
import { detect } from '../detect.js'
import { documentTypes, type DocumentFormat } from '../formats.js'
import { ConversionInterruptedError, ConverterCrashedError } from '../process/errors.js'
import { IsolatedConverter } from '../process/isolated.js'
import type { ConversionOutcome } from '../process/protocol.js'
import { engine } from '../version.js'
import { parseCommand, UsageError, type CommandEnvironment, type ConvertCommand } from './args.js'
import { help, usage } from './help.js'
import { findInputs } from './inputs.js'
import { planOutputs, type Target } from './plan.js'
import { Progress } from './progress.js'
import { writeOutputs } from './write.js'

/** Largest input read: a document past it is refused before it is read into memory. */
const MAX_INPUT_BYTES = 256 * 1024 * 1024

async function readInput(target: Target): Promise<Uint8Array> {
  if (target.source.kind === 'file') {
    const { size } = await stat(target.source.path)
    if (size > MAX_INPUT_BYTES) throw new Error(`it is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB`)
    return readFile(target.source.path)
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_INPUT_BYTES) throw new Error(`it is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/**
 * `--from`: the format the person says the input is, which content detection still checks — it
 * chooses among the text formats, and a PDF called Markdown is refused rather than read as text.
 * Returns why the input is not that format, or nothing.
 */
async function notDeclared(
  bytes: Uint8Array,
  name: string | undefined,
  from: DocumentFormat,
): Promise<string | undefined> {
  const detection = await detect(bytes, name, documentTypes[from])
  if (!detection.ok) return detection.reason
  if (detection.format !== from) return `it is ${detection.format}, not ${from} (--from ${from})`
  return undefined
}

async function convertAll(command: ConvertCommand): Promise<number> {
  const inputs = await findInputs(command.inputs, [command.out, command.assets])
  const targets = planOutputs(command, inputs.sources)
  const progress = new Progress(targets.length + inputs.missing.length)
  for (const { shown, reason } of inputs.missing) progress.failedOn(shown, reason)
  if (targets.length === 0 && inputs.missing.length === 0) {
    process.stderr.write(`draftsmith: no documents to convert in ${command.inputs.join(', ')}\n`)
    return 1
  }
  // The JSON goes where the Markdown does not.
  const reports = targets.some((target) => target.to === 'stdout') ? process.stderr : process.stdout
  const converter = new IsolatedConverter({
    processes: Math.min(command.jobs, Math.max(1, targets.length)),
    maxRssMb: command.maxMemoryMb,
    maxHeapMb: Math.max(64, command.maxMemoryMb - 96),
    timeoutMs: command.timeoutMs,
  })
  const queue = [...targets]
  const convertNext = async (): Promise<void> => {
    for (let target = queue.shift(); target !== undefined; target = queue.shift()) {
      progress.started(target.shown)
      let outcome: ConversionOutcome
      try {
        const bytes = await readInput(target)
        const mismatch = command.from === undefined ? undefined : await notDeclared(bytes, target.name, command.from)
        outcome =
          mismatch !== undefined
            ? { ok: false, reason: mismatch }
            : await converter.convert(bytes, {
                name: target.name,
                format: command.from,
                pageMarkers: command.pageMarkers,
                frontMatter: command.frontMatter,
                ...(command.ocrLanguages === undefined ? {} : { ocrLanguages: command.ocrLanguages }),
                assetPrefix: target.assets?.prefix ?? 'assets/',
              })
      } catch (error) {
        const stopped = error instanceof ConverterCrashedError || error instanceof ConversionInterruptedError
        outcome = { ok: false, reason: stopped ? error.message : `it could not be read: ${(error as Error).message}` }
      }
      if (outcome.ok) {
        const { ok: _ok, ...result } = outcome
        const written = await writeOutputs(target, result)
        progress.converted(target.shown, result, written.files, written.unwritten)
      } else progress.failedOn(target.shown, outcome.reason)
      if (command.reportJson) reports.write(`${JSON.stringify(reportLine(target, outcome))}\n`)
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(command.jobs, targets.length) }, convertNext))
  } finally {
    await converter.close()
  }
  progress.finish(inputs.skipped)
  return progress.failures > 0 ? 1 : 0
}

/** One document's line of `--report json`: the API's report, and where its output went. */
function reportLine(target: Target, outcome: ConversionOutcome) {
  const base = {
    input: target.source.kind === 'stdin' ? '-' : target.shown,
    output: target.to === 'stdout' ? '-' : target.to,
  }
  if (!outcome.ok)
    return { ...base, ok: false, error: outcome.reason, report: outcome.report ?? { found: {}, notKept: [], engine } }
  const assets = outcome.assets.map(({ name, contentType, sha256, bytes }) => ({
    name,
    contentType,
    sha256,
    size: bytes.byteLength,
  }))
  return { ...base, ok: true, report: outcome.report, stats: outcome.stats, assets }
}

/** Runs the command line; resolves to the exit code. */
export async function main(argv: string[], environment: CommandEnvironment = {}): Promise<number> {
  let command
  try {
    command = parseCommand(argv, environment)
    if (command.kind === 'help') {
      process.stdout.write(help)
      return 0
    }
    if (command.kind === 'version') {
      process.stdout.write(`${engine}\n`)
      return 0
    }
    return await convertAll(command)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(
      `draftsmith: ${error.message}\n${usage}\nRun \`draftsmith --help\` for every option and examples.\n`,
    )
    return 2
  }
}

// A reader that stops early (`draftsmith convert big.pdf -o - | head`) closes the pipe. Node
// ignores SIGPIPE and emits EPIPE instead, which unheard ends the command in a stack trace: it
// ends quietly, as a filter ended by SIGPIPE does, with 1 for what was not delivered (ADR 110).
// Its conversion processes end with it (they exit when their parent goes).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error
  process.exit(1)
})

// The exit code is set, not forced: the process ends once standard output has drained. The
// command line is the one program here whose environment is its user's settings.
process.exitCode = await main(process.argv.slice(2), process.env)
