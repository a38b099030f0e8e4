/**
 * The benchmark suite: `npm run bench` runs every benchmark, `npm run bench -- NAME [NAME…]` some.
 * Each prints one line per figure with its target (and the ratio to a peer measured in the same
 * run); the closing summary lists every target met or missed. Benchmarks never run in `npm test`.
 * Run on a quiet machine: the load average is printed before and after each benchmark.
 */
import { availableParallelism } from 'node:os';
import { load, machine, recordedFigures } from './lib/report.js';

type Benchmark = { describe: string; run: () => Promise<unknown> };

const BENCHMARKS: Record<string, Benchmark> = {
  http: {
    describe: 'GET /health/quick through the full plugin stack vs bare Fastify (autocannon)',
    run: async () => (await import('./http.js')).run(),
  },
  pipeline: {
    describe:
      '100 invoices end to end with a fake Gemini at 1 s per call vs the sequential baseline',
    run: async () => (await import('./pipeline.js')).run(),
  },
  analysis: {
    describe: 'offline extraction + decision rate, and the offline job end to end',
    run: async () => (await import('./analysis.js')).run(),
  },
  engine: {
    describe: 'decision engine v2 alone: invoices decided per second under every rule kind',
    run: async () => (await import('./engine.js')).run(),
  },
  policy: {
    describe: 'offline policy compiler v2 alone: a three-page policy to rules v2',
    run: async () => (await import('./policy.js')).run(),
  },
  einvoice: {
    describe: 'e-invoice XML (CII and UBL) read into invoice fields per second',
    run: async () => (await import('./einvoice.js')).run(),
  },
  ocr: {
    describe:
      'receipt photos (12 MP, some sideways) read by offline OCR: p95 per photo, per language set',
    run: async () => (await import('./ocr.js')).run(),
  },
  ingest: {
    describe: 'text PDFs read per second; peak memory ingesting a 200 MB ZIP of 1,000 PDFs',
    run: async () => (await import('./ingest.js')).run(),
  },
  hostile: {
    describe:
      "issue 18's hostile files as one claim (huge and header-only PNGs, inflating PDFs, nested and near-1 MiB ZIPs): peak and idle server memory",
    run: async () => (await import('./hostile.js')).run(),
  },
  store: {
    describe: 'SQLite insert rate and filtered search p95 at 100,000 invoices',
    run: async () => (await import('./store.js')).run(),
  },
  search: {
    describe:
      'recall@10 of paraphrased questions, words vs hybrid (10,000 invoices); hybrid search p95 at 100,000',
    run: async () => (await import('./search.js')).run(),
  },
  chat: {
    describe: 'offline chat p95 at 100,000 invoices; Gemini first-token latency',
    run: async () => (await import('./chat.js')).run(),
  },
  streams: {
    describe: '1,000 concurrent job event streams: server memory',
    run: async () => (await import('./streams.js')).run(),
  },
  documents: {
    describe: 'a 2 MB original served as 64 KiB ranges to 100 concurrent connections',
    run: async () => (await import('./documents.js')).run(),
  },
  report: {
    describe: 'a 100-invoice claim report rendered to PDF (and HTML) from synthetic records',
    run: async () => (await import('./report.js')).run(),
  },
};

const requested = process.argv.slice(2).filter((arg) => arg !== '--');
if (requested.includes('--help') || requested.includes('-h')) {
  console.log('npm run bench [-- NAME ...]\n');
  for (const [name, benchmark] of Object.entries(BENCHMARKS))
    console.log(`  ${name.padEnd(9)} ${benchmark.describe}`);
  process.exit(0);
}
const unknown = requested.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(BENCHMARKS).join(', ')}.`,
  );
  process.exit(2);
}
const names = requested.length > 0 ? requested : Object.keys(BENCHMARKS);

console.log(`bench: ${new Date().toISOString()}`);
console.log(`machine: ${machine()}`);
if (availableParallelism() !== 2)
  console.log(`note: targets are stated for 2 cores; this machine has ${availableParallelism()}`);

const crashed: string[] = [];
for (const name of names) {
  const benchmark = BENCHMARKS[name] as Benchmark;
  console.log(`\n== ${name}: ${benchmark.describe} (load ${load()})`);
  const started = performance.now();
  try {
    await benchmark.run();
  } catch (error) {
    crashed.push(name);
    console.log(
      `${name}: FAILED to run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
  console.log(
    `-- ${name} took ${((performance.now() - started) / 1000).toFixed(0)} s (load ${load()})`,
  );
}

const judged = recordedFigures().filter((figure) => figure.target !== null);
const missed = judged.filter((figure) => !figure.target?.met);
console.log(
  `\nsummary: ${judged.length - missed.length} of ${judged.length} targets met${missed.length > 0 ? `; missed: ${missed.map((figure) => figure.name).join(', ')}` : ''}${crashed.length > 0 ? `; failed to run: ${crashed.join(', ')}` : ''} (load ${load()})`,
);
// A missed target is a finding, not an error; a benchmark that could not run is.
process.exitCode = crashed.length > 0 ? 1 : 0;
