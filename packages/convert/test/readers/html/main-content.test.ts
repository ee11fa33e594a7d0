import { readFileSync } from 'node:fs'
import t from 'tap'
import { convertAs, corpus, notKeptCounts } from '../../helpers.js'

/** docling's saved Wikipedia article "Duck" (CC BY-SA 4.0; bench/fidelity/corpus/html/SOURCES.md). */
const duck = readFileSync(`${corpus('html')}wiki_duck.html`)
const paragraph = (i: number) =>
  `<p>Paragraph ${i} of the story tells how the river rose through the night, how the town met it with sandbags and boats, and what the morning found when the water went down again.</p>`

t.test('a saved Wikipedia article keeps its article and leaves the page around it out, counted', async (t) => {
  const { markdown, report } = await convertAs('html', duck)
  t.match(markdown, /^# Duck\n/, 'the title first, once')
  t.equal(markdown.match(/^# Duck$/gm)?.length, 1)
  t.match(markdown, /## Etymology/)
  t.match(markdown, /\[waterfowl\]\(\/wiki\/Waterfowl "Waterfowl"\)/, 'relative links and their titles as written')
  t.match(markdown, /## External links/)
  for (const furniture of [
    'move to sidebar',
    '136 languages',
    'Create account',
    'Toggle the table of contents',
    'Afrikaans',
    '[edit]',
  ])
    t.notOk(markdown.includes(furniture), `no "${furniture}"`)
  const left = notKeptCounts(report)['page-furniture-left-out'] ?? 0
  t.ok(left > 300, `words left out counted (${left})`)
})

t.test('mainContent: false converts the page whole', async (t) => {
  const { markdown, report } = await convertAs('html', duck, { mainContent: false })
  t.match(markdown, /136 languages/)
  t.notOk(notKeptCounts(report)['page-furniture-left-out'])
})

t.test('a page without a discernible article converts whole, as before', async (t) => {
  for (const name of ['table_01', 'example_03', 'pandoc_features']) {
    const bytes = readFileSync(`${corpus('html')}${name}.html`)
    const [reader, whole] = await Promise.all([
      convertAs('html', bytes),
      convertAs('html', bytes, { mainContent: false }),
    ])
    t.equal(reader.markdown, whole.markdown, name)
  }
})

t.test('a news page: navigation, cookie banner, sidebar and footer left out; figures and tables kept', async (t) => {
  const page = `<!doctype html><html><head><title>River floods the old town | The Daily Example</title></head><body>
    <div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
    <header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a> <a href="/signup">Sign up for our newsletter</a></nav></header>
    <main><article><h1>River floods the old town</h1>
    ${Array.from({ length: 6 }, (_, i) => paragraph(i)).join('')}
    <figure><img src="/pictures/flood.jpg" alt="The flooded square"><figcaption>The square at dawn.</figcaption></figure>
    <table><tr><th>Hour</th><th>Level</th></tr><tr><td>02:00</td><td>4.1 m</td></tr><tr><td>06:00</td><td>4.7 m</td></tr></table>
    <p>See <a href="../weather/forecast.html" title="The forecast">the forecast</a> for the coming days.</p>
    </article></main>
    <aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Celebrity buys castle</a></li><li><a href="/b">Ten tips for summer</a></li></ul></aside>
    <footer><p>© The Daily Example. Privacy policy. Terms of use. Contact us.</p></footer></body></html>`
  const { markdown, report } = await convertAs('html', Buffer.from(page))
  t.match(markdown, /^# River floods the old town\n/)
  t.match(markdown, /Paragraph 5 of the story/)
  t.match(markdown, /!\[The flooded square\]\(\/pictures\/flood\.jpg\)/)
  t.match(markdown, /\| 06:00 \| 4\.7 m \|/)
  t.match(markdown, /\[the forecast\]\(\.\.\/weather\/forecast\.html "The forecast"\)/)
  for (const furniture of ['cookies', 'Sign up', 'Most read', 'Celebrity', 'Privacy', 'Sport'])
    t.notOk(markdown.includes(furniture), `no "${furniture}"`)
  t.ok((notKeptCounts(report)['page-furniture-left-out'] ?? 0) >= 30)
})

t.test('a page larger than mainContentMaxBytes converts whole', async (t) => {
  const page = `<html><body><nav>Home World Sport</nav><article>${Array.from({ length: 8 }, (_, i) => paragraph(i)).join('')}</article></body></html>`
  const small = await convertAs('html', Buffer.from(page))
  t.notMatch(small.markdown, /Home World Sport/)
  const capped = await convertAs('html', Buffer.from(page), { limits: { mainContentMaxBytes: 1000 } })
  t.match(capped.markdown, /Home World Sport/)
})

t.test('tracking redirects of search and social pages link their targets; other links stay as written', async (t) => {
  const bing = `https://www.bing.com/ck/a?!&&p=abc&ptn=3&u=a1${Buffer.from('https://example.org/ducks?x=1').toString('base64url')}&ntb=1`
  const { markdown } = await convertAs(
    'html',
    Buffer.from(`<ul>
      <li><a href="${bing.replace(/&/g, '&amp;')}">Bing</a></li>
      <li><a href="https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.org%2Fpond%23top&amp;h=AT0">Facebook</a></li>
      <li><a href="https://www.google.com/url?q=https://example.org/geese&amp;sa=U&amp;ved=2ah">Google</a></li>
      <li><a href="https://www.google.co.uk/url?sa=t&amp;url=https%3A%2F%2Fexample.org%2Fswans">Google UK</a></li>
      <li><a href="https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fexample.org%2Fmail&amp;data=05">Outlook</a></li>
      <li><a href="https://www.google.com/url?q=javascript:alert(1)">not a web target</a></li>
      <li><a href="/url?q=https://example.org/relative">relative</a></li>
      <li><a href="https://www.google.com/search?q=ducks">a search</a></li>
      </ul>`),
  )
  t.match(markdown, /\[Bing\]\(https:\/\/example\.org\/ducks\?x=1\)/)
  t.match(markdown, /\[Facebook\]\(https:\/\/example\.org\/pond#top\)/)
  t.match(markdown, /\[Google\]\(https:\/\/example\.org\/geese\)/)
  t.match(markdown, /\[Google UK\]\(https:\/\/example\.org\/swans\)/)
  t.match(markdown, /\[Outlook\]\(https:\/\/example\.org\/mail\)/)
  t.match(markdown, /\[not a web target\]\(<?https:\/\/www\.google\.com\/url\?q=javascript:alert\(1\)>?\)/)
  t.match(markdown, /\[relative\]\(\/url\?q=https:\/\/example\.org\/relative\)/)
  t.match(markdown, /\[a search\]\(https:\/\/www\.google\.com\/search\?q=ducks\)/)
})

t.test(
  'a saved search-results page keeps its results, their links unwrapped, and not the page around them',
  async (t) => {
    const { markdown } = await convertAs('html', readFileSync(`${corpus('web')}search_results_bing.html`))
    t.match(markdown, /^# ducks - Search\n/)
    t.match(markdown, /\[Duck - Wikipedia\]\(https:\/\/en\.wikipedia\.org\/wiki\/Duck\)/)
    t.match(markdown, /\[Pond life: ducks of the village green\]\(https:\/\/example\.org\/ducks\/pond-life\)/)
    t.match(markdown, /\[What to feed ducks instead of bread\]\(https:\/\/example\.com\/ducks\/feeding\)/)
    t.notMatch(markdown, /bing\.com\/ck|facebook\.com|google\.com\/url/)
    for (const furniture of ['Related searches', 'Privacy', 'Sign in', 'Shopping', 'rubber duck'])
      t.notOk(markdown.includes(furniture), `no "${furniture}"`)
  },
)

t.test(
  'a blog post leaves its readers\u2019 comments out; a Wikipedia formula is LaTeX, not also its picture',
  async (t) => {
    const post = await convertAs('html', readFileSync(`${corpus('web')}firefox_nightly_news.html`))
    t.match(post.markdown, /### Highlights/)
    t.notMatch(post.markdown, /Post a comment|wrote on December/i)
    const matrix = await convertAs('html', readFileSync(`${corpus('web')}wikipedia_hermitian_matrix.html`))
    t.match(matrix.markdown, /\$\{\\displaystyle A\^\{\\mathsf \{H\}\}\}\$/)
    t.notMatch(matrix.markdown, /render\/svg/)
    t.match(matrix.markdown, /especially important in quantum physics/)
  },
)
