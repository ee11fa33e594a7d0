import { fileTypeFromBuffer } from 'file-type'
import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { isDisplayableImage } from '../../formats.js'
import { appendNode, documentRoot, element } from '../../tree/build.js'
import type { Document, Element, Node } from '../../tree/model.js'
import { isElement } from '../../tree/query.js'
import { readHtml } from '../html/index.js'
import { appendEmbedded } from '../shared/embedded.js'

/** One message, whatever it came as (MIME or Outlook): what the tree is made of. */
export interface MailMessage {
  subject: string | undefined
  from: string | undefined
  to: string[]
  cc: string[]
  /** As the message records it. */
  date: string | undefined
  /** The HTML body, decoded; preferred to the text body when both are there. */
  html: string | undefined
  text: string | undefined
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

const kb = (bytes: number) =>
  bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`

/**
 * A message as the document tree: its subject as the title, a short header block (from, to, cc,
 * date), its body — the HTML body through the HTML reader (whole: a mail is not a page with
 * navigation), else the text body — with `cid:` pictures as assets; then its attachments listed,
 * and each one converted below under its own heading (readers/shared/embedded.ts bounds how deep,
 * how large and how many). Attached pictures are kept as assets and shown.
 */
export async function mailTree(message: MailMessage, context: ConversionContext): Promise<Document> {
  const root = documentRoot()
  const add = (node: Element) => appendNode(root, node)
  // What the message says about itself, as every format reports it (ADR 073): a mail inside
  // another does not override its container's (the first to set a field keeps it).
  context.report.metadata({
    title: message.subject,
    authors: message.from === undefined ? undefined : [message.from],
    created: message.date,
  })
  add(element('h1', {}, [message.subject?.trim() || '(no subject)']))
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

  const attached = message.attachments.filter((attachment) => !used.has(attachment))
  if (attached.length === 0) return root
  add(element('h2', {}, ['Attachments']))
  add(
    element(
      'ul',
      {},
      attached.map((a) => element('li', {}, [`${a.name} (${a.type}, ${kb(a.bytes.byteLength)})`])),
    ),
  )
  for (const attachment of attached) {
    context.signal?.throwIfAborted()
    const section = element('section')
    appendNode(section, element('h2', {}, [attachment.name]))
    if (!(await appendPicture(section, attachment, context)))
      await appendEmbedded(section, { name: attachment.name, bytes: attachment.bytes }, context, 2)
    add(section)
  }
  return root
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
