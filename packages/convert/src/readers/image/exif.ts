import exifReader from 'exif-reader'

/** Most characters of a description kept: a caption, not a document hidden in a tag. */
const longest = 2000

const clean = (value: unknown): string | undefined => {
  const text = Buffer.isBuffer(value) ? decodeUserComment(value) : typeof value === 'string' ? value : undefined
  const trimmed = text?.replace(/\0+$/g, '').replace(/\s+/g, ' ').trim()
  return trimmed ? trimmed.slice(0, longest) : undefined
}

/** EXIF's UserComment: eight bytes naming its encoding, then the text. */
function decodeUserComment(value: Buffer): string | undefined {
  const code = value.subarray(0, 8).toString('latin1')
  const body = value.subarray(8)
  if (code.startsWith('ASCII')) return body.toString('latin1')
  if (code.startsWith('UNICODE')) return body.toString('utf16le')
  return undefined
}

/**
 * The caption a camera or a person wrote into the picture's EXIF: ImageDescription, else the
 * UserComment. `undefined` when it says nothing (or cannot be read: a broken EXIF block costs
 * the caption, never the conversion).
 */
export function exifDescription(exif: Buffer | undefined): string | undefined {
  if (exif === undefined || exif.length === 0) return undefined
  try {
    const tags = exifReader(exif)
    return clean(tags.Image?.ImageDescription) ?? clean(tags.Photo?.UserComment)
  } catch {
    return undefined
  }
}
