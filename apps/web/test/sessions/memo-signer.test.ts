import t from 'tap'
import { Signer } from '@fastify/cookie'
import { MemoSigner } from '../../src/sessions/memo-signer.js'

const current = 'the-current-secret-which-is-long-enough-000'
const previous = 'the-previous-secret-which-is-long-enough-00'

t.test('answers exactly as the plain signer does, for valid, rotated and forged cookies', async (t) => {
  const plain = new Signer([current, previous], 'sha256')
  const memo = new MemoSigner([current, previous], 3)
  const byPrevious = new Signer([previous], 'sha256').sign('old-session')
  const inputs = [
    plain.sign('a'),
    plain.sign('b'),
    byPrevious,
    'a.forged',
    plain.sign('c'),
    plain.sign('d'),
    'garbage',
    plain.sign('a'),
  ]
  for (let round = 0; round < 2; round++) {
    for (const input of inputs) t.same(memo.unsign(input), plain.unsign(input), `unsign ${input}`)
    for (const value of ['a', 'b', 'c', 'd', 'old-session', 'new'])
      t.equal(memo.sign(value), plain.sign(value), `sign ${value}`)
  }
})
