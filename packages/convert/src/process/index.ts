/**
 * `@draftsmith/convert/process`: conversions in child processes, each bounded in time and in real
 * memory — what the `draftsmith` CLI runs, and what a server converting untrusted documents
 * should run. Also the memory watch itself, for callers with a process pool of their own.
 */
export { IsolatedConverter, type IsolatedConverterOptions, type IsolatedConvertOptions } from './isolated.js'
export type { ConversionOutcome } from './protocol.js'
export { ConversionInterruptedError, ConverterCrashedError } from './errors.js'
export { residentMb, watchMemory, type MemoryWatch } from './memory.js'
