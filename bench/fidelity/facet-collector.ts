import { emptyFacets, latexTokens, normalizeLink, wordsOf, type Facets } from './facets.js'

type Kind = 'heading' | 'cell' | 'item'

interface Open {
  kind: Kind
  words: string[]
  /** Lists open when the item began: text inside a deeper list belongs to a nested item. */
  listDepth: number
  /** Grid positions a merged cell covers. */
  repeat: number
  /** A list item or heading inside a table cell is part of the cell's text: GFM cannot hold them, so a pipe table flattens them. */
  inCell: boolean
}

/**
 * Gathers {@link Facets} while a Markdown tree and the HTML inside it are walked in reading
 * order. Text is held until a block boundary, as a browser renders it: `foo**bar**` is one word,
 * `<td>foo</td><td>bar</td>` two.
 */
export class FacetCollector {
  readonly facets: Facets = emptyFacets()
  private readonly open: Open[] = []
  private pending = ''
  private listDepth = 0

  text(value: string): void {
    this.pending += value
  }

  /** Where a block starts or ends: the words so far are complete. */
  boundary(): void {
    if (this.pending === '') return
    const words = wordsOf(this.pending)
    this.pending = ''
    this.facets.words.push(...words)
    for (const open of this.open)
      if (open.kind !== 'item' || open.listDepth === this.listDepth) open.words.push(...words)
  }

  begin(kind: Kind, repeat = 1): void {
    this.boundary()
    this.open.push({
      kind,
      words: [],
      listDepth: this.listDepth,
      repeat,
      inCell: this.open.some((open) => open.kind === 'cell'),
    })
  }

  /** Closes the innermost open `kind` (and anything left open inside it, as HTML parsers do); returns its words. */
  end(kind: Kind): string[] {
    this.boundary()
    const index = this.open.findLastIndex((open) => open.kind === kind)
    if (index === -1) return []
    const closed = this.open.splice(index)
    for (const open of closed) this.finish(open)
    return (closed[0] as Open).words
  }

  /** Words read again: a merged cell's, at each further grid position it covers. */
  repeatWords(words: readonly string[]): void {
    this.boundary()
    this.facets.words.push(...words)
  }

  enterList(): void {
    this.boundary()
    this.listDepth++
  }

  leaveList(): void {
    this.boundary()
    this.listDepth = Math.max(0, this.listDepth - 1)
  }

  link(url: string): void {
    if (url.trim() !== '') this.facets.links.push(normalizeLink(url))
  }

  picture(alt: string): void {
    this.boundary()
    this.facets.pictures++
    this.text(alt)
    this.boundary()
  }

  picturePlaceholder(): void {
    this.facets.picturePlaceholders++
  }

  equation(latex: string): void {
    this.boundary()
    this.facets.equations++
    this.facets.equationTokens.push(...latexTokens(latex))
  }

  done(): Facets {
    this.boundary()
    for (const open of this.open.splice(0)) this.finish(open)
    return this.facets
  }

  private finish(open: Open): void {
    if (open.words.length === 0 || (open.kind !== 'cell' && open.inCell)) return
    const text = open.words.join(' ')
    const target =
      open.kind === 'heading' ? this.facets.headings : open.kind === 'cell' ? this.facets.cells : this.facets.listItems
    for (let i = 0; i < open.repeat; i++) target.push(text)
  }
}
