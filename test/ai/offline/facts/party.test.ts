import t from 'tap';
import { factsOf } from './documents.js';

t.test('covers and persons in several languages; times and rates are no counts', async (t) => {
  t.equal(factsOf(['Trattoria Roma', 'Covers: 3', 'Total €60.00']).persons.value, 3);
  t.equal(factsOf(['Le Bistrot', 'Table 5 · 4 couverts', 'Total 80,00 €']).persons.value, 4);
  t.equal(factsOf(['居酒屋 はな', '人数 6名様', '合計 ¥24,000']).persons.value, 6);
  t.equal(factsOf(['Café Luz', 'Mesa 2 · 1 guest 13:05', 'Total 9,00 €']).persons.value, 1);
  t.equal(factsOf(['Café Luz', 'Total 9,00 €']).persons.value, null);
});

t.test('attendees listed under their label, on the row or below it', async (t) => {
  const below = factsOf([
    '料亭 みやび',
    'ご出席者',
    '山田 太郎 A社',
    '佐藤 花子 B社',
    '品名 数量 金額',
    'コース 2 20,000',
    '合計 ¥22,000',
  ]);
  t.same(below.attendees.value, ['山田 太郎 A社', '佐藤 花子 B社']);
  const inline = factsOf([
    'The Grill Room',
    'Attendees: Ann Lee (Acme), Bo Chan (Acme)',
    'Total £140.00',
  ]);
  t.same(inline.attendees.value, ['Ann Lee (Acme)', 'Bo Chan (Acme)']);
  t.equal(factsOf(['The Grill Room', 'Total £140.00']).attendees.value, null);
});

t.test('the meal named in words, only when one is named', async (t) => {
  t.equal(
    factsOf(['Bistro Nord', 'Menu déjeuner 15,00 €', 'Total 15,00 €']).meal_type.value,
    'lunch',
  );
  t.equal(
    factsOf(['Gasthof Post', 'Abendessen 25,00 €', 'Gesamt 25,00 €']).meal_type.value,
    'dinner',
  );
  t.equal(
    factsOf(['Café Sol', 'Petit-déjeuner 9,00 €', 'Total 9,00 €']).meal_type.value,
    'breakfast',
    'a breakfast is not a lunch',
  );
  t.equal(
    factsOf(['Diner 24', 'Lunch special 9.00', 'Dinner menu 15.00', 'Total 24.00']).meal_type.value,
    null,
  );
});
