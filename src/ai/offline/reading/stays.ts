/**
 * Facts of a stay and of a place: nights as printed (a "Nights 3" label, "3 nights", "2泊"), the
 * arrival and departure dates by their labels, and the city of the seller from its address
 * block (the word beside a postcode, the way each country writes it). No gazetteer: a city is
 * read where an address prints it, and stays absent otherwise.
 */
import type { Fact } from '../../../domain/facts.js';
import type { PreparedDocument } from './document.js';
import { fold } from './normalize.js';

const absent = <T>(): Fact<T> => ({ value: null, confidence: 0, page: null });

const NIGHT_WORDS = 'nights|nuits|nuitees|nachte|ubernachtungen|noches|notti|nachten';
const NIGHTS_LABEL = new RegExp(
  `^(?:number of |nb |nombre de |anzahl |numero de )?(?:${NIGHT_WORDS}|night|nuit|noche)\\s*(\\d{1,2})\\b`,
);
const NIGHTS_COUNT = new RegExp(`\\b(\\d{1,2})\\s*(?:${NIGHT_WORDS})\\b`);
const NIGHTS_JA = /(\d{1,2})\s*泊/;
/** "(1 nuit)": a single night says so in the singular. */
const NIGHT_ONE = /(?:^|\s)(1)\s*(?:night|nuit|nacht|noche|notte)(?=\s|$)/;

export function readNights(doc: PreparedDocument): Fact<number> {
  let counted: Fact<number> | null = null;
  for (const row of doc.rows) {
    const folded = fold(row.text).text;
    const labelled = NIGHTS_LABEL.exec(folded);
    if (labelled) return { value: Number(labelled[1]), confidence: 0.85, page: row.page };
    const count = NIGHTS_COUNT.exec(folded) ?? NIGHTS_JA.exec(folded) ?? NIGHT_ONE.exec(folded);
    if (count && !counted) counted = { value: Number(count[1]), confidence: 0.7, page: row.page };
  }
  return counted && (counted.value ?? 0) >= 1 ? counted : absent();
}

const ARRIVAL =
  /^(?:arrival|arrival date|check in|checkin|arrivee|date d arrivee|anreise|ankunft|llegada|fecha de entrada|entrada)\b|^(?:チェックイン|到着日)/;
const DEPARTURE =
  /^(?:departure|departure date|check out|checkout|depart|date de depart|abreise|abfahrt|salida|fecha de salida)\b|^(?:チェックアウト|出発日)/;

const STAY = /(?:^|\s)(?:stay|your stay|sejour|aufenthalt|estancia|soggiorno)(?=\s|$)|宿泊期間/;

export function readStayDates(doc: PreparedDocument): { in: Fact<string>; out: Fact<string> } {
  let checkIn: Fact<string> = absent();
  let checkOut: Fact<string> = absent();
  doc.rows.forEach((row, index) => {
    const folded = fold(row.text).text;
    const dates = doc.dates[index] ?? [];
    const date = dates[0];
    if (!date) return;
    // "Stay from 04/11 to 05/11": both dates on the row of the stay.
    const [from, to] = dates;
    if (checkIn.value === null && to && STAY.test(folded) && from && from.iso < to.iso) {
      checkIn = { value: from.iso, confidence: 0.75, page: row.page };
      checkOut = { value: to.iso, confidence: 0.75, page: row.page };
      return;
    }
    if (checkIn.value === null && ARRIVAL.test(folded))
      checkIn = { value: date.iso, confidence: 0.8, page: row.page };
    else if (checkOut.value === null && DEPARTURE.test(folded))
      checkOut = { value: date.iso, confidence: 0.8, page: row.page };
  });
  return { in: checkIn, out: checkOut };
}

const NAME = "\\p{Lu}[\\p{L}'’-]+(?:[ -]\\p{Lu}[\\p{L}'’-]+){0,2}";
/** UK: "London WC1N 3NG". */
const UK = new RegExp(`(${NAME})[ ,]+[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}\\b`, 'u');
/** Most of Europe: "75011 Paris", "D-10115 Berlin", "28004 Madrid". */
const POSTCODE_FIRST = new RegExp(`\\b(?:[A-Z]{1,2}-)?\\d{4,5} (${NAME})`, 'u');
/** North America: "Seattle, WA 98101". */
const US = new RegExp(`(${NAME}), ?[A-Z]{2} \\d{5}\\b`, 'u');
/** Japan: a city or ward written in kanji before 市 / 区 / 都 / 府. */
const JA = /(\p{Script=Han}{2,3})(?:都|府|市)/u;
/** An address line ending with its city after a street number: "7-8-15 Ginza, Tokyo". */
const TRAILING = new RegExp(`\\d[^,]*, (${NAME})$`, 'u');

const NOT_CITIES = /^(?:Cedex|Tel|Phone|Fax|VAT|SIRET|RCS|Ltd|Inc|GmbH|SAS|SARL)$/i;
/** A street, not a city: "1420 Harbour Way" has a street number where a postcode would be. */
const STREET =
  /\b(?:street|st|road|rd|way|avenue|ave|lane|ln|drive|dr|boulevard|blvd|place|square|sq|rue|avenue|chemin|strasse|straße|str|weg|gasse|platz|calle|avenida|via|viale|piazza)\b/i;

/**
 * The city of the seller's address: searched in the first rows of the first page, where the
 * seller prints its block; a postcode pattern is stronger evidence than a trailing word.
 */
export function readCity(doc: PreparedDocument): Fact<string> {
  const top = doc.rows.filter((row) => row.page === 1).slice(0, 10);
  const cells = top.flatMap((row) => row.cells.map((cell) => ({ row, text: cell.text.trim() })));
  // The most telling pattern first, across the whole block.
  for (const pattern of [UK, US, POSTCODE_FIRST]) {
    for (const { row, text } of cells) {
      const name = pattern.exec(text)?.[1]?.trim();
      if (name && !NOT_CITIES.test(name) && !STREET.test(name))
        return { value: name, confidence: 0.7, page: row.page };
    }
  }
  let weak: Fact<string> | null = null;
  for (const row of top) {
    for (const cell of row.cells) {
      const text = cell.text.trim();
      const ja = JA.exec(text);
      if (!weak && ja?.[1]) weak = { value: ja[1], confidence: 0.5, page: row.page };
      const trailing = TRAILING.exec(text)?.[1];
      if (!weak && trailing && !NOT_CITIES.test(trailing))
        weak = { value: trailing, confidence: 0.5, page: row.page };
    }
  }
  return weak ?? absent();
}
