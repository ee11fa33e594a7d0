/** Decodes UTF-8 (dropping a byte-order mark). Text inputs are valid UTF-8: detect.ts says so. */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '')
}
