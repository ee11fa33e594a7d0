import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify'

/** pino's loggers answer this; Fastify's type for them does not declare it. */
type LevelAware = { isLevelEnabled?: (level: string) => boolean }

/**
 * One access-log line per request, written when it ends: the request (method, redacted URL,
 * host, address), the response's status and the time it took. Fastify's default writes two —
 * "incoming request", then "request completed" — and at the production level (info) the second
 * line cost a signed-in read as much as its session (ADR 065). A request its client abandons
 * before any response leaves no line (the default left only its "incoming request").
 *
 * The line of a request that succeeded goes through a child of the app's logger with redaction
 * off (ADR 093): redaction's wildcard paths (`*.password`) copied the line's objects on every
 * request, a third of its cost, and the line cannot hold what they censor — the serializers
 * keep the method, the URL (its secrets redacted by `loggedUrl`), host and address, and the
 * status; no header, no body. An error's line keeps the redacting logger: an error can carry anything.
 */
export class OneLineRequestLog extends LogController {
  private access: FastifyBaseLogger | undefined

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return
    if (error) {
      reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored')
      return
    }
    // The request's own logger decides (a route may log at another level); the access logger writes.
    if (!(reply.log as LevelAware).isLevelEnabled?.('info')) return
    this.access ??= request.server.log.child({}, { redact: [] } as never)
    this.access.info(
      { reqId: request.id, req: request, res: reply, responseTime: reply.elapsedTime },
      'request completed',
    )
  }
}
