import { is } from 'drizzle-orm'
import { getTableConfig, isPgEnum, PgTable, type PgEnum } from 'drizzle-orm/pg-core'
import type { Sql } from 'postgres'

/** A difference between the live database and what the code's Drizzle schema expects. */
export interface DriftItem {
  kind:
    | 'missing_table'
    | 'missing_column'
    | 'type_mismatch'
    | 'nullability_mismatch'
    | 'missing_default'
    | 'missing_index'
    | 'invalid_index'
    | 'missing_constraint'
    | 'missing_enum'
    | 'missing_enum_value'
    | 'missing_required_column'
  /** `table`, `table.column`, `index`, or `enum`, schema-qualified when not `public`. */
  object: string
  expected?: string
  actual?: string
  message: string
}

/** Present in the database, unknown to the code: harmless (expand/contract leaves these), shown for information. */
export interface ExtraObject {
  kind: 'table' | 'column'
  object: string
}

export interface SchemaReport {
  drift: DriftItem[]
  extra: ExtraObject[]
  counted: { tables: number; columns: number; indexes: number; constraints: number; enums: number }
  /** The database schemas (namespaces) the comparison read. */
  namespaces: string[]
}

export interface RequiredColumn {
  table: string
  column: string
  schema?: string
}

type SchemaModule = Record<string, unknown>

const qualify = (schema: string, name: string) => (schema === 'public' ? name : `${schema}.${name}`)

const typeAliases: Array<[RegExp, string]> = [
  [/^serial$/, 'integer'],
  [/^bigserial$/, 'bigint'],
  [/^smallserial$/, 'smallint'],
  [/^varchar\b/, 'character varying'],
  [/^char\b/, 'character'],
  [/^timestamp(\(\d+\))?$/, 'timestamp$1 without time zone'],
  [/^time(\(\d+\))?$/, 'time$1 without time zone'],
  [/^decimal\b/, 'numeric'],
]

