import { createWorker, OEM } from 'tesseract.js';
import { createRequire } from 'node:module';
import path from 'node:path';
const require = createRequire(import.meta.url);
const dir = path.dirname(require.resolve('@tesseract.js-data/eng/package.json'));
console.time('init');
const w = await createWorker('eng', OEM.LSTM_ONLY, { langPath: path.join(dir, '4.0.0_best_int'), cacheMethod: 'none', gzip: true });
console.timeEnd('init');
console.time('rec');
const r = await w.recognize('/tmp/ingest-exp/shot.png');
console.timeEnd('rec');
console.log(JSON.stringify(r.data.text), r.data.confidence);
await w.terminate();
// Now an attempt without langPath (would download)
try {
  const w2 = await createWorker('eng', OEM.LSTM_ONLY, { cacheMethod: 'none', errorHandler: (e) => console.log('handler', e) });
  console.log('unexpected ok'); await w2.terminate();
} catch (e) { console.log('download failed as expected:', String(e).slice(0, 200)); }
