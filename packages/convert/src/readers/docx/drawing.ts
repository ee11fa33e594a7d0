import type { Element } from '../../tree/model.js'
import { isElement } from '../../tree/query.js'

/** What a drawing holds that the Markdown keeps, in document order. */
export type DrawingPart =
  | { kind: 'picture'; id: string; alt: string; floating: boolean }
  | { kind: 'text-box'; content: Element }
  | { kind: 'chart'; id: string | undefined }
  | { kind: 'diagram' }
  | { kind: 'embedded-object' }

/** A subtree's elements in document order, without recursion; text boxes are not descended into (they are read as blocks). */
function inOrder(root: Element): Element[] {
  const order: Element[] = []
  const stack: Element[] = [root]
  while (stack.length > 0) {
    const element = stack.pop() as Element
    order.push(element)
    if (element.name === 'w:txbxContent') continue
    for (let i = element.children.length - 1; i >= 0; i--) {
      const node = element.children[i]
      if (isElement(node)) stack.push(node)
    }
  }
  return order
}

/**
 * DrawingML (`w:drawing`): a picture, a group of pictures and shapes, a text box, a chart. A
 * picture's description is its own (`pic:cNvPr`), else the drawing's (`wp:docPr`).
 */
export function drawingParts(drawing: Element): DrawingPart[] {
  const order = inOrder(drawing)
  const docPr = order.find((element) => element.name === 'wp:docPr')
  const frameAlt = (docPr?.attribs.descr ?? docPr?.attribs.title ?? '').trim()
  const floating = drawing.children.some((node) => isElement(node) && node.name === 'wp:anchor')
  const parts: DrawingPart[] = []
  let alt = frameAlt
  for (const element of order) {
    switch (element.name) {
      case 'pic:cNvPr':
        alt = (element.attribs.descr ?? element.attribs.title ?? '').trim() || frameAlt
        break
      case 'a:blip': {
        const id = element.attribs['r:embed'] ?? element.attribs['r:link']
        if (id !== undefined) parts.push({ kind: 'picture', id, alt, floating })
        break
      }
      case 'w:txbxContent':
        parts.push({ kind: 'text-box', content: element })
        break
      case 'c:chart':
        parts.push({ kind: 'chart', id: element.attribs['r:id'] })
        break
      case 'dgm:relIds':
        parts.push({ kind: 'diagram' })
        break
    }
  }
  return parts
}

/** VML (older Word, and the preview of an embedded object: `w:pict`, `w:object`): pictures and text boxes. */
export function vmlParts(pict: Element): DrawingPart[] {
  const parts: DrawingPart[] = []
  let alt = ''
  for (const element of inOrder(pict)) {
    if (element.name === 'v:shape' || element.name === 'v:rect' || element.name === 'v:roundrect')
      alt = (element.attribs.alt ?? element.attribs['o:title'] ?? '').trim()
    else if (element.name === 'v:imagedata') {
      const id = element.attribs['r:id'] ?? element.attribs['o:relid'] ?? element.attribs['r:pict']
      if (id !== undefined)
        parts.push({ kind: 'picture', id, alt: alt || (element.attribs['o:title'] ?? '').trim(), floating: false })
    } else if (element.name === 'w:txbxContent') parts.push({ kind: 'text-box', content: element })
    else if (element.name === 'o:OLEObject') parts.push({ kind: 'embedded-object' })
  }
  return parts
}
