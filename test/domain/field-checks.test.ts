import t from 'tap';
import {
  amountAppearsInText,
  checkFieldsAgainstText,
  UNPRINTED_TOTAL_CONFIDENCE,
} from '../../src/domain/field-checks.js';
import { fields } from '../helpers/decision-builders.js';

t.test('an amount is found however the text prints it', async (t) => {
  t.ok(amountAppearsInText(110040, 'INR', 'Total: ₹ 1100.4'));
  t.ok(amountAppearsInText(110040, 'INR', 'Total 1,100.40'));
  t.ok(amountAppearsInText(737700, 'INR', 'Total Fare : ₹ 7377'));
  t.notOk(amountAppearsInText(16100, 'INR', 'Total: ₹ 150.00 within the cap'));
  t.notOk(amountAppearsInText(200000, 'INR', 'Invoice 2000123'));
});

t.test(
  'a total the document never prints loses its confidence; a printed one keeps it',
  async (t) => {
    const read = fields({ total: 16100 });
    const checked = checkFieldsAgainstText(read, ['Biriyani 150.00', 'Total: 150.00'], 'INR');
    t.equal(checked.total_minor.value, 16100, 'the value is kept for the reviewer');
    t.equal(checked.total_minor.confidence, UNPRINTED_TOTAL_CONFIDENCE);
    t.equal(read.total_minor.confidence, 0.95, 'the input is not mutated');
    t.equal(checkFieldsAgainstText(read, ['Grand Total: Rs. 161'], 'INR'), read);
    t.equal(
      checkFieldsAgainstText(read, [''], 'INR'),
      read,
      'no text layer, nothing to check against',
    );
  },
);
