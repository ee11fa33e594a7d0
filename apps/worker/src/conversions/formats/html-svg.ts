import { isText, textOf, toXml, type Element } from './html-dom.js'

/**
 * An inline `<svg>` drawing as an SVG file of its own. HTML parsing lower-cases names, but SVG is
 * XML and case-sensitive (`viewbox` is not `viewBox`): the HTML standard's table of SVG's
 * mixed-case element and attribute names restores them.
 */
const mixedCase = [
  'altGlyph', 'altGlyphDef', 'altGlyphItem', 'animateColor', 'animateMotion', 'animateTransform', 'clipPath', 'feBlend', 'feColorMatrix', 'feComponentTransfer',
  'feComposite', 'feConvolveMatrix', 'feDiffuseLighting', 'feDisplacementMap', 'feDistantLight', 'feDropShadow', 'feFlood', 'feFuncA', 'feFuncB', 'feFuncG',
  'feFuncR', 'feGaussianBlur', 'feImage', 'feMerge', 'feMergeNode', 'feMorphology', 'feOffset', 'fePointLight', 'feSpecularLighting', 'feSpotLight', 'feTile',
  'feTurbulence', 'foreignObject', 'glyphRef', 'linearGradient', 'radialGradient', 'textPath',
  'attributeName', 'attributeType', 'baseFrequency', 'baseProfile', 'calcMode', 'clipPathUnits', 'diffuseConstant', 'edgeMode', 'filterUnits', 'glyphRef',
  'gradientTransform', 'gradientUnits', 'kernelMatrix', 'kernelUnitLength', 'keyPoints', 'keySplines', 'keyTimes', 'lengthAdjust', 'limitingConeAngle',
  'markerHeight', 'markerUnits', 'markerWidth', 'maskContentUnits', 'maskUnits', 'numOctaves', 'pathLength', 'patternContentUnits', 'patternTransform',
  'patternUnits', 'pointsAtX', 'pointsAtY', 'pointsAtZ', 'preserveAlpha', 'preserveAspectRatio', 'primitiveUnits', 'refX', 'refY', 'repeatCount', 'repeatDur',
  'requiredExtensions', 'requiredFeatures', 'specularConstant', 'specularExponent', 'spreadMethod', 'startOffset', 'stdDeviation', 'stitchTiles', 'surfaceScale',
  'systemLanguage', 'tableValues', 'targetX', 'targetY', 'textLength', 'viewBox', 'viewTarget', 'xChannelSelector', 'yChannelSelector', 'zoomAndPan',
]
const names = new Map(mixedCase.map((name) => [name.toLowerCase(), name]))
const svgName = (name: string) => names.get(name) ?? name

/** The drawing as a standalone SVG file, and what describes it (`aria-label`, or its `<title>`). */
export function svgFile(svg: Element): { markup: string; description: string } {
  const markup = toXml(svg, svgName)
  const title = svg.children.find((child): child is Element => !isText(child) && child.name === 'title')
  return {
    markup: svg.attribs.xmlns ? markup : markup.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"'),
    description: svg.attribs['aria-label'] ?? (title ? textOf(title) : ''),
  }
}
