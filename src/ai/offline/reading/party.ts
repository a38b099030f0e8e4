/**
 * Who a bill was for: the number of covers or persons as printed ("Covers 4", "4 couverts",
 * "人数 4名様"), the attendees listed under their label, and the meal when the document names it
 * in words.
 */
import type { Fact, MealType } from '../../../domain/facts.js';
import type { PreparedDocument } from './document.js';
import { fold } from './normalize.js';

const absent = <T>(): Fact<T> => ({ value: null, confidence: 0, page: null });

const PERSON_WORDS =
  'covers|cover|couverts|couvert|pax|guests|guest|persons|person|people|personnes|personne|pers|personen|person|comensales|personas|coperti|人数';
const LABEL_FIRST = new RegExp(`(?:^|\\s)(?:${PERSON_WORDS})\\s*(\\d{1,2})(?!\\d)`);
const COUNT_FIRST = new RegExp(`(?:^|\\s)(\\d{1,2})\\s*(?:${PERSON_WORDS}|名様|名)(?=\\s|$)`);

export function readPersons(doc: PreparedDocument): Fact<number> {
  for (const row of doc.rows) {
    // Times and rates are not counts: "1 guest 13:05", "1 personne 10 %".
    const folded = fold(row.text.replace(/\d{1,2}:\d{2}|\d+(?:[.,]\d+)?\s*%/g, ' ')).text;
    const match = LABEL_FIRST.exec(folded) ?? COUNT_FIRST.exec(folded);
    const value = Number(match?.[1]);
    if (match && value >= 1) return { value, confidence: 0.75, page: row.page };
  }
  return absent();
}

// Folded text: "ご" reads "こ", so the Japanese labels are matched without their honorific.
const ATTENDEE_LABEL =
  /(?:^|\s)(?:attendees|participants|guests present|persons entertained|invites|convives|teilnehmer|bewirtete personen|asistentes|participantes)(?=\s|$)|出席者|参加者|同席者/;
/** Headers of the table of lines: the list of names ends there. */
const TABLE_HEADER =
  /(?:^|\s)(?:description|qty|quantity|item|items|designation|quantite|menge|beschreibung|artikel|cantidad|descripcion|品名|数量|単価|金額|内容)(?=\s|$)/;

export function readAttendees(doc: PreparedDocument): Fact<string[]> {
  for (const [index, row] of doc.rows.entries()) {
    const folded = fold(row.text).text;
    const label = ATTENDEE_LABEL.exec(folded);
    if (!label) continue;
    const names: string[] = [];
    // Names after the label on its own row ("Attendees: A. Smith, B. Jones").
    const after = row.text.split(/[:：]/).slice(1).join(':');
    for (const part of after.split(/[,;、・]/)) if (/\p{L}{2}/u.test(part)) names.push(part.trim());
    for (const next of doc.rows.slice(index + 1, index + 13)) {
      if (names.length > 0 && after) break;
      const nextFolded = fold(next.text).text;
      if (
        next.page !== row.page ||
        /\d/.test(next.text) ||
        TABLE_HEADER.test(nextFolded) ||
        !/\p{L}{2}/u.test(next.text)
      )
        break;
      names.push(next.text.replace(/\s{2,}/g, ' ').trim());
    }
    if (names.length > 0) return { value: names, confidence: 0.75, page: row.page };
  }
  return absent();
}

const MEAL_WORDS: ReadonlyArray<readonly [MealType, RegExp]> = [
  ['breakfast', /(?:^|\s)(?:breakfast|petit dejeuner|fruhstuck|desayuno|colazione)(?=\s|$)|朝食/],
  [
    'lunch',
    /(?:^|\s)(?:lunch|(?<!petit )dejeuner|mittagessen|almuerzo|pranzo)(?=\s|$)|昼食|ランチ/,
  ],
  ['dinner', /(?:^|\s)(?:dinner|diner|abendessen|cena)(?=\s|$)|夕食|ディナー/],
];

/** The meal a document names in words, when it names exactly one. */
export function readMealType(doc: PreparedDocument): Fact<MealType> {
  const found = new Map<MealType, number>();
  for (const row of doc.rows) {
    const folded = fold(row.text).text;
    for (const [meal, pattern] of MEAL_WORDS)
      if (pattern.test(folded) && !found.has(meal)) found.set(meal, row.page);
  }
  if (found.size !== 1) return absent();
  const [[meal, page]] = [...found.entries()] as [[MealType, number]];
  return { value: meal, confidence: 0.6, page };
}
