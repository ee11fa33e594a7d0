import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx'

const sentence = (i: number) =>
  `Section ${i} explains how the proposal handles delivery, review and acceptance, with the budget and the risks each phase carries.`

/** An article of about `bytes` (100 KB by default): headings, paragraphs with emphasis and links, lists, a table per section. */
export function articleHtml(bytes = 100_000): string {
  const sections: string[] = []
  for (let i = 1, length = 0; length < bytes; i++) {
    sections.push(`<h2>Part ${i}</h2>
<p>${sentence(i)} It links to <a href="https://example.com/part/${i}">the appendix</a> and stresses <strong>what matters</strong> and <em>why</em>.</p>
<p>${sentence(i + 1000)} ${sentence(i + 2000)}</p>
<ul><li>First point of part ${i}</li><li>Second point of part ${i}</li><li>Third point of part ${i}</li></ul>
<table><thead><tr><th>Item</th><th>Cost</th><th>Owner</th></tr></thead><tbody><tr><td>Design ${i}</td><td>${i * 100}</td><td>Ana</td></tr><tr><td>Build ${i}</td><td>${i * 250}</td><td>Ben</td></tr></tbody></table>`)
    length += (sections.at(-1) as string).length + 1
  }
  return `<!doctype html><html><head><title>Article</title></head><body><h1>A long article</h1>${sections.join('\n')}</body></html>`
}

/** One table of about `bytes`: three columns, a header row, a link in every row. */
export function tableHtml(bytes: number): string {
  const rows: string[] = []
  for (let i = 1, length = 0; length < bytes; i++) {
    rows.push(
      `<tr><td>Row ${i}</td><td><a href="https://example.com/${i}">item ${i}</a></td><td>${i * 3} units of <em>work</em></td></tr>`,
    )
    length += (rows.at(-1) as string).length
  }
  return `<!doctype html><html><body><table><thead><tr><th>Row</th><th>Item</th><th>Work</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></body></html>`
}

/** A ~30-page Word document (about 450 words a page): headings, paragraphs, lists, tables. */
export async function thirtyPageDocx(): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [new Paragraph({ text: 'Annual Report', heading: HeadingLevel.TITLE })]
  for (let page = 1; page <= 30; page++) {
    children.push(new Paragraph({ text: `Chapter ${page}`, heading: HeadingLevel.HEADING_1 }))
    for (let p = 0; p < 4; p++) {
      children.push(
        new Paragraph({
          children: [
            new TextRun(`${sentence(page * 10 + p)} `),
            new TextRun({ text: 'Key figures', bold: true }),
            new TextRun(` are reviewed every quarter. ${sentence(page * 10 + p + 5)} ${sentence(page * 10 + p + 7)}`),
          ],
        }),
      )
    }
    children.push(new Paragraph({ text: `Goals for chapter ${page}`, heading: HeadingLevel.HEADING_2 }))
    for (const goal of ['Reduce cost', 'Improve quality', 'Ship on time'])
      children.push(new Paragraph({ text: `${goal} in chapter ${page}`, bullet: { level: 0 } }))
    children.push(
      new Table({
        rows: [
          new TableRow({
            children: ['Quarter', 'Revenue', 'Cost'].map((t) => new TableCell({ children: [new Paragraph(t)] })),
          }),
          ...[1, 2, 3, 4].map(
            (q) =>
              new TableRow({
                children: [`Q${q}`, `${page * q * 1000}`, `${page * q * 700}`].map(
                  (t) => new TableCell({ children: [new Paragraph(t)] }),
                ),
              }),
          ),
        ],
      }),
    )
  }
  return Packer.toBuffer(new Document({ sections: [{ children }] }))
}
