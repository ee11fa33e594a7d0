import { Parser } from 'htmlparser2'

/**
 * Handlers of a streaming XML read, by local name (`x:row` and `row` alike: producers bind the
 * namespaces to prefixes of their choosing). For parts too large to hold as a tree — a sheet of a
 * million rows — and small ones read once.
 */
export interface SaxHandler {
  open?(name: string, attributes: Record<string, string>): void
  close?(name: string): void
  text?(text: string): void
}

const local = (name: string) => {
  const colon = name.indexOf(':')
  return colon === -1 ? name : name.slice(colon + 1)
}

/** A push parser: write chunks as they inflate; `stop()` from a handler ends the read early. */
export class SaxReader {
  private readonly parser: Parser
  private readonly decoder = new TextDecoder('utf-8')
  stopped = false

  constructor(handler: SaxHandler) {
    this.parser = new Parser(
      {
        onopentag: (name, attributes) => handler.open?.(local(name), attributes),
        onclosetag: (name) => handler.close?.(local(name)),
        ontext: (text) => handler.text?.(text),
      },
      { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true },
    )
  }

  write(chunk: Uint8Array): void {
    this.parser.write(this.decoder.decode(chunk, { stream: true }))
  }

  end(): void {
    this.parser.end(this.decoder.decode())
  }

  stop(): void {
    this.stopped = true
  }
}

/** Reads a whole part (chunks or a buffer), stopping early when a handler calls `stop()`. */
export async function readSax(
  source: AsyncIterable<Uint8Array> | Uint8Array,
  handler: (reader: SaxReader) => SaxHandler,
  signal?: AbortSignal,
): Promise<void> {
  const proxy: SaxHandler = {
    open: (name, attributes) => current.open?.(name, attributes),
    close: (name) => current.close?.(name),
    text: (text) => current.text?.(text),
  }
  const reader = new SaxReader(proxy)
  const current = handler(reader)
  if (source instanceof Uint8Array) {
    reader.write(source)
    if (!reader.stopped) reader.end()
    return
  }
  for await (const chunk of source) {
    signal?.throwIfAborted()
    reader.write(chunk)
    if (reader.stopped) return
  }
  reader.end()
}
