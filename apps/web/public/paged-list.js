// A list the API hands out a page at a time (`{ items, next }` keyset cursors): more is loaded
// when the end of the list scrolls into view, or when the person asks with the button.
import { el, errorText } from './dom.js'

/**
 * `pagedList({ load, renderItem, empty, label })` → `{ node, reload() }`. `load(cursor)` resolves
 * to `{ items, next }` (`next` null or undefined: that was the last page).
 */
export function pagedList({
  load,
  renderItem,
  empty,
  label,
  signal,
  itemTag = 'li',
  listTag = 'ul',
  className = 'item-list',
}) {
  const list = el(listTag, { className, 'aria-label': label })
  const more = el('button', { type: 'button', className: 'load-more', hidden: true }, 'Load more')
  const status = el('div', { className: 'list-status', 'aria-live': 'polite' })
  const node = el('div', { className: 'paged' }, list, status, more)
  let next = null
  let loading = null
  let count = 0

  async function page(cursor) {
    more.disabled = true
    status.replaceChildren(cursor ? 'Loading more…' : 'Loading…')
    try {
      const { items, next: after } = await load(cursor, { signal })
      next = after ?? null
      for (const item of items) {
        const rendered = renderItem(item)
        list.append(rendered.tagName?.toLowerCase() === itemTag ? rendered : el(itemTag, {}, rendered))
      }
      count += items.length
      status.replaceChildren(count === 0 ? empty : '')
      more.hidden = next === null
      // Still in view after this page (short items, tall window): keep going.
      if (!more.hidden) requestAnimationFrame(() => more.getBoundingClientRect().top < innerHeight + 400 && loadMore())
    } catch (error) {
      if (error.name === 'AbortError') return
      status.replaceChildren(errorText(error.message))
      more.hidden = false
      more.textContent = 'Try again'
    } finally {
      more.disabled = false
      loading = null
    }
  }

  function loadMore() {
    if (loading || (next === null && count > 0)) return loading
    more.textContent = 'Load more'
    loading = page(next)
    return loading
  }
  more.addEventListener('click', loadMore)

  // Scrolling near the end loads the next page by itself.
  const observer = new IntersectionObserver(
    (entries) => entries.some((e) => e.isIntersecting) && !more.hidden && loadMore(),
    { rootMargin: '400px' },
  )
  observer.observe(more)
  signal?.addEventListener('abort', () => observer.disconnect(), { once: true })

  return {
    node,
    list,
    ready: (loading = page(null)),
    /** After an item was added at the top by the page. */
    added() {
      count++
      status.replaceChildren()
    },
    /** After a deletion: how many are shown. */
    removed() {
      count--
      if (count === 0 && next === null) status.replaceChildren(empty)
    },
  }
}
