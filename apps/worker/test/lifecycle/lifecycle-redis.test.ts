import t from 'tap'
import { sharedRedisUrl } from '@draftsmith/test-support'
import { lifecycleTests } from './lifecycle-scenarios.js'

const redis = await sharedRedisUrl()
lifecycleTests(
  t,
  'url' in redis ? { name: 'redis backend', redisUrl: redis.url } : { name: 'redis backend', skip: redis.skip },
)
