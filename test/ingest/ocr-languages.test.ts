import { existsSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { createTesseractOcr } from '../../src/pipeline/ingest/ocr.js';
import {
  OCR_LANGUAGES,
  shippedLanguageDir,
  shippedLanguageFile,
} from '../../src/pipeline/ingest/ocr-languages.js';
import { renderTextPng } from './ingest-fixtures.js';

t.test('every OCR language ships inside node_modules, linked side by side', async (t) => {
  for (const language of OCR_LANGUAGES) t.ok(existsSync(shippedLanguageFile(language)), language);
  const dir = shippedLanguageDir(['deu', 'eng']);
  t.ok(existsSync(join(dir, 'eng.traineddata.gz')));
  t.ok(existsSync(join(dir, 'deu.traineddata.gz')));
  t.equal(shippedLanguageDir(['eng', 'deu']), dir, 'one folder per set, whatever the order');
});

t.test('OCR_LANGUAGES: English by default, any installed languages, nothing else', async (t) => {
  t.same(loadConfig({}).ocrLanguages, ['eng']);
  t.same(loadConfig({ OCR_LANGUAGES: 'eng, deu,jpn' }).ocrLanguages, ['eng', 'deu', 'jpn']);
  t.throws(() => loadConfig({ OCR_LANGUAGES: 'eng,german' }), {
    message:
      /OCR_LANGUAGES takes eng, deu, fra, nld, spa, ita, jpn \(comma-separated\), got german/,
  });
});

t.test('a German receipt keeps its umlauts with the German model first', async (t) => {
  const png = await renderTextPng(['BÄCKEREI GRÜN', 'Brötchen 3,50', 'Gesamtbetrag 3,50 EUR']);
  const ocr = (languages: Array<(typeof OCR_LANGUAGES)[number]>) => {
    const engine = createTesseractOcr({ timeoutMs: 120_000, languages });
    t.teardown(() => engine.close());
    return engine.recognise(png);
  };
  // The first language leads: German first, English for what German does not know.
  const german = await ocr(['deu', 'eng']);
  t.match(german.text, /BÄCKEREI/);
  t.match(german.text, /Brötchen 3,50/);
  const english = await ocr(['eng']);
  t.match(english.text, /Gesamtbetrag 3,50 EUR/);
  t.notMatch(english.text, /[ÄÖÜäöü]/, 'the English model has no umlauts');
});
