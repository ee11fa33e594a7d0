import type { ConversionReporter } from './conversion-reporter.js'

/**
 * The Markdown cut to `maxBytes` of UTF-8 at the last line break before it (so no line, table
 * row or multi-byte character is cut in two), with the cut reported. Linear: the bytes are
 * counted, not re-encoded.
 */
export function boundMarkdown(markdown: string, maxBytes: number, report: ConversionReporter): string {
  // Each UTF-16 unit is at most 3 bytes of UTF-8: anything a third of the bound or shorter fits.
  if (markdown.length * 3 <= maxBytes || Buffer.byteLength(markdown) <= maxBytes) return markdown
  const encoded = Buffer.from(markdown)
  let end = encoded.lastIndexOf(0x0a, maxBytes - 1)
  if (end <= 0) end = maxBytes
  // Never inside a character: step back over UTF-8 continuation bytes.
  while (end > 0 && ((encoded[end] ?? 0) & 0xc0) === 0x80) end--
  const kept = encoded.subarray(0, end).toString()
  const dropped = encoded.length - end
  report.notKept(
    'markdown-over-limit',
    () =>
      `${Math.ceil(dropped / 1024)} KB of text past the conversion's output bound (${Math.round(maxBytes / 1024)} KB) not kept`,
  )
  return `${kept.trimEnd()}\n`
}
