import t from 'tap';
import { describeConfig, loadConfig, withoutCredentials } from '../../src/config.js';

t.test('the configuration as logged at start-up hides secrets, also inside URLs', async (t) => {
  const config = loadConfig({
    LOG_DIR: '',
    GEMINI_API_KEY: 'AIza-not-for-logs',
    REDIS_URL: 'redis://:s3cretpass@redis:6379/0',
    QDRANT_URL: 'https://admin:qdrant-pass@qdrant.internal:6333',
    JWKS_URL: 'https://idp.example.com/.well-known/jwks.json',
  });
  const logged = describeConfig(config);
  t.equal(logged.GEMINI_API_KEY, '[set]');
  t.equal(logged.REDIS_URL, 'redis://:redacted@redis:6379/0');
  t.equal(logged.QDRANT_URL, 'https://redacted:redacted@qdrant.internal:6333/');
  t.equal(
    logged.JWKS_URL,
    'https://idp.example.com/.well-known/jwks.json',
    'a URL without credentials is logged as it is',
  );
  t.notMatch(JSON.stringify(logged), /s3cretpass|qdrant-pass|admin|AIza/);
});

t.test('withoutCredentials leaves what is not a URL with credentials alone', async (t) => {
  t.equal(withoutCredentials('redis://redis:6379'), 'redis://redis:6379');
  t.equal(withoutCredentials('not a url'), 'not a url');
  t.equal(withoutCredentials('redis://user@redis:6379'), 'redis://redacted@redis:6379');
});
