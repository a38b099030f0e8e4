/**
 * Bearer tokens for tests: HS256 with a test secret, or RS256/ES256 keys published by a tiny local
 * JWKS server, the way a company identity provider would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

interface Tap {
  teardown(fn: () => unknown): void;
}

/** At least 32 characters, as config.ts requires. */
export const TEST_JWT_SECRET = 'test-only-secret-0123456789-abcdefghij';

export interface TokenClaims {
  sub?: string;
  name?: string;
  role?: string;
  [claim: string]: unknown;
}

export interface SigningKey {
  alg: 'RS256' | 'ES256';
  kid: string;
  privateKey: CryptoKey;
  /** The public half as published in the JWKS. */
  jwk: JWK;
}

export interface TokenOptions {
  /** HS256 secret; TEST_JWT_SECRET unless `key` is given. */
  secret?: string;
  /** Signs RS256/ES256 with this key (and its kid) instead of HS256. */
  key?: SigningKey;
  /** Overrides the kid written in the header (e.g. one the JWKS does not have). */
  kid?: string;
  /** Seconds from now until `exp` (default one hour; negative: already expired); null: no exp. */
  expiresIn?: number | null;
  /** Seconds from now until `nbf`. */
  notBefore?: number;
  issuer?: string;
  audience?: string;
}

const now = () => Math.floor(Date.now() / 1000);

export async function tokenFor(claims: TokenClaims, opts: TokenOptions = {}): Promise<string> {
  const alg = opts.key?.alg ?? 'HS256';
  const kid = opts.kid ?? opts.key?.kid;
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })
    .setIssuedAt();
  const expiresIn = opts.expiresIn === undefined ? 3600 : opts.expiresIn;
  if (expiresIn !== null) jwt = jwt.setExpirationTime(now() + expiresIn);
  if (opts.notBefore !== undefined) jwt = jwt.setNotBefore(now() + opts.notBefore);
  if (opts.issuer) jwt = jwt.setIssuer(opts.issuer);
  if (opts.audience) jwt = jwt.setAudience(opts.audience);
  return jwt.sign(opts.key?.privateKey ?? new TextEncoder().encode(opts.secret ?? TEST_JWT_SECRET));
}

/** Expired an hour ago: far beyond any clock tolerance. */
export function expiredToken(claims: TokenClaims, opts: TokenOptions = {}): Promise<string> {
  return tokenFor(claims, { ...opts, expiresIn: -3600 });
}

export async function signingKey(
  alg: SigningKey['alg'],
  kid = `${alg.toLowerCase()}-test`,
): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  return { alg, kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export interface JwksServer {
  /** JWKS_URL to configure. */
  url: string;
  rs256: SigningKey;
  es256: SigningKey;
  /** How many times the key set was fetched (to prove caching). */
  fetches(): number;
  /** Makes the server answer this status instead of the keys (e.g. 500 for an outage). */
  failWith(status: number | null): void;
}

/** Serves an RS256 and an ES256 public key on 127.0.0.1; closed when the test ends. */
export async function jwksServer(t: Tap): Promise<JwksServer> {
  const [rs256, es256] = await Promise.all([signingKey('RS256'), signingKey('ES256')]);
  let fetches = 0;
  let failure: number | null = null;
  const server: Server = createServer((_request, response) => {
    fetches += 1;
    if (failure !== null) {
      response.writeHead(failure).end();
      return;
    }
    response
      .writeHead(200, { 'content-type': 'application/jwk-set+json' })
      .end(JSON.stringify({ keys: [rs256.jwk, es256.jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    rs256,
    es256,
    fetches: () => fetches,
    failWith: (status) => {
      failure = status;
    },
  };
}

/** Environment for buildTestApp with bearer tokens required (HS256 with the test secret). */
export function jwtEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { AUTH_MODE: 'jwt', JWT_SECRET: TEST_JWT_SECRET, ...extra };
}

export const bearer = (token: string): { authorization: string } => ({
  authorization: `Bearer ${token}`,
});

/** Ready-made users of each role. */
export const USERS = {
  asha: { sub: 'u-asha', name: 'Asha Verma', role: 'employee' },
  ravi: { sub: 'u-ravi', name: 'Ravi Kumar', role: 'employee' },
  fiona: { sub: 'u-fiona', name: 'Fiona Finance', role: 'finance' },
  adam: { sub: 'u-adam', name: 'Adam Admin', role: 'admin' },
} as const satisfies Record<string, TokenClaims>;
