// Every call to the API goes through here, so every failure reaches the person as a sentence:
// the problem's `detail` when the API answered, what to do when it did not (offline, restarting,
// a proxy's HTML error page) — never a JSON parse error.
import { sentence } from './format.js'

/** An API call that did not succeed; `message` is for people. */
export class ApiError extends Error {
  constructor(message, { status = 0, problem = null, retryAfter = null } = {}) {
    super(message)
    this.name = 'ApiError'
    /** 0 when no answer arrived (offline, server unreachable). */
    this.status = status
    this.problem = problem
    this.retryAfter = retryAfter
  }
}

const listeners = new Set()
/** `fn(error)` for every failed call: the shell uses it to notice a session that ended. */
export const onApiError = (fn) => listeners.add(fn)

function waitHint(seconds) {
  if (!Number.isFinite(seconds) || seconds <= 0) return 'Try again in a moment.'
  return seconds < 90
    ? `Try again in ${Math.ceil(seconds)} seconds.`
    : `Try again in ${Math.ceil(seconds / 60)} minutes.`
}

/** What to tell a person when no problem document came back. */
function withoutProblem(status, statusText) {
  if (status === 502 || status === 503 || status === 504)
    return 'The service is not answering right now (it may be restarting or overloaded). Wait a minute, then try again.'
  if (status === 413) return 'That is more than this server accepts in one request. Try a smaller file.'
  if (status >= 500)
    return 'Something went wrong on the server. Try again; if it keeps happening, tell whoever runs this site.'
  return `The server refused this request (${status}${statusText ? ` ${statusText}` : ''}).`
}

/** An ApiError from a response's status, headers and body text. */
export function errorFrom(status, statusText, contentType, text, retryAfterHeader) {
  let problem = null
  if (/json/.test(contentType ?? '')) {
    try {
      problem = JSON.parse(text)
    } catch {
      problem = null
    }
  }
  const retryAfter = retryAfterHeader ? Number(retryAfterHeader) : null
  let message =
    typeof problem?.detail === 'string' && problem.detail !== ''
      ? sentence(problem.detail)
      : withoutProblem(status, statusText)
  if ((status === 503 || status === 429) && !/try again/i.test(message)) message = `${message} ${waitHint(retryAfter)}`
  return new ApiError(message, { status, problem, retryAfter })
}

function unreachable() {
  return new ApiError(
    navigator.onLine === false
      ? 'You are offline. Reconnect, then try again — nothing you have open here is lost.'
      : 'The server could not be reached. Check your connection, then try again.',
  )
}

function report(error) {
  for (const fn of listeners) fn(error)
  return error
}

/**
 * `api('/api/proposals', { method: 'POST', json: { title } })` → the parsed JSON (or text for
 * text responses, `null` for 204). Throws ApiError.
 */
export async function api(url, { method = 'GET', json, signal } = {}) {
  const init = { method, signal, headers: { accept: 'application/json, text/markdown;q=0.9, */*;q=0.1' } }
  if (json !== undefined) {
    init.headers['content-type'] = 'application/json'
    init.body = JSON.stringify(json)
  }
  let response
  try {
    response = await fetch(url, init)
  } catch (error) {
    if (error?.name === 'AbortError') throw error
    throw report(unreachable())
  }
  const type = response.headers.get('content-type') ?? ''
  let text
  try {
    text = await response.text()
  } catch (error) {
    if (error?.name === 'AbortError') throw error
    throw report(unreachable())
  }
  if (!response.ok)
    throw report(errorFrom(response.status, response.statusText, type, text, response.headers.get('retry-after')))
  if (response.status === 204 || text === '') return null
  if (!/json/.test(type)) return text
  try {
    return JSON.parse(text)
  } catch {
    throw report(
      new ApiError(
        'The server sent an answer this page cannot read. Reload the page; if it keeps happening, tell whoever runs this site.',
        { status: response.status },
      ),
    )
  }
}

/**
 * Uploads one file to a proposal with progress (`onProgress(0..1)`) and the upload's `options`
 * (`{ frontMatter: true }`, sent as the API's query); resolves to the conversions the API queued.
 * XMLHttpRequest, not fetch: only it reports upload progress.
 */
export function uploadFile(proposalId, file, { onProgress = () => {}, signal, options = {} } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    const query = new URLSearchParams(Object.entries(options).map(([key, value]) => [key, String(value)])).toString()
    xhr.open('POST', `/api/proposals/${encodeURIComponent(proposalId)}/conversions${query ? `?${query}` : ''}`)
    xhr.setRequestHeader('accept', 'application/json')
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total)
    xhr.onload = () => {
      const type = xhr.getResponseHeader('content-type') ?? ''
      if (xhr.status === 202) {
        try {
          return resolve(JSON.parse(xhr.responseText).conversions)
        } catch {
          return reject(
            report(
              new ApiError(
                'The server accepted the file but sent an answer this page cannot read. Reload the page to see it.',
                { status: 202 },
              ),
            ),
          )
        }
      }
      reject(
        report(errorFrom(xhr.status, xhr.statusText, type, xhr.responseText, xhr.getResponseHeader('retry-after'))),
      )
    }
    xhr.onerror = () => reject(report(unreachable()))
    xhr.onabort = () => reject(new DOMException('upload cancelled', 'AbortError'))
    signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    const form = new FormData()
    form.append('file', file, file.name)
    xhr.send(form)
  })
}
