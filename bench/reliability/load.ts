/**
 * A steady mixed load through the two-hop proxy: signed-in reads, visitor uploads of real
 * documents of every format, downloads of Markdown, assets and bundles. Every request is counted
 * by status with its latency; every conversion the load submits is remembered, so a scenario can
 * ask what became of each.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from './stack.js'

export const documents = [
  { name: 'proposal.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  { name: 'article.html', type: 'text/html' },
  { name: 'report.pdf', type: 'application/pdf' },
  { name: 'letter.txt', type: 'text/plain' },
  { name: 'notes.md', type: 'text/markdown' },
].map((d) => ({ ...d, bytes: readFileSync(join(repoRoot, 'fixtures/documents', d.name)) }))

export interface Answer {
  status: number
  ms: number
  body: string
  headers: Headers | undefined
}

/** Counts answers by status, with latencies (status 0: no answer — reset, refused, timed out). */
export class Tally {
  readonly byStatus = new Map<number, number>()
  readonly latencies: number[] = []
  maxMs = 0

  add(answer: Answer): void {
    this.byStatus.set(answer.status, (this.byStatus.get(answer.status) ?? 0) + 1)
    this.latencies.push(answer.ms)
    this.maxMs = Math.max(this.maxMs, answer.ms)
  }

  get count(): number {
    return this.latencies.length
  }

  count5xx(): number {
    return [...this.byStatus].filter(([s]) => s >= 500 || s === 0).reduce((n, [, c]) => n + c, 0)
  }

  countOf(test: (status: number) => boolean): number {
    return [...this.byStatus].filter(([s]) => test(s)).reduce((n, [, c]) => n + c, 0)
  }

  percentile(p: number): number {
    if (this.latencies.length === 0) return 0
    const sorted = [...this.latencies].sort((a, b) => a - b)
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
  }

  /** `200:950 503:12` — what the table prints. */
  summary(): string {
    return [...this.byStatus]
      .sort(([a], [b]) => a - b)
      .map(([s, c]) => `${s === 0 ? 'none' : s}:${c}`)
      .join(' ')
  }
}

let addressSerial = 0
/** A client address from the documentation ranges, unique per client. */
export function nextAddress(): string {
  addressSerial++
  return `198.51.${(addressSerial >> 8) & 255}.${addressSerial & 255}`
}

/** One client: its own address and cookie jar, as a browser behind the edge. */
export class Client {
  readonly cookies = new Map<string, string>()
  constructor(
    readonly base: string,
    readonly address = nextAddress(),
    private readonly tally?: Tally,
  ) {}

  async request(
    method: string,
    path: string,
    options: { json?: unknown; form?: FormData; headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<Answer> {
    const started = performance.now()
    const headers: Record<string, string> = { 'x-bench-client': this.address, ...options.headers }
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    let body: string | FormData | undefined
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(options.json)
    } else body = options.form
    let answer: Answer
    try {
      const response = await fetch(`${this.base}${path}`, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        redirect: 'manual',
      })
      const text = await response.text()
      for (const cookie of response.headers.getSetCookie()) {
        const [pair = ''] = cookie.split(';')
        const eq = pair.indexOf('=')
        const name = pair.slice(0, eq)
        const value = pair.slice(eq + 1)
        if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) this.cookies.delete(name)
        else this.cookies.set(name, value)
      }
      answer = { status: response.status, ms: performance.now() - started, body: text, headers: response.headers }
    } catch {
      answer = { status: 0, ms: performance.now() - started, body: '', headers: undefined }
    }
    this.tally?.add(answer)
    return answer
  }

  json<T = Record<string, unknown>>(answer: Answer): T | undefined {
    try {
      return JSON.parse(answer.body) as T
    } catch {
      return undefined
    }
  }
}

export interface LoadOptions {
  /** Request loops running at once. */
  loops: number
  /** Pause between two requests of one loop, ms. */
  pauseMs: number
  /** Signed-in users. */
  users: number
}

/** Signs up `count` users, each from its own address. */
export async function signUpUsers(base: string, count: number, tally?: Tally): Promise<Client[]> {
  const users: Client[] = []
  for (let i = 0; i < count; i++) {
    const client = new Client(base, nextAddress(), tally)
    const answer = await client.request('POST', '/api/auth/signup', {
      json: { email: `user${i}-${Date.now()}@bench.example`, password: 'correct horse battery staple' },
    })
    if (answer.status !== 201) throw new Error(`signup: ${answer.status} ${answer.body}`)
    users.push(client)
  }
  return users
}

