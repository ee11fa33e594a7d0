/**
 * Node 20's TextDecoder decodes `windows-1252` — and the labels the Encoding standard maps to it:
 * `iso-8859-1`, `latin1`, `us-ascii` — as ISO-8859-1, so bytes 0x80–0x9F come out as C1 control
 * characters instead of Windows-1252's curly quotes, dashes and euro sign: "it’s" reads "it\x92s"
 * (and the writer then drops the control). Every Windows program writes those bytes.
 */

/** Windows-1252's characters for 0x80–0x9F; its five undefined bytes stay as they are. */
const high = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ'

const c1 = /[\u0080-\u009f]/g

export const hasC1 = (text: string): boolean => /[\u0080-\u009f]/.test(text)

/** Text a Windows-1252 decoder of this runtime gave, with 0x80–0x9F as Windows-1252 has them. */
export const windows1252FromC1 = (text: string): string =>
  text.replace(c1, (control) => high[control.charCodeAt(0) - 0x80] as string)

/** A Windows-1252 decoder that is one on every runtime. */
export function windows1252Decoder(): { decode(bytes: Uint8Array): string } {
  const decoder = new TextDecoder('windows-1252')
  return { decode: (bytes) => windows1252FromC1(decoder.decode(bytes)) }
}

/** The labels decoded as Windows-1252 (the Encoding standard's list, as mail and HTML declare them). */
const labels =
  /charset\s*=\s*["']?\s*(?:windows-1252|cp1252|x-cp1252|iso-8859-1|iso8859-1|iso_8859-1|latin1|l1|us-ascii|ascii|ansi_x3\.4-1968|cp819|ibm819)\b|=\?(?:windows-1252|cp1252|iso-8859-1|us-ascii)\?/i

/** Whether raw message bytes declare a charset that decodes as Windows-1252 anywhere (a part, an encoded word). */
export function declaresWindows1252(bytes: Uint8Array): boolean {
  return labels.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'))
}
