/**
 * `pnpm --filter @draftsmith/bench run main-content:expected`: writes the expected Markdown of
 * each saved page of corpus/web — its article, chosen by hand with the site's own markup (the
 * element that holds the article, minus what inside it is page furniture: edit links, navigation
 * boxes, share buttons), converted by pandoc, under the article's title. Independent of the
 * engine's reader mode (Readability) on purpose: it is what that mode is scored against.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseHTML } from 'linkedom'
import { corpusRoot } from './corpus.js'

interface Page {
  title: string
  /** The element(s) that hold the article, in order. */
  article: string[]
  /** Furniture inside the article. */
  remove: string[]
}

const wikipedia = (title: string): Page => ({
  title,
  article: ['#mw-content-text'],
  remove: [
    '.mw-editsection',
    '.navbox',
    '.vertical-navbox',
    '.noprint',
    '#toc',
    '.toc',
    '.mw-empty-elt',
    '.hatnote',
    '.sistersitebox',
    '.side-box',
    '.printfooter',
    'style',
    'link',
  ],
})

export const pages: Record<string, Page> = {
  wiki_duck: wikipedia('Duck'),
  wikipedia_hermitian_matrix: wikipedia('Hermitian matrix'),
  v8_blog_standalone_wasm: {
    title: 'Outside the web: standalone WebAssembly binaries using Emscripten',
    article: ['article'],
    remove: ['header h1'],
  },
  firefox_nightly_news: {
    title: 'These Weeks in Firefox: Issue 85',
    article: ['article .entry-content'],
    remove: ['.sharedaddy', '.jp-relatedposts'],
  },
  search_results_bing: {
    title: 'ducks - Search',
    article: ['main'],
    remove: ['.b_pag', '.b_tpcn'],
  },
}

/** The search page's result links as their targets (the ask), decoded here by hand. */
function unwrapped(markdown: string): string {
  return markdown
    .replace(/https:\/\/www\.bing\.com\/ck\/a\?[^)\s]*?&u=a1([\w-]+)[^)\s]*/g, (_, target: string) =>
      Buffer.from(target, 'base64url').toString('utf8'),
    )
    .replace(
      /https:\/\/(?:l\.facebook\.com\/l\.php\?u|www\.google\.com\/url\?q)=([^&)\s]+)[^)\s]*/g,
      (_, target: string) => decodeURIComponent(target),
    )
}

const folder = join(corpusRoot, 'web')
for (const [name, page] of Object.entries(pages)) {
  const { document } = parseHTML(readFileSync(join(folder, `${name}.html`), 'utf8'))
  const parts = page.article.flatMap((selector) => Array.from(document.querySelectorAll(selector)))
  if (parts.length === 0) throw new Error(`${name}: no ${page.article.join(', ')}`)
  for (const part of parts)
    for (const furniture of Array.from(part.querySelectorAll(page.remove.join(',')))) furniture.remove()
  // Wikipedia's formulas are equations, not words, on either side (pandoc would spell MathML out
  // as text): left out here.
  for (const part of parts) for (const math of Array.from(part.querySelectorAll('.mwe-math-element'))) math.remove()
  const html = `<h1>${page.title}</h1>${parts.map((part) => part.outerHTML).join('\n')}`
  const markdown = execFileSync('pandoc', ['-f', 'html', '-t', 'gfm', '--wrap=none'], { input: html, encoding: 'utf8' })
  writeFileSync(join(folder, `${name}.md`), unwrapped(markdown))
  console.log(`${name}.md: ${markdown.split(/\s+/).length} words`)
}
