/**
 * Which Qdrant servers this adapter talks to. The client's own check only prints a warning from a
 * background request; a store that starts against the wrong server should fail at start instead.
 */

/** The @qdrant/js-client-rest version package.json pins (~1.18); a test keeps them equal. */
export const QDRANT_CLIENT_VERSION = '1.18.0';
/**
 * Named sparse vectors with the IDF modifier and the Query API arrived in 1.10; RRF with our own
 * k (`query: { rrf: { k } }`, the default k being 2) in 1.16.
 */
export const MINIMUM_SERVER_VERSION = '1.16.0';

export class QdrantCompatibilityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QdrantCompatibilityError';
  }
}

function majorMinor(version: string): [number, number] | null {
  const match = /^v?(\d+)\.(\d+)/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/**
 * Throws unless the server is at least MINIMUM_SERVER_VERSION and within the client's supported
 * window (same major, minor at most one apart: the rule of the Qdrant clients).
 */
export function checkServerVersion(
  serverVersion: string,
  clientVersion = QDRANT_CLIENT_VERSION,
): void {
  const server = majorMinor(serverVersion);
  const client = majorMinor(clientVersion);
  const minimum = majorMinor(MINIMUM_SERVER_VERSION);
  if (!server || !client || !minimum)
    throw new QdrantCompatibilityError(`Cannot read the Qdrant server version "${serverVersion}".`);
  const [serverMajor, serverMinor] = server;
  if (serverMajor < minimum[0] || (serverMajor === minimum[0] && serverMinor < minimum[1])) {
    throw new QdrantCompatibilityError(
      `Qdrant server ${serverVersion} is too old: this service needs ${MINIMUM_SERVER_VERSION} or newer (sparse vectors with IDF, hybrid queries fused by RRF with k = 60).`,
    );
  }
  if (serverMajor !== client[0] || Math.abs(serverMinor - client[1]) > 1) {
    throw new QdrantCompatibilityError(
      `Qdrant server ${serverVersion} is not supported by @qdrant/js-client-rest ${clientVersion} (the major version must match and the minor differ by at most 1): ` +
        `run a Qdrant ${client[0]}.${client[1]}.x server or upgrade the client.`,
    );
  }
}
