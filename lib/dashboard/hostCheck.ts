import { hostname, networkInterfaces } from 'node:os';
import { isIP } from 'node:net';

/**
 * The Host headers the dashboard answers: the address it serves, as a browser
 * names it. A page on another site that points its own DNS name at us (DNS
 * rebinding) sends its name, not ours, and gets 403: the dashboard has no
 * login, so the Host header is what keeps /api/state to those who can reach us
 * by our own address. Loopback also answers as localhost; a wildcard address
 * (0.0.0.0, ::) as every address of this machine and its host name.
 */
export function allowedHostHeaders(boundHost: string, port: number): Set<string> {
  const names = new Set<string>([boundHost]);
  const wildcard = boundHost === '0.0.0.0' || boundHost === '::';
  if (wildcard || isLoopback(boundHost)) for (const name of ['localhost', '127.0.0.1', '::1']) names.add(name);
  if (wildcard) {
    names.add(hostname());
    for (const address of Object.values(networkInterfaces()).flat()) if (address) names.add(address.address);
  }
  const headers = new Set<string>();
  for (const name of names) {
    const host = isIP(name) === 6 ? `[${name}]` : name.toLowerCase();
    headers.add(`${host}:${port}`);
    if (port === 80) headers.add(host);
  }
  return headers;
}

/** Whether a request's Host header names the address we serve. */
export function isAllowedHost(header: string | undefined, allowed: ReadonlySet<string>): boolean {
  return header !== undefined && allowed.has(header.toLowerCase());
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
