import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { strToU8, zipSync, type Zippable } from 'fflate'
import t from 'tap'
import { defaultContext } from '../../../src/context/context.js'
import { detect } from '../../../src/detect.js'
import { ConversionInputError } from '../../../src/errors.js'
import { IsolatedConverter } from '../../../src/process/isolated.js'
import { readOdfPackage } from '../../../src/readers/odt/package.js'
import { MAX_XML_DEPTH } from '../../../src/readers/shared/xml-tree.js'
import { unreadable } from '../../../src/readers/shared/unreadable.js'

/**
 * OpenDocument texts built to break the ODT reader: zip bombs honest and lying, nesting past any
 * real document, more elements than the heap holds, a truncated file, a zip that is not ODT.
 * Each is refused with its own message within a time limit many times what a linear pass needs,
 * in a conversion process with the production heap.
 */
const LIMIT_MS = 30_000
const pool = new IsolatedConverter({ processes: 2, maxHeapMb: 256, maxRssMb: 640 })
t.teardown(() => pool.close())

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'

/** An ODT package: the mimetype member first and stored, as the format requires, then `content.xml`. */
function odt(body: string, extra: Zippable = {}): Buffer {
  return Buffer.from(
    zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
      'content.xml': strToU8(
        `<?xml version="1.0"?><office:document-content ${NS}><office:body><office:text>${body}</office:text></office:body></office:document-content>`,
      ),
      ...extra,
    }),
  )
}

async function inPool(bytes: Buffer) {
  return pool
    .convert(bytes, { format: 'odt', signal: AbortSignal.timeout(LIMIT_MS) })
    .catch((error: unknown) => ({ ok: false as const, reason: `aborted: ${String((error as Error).message)}` }))
}

/** Rewrites every declared uncompressed size of a zip (local and central headers) to `size`: a zip that lies. */
function declareSizes(zip: Buffer, size: number): Buffer {
  const out = Buffer.from(zip)
  for (let i = 0; i + 4 <= out.length; i++) {
    const signature = out.readUInt32LE(i)
    if (signature === 0x04034b50 && out.readUInt32LE(i + 18) > 1_000_000) out.writeUInt32LE(size, i + 22)
    if (signature === 0x02014b50 && out.readUInt32LE(i + 20) > 1_000_000) out.writeUInt32LE(size, i + 24)
  }
  return out
}

t.test('a small document converts in the pool: the hostile cases below are refused, not broken', async (t) => {
  const outcome = await inPool(odt('<text:h text:outline-level="1">Title</text:h><text:p>Body</text:p>'))
  t.match(outcome, { ok: true, markdown: '# Title\n\nBody\n' })
  t.match(await detect(odt('<text:p>x</text:p>')), { ok: true, format: 'odt' })
})

t.test('zip bombs are refused before they inflate past the bound', async (t) => {
  const padding = ' '.repeat(120 * 1024 * 1024)
  const honest = odt(`<text:p>x</text:p>${padding}`)
  t.ok(honest.length < 1_000_000, 'a megabyte that declares 120 MB')
  t.match(await inPool(honest), { ok: false, reason: /would expand to \d+ MB .*zip bomb/ })
  const lying = declareSizes(honest, 1024)
  t.match(await inPool(lying), { ok: false, reason: /zip bomb/ }, '120 MB declared as 1 KB')
})

