import type { AlterTableCmd, ColumnDef, Constraint, Node } from 'libpg-query'
import { changesWithoutRewrite, columnType, formatType, nameList, tableKey, walk } from './ast.js'
import type { RuleId } from './rules.js'
import type { SchemaHistory } from './schema-history.js'

export interface StatementContext {
  noTransaction: boolean
  /** Tables created earlier in the same file: nobody reads them yet, so most rules exempt them. */
  newTables: Set<string>
  /** Enum values added earlier in the same transaction. */
  newEnumValues: Set<string>
  history: SchemaHistory
}

export interface RawFinding {
  rule: RuleId
  message: string
}

/** Functions whose default value differs per row, forcing ADD COLUMN to rewrite the table. */
const volatileFunctions = new Set([
  'random',
  'random_normal',
  'gen_random_uuid',
  'gen_random_bytes',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'uuidv4',
  'uuidv7',
  'clock_timestamp',
  'timeofday',
  'nextval',
  'txid_current',
  'pg_current_xact_id',
  'setseed',
])
const serialTypes = new Set(['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial'])

const display = (table: string) => table.replace(/^public\./, '')

function constraintsOf(def: ColumnDef): Constraint[] {
  return (def.constraints ?? []).flatMap((c) => ('Constraint' in c ? [c.Constraint] : []))
}

function volatileCall(expr: unknown): string | undefined {
  let found: string | undefined
  walk(expr, (node) => {
    const call = node.FuncCall as { funcname?: Node[] } | undefined
    const name = call && nameList(call.funcname).at(-1)
    if (name && volatileFunctions.has(name)) found ??= `${name}()`
  })
  return found
}

function checkAddColumn(table: string, def: ColumnDef, findings: RawFinding[]): void {
  const column = `${display(table)}.${def.colname}`
  const constraints = constraintsOf(def)
  const has = (type: Constraint['contype']) => constraints.some((c) => c.contype === type)
  const rawType = nameList(def.typeName?.names).at(-1) ?? ''
  const defaultExpr = constraints.find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr
  const fillsRows = has('CONSTR_IDENTITY') || has('CONSTR_GENERATED') || serialTypes.has(rawType)

  if ((has('CONSTR_NOTNULL') || has('CONSTR_PRIMARY')) && defaultExpr === undefined && !fillsRows) {
    findings.push({ rule: 'not-null-without-default', message: `adds NOT NULL column ${column} without a default` })
  }
  const volatile = defaultExpr === undefined ? undefined : volatileCall(defaultExpr)
  if (volatile !== undefined) {
    findings.push({ rule: 'volatile-default', message: `adds column ${column} with volatile default ${volatile}` })
  } else if (fillsRows) {
    findings.push({
      rule: 'volatile-default',
      message: `adds column ${column} as ${serialTypes.has(rawType) ? rawType : 'identity/generated'}, computed for every existing row`,
    })
  }
  if (has('CONSTR_FOREIGN') || has('CONSTR_CHECK')) {
    findings.push({
      rule: 'constraint-not-valid',
      message: `adds column ${column} with an inline ${has('CONSTR_FOREIGN') ? 'REFERENCES' : 'CHECK'} (which cannot be NOT VALID)`,
    })
  }
  if (has('CONSTR_UNIQUE') || has('CONSTR_PRIMARY')) {
    findings.push({
      rule: 'index-not-concurrent',
      message: `adds column ${column} with an inline UNIQUE/PRIMARY KEY index`,
    })
  }
}

