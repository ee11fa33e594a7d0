import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ProblemBody, problemExample } from '../../routes/schemas.js'
import { documentedProblems } from './openapi-problems.js'
import { applySecurityHeaders, contentSecurityPolicy } from './security-headers.js'

/** Route schemas as @fastify/swagger hands them to `transform`. */
type RouteSchema = Record<string, unknown> & { response?: Record<string, unknown>; hide?: boolean }

/**
 * Adds the problem responses a route can give to its entry in the OpenAPI document only: the
 * route's own response schemas (what Fastify serializes with) stay as the route declares them.
 */
function withProblems(schema: RouteSchema | undefined, method: string, url: string): RouteSchema | undefined {
  if (schema === undefined || schema.hide) return schema
  const problems = documentedProblems({ method, url, schema })
  if (problems.length === 0) return schema
  const response: Record<string, unknown> = { ...schema.response }
  for (const problem of problems) {
    if (response[problem.status] !== undefined) continue
    response[problem.status] = {
      description: problem.when,
      content: {
        'application/problem+json': {
          schema: ProblemBody,
          example: problemExample(problem.status, problem.title, problem.detail, problem.type),
        },
      },
    }
  }
  return { ...schema, response }
}

/**
 * OpenAPI generated from the route schemas (with every route's problem responses and examples),
 * served as JSON at /docs/json and rendered at /docs by Swagger UI — its own files, from this
 * origin, under the app's CSP (Swagger UI needs no inline script; it may style itself inline and
 * show data: pictures, like the queue dashboard).
 */
export default fp(
  async function openapi(fastify: FastifyInstance) {
    await fastify.register(fastifySwagger, {
      openapi: {
        info: {
          title: 'draftsmith',
          version: fastify.config.version,
          description:
            'Documents to Markdown drafts. Every error is `application/problem+json` (RFC 9457) with a `detail` sentence and a `requestId`. Browsers authenticate with the session cookie; state-changing requests must come from this site’s own pages (Sec-Fetch-Site / Origin), API clients send no Origin header. `/api/ops/*` also takes `Authorization: Bearer $OPS_TOKEN`.',
        },
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'OPS_TOKEN, for /api/ops/*' } },
        },
      },
      transform: ({ schema, url, route }) => {
        const method = Array.isArray(route.method) ? (route.method[0] ?? 'GET') : route.method
        return { schema: withProblems(schema as RouteSchema | undefined, method, url) as never, url }
      },
    })
    await fastify.register(async function docs(scope) {
      applySecurityHeaders(
        scope,
        scope.securityHeadersFor({
          ...contentSecurityPolicy,
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
        }),
      )
      await scope.register(fastifySwaggerUi, {
        routePrefix: '/docs',
        uiConfig: { deepLinking: true, docExpansion: 'list', defaultModelsExpandDepth: 0, validatorUrl: null },
      })
    })
  },
  { name: 'openapi', dependencies: ['config', 'security-headers'] },
)
