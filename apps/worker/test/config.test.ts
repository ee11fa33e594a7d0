import t from 'tap'
import { baseEnv, runNode } from '@draftsmith/test-support'
import { mainPath } from './helpers/worker.js'

t.test('a bad configuration exits 2 listing every problem', async (t) => {
  const result = await runNode(
    mainPath,
    [],
    baseEnv({ NODE_ENV: 'production', WORKER_CONCURRENCY: '0', REDIS_URL: 'http://nope' }),
  )
  t.equal(result.code, 2, result.stderr)
  t.match(
    result.stderr,
    /^draftsmith worker: invalid configuration:\n {2}- WORKER_CONCURRENCY="0" must be >= 1\n.*DATABASE_URL is not set.*\n.*REDIS_URL "http:\/\/nope\/?" is not a redis/s,
  )
})
