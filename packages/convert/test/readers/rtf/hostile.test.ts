import t from 'tap'
import { IsolatedConverter } from '../../../src/process/isolated.js'
import { MAX_GROUP_DEPTH } from '../../../src/readers/rtf/interpret.js'

/**
 * RTF built to break the reader: groups nested a million deep, a megabyte group of hex that is no
 * picture, `\bin` claiming more bytes than the file has, more paragraphs than memory holds,
 * unbalanced braces, binary garbage. Each converts or is refused with its own message, within a
 * time limit many times a linear pass, in a conversion process with the production heap.
 */
const LIMIT_MS = 30_000
const pool = new IsolatedConverter({ processes: 2, maxHeapMb: 256, maxRssMb: 640 })
t.teardown(() => pool.close())

async function inPool(rtf: string) {
  return pool
    .convert(Buffer.from(rtf, 'latin1'), { format: 'rtf', signal: AbortSignal.timeout(LIMIT_MS) })
    .catch((error: unknown) => ({ ok: false as const, reason: `aborted: ${String((error as Error).message)}` }))
}

t.test(`groups nested deeper than ${MAX_GROUP_DEPTH} levels are refused with their own message`, async (t) => {
  const depth = 1_000_000
  t.match(await inPool(`{\\rtf1 ${'{'.repeat(depth)}deep${'}'.repeat(depth)}}`), {
    ok: false,
    reason: /groups are nested more than \d+ levels deep/,
  })
  const inside = await inPool(`{\\rtf1 ${'{\\b '.repeat(400)}kept${'}'.repeat(400)}\\par}`)
  t.match(inside, { ok: true, markdown: '**kept**\n' }, 'nesting inside the bound converts')
})

t.test('huge groups and lying counts end in time', async (t) => {
  const hex = await inPool(
    `{\\rtf1 {\\pict ${'0f'.repeat(4_000_000)}}{\\*\\unknown ${'x'.repeat(2_000_000)}}after\\par}`,
  )
  t.match(hex, { ok: true, markdown: 'after\n' }, 'a picture of no known type and an unknown destination are skipped')
  if (hex.ok) t.match(hex.report.notKept, [{ code: 'image-format-unsupported' }])
  const bin = await inPool(`{\\rtf1 before\\par {\\pict\\pngblip\\bin999999999 xyz}}`)
  t.match(bin, { ok: true, markdown: /^before\n/ }, '\\bin past the end of the file')
  const text = await inPool(`{\\rtf1 ${'word '.repeat(1_000_000)}\\par}`)
  t.ok(text.ok, 'five megabytes of one paragraph')
})

t.test('more paragraphs than memory holds are refused with a message', async (t) => {
  const own = new IsolatedConverter({ processes: 1, maxHeapMb: 256, maxRssMb: 640 })
  t.teardown(() => own.close())
  const outcome = await own.convert(Buffer.from(`{\\rtf1 ${'x\\par '.repeat(1_200_000)}}`, 'latin1'), {
    format: 'rtf',
    signal: AbortSignal.timeout(LIMIT_MS),
  })
  t.match(outcome.ok ? 'converted' : outcome.reason, /more than [\d,]+ paragraphs and runs/)
})

t.test('unbalanced braces, garbage and a file that only claims to be RTF', async (t) => {
  t.match(await inPool(`{\\rtf1 {\\b open}} }}} tail\\par`), { ok: true, markdown: /open/ })
  t.match(await inPool(`{\\rtf1 {{{{ never closed\\par`), { ok: true, markdown: 'never closed\n' })
  const garbage = `{\\rtf1 ${String.fromCharCode(...Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 256))}}`
  const outcome = await inPool(garbage)
  t.ok(outcome.ok || /no text|could not/.test(outcome.reason), outcome.ok ? 'converted' : outcome.reason)
  t.match(await inPool('{\\rtf1 }'), { ok: false, reason: /no text to convert/ })
})
