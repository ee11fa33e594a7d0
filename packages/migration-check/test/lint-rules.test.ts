import t from 'tap'
import { lintMigrations, type LintReport, type RuleId } from '@draftsmith/migration-check'

const existing = `CREATE TABLE "users" ("id" uuid PRIMARY KEY, "email" varchar(100), "name" text, "score" numeric(10,2), "age" integer);
CREATE TYPE "mood" AS ENUM ('happy');`

async function lint(sql: string, options: { noTransaction?: boolean; history?: string } = {}): Promise<LintReport> {
  const history = options.history ?? existing
  return lintMigrations(
    [{ fileName: 'target.sql', sql, noTransaction: options.noTransaction ?? false }],
    history ? [{ fileName: 'before.sql', sql: history, noTransaction: false }] : [],
  )
}

const rulesOf = (report: LintReport) => report.findings.map((f) => f.rule)

interface Case {
  rule: RuleId
  caught: string
  safe: string
  noTransaction?: boolean
}

const cases: Case[] = [
  {
    rule: 'index-not-concurrent',
    caught: 'CREATE INDEX "users_email_idx" ON "users" ("email");',
    safe: 'CREATE TABLE "posts" ("id" uuid PRIMARY KEY, "title" text);\nCREATE INDEX "posts_title_idx" ON "posts" ("title");',
  },
  {
    rule: 'index-not-concurrent',
    caught: 'ALTER TABLE "users" ADD CONSTRAINT "users_email_key" UNIQUE ("email");',
    safe: 'ALTER TABLE "users" ADD CONSTRAINT "users_email_key" UNIQUE USING INDEX "users_email_idx";',
  },
  {
    rule: 'not-null-without-default',
    caught: 'ALTER TABLE "users" ADD COLUMN "plan" text NOT NULL;',
    safe: `ALTER TABLE "users" ADD COLUMN "plan" text DEFAULT 'free' NOT NULL;`,
  },
  {
    rule: 'drop-column',
    caught: 'ALTER TABLE "users" DROP COLUMN "name";',
    safe: 'CREATE TABLE "tmp" ("a" int, "b" int);\nALTER TABLE "tmp" DROP COLUMN "b";',
  },
  {
    rule: 'drop-table',
    caught: 'DROP TABLE "users";',
    safe: 'CREATE TABLE "tmp" ("a" int);\nDROP TABLE "tmp";',
  },
  {
    rule: 'rename-column',
    caught: 'ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";',
    safe: 'ALTER TABLE "users" ADD COLUMN "full_name" text;',
  },
  {
    rule: 'rename-table',
    caught: 'ALTER TABLE "users" RENAME TO "accounts";',
    safe: 'CREATE VIEW "accounts" AS SELECT * FROM "users";',
  },
  {
    rule: 'column-type-change',
    caught: 'ALTER TABLE "users" ALTER COLUMN "age" SET DATA TYPE bigint;',
    safe: 'ALTER TABLE "users" ALTER COLUMN "email" SET DATA TYPE varchar(200);',
  },
  {
    rule: 'column-type-change',
    caught: 'ALTER TABLE "users" ALTER COLUMN "email" SET DATA TYPE varchar(50);',
    safe: 'ALTER TABLE "users" ALTER COLUMN "email" SET DATA TYPE text;',
  },
  {
    rule: 'column-type-change',
    caught: 'ALTER TABLE "users" ALTER COLUMN "score" TYPE numeric(12,4);',
    safe: 'ALTER TABLE "users" ALTER COLUMN "score" TYPE numeric(14,2);',
  },
  {
    rule: 'constraint-not-valid',
    caught: 'ALTER TABLE "users" ADD CONSTRAINT "users_org_fk" FOREIGN KEY ("age") REFERENCES "orgs"("id");',
    safe: 'ALTER TABLE "users" ADD CONSTRAINT "users_org_fk" FOREIGN KEY ("age") REFERENCES "orgs"("id") NOT VALID;',
  },
  {
    rule: 'constraint-not-valid',
    caught: 'ALTER TABLE "users" ADD CONSTRAINT "age_positive" CHECK ("age" > 0);',
    safe: 'ALTER TABLE "users" ADD CONSTRAINT "age_positive" CHECK ("age" > 0) NOT VALID;\n',
  },
  {
    rule: 'constraint-not-valid',
    caught: 'ALTER TABLE "users" ADD COLUMN "org_id" uuid REFERENCES "orgs"("id");',
    safe: 'ALTER TABLE "users" ADD COLUMN "org_id" uuid;',
  },
  {
    rule: 'set-not-null',
    caught: 'ALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL;',
    safe: 'ALTER TABLE "users" ALTER COLUMN "email" DROP NOT NULL;',
  },
  {
    rule: 'volatile-default',
    caught: 'ALTER TABLE "users" ADD COLUMN "token" uuid DEFAULT gen_random_uuid();',
    safe: 'ALTER TABLE "users" ADD COLUMN "joined_at" timestamptz DEFAULT now();',
  },
  {
    rule: 'volatile-default',
    caught: 'ALTER TABLE "users" ADD COLUMN "seq" bigserial;',
    safe: 'ALTER TABLE "users" ADD COLUMN "seq" bigint;',
  },
  {
    rule: 'enum-value-same-transaction',
    caught: `ALTER TYPE "mood" ADD VALUE 'sad';\nUPDATE "users" SET "name" = 'x' WHERE "mood" = 'sad';`,
    safe: `ALTER TYPE "mood" ADD VALUE 'sad';\nUPDATE "users" SET "name" = 'x' WHERE "mood" = 'happy';`,
  },
  {
    rule: 'concurrently-in-transaction',
    caught: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS "users_name_idx" ON "users" ("name");',
    safe: '-- migration-check:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "users_name_idx" ON "users" ("name");',
  },
  {
    rule: 'explicit-transaction',
    caught: 'BEGIN;\nALTER TABLE "users" ADD COLUMN "bio" text;\nCOMMIT;',
    safe: 'ALTER TABLE "users" ADD COLUMN "bio" text;',
  },
  {
    rule: 'truncate',
    caught: 'TRUNCATE "users";',
    safe: 'CREATE TABLE "tmp" ("a" int);\nTRUNCATE "tmp";',
  },
  {
    rule: 'delete-without-where',
    caught: 'DELETE FROM "users";',
    safe: `DELETE FROM "users" WHERE "email" IS NULL;`,
  },
]

