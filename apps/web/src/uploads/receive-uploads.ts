import type { FastifyRequest } from 'fastify'
import { HttpProblem, problemTypes } from '../errors/problems.js'
import { detect } from '@draftsmith/convert/detect'
import type { UploadMemory } from './upload-memory.js'

/** One checked document of an upload request, ready to be stored. */
export interface ReceivedUpload {
  name: string
  mime: string
  bytes: Buffer
}

function tooMuchInFlight(limitBytes: number, requestAlone: boolean): HttpProblem {
  return requestAlone
    ? new HttpProblem(
        413,
        `these documents together pass the ${limitBytes} bytes one upload may hold; send fewer at once`,
        { type: problemTypes.uploadTooLarge },
      )
    : new HttpProblem(
        503,
        'the server is taking in other uploads right now; nothing was stored, upload again in a moment',
        {
          type: problemTypes.serviceUnavailable,
          headers: { 'retry-after': '5' },
        },
      )
}

/**
 * Reads every file of a multipart request into memory, reserving the bytes from `memory` chunk by
 * chunk as they arrive — never a whole file first — and checks each file's type by its content.
 * Throws a problem (nothing is kept) for an empty, unsupported or misnamed document, a field
 * other than `file`, or when the memory budget is taken. `held` (bytes reserved) must be released
 * by the caller, whatever happens: it is reported through `onReserved` as it grows.
 */
export async function receiveUploads(
  request: FastifyRequest,
  memory: UploadMemory,
  onReserved: (bytes: number) => void,
): Promise<ReceivedUpload[]> {
  const uploads: ReceivedUpload[] = []
  let held = 0
  for await (const part of request.files()) {
    if (part.fieldname !== 'file') {
      part.file.resume()
      throw new HttpProblem(400, `unexpected file field "${part.fieldname}"; send documents in the \`file\` field`, {
        type: problemTypes.validation,
      })
    }
    const chunks: Buffer[] = []
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      if (!memory.take(chunk.length)) {
        part.file.destroy()
        throw tooMuchInFlight(memory.limitBytes, held + chunk.length > memory.limitBytes)
      }
      held += chunk.length
      onReserved(chunk.length)
      chunks.push(chunk)
    }
    const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)
    const name = part.filename || 'document'
    if (bytes.length === 0) throw new HttpProblem(400, `${name} is empty`, { type: problemTypes.emptyUpload })
    const detected = await detect(bytes, name, part.mimetype)
    if (!detected.ok) throw new HttpProblem(415, detected.reason, { type: problemTypes.unsupportedType })
    uploads.push({ name, mime: detected.mime, bytes })
  }
  if (uploads.length === 0)
    throw new HttpProblem(400, 'no document in the `file` field', { type: problemTypes.emptyUpload })
  return uploads
}
