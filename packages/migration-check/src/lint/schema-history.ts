import type { Node } from 'libpg-query'
import { columnType, nameList, tableKey, type ColumnType } from './ast.js'

/**
 * The column types that earlier migrations created, replayed from their parse trees. Lint uses
 * it to tell a free type change (varchar(50) → varchar(100)) from one that rewrites the table.
 */
export class SchemaHistory {
  private readonly tables = new Map<string, Map<string, ColumnType | undefined>>()

  typeOf(table: string, column: string): ColumnType | undefined {
    return this.tables.get(table)?.get(column)
  }

  apply(node: Node): void {
    if ('CreateStmt' in node) {
      const stmt = node.CreateStmt
      const columns = new Map<string, ColumnType | undefined>()
      for (const element of stmt.tableElts ?? []) {
        if ('ColumnDef' in element && element.ColumnDef.colname) {
          columns.set(element.ColumnDef.colname, columnType(element.ColumnDef.typeName))
        }
      }
      this.tables.set(tableKey(stmt.relation), columns)
    } else if ('AlterTableStmt' in node) {
      const table = tableKey(node.AlterTableStmt.relation)
      const columns = this.tables.get(table) ?? new Map<string, ColumnType | undefined>()
      this.tables.set(table, columns)
      for (const item of node.AlterTableStmt.cmds ?? []) {
        if (!('AlterTableCmd' in item)) continue
        const cmd = item.AlterTableCmd
        const def = cmd.def !== undefined && 'ColumnDef' in cmd.def ? cmd.def.ColumnDef : undefined
        if (cmd.subtype === 'AT_AddColumn' && def?.colname) columns.set(def.colname, columnType(def.typeName))
        if (cmd.subtype === 'AT_AlterColumnType' && cmd.name) columns.set(cmd.name, columnType(def?.typeName))
        if (cmd.subtype === 'AT_DropColumn' && cmd.name) columns.delete(cmd.name)
      }
    } else if ('RenameStmt' in node) {
      const stmt = node.RenameStmt
      const table = tableKey(stmt.relation)
      const columns = this.tables.get(table)
      if (stmt.renameType === 'OBJECT_TABLE' && columns && stmt.newname) {
        this.tables.delete(table)
        this.tables.set(`${stmt.relation?.schemaname ?? 'public'}.${stmt.newname}`, columns)
      }
      if (stmt.renameType === 'OBJECT_COLUMN' && columns && stmt.subname && stmt.newname) {
        columns.set(stmt.newname, columns.get(stmt.subname))
        columns.delete(stmt.subname)
      }
    } else if ('DropStmt' in node && node.DropStmt.removeType === 'OBJECT_TABLE') {
      for (const object of node.DropStmt.objects ?? []) {
        if ('List' in object) {
          const names = nameList(object.List.items)
          this.tables.delete(names.length > 1 ? names.join('.') : `public.${names[0]}`)
        }
      }
    }
  }
}
