import { createHash } from 'node:crypto';
import { type ChainableCommander, Redis } from 'ioredis';
import type { ErrorReporter } from '../state-codec.js';

export interface RedisConnectionOptions {
  /** redis:// or rediss:// URL, credentials included. */
  url: string;
  /** Namespaces every key this application writes, so one Redis can serve several deployments. */
  keyPrefix?: string;
  /** Connection errors (while ioredis reconnects) and errors of background loops. */
  onError?: ErrorReporter;
}

export const DEFAULT_KEY_PREFIX = 'reimburse:';

/**
 * A blocking connection must wait through reconnects instead of failing its command after a few
 * retries, otherwise a short Redis restart ends every live stream.
 */
export function openRedis(
  url: string,
  onError: ErrorReporter,
  purpose: 'commands' | 'blocking',
): Redis {
  const client = new Redis(url, purpose === 'blocking' ? { maxRetriesPerRequest: null } : {});
  client.on('error', onError);
  return client;
}

/** QUIT when connected (lets pending replies arrive); otherwise drop the socket and stop reconnecting. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}

/** Keys may embed user-controlled values (subjects, idempotency keys): escape the separator. */
export const keyPart = (value: string): string => encodeURIComponent(value);

export type LuaScript = (
  client: Redis,
  keys: string[],
  args: Array<string | number>,
) => Promise<unknown>;

/** Runs a Lua script by its SHA, loading it once per server (after a restart the cache is empty). */
export function luaScript(source: string): LuaScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return async (client, keys, args) => {
    try {
      return await client.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
      return client.eval(source, keys.length, ...keys, ...args);
    }
  };
}

/** MULTI/pipeline replies carry per-command errors instead of rejecting: surface the first one. */
export async function execOrThrow(batch: ChainableCommander): Promise<unknown[]> {
  const replies = (await batch.exec()) ?? [];
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}
