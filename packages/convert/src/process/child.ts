/**
 * A conversion process (see isolated.ts): converts one document per message, in its own heap,
 * and answers with the result, or with a refusal as data (error classes do not survive the
 * process boundary). Progress goes back as it comes.
 */
import { convert } from '../convert.js'
import { ConversionInputError } from '../errors.js'
import type { ChildRequest, ChildMessage } from './protocol.js'

const send = (message: ChildMessage) => process.send?.(message)

process.on('message', (request: ChildRequest) => {
  const { id, bytes, options } = request
  // First, before any work: a process that dies before saying so never had the document.
  send({ id, received: true })
  convert(bytes, { ...options, onProgress: (percent) => send({ id, progress: percent }) }).then(
    (result) => send({ id, outcome: { ok: true, ...result } }),
    (error: unknown) => {
      if (error instanceof ConversionInputError) send({ id, outcome: { ok: false, reason: error.message } })
      else if (error instanceof RangeError)
        send({ id, outcome: { ok: false, reason: 'the document is too deeply nested or too large to convert' } })
      else send({ id, failure: error instanceof Error ? (error.stack ?? error.message) : String(error) })
    },
  )
})
// The parent going away (a crash, a kill) ends this process too: nothing else would.
process.on('disconnect', () => process.exit(0))
send({ ready: process.pid })
