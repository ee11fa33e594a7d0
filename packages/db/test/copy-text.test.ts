import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import t from 'tap'
import { createDatabase } from '@draftsmith/db/client'
import { copyLine } from '../src/copy-text.js'

const url = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres'

t.test('COPY text lines: what goes in comes back, whatever the text holds', async (t) => {
  const database = createDatabase(url, { max: 1 })
  t.teardown(() => database.close(1))
  const nasty = 'tab\there, newline\nthere, CR\r, a backslash \\ and \\N, a literal \\t, unicode ü ✓'
  const rows = [
    ['plain', null, 1, { a: 'b\tc', n: [1, 2] }, new Date('2026-01-02T03:04:05.678Z'), true],
    [nasty, '', 0, null, null, false],
  ] as const
  await database.sql.begin(async (tx) => {
    await tx`create temp table copied (t text, e text, n int, j jsonb, at timestamptz, b boolean) on commit drop`
    const writable = await tx`copy copied (t, e, n, j, at, b) from stdin`.writable()
    await pipeline(Readable.from(rows.map((r) => copyLine(r))), writable)
    const back = await tx<{ t: string; e: string | null; n: number; j: unknown; at: string | null; b: boolean }[]>`
      select t, e, n, j, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') as at, b from copied order by n desc`
    t.same(back, [
      { t: 'plain', e: null, n: 1, j: { a: 'b\tc', n: [1, 2] }, at: '2026-01-02T03:04:05.678', b: true },
      { t: nasty, e: '', n: 0, j: null, at: null, b: false },
    ])
  })
})
