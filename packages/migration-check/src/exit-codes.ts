/** The predeploy's exit codes: a deploy pipeline can branch on them without parsing text. */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  configuration: 2,
  unreachable: 3,
  lockTimeout: 4,
  migrationFailed: 5,
  verificationFailed: 6,
  lintErrors: 7,
} as const

export type ExitCodeName = keyof typeof ExitCode
export type ExitCodeValue = (typeof ExitCode)[ExitCodeName]

/**
 * A failure the predeploy understands: it knows the exit code and can tell the operator what to
 * do next. Anything else that escapes is a bug and exits 1.
 */
export class MigrationCheckError extends Error {
  readonly kind: ExitCodeName
  /** The failure in one short sentence; `message` adds the details to it. */
  readonly summary: string
  /** One sentence: the next step for the person reading the deploy log. */
  readonly next: string
  /** Each problem found, when there are several (e.g. every drifted column). */
  readonly details: string[]

  constructor(
    kind: ExitCodeName,
    summary: string,
    next: string,
    options: { details?: string[]; cause?: unknown } = {},
  ) {
    const details = options.details ?? []
    super(details.length > 0 ? `${summary}: ${details.join('; ')}` : summary, { cause: options.cause })
    this.name = 'MigrationCheckError'
    this.kind = kind
    this.summary = summary
    this.next = next
    this.details = details
  }

  get exitCode(): ExitCodeValue {
    return ExitCode[this.kind]
  }
}
