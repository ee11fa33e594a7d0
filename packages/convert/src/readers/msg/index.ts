import msgreader, { type FieldsData } from '@kenjiuno/msgreader'
import type { ConversionContext } from '../../context/context.js'
import { ConversionInputError } from '../../errors.js'
import { isoDate, mailTree, type MailAttachment } from '../mail/message.js'
import type { Reader, ReaderOutput } from '../reader.js'
import { windows1252Decoder } from '../shared/windows-1252.js'

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
 * tree is made by mail/message.ts, as for MIME mail. A body kept only as compressed RTF is read
 * from its text body, which Outlook always writes beside it.
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
        html: data.bodyHtml ?? (data.html === undefined ? undefined : decodeHtml(data.html)),
        text: data.body,
        attachments,
      },
      context,
    )
    return { tree }
  },
}
