// draftsmith's web UI: plain ES modules, no build step (ADR 035). This file is the shell: the
// pages by path, the header, and what every page shares (offline, a session ended elsewhere).
import { onApiError } from './api.js'
import { render as account } from './account-page.js'
import { render as admin } from './admin-page.js'
import { render as conversion } from './conversion-page.js'
import { render as convert } from './convert-page.js'
import { clearNotice, notify } from './notice.js'
import { render as proposal } from './proposal-page.js'
import { render as proposals } from './proposals-page.js'
import { redraw, start } from './router.js'
import { currentUser, onUserChange, refreshUser } from './session.js'

const routes = [
  { pattern: /^\/$/, render: convert },
  { pattern: /^\/proposals\/?$/, render: proposals },
  { pattern: /^\/proposals\/(?<id>[^/]+)$/, render: proposal },
  { pattern: /^\/conversions\/(?<id>[^/]+)$/, render: conversion },
  { pattern: /^\/account\/?$/, render: account },
  { pattern: /^\/admin\/?$/, render: admin },
]

const $ = (id) => document.getElementById(id)

function drawHeader(user) {
  const account = $('nav-account')
  account.textContent = user ? 'Account' : 'Sign in'
  account.title = user ? `Signed in as ${user.email}` : ''
  $('nav-admin').hidden = user?.role !== 'admin'
}

function markCurrent(pathname) {
  for (const link of document.querySelectorAll('.site-nav a')) {
    const path = new URL(link.href).pathname
    const here = path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`)
    if (here) link.setAttribute('aria-current', 'page')
    else link.removeAttribute('aria-current')
  }
}

onUserChange((user, how) => {
  drawHeader(user)
  if (user !== null) clearNotice('signed-out')
  // Signed out by something other than this page's own Sign out: revoked from another browser,
  // or the session expired. Say so, and draw the page again as the visitor now sees it.
  if (user === null && how === 'server') {
    notify(
      'You were signed out: this session was ended (from another browser, or it expired). Sign in again to see your account’s proposals.',
      { tone: 'error', sticky: true, key: 'signed-out' },
    )
    redraw()
  }
})

onApiError((error) => {
  if (error.status === 401 && currentUser()) refreshUser()
  if (error.status === 0 && navigator.onLine === false)
    notify(error.message, { tone: 'error', sticky: true, key: 'offline' })
})
addEventListener('offline', () =>
  notify('You are offline. What is on this page stays; reconnect to upload or load more.', {
    tone: 'error',
    sticky: true,
    key: 'offline',
  }),
)
addEventListener('online', () => {
  clearNotice('offline')
  notify('Back online.')
})
// Coming back to the tab: was this session revoked meanwhile?
document.addEventListener(
  'visibilitychange',
  () => document.visibilityState === 'visible' && currentUser() && refreshUser(),
)
addEventListener('error', (event) =>
  notify(`Something went wrong on this page (${event.message}). Reload it to try again.`, {
    tone: 'error',
    sticky: true,
  }),
)
addEventListener('unhandledrejection', (event) => {
  if (event.reason?.name === 'AbortError') return
  notify(`Something went wrong on this page (${event.reason?.message ?? event.reason}). Reload it to try again.`, {
    tone: 'error',
    sticky: true,
  })
})

drawHeader(null)
// Who is signed in is known before the first page is drawn as that person sees it.
await refreshUser()
let first = true
// Before each page: is this session still alive? (Revoked from another browser, the next page
// says so instead of quietly showing a visitor's empty lists.)
const stillSignedIn = async () => {
  if (first) first = false
  else if (currentUser()) await refreshUser()
}
await start({ routes, main: $('main'), onShown: markCurrent, beforeShow: stillSignedIn })