export class Load {
  readonly tally = new Tally()
  /** The signed-in reads alone (also in `tally`). */
  readonly reads = new Tally()
  /** Conversions the load's uploads were answered 202 for. */
  readonly submitted = new Set<string>()
  /** Finished conversions' ids (for downloads). */
  private readonly finished: string[] = []
  private running = false
  private loops: Promise<void>[] = []
  private users: Client[] = []

  constructor(
    private readonly base: string,
    private readonly options: LoadOptions,
  ) {}

  async prepare(): Promise<void> {
    this.users = await signUpUsers(this.base, this.options.users)
  }

  get signedIn(): Client[] {
    return this.users
  }

  start(): void {
    this.running = true
    this.loops = Array.from({ length: this.options.loops }, (_, i) => this.loop(i))
  }

  async stop(): Promise<void> {
    this.running = false
    await Promise.all(this.loops)
  }

  private async loop(index: number): Promise<void> {
    let step = index
    while (this.running) {
      await this.action(step++)
      await new Promise((r) => setTimeout(r, this.options.pauseMs))
    }
  }

  /** The mix: 6 signed-in reads, 2 uploads, 2 downloads in every 10 steps. */
  private async action(step: number): Promise<void> {
    const kind = step % 10
    const user = this.users[step % this.users.length] as Client
    const client = new Client(this.base, user.address, this.tally)
    for (const [k, v] of user.cookies) client.cookies.set(k, v)
    if (kind < 6) this.reads.add(await client.request('GET', kind < 3 ? '/api/auth/me' : '/api/proposals?limit=10'))
    else if (kind < 8) await this.upload(step)
    else await this.download(client, step)
  }

  /** A visitor (no account, its own address) uploads a document of the next format. */
  private async upload(step: number): Promise<void> {
    const visitor = new Client(this.base, nextAddress(), this.tally)
    const proposal = await visitor.request('POST', '/api/proposals', { json: { title: `load ${step}` } })
    const id = visitor.json<{ id: string }>(proposal)?.id
    if (proposal.status !== 201 || !id) return
    const document = documents[step % documents.length] as (typeof documents)[number]
    const form = new FormData()
    form.append('file', new Blob([document.bytes], { type: document.type }), document.name)
    const answer = await visitor.request('POST', `/api/proposals/${id}/conversions`, { form })
    if (answer.status === 202)
      for (const c of visitor.json<{ conversions: { id: string }[] }>(answer)?.conversions ?? []) {
        this.submitted.add(c.id)
        this.owners.set(c.id, visitor)
      }
  }

  /** Who uploaded each conversion (downloads are the owner's). */
  private readonly owners = new Map<string, Client>()

  private async download(_client: Client, step: number): Promise<void> {
    if (this.finished.length === 0 || step % 7 === 0) await this.refreshFinished()
    const id = this.finished[step % Math.max(1, this.finished.length)]
    const owner = id ? this.owners.get(id) : undefined
    if (!id || !owner) return
    const as = new Client(this.base, owner.address, this.tally)
    for (const [k, v] of owner.cookies) as.cookies.set(k, v)
    const what = step % 3
    if (what === 0) await as.request('GET', `/api/conversions/${id}/markdown`)
    else if (what === 1) await as.request('GET', `/api/conversions/${id}/bundle`)
    else {
      const conversion = await as.request('GET', `/api/conversions/${id}`)
      const asset = as.json<{ assets?: { url: string }[] }>(conversion)?.assets?.[0]
      if (asset) await as.request('GET', asset.url)
    }
  }

  private async refreshFinished(): Promise<void> {
    // Owners ask for their own conversions; the first few that succeeded serve as downloads.
    for (const [id, owner] of [...this.owners].slice(-20)) {
      if (this.finished.includes(id)) continue
      const probe = new Client(this.base, owner.address)
      for (const [k, v] of owner.cookies) probe.cookies.set(k, v)
      const answer = await probe.request('GET', `/api/conversions/${id}`)
      if (probe.json<{ status: string }>(answer)?.status === 'succeeded') this.finished.push(id)
    }
  }
}