for (const c of cases) {
  t.test(`${c.rule}: ${c.caught.split('\n').at(-1)}`, async (t) => {
    const caught = await lint(c.caught)
    t.ok(rulesOf(caught).includes(c.rule), `catches: ${c.caught}`)
    const finding = caught.findings.find((f) => f.rule === c.rule)
    t.match(finding, { file: 'target.sql', line: Number, severity: c.rule === 'set-not-null' ? 'warning' : 'error' })
    t.ok(finding?.fix.length, 'says how to do it safely')

    const safe = await lint(c.safe, { noTransaction: c.safe.includes('migration-check:no-transaction') })
    t.notOk(rulesOf(safe).includes(c.rule), `lets through: ${c.safe}`)
  })
}

t.test('a warning does not count as an error', async (t) => {
  const report = await lint('ALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL;')
  t.equal(report.errors, 0)
  t.equal(report.warnings, 1)
})

t.test('a type change without history cannot be proven safe', async (t) => {
  const report = await lint('ALTER TABLE "users" ALTER COLUMN "email" SET DATA TYPE varchar(200);', { history: '' })
  t.same(rulesOf(report), ['column-type-change'])
  t.match(report.findings[0]?.message, /not known from earlier migrations/)
})

t.test('USING always rewrites', async (t) => {
  const report = await lint('ALTER TABLE "users" ALTER COLUMN "email" TYPE text USING lower("email");')
  t.same(rulesOf(report), ['column-type-change'])
})

