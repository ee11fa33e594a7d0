// How a conversion's state reads, and asking for a failed one to be tried again.
import { api } from './api.js'
import { sentence } from './format.js'

/** A short label for `conversion.status`. */
export function statusLabel(conversion) {
  switch (conversion.status) {
    case 'queued':
      return 'Waiting for a converter'
    case 'processing':
      return 'Converting'
    case 'succeeded':
      return 'Converted'
    case 'failed':
      return 'Failed'
    default:
      return conversion.status
  }
}

/** Why it failed, as a sentence. */
export const failureText = (conversion) =>
  sentence(conversion.error ?? 'the conversion failed for a reason the server did not give')

/** Queues a failed conversion again (202); the API says why not otherwise (409). */
export const retryConversion = (id) => api(`/api/conversions/${encodeURIComponent(id)}/retry`, { method: 'POST' })
