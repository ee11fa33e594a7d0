export { ConfigError, configOrExit, OneOf, readEnv } from './env.js'
export { loggerOptions, logLevels, type LogLevel } from './logging.js'
export { errorMessage, REDACTED, redactSecrets, redactUrl, scrubErrorText } from './redact.js'
