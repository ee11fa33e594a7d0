// Live progress without reloading: polls a conversion until it has succeeded or failed.
import { api, ApiError } from './api.js'

export const finished = (conversion) => conversion.status === 'succeeded' || conversion.status === 'failed'

const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
  })

/**
 * Calls `onChange(conversion)` as it changes, until it is finished or `signal` aborts;
 * `onTrouble(error | null)` while the API cannot be reached (it keeps trying, more slowly).
 * Resolves to the last state seen.
 */
export async function watchConversion(id, { signal, onChange, onTrouble = () => {} }) {
  let delay = 500
  let last = null
  while (!signal?.aborted) {
    try {
      const conversion = await api(`/api/conversions/${encodeURIComponent(id)}`, { signal })
      onTrouble(null)
      if (last === null || conversion.status !== last.status || conversion.progress !== last.progress)
        onChange(conversion)
      last = conversion
      if (finished(conversion)) return conversion
      delay = conversion.status === 'queued' ? 1000 : 500
    } catch (error) {
      if (error.name === 'AbortError') return last
      // Gone (deleted elsewhere, or no longer ours): nothing more will come.
      if (error instanceof ApiError && (error.status === 404 || error.status === 401 || error.status === 403)) {
        onTrouble(error)
        return last
      }
      onTrouble(error)
      delay = Math.min(delay * 2, 10_000)
    }
    await sleep(delay, signal)
  }
  return last
}
