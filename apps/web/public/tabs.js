// WAI-ARIA tabs: one tab stop for the whole list, arrow keys (and Home/End) move between tabs.
import { el, uid } from './dom.js'

/**
 * `tabs([{ label, panel }], { label })` → `{ list, panels, select(i) }`. A panel's content may
 * be built lazily: `onSelect(i)` runs the first time each tab is shown.
 */
export function tabs(items, { label, onSelect = () => {} }) {
  const shown = new Set()
  const buttons = items.map((item, index) => {
    const id = uid('tab')
    item.panel.id ||= uid('panel')
    item.panel.setAttribute('role', 'tabpanel')
    item.panel.setAttribute('aria-labelledby', id)
    item.panel.tabIndex = 0
    return el(
      'button',
      { type: 'button', role: 'tab', id, 'aria-controls': item.panel.id, onclick: () => select(index) },
      item.label,
    )
  })
  const list = el('div', { role: 'tablist', 'aria-label': label, className: 'tabs' }, buttons)
  function select(index, focus = false) {
    buttons.forEach((button, i) => {
      const on = i === index
      button.setAttribute('aria-selected', String(on))
      button.tabIndex = on ? 0 : -1
      items[i].panel.hidden = !on
    })
    if (focus) buttons[index].focus()
    if (!shown.has(index)) {
      shown.add(index)
      onSelect(index)
    }
  }
  list.addEventListener('keydown', (event) => {
    const current = buttons.indexOf(document.activeElement)
    if (current === -1) return
    const last = buttons.length - 1
    const next = {
      ArrowRight: current === last ? 0 : current + 1,
      ArrowLeft: current === 0 ? last : current - 1,
      Home: 0,
      End: last,
    }[event.key]
    if (next === undefined) return
    event.preventDefault()
    select(next, true)
  })
  return { list, panels: items.map((item) => item.panel), select, forget: () => shown.clear() }
}
