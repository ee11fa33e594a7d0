import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { appendNode, documentRoot, element } from '../../tree/build.js'
import type { Document, Element } from '../../tree/model.js'

interface Feature {
  type: 'Feature'
  geometry?: { type?: string; coordinates?: unknown } | null
  properties?: Record<string, unknown> | null
}

/** Features in the table at most; the rest are counted. */
const MAX_FEATURES = 10_000

/** A GeoJSON FeatureCollection or Feature (RFC 7946). */
export function isGeoJson(value: unknown): value is { type: string; features?: Feature[]; name?: string } {
  if (typeof value !== 'object' || value === null) return false
  const type = (value as { type?: unknown }).type
  return (
    (type === 'FeatureCollection' && Array.isArray((value as { features?: unknown }).features)) || type === 'Feature'
  )
}

const cell = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)

/** A point's coordinates as written; other geometries by their type alone. */
const place = (geometry: Feature['geometry']): string =>
  geometry?.type === 'Point' && Array.isArray(geometry.coordinates) ? geometry.coordinates.join(', ') : ''

/**
 * GeoJSON as a table: one row a feature, its geometry's type (a point's coordinates) and its
 * properties, one column a property name in order of first appearance. Headed by the
 * collection's `name` where the tool that saved it wrote one (QGIS, ogr2ogr), else the table
 * alone: a made-up "GeoJSON" title and a count of the rows would be words the file never said.
 */
export function geoJsonTree(
  value: { type: string; features?: Feature[]; name?: string },
  context: ConversionContext,
): Document {
  const features = value.type === 'Feature' ? [value as unknown as Feature] : (value.features ?? [])
  const kept = features.slice(0, MAX_FEATURES)
  if (features.length > kept.length)
    context.report.notKept(
      'structured-data-truncated',
      (n) => `${plural(n, 'feature')} of the GeoJSON past the table's bound left out`,
      features.length - kept.length,
    )
  const names: string[] = []
  const seen = new Set<string>()
  for (const feature of kept)
    for (const name of Object.keys(feature.properties ?? {}))
      if (!seen.has(name)) {
        seen.add(name)
        names.push(name)
      }
  const root = documentRoot()
  if (typeof value.name === 'string' && value.name.trim() !== '') appendNode(root, element('h1', {}, [value.name]))
  const row = (cells: string[], tag: 'th' | 'td'): Element =>
    element(
      'tr',
      {},
      cells.map((text) => element(tag, {}, [text])),
    )
  appendNode(
    root,
    element('table', {}, [
      element('thead', {}, [row(['geometry', 'coordinates', ...names], 'th')]),
      element(
        'tbody',
        {},
        kept.map((feature) =>
          row(
            [
              feature.geometry?.type ?? '',
              place(feature.geometry),
              ...names.map((name) => cell(feature.properties?.[name])),
            ],
            'td',
          ),
        ),
      ),
    ]),
  )
  return root
}
