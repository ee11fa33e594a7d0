/** Every queue draftsmith uses. Web produces to them; the worker consumes them. */
export const queueNames = {
  /** One job per uploaded document: jobId = conversion id, so enqueueing is idempotent. */
  conversions: 'conversions',
  /** Job schedulers: expired-session cleanup, upload retention, stuck-conversion sweep. */
  maintenance: 'maintenance',
} as const

export type QueueName = (typeof queueNames)[keyof typeof queueNames]
