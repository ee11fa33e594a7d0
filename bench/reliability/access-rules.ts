/**
 * The access matrix's expectations (scenario 8): for every route the app registers, the status
 * each case must get. A route with no rule here fails the scenario, so a new route is added to
 * this table before it ships.
 */

/** Who asks, and about whose ids. Alice and Vera own what is asked for; the rest must not reach it. */
export const cases = [
  /** Alice, signed in, on her own ids: the control that the ids and the request are right. */
  'owner',
  /** Vera, an anonymous visitor, on her own ids: the same control for a visitor's ids. */
  'visitorOwner',
  /** Carol, an admin, signed in, on Alice's ids: the control for the ops routes. */
  'admin',
  /** Bob, another signed-in user, on Alice's ids. */
  'user',
  /** Victor, another anonymous visitor (with proposals of his own), on Alice's ids. */
  'visitor',
  /** Victor on Vera's ids: one visitor's ids are not another's. */
  'visitorIds',
  /** No cookie at all, on Alice's ids. */
  'none',
  /** A session of Alice's she revoked from another one. */
  'revoked',
  /** A session of Alice's past its expiry. */
  'expired',
  /** Alice's session token under a signature made with another secret. */
  'forged',
  /** The cookie of a session of Alice's, sent again after she logged out of it. */
  'replayed',
  /** Carol's session after her account was made a user while she was signed in. */
  'demoted',
] as const
export type Case = (typeof cases)[number]

/**
 * A status; `allowed`: anything but 401, 403 and 5xx (an admin on the queue dashboard, whose
 * answers depend on what the queue holds); `public`: the same status for every case, below 500
 * (a library's static files); `skip`: not sent (an admin's control of a dashboard action that
 * would change the queue: pausing, emptying or removing what the other scenarios use).
 */
export type Expect = number | 'allowed' | 'public' | 'skip'
export type Rule = Record<Case, Expect>

function row(...statuses: Expect[]): Rule {
  if (statuses.length !== cases.length) throw new Error(`a rule needs ${cases.length} statuses`)
  return Object.fromEntries(cases.map((c, i) => [c, statuses[i] as Expect])) as Rule
}

const A = 'allowed'
const S = 'skip'
const every = (status: number) => row(...cases.map(() => status))

// Shapes of rule, by what guards the route.
/** Owned by a person (a proposal, a conversion): only its owner gets an answer, everyone else a 404. */
const owned = (ok: number, visitorOk = ok) => row(ok, visitorOk, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404)
/** requireUser: a signed-in account's own data. */
const signedIn = (ok: number) => row(ok, 401, ok, ok, 401, 401, 401, 401, 401, 401, 401, ok)
/** requireOps: an admin session (or the ops token). */
const ops = (admin: Expect) => row(403, 401, admin, 403, 401, 401, 401, 401, 401, 401, 401, 403)

//                                                  owner vOwn admin user  vis  vIds none revk expd forg repl demo
export const routeRules: Record<string, Rule> = {
  'GET /health': every(200),
  'GET /ready': every(200),
  // Signing up with Alice's email and a wrong password, or signing in so: refused the same to everyone.
  'POST /api/auth/signup': every(401),
  'POST /api/auth/login': every(401),
  'POST /api/auth/logout': every(204),
  'GET /api/auth/me': signedIn(200),
  'GET /api/auth/sessions': signedIn(200),
  // One of Alice's sessions: only Alice may revoke it; other accounts are told it does not exist.
  'DELETE /api/auth/sessions/:id': row(204, 401, 404, 404, 401, 401, 401, 401, 401, 401, 401, 404),
  'POST /api/auth/sessions/revoke-others': signedIn(200),
  // Everyone may list their own proposals and open one (a visitor gets a visitor id for it).
  'GET /api/proposals': every(200),
  'POST /api/proposals': every(201),
  'GET /api/proposals/:id': owned(200),
  'PATCH /api/proposals/:id': owned(200),
  'DELETE /api/proposals/:id': owned(204),
  'GET /api/proposals/:id/conversions': owned(200),
  'POST /api/proposals/:id/conversions': owned(202),
  'GET /api/conversions/:id': owned(200),
  'GET /api/conversions/:id/markdown': owned(200),
  'GET /api/conversions/:id/assets/:name': owned(200),
  'GET /api/conversions/:id/bundle': owned(200),
  // Only a failed conversion can be retried: the owner's is a 409, proof the route found it.
  'POST /api/conversions/:id/retry': owned(409),
  'GET /api/ops/migration_status': ops(200),
  'GET /api/ops/sessions/stats': ops(200),
  'GET /api/ops/queues': ops(200),
  'GET /api/ops/client-address': ops(200),
  // The UI's pages are the same document for everyone; the data comes from the API.
  'GET /': every(200),
  'GET /proposals': every(200),
  'GET /proposals/:id': every(200),
  'GET /conversions/:id': every(200),
  'GET /account': every(200),
  'GET /admin': every(200),
  'GET /preview': every(200),
  'GET /preview/remote-pictures': every(200),
  'GET /favicon.ico': every(200),
  // A file name the manifest does not have.
  'GET /ui/*': every(404),
}

/**
 * Whole subtrees another library registers, whose routes change with its version: one rule each,
 * applied to every route under the prefix (each is still requested, case by case).
 */
export const subtreeRules: Array<{ prefix: string; what: string; rule: (method: string) => Rule }> = [
  {
    prefix: '/admin/queues',
    what: 'the queue dashboard (bull-board): admins only',
    rule: (method) => ops(method === 'GET' || method === 'HEAD' ? A : S),
  },
  {
    prefix: '/docs',
    what: 'the API documentation (Swagger UI): public',
    rule: () => row(...cases.map(() => 'public' as const)),
  },
]

/** The rule for a route, if the table has one. HEAD answers as GET does. */
export function ruleFor(method: string, url: string): Rule | undefined {
  const asGet = method === 'HEAD' ? 'GET' : method
  const exact = routeRules[`${asGet} ${url}`] ?? routeRules[`${asGet} ${url.replace(/\/$/, '')}`]
  if (exact) return exact
  const subtree = subtreeRules.find((s) => url === s.prefix || url.startsWith(`${s.prefix}/`))
  return subtree?.rule(method)
}
