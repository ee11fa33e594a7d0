// `pnpm build` (after tsc): omml2mathml, with the get-dom it needs patched to hand out
// @xmldom/xmldom's DOM instead of loading jsdom 9 (ADR 025, patches/get-dom@9.0.0.patch), bundled
// into dist/vendor/omml2mathml.cjs. The workspace's patch lives in pnpm-workspace.yaml and would
// not travel to someone who installs the published package; the bundle does. @xmldom/xmldom and
// xpath (CC-BY-SA-2.0, not ours to redistribute inside a bundle) stay dependencies of their own.
// Licences of what is bundled: THIRD-PARTY-NOTICES.md.
import { build } from 'esbuild'

await build({
  entryPoints: ['omml2mathml'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: 'dist/vendor/omml2mathml.cjs',
  external: ['@xmldom/xmldom', 'xpath'],
  legalComments: 'inline',
  logLevel: 'warning',
})
