/** How much of a document is read for a message's header block. */
const HEAD_BYTES = 16 * 1024

/** Fields a message's header block has (RFC 5322, MIME, transport); one of the first group must be there. */
const messageFields = new Set(['from', 'date', 'subject', 'message-id', 'received', 'return-path', 'delivered-to'])
const otherFields = new Set([
  'to',
  'cc',
  'bcc',
  'reply-to',
  'sender',
  'mime-version',
  'content-type',
  'in-reply-to',
  'references',
])

/**
 * Whether `bytes` start as an e-mail does (RFC 5322): a block of header fields — `Name: value`
 * lines, folded lines starting with a blank — up to the first empty line, with at least three
 * fields a message has, one of them From, Date, Subject, Message-ID or a transport trace. Read as
 * Latin-1, since the body (and, in old mail, a header) need not be UTF-8.
 */
export function looksLikeMail(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, HEAD_BYTES))
  let known = 0
  let message = false
  let fields = 0
  for (const line of head.split(/\r?\n/)) {
    if (line === '') return fields > 0 && message && known >= 3
    if (/^[ \t]/.test(line)) {
      if (fields === 0) return false
      continue
    }
    const name = /^([!-9;-~]+):/.exec(line)?.[1]?.toLowerCase()
    if (name === undefined) return false
    fields++
    if (messageFields.has(name)) message = true
    if (messageFields.has(name) || otherFields.has(name)) known++
  }
  return false
}
