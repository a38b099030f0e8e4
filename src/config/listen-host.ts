/** Where the HTTP server listens when HOST is not set: an unauthenticated admin stays local. */
import type { Config } from '../config.js';

const LOOPBACK = '127.0.0.1';
const EVERY_INTERFACE = '0.0.0.0';

/**
 * HOST when it is set, in so many words; otherwise loopback without authentication (AUTH_MODE=none
 * makes every caller an admin, so all interfaces would hand the data to the network) and every
 * interface with it.
 */
export function listenHost(config: Pick<Config, 'host' | 'authMode'>): string {
  if (config.host !== undefined) return config.host;
  return config.authMode === 'none' ? LOOPBACK : EVERY_INTERFACE;
}

/** True for an address only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
