/** omml2mathml ships no types: one function, an OMML element in, a MathML element out (same DOM). */
import type { Element } from '@xmldom/xmldom'

declare function omml2mathml(omml: Element): Element
export default omml2mathml
