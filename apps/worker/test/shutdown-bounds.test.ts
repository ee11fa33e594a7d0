import t from 'tap'
import { shutdownBoundMs, shutdownSteps } from '../src/shutdown-bounds.js'

t.test('the bound is the grace period plus every step', async (t) => {
  const steps = Object.values(shutdownSteps).reduce((a, b) => a + b, 0)
  t.equal(shutdownBoundMs(20_000), 20_000 + steps)
})
