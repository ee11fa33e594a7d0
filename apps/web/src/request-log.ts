import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'

/**
 * One access-log line per request, written when it ends: the request (method, redacted URL,
 * host, address), the response's status and the time it took. Fastify's default writes two —
 * "incoming request", then "request completed" — and at the production level (info) the second
 * line cost a signed-in read as much as its session (ADR 065). A request its client abandons
 * before any response leaves no line (the default left only its "incoming request").
 */
export class OneLineRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return
    if (error)
      reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored')
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed')
  }
}
