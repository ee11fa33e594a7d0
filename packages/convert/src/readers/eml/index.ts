import PostalMime, { type Address } from 'postal-mime'
import type { ConversionContext } from '../../context/context.js'
import { ConversionInputError } from '../../errors.js'
import { isoDate, mailTree, type MailAttachment } from '../mail/message.js'
import type { Reader, ReaderOutput } from '../reader.js'
import { declaresWindows1252, hasC1, windows1252FromC1 } from '../shared/windows-1252.js'

/** Deepest MIME nesting read (postal-mime's default is 256): real mail nests a few levels. */
const MAX_MIME_DEPTH = 32

const address = (value: Address): string =>
  value.group !== undefined
    ? `${value.name}: ${value.group.map(address).join(', ')}`
    : value.name && value.name !== value.address
      ? `${value.name} <${value.address}>`
      : value.address

/**
 * postal-mime decodes with the runtime's TextDecoder, which on Node 20 reads Windows-1252 as
 * ISO-8859-1 (shared/windows-1252.ts): where a decoded text has C1 controls and the message
 * declares such a charset, they are Windows-1252's quotes and dashes. Checked in that order so
 * the raw bytes are scanned only for the rare message that needs it.
 */
function windows1252Repair(bytes: Uint8Array): (text: string | undefined) => string | undefined {
  let declared: boolean | undefined
  return (text) => {
    if (text === undefined || !hasC1(text)) return text
    declared ??= declaresWindows1252(bytes)
    return declared ? windows1252FromC1(text) : text
  }
}

/**
 * E-mail (MIME, `.eml`), parsed by postal-mime (charsets, encoded words, quoted-printable and
 * base64 decoded): its headers, body and attachments made into the tree by mail/message.ts. An
 * attached message (`message/rfc822`) is an attachment like any other, converted as a mail of its
 * own one level down, so nesting is bounded by the engine's one bound (embeddedMaxDepth).
 */
export const reader: Reader = {
  async read(bytes: Uint8Array, context: ConversionContext): Promise<ReaderOutput> {
    let email: Awaited<ReturnType<typeof PostalMime.parse>>
    try {
      email = await PostalMime.parse(bytes, {
        forceRfc822Attachments: true,
        attachmentEncoding: 'arraybuffer',
        maxNestingDepth: MAX_MIME_DEPTH,
      })
    } catch (error) {
      throw new ConversionInputError(`the e-mail cannot be read (${(error as Error).message})`)
    }
    const repair = windows1252Repair(bytes)
    const addressed = (value: Address) => repair(address(value)) as string
    const attachments: MailAttachment[] = email.attachments.map((attachment, i) => ({
      name:
        repair(attachment.filename ?? undefined)?.trim() ||
        (attachment.mimeType === 'message/rfc822' ? `message-${i + 1}.eml` : `attachment-${i + 1}`),
      type: attachment.mimeType,
      bytes:
        attachment.content instanceof ArrayBuffer
          ? new Uint8Array(attachment.content)
          : typeof attachment.content === 'string'
            ? new TextEncoder().encode(attachment.content)
            : attachment.content,
      contentId: attachment.contentId?.replace(/^<|>$/g, ''),
    }))
    const tree = await mailTree(
      {
        subject: repair(email.subject),
        from: email.from && addressed(email.from),
        to: (email.to ?? []).map(addressed),
        cc: (email.cc ?? []).map(addressed),
        // postal-mime gives the date in UTC: the header keeps the sender's time and offset.
        date: email.headers
          .find((header) => header.key === 'date')
          ?.value.replace(/\s+/g, ' ')
          .trim(),
        sent: isoDate(email.date),
        html: repair(email.html),
        text: repair(email.text),
        attachments,
      },
      context,
    )
    return { tree }
  },
}
