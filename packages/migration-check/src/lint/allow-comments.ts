import { isRuleId, type RuleId } from './rules.js'

/**
 * `-- migration-check:allow <rule>[, <rule>] reason: <why>` directly above a statement (or at the
 * end of its last line) accepts those rules' findings for that statement only.
 */
export const ALLOW_DIRECTIVE = 'migration-check:allow'

export interface AllowComment {
  rules: string[]
  reason: string
  text: string
}

const pattern = /migration-check:allow\s+([a-z0-9_-]+(?:\s*,\s*[a-z0-9_-]+)*)\s*(?:reason\s*:\s*(.*))?$/i

export function parseAllowComment(comment: string): AllowComment | undefined {
  const body = comment.replace(/^--\s*|^\/\*\s*|\s*\*\/$/g, '').trim()
  if (!body.toLowerCase().startsWith(ALLOW_DIRECTIVE)) return undefined
  const match = pattern.exec(body)
  return {
    rules: match?.[1]?.split(',').map((r) => r.trim().toLowerCase()) ?? [],
    reason: match?.[2]?.trim() ?? '',
    text: comment.trim(),
  }
}

export function knownRules(allow: AllowComment): RuleId[] {
  return allow.rules.filter(isRuleId)
}
