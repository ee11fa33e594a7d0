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

/** GitHub-flavoured Markdown, footnotes, task lists, and math as MathML (no fonts or styles needed). */
function parser(markdown, scripts) {
  load(scripts.marked, scripts.footnote)
  const extensions = [self.markedFootnote()]
  if (markdown.includes('$')) {
    load(scripts.katex, scripts.markedKatex)
    // trust: false (KaTeX's default) keeps \href, \url and \includegraphics out; strict: false
    // because a converter's LaTeX need not be KaTeX's (a warning per equation helps nobody).
    extensions.push(self.markedKatex({ output: 'mathml', throwOnError: false, strict: false }))
  }
  return new self.marked.Marked(...extensions)
}

self.addEventListener('message', ({ data: { id, markdown, scripts } }) => {
  try {
    self.postMessage({ id, html: parser(markdown, scripts).parse(markdown, { async: false }) })
  } catch (error) {
    // marked appends "Please report this to <its repository>" to what went wrong: the reader cannot.
    const message = error instanceof Error ? error.message : String(error)
    self.postMessage({ id, error: message.replace(/\s*Please report this to \S+$/, '') })
  }
})
