import Bowser from 'bowser'

/** "Firefox 133 on Linux (desktop)" from a User-Agent, for people choosing which session to revoke. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'unknown device'
  const { browser, os, platform } = Bowser.parse(userAgent)
  const name = [browser.name, browser.version?.split('.')[0]].filter(Boolean).join(' ') || 'unknown browser'
  const system = [os.name, platform.type ? `(${platform.type})` : undefined].filter(Boolean).join(' ')
  return system ? `${name} on ${system}` : name
}
