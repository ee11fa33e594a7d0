import msgreader, { type FieldsData } from '@kenjiuno/msgreader'
import type { ConversionContext } from '../../context/context.js'
import { ConversionInputError } from '../../errors.js'
import { isoDate, mailTree, type MailAttachment } from '../mail/message.js'
import type { Reader, ReaderOutput } from '../reader.js'
import { windows1252Decoder } from '../shared/windows-1252.js'
import { readRtf } from '../rtf/interpret.js'
import type { Document } from '../../tree/model.js'
import { decompressRTF } from '@kenjiuno/decompressrtf'
import { encapsulatedHtml } from './rtf-html.js'

// A CommonJS module whose class is its `default` export: Node hands ESM the whole module.
const MsgReader = msgreader.default

const person = (name: string | undefined, email: string | undefined): string | undefined =>
  name && email && name !== email ? `${name} <${email}>` : (email ?? name)

/** PidTagHtml comes as bytes in the message's code page: UTF-8 when it is that, else Windows-1252. */
function decodeHtml(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return windows1252Decoder().decode(bytes)
  }
}

const damaged = () =>
  new ConversionInputError(
    'the Outlook message is damaged (its properties cannot be read); save it again from Outlook and re-upload',
  )

/**
 * Outlook messages (`.msg`, a compound file of MAPI properties), read by @kenjiuno/msgreader:
 * sender, recipients by kind, subject, time sent, the HTML body (PidTagBodyHtml / PidTagHtml) or
 * the text body, attachments (an attached Outlook message comes out as a `.msg` of its own). The
 * tree is made by mail/message.ts, as for MIME mail. A body kept only as compressed RTF
 * (PidTagRtfCompressed, no text or HTML beside it) is decompressed by @kenjiuno/decompressrtf
 * (msgreader's own dependency) and read as the HTML it encapsulates (`\fromhtml1`, rtf-html.ts)
 * or by the RTF reader (ADR 117).
 */
export const reader: Reader = {
  async read(bytes: Uint8Array, context: ConversionContext): Promise<ReaderOutput> {
    let message: InstanceType<typeof MsgReader>
    let data: FieldsData
    try {
      message = new MsgReader(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      data = message.getFileData()
    } catch {
      throw damaged()
    }
    if (data.error !== undefined) throw damaged()
    // A compound file whose streams were overwritten still parses, as a message of nothing.
    if (
      !data.subject &&
      !data.senderEmail &&
      !data.senderName &&
      !data.body &&
      !data.bodyHtml &&
      !data.html &&
      !data.compressedRtf?.length &&
      !data.attachments?.length
    )
      throw damaged()
    const recipients = (kind: 'to' | 'cc') =>
      (data.recipients ?? [])
        .filter((r) => (r.recipType ?? 'to') === kind)
        .map((r) => person(r.name, r.smtpAddress ?? r.email))
        .filter((r): r is string => r !== undefined)
    const attachments: MailAttachment[] = []
    for (const [i, fields] of (data.attachments ?? []).entries()) {
      context.signal?.throwIfAborted()
      try {
        const attachment = message.getAttachment(fields)
        attachments.push({
          name: attachment.fileName || fields.fileName || fields.name || `attachment-${i + 1}`,
          type: fields.innerMsgContent
            ? 'application/vnd.ms-outlook'
            : (fields.attachMimeTag ?? 'application/octet-stream'),
          bytes: attachment.content,
          contentId: fields.pidContentId?.replace(/^<|>$/g, ''),
        })
      } catch {
        context.report.notKept(
          'attachment-unreadable',
          (n) => `${n === 1 ? '1 attachment' : `${n} attachments`} could not be read from the message`,
        )
      }
    }
    const html = data.bodyHtml ?? (data.html === undefined ? undefined : decodeHtml(data.html))
    const rtf = html === undefined && !data.body ? rtfBody(data.compressedRtf, context) : undefined
    // Outlook keeps the time sent in UTC, with no offset: written as msgreader gives it (`… GMT`).
    const date = data.clientSubmitTime ?? data.messageDeliveryTime ?? data.creationTime
    const tree = await mailTree(
      {
        subject: data.subject,
        from: person(data.senderName, data.senderSmtpAddress ?? data.senderEmail),
        to: recipients('to'),
        cc: recipients('cc'),
        date,
        sent: isoDate(date),
        html: html ?? (typeof rtf === 'string' ? rtf : undefined),
        text: data.body,
        body: typeof rtf === 'object' ? rtf : undefined,
        attachments,
      },
      context,
    )
    return { tree }
  },
}

/**
 * Most compressed RTF read: decompressRTF builds its output as an array of numbers (8 bytes a
 * byte) and LZFu expands a byte up to ~8.5 times, so 1 MiB in is at most ~70 MB held.
 */
const MAX_COMPRESSED_RTF = 1 << 20

/** The body kept only as compressed RTF: the HTML it encapsulates, else its RTF read as a tree. */
function rtfBody(compressed: Uint8Array | undefined, context: ConversionContext): string | Document | undefined {
  if (compressed === undefined || compressed.length < 16) return undefined
  const notKept = (why: string) => {
    context.report.notKept('body-unreadable', () => `the message's RTF body was not read (${why})`)
    return undefined
  }
  if (compressed.length > MAX_COMPRESSED_RTF) return notKept('larger than 1 MiB compressed')
  let rtf: string
  try {
    // The library reads its input by index only: a Uint8Array serves for its number[].
    rtf = Buffer.from(decompressRTF(compressed as unknown as number[])).toString('latin1')
  } catch (error) {
    return notKept((error as Error).message)
  }
  if (!/^\s*\{\\rtf/.test(rtf.slice(0, 64))) return notKept('it does not decompress to RTF')
  try {
    return encapsulatedHtml(rtf) ?? readRtf(rtf, context).tree
  } catch (error) {
    if (!(error instanceof ConversionInputError)) throw error
    return notKept(error.message)
  }
}
