import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate'

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const TYPES =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
const ROOT_RELS = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`

/** The parts around worksheets: a workbook listing `sheets` (name, hidden), its relationships, styles and shared strings. */
function frame(
  sheets: Array<{ name: string; hidden?: boolean }>,
  styles: string,
  strings: string[],
): Record<string, Uint8Array> {
  const rels = sheets
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join('')
  return {
    '[Content_Types].xml': strToU8(TYPES),
    '_rels/.rels': strToU8(ROOT_RELS),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${sheets
        .map(
          (s, i) =>
            `<sheet name="${s.name}" sheetId="${i + 1}"${s.hidden === true ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`,
        )
        .join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}<Relationship Id="rS" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rT" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ),
    'xl/styles.xml': strToU8(`<?xml version="1.0"?><styleSheet xmlns="${MAIN}">${styles}</styleSheet>`),
    'xl/sharedStrings.xml': strToU8(
      `<?xml version="1.0"?><sst xmlns="${MAIN}">${strings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`,
    ),
  }
}

/** A workbook of the given worksheets' `sheetData` (and what follows it), in one zip. */
export function workbook(
  sheets: Array<{ name: string; hidden?: boolean; xml: string }>,
  options: { styles?: string; strings?: string[]; core?: string } = {},
): Buffer {
  const parts = frame(sheets, options.styles ?? '', options.strings ?? [])
  sheets.forEach((sheet, i) => {
    parts[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(
      `<?xml version="1.0"?><worksheet xmlns="${MAIN}">${sheet.xml}</worksheet>`,
    )
  })
  if (options.core !== undefined) parts['docProps/core.xml'] = strToU8(options.core)
  return Buffer.from(zipSync(parts))
}

/**
 * A sheet of `rows` rows of four cells (a shared string, a number, a date, a percentage), built
 * and deflated a batch of rows at a time, so that making a million rows holds no more than the
 * zip (about 9 MB for a million; its sheet inflates to ~130 MB).
 */
export function millionRows(rows = 1_000_000): Buffer {
  const chunks: Uint8Array[] = []
  const zip = new Zip((error, data) => {
    if (error) throw error
    chunks.push(data)
  })
  const styles =
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="10"/></cellXfs>'
  for (const [name, bytes] of Object.entries(frame([{ name: 'Big' }], styles, ['alpha', 'beta', 'gamma']))) {
    const file = new ZipDeflate(name, { level: 1 })
    zip.add(file)
    file.push(bytes, true)
  }
  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 1 })
  zip.add(sheet)
  sheet.push(strToU8(`<?xml version="1.0"?><worksheet xmlns="${MAIN}"><dimension ref="A1:D${rows}"/><sheetData>`))
  const BATCH = 10_000
  for (let start = 1; start <= rows; start += BATCH) {
    let xml = ''
    for (let r = start; r < Math.min(rows + 1, start + BATCH); r++)
      xml += `<row r="${r}"><c r="A${r}" t="s"><v>${r % 3}</v></c><c r="B${r}"><v>${r * 1.5}</v></c><c r="C${r}" s="1"><v>${45000 + (r % 1000)}</v></c><c r="D${r}" s="2"><v>${(r % 100) / 100}</v></c></row>`
    sheet.push(strToU8(xml))
  }
  sheet.push(strToU8('</sheetData></worksheet>'), true)
  zip.end()
  return Buffer.concat(chunks)
}

/** {@link millionRows}, made once per machine (it takes seconds) and kept in the temporary folder. */
export function millionRowsCached(): Buffer {
  const path = join(tmpdir(), 'draftsmith-test-million-rows-v1.xlsx')
  if (existsSync(path)) return readFileSync(path)
  const bytes = millionRows()
  const partial = `${path}.${process.pid}`
  writeFileSync(partial, bytes)
  renameSync(partial, path)
  return bytes
}
