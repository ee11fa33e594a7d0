// @ts-check
/**
 * Production runs Node 22 (render.yaml, Dockerfile); development machines on Node 20.19+ may
 * still install, because `engineStrict: true` (pnpm-workspace.yaml) would otherwise refuse these
 * dependencies, which declare Node 22 yet pass the whole suite on 20 (CI runs it there). The list
 * is explicit on purpose: a new dependency that needs Node 22 fails the install on Node 20 until
 * someone has run the suite on 20 and added it here. Drop the file when development leaves 20.
 * See docs/decisions/016-node-and-pnpm-versions.md.
 */
const testedOnNode20 = new Set([
  'content-disposition',
  'cookie',
  'file-type',
  'nanoid',
  'opossum',
  'strip-json-comments',
  'unpdf',
])

/** True for ranges such as `>=22` or `^26 || ^24 || ^22`: every alternative starts at Node 22 or later. */
function needsNode22(range) {
  return range.split('||').every((alternative) => {
    const major = /^\s*(?:>=|\^)\s*v?(\d+)/.exec(alternative)
    return major !== null && Number(major[1]) >= 22
  })
}

/** @param {{ name?: string, engines?: Record<string, string> }} pkg */
function readPackage(pkg) {
  if (pkg.name && testedOnNode20.has(pkg.name) && pkg.engines?.node && needsNode22(pkg.engines.node)) {
    pkg.engines = { ...pkg.engines, node: `${pkg.engines.node} || ^20.19.0` }
  }
  return pkg
}

module.exports = { hooks: { readPackage } }
