import type { ConversionContext } from '../../context/context.js'
import { ConversionInputError } from '../../errors.js'

/** How a reader names its format, and what to tell the person whose file will not read. */
export interface UnreadableFormat {
  /** `DOCX`, `the ${label} file could not be read`. */
  label: string
  /** `save it again from Word and re-upload`. */
  remedy: string
}

/**
 * What a reader throws for an error its own checks did not foresee — a library's parse error, a
 * RangeError (a stack overflow or an allocation the document forced: its structure, not our
 * state): the file that could not be read, with what to do, rather than an engine fault the
 * worker would retry. Input errors and a cancelled conversion are returned as they are. Use as
 * `catch (error) { throw unreadable(error, FORMAT, context) }`.
 */
export function unreadable(error: unknown, format: UnreadableFormat, context: ConversionContext): unknown {
  if (error instanceof ConversionInputError || context.signal?.aborted || (error as Error)?.name === 'AbortError')
    return error
  const message = error instanceof Error ? error.message : String(error)
  return new ConversionInputError(
    `the ${format.label} file could not be read (${message.split('\n')[0]}); ${format.remedy}`,
  )
}
