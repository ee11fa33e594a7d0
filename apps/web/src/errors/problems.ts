import { STATUS_CODES } from 'node:http'

/**
 * RFC 9457 problem details. Every /api error is one of these, serialized as
 * `application/problem+json` with the request id.
 */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  [extension: string]: unknown
}

export const problemTypes = {
  validation: 'urn:draftsmith:problem:validation',
  csrf: 'urn:draftsmith:problem:cross-site-request',
  rateLimited: 'urn:draftsmith:problem:rate-limited',
  queueUnavailable: 'urn:draftsmith:problem:queue-unavailable',
  uploadTooLarge: 'urn:draftsmith:problem:upload-too-large',
  unsupportedType: 'urn:draftsmith:problem:unsupported-document-type',
  emptyUpload: 'urn:draftsmith:problem:empty-upload',
  notReady: 'urn:draftsmith:problem:not-ready',
  signupDisabled: 'urn:draftsmith:problem:signup-disabled',
  invalidCredentials: 'urn:draftsmith:problem:invalid-credentials',
  serviceUnavailable: 'urn:draftsmith:problem:service-unavailable',
  /** 507: the whole instance stores as much as it may (STORAGE_TOTAL_BYTES), whoever asks. */
  instanceFull: 'urn:draftsmith:problem:instance-full',
} as const

/** RFC 9110's reason phrases where Node's table still has the older ones. */
const renamedReasons: Record<number, string> = { 413: 'Content Too Large', 422: 'Unprocessable Content' }

/** The `title` of a problem with this status. */
export function statusTitle(status: number): string {
  return renamedReasons[status] ?? STATUS_CODES[status] ?? 'Error'
}

/** An error that becomes a problem response as it is. */
export class HttpProblem extends Error {
  readonly statusCode: number
  readonly type: string
  readonly title: string
  readonly extensions: Record<string, unknown>
  readonly headers: Record<string, string>

  constructor(
    status: number,
    detail: string,
    options: {
      type?: string
      title?: string
      extensions?: Record<string, unknown>
      headers?: Record<string, string>
      cause?: unknown
    } = {},
  ) {
    super(detail, { cause: options.cause })
    this.name = 'HttpProblem'
    this.statusCode = status
    this.type = options.type ?? 'about:blank'
    this.title = options.title ?? statusTitle(status)
    this.extensions = options.extensions ?? {}
    this.headers = options.headers ?? {}
  }
}

export const notFound = (what: string) => new HttpProblem(404, `${what} was not found`)
export const unauthorized = (detail = 'sign in first') => new HttpProblem(401, detail)
export const forbidden = (detail: string) => new HttpProblem(403, detail)
