/**
 * The typeface the PDF report embeds: DejaVu Sans (assets/fonts, with its licence), because the
 * PDF standard fonts have no ₹ and a report must print every currency and name it is given.
 * Read once per process; found from the source (src/report) and the compiled (dist/src/report)
 * layouts alike, since `npm start` runs the latter from the same checkout.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ReportFonts {
  regular: Buffer;
  bold: Buffer;
}

const LAYOUTS = ['../../assets/fonts/', '../../../assets/fonts/'];

export function fontsDir(): string {
  for (const relative of LAYOUTS) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(`${dir}DejaVuSans.ttf`)) return dir;
  }
  throw new Error(
    `The report fonts are missing: expected assets/fonts/DejaVuSans.ttf at the repository root (looked in ${LAYOUTS.join(', ')} from ${fileURLToPath(import.meta.url)}).`,
  );
}

let loaded: ReportFonts | null = null;

export function reportFonts(): ReportFonts {
  if (!loaded) {
    const dir = fontsDir();
    loaded = {
      regular: readFileSync(`${dir}DejaVuSans.ttf`),
      bold: readFileSync(`${dir}DejaVuSans-Bold.ttf`),
    };
  }
  return loaded;
}
