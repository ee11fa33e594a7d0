// Libraries without bundled types, declared to the extent draftsmith uses them.
declare module '@joplin/turndown-plugin-gfm' {
  import type TurndownService from 'turndown'
  export const gfm: TurndownService.Plugin
}

declare module '@mixmark-io/domino' {
  export function createDocument(html?: string, force?: boolean): Document
}
