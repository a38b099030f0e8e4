/** The whole corpus of policy sentences, by theme (see corpus-types.ts for the entry shape). */
import { LIMITS } from './corpus-limits.js';
import { PERCENTAGES } from './corpus-percentages.js';
import { READING } from './corpus-reading.js';
import { REFUSALS } from './corpus-refusals.js';
import { REQUIREMENTS } from './corpus-requirements.js';
import type { CorpusEntry } from './corpus-types.js';

export const CORPUS: CorpusEntry[] = [
  ...LIMITS,
  ...PERCENTAGES,
  ...REFUSALS,
  ...REQUIREMENTS,
  ...READING,
];
