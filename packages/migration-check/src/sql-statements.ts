import type { Node } from 'libpg-query'

/** One statement of a migration file, as PostgreSQL's own parser sees it. */
export interface SqlStatement {
  /** 1-based position in the file. */
  number: number
  /** 1-based line where the statement starts. */
  line: number
  /** The statement's text, without the trailing semicolon. */
  text: string
  /** The parse tree: one key naming the statement type, e.g. `{ AlterTableStmt: {...} }`. */
  node: Node
  /**
   * Comments that belong to it: those above it (after the previous statement) and those on the
   * line where it ends.
   */
  comments: string[]
}

export class SqlParseError extends Error {
  readonly line: number
  constructor(message: string, line: number) {
    super(message)
    this.name = 'SqlParseError'
    this.line = line
  }
}

type Parser = typeof import('libpg-query')
let loading: Promise<Parser> | undefined

/**
 * Loads the WASM parser once, on first use: a run with nothing pending never pays for it.
 */
export function loadParser(): Promise<Parser> {
  loading ??= import('libpg-query').then(async (parser) => {
    await parser.loadModule()
    return parser
  })
  return loading
}

const commentTokens = new Set(['SQL_COMMENT', 'C_COMMENT'])

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++
  return line
}

/**
 * Splits SQL into statements with their comments. Offsets from the parser are byte offsets into
 * UTF-8, so slicing happens on a Buffer (a comment with "—" would otherwise shift everything).
 */
export async function parseStatements(sql: string): Promise<SqlStatement[]> {
  // A pending file is parsed by lint, then again to apply it: parse once.
  let parsed = cache.get(sql)
  if (parsed === undefined) {
    parsed = parseUncached(sql)
    cache.set(sql, parsed)
    parsed.catch(() => cache.delete(sql))
  }
  return parsed
}

const cache = new Map<string, Promise<SqlStatement[]>>()

async function parseUncached(sql: string): Promise<SqlStatement[]> {
  const { hasSqlDetails, parseSync, scanSync } = await loadParser()
  const bytes = Buffer.from(sql, 'utf8')
  let parsed: ReturnType<typeof parseSync>
  try {
    parsed = parseSync(sql)
  } catch (error) {
    const position = hasSqlDetails(error) ? Math.max(0, (error.sqlDetails?.cursorPosition ?? 1) - 1) : 0
    // cursorPosition counts characters; good enough for a line number.
    const line = sql.slice(0, position).split('\n').length
    throw new SqlParseError((error as Error).message, line)
  }
  const tokens = scanSync(sql).tokens
  const code = tokens.filter((t) => !commentTokens.has(t.tokenName))

  const spans: Array<{ start: number; end: number; node: Node }> = []
  for (const raw of parsed.stmts ?? []) {
    const location = raw.stmt_location ?? 0
    const end = raw.stmt_len ? location + raw.stmt_len : bytes.length
    const first = code.find((t) => t.start >= location && t.start < end)
    if (first !== undefined && raw.stmt !== undefined) spans.push({ start: first.start, end, node: raw.stmt })
  }
  const statements: SqlStatement[] = spans.map((span, i) => ({
    number: i + 1,
    line: lineAt(bytes, span.start),
    text: bytes.subarray(span.start, span.end).toString('utf8').trim().replace(/;$/, ''),
    node: span.node,
    comments: [],
  }))
  for (const comment of tokens.filter((t) => commentTokens.has(t.tokenName))) {
    const next = spans.findIndex((s) => s.start >= comment.end)
    const before = next === -1 ? spans.length - 1 : next - 1
    const previous = spans[before]
    // A comment on the line where a statement ends belongs to that statement.
    const owner = previous !== undefined && isOnEndLine(bytes, previous.end, comment.start) ? before : next
    if (owner !== -1) statements[owner]?.comments.push(comment.text)
  }
  return statements
}

/** True when nothing but spaces and a semicolon separate `from` and `to` (same line). */
function isOnEndLine(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] === 0x0a) return false
  return true
}
