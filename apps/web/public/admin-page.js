// For admins: is the schema migrated (with each check of the predeploy), sessions, queue counts,
// and the way to the queue dashboard.
import { api } from './api.js'
import { el, errorText, pageHeading } from './dom.js'
import { timeAgo } from './format.js'
import { currentUser } from './session.js'

const yesNo = (ok) => el('span', { className: ok ? 'ok' : 'bad' }, ok ? 'yes' : 'no')

function definitions(entries) {
  return el(
    'dl',
    { className: 'counts' },
    entries.map(([term, value]) => el('div', {}, el('dt', {}, term), el('dd', {}, value))),
  )
}

/** A section that fills itself when its data arrives, or says why it could not. */
function section(title, load, draw) {
  const body = el('div', { className: 'admin-body' }, el('p', { className: 'placeholder' }, 'Loading…'))
  const node = el('section', { className: 'admin-section', 'aria-label': title }, el('h2', {}, title), body)
  load().then(
    (data) => body.replaceChildren(...draw(data)),
    (error) => error.name !== 'AbortError' && body.replaceChildren(errorText(error.message)),
  )
  return node
}

function migrations(status) {
  const checks = el(
    'table',
    { className: 'checks' },
    el('caption', {}, 'Checks'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, 'Check'),
        el('th', { scope: 'col' }, 'OK'),
        el('th', { scope: 'col' }, 'Detail'),
      ),
    ),
    el(
      'tbody',
      {},
      status.checks.map((check) =>
        el(
          'tr',
          { 'data-ok': String(check.ok) },
          el('th', { scope: 'row' }, check.name),
          el('td', {}, yesNo(check.ok)),
          el('td', {}, check.detail),
        ),
      ),
    ),
  )
  const columns = Object.entries(status.columns ?? {})
  return [
    definitions([
      ['Migrated', yesNo(status.migrated)],
      ['Current migration', status.current ?? 'none'],
      ['Pending', status.pending.length === 0 ? 'none' : status.pending.join(', ')],
      ['Drift', status.drift.length === 0 ? 'none' : `${status.drift.length} difference(s)`],
    ]),
    el('div', { className: 'table-scroll' }, checks),
    status.drift.length > 0
      ? el(
          'ul',
          { className: 'drift' },
          status.drift.map((d) => el('li', {}, `${d.object}: ${d.message}`)),
        )
      : null,
    columns.length > 0
      ? el(
          'details',
          {},
          el('summary', {}, `Required columns (${columns.filter(([, ok]) => ok).length} of ${columns.length} present)`),
          definitions(columns.map(([name, ok]) => [name, yesNo(ok)])),
        )
      : null,
  ].filter(Boolean)
}

function sessions(stats) {
  return [
    definitions([
      ['Sessions stored', String(stats.total_sessions)],
      ['Active', String(stats.active_sessions)],
      ['Started in the last 24 hours', String(stats.sessions_24h)],
      ['Redis available', yesNo(stats.redis_available)],
      ['Reads served from Redis', yesNo(stats.using_cache)],
    ]),
  ]
}

function queues(data) {
  const states = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed']
  const table = el(
    'table',
    { className: 'queue-counts' },
    el('caption', {}, `Jobs per queue (${data.backend} backend)`),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, 'Queue'),
        states.map((s) => el('th', { scope: 'col' }, s)),
      ),
    ),
    el(
      'tbody',
      {},
      data.queues.map((q) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, q.name),
          states.map((s) => el('td', {}, String(q.counts[s] ?? 0))),
        ),
      ),
    ),
  )
  const w = data.workers
  return [
    el('div', { className: 'table-scroll' }, table),
    definitions([
      ['Workers alive', String(w.alive)],
      ['Last heartbeat', w.lastBeatAt ? timeAgo(w.lastBeatAt) : 'never'],
      ['Jobs completed / failed', `${w.jobsCompleted} / ${w.jobsFailed}`],
    ]),
    el('p', {}, el('a', { href: '/admin/queues' }, 'Open the queue dashboard')),
  ]
}

export function render(main, { signal }) {
  if (currentUser()?.role !== 'admin') {
    main.replaceChildren(
      pageHeading('Admin'),
      el(
        'p',
        {},
        'This page is for admins. ',
        currentUser() ? 'Your account is not one.' : el('a', { href: '/account' }, 'Sign in'),
        '',
      ),
    )
    return { title: 'Admin' }
  }
  main.replaceChildren(
    pageHeading('Admin'),
    section('Migrations', () => api('/api/ops/migration_status', { signal }), migrations),
    section('Sessions', () => api('/api/ops/sessions/stats', { signal }), sessions),
    section('Queues', () => api('/api/ops/queues', { signal }), queues),
  )
  return { title: 'Admin' }
}
