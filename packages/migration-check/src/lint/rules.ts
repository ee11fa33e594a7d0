/**
 * Why these rules: while the predeploy runs, the previous release keeps serving, and Drizzle
 * selects every column by name. A migration must therefore never break the old code's queries,
 * never hold ACCESS EXCLUSIVE for longer than an instant, and never half-apply.
 */
export type Severity = 'error' | 'warning'

export interface Rule {
  severity: Severity
  /** What goes wrong, in one line. */
  summary: string
  /** The safe recipe. */
  fix: string
}

export const rules = {
  'index-not-concurrent': {
    severity: 'error',
    summary: 'builds an index on an existing table while blocking its writes',
    fix: 'use CREATE INDEX CONCURRENTLY IF NOT EXISTS in its own file marked `-- migration-check:no-transaction` (for a UNIQUE/PRIMARY KEY constraint, build the unique index that way, then ADD CONSTRAINT … USING INDEX)',
  },
  'not-null-without-default': {
    severity: 'error',
    summary:
      'adds a NOT NULL column without a default: fails on a table with rows, and the old release inserts without it',
    fix: 'give it a constant DEFAULT, or add it nullable, backfill, and enforce NOT NULL through a CHECK … NOT VALID that you VALIDATE later',
  },
  'drop-column': {
    severity: 'error',
    summary: 'drops a column the previous release still selects by name',
    fix: 'stop using the column in a release first (expand/contract), then drop it in a later one with an allow comment',
  },
  'drop-table': {
    severity: 'error',
    summary: 'drops a table the previous release may still query',
    fix: 'remove every use in a release first, then drop it in a later one with an allow comment',
  },
  'rename-column': {
    severity: 'error',
    summary: 'renames a column the previous release still selects by its old name',
    fix: 'expand/contract: add the new column, write both, backfill, switch reads, drop the old one in a later release',
  },
  'rename-table': {
    severity: 'error',
    summary: 'renames a table the previous release still queries by its old name',
    fix: 'expand/contract: create the new table (or a view with the old name) and move over across releases',
  },
  'column-type-change': {
    severity: 'error',
    summary:
      'changes a column type in a way that rewrites the table under ACCESS EXCLUSIVE (or cannot be proven not to)',
    fix: 'add a column of the new type, backfill in batches, switch over, drop the old one later; only widening varchar/numeric or varchar→text is free',
  },
  'constraint-not-valid': {
    severity: 'error',
    summary: 'adds a FOREIGN KEY or CHECK that scans the whole table while holding a lock',
    fix: 'add it with NOT VALID, then VALIDATE CONSTRAINT in a later migration (validation takes a weaker lock)',
  },
  'set-not-null': {
    severity: 'warning',
    summary: 'SET NOT NULL scans the whole table under ACCESS EXCLUSIVE',
    fix: 'add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then SET NOT NULL (PostgreSQL skips the scan)',
  },
  'volatile-default': {
    severity: 'error',
    summary:
      'adds a column whose default is volatile (or serial/identity/stored generated): the whole table is rewritten',
    fix: 'add the column without the default (or with a constant one), backfill in batches, then SET DEFAULT',
  },
  'enum-value-same-transaction': {
    severity: 'error',
    summary: 'uses an enum value added in the same transaction: PostgreSQL refuses it ("unsafe use of new value")',
    fix: 'add the enum value in its own, earlier migration file',
  },
  'concurrently-in-transaction': {
    severity: 'error',
    summary: 'CONCURRENTLY cannot run inside a transaction, and every file runs in one',
    fix: 'put `-- migration-check:no-transaction` at the top of the file, with only the CONCURRENTLY statements in it',
  },
  'explicit-transaction': {
    severity: 'error',
    summary: 'BEGIN/COMMIT/ROLLBACK inside a migration breaks the one-transaction-per-file guarantee',
    fix: 'remove it: each file already runs in its own transaction',
  },
  truncate: {
    severity: 'error',
    summary: 'TRUNCATE deletes every row (and takes ACCESS EXCLUSIVE)',
    fix: 'delete what must go with a WHERE clause, or allow it with a reason if the table is disposable',
  },
  'delete-without-where': {
    severity: 'error',
    summary: 'DELETE without WHERE deletes every row',
    fix: 'add a WHERE clause, or allow it with a reason',
  },
  'no-transaction-scope': {
    severity: 'error',
    summary: 'a no-transaction file may only hold idempotent CONCURRENTLY statements: anything else could half-apply',
    fix: 'move other statements to a normal file; write CREATE INDEX CONCURRENTLY IF NOT EXISTS / DROP INDEX CONCURRENTLY IF EXISTS',
  },
  'parse-error': {
    severity: 'error',
    summary: 'is not valid PostgreSQL',
    fix: 'fix the syntax (the message comes from PostgreSQL’s own parser)',
  },
  'allow-without-reason': {
    severity: 'error',
    summary: 'an allow comment must say why',
    fix: 'write `-- migration-check:allow <rule> reason: <why this is safe>`',
  },
  'allow-unknown-rule': {
    severity: 'error',
    summary: 'an allow comment names a rule that does not exist',
    fix: 'use one of the rule names listed in the README',
  },
  'allow-unused': {
    severity: 'warning',
    summary: 'an allow comment that suppresses nothing',
    fix: 'remove it, or move it directly above the statement it is meant for',
  },
} as const satisfies Record<string, Rule>

export type RuleId = keyof typeof rules

export function isRuleId(value: string): value is RuleId {
  return Object.hasOwn(rules, value)
}
