import { isConnectionError } from '@draftsmith/db/errors'
import { InstanceFullError } from '@draftsmith/db/instance-storage'
import { InvalidCursorError } from '@draftsmith/db/pagination'
import { redactSecrets } from '@draftsmith/runtime/redact'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { HttpProblem, problemTypes, statusTitle, type Problem } from '../../errors/problems.js'
import { SessionStoreUnavailableError } from '../../sessions/session-store.js'

export const PROBLEM_JSON = 'application/problem+json; charset=utf-8'

/** Fastify's own error codes that are the client's fault, with the status and type they deserve. */
const clientErrors: Record<string, { status: number; type?: string; detail?: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    detail: 'this content type is not accepted here; send application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400 },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    type: problemTypes.validation,
    detail: 'the body is empty but content-type is application/json',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, type: problemTypes.validation, detail: 'the body is not valid JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, type: problemTypes.uploadTooLarge },
  FST_REQ_FILE_TOO_LARGE: { status: 413, type: problemTypes.uploadTooLarge },
  FST_FILES_LIMIT: { status: 413, type: problemTypes.uploadTooLarge },
  FST_PARTS_LIMIT: { status: 413, type: problemTypes.uploadTooLarge },
  FST_FIELDS_LIMIT: { status: 413, type: problemTypes.uploadTooLarge },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    status: 415,
    detail: 'upload documents as multipart/form-data with a `file` field',
  },
  FST_PROTO_VIOLATION: { status: 400 },
}

/** ajv's errors as `{ field, message }`, with the field named the way the client sent it. */
function validationErrors(error: FastifyError): Array<{ field: string; message: string }> {
  return (error.validation ?? []).map((v) => {
    const missing = (v.params as { missingProperty?: string }).missingProperty
    const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.')
    const field = [error.validationContext === 'body' ? '' : error.validationContext, path, missing]
      .filter(Boolean)
      .join('.')
    return { field: field || (error.validationContext ?? 'request'), message: v.message ?? 'is invalid' }
  })
}

function toProblem(error: FastifyError, request: FastifyRequest): { body: Problem; headers: Record<string, string> } {
  // A cursor the API never handed out is the client's mistake, like any other invalid field.
  if (error instanceof InvalidCursorError) {
    return {
      body: { type: problemTypes.validation, title: 'Invalid request', status: 400, detail: error.message },
      headers: {},
    }
  }
  if (error instanceof InstanceFullError) {
    return {
      body: {
        type: problemTypes.instanceFull,
        title: statusTitle(507),
        status: 507,
        detail:
          'this instance is full: it stores as much as it may for everyone together, so it accepts no more documents for now; nothing was stored. Room frees up as older conversions are removed (retention) or deleted; try again later',
      },
      headers: {},
    }
  }
  if (error instanceof HttpProblem) {
    return {
      body: {
        type: error.type,
        title: error.title,
        status: error.statusCode,
        detail: error.message,
        ...error.extensions,
      },
      headers: error.headers,
    }
  }
  if (error.validation) {
    const errors = validationErrors(error)
    return {
      body: {
        type: problemTypes.validation,
        title: 'Invalid request',
        status: 400,
        detail: errors.map((e) => `${e.field} ${e.message}`).join('; '),
        errors,
      },
      headers: {},
    }
  }
  const known = error.code ? clientErrors[error.code] : undefined
  const status =
    known?.status ?? (error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500)
  if (status >= 500) {
    const unavailable =
      error.statusCode === 503 || error instanceof SessionStoreUnavailableError || isConnectionError(error)
    return {
      body: {
        type: unavailable ? problemTypes.serviceUnavailable : 'about:blank',
        title: unavailable ? 'Service Unavailable' : 'Internal Server Error',
        status: unavailable ? 503 : 500,
        detail: unavailable
          ? 'a service this request needs is unavailable; try again shortly'
          : `an unexpected error occurred; quote request id ${request.id} when reporting it`,
      },
      headers: unavailable ? { 'retry-after': '5' } : {},
    }
  }
  return {
    body: {
      type: known?.type ?? 'about:blank',
      title: statusTitle(status),
      status,
      detail: known?.detail ?? redactSecrets(error.message),
    },
    headers: {},
  }
}

/**
 * Every error — thrown, validation, 404, 500 — leaves as problem+json with the request id:
 * never HTML, never a stack trace. 5xx are logged with their cause; 4xx are not worth a log line.
 * Exported for contexts whose routes a library gives its own error handler (the queue dashboard).
 */
export function replyWithProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { body, headers } = toProblem(error, request)
  if (body.status >= 500) {
    request.log.error({ err: error }, 'request failed')
    // A half-done request must not persist its session changes — and when the session store
    // is what failed, saving again while sending this reply would fail the reply too.
    ;(request as { session: unknown }).session = null
  }
  reply.headers(headers)
  return reply
    .code(body.status)
    .type(PROBLEM_JSON)
    .send({ ...body, requestId: request.id })
}

export default fp(
  async function errors(fastify: FastifyInstance) {
    fastify.setErrorHandler(replyWithProblem)
    fastify.setNotFoundHandler(async (request) => {
      const path = request.url.split('?')[0] as string
      throw new HttpProblem(
        404,
        `no route for ${request.method} ${path.length > 200 ? `${path.slice(0, 200)}…` : path}`,
      )
    })
  },
  { name: 'errors' },
)
