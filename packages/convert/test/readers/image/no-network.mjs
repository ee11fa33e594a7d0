// Preloaded (`--import`) into a conversion process and every thread it starts: records any
// attempt to reach the network — a socket, a DNS lookup, fetch — and where this module ran, to
// network.log in the working directory (a fresh folder of the test's). tesseract.js loads its language data in a worker
// thread, so the thread must be watched too (Node hands --import to worker threads).
import { appendFileSync } from 'node:fs'
import dns from 'node:dns'
import net from 'node:net'
import { isMainThread } from 'node:worker_threads'

const note = (line) => appendFileSync('network.log', `${line}\n`)
note(isMainThread ? 'loaded: main thread' : 'loaded: worker thread')
const refuse = (what) => {
  note(`network: ${what}`)
  throw new Error(`network use refused by the test: ${what}`)
}
const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (...args) {
  // Local IPC (a path) is not the network.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0]
  if (typeof first === 'string' || (first && typeof first === 'object' && 'path' in first))
    return connect.apply(this, args)
  return refuse(`socket ${JSON.stringify(first)}`)
}
dns.lookup = (host) => refuse(`dns ${host}`)
globalThis.fetch = async (url) => refuse(`fetch ${url}`)
