import { child, childrenNamed, descendant, xmlText } from './xml.js'
import { element } from '../../tree/build.js'
import type { Element, Node } from '../../tree/model.js'
import { greatest } from '../../arrays.js'

/** `c:lineChart` → "Line chart": what kind of chart it was, when it has no title of its own. */
function kindOf(plotArea: Element): string | undefined {
  for (const node of plotArea.children) {
    if (typeof node === 'string') continue
    const kind = /^c:(\w+?)(3D)?Chart$/.exec(node.name)
    if (kind)
      return `${(kind[1] as string).replace(/^./, (c) => c.toUpperCase()).replace(/([a-z])([A-Z])/g, '$1 $2')} chart`
  }
  return undefined
}

/** Spreadsheet numbers as people read them: `4.4000000000000004` is 4.4 (15 significant digits, as Excel shows). */
function tidyNumber(value: string): string {
  if (!/^-?\d+\.\d{10,}$/.test(value)) return value
  return String(Number(Number(value).toPrecision(15)))
}

/** The points of a `c:strCache`/`c:numCache`, by index. */
function points(reference: Element | undefined): Map<number, string> {
  const values = new Map<number, string>()
  if (reference === undefined) return values
  const cache =
    descendant(reference, 'c:strCache') ??
    descendant(reference, 'c:numCache') ??
    descendant(reference, 'c:strLit') ??
    descendant(reference, 'c:numLit')
  for (const point of childrenNamed(cache, 'c:pt')) {
    const index = Number.parseInt(point.attribs.idx ?? '', 10)
    if (Number.isFinite(index) && index >= 0 && index < 100_000)
      values.set(index, tidyNumber(xmlText(child(point, 'c:v') ?? point).trim()))
  }
  return values
}

/**
 * A chart's data as a table (the chart part keeps the numbers it was drawn from): a column per
 * series, a row per category, under its title or its kind. `undefined` when it holds no data.
 */
export function chartTable(chartSpace: Element): Node[] | undefined {
  const chart = child(child(chartSpace, 'c:chartSpace'), 'c:chart')
  const plotArea = child(chart, 'c:plotArea')
  if (plotArea === undefined) return undefined
  const series: Array<{ name: string; categories: Map<number, string>; values: Map<number, string> }> = []
  for (const group of plotArea.children) {
    if (typeof group === 'string') continue
    for (const ser of childrenNamed(group, 'c:ser')) {
      const tx = child(ser, 'c:tx')
      // The name's cache, not its spreadsheet reference (`Sheet1!$B$1`).
      const name = tx === undefined ? '' : [...points(tx).values()].join(' ') || xmlText(child(tx, 'c:v') ?? tx).trim()
      series.push({
        name,
        categories: points(child(ser, 'c:cat') ?? child(ser, 'c:xVal')),
        values: points(child(ser, 'c:val') ?? child(ser, 'c:yVal')),
      })
    }
  }
  if (series.length === 0) return undefined
  const rows = Math.min(10_000, greatest(series.map((s) => Math.max(s.values.size, s.categories.size))))
  if (rows === 0) return undefined
  const categories = series.find((s) => s.categories.size > 0)?.categories ?? new Map<number, string>()
  const head = element('tr', {}, [element('th', {}, ['']), ...series.map((s) => element('th', {}, [s.name]))])
  const body = Array.from({ length: rows }, (_, i) =>
    element('tr', {}, [
      element('td', {}, [categories.get(i) ?? '']),
      ...series.map((s) => element('td', {}, [s.values.get(i) ?? ''])),
    ]),
  )
  const title = child(chart, 'c:title')
  const titleText = title ? xmlText(title).trim() : ''
  return [
    element('p', {}, [titleText || kindOf(plotArea) || 'Chart']),
    element('table', {}, [element('thead', {}, [head]), element('tbody', {}, body)]),
  ]
}