function checkAlterTableCmd(table: string, cmd: AlterTableCmd, ctx: StatementContext, findings: RawFinding[]): void {
  const isNew = ctx.newTables.has(table)
  const def = cmd.def !== undefined && 'ColumnDef' in cmd.def ? cmd.def.ColumnDef : undefined
  const constraint = cmd.def !== undefined && 'Constraint' in cmd.def ? cmd.def.Constraint : undefined
  const partition = cmd.def !== undefined && 'PartitionCmd' in cmd.def ? cmd.def.PartitionCmd : undefined
  if (partition?.concurrent && !ctx.noTransaction) {
    findings.push({
      rule: 'concurrently-in-transaction',
      message: `DETACH PARTITION CONCURRENTLY on ${display(table)}`,
    })
  }
  if (isNew) return
  switch (cmd.subtype) {
    case 'AT_AddColumn':
      if (def) checkAddColumn(table, def, findings)
      break
    case 'AT_DropColumn':
      findings.push({ rule: 'drop-column', message: `drops column ${display(table)}.${cmd.name}` })
      break
    case 'AT_AlterColumnType': {
      const to = columnType(def?.typeName)
      const from = ctx.history.typeOf(table, cmd.name ?? '')
      const column = `${display(table)}.${cmd.name}`
      if (def?.raw_default !== undefined) {
        findings.push({
          rule: 'column-type-change',
          message: `changes the type of ${column} with USING, which rewrites the table`,
        })
      } else if (to === undefined || from === undefined) {
        findings.push({
          rule: 'column-type-change',
          message: `changes the type of ${column}; its current type is not known from earlier migrations, so a rewrite cannot be ruled out`,
        })
      } else if (!changesWithoutRewrite(from, to)) {
        findings.push({
          rule: 'column-type-change',
          message: `changes ${column} from ${formatType(from)} to ${formatType(to)}, which rewrites the table`,
        })
      }
      break
    }
    case 'AT_AddConstraint':
      if (constraint === undefined) break
      if (
        (constraint.contype === 'CONSTR_FOREIGN' || constraint.contype === 'CONSTR_CHECK') &&
        !constraint.skip_validation
      ) {
        const kind = constraint.contype === 'CONSTR_FOREIGN' ? 'FOREIGN KEY' : 'CHECK'
        const name = constraint.conname ? ` ${constraint.conname}` : ''
        findings.push({
          rule: 'constraint-not-valid',
          message: `adds ${kind}${name} on ${display(table)} without NOT VALID`,
        })
      }
      if (
        (constraint.contype === 'CONSTR_UNIQUE' ||
          constraint.contype === 'CONSTR_PRIMARY' ||
          constraint.contype === 'CONSTR_EXCLUSION') &&
        !constraint.indexname
      ) {
        findings.push({
          rule: 'index-not-concurrent',
          message: `adds a constraint on ${display(table)} that builds its index under ACCESS EXCLUSIVE`,
        })
      }
      break
    case 'AT_SetNotNull':
      findings.push({ rule: 'set-not-null', message: `sets ${display(table)}.${cmd.name} NOT NULL` })
      break
  }
}

/** Statements that may appear in a no-transaction file: each must be safe to run again. */
function isIdempotentConcurrently(node: Node): boolean {
  if ('IndexStmt' in node) return Boolean(node.IndexStmt.concurrent && node.IndexStmt.if_not_exists)
  if ('DropStmt' in node)
    return Boolean(node.DropStmt.concurrent && node.DropStmt.missing_ok && node.DropStmt.removeType === 'OBJECT_INDEX')
  if ('ReindexStmt' in node) return hasConcurrentlyParam(node.ReindexStmt.params)
  if ('AlterEnumStmt' in node) return Boolean(node.AlterEnumStmt.newVal && node.AlterEnumStmt.skipIfNewValExists)
  return false
}

function hasConcurrentlyParam(params: Node[] | undefined): boolean {
  return (params ?? []).some((p) => 'DefElem' in p && p.DefElem.defname === 'concurrently')
}

