// Numbers and dates the way people read them.

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const units = [
  ['year', 31_536_000],
  ['month', 2_592_000],
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
]

/** "3 minutes ago", "yesterday", "now". */
export function ago(iso) {
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000
  for (const [unit, size] of units)
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit)
  return relative.format(0, 'second')
}

/** A `<time>` showing how long ago, with the exact moment on hover and for assistive tech. */
export function timeAgo(iso) {
  const node = document.createElement('time')
  node.dateTime = iso
  node.title = absolute.format(new Date(iso))
  node.textContent = ago(iso)
  return node
}

/** "12 KB", "3.4 MB". */
export function bytes(n) {
  if (n < 1024) return `${n} B`
  const units = ['KB', 'MB', 'GB']
  let value = n / 1024
  let i = 0
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024
    i++
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[i]}`
}

/** "1 picture", "3 pictures". */
export const plural = (count, one, many = `${one}s`) => `${count} ${count === 1 ? one : many}`

/** The API's details are clauses ("this proposal was not found"): shown as sentences. */
export function sentence(text) {
  const trimmed = String(text ?? '').trim()
  if (trimmed === '') return trimmed
  const capital = trimmed[0].toUpperCase() + trimmed.slice(1)
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`
}
