/**
 * The document itself is the problem (damaged, hostile, unsupported): retrying cannot help, and
 * the message is shown to the person who uploaded it.
 */
export class ConversionInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConversionInputError'
  }
}
