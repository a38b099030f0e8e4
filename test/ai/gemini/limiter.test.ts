import t from 'tap';
import { ConcurrencyLimiter, PauseGate } from '../../../src/ai/gemini/limiter.js';
import { parseRetryAfter } from '../../../src/ai/gemini/retry.js';
import { VirtualClock } from '../../helpers/virtual-clock.js';

const settled = () => new Promise((resolve) => setImmediate(resolve));

t.test(
  'the limiter halves on a 429 once per round trip and grows back one slot per window of successes',
  async (t) => {
    const limiter = new ConcurrencyLimiter(16);
    t.equal(limiter.limit, 16);
    limiter.onRateLimited(100, 200);
    t.equal(limiter.limit, 8, 'multiplicative decrease');
    limiter.onRateLimited(150, 210);
    t.equal(limiter.limit, 8, 'a call sent before the decrease was part of the same burst');
    limiter.onRateLimited(205, 300);
    t.equal(limiter.limit, 4, 'a call sent after it is a new event');
    for (let i = 0; i < 10; i += 1) limiter.onRateLimited(1000 + i * 10, 1000 + i * 10 + 5);
    t.equal(limiter.limit, 1, 'never below one');

    let successes = 0;
    while (limiter.limit < 4) {
      limiter.onSuccess();
      successes += 1;
    }
    t.ok(
      successes >= 4 && successes <= 8,
      `1 → 4 took ${successes} successes (about one window each)`,
    );
    for (let i = 0; i < 1000; i += 1) limiter.onSuccess();
    t.equal(limiter.limit, 16, 'back to the configured maximum, never above');
  },
);

t.test(
  'a lower limit holds newcomers back; a rejected caller queued at the front goes first',
  async (t) => {
    const limiter = new ConcurrencyLimiter(2);
    const a = await limiter.acquire();
    const b = await limiter.acquire();
    limiter.onRateLimited(0, 1);
    t.equal(limiter.limit, 1);
    const order: string[] = [];
    const newcomer = limiter.acquire().then((release) => {
      order.push('newcomer');
      return release;
    });
    b();
    await settled();
    t.same(order, [], 'one call still in flight: the limit is one');
    const rejected = limiter.acquire(undefined, true).then((release) => {
      order.push('rejected');
      return release;
    });
    a();
    await settled();
    t.same(order, ['rejected'], 'the rejected caller keeps its turn');
    (await rejected)();
    await settled();
    t.same(order, ['rejected', 'newcomer']);
    (await newcomer)();
    t.equal(limiter.inFlight, 0);
  },
);

t.test(
  'the gate holds every waiter until the pause ends, spreads them, and never opens early',
  async (t) => {
    const clock = new VirtualClock();
    const gate = new PauseGate(2_000, clock);
    t.equal(gate.closedFor(), 0);
    gate.pause(120);
    gate.pause(50);
    t.equal(gate.closedFor(), 120, 'a shorter pause does not shorten a longer one');
    const woke = await Promise.all(
      [0, 0.5, 1].map(async (value) => {
        t.equal(await gate.wait({ random: () => value }), true, 'it had to wait');
        return clock.now();
      }),
    );
    // Spread over a fifth of the pause (24 ms): the first at the opening, none before it.
    t.same(woke, [120, 132, 144]);
    t.equal(await gate.wait({ random: () => 0 }), false, 'an open gate does not hold anyone');

    gate.pause(10_000);
    const controller = new AbortController();
    const waiting = gate.wait({ signal: controller.signal, random: () => 0 });
    controller.abort(new Error('job cancelled'));
    await t.rejects(waiting, { message: 'job cancelled' });
    const deadline = clock.now() + 30;
    t.equal(
      await gate.wait({ deadline, random: () => 0 }),
      true,
      'a deadline ends the wait while the gate is still closed',
    );
    t.equal(clock.now(), deadline);
  },
);

t.test('Retry-After in seconds or as an HTTP date', async (t) => {
  t.equal(parseRetryAfter('12'), 12_000);
  t.equal(parseRetryAfter('0.25'), 250);
  t.equal(
    parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    5_000,
  );
  t.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT'), 0, 'a date in the past: no wait');
  t.equal(parseRetryAfter('soon'), null);
  t.equal(parseRetryAfter(null), null);
});
