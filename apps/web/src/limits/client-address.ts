import type { FastifyRequest } from 'fastify'
import ipaddr from 'ipaddr.js'

/**
 * The key every per-address limit counts under. An IPv4 address is itself, and so is an
 * IPv4-mapped IPv6 one (`::ffff:203.0.113.5`, what a dual-stack socket reports for an IPv4 peer).
 * An IPv6 address counts by its /64: that is what one subscriber line, one phone or one VPS gets,
 * so each of its 2^64 addresses is the same visitor, not a fresh allowance (ADR 042).
 *
 * Something that is not an address (only a misconfigured proxy would put one in
 * X-Forwarded-For) is keyed as it is written.
 */
export function addressKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip
  const address = ipaddr.process(ip)
  if (address.kind() === 'ipv4') return address.toString()
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/64`).toString()}/64`
}

/** The request's client, keyed for limits: `request.ip` as TRUST_PROXY chose it (ADR 011), through {@link addressKey}. */
export function clientKey(request: FastifyRequest): string {
  return addressKey(request.ip)
}