/** The raw findings of one statement; allow comments are applied by the caller. */
export function checkStatement(node: Node, ctx: StatementContext): RawFinding[] {
  const findings: RawFinding[] = []
  if (ctx.noTransaction && !isIdempotentConcurrently(node)) {
    findings.push({
      rule: 'no-transaction-scope',
      message: 'this statement is not an idempotent CONCURRENTLY operation',
    })
  }
  if ('IndexStmt' in node) {
    const stmt = node.IndexStmt
    const table = tableKey(stmt.relation)
    if (stmt.concurrent && !ctx.noTransaction) {
      findings.push({
        rule: 'concurrently-in-transaction',
        message: `CREATE INDEX CONCURRENTLY ${stmt.idxname ?? ''} inside a transaction`,
      })
    } else if (!stmt.concurrent && !ctx.newTables.has(table)) {
      findings.push({
        rule: 'index-not-concurrent',
        message: `creates index ${stmt.idxname ?? ''} on existing table ${display(table)} without CONCURRENTLY`,
      })
    }
  } else if ('AlterTableStmt' in node) {
    const table = tableKey(node.AlterTableStmt.relation)
    for (const item of node.AlterTableStmt.cmds ?? []) {
      if ('AlterTableCmd' in item) checkAlterTableCmd(table, item.AlterTableCmd, ctx, findings)
    }
  } else if ('DropStmt' in node) {
    const stmt = node.DropStmt
    if (stmt.concurrent && !ctx.noTransaction) {
      findings.push({ rule: 'concurrently-in-transaction', message: 'DROP INDEX CONCURRENTLY inside a transaction' })
    }
    if (stmt.removeType === 'OBJECT_TABLE') {
      for (const object of stmt.objects ?? []) {
        const names = 'List' in object ? nameList(object.List.items) : []
        const table = names.length > 1 ? names.join('.') : `public.${names[0]}`
        if (!ctx.newTables.has(table)) findings.push({ rule: 'drop-table', message: `drops table ${display(table)}` })
      }
    }
  } else if ('RenameStmt' in node) {
    const stmt = node.RenameStmt
    const table = tableKey(stmt.relation)
    if (!ctx.newTables.has(table)) {
      if (stmt.renameType === 'OBJECT_COLUMN') {
        findings.push({
          rule: 'rename-column',
          message: `renames column ${display(table)}.${stmt.subname} to ${stmt.newname}`,
        })
      } else if (stmt.renameType === 'OBJECT_TABLE') {
        findings.push({ rule: 'rename-table', message: `renames table ${display(table)} to ${stmt.newname}` })
      }
    }
  } else if ('ReindexStmt' in node) {
    if (hasConcurrentlyParam(node.ReindexStmt.params) && !ctx.noTransaction) {
      findings.push({ rule: 'concurrently-in-transaction', message: 'REINDEX CONCURRENTLY inside a transaction' })
    }
  } else if ('TransactionStmt' in node) {
    findings.push({
      rule: 'explicit-transaction',
      message: `${node.TransactionStmt.kind?.replace('TRANS_STMT_', '') ?? 'transaction'} statement`,
    })
  } else if ('TruncateStmt' in node) {
    const tables = (node.TruncateStmt.relations ?? []).flatMap((r) => ('RangeVar' in r ? [tableKey(r.RangeVar)] : []))
    if (tables.some((t) => !ctx.newTables.has(t))) {
      findings.push({ rule: 'truncate', message: `truncates ${tables.map(display).join(', ')}` })
    }
  } else if ('DeleteStmt' in node) {
    if (node.DeleteStmt.whereClause === undefined) {
      findings.push({
        rule: 'delete-without-where',
        message: `deletes every row of ${display(tableKey(node.DeleteStmt.relation))}`,
      })
    }
  }
  if (ctx.newEnumValues.size > 0 && !('AlterEnumStmt' in node)) {
    const used = new Set<string>()
    walk(node, (child) => {
      const value = (child.A_Const as { sval?: { sval?: string } } | undefined)?.sval?.sval
      if (value !== undefined && ctx.newEnumValues.has(value)) used.add(value)
    })
    for (const value of used) {
      findings.push({
        rule: 'enum-value-same-transaction',
        message: `uses enum value '${value}' added earlier in this file`,
      })
    }
  }
  return findings
}
