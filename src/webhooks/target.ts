/**
 * Where a webhook may point: an http(s) URL without credentials whose host resolves only to public
 * addresses. Checked when the endpoint is registered and again at every attempt, on the very
 * addresses the connection then uses, so a DNS answer that changes in between (rebinding) cannot
 * turn a public name into a door to the internal network.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { UnprocessableError } from '../errors.js';
import { blockedReason } from './addresses.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address of a host name (dns.lookup with all: true, as the HTTP client would see them). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => ({
    address: entry.address,
    family: entry.family === 6 ? 6 : 4,
  }));

/** A refused target: the message says which address and why, for the delivery log or the 422. */
export class TargetRefusedError extends Error {
  readonly code = 'webhook_target_refused';
}

const bareHost = (hostname: string) =>
  hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;

/** The URL's shape alone (no DNS): a 422 naming the problem. */
export function parseTargetUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw targetProblem('invalid_webhook_url', `"${raw}" is not an absolute URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw targetProblem(
      'invalid_webhook_url',
      `A webhook URL must be http or https, not ${url.protocol}`,
    );
  if (url.username !== '' || url.password !== '')
    throw targetProblem(
      'invalid_webhook_url',
      'A webhook URL must not carry credentials: authenticate deliveries by their signature.',
    );
  if (url.hash !== '')
    throw targetProblem('invalid_webhook_url', 'A webhook URL has no #fragment.');
  return url;
}

function targetProblem(code: string, message: string): UnprocessableError {
  return new UnprocessableError(code, message, [{ pointer: '/url', message }]);
}

/**
 * The addresses a connection to `hostname` may use: all of them, after checking each one (a name
 * with one public and one private address is refused, not half-trusted). Throws
 * TargetRefusedError naming the first refused address.
 */
export async function allowedAddresses(
  hostname: string,
  options: { allowPrivate: boolean; resolve: Resolver },
): Promise<ResolvedAddress[]> {
  const host = bareHost(hostname);
  const literal = isIP(host);
  const addresses: ResolvedAddress[] = literal
    ? [{ address: host, family: literal === 6 ? 6 : 4 }]
    : await options.resolve(host).catch((error: unknown) => {
        throw new TargetRefusedError(
          `${host} does not resolve: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
  if (addresses.length === 0) throw new TargetRefusedError(`${host} has no address.`);
  if (options.allowPrivate) return addresses;
  for (const { address } of addresses) {
    const reason = blockedReason(address);
    if (reason !== null)
      throw new TargetRefusedError(
        `${literal ? host : `${host} resolves to ${address}, which`} is a ${reason} address: webhooks only reach public addresses (WEBHOOK_ALLOW_PRIVATE=true lifts this).`,
      );
  }
  return addresses;
}

/** The registration check: a well-formed URL whose host resolves to allowed addresses only. */
export async function checkTarget(
  raw: string,
  options: { allowPrivate: boolean; resolve: Resolver },
): Promise<URL> {
  const url = parseTargetUrl(raw);
  try {
    await allowedAddresses(url.hostname, options);
  } catch (error) {
    if (error instanceof TargetRefusedError)
      throw targetProblem('webhook_target_refused', error.message);
    throw error;
  }
  return url;
}
