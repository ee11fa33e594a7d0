/**
 * The web's real memory (peak RSS, the kernel's VmHWM) while six visitors download the bundle of
 * one conversion at once — issue 17, finding 3: a 59,514-byte DOCX with 49 distinct 1 MiB
 * pictures, six concurrent `GET …/bundle`, 629 MB peak when each bundle was built whole. Beside
 * the memory of the web's Blueprint plan.
 *
 * The DOCX goes through the built worker configured as before issue 17 (50 MiB of pictures per
 * conversion, no bound relative to the upload), which is what older conversions still hold: the
 * web is measured on the largest bundle a stored conversion can have. The web runs as render.yaml
 * runs it (`node apps/web/dist/server.js`, NODE_ENV=production): `pnpm build` first.
 *
 * Standalone: `pnpm --filter @draftsmith/bench run memory-bounds:bundles`. BENCH_BASELINE_WEB=<path
 * to another build's apps/web/dist/server.js> measures that build too, in the same run (the
 * "before": e.g. a worktree of the commit before the bundle streamed). BENCH_DOWNLOADS (6) sets how
 * many download at once. `memory-bounds` (run.ts) runs it beside the worker's scenarios.
 */
import { request } from 'node:http'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import { Document, ImageRun, Packer, Paragraph } from 'docx'
import { runApply } from '@draftsmith/migration-check'
import { baseEnv, createTestDatabase, freePort, startNode, uniquePrefix } from '@draftsmith/test-support'
import { parse } from 'yaml'
import { table } from '../lib/stats.js'
import type { MemoryRow } from './row.js'

export interface BundleMemoryRow {
  scenario: string
  /** Peak resident memory of the web process, MB. */
  peakRssMb: number
  /** Memory of the plan render.yaml gives the web service, MB. */
  planMb: number
}

const planMemoryMb: Record<string, number> = { starter: 512, standard: 2048, pro: 4096 }
export const webPlanMb = () => {
  const blueprint = parse(readFileSync(fileURLToPath(new URL('../../render.yaml', import.meta.url)), 'utf8')) as {
    services: { type: string; plan?: string }[]
  }
  return planMemoryMb[blueprint.services.find((s) => s.type === 'web')?.plan ?? 'starter'] ?? 0
}
const DOWNLOADS = Number(process.env.BENCH_DOWNLOADS ?? 6)
const PICTURES = 49
const MiB = 1024 * 1024

const ourWeb = fileURLToPath(new URL('../../apps/web/dist/server.js', import.meta.url))
const worker = fileURLToPath(new URL('../../apps/worker/dist/main.js', import.meta.url))

/** The document: 49 distinct pictures of 1 MiB each that deflate to almost nothing. */
export async function picturesDocx(count = PICTURES): Promise<Buffer> {
  const signature = Buffer.from('89504e470d0a1a0a', 'hex')
  const pictures = Array.from({ length: count }, (_, i) => {
    const picture = Buffer.alloc(MiB)
    signature.copy(picture)
    picture.writeUInt32BE(i + 1, 8)
    return picture
  })
  const doc = new Document({
    sections: [
      {
        children: pictures.map(
          (data, i) =>
            new Paragraph({
              children: [
                new ImageRun({
                  type: 'png',
                  data,
                  transformation: { width: 10, height: 10 },
                  altText: { name: `p${i}`, description: '', title: '' },
                }),
              ],
            }),
        ),
      },
    ],
  })
  return Packer.toBuffer(doc)
}

/** As Render's proxy says: production sends its Secure session cookie over HTTPS only. */
export const behindTls = { 'x-forwarded-proto': 'https' }

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

