import { HttpProblem, problemTypes } from '../errors/problems.js'

/** 429 with Retry-After and a sentence saying what was limited and when to try again. */
export function tooManyRequests(detail: string, retryAfterSeconds: number): HttpProblem {
  const wait = retryAfterSeconds >= 120 ? `${Math.ceil(retryAfterSeconds / 60)} minutes` : `${retryAfterSeconds} s`
  return new HttpProblem(429, `${detail}; try again in ${wait}`, {
    type: problemTypes.rateLimited,
    headers: { 'retry-after': String(retryAfterSeconds) },
    extensions: { retryAfterSeconds },
  })
}
