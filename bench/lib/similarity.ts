import { diffArrays } from 'diff'

/** Words and punctuation-free tokens: what both converters should agree on, formatting aside. */
function tokens(markdown: string): string[] {
  return markdown
    .toLowerCase()
    .replace(/\]\([^)]*\)/g, ']')
    .match(/[\p{L}\p{N}]+/gu) ?? []
}

/**
 * How much two Markdown renderings of one document agree: 2 × (tokens in their longest common
 * subsequence) / (tokens in both). 1 = the same words in the same order.
 */
export function similarity(a: string, b: string): number {
  const left = tokens(a)
  const right = tokens(b)
  if (left.length + right.length === 0) return 1
  const common = diffArrays(left, right)
    .filter((part) => !part.added && !part.removed)
    .reduce((n, part) => n + part.count!, 0)
  return (2 * common) / (left.length + right.length)
}
