import { diffArrays } from 'diff'

/** Words and punctuation-free tokens: what both converters should agree on, formatting aside. */
function tokens(markdown: string): string[] {
  return (
    markdown
      .toLowerCase()
      .replace(/\]\([^)]*\)/g, ']')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  )
}

/**
 * How alike two sequences are, difflib style: 2 × (items in their longest common subsequence) /
 * (items in both). 1 = the same items in the same order; two empty sequences are alike.
 */
export function sequenceRatio(left: readonly string[], right: readonly string[]): number {
  if (left.length + right.length === 0) return 1
  const common = diffArrays(left as string[], right as string[])
    .filter((part) => !part.added && !part.removed)
    .reduce((n, part) => n + part.count!, 0)
  return (2 * common) / (left.length + right.length)
}

/**
 * How much two Markdown renderings of one document agree: {@link sequenceRatio} over their words.
 * 1 = the same words in the same order.
 */
export function similarity(a: string, b: string): number {
  return sequenceRatio(tokens(a), tokens(b))
}
