import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import CFB from 'cfb'
import t from 'tap'
import { detect } from '../../../src/detect.js'
import { IsolatedConverter } from '../../../src/process/isolated.js'
import { convertAs } from '../../helpers.js'

/** Word 97–2003 documents: docling's and one LibreOffice saved from the DOCX corpus (fixtures/SOURCES.md). */
const bytes = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)))

t.test('told apart from the other compound files by its WordDocument stream', async (t) => {
  t.match(await detect(bytes('greek_heading_styles.doc'), 'x.doc'), {
    ok: true,
    format: 'doc',
    mime: 'application/msword',
  })
  const workbook = CFB.utils.cfb_new()
  CFB.utils.cfb_add(workbook, 'Workbook', Buffer.from('not really'))
  const xls = Buffer.from(CFB.write(workbook, { type: 'buffer' }) as Uint8Array)
  // A workbook is read as the workbook it is, whatever its name says (binary content decides, as a
  // PDF named .docx is read as a PDF); XLS is a format of its own since issue 19.
  t.match(await detect(xls, 'sheet.doc'), { ok: true, format: 'xls' })
  const other = CFB.utils.cfb_new()
  CFB.utils.cfb_add(other, 'Something', Buffer.from('x'))
  t.match(await detect(Buffer.from(CFB.write(other, { type: 'buffer' }) as Uint8Array)), {
    ok: false,
    reason: /compound \(OLE2\) file/,
  })
})

t.test('the text in order, every paragraph, accents and non-breaking hyphens as written', async (t) => {
  const { markdown, report } = await convertAs('doc', bytes('greek_heading_styles.doc'))
  t.match(markdown, /^Überschriften in nicht‑englischer Sprache\n\nProblem mit lokalisierten Dokumenten\n/)
  t.match(markdown, /\nLokaler Lauf gegen den eingesetzten DOCX‑Korpus\.\n$/)
  t.match(report.notKept, [{ code: 'doc-styles-not-read' }], 'what is not read is said')
})

t.test('tables from the cell marks', async (t) => {
  const { markdown } = await convertAs('doc', bytes('lo_word_tables.doc'))
  t.match(
    markdown,
    /\| Header 0\.0 \| Header 0\.1 \| Header 0\.2 \|\n\| --- \| --- \| --- \|\n\| Cell 1\.0 \| Cell 1\.1 \| Cell 1\.2 \|/,
  )
})

t.test('damaged files are refused with a sentence, in time', async (t) => {
  const pool = new IsolatedConverter({ processes: 1, maxHeapMb: 256, maxRssMb: 640 })
  t.teardown(() => pool.close())
  const real = bytes('lo_word_tables.doc')
  const convert = (input: Buffer) =>
    pool
      .convert(input, { format: 'doc', signal: AbortSignal.timeout(30_000) })
      .catch((error: unknown) => ({ ok: false as const, reason: String(error) }))
  t.match(await convert(real.subarray(0, 4096)), { ok: false, reason: /DOC file could not be read|no text/ })
  const scrambled = Buffer.from(real)
  for (let i = 1024; i < scrambled.length; i += 7) scrambled[i] = (scrambled[i] ?? 0) ^ 0x5a
  const outcome = await convert(scrambled)
  t.ok(
    outcome.ok || /DOC file could not be read|no text/.test(outcome.reason),
    outcome.ok ? 'converted what it could' : outcome.reason,
  )
  const empty = CFB.utils.cfb_new()
  CFB.utils.cfb_add(empty, 'WordDocument', Buffer.alloc(16))
  t.match(await convert(Buffer.from(CFB.write(empty, { type: 'buffer' }) as Uint8Array)), {
    ok: false,
    reason: /DOC file could not be read|no text/,
  })
})
