/**
 * The languages offline OCR can read: one @tesseract.js-data package each, installed with the
 * app so that OCR never fetches data at run time. tesseract.js reads every language of a worker
 * from one folder, so the chosen ones are linked side by side into a folder of their own.
 */
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Tesseract's codes, in the order the README lists them. */
export const OCR_LANGUAGES = ['eng', 'deu', 'fra', 'nld', 'spa', 'ita', 'jpn'] as const;
export type OcrLanguage = (typeof OCR_LANGUAGES)[number];

/**
 * The LSTM model ("best_int", what the LSTM-only engine loads) inside a language's package; the
 * package's other folder holds the legacy+LSTM model.
 */
export function shippedLanguageFile(language: OcrLanguage): string {
  const require = createRequire(import.meta.url);
  const pkg = dirname(require.resolve(`@tesseract.js-data/${language}/package.json`));
  return join(pkg, '4.0.0_best_int', `${language}.traineddata.gz`);
}

/**
 * The folder of tesseract's orientation and script model, which only the legacy engine runs
 * (the package ships the same file in both of its folders).
 */
export function shippedOrientationDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tesseract.js-data/osd/package.json')), '4.0.0');
}

/** A folder holding `<code>.traineddata.gz` for each language, linked from its package. */
export function shippedLanguageDir(languages: readonly OcrLanguage[]): string {
  const dir = join(tmpdir(), `reimburse-ocr-${[...languages].sort().join('-')}`);
  mkdirSync(dir, { recursive: true });
  for (const language of languages) {
    const link = join(dir, `${language}.traineddata.gz`);
    if (!existsSync(link)) {
      try {
        symlinkSync(shippedLanguageFile(language), link);
      } catch (error) {
        // Another process linked it first.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  }
  return dir;
}
