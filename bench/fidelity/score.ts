import { sequenceRatio } from '../lib/similarity.js'
import type { Facets } from './facets.js'

export const components = ['words', 'headings', 'cells', 'listItems', 'links', 'pictures', 'equations'] as const
export type Component = (typeof components)[number]

/** A document's score per component, or `null` where the component does not apply to it. */
export type DocumentScore = Record<Component, number | null>

/**
 * F1 of two multisets (= 2·matches / (|a| + |b|)); `null` when both are empty: a document
 * without tables neither gains nor loses on table cells.
 */
export function multisetF1(expected: readonly string[], actual: readonly string[]): number | null {
  if (expected.length + actual.length === 0) return null
  const counts = new Map<string, number>()
  for (const item of expected) counts.set(item, (counts.get(item) ?? 0) + 1)
  let matches = 0
  for (const item of actual) {
    const left = counts.get(item) ?? 0
    if (left > 0) {
      matches++
      counts.set(item, left - 1)
    }
  }
  return (2 * matches) / (expected.length + actual.length)
}

export function scoreDocument(expected: Facets, actual: Facets): DocumentScore {
  const expectedPictures = expected.pictures + expected.picturePlaceholders
  return {
    words: sequenceRatio(expected.words, actual.words),
    headings: multisetF1(expected.headings, actual.headings),
    cells: multisetF1(expected.cells, actual.cells),
    listItems: multisetF1(expected.listItems, actual.listItems),
    links: multisetF1(expected.links, actual.links),
    // Pictures shown, as a share of those the document has (a placeholder is not a picture kept).
    pictures: expectedPictures === 0 ? null : Math.min(actual.pictures, expectedPictures) / expectedPictures,
    equations:
      expected.equations + actual.equations === 0
        ? null
        : sequenceRatio(expected.equationTokens, actual.equationTokens),
  }
}

/** A format's score per component: the mean over the documents it applies to (`null`: none). */
export function meanScores(scores: readonly DocumentScore[]): DocumentScore {
  const result = {} as DocumentScore
  for (const component of components) {
    const values = scores.map((score) => score[component]).filter((value): value is number => value !== null)
    result[component] = values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length
  }
  return result
}