export function call(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer) {
  return new Promise<Reply>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { ...behindTls, ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Counts a download's bytes without keeping them: the client's memory is not what is measured. */
export function download(port: number, path: string, cookie: string) {
  return new Promise<{ status: number; bytes: number }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { ...behindTls, cookie } }, (res) => {
      let bytes = 0
      res.on('data', (c: Buffer) => (bytes += c.length))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

export const statusKb = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)

/**
 * Six concurrent bundle downloads of the conversion from the web server at `webServer`;
 * the row says how much memory that process reached.
 */
export async function bundleDownloads(
  options: { webServer?: string; scenario?: string } = {},
): Promise<BundleMemoryRow & { baselineRssMb: number; bundleMb: number }> {
  const teardowns: Array<() => unknown> = []
  const t = { teardown: (fn: () => unknown) => void teardowns.push(fn) }
  try {
    const db = await createTestDatabase(t, 'bench_bundles')
    await runApply({ env: { DATABASE_URL: db.databaseUrl } })
    const env = { DATABASE_URL: db.databaseUrl, QUEUE_PREFIX: uniquePrefix('bench_bundles').slice(0, -1) }
    const port = await freePort()
    const web = await startNode(
      options.webServer ?? ourWeb,
      baseEnv({
        ...env,
        NODE_ENV: 'production',
        SESSION_SECRET: randomBytes(32).toString('base64url'),
        PORT: String(port),
        HOST: '127.0.0.1',
        // Six downloads from six visitors: here they share one address.
        DOWNLOADS_IN_FLIGHT_PER_CLIENT: String(DOWNLOADS),
      }),
      { ready: 'Server listening', timeoutMs: 60_000 },
    )
    t.teardown(() => web.child.kill('SIGKILL'))

    // A visitor uploads the document (no Origin header: an API client, as CSRF allows).
    const created = await call(
      port,
      'POST',
      '/api/proposals',
      { 'content-type': 'application/json' },
      Buffer.from('{"title":"pictures"}'),
    )
    const cookie = String(created.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? ''
    const proposal = (JSON.parse(created.body.toString()) as { id: string }).id
    const docx = await picturesDocx()
    const boundary = `----bench${randomBytes(8).toString('hex')}`
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="pictures.docx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      docx,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const accepted = await call(
      port,
      'POST',
      `/api/proposals/${proposal}/conversions`,
      { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    )
    if (accepted.status !== 202) throw new Error(`upload refused: ${accepted.status} ${accepted.body.toString()}`)
    const conversion = (JSON.parse(accepted.body.toString()) as { conversions: Array<{ id: string }> }).conversions[0]!
      .id

    const before17 = { CONVERSION_MAX_ASSET_BYTES: String(50 * MiB), CONVERSION_OUTPUT_FLOOR_BYTES: String(50 * MiB) }
    const converter = await startNode(worker, baseEnv({ ...env, ...before17 }), {
      ready: 'worker started',
      timeoutMs: 60_000,
    })
    t.teardown(() => converter.child.kill('SIGKILL'))
    const deadline = Date.now() + 120_000
    let status = 'queued'
    while (status === 'queued' || status === 'processing') {
      if (Date.now() > deadline) throw new Error('the conversion did not finish within two minutes')
      await new Promise((r) => setTimeout(r, 200))
      status = (
        JSON.parse((await call(port, 'GET', `/api/conversions/${conversion}`, { cookie })).body.toString()) as {
          status: string
        }
      ).status
    }
    if (status !== 'succeeded') throw new Error(`the conversion ${status}`)
    converter.child.kill('SIGTERM')
    await converter.exit

    const pid = web.child.pid!
    const baselineKb = statusKb(pid, 'VmRSS')
    const results = await Promise.all(
      Array.from({ length: DOWNLOADS }, () => download(port, `/api/conversions/${conversion}/bundle`, cookie)),
    )
    const refused = results.filter((r) => r.status !== 200)
    if (refused.length > 0) throw new Error(`${refused.length} downloads were refused (${refused[0]!.status})`)
    return {
      scenario:
        options.scenario ??
        `web: ${DOWNLOADS} concurrent bundles of a ${(docx.length / 1000).toFixed(1)} KB DOCX with ${PICTURES} × 1 MiB pictures`,
      peakRssMb: Math.round(statusKb(pid, 'VmHWM') / 1024),
      planMb: webPlanMb(),
      baselineRssMb: Math.round(baselineKb / 1024),
      bundleMb: Math.round((results[0]!.bytes / MiB) * 10) / 10,
    }
  } finally {
    for (const fn of teardowns.reverse()) await fn()
  }
}

/** The scenario as run.ts's table has it. */
export async function bundleScenario(): Promise<MemoryRow[]> {
  const row = await bundleDownloads()
  return [
    {
      scenario: row.scenario,
      peakMb: row.peakRssMb,
      outcome: `all ${DOWNLOADS} bundles of ${row.bundleMb} MiB sent; ${row.baselineRssMb} MB before`,
    },
  ]
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const baseline = process.env.BENCH_BASELINE_WEB
  const rows = []
  if (baseline) rows.push(['before', await bundleDownloads({ webServer: baseline })] as const)
  rows.push(['after', await bundleDownloads()] as const)
  console.log(rows[0]![1].scenario)
  console.log(
    table(
      ['build', 'bundle', 'RSS before', 'peak RSS', 'plan', 'peak / plan'],
      rows.map(([name, row]) => [
        name,
        `${row.bundleMb} MiB`,
        `${row.baselineRssMb} MB`,
        `${row.peakRssMb} MB`,
        `${row.planMb} MB`,
        `${Math.round((row.peakRssMb / row.planMb) * 100)}%`,
      ]),
    ),
  )
}
