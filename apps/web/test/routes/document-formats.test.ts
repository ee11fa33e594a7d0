import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { documentTypes, formatNames } from '@draftsmith/convert/formats'
import t from 'tap'
import { Browser, buildTestApp } from '../helpers/app.js'
import { multipart } from '../helpers/multipart.js'

/**
 * Every format the engine reads is one the web takes: the upload form's `accept` lists its
 * extensions, an upload is told apart by its content (not its name or declared type), and a
 * 415 names what is supported. Documents from the engine's own test fixtures.
 */
const engineFixture = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../../../packages/convert/test/readers/${path}`, import.meta.url)))

t.test("the drop area's accept lists every extension of every format the engine reads", async (t) => {
  const dropzone = readFileSync(fileURLToPath(new URL('../../public/dropzone.js', import.meta.url)), 'utf8')
  const list = /export const ACCEPT = \[([\s\S]*?)\]\.join/.exec(dropzone)?.[1] ?? ''
  const accepted = new Set([...list.matchAll(/'([^']+)'/g)].flatMap((m) => (m[1] as string).split(',')))
  const expected = Object.values(formatNames).flatMap((names) => names.extensions)
  t.same([...accepted].sort(), [...expected].sort())
})

t.test('uploads of the office formats are detected by their content and queued', async (t) => {
  const { app } = await buildTestApp(t, { label: 'document_formats' })
  const browser = new Browser(app)
  const proposal = (
    await browser.request({ method: 'POST', url: '/api/proposals', payload: { title: 'Formats' } })
  ).json().id as string
  const odt = engineFixture('odt/fixtures/pandoc_notes.odt')
  const epub = engineFixture('epub/fixtures/pandoc_field_guide.epub')
  const rtf = engineFixture('rtf/fixtures/pandoc_notes.rtf')
  const doc = engineFixture('doc/fixtures/lo_word_tables.doc')
  const odp = engineFixture('odp/fixtures/lo_powerpoint_sample.odp')
  const ppt = engineFixture('ppt/fixtures/lo_powerpoint_sample.ppt')
  const res = await browser.request({
    method: 'POST',
    url: `/api/proposals/${proposal}/conversions`,
    ...multipart([
      { filename: 'notes.odt', content: odt },
      { filename: 'notes (renamed)', type: 'text/plain', content: odt },
      { filename: 'guide.epub', content: epub },
      { filename: 'notes.rtf', content: rtf },
      { filename: 'tables.doc', content: doc },
      { filename: 'slides.odp', type: 'application/octet-stream', content: odp },
      { filename: 'slides.ppt', type: 'application/octet-stream', content: ppt },
    ]),
  })
  t.equal(res.statusCode, 202, res.body)
  t.same(
    res.json().conversions.map((c: { sourceMime: string }) => c.sourceMime),
    [
      documentTypes.odt,
      documentTypes.odt,
      documentTypes.epub,
      documentTypes.rtf,
      documentTypes.doc,
      documentTypes.odp,
      documentTypes.ppt,
    ],
    'by content, whatever the name and the declared type say',
  )
  const refused = await browser.request({
    method: 'POST',
    url: `/api/proposals/${proposal}/conversions`,
    ...multipart([{ filename: 'sheet.odt', content: 'a,b\n1,2' }]),
  })
  t.equal(refused.statusCode, 415)
  t.match(refused.json().detail, /named \.odt but its content is text, not ODT/)
})

t.test(
  'e-mail uploads (EML by its headers, MSG by its compound file) are detected by their content and queued',
  async (t) => {
    const { app } = await buildTestApp(t, { label: 'document_formats_mail' })
    const browser = new Browser(app)
    const proposal = (
      await browser.request({ method: 'POST', url: '/api/proposals', payload: { title: 'Mail' } })
    ).json().id as string
    const res = await browser.request({
      method: 'POST',
      url: `/api/proposals/${proposal}/conversions`,
      ...multipart([
        { filename: 'report.eml', content: engineFixture('mail/fixtures/pond_report.eml') },
        {
          filename: 'message',
          type: 'application/octet-stream',
          content: engineFixture('mail/fixtures/msg_simple.msg'),
        },
      ]),
    })
    t.equal(res.statusCode, 202, res.body)
    t.same(
      res.json().conversions.map((c: { sourceMime: string }) => c.sourceMime),
      [documentTypes.eml, documentTypes.msg],
    )
  },
)
