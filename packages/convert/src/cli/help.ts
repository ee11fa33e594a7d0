import { supportedFormats } from '../formats.js'

export const usage = `Usage: draftsmith convert FILE|DIR|- … [-o OUT] [--assets DIR | --bundle] [--report json] [--page-markers] [--front-matter] [--from FORMAT]
       draftsmith --help | --version`

// Named from the registry's own list, so the first line says what the engine reads now.
export const help = `draftsmith — documents to GitHub-flavoured Markdown (pictures of pages through OCR): ${supportedFormats()}

${usage}

Converts each FILE, every document in each DIR (and its folders, but hidden ones, node_modules
and those it writes to), or standard input (-) to Markdown: one .md per document, named after
it, written beside it; its pictures in a folder beside the .md (report.md →
report.assets/image-1.png), linked relatively. Two documents of one folder that would share a
name keep their extension in it (report.docx.md, report.pdf.md), and no output ever replaces an
input. Standard input goes to standard output.

Options:
  -o, --out OUT       where to write: a folder (made if missing; a DIR's folders are kept
                      inside it), or for a single input a .md file (.zip with --bundle), or -
                      for standard output
      --assets DIR    put every document's pictures in DIR/<name>/ instead of beside it
      --bundle        write each document as <name>.zip: the Markdown and its pictures
                      (assets/), as the web service's bundle download
      --report json   print each document's report — what was found, what could not be kept,
                      the engine's version — as one JSON object per line, on standard output
                      (on standard error when the Markdown goes to standard output)
  -f, --from FORMAT   what the inputs are, where content and name cannot say: markdown, text
                      or html for text on standard input (default: detected — Markdown when
                      it uses Markdown syntax, HTML when it starts like a page, else text)
      --page-markers  PDF: put <!-- page N --> before each page's text
      --front-matter  the document's title, authors, dates and language as YAML front
                      matter on top (they are in --report json either way)
      --ocr-languages L  languages OCR reads scans and pictures with, joined by + (eng+fra);
                      shipped: eng, fra, deu, spa (default eng, or CONVERSION_OCR_LANGUAGES)
  -j, --jobs N        conversions at once, each in a process of its own (default: up to 4)
      --timeout S     seconds one conversion may take (default 60)
      --max-memory MB real memory one conversion may use (default 352); past it, it stops
  -h, --help          this help
  -v, --version       the engine's version

What is said while converting goes to standard error: a progress bar on a terminal, one line
per document otherwise.

Pictures are converted when named (draftsmith convert scan.png); a DIR's pictures are left
alone, since they are mostly its documents' own (report.assets/).

Exit codes:
  0  every document converted
  1  some documents could not be converted (each says why), or standard output closed early
  2  the command was not understood (an unknown option or command, a missing input)

Examples:
  draftsmith convert report.docx                 report.md and report.assets/ beside it
  draftsmith convert papers/ -o markdown/        every document of papers/ into markdown/
  draftsmith convert scan.pdf --bundle           scan.zip: scan.md and its pictures
  draftsmith convert notes.html -o -             the Markdown on standard output
  curl -s https://example.com/ | draftsmith convert - > page.md
  pbpaste | draftsmith convert - --from text     text kept as written, Markdown syntax escaped
  draftsmith convert thesis.pdf --page-markers --report json
`
