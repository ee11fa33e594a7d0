/** What every benchmarked server answers on GET /api/auth/me, so the payloads are the same size. */
export const meBody = {
  user: { id: '7f1d3c9e-2b4a-4c1e-9a7d-1f2e3d4c5b6a', email: 'bench@example.com', role: 'user' },
  session: { createdAt: '2026-11-21T00:00:00.000Z', expiresAt: '2026-11-28T00:00:00.000Z' },
}

export const secret = 'a-benchmark-secret-that-is-long-enough-for-everyone'

/** Tells the bench runner the port once the server accepts connections. */
export function ready(port: number): void {
  process.stdout.write(`listening ${port}\n`)
}
