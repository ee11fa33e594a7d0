import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ReservedSql, Sql } from 'postgres'
import { LEDGER_SCHEMA } from './ledger.js'

/**
 * The last schema verification that passed, kept in the database: a no-op predeploy whose code
 * and live catalog are both what was verified then gets the same verdict without loading the
 * Drizzle schema or comparing anything (ADR 066). Anything that changed — a file of the schema,
 * drizzle-orm's version, this package's comparison, any catalog row the comparison reads (a
 * column altered by hand included) — sends the run through the full verification, which records
 * the new state when it passes.
 */
const TABLE = 'migration_check_verified'

export interface VerifiedSchema {
  /** describeSchema() of the verification that passed. */
  summary: string
  verifiedAt: string
}

const require = createRequire(import.meta.url)

/** Source (tests, tsx) or build: the comparison modules beside this one carry its extension. */
const ownExtension = import.meta.url.endsWith('.ts') ? '.ts' : '.js'

/**
 * What the verdict depends on in the code: every file of `@draftsmith/db/schema` (required
 * columns included), drizzle-orm's version (it renders the expected types), and the comparison
 * itself. Hashes files as bytes: nothing is imported.
 */
export async function codeFingerprint(): Promise<string> {
  const hash = createHash('sha256')
  const schemaDir = dirname(fileURLToPath(import.meta.resolve('@draftsmith/db/schema')))
  const names = (await readdir(schemaDir)).filter((n) => /\.(js|ts)$/.test(n) && !n.endsWith('.d.ts')).sort()
  for (const name of names) hash.update(`${name}\0`).update(await readFile(join(schemaDir, name)))
  const drizzlePackage = join(dirname(require.resolve('drizzle-orm')), 'package.json')
  hash.update(`\0drizzle-orm ${(JSON.parse(await readFile(drizzlePackage, 'utf8')) as { version: string }).version}`)
  for (const own of ['schema-verify', 'status'])
    hash.update(`\0${own}\0`).update(await readFile(new URL(`./${own}${ownExtension}`, import.meta.url)))
  return hash.digest('hex')
}

/**
 * One digest of exactly the catalog rows the comparison reads (schema-verify.ts: columns with
 * type, nullability and default flag; indexes with uniqueness and validity; constraints; enum
 * labels in order) for `namespaces`, computed by the server in one round trip. Required columns
 * are columns of these tables.
 */
function liveDigest(sql: Sql | ReservedSql, namespaces: string[] | ReturnType<Sql>) {
  return sql`
    select md5(coalesce(string_agg(line, E'\\n' order by line), '')) from (
      select concat_ws('|', 'column', n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
          a.attnotnull, a.atthasdef) as line
        from pg_attribute a
        join pg_class c on c.oid = a.attrelid
        join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped and n.nspname = any(${namespaces})
      union all
      select concat_ws('|', 'index', n.nspname, t.relname, i.relname, x.indisunique, x.indisvalid)
        from pg_index x
        join pg_class i on i.oid = x.indexrelid
        join pg_class t on t.oid = x.indrelid
        join pg_namespace n on n.oid = t.relnamespace
        where n.nspname = any(${namespaces})
      union all
      select concat_ws('|', 'constraint', n.nspname, t.relname, c.conname, c.contype)
        from pg_constraint c
        join pg_class t on t.oid = c.conrelid
        join pg_namespace n on n.oid = t.relnamespace
        where n.nspname = any(${namespaces})
      union all
      select concat_ws('|', 'enum', n.nspname, t.typname, e.enumsortorder, e.enumlabel)
        from pg_type t
        join pg_enum e on e.enumtypid = t.oid
        join pg_namespace n on n.oid = t.typnamespace
        where n.nspname = any(${namespaces})
    ) lines
  `
}

/**
 * The verification recorded for `code`, if the live catalog still reads as it did then; one
 * query. Undefined when nothing was recorded yet (no table), or anything differs.
 */
export async function unchangedSinceVerified(
  sql: Sql | ReservedSql,
  code: string,
): Promise<VerifiedSchema | undefined> {
  const [exists] = await sql<{ ok: boolean }[]>`
    select to_regclass(${`"${LEDGER_SCHEMA}"."${TABLE}"`}) is not null as ok
  `
  if (!exists?.ok) return undefined
  const [row] = await sql<{ summary: string; verified_at: string; same: boolean }[]>`
    select v.summary, v.verified_at::text, v.live = (${liveDigest(sql, sql`v.namespaces`)}) as same
    from ${sql(LEDGER_SCHEMA)}.${sql(TABLE)} v
    where v.code = ${code}
  `
  return row?.same ? { summary: row.summary, verifiedAt: row.verified_at } : undefined
}

/** Records a verification that just passed (under the migration lock, like the verification). */
export async function recordVerified(sql: Sql, code: string, namespaces: string[], summary: string): Promise<void> {
  await sql`
    create table if not exists ${sql(LEDGER_SCHEMA)}.${sql(TABLE)} (
      id boolean primary key default true check (id),
      code text not null,
      live text not null,
      namespaces text[] not null,
      summary text not null,
      verified_at timestamptz not null default now()
    )
  `
  await sql`
    insert into ${sql(LEDGER_SCHEMA)}.${sql(TABLE)} (code, live, namespaces, summary)
    values (${code}, (${liveDigest(sql, namespaces)}), ${namespaces}, ${summary})
    on conflict (id) do update set code = excluded.code, live = excluded.live,
      namespaces = excluded.namespaces, summary = excluded.summary, verified_at = now()
  `
}
