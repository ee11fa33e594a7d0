// Pages by path with the History API: links inside the app change the page without a reload,
// Back and Forward work, every page has its own URL to reload or share. After a navigation the
// page's heading gets the focus, so keyboard and screen-reader users start at the new content.
import { el, errorText, pageHeading } from './dom.js'

let table = []
let main
let onShown = () => {}
let beforeShow = async () => {}
let controller = null

function find(pathname) {
  for (const route of table) {
    const match = route.pattern.exec(pathname)
    if (match) return { route, params: match.groups ?? {} }
  }
  return null
}

async function show(path, { initial = false } = {}) {
  controller?.abort()
  controller = new AbortController()
  const { signal } = controller
  const url = new URL(path, location.href)
  const found = find(url.pathname)
  if (!found) return location.assign(url)
  main.setAttribute('aria-busy', 'true')
  await beforeShow()
  if (signal.aborted) return
  let title
  try {
    title = (await found.route.render(main, { params: found.params, query: url.searchParams, signal }))?.title
  } catch (error) {
    if (error?.name === 'AbortError' || signal.aborted) return
    const missing = error?.status === 404
    main.replaceChildren(
      pageHeading(missing ? 'Not found' : 'This page could not be shown'),
      errorText(error?.message ?? String(error)),
      el(
        'p',
        {},
        missing
          ? el('a', { href: '/proposals' }, 'Your proposals')
          : el('button', { type: 'button', onclick: () => show(location.href) }, 'Try again'),
      ),
    )
    title = missing ? 'Not found' : 'Error'
  } finally {
    if (!signal.aborted) main.removeAttribute('aria-busy')
  }
  if (signal.aborted) return
  document.title = title ? `${title} — draftsmith` : 'draftsmith'
  onShown(url.pathname)
  if (!initial) {
    window.scrollTo(0, 0)
    main.querySelector('h1')?.focus()
  }
}

/** Goes to `path` inside the app (a full load for paths the app does not draw). */
export function navigate(path, { replace = false } = {}) {
  history[replace ? 'replaceState' : 'pushState'](null, '', path)
  return show(path)
}

/** Draws the current page again (after signing in or out elsewhere). */
export const redraw = () => show(location.href, { initial: true })

/**
 * `start({ routes: [{ pattern, render }], main, onShown, beforeShow })`: `beforeShow()` is
 * awaited before each page is drawn.
 */
export function start(options) {
  table = options.routes
  main = options.main
  onShown = options.onShown ?? onShown
  beforeShow = options.beforeShow ?? beforeShow
  addEventListener('popstate', () => show(location.href))
  document.addEventListener('click', (event) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null
    if (!link || link.hasAttribute('download') || (link.target && link.target !== '_self')) return
    const url = new URL(link.href)
    if (url.origin !== location.origin || !find(url.pathname)) return
    // A jump within this page (the skip link): the browser's own.
    if (url.hash && url.pathname === location.pathname && url.search === location.search) return
    event.preventDefault()
    navigate(url.pathname + url.search + url.hash)
  })
  return show(location.href, { initial: true })
}
