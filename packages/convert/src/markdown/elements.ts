import { MARKDOWN, PAGE } from '../tree/model.js'

/** How the writer sees each element of the tree: a block, text-level content, or nothing of the document's. */

/** Elements that start a block of their own (the rest flow as text within a paragraph). */
export const blockElements = new Set([
  PAGE,
  MARKDOWN,
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'listing',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'plaintext',
  'pre',
  'search',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'xmp',
])

/**
 * Elements whose content is never part of the document's text (program code, page metadata, form
 * controls). Not `<head>` itself: a page that never closes it has its body inside it.
 */
export const ignoredElements = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'title',
  'meta',
  'link',
  'base',
  'button',
  'select',
  'option',
  'optgroup',
  'datalist',
  'textarea',
  'input',
  'map',
  'area',
  'source',
  'track',
  'param',
])

/** Embedded content the Markdown cannot hold: dropped, and counted in the report. */
export const embeddedElements: Record<string, string> = {
  iframe: 'embedded-frame-dropped',
  frame: 'embedded-frame-dropped',
  frameset: 'embedded-frame-dropped',
  object: 'embedded-object-dropped',
  embed: 'embedded-object-dropped',
  applet: 'embedded-object-dropped',
  video: 'media-dropped',
  audio: 'media-dropped',
  canvas: 'canvas-dropped',
}

export const embeddedMessages: Record<string, (n: number) => string> = {
  'embedded-frame-dropped': (n) =>
    `${n} embedded ${n === 1 ? 'frame' : 'frames'} (another page shown inside this one) dropped`,
  'embedded-object-dropped': (n) => `${n} embedded ${n === 1 ? 'object' : 'objects'} (plug-in content) dropped`,
  'media-dropped': (n) => `${n} ${n === 1 ? 'video or audio clip' : 'videos or audio clips'} dropped`,
  'canvas-dropped': (n) => `${n} ${n === 1 ? 'canvas drawing' : 'canvas drawings'} (drawn by scripts) dropped`,
}

export const headingLevel = (name: string): number => (/^h[1-6]$/.test(name) ? Number(name[1]) : 0)
