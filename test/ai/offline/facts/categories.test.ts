import t from 'tap';
import { readCategory } from '../../../../src/ai/offline/reading/categories.js';
import { factsOf } from './documents.js';

t.test('categories by the general lexicon, in several languages', async (t) => {
  const cases: Array<[string, string[]]> = [
    [
      'parking',
      [
        'Multi-storey car park',
        'Entry 02/03/2025 09:10',
        'Exit 02/03/2025 12:40',
        'Amount paid £7.20',
      ],
    ],
    ['parking', ['Parkhaus am Markt', 'Einfahrt 02.03.2025 09:10', 'Parkgebühr 7,20 €']],
    ['fuel', ['Station service', 'Pompe 4 Gazole 42,10 L', 'Total TTC 71,57 €']],
    ['fuel', ['セルフ給油所', 'レギュラー 30.00L', '合計 ¥5,130']],
    ['telecom.mobile', ['Mobile plan statement', 'Calls and texts', 'Total due £18.00']],
    [
      'telecom.internet',
      ['Facture box internet fibre', 'Abonnement mensuel 29,99 €', 'Total TTC 29,99 €'],
    ],
    ['travel.rail', ['Billete de tren', 'Coche 5 Plaza 12A', 'Total 45,00 €']],
    [
      'travel.airfare',
      ['Flight itinerary receipt', 'Boarding group B', 'Baggage 1 piece', 'Total $220.00'],
    ],
    ['training', ['Inscription au séminaire', 'Formation 2 jours', 'Total TTC 600,00 €']],
    ['office_supplies', ['Papeterie du centre', 'Ramette papier 5,90 €', 'Total 5,90 €']],
    ['office_supplies', ['文房具のお店', 'ボールペン ¥220', '合計 ¥220']],
    ['personal', ['Fitnessstudio Nord', 'Monatsbeitrag 29,00 €']],
    ['lodging', ['Hotel am See', 'Zimmer 12', 'Übernachtung 2 Nächte 180,00 €']],
    ['meal', ['Restaurante El Puerto', 'Mesa 4', 'Total 38,50 €']],
    ['meal', ['G R E E N  D E L I', 'Eat in', 'Toastie 5.00', 'Total £5.00']],
    ['taxi', ['タクシー領収書', '運賃 ¥1,500']],
  ];
  for (const [expected, lines] of cases) {
    t.equal(readCategory(lines.join('\n'))?.value, expected, String(lines[0]));
  }
});

t.test(
  'hosting words make a meal entertainment; a folio with breakfast stays lodging',
  async (t) => {
    t.equal(readCategory('割烹 よしの\n接待\n料理 ¥20,000\n合計 ¥22,000')?.value, 'entertainment');
    t.equal(
      readCategory('Repas client\nRestaurant du Port\nTotal 120,00 €')?.value,
      'entertainment',
    );
    t.equal(
      readCategory('Grand Hotel\nGuest folio\nRoom 12\nBreakfast 15.00\nNights 2\nTotal 300.00')
        ?.value,
      'lodging',
    );
  },
);

t.test('confidence follows the evidence: one weak word reads nothing', async (t) => {
  t.equal(readCategory('Ticket 12\nTotal 3.00'), null);
  const weak = readCategory('Parking\nTotal 3.00');
  const strong = readCategory('Parking\nCar park level 2\nEntry 09:00 Exit 11:00\nTotal 3.00');
  t.ok(weak && strong && weak.confidence < strong.confidence);
  t.ok(weak && weak.confidence < 0.6, 'a single strong word is a weak reading');
});

t.test('the facts carry the finer category', async (t) => {
  const facts = factsOf(['Car park receipt', 'Parking 3 hours', 'Total £9.00']);
  t.equal(facts.category.value, 'parking');
  t.ok(facts.category.confidence > 0 && facts.category.confidence < 1);
});

t.test('a numbered class is a railway ticket, a named cabin is not', async (t) => {
  t.equal(
    readCategory('Facture\nBillet Nantes - Rennes, 2nde classe\nTotal 30,00 €')?.value,
    'travel.rail',
  );
  t.equal(readCategory('Rechnung\nFahrkarte 2. Klasse\nGesamt 30,00 €')?.value, 'travel.rail');
  t.equal(readCategory('Invoice\nTicket, business class\nTotal 900.00')?.value, 'travel');
});
