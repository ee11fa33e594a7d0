import { spawn } from 'node:child_process'
import { ConversionProducer } from './src/index.js'
const port = 6399
const p = new ConversionProducer({ kind: 'redis', redisUrl: `redis://127.0.0.1:${port}`, prefix: 'dbg' })
const tryIt = async (label: string) => { try { await p.enqueue(crypto.randomUUID()); console.log(label, 'ok') } catch (e) { console.log(label, 'fail', (e as Error).message) } }
await tryIt('down')
const child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
await new Promise((r) => setTimeout(r, 3000))
console.log('status', (p as any).redis.status)
await tryIt('up1')
await new Promise((r) => setTimeout(r, 1000))
await tryIt('up2')
child.kill()
await p.close()
process.exit(0)
