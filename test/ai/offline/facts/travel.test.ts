import t from 'tap';
import { factsOf } from './documents.js';

t.test('rail classes in English, French, German and Japanese', async (t) => {
  const cases: Array<[string, string[]]> = [
    [
      'rail_first',
      ['Rail ticket', 'Coach C Seat 14', 'First Class Anytime Return', 'Total £120.00'],
    ],
    [
      'rail_second',
      ['Train booking confirmation', 'Standard Class Off-Peak Single', 'Total £32.10'],
    ],
    [
      'rail_second',
      ['E-billet', 'Train 812 · Voiture 5 · Place 41', '2nde classe', 'Total 59,00 €'],
    ],
    ['rail_first', ['Fahrkarte', 'Zug 1234 Wagen 11', '1. Klasse', 'Gesamt 89,90 €']],
    ['rail_first', ['乗車券・特急券', '新幹線 7号車 グリーン車', '合計 ¥18,000']],
  ];
  for (const [expected, lines] of cases) {
    const facts = factsOf(lines);
    t.equal(facts.category.value, 'travel.rail', String(lines[0]));
    t.equal(facts.travel_class.value, expected, String(lines[0]));
    t.equal(facts.route.value?.mode, 'rail');
  }
});

t.test('air classes; ordinary words are no class unless the row speaks of one', async (t) => {
  const business = factsOf([
    'Flight itinerary receipt',
    'Boarding pass issued',
    'Cabin: Business',
    'Total $1,240.00',
  ]);
  t.equal(business.category.value, 'travel.airfare');
  t.equal(business.travel_class.value, 'business');
  const economy = factsOf(['Flight e-ticket', 'Baggage 23kg', 'Economy class', 'Total $240.00']);
  t.equal(economy.travel_class.value, 'economy');
  const noClass = factsOf([
    'Flight itinerary receipt',
    'Baggage 23kg',
    'Thank you for flying with us first!',
    'Total $240.00',
  ]);
  t.equal(noClass.travel_class.value, null, 'absent stays absent');
});

t.test('no class on a document that is not a journey', async (t) => {
  const facts = factsOf(['Restaurant Rivoli', 'First class service', 'Total 20,00 €']);
  t.equal(facts.travel_class.value, null);
});
