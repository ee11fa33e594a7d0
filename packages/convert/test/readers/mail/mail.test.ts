import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import CFB from 'cfb'
import t from 'tap'
import { convert } from '../../../src/convert.js'
import { detect } from '../../../src/detect.js'
import { ConversionInputError } from '../../../src/errors.js'
import { notKeptCounts } from '../../helpers.js'

/** docling's e-mail samples (MIT) and pond_report.eml made by Python's email package (fixtures/SOURCES.md). */
const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)))

t.test('a plain-text e-mail: subject, header block, body (docling eml_simple)', async (t) => {
  const { markdown } = await convert(fixture('eml_simple.eml'))
  t.equal(
    markdown,
    '# Simple Email\n\n**From:** Alice Example \\<alice@example.com>\\\n**To:** Bob Example \\<bob@example.com>\n\nHello Bob,\n\nThis is a simple email body.\n',
  )
})

t.test('an attachment is listed and converted below as its own section (docling eml_with_attachment)', async (t) => {
  const { markdown } = await convert(fixture('eml_with_attachment.eml'))
  t.match(markdown, /## Attachments\n\n- test\.txt\n\n## test\.txt\n\nThis is a test attachment file\./)
})

t.test(
  'an HTML mail: HTML body, inline picture as an asset, charset decoded, attachments converted one level down',
  async (t) => {
    const { markdown, assets, report } = await convert(fixture('pond_report.eml'), { name: 'pond_report.eml' })
    t.match(
      markdown,
      /^# Pond report — drafts attached\n\n\*\*From:\*\* Alice Exämple \\<alice@example\.com>\\\n\*\*To:\*\* Bob Example \\<bob@example\.com>, dave@example\.net\\\n\*\*Cc:\*\* Carol Example \\<carol@example\.org>\\\n\*\*Date:\*\* Tue, 01 Dec 2026 16:42:05 \+0000\n/,
      'the date as the message writes it',
    )
    t.match(
      markdown,
      /The \*\*report\*\* and the \[minutes\]\(https:\/\/example\.com\/minutes\) are attached\./,
      'HTML body, redirect unwrapped',
    )
    t.match(markdown, /!\[Pond logo\]\(assets\/image-1\.png\)/)
    t.same(
      assets.map((a) => [a.name, a.contentType]),
      [['image-1.png', 'image/png']],
    )
    t.match(markdown, /\| Mallard \| 12 \|/)
    t.match(markdown, /Grüße,\\\nAlice/, 'ISO-8859-1 quoted-printable decoded')
    t.notMatch(markdown, /logo\.png \(/, 'the inline picture is not listed as an attachment')
    t.match(markdown, /## lorem_ipsum\.docx\n\nLorem ipsum dolor sit amet/)
    t.match(
      markdown,
      /## Attachments\n\n- lorem_ipsum\.docx\n- Minutes of the pond committee\n- data\.bin\n/,
      'listed by name, an attached message by its subject',
    )
    t.match(
      markdown,
      /\n## Minutes of the pond committee\n\n\*\*From:\*\* Carol Example[^\n]*\n[^\n]*\n\*\*Date:\*\* Mon, 30 Nov 2026 09:15:00 \+0100\n/,
      'an attached message headed by its subject, its date in its own offset',
    )
    t.notMatch(markdown, /## data\.bin|Not converted/, 'binary data listed only')
    t.equal(notKeptCounts(report)['embedded-not-converted'], 1)
    t.same(
      report.metadata,
      {
        title: 'Pond report — drafts attached',
        authors: ['Alice Exämple <alice@example.com>'],
        created: '2026-12-01T16:42:05.000Z',
      },
      'the outer message\u2019s, not its attachment\u2019s',
    )
  },
)

t.test('Windows-1252 parts and encoded words keep their quotes and dashes (bytes 0x80-0x9F)', async (t) => {
  // Node 20's TextDecoder reads windows-1252 as ISO-8859-1: 0x92 came out a control and was dropped.
  const qp = (text: string) =>
    [...Buffer.from(text, 'latin1')]
      .map((b) => (b >= 0x80 || b === 0x3d ? `=${b.toString(16).toUpperCase()}` : String.fromCharCode(b)))
      .join('')
  const mail = (charset: string, body: string) =>
    Buffer.from(
      `From: =?windows-1252?Q?Ren=E9e_=93R=94_Dubois?= <renee@example.org>\r\nTo: team@example.net\r\n` +
        `Subject: =?windows-1252?Q?Release_=96_it=92s_out?=\r\nMIME-Version: 1.0\r\n` +
        `Content-Type: text/plain; charset="${charset}"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${body}\r\n`,
      'latin1',
    )
  const { markdown } = await convert(mail('windows-1252', qp('It\x92s done \x96 \x80 5 for the caf\xe9.')))
  t.match(markdown, /^# Release – it’s out\n/)
  t.match(markdown, /Renée “R” Dubois/)
  t.match(markdown, /It’s done – € 5 for the café\./)
  // The same bytes declared UTF-8 are not Windows-1252: nothing is guessed.
  const utf8 = await convert(mail('utf-8', 'plain =E2=80=94 text'))
  t.match(utf8.markdown, /plain — text/)
})

t.test('Outlook messages: sender, recipients, date, body and attachments (docling msg samples)', async (t) => {
  const simple = await convert(fixture('msg_simple.msg'))
  t.match(
    simple.markdown,
    /^# Simple Email\n\n\*\*From:\*\* Alice Example \\<alice@example\.com>\\\n\*\*To:\*\* Bob Example \\<bob@example\.com>\\\n\*\*Date:\*\* Wed, 20 May 2026 10:30:00 GMT\n\nHello Bob,/,
  )
  t.match(simple.report.metadata, { created: '2026-05-20T10:30:00.000Z' })
  const attached = await convert(fixture('msg_with_attachment.msg'))
  t.match(
    attached.markdown,
    /## Attachments\n\n- test\.txt\n- report\.pdf\n\n## test\.txt\n\nThis is a test attachment file\./,
  )
  t.notMatch(attached.markdown, /## report\.pdf/, 'a damaged attachment is listed and counted, the rest kept')
  t.match(attached.report.notKept, [
    { code: 'embedded-not-converted', message: /not converted \(report\.pdf: the PDF could not be opened/ },
  ])
  t.equal(notKeptCounts(attached.report)['embedded-not-converted'], 1)
})

/** An Outlook message of a subject and a body kept only as compressed RTF (PidTagRtfCompressed), built with cfb. */
function rtfOnlyMessage(compressedRtf: Buffer): Buffer {
  const message = CFB.utils.cfb_new()
  CFB.utils.cfb_add(message, '__properties_version1.0', Buffer.alloc(32))
  CFB.utils.cfb_add(message, '__substg1.0_0037001F', Buffer.from('RTF only', 'utf16le'))
  CFB.utils.cfb_add(message, '__substg1.0_10090102', compressedRtf)
  return CFB.write(message, { type: 'buffer' }) as Buffer
}

/** RTF stored as MS-OXRTFCP's uncompressed form ("MELA"): the header, then the RTF as it is. */
function uncompressedRtf(rtf: string): Buffer {
  const raw = Buffer.from(rtf, 'latin1')
  const header = Buffer.alloc(16)
  header.writeUInt32LE(raw.length + 12, 0)
  header.writeUInt32LE(raw.length, 4)
  header.writeUInt32LE(0x414c454d, 8)
  return Buffer.concat([header, raw])
}

t.test('an Outlook message whose body is only compressed RTF: decompressed and read as RTF', async (t) => {
  // MS-OXRTFCP 3.1.1's example: '{\rtf1\ansi\ansicpg1252\pard hello world}' compressed with LZFu.
  const lzfu = Buffer.from(
    '2d0000002b0000004c5a4675f1c5c7a703000a00726370673132354232 0af32068656c090020627705b06c647d0a800fa0'.replace(
      / /g,
      '',
    ),
    'hex',
  )
  const message = rtfOnlyMessage(lzfu)
  t.match(await detect(message), { ok: true, format: 'msg' })
  t.equal((await convert(message)).markdown, '# RTF only\n\nhello world\n')
})

t.test('an RTF body that encapsulates HTML (\\fromhtml1) is read as that HTML', async (t) => {
  const rtf = [
    '{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl{\\f0\\fswiss Arial;}}',
    '{\\*\\htmltag19 <html><body>}{\\*\\mhtmltag64 <p class="x">}',
    '{\\*\\htmltag64 <p>}Hello {\\*\\htmltag84 <b>}\\htmlrtf {\\b \\htmlrtf0 bold\\htmlrtf }\\htmlrtf0 {\\*\\htmltag92 </b>}',
    ' caf\\\'e9 \\u8364?{\\*\\htmltag84 <a href="https://example.com/">}link{\\*\\htmltag92 </a>}\\htmlrtf\\par\\htmlrtf0{\\*\\htmltag72 </p>}',
    '{\\*\\htmltag27 </body></html>}}',
  ].join('\r\n')
  t.equal(
    (await convert(rtfOnlyMessage(uncompressedRtf(rtf)))).markdown,
    '# RTF only\n\nHello **bold** café €[link](https://example.com/)\n',
  )
})

t.test('detection from the bytes: MIME headers, the compound file of an Outlook message', async (t) => {
  t.match(await detect(fixture('pond_report.eml')), { ok: true, format: 'eml', mime: 'message/rfc822' })
  t.match(await detect(fixture('eml_simple.eml'), 'mail.eml'), { ok: true, format: 'eml' })
  t.match(await detect(fixture('msg_simple.msg')), { ok: true, format: 'msg', mime: 'application/vnd.ms-outlook' })
  t.match(await detect(Buffer.from('Just a note: nothing to see.\n\nBye'), 'note.eml'), {
    ok: false,
    reason: /named \.eml/,
  })
  t.match(await detect(Buffer.from('Subject: hi\n\nbody')), { ok: true, format: 'text' }, 'one header is not a message')
  t.match(
    await detect(fixture('eml_simple.eml'), 'notes.txt'),
    { ok: true, format: 'text' },
    'a text name keeps it text',
  )
})

/** A message carrying a message carrying a message… `depth` levels deep, each with a text attachment. */
function nestedMail(depth: number): string {
  let inner =
    'From: bottom@example.com\r\nSubject: level 0\r\nDate: Tue, 01 Dec 2026 10:00:00 +0000\r\n\r\nThe bottom.\r\n'
  for (let level = 1; level <= depth; level++) {
    const boundary = `b${level}`
    inner = [
      `From: level${level}@example.com`,
      `Subject: level ${level}`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain',
      '',
      `Body of level ${level}.`,
      `--${boundary}`,
      'Content-Type: message/rfc822',
      `Content-Disposition: attachment; filename="level-${level - 1}.eml"`,
      '',
      inner,
      `--${boundary}--`,
      '',
    ].join('\r\n')
  }
  return inner
}

t.test('a mail bomb of nested messages converts two levels down and lists the rest', async (t) => {
  const started = Date.now()
  const { markdown, report } = await convert(Buffer.from(nestedMail(60)))
  t.match(markdown, /^# level 60\n/)
  t.match(markdown, /\n## level 59\n/)
  t.match(markdown, /\n### level 58\n/)
  t.notMatch(markdown, /level 57\n/, 'nothing converted past two levels')
  t.match(markdown, /- level-57\.eml\n/, 'the one too deep listed')
  t.equal(notKeptCounts(report)['embedded-not-converted'], 1)
  t.ok(Date.now() - started < 30_000)
})

t.test('a mail of a thousand attachments converts the bounded number and lists the rest', async (t) => {
  const parts = Array.from(
    { length: 1000 },
    (_, i) =>
      `--x\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="note-${i}.txt"\r\n\r\nNote number ${i}.\r\n`,
  ).join('')
  const mail = `From: a@example.com\r\nSubject: many\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n${parts}--x--\r\n`
  const { markdown, report } = await convert(Buffer.from(mail), { limits: { embeddedMaxCount: 50 } })
  t.match(markdown, /## note-49\.txt\n\nNote number 49\./)
  t.notMatch(markdown, /## note-50\.txt/)
  t.match(markdown, /- note-999\.txt\n/, 'every attachment listed')
  t.equal(notKeptCounts(report)['embedded-not-converted'], 950)
  t.match(report.notKept, [
    { message: /\(note-50\.txt: more than 50 documents [^;]*; note-51\.txt: [^;]*; note-52\.txt: [^;]*; 947 more\)$/ },
  ])
})

t.test('MIME nested past any real mail, and a damaged Outlook message, are refused with a message', async (t) => {
  let deep = 'Content-Type: text/plain\r\n\r\nbottom\r\n'
  for (let i = 0; i < 200; i++)
    deep = `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n${deep}\r\n--n${i}--\r\n`
  await t.rejects(
    convert(Buffer.from(`From: a@example.com\r\nSubject: deep\r\nMIME-Version: 1.0\r\n${deep}`)),
    ConversionInputError,
  )
  const msg = fixture('msg_simple.msg')
  const damaged = Buffer.concat([msg.subarray(0, 512), Buffer.alloc(msg.length - 512, 0xff)])
  await t.rejects(convert(damaged, { format: 'msg' }), {
    name: 'ConversionInputError',
    message: /Outlook message is damaged/,
  })
})
