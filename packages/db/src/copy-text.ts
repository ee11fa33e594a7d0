/** A value in one column of a COPY row: null is SQL NULL; objects are sent as JSON. */
export type CopyValue = string | number | boolean | Date | null | Record<string, unknown>

/**
 * One line of PostgreSQL's COPY text format: tab-separated, `\N` for null, and backslash,
 * newline, carriage return and tab escaped inside values (Markdown is full of them).
 */
export function copyLine(values: readonly CopyValue[]): string {
  return `${values.map(copyField).join('\t')}\n`
}

function copyField(value: CopyValue): string {
  if (value === null) return '\\N'
  const text =
    value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value)
  return text.replace(/[\\\n\r\t]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!)
}
