// Run by image.test.ts in a process of its own, with no-network.mjs preloaded: converts the
// picture named on the command line and prints the outcome as JSON.
import { readFileSync } from 'node:fs'
import { convert } from '../../../src/convert.js'

const result = await convert(readFileSync(process.argv[2] as string), { name: 'page.png' })
process.stdout.write(JSON.stringify({ markdown: result.markdown, ocr: result.report.ocr }))
