// Who is signed in, as far as this page knows: the header, the pages and the shell listen.
import { api, ApiError } from './api.js'

let user
const listeners = new Set()

/** The signed-in user (`{ id, email, role }`), or null for a visitor. */
export const currentUser = () => user ?? null

/**
 * `fn(user, how)` whenever who is signed in changes; `how` is 'here' (this page signed in or
 * out) or 'server' (the API said so: revoked elsewhere, expired).
 */
export function onUserChange(fn) {
  listeners.add(fn)
  return () => listeners.delete(fn)
}

function set(next, how) {
  const changed = (user?.id ?? null) !== (next?.id ?? null) || user?.role !== next?.role
  user = next
  if (changed) for (const fn of listeners) fn(user, how)
}

/** Asks the API who this browser is. A visitor (401) is null; other failures keep what we knew. */
export async function refreshUser() {
  try {
    set((await api('/api/auth/me')).user, 'server')
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) set(null, 'server')
    else if (user === undefined) set(null, 'server')
  }
  return currentUser()
}

/** After sign-in, sign-up or sign-out: what the API answered. */
export const setUser = (next) => set(next ?? null, 'here')
