import { customType } from 'drizzle-orm/pg-core'

/** drizzle-orm 0.45 has no built-in bytea column; postgres.js reads and writes Buffers. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
})
