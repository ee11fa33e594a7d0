import t from 'tap'
import { buildTestApp } from '../helpers/app.js'

const OPS_TOKEN = 'an-ops-token-that-is-long-enough-0123456789'
const bearer = { authorization: `Bearer ${OPS_TOKEN}` }

t.test(
  "/ready while a newer release's predeploy runs: the schema is ahead, said so, and ready (issue 22)",
  async (t) => {
    const { app, db } = await buildTestApp(t, { label: 'ready_ahead', env: { OPS_TOKEN } })
    const ready = async () => {
      const response = await app.inject({ method: 'GET', url: '/ready', headers: bearer })
      return { status: response.statusCode, schema: response.json().checks.schema as { ok: boolean; detail?: string } }
    }
    t.match(await ready(), { status: 200, schema: { ok: true, detail: /^at / } })

    // What the newer release's predeploy does, file by file: a column this release does not know,
    // an index, and their ledger rows, dated after every file this release has.
    const later = Date.now() + 86_400_000
    await db.sql.begin(async (tx) => {
      await tx`alter table proposals add column newer_note text`
      await tx`create index proposals_newer_note_idx on proposals (newer_note)`
      await tx`insert into drizzle.__drizzle_migrations (hash, created_at) values (${'f'.repeat(64)}, ${later})`
    })
    const answers = await Promise.all(Array.from({ length: 5 }, ready))
    for (const answer of answers) {
      t.equal(answer.status, 200, 'ready, every time')
      t.ok(answer.schema.ok)
      t.match(answer.schema.detail, /ahead of this release: 1 newer migration/)
    }
    const publicAnswer = await app.inject({ method: 'GET', url: '/ready' })
    t.equal(publicAnswer.statusCode, 200)

    // A required column gone is not "ahead": this release cannot serve.
    await db.sql`alter table conversions rename column proposal_id to proposal_ref`
    const broken = await ready()
    t.equal(broken.status, 503)
    t.match(broken.schema.detail, /required_columns/)
    await db.sql`alter table conversions rename column proposal_ref to proposal_id`

    // A ledger row older than this release's files with no file is a real problem, ahead or not.
    await db.sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${'e'.repeat(64)}, ${1})`
    const orphan = await ready()
    t.equal(orphan.status, 503)
    t.match(orphan.schema.detail, /ledger: .*no file any more/)
  },
)