/** Brings drizzle's `getSQLType()` and PostgreSQL's `format_type()` to one spelling. */
export function normalizeType(type: string): string {
  let t = type.trim().toLowerCase().replace(/"/g, '').replace(/,\s+/g, ',')
  t = t.replace(/^public\./, '')
  for (const [pattern, replacement] of typeAliases) t = t.replace(pattern, replacement)
  return t
}

interface LiveColumn {
  schema: string
  table: string
  column: string
  type: string
  not_null: boolean
  has_default: boolean
}

/** Drizzle tables and enums exported by a schema module. */
export function schemaObjects(schema: SchemaModule): { tables: PgTable[]; enums: PgEnum<[string, ...string[]]>[] } {
  const values = Object.values(schema)
  return {
    tables: values.filter((v): v is PgTable => is(v, PgTable)),
    enums: values.filter((v): v is PgEnum<[string, ...string[]]> => isPgEnum(v)),
  }
}

/**
 * Compares the live database with the Drizzle schema: tables, column types and nullability,
 * defaults, named indexes (and whether they are valid), named constraints, and enums. Reads the
 * catalog in four queries, whatever the size of the schema.
 */
export async function verifySchema(sql: Sql, schema: SchemaModule): Promise<SchemaReport> {
  const { tables, enums } = schemaObjects(schema)
  const configs = tables.map((t) => {
    const config = getTableConfig(t)
    return { ...config, schema: config.schema ?? 'public' }
  })
  const namespaces = [...new Set([...configs.map((c) => c.schema), ...enums.map((e) => e.schema ?? 'public')])]

  const [columns, indexes, constraints, liveEnums] = await Promise.all([
    sql<LiveColumn[]>`
      select n.nspname as schema, c.relname as table, a.attname as column,
        format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null, a.atthasdef as has_default
      from pg_attribute a
      join pg_class c on c.oid = a.attrelid
      join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped and n.nspname = any(${namespaces})
    `,
    sql<{ schema: string; table: string; name: string; unique: boolean; valid: boolean }[]>`
      select n.nspname as schema, t.relname as table, i.relname as name, x.indisunique as unique, x.indisvalid as valid
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = any(${namespaces})
    `,
    sql<{ schema: string; table: string; name: string; type: string }[]>`
      select n.nspname as schema, t.relname as table, c.conname as name, c.contype::text as type
      from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = any(${namespaces})
    `,
    sql<{ schema: string; name: string; labels: string[] }[]>`
      select n.nspname as schema, t.typname as name, array_agg(e.enumlabel::text order by e.enumsortorder) as labels
      from pg_type t
      join pg_enum e on e.enumtypid = t.oid
      join pg_namespace n on n.oid = t.typnamespace
      where n.nspname = any(${namespaces})
      group by n.nspname, t.typname
    `,
  ])

  const report: SchemaReport = {
    drift: [],
    extra: [],
    counted: { tables: 0, columns: 0, indexes: 0, constraints: 0, enums: 0 },
    namespaces,
  }
  const drift = (item: DriftItem) => report.drift.push(item)

  for (const e of enums) {
    const schemaName = e.schema ?? 'public'
    const name = qualify(schemaName, e.enumName)
    const live = liveEnums.find((l) => l.schema === schemaName && l.name === e.enumName)
    report.counted.enums++
    if (live === undefined) {
      drift({
        kind: 'missing_enum',
        object: name,
        expected: e.enumValues.join(', '),
        message: `enum ${name} does not exist`,
      })
      continue
    }
    for (const value of e.enumValues) {
      if (!live.labels.includes(value)) {
        drift({
          kind: 'missing_enum_value',
          object: name,
          expected: value,
          actual: live.labels.join(', '),
          message: `enum ${name} lacks the value '${value}'`,
        })
      }
    }
  }

  const liveTables = new Set(columns.map((c) => `${c.schema}.${c.table}`))
  for (const config of configs) {
    const table = qualify(config.schema, config.name)
    report.counted.tables++
    if (!liveTables.has(`${config.schema}.${config.name}`)) {
      drift({ kind: 'missing_table', object: table, message: `table ${table} does not exist` })
      continue
    }
    const liveColumns = columns.filter((c) => c.schema === config.schema && c.table === config.name)
    for (const column of config.columns) {
      const object = `${table}.${column.name}`
      const live = liveColumns.find((c) => c.column === column.name)
      report.counted.columns++
      if (live === undefined) {
        drift({
          kind: 'missing_column',
          object,
          expected: column.getSQLType(),
          message: `column ${object} does not exist`,
        })
        continue
      }
      const expected = normalizeType(column.getSQLType())
      const actual = normalizeType(live.type)
      if (expected !== actual) {
        drift({
          kind: 'type_mismatch',
          object,
          expected,
          actual,
          message: `column ${object} is ${actual}, the code expects ${expected}`,
        })
      }
      const notNull = column.notNull || column.primary
      if (notNull !== live.not_null) {
        drift({
          kind: 'nullability_mismatch',
          object,
          expected: notNull ? 'not null' : 'nullable',
          actual: live.not_null ? 'not null' : 'nullable',
          message: `column ${object} is ${live.not_null ? 'NOT NULL' : 'nullable'}, the code expects it ${notNull ? 'NOT NULL' : 'nullable'}`,
        })
      }
      const sqlDefault =
        column.default !== undefined || /serial$/i.test(column.getSQLType()) || column.generatedIdentity !== undefined
      if (sqlDefault && !live.has_default && column.generated === undefined) {
        drift({ kind: 'missing_default', object, message: `column ${object} has no default, the code relies on one` })
      }
    }
    for (const column of liveColumns) {
      if (!config.columns.some((c) => c.name === column.column))
        report.extra.push({ kind: 'column', object: `${table}.${column.column}` })
    }

    for (const index of config.indexes) {
      const name = index.config.name
      if (name === undefined) continue
      report.counted.indexes++
      const live = indexes.find((i) => i.schema === config.schema && i.name === name)
      if (live === undefined) {
        drift({
          kind: 'missing_index',
          object: qualify(config.schema, name),
          message: `index ${name} on ${table} does not exist`,
        })
      } else if (!live.valid) {
        drift({
          kind: 'invalid_index',
          object: qualify(config.schema, name),
          message: `index ${name} on ${table} is INVALID (a failed CREATE INDEX CONCURRENTLY)`,
        })
      } else if (Boolean(index.config.unique) !== live.unique) {
        drift({
          kind: 'missing_index',
          object: qualify(config.schema, name),
          expected: index.config.unique ? 'unique' : 'not unique',
          message: `index ${name} on ${table} is ${live.unique ? '' : 'not '}unique, the code expects the opposite`,
        })
      }
    }

    const expectedConstraints = [
      ...config.foreignKeys.map((fk) => ({ name: fk.getName(), type: 'f', what: 'foreign key' })),
      ...config.uniqueConstraints.flatMap((u) =>
        u.getName() ? [{ name: u.getName() as string, type: 'u', what: 'unique constraint' }] : [],
      ),
      ...config.columns.flatMap((c) =>
        c.isUnique && c.uniqueName ? [{ name: c.uniqueName, type: 'u', what: 'unique constraint' }] : [],
      ),
      ...config.checks.map((c) => ({ name: c.name, type: 'c', what: 'check constraint' })),
    ]
    for (const constraint of expectedConstraints) {
      report.counted.constraints++
      const live = constraints.find(
        (c) => c.schema === config.schema && c.table === config.name && c.name === constraint.name,
      )
      if (live === undefined || live.type !== constraint.type) {
        drift({
          kind: 'missing_constraint',
          object: `${table}.${constraint.name}`,
          message: `${constraint.what} ${constraint.name} on ${table} does not exist`,
        })
      }
    }
    const hasPrimaryKey = config.columns.some((c) => c.primary) || config.primaryKeys.length > 0
    if (
      hasPrimaryKey &&
      !constraints.some((c) => c.schema === config.schema && c.table === config.name && c.type === 'p')
    ) {
      drift({ kind: 'missing_constraint', object: table, message: `table ${table} has no primary key` })
    }
  }

  const knownTables = new Set(configs.map((c) => `${c.schema}.${c.name}`))
  for (const name of liveTables) {
    if (!knownTables.has(name)) report.extra.push({ kind: 'table', object: name.replace(/^public\./, '') })
  }
  return report
}

/** The key a required column has in status output: `table.column`, schema-qualified outside `public`. */
export function requiredColumnKey(required: RequiredColumn): string {
  return `${qualify(required.schema ?? 'public', required.table)}.${required.column}`
}

export interface RequiredColumnsReport {
  /** One entry per required column, keyed by {@link requiredColumnKey}: whether it exists. */
  present: Record<string, boolean>
  missing: DriftItem[]
}

/** Each required column must exist, whatever else the schema comparison says. */
export async function checkRequiredColumns(
  sql: Sql,
  required: readonly RequiredColumn[],
): Promise<RequiredColumnsReport> {
  if (required.length === 0) return { present: {}, missing: [] }
  const rows = await sql<{ table: string; column: string; schema: string }[]>`
    select table_schema as schema, table_name as table, column_name as column
    from information_schema.columns
    where table_name = any(${[...new Set(required.map((r) => r.table))]})
  `
  const present: Record<string, boolean> = {}
  const missing: DriftItem[] = []
  for (const r of required) {
    const object = requiredColumnKey(r)
    present[object] = rows.some(
      (row) => row.schema === (r.schema ?? 'public') && row.table === r.table && row.column === r.column,
    )
    if (!present[object])
      missing.push({ kind: 'missing_required_column', object, message: `required column ${object} does not exist` })
  }
  return { present, missing }
}
