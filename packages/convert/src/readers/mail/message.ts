import { fileTypeFromBuffer } from 'file-type'
import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { isDisplayableImage } from '../../formats.js'
import { appendNode, documentRoot, element } from '../../tree/build.js'
import type { Document, Element, Node } from '../../tree/model.js'
import { isElement, textOf } from '../../tree/query.js'
import { readHtml } from '../html/index.js'
import { appendEmbedded } from '../shared/embedded.js'

/** One message, whatever it came as (MIME or Outlook): what the tree is made of. */
export interface MailMessage {
  subject: string | undefined
  from: string | undefined
  to: string[]
  cc: string[]
  /** As the message writes it (`Tue, 01 Dec 2026 16:42:05 +0100`): the sender's own time and offset. */
  date: string | undefined
  /** The same instant in ISO 8601, for the report's metadata; undefined when the date does not parse. */
  sent: string | undefined
  /** The HTML body, decoded; preferred to the text body when both are there. */
  html: string | undefined
  text: string | undefined
  /** A body already read into a tree (an Outlook message's RTF), used where there is neither HTML nor text. */
  body?: Document | undefined
  attachments: MailAttachment[]
}

export interface MailAttachment {
  name: string
  /** The type the message declares (detection reads the bytes anyway). */
  type: string
  bytes: Uint8Array
  /** Without angle brackets: what `cid:` pictures of the HTML body name. */
  contentId: string | undefined
}

/** A message's title when it has no subject. */
const NO_SUBJECT = '(no subject)'

/** An attached message (MIME's `message/rfc822`, Outlook's embedded message) is headed by its subject. */
const isMessage = (attachment: MailAttachment) =>
  attachment.type === 'message/rfc822' ||
  attachment.type === 'application/vnd.ms-outlook' ||
  /\.(eml|msg)$/i.test(attachment.name)

/** An ISO 8601 instant for a date a message writes; undefined when it does not parse. */
export function isoDate(date: string | undefined): string | undefined {
  const time = date === undefined ? Number.NaN : Date.parse(date)
  return Number.isNaN(time) ? undefined : new Date(time).toISOString()
}

/**
 * A message as the document tree: its subject as the title, a short header block (from, to, cc,
 * the date as the message writes it), its body — the HTML body through the HTML reader (whole: a
 * mail is not a page with navigation), else the text body — with `cid:` pictures as assets; then
 * its attachments listed by name (an attached message by its subject), and each one converted
 * below under that heading (readers/shared/embedded.ts bounds how deep, how large and how many).
 * Attached pictures are kept as assets and shown. An attachment that is not converted (binary
 * data, damaged, past a bound) is listed only, and counted in the report: the list already names
 * it, and a line under its own heading would say nothing a reader of the mail needs.
 */
export async function mailTree(message: MailMessage, context: ConversionContext): Promise<Document> {
  const root = documentRoot()
  const add = (node: Element) => appendNode(root, node)
  // What the message says about itself, as every format reports it (ADR 073): a mail inside
  // another does not override its container's (the first to set a field keeps it).
  context.report.metadata({
    title: message.subject,
    authors: message.from === undefined ? undefined : [message.from],
    created: message.sent,
  })
  add(element('h1', {}, [message.subject?.trim() || NO_SUBJECT]))
  const header: Node[] = []
  for (const [label, value] of [
    ['From', message.from],
    ['To', message.to.join(', ')],
    ['Cc', message.cc.join(', ')],
    ['Date', message.date],
  ] as const) {
    if (value === undefined || value.trim() === '') continue
    if (header.length > 0) header.push(element('br'))
    header.push(element('strong', {}, [`${label}:`]), ` ${value.trim()}`)
  }
  if (header.length > 0) add(element('p', {}, header))

  const used = new Set<MailAttachment>()
  if (message.html !== undefined && message.html.trim() !== '') {
    const body = readHtml(message.html, { ...context, options: { ...context.options, mainContent: false } })
    inlinePictures(body, message.attachments, used, context)
    for (const child of body.children) appendNode(root, child)
  } else if (message.text !== undefined) for (const paragraph of textParagraphs(message.text)) add(paragraph)
  else if (message.body !== undefined) for (const child of [...message.body.children]) appendNode(root, child)

  const attached = message.attachments.filter((attachment) => !used.has(attachment))
  if (attached.length === 0) return root
  add(element('h2', {}, ['Attachments']))
  const list = element('ul')
  add(list)
  for (const attachment of attached) {
    context.signal?.throwIfAborted()
    const section = await attachmentSection(attachment, context)
    const title = section === undefined ? attachment.name : textOf(section.children[0] as Element)
    appendNode(list, element('li', {}, [title]))
    if (section !== undefined) add(section)
  }
  return root
}

