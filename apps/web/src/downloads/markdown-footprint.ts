/** Markdown up to this size is read and sent in one piece, outside the heavy-download budget. */
export const INLINE_MARKDOWN_BYTES = 256 * 1024

/**
 * What sending a Markdown of `bytes` adds to the process's memory, reserved from the heavy-download
 * budget before it is read: postgres.js gathers the message's pieces and joins them (twice the
 * text for a moment), then the joined bytes are held until the socket has taken them.
 */
export function markdownFootprint(bytes: number): number {
  return 2 * bytes
}
