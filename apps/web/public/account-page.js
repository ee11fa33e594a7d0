// Signing in and up, signing out, and the account's sessions: device, address, last seen,
// revoke one, sign out everywhere else.
import { api } from './api.js'
import { el, errorText, pageHeading, uid } from './dom.js'
import { timeAgo, plural } from './format.js'
import { notify } from './notice.js'
import { navigate } from './router.js'
import { currentUser, setUser } from './session.js'

function field(label, attributes) {
  const id = uid('field')
  return el(
    'div',
    { className: 'field' },
    el('label', { htmlFor: id }, label),
    el('input', { id, required: true, ...attributes }),
  )
}

function credentialsForm({ heading, action, submit, passwordAutocomplete, hint }) {
  const headingId = uid('form-heading')
  const problem = el('div', { className: 'form-problem' })
  const button = el('button', { type: 'submit' }, submit)
  const form = el(
    'form',
    { className: 'stacked-form', 'aria-labelledby': headingId },
    el('h2', { id: headingId }, heading),
    field('Email', { type: 'email', name: 'email', autocomplete: 'username', maxLength: 254 }),
    field('Password', {
      type: 'password',
      name: 'password',
      autocomplete: passwordAutocomplete,
      minLength: 10,
      maxLength: 256,
    }),
    hint ? el('p', { className: 'hint' }, hint) : null,
    button,
    problem,
  )
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    button.disabled = true
    problem.replaceChildren()
    try {
      const { user } = await api(`/api/auth/${action}`, {
        method: 'POST',
        json: Object.fromEntries(new FormData(form)),
      })
      setUser(user)
      notify(`Signed in as ${user.email}. What you converted in this browser is in your account now.`)
      navigate('/proposals')
    } catch (error) {
      problem.replaceChildren(errorText(error.message))
      form.querySelector('input[type=password]')?.focus()
    } finally {
      button.disabled = false
    }
  })
  return form
}

function signedOut(main) {
  main.replaceChildren(
    pageHeading('Sign in'),
    el(
      'p',
      { className: 'lead' },
      'You can convert documents without an account. With one, your proposals follow you to other browsers — and what you converted here before signing in is kept.',
    ),
    el(
      'div',
      { className: 'forms' },
      credentialsForm({
        heading: 'Sign in',
        action: 'login',
        submit: 'Sign in',
        passwordAutocomplete: 'current-password',
      }),
      credentialsForm({
        heading: 'Create an account',
        action: 'signup',
        submit: 'Create account',
        passwordAutocomplete: 'new-password',
        hint: 'At least 10 characters.',
      }),
    ),
  )
  return { title: 'Sign in' }
}

function sessionItem(session, onRevoked) {
  const problem = el('div')
  const action = session.current
    ? el('span', { className: 'badge' }, 'This browser')
    : el(
        'button',
        { type: 'button', 'aria-label': `Revoke the session on ${session.device}`, className: 'danger' },
        'Revoke',
      )
  if (!session.current) {
    action.addEventListener('click', async () => {
      action.disabled = true
      try {
        await api(`/api/auth/sessions/${session.id}`, { method: 'DELETE' })
        onRevoked(item)
      } catch (error) {
        problem.replaceChildren(errorText(error.message))
        action.disabled = false
      }
    })
  }
  const item = el(
    'li',
    { className: 'item session', 'data-current': String(session.current) },
    el('h3', { className: 'item-heading' }, session.device),
    el(
      'p',
      { className: 'item-meta' },
      session.ip ? `From ${session.ip} · ` : '',
      'last seen ',
      timeAgo(session.lastSeenAt),
      ' · signed in ',
      timeAgo(session.createdAt),
    ),
    el('div', { className: 'item-actions' }, action),
    problem,
  )
  return item
}

async function signedIn(main, user, { signal }) {
  const list = el('ul', { className: 'item-list', 'aria-label': 'Sessions' })
  const problem = el('div', { className: 'page-problem' })
  const signOut = el('button', { type: 'button' }, 'Sign out')
  const others = el('button', { type: 'button', className: 'danger' }, 'Sign out everywhere else')

  signOut.addEventListener('click', async () => {
    try {
      await api('/api/auth/logout', { method: 'POST' })
      setUser(null)
      notify('Signed out.')
      navigate('/')
    } catch (error) {
      problem.replaceChildren(errorText(error.message))
    }
  })

  const load = async () => {
    const { sessions } = await api('/api/auth/sessions', { signal })
    // This browser first, then the most recently seen.
    sessions.sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt))
    list.replaceChildren(
      ...sessions.map((s) => sessionItem(s, (item) => (item.remove(), notify('That session is signed out.')))),
    )
    others.hidden = sessions.length < 2
  }
  others.addEventListener('click', async () => {
    try {
      const { revoked } = await api('/api/auth/sessions/revoke-others', { method: 'POST' })
      notify(`${plural(revoked, 'other session')} signed out.`)
      await load()
    } catch (error) {
      problem.replaceChildren(errorText(error.message))
    }
  })

  main.replaceChildren(
    pageHeading('Account'),
    el('p', {}, 'Signed in as ', el('strong', {}, user.email), user.role === 'admin' ? ' (admin)' : '', '.'),
    el('div', { className: 'page-actions' }, signOut),
    problem,
    el('h2', {}, 'Where you are signed in'),
    el(
      'p',
      { className: 'hint' },
      'Revoke any session you do not recognise: that browser is signed out at its next request.',
    ),
    list,
    el('div', { className: 'page-actions' }, others),
  )
  await load()
  return { title: 'Account' }
}

export async function render(main, context) {
  const user = currentUser()
  return user ? signedIn(main, user, context) : signedOut(main)
}
