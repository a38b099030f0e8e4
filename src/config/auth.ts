/** Who may call the API. */

import { setting } from './setting.js';

export const AUTH_SETTINGS = {
  authMode: setting({
    env: 'AUTH_MODE',
    kind: 'enum',
    values: ['jwt', 'none'],
    default: 'none',
    description:
      '`jwt` requires a bearer token; `none` serves one local user (refused in production).',
  }),
  localUserName: setting({
    env: 'LOCAL_USER_NAME',
    kind: 'string',
    default: 'Local User',
    description: 'Name of the single local user (role admin, subject `local`) when AUTH_MODE=none.',
  }),
  jwtSecret: setting({
    env: 'JWT_SECRET',
    kind: 'string',
    secret: true,
    description: 'HS256 secret for bearer tokens (at least 32 characters).',
  }),
  jwksUrl: setting({
    env: 'JWKS_URL',
    kind: 'url',
    description: 'JWKS endpoint of the identity provider (RS256/ES256 tokens).',
  }),
  jwtIssuer: setting({
    env: 'JWT_ISSUER',
    kind: 'string',
    description: 'Expected `iss` claim, when set.',
  }),
  jwtAudience: setting({
    env: 'JWT_AUDIENCE',
    kind: 'string',
    description: 'Expected `aud` claim, when set.',
  }),
} as const;
