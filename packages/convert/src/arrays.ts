/*
 * Folds over arrays whose length the input decides. Spreading such an array into a call
 * (`Math.min(...xs)`, `out.push(...xs)`) puts every element on the stack as an argument, and V8
 * throws a RangeError somewhere past 120,000 of them: a page of 250,000 paragraphs in one `<div>`
 * would fail the conversion instead of converting.
 */

/** The least of `values` (`Infinity` for none, `NaN` if any is), as `Math.min(...values)` without the spread. */
export function least(values: Iterable<number>): number {
  let result = Infinity
  for (const value of values) result = Math.min(result, value)
  return result
}

/** The greatest of `values` (`-Infinity` for none, `NaN` if any is), as `Math.max(...values)` without the spread. */
export function greatest(values: Iterable<number>): number {
  let result = -Infinity
  for (const value of values) result = Math.max(result, value)
  return result
}

/** Appends `items` to `target` in order, as `target.push(...items)` without the spread. */
export function appendAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item)
}
