/**
 * Tracking redirects of search engines, social networks and mail scanners: a link that goes
 * through `bing.com/ck/a?…&u=…` or `google.com/url?q=…` to reach its target. The Markdown links
 * the target itself (issue 21), so it neither leaks the reader's click to the tracker nor breaks
 * when the tracker's link expires.
 */
interface Redirect {
  /** The redirector's host, matched on its last labels (`www.google.co.uk` is `google.*`). */
  host: RegExp
  path: RegExp
  /** Query parameters that carry the target, in order of preference. */
  params: string[]
  /** How the target is written into the parameter beyond percent-encoding. */
  decode?: (value: string) => string | undefined
}

/** Bing's `u=a1<base64url of the target>`. */
function bingTarget(value: string): string | undefined {
  if (!value.startsWith('a1')) return value
  try {
    return Buffer.from(value.slice(2), 'base64url').toString('utf8')
  } catch {
    return undefined
  }
}

const redirects: Redirect[] = [
  { host: /(^|\.)bing\.com$/, path: /^\/ck\/a$/, params: ['u'], decode: bingTarget },
  { host: /(^|\.)google\.[a-z.]{2,6}$/, path: /^\/url$/, params: ['q', 'url'] },
  { host: /^(l|lm)\.facebook\.com$/, path: /^\/l\.php$/, params: ['u'] },
  { host: /^l\.instagram\.com$/, path: /^\/$/, params: ['u'] },
  { host: /(^|\.)duckduckgo\.com$/, path: /^\/l\/?$/, params: ['uddg'] },
  { host: /(^|\.)linkedin\.com$/, path: /^\/redir\/redirect\/?$/, params: ['url'] },
  { host: /(^|\.)safelinks\.protection\.outlook\.com$/, path: /^\/?$/, params: ['url'] },
  { host: /^(www\.)?youtube\.com$/, path: /^\/redirect$/, params: ['q'] },
]

/** At most this many redirects inside one another are followed (a Google link to a Bing link…). */
const MAX_HOPS = 4

/**
 * The target of a tracking redirect (an absolute `http(s):` URL), or `href` as it was written
 * when it is not one — relative links, fragments and every other link stay exactly as written.
 */
export function unwrapRedirect(href: string): string {
  let current = href
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const next = targetOf(current)
    if (next === undefined) return current
    current = next
  }
  return current
}

function targetOf(href: string): string | undefined {
  if (!/^\s*https?:\/\//i.test(href)) return undefined
  let url: URL
  try {
    url = new URL(href.trim())
  } catch {
    return undefined
  }
  const host = url.hostname.toLowerCase()
  for (const redirect of redirects) {
    if (!redirect.host.test(host) || !redirect.path.test(url.pathname)) continue
    for (const param of redirect.params) {
      const value = url.searchParams.get(param)
      if (value === null || value === '') continue
      const target = redirect.decode === undefined ? value : redirect.decode(value)
      if (target !== undefined && /^https?:\/\/[^\s]+$/i.test(target)) return target
    }
  }
  return undefined
}
