export { checkConnectionUrls } from './connection-urls.js'
export { ConfigError, configOrExit, OneOf, readEnv } from './env.js'
export { loggerOptions, logLevels, type LogLevel } from './logging.js'
