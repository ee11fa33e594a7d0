import { problemTypes, statusTitle } from '../../errors/problems.js'

/** A problem response a route can give, as the API reference shows it. */
export interface DocumentedProblem {
  status: number
  title: string
  type: string
  /** When it happens (the response's description). */
  when: string
  /** An example `detail`. */
  detail: string
}

const problem = (status: number, when: string, detail: string, type = 'about:blank'): DocumentedProblem => ({
  status,
  title: statusTitle(status),
  type,
  when,
  detail,
})

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Which problems a route can answer with, from what every route shares (validation, CSRF,
 * authentication, 404 for an id, 5xx) and what some routes add (quotas, uploads, conflicts).
 * Read from the method, the URL and the schema, so a new route is documented without a list.
 */
export function documentedProblems(route: {
  method: string
  url: string
  schema: Record<string, unknown>
}): DocumentedProblem[] {
  const { method, schema } = route
  const url = route.url.length > 1 ? route.url.replace(/\/$/, '') : route.url
  if (!url.startsWith('/api/')) return []
  const found: DocumentedProblem[] = []
  if (schema.body !== undefined || schema.querystring !== undefined || schema.params !== undefined) {
    found.push(
      problem(
        400,
        'The request is invalid: every invalid field is named in `errors`.',
        'title must NOT have fewer than 1 characters',
        problemTypes.validation,
      ),
    )
  }
  const signedIn = url.startsWith('/api/auth/me') || url.startsWith('/api/auth/sessions')
  if (signedIn) found.push(problem(401, 'Not signed in (or the session has ended).', 'sign in first'))
  if (url.startsWith('/api/ops/')) {
    found.push(
      problem(
        401,
        'Neither an admin session nor the ops token.',
        'sign in as an admin or send Authorization: Bearer $OPS_TOKEN',
      ),
    )
    found.push(problem(403, 'Signed in, but not as an admin.', 'this needs an admin account'))
  }
  if (url === '/api/auth/login' || url === '/api/auth/signup')
    found.push(
      problem(401, 'Wrong email or password.', 'the email or the password is wrong', problemTypes.invalidCredentials),
    )
  if (url === '/api/auth/signup')
    found.push(
      problem(
        403,
        'Sign-up is turned off on this instance.',
        'sign-up is turned off on this instance; ask an admin for an account',
        problemTypes.signupDisabled,
      ),
    )
  if (unsafe.has(method) && !url.startsWith('/api/ops/')) {
    found.push(
      problem(
        403,
        'A state-changing request from another site (CSRF protection).',
        'cross-site request refused: Sec-Fetch-Site is "cross-site"',
        problemTypes.csrf,
      ),
    )
  }
  if (url.includes('{id}') || url.includes(':id'))
    found.push(problem(404, 'Not found, or not yours.', 'this proposal was not found'))
  if (url.endsWith('/markdown') || url.endsWith('/bundle') || url.includes('/assets/')) {
    found.push(
      problem(
        409,
        'The conversion has not succeeded (yet).',
        'the conversion is processing; the Markdown exists once it has succeeded',
        problemTypes.notReady,
      ),
    )
  }
  if (url.endsWith('/retry'))
    found.push(
      problem(
        409,
        'Only a failed conversion can be retried.',
        'only a failed conversion can be retried; this one is succeeded',
      ),
    )
  const uploads = method === 'POST' && url.endsWith('/conversions')
  if (uploads) {
    found.push(
      problem(
        413,
        'A file is larger than the instance allows.',
        'report.pdf is larger than 26214400 bytes',
        problemTypes.uploadTooLarge,
      ),
    )
    found.push(
      problem(
        415,
        'A file is not a supported document.',
        'clip.mp4 is a MP4 file (video/mp4); supported: DOCX, PDF, HTML, Markdown, plain text, ODT, EPUB, RTF, DOC, PNG, JPEG, TIFF, WebP, e-mail (EML), Outlook message (MSG)',
        problemTypes.unsupportedType,
      ),
    )
  }
  // Downloads past the heavy-download budget (ADRs 041, 105); a retry counts as an upload.
  const limited =
    (method === 'POST' && (url === '/api/proposals' || uploads)) ||
    url === '/api/auth/login' ||
    url === '/api/auth/signup' ||
    url.endsWith('/markdown') ||
    url.endsWith('/bundle') ||
    url.includes('/assets/') ||
    url.endsWith('/retry')
  if (limited)
    found.push(
      problem(
        429,
        'A limit was reached; `Retry-After` says when to try again.',
        'too many sign-ups from this address',
        problemTypes.rateLimited,
      ),
    )
  found.push(
    problem(
      500,
      'An unexpected error; the operators have it in the log.',
      'an unexpected error occurred; quote request id 3c1e2a9f-5b7d-4e61-a0c2-8f4d9b6e1a27 when reporting it',
    ),
  )
  found.push(
    problem(
      503,
      'The database, Redis or the queue is unavailable; `Retry-After` says when to try again.',
      'a service this request needs is unavailable; try again shortly',
      problemTypes.serviceUnavailable,
    ),
  )
  return found
}