t.test('no-transaction files', async (t) => {
  const notIdempotent = await lint(
    '-- migration-check:no-transaction\nCREATE INDEX CONCURRENTLY "users_name_idx" ON "users" ("name");',
    { noTransaction: true },
  )
  t.same(rulesOf(notIdempotent), ['no-transaction-scope'], 'CONCURRENTLY without IF NOT EXISTS is not re-runnable')

  const mixed = await lint(
    '-- migration-check:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "a_idx" ON "users" ("name");\nALTER TABLE "users" ADD COLUMN "x" text;',
    { noTransaction: true },
  )
  t.same(rulesOf(mixed), ['no-transaction-scope'], 'other statements may not ride along outside a transaction')

  const fine = await lint(
    '-- migration-check:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "a_idx" ON "users" ("name");\nDROP INDEX CONCURRENTLY IF EXISTS "old_idx";',
    { noTransaction: true },
  )
  t.same(rulesOf(fine), [])
})

t.test('allow comments', async (t) => {
  const allowed = await lint(
    '-- migration-check:allow drop-column reason: unused since release 41 (expand/contract step 3)\nALTER TABLE "users" DROP COLUMN "name";',
  )
  t.same(rulesOf(allowed), [], 'an allow with a reason accepts the finding')
  t.equal(allowed.allowed[0]?.rule, 'drop-column')
  t.equal(allowed.allowed[0]?.allowedBecause, 'unused since release 41 (expand/contract step 3)')

  const sameLine = await lint(
    'ALTER TABLE "users" DROP COLUMN "name"; -- migration-check:allow drop-column reason: unused\nALTER TABLE "users" ADD COLUMN "x" text;',
  )
  t.same(rulesOf(sameLine), [], 'a comment at the end of the statement line applies to that statement')

  const noReason = await lint('-- migration-check:allow drop-column\nALTER TABLE "users" DROP COLUMN "name";')
  t.same(rulesOf(noReason).sort(), ['allow-without-reason', 'drop-column'], 'without a reason it accepts nothing')

  const unknown = await lint(
    '-- migration-check:allow drop-everything reason: yolo\nALTER TABLE "users" DROP COLUMN "name";',
  )
  t.same(rulesOf(unknown).sort(), ['allow-unknown-rule', 'drop-column'])

  const unused = await lint('-- migration-check:allow drop-table reason: old\nALTER TABLE "users" ADD COLUMN "x" text;')
  t.same(rulesOf(unused), ['allow-unused'])
  t.equal(unused.errors, 0, 'an unused allow is only a warning')

  const scoped = await lint(
    '-- migration-check:allow drop-column reason: unused\nALTER TABLE "users" DROP COLUMN "name";\nALTER TABLE "users" DROP COLUMN "email";',
  )
  t.same(rulesOf(scoped), ['drop-column'], 'an allow covers only the statement below it')
  t.equal(scoped.findings[0]?.line, 3)
})

t.test('parse errors name the line', async (t) => {
  const report = await lint('ALTER TABLE "users" ADD COLUMN "x" text;\nALTER TABLE "users" ADD COLUM "y" text;')
  t.same(rulesOf(report), ['parse-error'])
  t.equal(report.findings[0]?.line, 2)
})

t.test('multi-byte characters do not shift statements', async (t) => {
  const report = await lint(
    '-- naïve — “quoted” comment\nALTER TABLE "users" ADD COLUMN "note" text DEFAULT \'héllo\';\n-- ✓ next\nALTER TABLE "users" DROP COLUMN "name";',
  )
  t.same(rulesOf(report), ['drop-column'])
  t.equal(report.findings[0]?.line, 4)
})

t.test('drizzle-kit output for new tables passes', async (t) => {
  const { readMigrations, defaultMigrationsDir } = await import('@draftsmith/migration-check')
  const report = await lintMigrations(await readMigrations(defaultMigrationsDir))
  t.same(report.findings, [], 'the committed migrations lint clean')
})