t.test(`nesting deeper than ${MAX_XML_DEPTH} levels is refused with its own message`, async (t) => {
  const depth = 100_000
  const outcome = await inPool(
    odt(`<text:p>${'<text:span>'.repeat(depth)}deep${'</text:span>'.repeat(depth)}</text:p>`),
  )
  t.match(outcome, { ok: false, reason: /ODT file's content\.xml is nested more than \d+ levels deep/ })
  const lists = await inPool(
    odt(
      `${'<text:list><text:list-item>'.repeat(50_000)}<text:p>x</text:p>${'</text:list-item></text:list>'.repeat(50_000)}`,
    ),
  )
  t.match(lists, { ok: false, reason: /nested more than \d+ levels deep/ }, 'lists too')
})

t.test('nesting just inside the bound converts: lists in lists, tables in cells', async (t) => {
  const levels = 40
  const lists = `${'<text:list><text:list-item><text:p>item</text:p>'.repeat(levels)}${'</text:list-item></text:list>'.repeat(levels)}`
  const tables = `${'<table:table><table:table-row><table:table-cell>'.repeat(40)}<text:p>core</text:p>${'</table:table-cell></table:table-row></table:table>'.repeat(40)}`
  const outcome = await inPool(odt(`${lists}${tables}<text:p>tail</text:p>`))
  t.ok(outcome.ok, outcome.ok ? 'converted' : outcome.reason)
  if (outcome.ok) t.match(outcome.markdown, /item[\s\S]*core[\s\S]*tail/)
})

t.test('a document of more elements than the heap holds is refused with a message', async (t) => {
  const own = new IsolatedConverter({ processes: 1, maxHeapMb: 256, maxRssMb: 640 })
  t.teardown(() => own.close())
  const spans = Array.from({ length: 1_000_000 }, (_, i) => `<text:span>${i.toString(36)}</text:span>`).join('')
  const outcome = await own.convert(odt(`<text:p>${spans}</text:p>`), {
    format: 'odt',
    signal: AbortSignal.timeout(LIMIT_MS),
  })
  t.match(outcome.ok ? 'converted' : outcome.reason, /more than [\d,]+ XML elements/)
})

t.test('a damaged file and a zip that is not a text document each say what is wrong', async (t) => {
  const real = readFileSync(fileURLToPath(new URL('./fixtures/text_document_01.odt', import.meta.url)))
  t.match(await inPool(real.subarray(0, Math.floor(real.length / 2))), {
    ok: false,
    reason: /ODT file is damaged or incomplete/,
  })
  const noContent = Buffer.from(
    zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
      'styles.xml': strToU8('<x/>'),
    }),
  )
  t.match(await inPool(noContent), { ok: false, reason: /not an OpenDocument text \(no content\.xml\)/ })
  const spreadsheet = Buffer.from(
    zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
      'content.xml': strToU8(
        `<office:document-content ${NS}><office:body><office:spreadsheet/></office:body></office:document-content>`,
      ),
    }),
  )
  t.match(await inPool(spreadsheet), { ok: false, reason: /has no text body/ })
})

t.test('what a walk did not foresee is the file that could not be read, for every OpenDocument reader', async (t) => {
  const bytes = odt('<text:p>x</text:p>')
  const overflow = () => {
    throw new RangeError('Maximum call stack size exceeded\n    at walk')
  }
  for (const label of ['ODT', 'ODS', 'ODP'] as const)
    await t.rejects(readOdfPackage(bytes, defaultContext(), { label, remedy: 'save it again from X' }, overflow), {
      name: 'ConversionInputError',
      message: `the ${label} file could not be read (Maximum call stack size exceeded); save it again from X`,
    })
  await t.rejects(readOdfPackage(bytes, defaultContext(), { label: 'ODT' }, overflow), {
    message: /; save it again and re-upload$/,
  })
  const own = new ConversionInputError('the ODT file has no text body')
  await t.rejects(
    readOdfPackage(bytes, defaultContext(), { label: 'ODT' }, () => {
      throw own
    }),
    own,
    "the reader's own message passes as it is",
  )
  const cancelled = new AbortController()
  cancelled.abort()
  await t.rejects(
    readOdfPackage(bytes, defaultContext({ signal: cancelled.signal }), { label: 'ODT' }, overflow),
    { name: 'RangeError' },
    'a cancelled conversion is not blamed on the file',
  )
  t.same(await readOdfPackage(bytes, defaultContext(), { label: 'ODT' }, ({ archive }) => archive.names), [
    'mimetype',
    'content.xml',
  ])
})

t.test(
  'one guard for every office reader: the DOCX, PPTX, XLSX, PPT, DOC and XLS readers and the ODF package',
  async (t) => {
    const src = fileURLToPath(new URL('../../../src/readers/', import.meta.url))
    for (const reader of [
      'docx/index',
      'pptx/index',
      'xlsx/index',
      'ppt/index',
      'doc/index',
      'xls/index',
      'odt/package',
    ]) {
      const code = readFileSync(`${src}${reader}.ts`, 'utf8')
      t.match(code, /throw unreadable\(error, /, `${reader} throws through readers/shared/unreadable.ts`)
      t.notMatch(code, /could not be read \(/, `${reader} builds no message of its own`)
    }
    const format = { label: 'PPT', remedy: 'save it again from PowerPoint and re-upload' }
    t.match(unreadable(new RangeError('Invalid array length\n    at read'), format, defaultContext()), {
      name: 'ConversionInputError',
      message: 'the PPT file could not be read (Invalid array length); save it again from PowerPoint and re-upload',
    })
    const own = new ConversionInputError('the PPT file is protected by a password')
    t.equal(unreadable(own, format, defaultContext()), own, "a reader's own message passes as it is")
    const cancelled = new AbortController()
    cancelled.abort()
    const overflow = new RangeError('Maximum call stack size exceeded')
    t.equal(unreadable(overflow, format, defaultContext({ signal: cancelled.signal })), overflow, 'nor is a cancel')
  },
)
