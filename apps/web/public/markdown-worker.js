// The Markdown worker: turns a conversion's Markdown into HTML away from the page's thread, so a
// document that sends marked into a long or deep walk cannot freeze the reader's tab (issue 17,
// finding 7): the page ends this worker when it overruns its budget (markdown-html.js). A classic
// script, because a worker has no import map: its libraries are their classic builds, loaded by
// the hashed URLs the page sends. Its HTML is not safe yet: the page sanitizes it (DOMPurify needs
// a DOM, which a worker has not).
'use strict'

// Trusted Types (the UI's policy reaches workers too): only the UI's own files become scripts.
const policy = self.trustedTypes?.createPolicy('markdown-worker', {
  createScriptURL(url) {
    const parsed = new URL(url, self.location.href)
    if (parsed.origin !== self.location.origin || !parsed.pathname.startsWith('/ui/'))
      throw new TypeError(`not one of the UI's files: ${url}`)
    return parsed.href
  },
})

const loaded = new Set()
function load(...urls) {
  for (const url of urls) {
    if (loaded.has(url)) continue
    importScripts(policy ? policy.createScriptURL(url) : url)
    loaded.add(url)
  }
}

/** How much Markdown goes into one piece of HTML: what the page sanitizes in one go, without a long pause. */
const PIECE_CHARS = 50_000
const VOID = /^(?:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)$/i

/** Tags a raw HTML block leaves open (a `<details>` whose Markdown follows): no piece ends inside one. */
function opened(html) {
  let open = 0
  for (const [, close, name, selfClosing] of html.matchAll(/<(\/?)([a-z][\w-]*)\b[^>]*?(\/?)>/gi))
    if (!VOID.test(name) && selfClosing === '') open += close === '' ? 1 : -1
  return open
}

/** The document's top-level blocks, in groups of about PIECE_CHARS of Markdown. */
function* groups(tokens) {
  let group = []
  let size = 0
  let open = 0
  for (const token of tokens) {
    group.push(token)
    size += token.raw.length
    if (token.type === 'html') open += opened(token.raw)
    if (size >= PIECE_CHARS && open <= 0) {
      yield group
      group = []
      size = 0
      open = 0
    }
  }
  if (group.length > 0) yield group
}

/**
 * YAML front matter (`---` … `---` on top, ADR 073) read as Markdown is a rule and a heading made
 * of its last line: shown instead as what it is, a YAML block above the document (ADR 122). The
 * Markdown itself (raw view, copy, downloads) keeps it as it is.
 */
function frontMatterAsCode(markdown) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(markdown)
  // A rule, a paragraph and a rule is Markdown too: YAML starts with a key.
  if (!match || !/^[\w-]+:/.test(match[1])) return markdown
  let longest = 2
  for (const [run] of match[1].matchAll(/`+/g)) longest = Math.max(longest, run.length)
  const fence = '`'.repeat(longest + 1)
  return `${fence}yaml\n${match[1]}\n${fence}\n\n${markdown.slice(match[0].length)}`
}

/**
 * GitHub-flavoured Markdown, footnotes, task lists, and math as MathML (no fonts or styles
 * needed), as pieces of HTML: marked's parser runs on each group of blocks, so that the page can
 * sanitize and show the document a piece at a time.
 */
function toHtml(markdown, { scripts, maxHtmlChars }) {
  load(scripts.marked, scripts.footnote)
  const extensions = [self.markedFootnote()]
  if (markdown.includes('$')) {
    load(scripts.katex, scripts.markedKatex)
    // trust: false (KaTeX's default) keeps \href, \url and \includegraphics out; strict: false
    // because a converter's LaTeX need not be KaTeX's (a warning per equation helps nobody).
    extensions.push(self.markedKatex({ output: 'mathml', throwOnError: false, strict: false }))
  }
  const pieces = []
  const inPieces = {
    hooks: {
      provideParser(block) {
        if (!block) return false
        return (tokens, options) => {
          let size = 0
          for (const group of groups(tokens)) {
            pieces.push(self.marked.Parser.parse(group, options))
            // A link defined once and used a million times: small Markdown, enormous HTML.
            size += pieces.at(-1).length
            if (size > maxHtmlChars)
              throw new Error(`its HTML would be over ${maxHtmlChars.toLocaleString('en')} characters`)
          }
          return ''
        }
      },
    },
  }
  new self.marked.Marked(...extensions, inPieces).parse(frontMatterAsCode(markdown), { async: false })
  return pieces
}

self.addEventListener('message', ({ data: { id, markdown, ...options } }) => {
  try {
    self.postMessage({ id, pieces: toHtml(markdown, options) })
  } catch (error) {
    // marked appends "Please report this to <its repository>" to what went wrong: the reader cannot.
    const message = error instanceof Error ? error.message : String(error)
    self.postMessage({ id, error: message.replace(/\s*Please report this to \S+$/, '') })
  }
})
