/** The full run (README's figures) and the short one `pnpm test` runs: same scenarios, smaller counts. */
import type { LoadOptions } from './load.js'

export interface Profile {
  name: 'full' | 'short'
  load: LoadOptions
  /** Load before the fault. */
  warmMs: number
  /** Load after it. */
  afterMs: number
  postgresDownMs: number
  redisDownMs: number
  /** Longest wait for the submitted conversions to end. */
  settleMs: number
  /** Hostile requests generated (scenario 7). */
  hostileRequests: number
  /** Connections that trickle their headers (scenario 7). */
  slowClients: number
  /** How long the slow clients trickle (scenario 7). */
  slowClientMs: number
  /** Times the worker is SIGKILLed mid-conversion (scenario 3). */
  workerKills: number
  /** Predeploys started at once (scenario 6). */
  predeploys: number
  /** Files one visitor drops at once while another uploads one (scenario 5; at most one upload's and one owner's queue quota, 10). */
  scaleOutBurst: number
  /** Paragraphs in each of those files: enough that the burst outlasts the single upload's arrival. */
  scaleOutParagraphs: number
  /**
   * Scenario 8 asks every HEAD route too (Fastify makes one for each GET, with its handler and
   * hooks): in the full profile. The short one checks they have a rule and asks the GETs.
   */
  matrixHead: boolean
  /** The worker's lock duration and stalled-job check: how soon a killed worker's job comes back. */
  workerLockMs: number
}

export const profiles: Record<Profile['name'], Profile> = {
  full: {
    name: 'full',
    load: { loops: 8, pauseMs: 20, users: 8 },
    warmMs: 3000,
    afterMs: 4000,
    postgresDownMs: 3000,
    redisDownMs: 3000,
    settleMs: 120_000,
    hostileRequests: 10_000,
    slowClients: 50,
    slowClientMs: 20_000,
    workerKills: 2,
    predeploys: 10,
    scaleOutBurst: 10,
    scaleOutParagraphs: 4000,
    matrixHead: true,
    workerLockMs: 5000,
  },
  short: {
    name: 'short',
    load: { loops: 3, pauseMs: 40, users: 3 },
    warmMs: 500,
    afterMs: 1000,
    postgresDownMs: 2000,
    redisDownMs: 1500,
    settleMs: 90_000,
    hostileRequests: 600,
    slowClients: 5,
    slowClientMs: 3000,
    workerKills: 1,
    predeploys: 4,
    scaleOutBurst: 10,
    scaleOutParagraphs: 2000,
    matrixHead: false,
    // Not shorter: in CI the short profile shares two cores with two other test files, and a
    // worker starved that long misses a 2 s lock renewal, so a live job was taken for stalled.
    workerLockMs: 5000,
  },
}
