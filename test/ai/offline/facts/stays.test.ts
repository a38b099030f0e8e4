import t from 'tap';
import { factsOf } from './documents.js';

t.test('nights by label, by count and in Japanese', async (t) => {
  t.equal(factsOf(['Hotel Sole', 'Nights 3', 'Total 300.00 €']).nights.value, 3);
  t.equal(factsOf(['Hôtel du Parc', 'Séjour : 2 nuits', 'Total 180,00 €']).nights.value, 2);
  t.equal(factsOf(['Hotel Adler', 'Anzahl Nächte 4', 'Gesamt 400,00 €']).nights.value, 4);
  t.equal(factsOf(['ホテル さくら', '2泊', '合計 ¥20,000']).nights.value, 2);
  t.equal(factsOf(['Hotel Sole', 'Room 204', 'Total 120.00 €']).nights.value, null);
});

t.test('arrival and departure dates by their labels or a stay from-to', async (t) => {
  const labelled = factsOf([
    'Hotel Adler',
    'Anreise 03.03.2025',
    'Abreise 05.03.2025',
    'Gesamt 200,00 €',
  ]);
  t.same([labelled.check_in.value, labelled.check_out.value], ['2025-03-03', '2025-03-05']);
  const stay = factsOf(['Hôtel du Parc', 'Séjour du 04/03/2025 au 06/03/2025', 'Total 180,00 €']);
  t.same([stay.check_in.value, stay.check_out.value], ['2025-03-04', '2025-03-06']);
});

t.test('the city of the seller from its address, as each country writes it', async (t) => {
  const cases: Array<[string | null, string[]]> = [
    ['Manchester', ['Deansgate Grill', '21 King Street, Manchester M2 6AZ', 'Total £30.00']],
    ['Bordeaux', ['Café des Arts', '3 rue Sainte-Catherine, 33000 Bordeaux', 'Total 12,00 €']],
    ['Hamburg', ['Hotel Elbblick', 'Hafenstraße 3, 20359 Hamburg', 'Gesamt 99,00 €']],
    ['Denver', ['Mile High Diner', '1600 Market St, Denver, CO 80202', 'Total $18.00']],
    ['名古屋', ['喫茶 つばめ', '愛知県名古屋市中区 1-2-3', '合計 ¥800']],
    [null, ['Corner Shop', 'Thank you', 'Total £3.00']],
  ];
  for (const [expected, lines] of cases) {
    const facts = factsOf(lines);
    t.equal(facts.city.value, expected, String(lines[0]));
  }
  const weak = factsOf(['喫茶 つばめ', '愛知県名古屋市中区 1-2-3', '合計 ¥800']).city;
  const strong = factsOf([
    'Café des Arts',
    '3 rue Sainte-Catherine, 33000 Bordeaux',
    'Total 12,00 €',
  ]).city;
  t.ok(weak.confidence < strong.confidence, 'a city without a postcode is read with less trust');
});

t.test('letter-spaced Japanese labels are read as the word they spell', async (t) => {
  const facts = factsOf(['喫茶 みどり', '領 収 書', 'コーヒー ¥500', '合 計 ¥500']);
  t.equal(facts.total_minor.value, 500);
  t.ok(facts.total_minor.confidence >= 0.7, 'a labelled total, not a guess');
});
