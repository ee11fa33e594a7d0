import type { Node, RangeVar, TypeName } from 'libpg-query'

/** `schema.table`, lower-cased as PostgreSQL folds unquoted names (quoted ones arrive as written). */
export function tableKey(relation: RangeVar | undefined): string {
  return `${relation?.schemaname ?? 'public'}.${relation?.relname ?? '?'}`
}

/** Qualified name from a list of String nodes (`DROP TABLE a.b`, type names). */
export function nameList(nodes: Node[] | undefined): string[] {
  return (nodes ?? []).map((n) => ('String' in n ? (n.String.sval ?? '') : '')).filter((s) => s !== '')
}

/** Calls `visit` for every object in the tree (depth first). */
export function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit)
  } else if (value !== null && typeof value === 'object') {
    visit(value as Record<string, unknown>)
    for (const child of Object.values(value)) walk(child, visit)
  }
}

/** A column type reduced to what decides whether changing it rewrites the table. */
export interface ColumnType {
  name: string
  mods: number[]
  array: boolean
}

const aliases: Record<string, string> = {
  integer: 'int4',
  int: 'int4',
  serial: 'int4',
  serial4: 'int4',
  bigint: 'int8',
  bigserial: 'int8',
  serial8: 'int8',
  smallint: 'int2',
  smallserial: 'int2',
  serial2: 'int2',
  'character varying': 'varchar',
  character: 'bpchar',
  char: 'bpchar',
  decimal: 'numeric',
  boolean: 'bool',
  real: 'float4',
  'double precision': 'float8',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
}

export function columnType(typeName: TypeName | undefined): ColumnType | undefined {
  if (typeName === undefined) return undefined
  const names = nameList(typeName.names)
  const last = names.at(-1)
  if (last === undefined) return undefined
  const mods = (typeName.typmods ?? []).map((m) => {
    const c = 'A_Const' in m ? m.A_Const : undefined
    return c?.ival?.ival ?? 0
  })
  return { name: aliases[last] ?? last, mods, array: (typeName.arrayBounds?.length ?? 0) > 0 }
}

export function formatType(type: ColumnType): string {
  return `${type.name}${type.mods.length > 0 ? `(${type.mods.join(',')})` : ''}${type.array ? '[]' : ''}`
}

/**
 * Whether PostgreSQL changes the type without rewriting the table or rescanning it: only the
 * binary-coercible widenings documented for ALTER COLUMN TYPE.
 */
export function changesWithoutRewrite(from: ColumnType, to: ColumnType): boolean {
  if (from.array !== to.array) return false
  const same = from.name === to.name
  if (same && from.mods.join() === to.mods.join()) return true
  const widened = (a: ColumnType, b: ColumnType) =>
    b.mods.length === 0 || (a.mods.length > 0 && (b.mods[0] ?? 0) >= (a.mods[0] ?? 0))
  if (from.name === 'varchar' && to.name === 'text') return true
  if (from.name === 'text' && to.name === 'varchar' && to.mods.length === 0) return true
  if (same && (from.name === 'varchar' || from.name === 'varbit')) return widened(from, to)
  if (same && from.name === 'numeric') {
    // Precision may grow; the scale must stay.
    return to.mods.length === 0 || (from.mods.length > 0 && widened(from, to) && from.mods[1] === to.mods[1])
  }
  if (from.name === 'cidr' && to.name === 'inet') return true
  return false
}
