import { plural, type ConversionReporter } from '../context/report.js'
import { unwrapRedirect } from './redirects.js'

/** Schemes the Markdown links to: the web, mail, file transfer and telephone numbers. */
const safeSchemes = new Set(['http', 'https', 'mailto', 'ftp', 'ftps', 'tel'])
const scheme = /^([a-z][a-z0-9+.-]*):/i

/**
 * The one link policy of every format: a target is kept when it is a relative reference (`#notes`,
 * `../guide.html`) or uses a scheme of {@link safeSchemes}. Anything else — `javascript:`,
 * `vbscript:`, `data:`, `file:` and schemes a reader of the Markdown cannot follow — is not
 * linked; its text stays. Blanks and control characters are ignored as browsers ignore them
 * (`java\tscript:` is `javascript:`).
 */
export function isSafeLink(href: string): boolean {
  // eslint-disable-next-line no-control-regex -- what a browser strips from a URL before reading its scheme
  const name = scheme.exec(href.replace(/[\u0000-\u0020]/g, ''))?.[1]
  return name === undefined || safeSchemes.has(name.toLowerCase())
}

/**
 * A path on the author's own disk — `file:`, a drive letter, a network share — which shows nothing
 * anywhere else. (A drive letter is also an unknown scheme to {@link isSafeLink}; a share is not.)
 */
export function isLocalPath(href: string): boolean {
  return /^(file:|[a-z]:[\\/]|\\\\)/i.test(href.trim())
}

/** Counts a link whose target the policy refused: its text is kept, the target is not. */
export function reportUnsafeLink(report: ConversionReporter): void {
  report.notKept(
    'link-target-unsafe',
    (n) => `${plural(n, 'link')} to a script, data or local file kept as plain text (the target is not linked)`,
  )
}

/**
 * Where a kept link points in the Markdown: its target as written, except that a search engine's,
 * social network's or mail scanner's tracking redirect is replaced by the target it carries
 * (redirects.ts).
 */
export const linkTarget = (href: string): string => unwrapRedirect(href)
