/**
 * The stream and storage names of a compound file (CFB/OLE2: legacy DOC, XLS, PPT, Outlook MSG),
 * which is how those formats are told apart: `Workbook` or `Book` (Excel), `WordDocument` (Word),
 * `PowerPoint Document`, `__substg1.0_…` (Outlook). Light on purpose — detection loads no reader:
 * directory entries are 128 bytes, aligned to 128 within sectors of 512 or 4096 bytes, so each
 * aligned offset past the header is read as an entry and kept when it is a well-formed one (a
 * name of its declared length, a known type). A stray match inside a stream's data can add a name,
 * never remove one; the reader opens the file properly.
 */
export function cfbEntryNames(bytes: Uint8Array, max = 4096): Set<string> {
  const names = new Set<string>()
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let offset = 512; offset + 128 <= bytes.length && names.size < max; offset += 128) {
    const nameBytes = view.getUint16(offset + 0x40, true)
    const type = bytes[offset + 0x42] as number
    // A name of 1–31 characters and its terminating NUL, in UTF-16; type 1 storage, 2 stream, 5 root.
    if (nameBytes < 4 || nameBytes > 64 || nameBytes % 2 !== 0 || (type !== 1 && type !== 2 && type !== 5)) continue
    if (view.getUint16(offset + nameBytes - 2, true) !== 0) continue
    let name = ''
    let ok = true
    for (let i = 0; i < nameBytes - 2; i += 2) {
      const code = view.getUint16(offset + i, true)
      if (code === 0) {
        ok = false
        break
      }
      name += String.fromCharCode(code)
    }
    if (ok) names.add(name)
  }
  return names
}
