import t from 'tap';
import { buildCachedSerializer } from '../../src/plugins/compiled-schemas.js';

const route = (schema: object) => ({ schema, method: 'GET', url: '/x', httpStatus: '200' });
const shared = (type: string) => ({
  amount: { $id: 'amount', type: 'object', properties: { value: { type } } },
});
const body = { type: 'object', properties: { amount: { $ref: 'amount#' } } };

t.test('a response schema is compiled once per process, for every app that uses it', async (t) => {
  const first = buildCachedSerializer(shared('integer'), {})(route(body));
  // Another app: new objects, the same JSON.
  const second = buildCachedSerializer(shared('integer'), {})(route(structuredClone(body)));
  t.equal(second, first, 'the compiled serializer is reused');
  t.equal(first({ amount: { value: 12 } }), '{"amount":{"value":12}}');
});

t.test('different shared schemas, options or route schemas compile apart', async (t) => {
  const asInteger = buildCachedSerializer(shared('integer'), {})(route(body));
  const asString = buildCachedSerializer(shared('string'), {})(route(body));
  t.not(asString, asInteger);
  t.equal(asString({ amount: { value: 12 } }), '{"amount":{"value":"12"}}');
  const rounded = buildCachedSerializer(shared('integer'), { rounding: 'ceil' })(route(body));
  t.not(rounded, asInteger, 'options are part of the key');
  t.equal(rounded({ amount: { value: 1.2 } }), '{"amount":{"value":2}}');
  const other = buildCachedSerializer(
    shared('integer'),
    {},
  )(route({ type: 'object', properties: { note: { type: 'string' } } }));
  t.not(other, asInteger);
});
