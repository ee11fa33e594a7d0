/** omml2mathml ships no types: one function, an OMML element in, a MathML element out (same DOM). */
declare module 'omml2mathml' {
  import type { Element } from '@xmldom/xmldom'
  export default function omml2mathml(omml: Element): Element
}