/** An attachment converted under a heading of its own: its name, or an attached message's subject. */
async function attachmentSection(attachment: MailAttachment, context: ConversionContext): Promise<Element | undefined> {
  const section = element('section')
  const converted =
    (await appendPicture(section, attachment, context)) ||
    // A message's own title (h1) moves one level down, to head its section.
    (await appendEmbedded(section, attachment, context, isMessage(attachment) ? 1 : 2))
  if (!converted) return undefined
  const first = section.children[0]
  const titled = isMessage(attachment) && isElement(first) && first.name === 'h2'
  if (titled && textOf(first) === NO_SUBJECT) first.children = [attachment.name]
  if (!titled) {
    const heading = element('h2', {}, [attachment.name])
    heading.parent = section
    section.children.unshift(heading)
  }
  return section
}

/** An attached picture a browser shows: an asset, shown under its name. */
async function appendPicture(
  section: Element,
  attachment: MailAttachment,
  context: ConversionContext,
): Promise<boolean> {
  if (!attachment.type.startsWith('image/')) return false
  const sniffed = await fileTypeFromBuffer(attachment.bytes)
  if (sniffed === undefined || !isDisplayableImage(sniffed.mime)) return false
  const asset = context.assets.add(attachment.bytes, sniffed.mime)
  if (asset === undefined) {
    context.report.notKept('image-over-limit', (n) => `${plural(n, 'picture')} past the conversion's bounds not kept`)
    appendNode(section, element('p', {}, [element('em', {}, ['Not kept: past the bounds on pictures.'])]))
  } else
    appendNode(
      section,
      element('p', {}, [element('img', { src: context.assets.url(asset.name), alt: attachment.name })]),
    )
  return true
}

/** `<img src="cid:…">` of the HTML body: the attachment it names, kept as an asset. */
function inlinePictures(
  body: Element,
  attachments: MailAttachment[],
  used: Set<MailAttachment>,
  context: ConversionContext,
): void {
  const byId = new Map(attachments.filter((a) => a.contentId).map((a) => [a.contentId?.toLowerCase(), a]))
  const stack: Node[] = [...body.children]
  while (stack.length > 0) {
    const node = stack.pop()
    if (!isElement(node)) continue
    for (const child of node.children) stack.push(child)
    const src = node.name === 'img' ? node.attribs.src : undefined
    if (src === undefined || !/^cid:/i.test(src)) continue
    const attachment = byId.get(decodeURIComponent(src.slice(4)).replace(/^<|>$/g, '').toLowerCase())
    if (attachment === undefined) {
      context.report.notKept(
        'image-missing',
        (n) => `${plural(n, 'inline picture')} the message names but does not carry`,
      )
      node.attribs = { ...node.attribs, src: '' }
      continue
    }
    used.add(attachment)
    const asset = context.assets.add(attachment.bytes, attachment.type)
    if (asset === undefined) {
      context.report.notKept('image-over-limit', (n) => `${plural(n, 'picture')} past the conversion's bounds not kept`)
      node.attribs = { ...node.attribs, src: '' }
    } else node.attribs = { ...node.attribs, src: context.assets.url(asset.name) }
  }
}

/** A text body as paragraphs (blank lines between them), its line breaks kept. */
function textParagraphs(text: string): Element[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => {
      const lines = paragraph.replace(/^\n+|\n+$/g, '').split('\n')
      const children: Node[] = []
      lines.forEach((line, i) => {
        if (i > 0) children.push(element('br'))
        children.push(line)
      })
      return element('p', {}, children)
    })
}
