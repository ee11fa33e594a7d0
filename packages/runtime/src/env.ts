import { Type, type Static, type TSchema } from '@fastify/type-provider-typebox'
import { Ajv } from 'ajv'
import envSchema from 'env-schema'

/** Every problem with a service's environment, reported together so a deploy log shows all. */
export class ConfigError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

/**
 * A service's configuration at boot: on a {@link ConfigError}, prints every problem on stderr and
 * exits 2 (what the README's exit codes promise); anything else is a bug and is rethrown.
 */
export function configOrExit<T>(service: string, load: () => T): T {
  try {
    return load()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`draftsmith ${service}: ${error.message}\n`)
    process.exit(2)
  }
}

/** A string restricted to `values`, with ajv's "allowed values" message when it is not one. */
export function OneOf<const T extends readonly string[]>(values: T, fallback: T[number]) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], default: fallback })
}

const ajv = new Ajv({
  allErrors: true,
  coerceTypes: true,
  useDefaults: true,
  removeAdditional: true,
  allowUnionTypes: true,
})

/**
 * Reads `env` against a TypeBox schema (types coerced, defaults applied). Empty strings count as
 * unset — a PaaS often renders missing values that way. Invalid values are pushed to `problems`
 * and left out, so the caller's own checks still run on everything that is valid.
 */
export function readEnv<S extends TSchema>(
  schema: S,
  env: Record<string, string | undefined>,
  problems: string[],
): Static<S> {
  const data: Record<string, string> = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  )
  try {
    return envSchema<Static<S>>({ schema: schema as never, data, env: false, ajv })
  } catch (error) {
    const errors = (
      error as { errors?: Array<{ instancePath: string; message?: string; params?: Record<string, unknown> }> }
    ).errors
    if (!errors) throw error
    for (const e of errors) {
      const name = e.instancePath.replace(/^\//, '')
      if (!(name in data)) continue
      const allowed = e.params?.allowedValues as string[] | undefined
      problems.push(`${name}=${JSON.stringify(data[name])} ${e.message}${allowed ? `: ${allowed.join(', ')}` : ''}`)
      delete data[name]
    }
    return envSchema<Static<S>>({ schema: schema as never, data, env: false, ajv })
  }
}
