/**
 * The conversion's process was stopped by a signal from outside — SIGTERM to a whole process
 * group from systemd, Ctrl-C or a deploy — not by a bound of ours: the document is not to blame,
 * and a server hands the conversion back rather than failing it.
 */
export class ConversionInterruptedError extends Error {
  constructor(readonly signal: string) {
    super(`the conversion process was stopped by ${signal}`)
    this.name = 'ConversionInterruptedError'
  }
}

/**
 * The converter itself failed — a bug of ours, or its process ended for no reason the pool
 * knows — rather than refusing the document: worth another try, where a refusal is not.
 */
export class ConverterCrashedError extends Error {
  constructor(detail: string) {
    super(`the converter failed: ${detail}`)
    this.name = 'ConverterCrashedError'
  }
}
