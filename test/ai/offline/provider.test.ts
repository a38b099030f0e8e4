import t from 'tap';
import { OfflineProvider } from '../../../src/ai/offline/provider.js';
import { ExtractionError, type ModelProvider } from '../../../src/ai/provider.js';
import type { DocumentText } from '../../../src/domain/types.js';
import { requireDataset } from '../../helpers/datasets.js';
import { loadIaiInvoices, loadIaiPolicyPdf } from '../../helpers/iai-dataset.js';

requireDataset('iai-2024');

const context = {
  categories: ['meal', 'travel', 'cab', 'accommodation'] as const,
  currency: 'INR',
};

const textDocument = (pages: string[]): DocumentText => ({
  name: 'note.txt',
  media_type: 'text/plain',
  sha256: 'x',
  size_bytes: 10,
  page_count: pages.length,
  pages,
  ocr: false,
});

t.test(
  'compiles a policy with the hash it is given and reads invoices, with no model calls',
  async (t) => {
    const provider = new OfflineProvider();
    t.equal(provider.name, 'offline');
    const asPort: ModelProvider = provider;
    t.equal(asPort.embed, undefined, 'no embeddings: search stays lexical');
    const policy = await loadIaiPolicyPdf();
    const rules = await provider.compilePolicy({ ...policy, sha256: 'given-hash' });
    t.equal(rules.policy_hash, 'given-hash');
    t.equal(rules.compiled_by, 'offline');
    const [first] = await loadIaiInvoices();
    const fields = await provider.extractInvoice(first as DocumentText, {
      ...context,
      categories: [...context.categories],
    });
    t.equal(fields.extracted_by, 'offline');
    t.equal(fields.total_minor.value, 77000);
    t.same(provider.usage(), { model_calls: 0, prompt_tokens: 0, output_tokens: 0 });
  },
);

t.test(
  'an invoice printing no currency has none: the policy one is not passed off as read',
  async (t) => {
    const provider = new OfflineProvider();
    const fields = await provider.extractInvoice(
      textDocument(['Cafe Coffee Day\nDate: 01/12/2024\nTotal: 120.00']),
      { categories: ['meal'], currency: 'EUR' },
    );
    t.same([fields.currency.value, fields.total_minor.value], [null, 12000]);
    const rules = await provider.compilePolicy({
      file_name: 'p.txt',
      sha256: 'h',
      pages: ['Meals\nMeals up to 20 per meal.'],
    });
    t.equal(rules.currency, 'INR', 'the default when a policy names no currency');
    const euro = new OfflineProvider({ default_currency: 'EUR' });
    t.equal(
      (
        await euro.compilePolicy({
          file_name: 'p.txt',
          sha256: 'h',
          pages: ['Meals\nMeals up to 20 per meal.'],
        })
      ).currency,
      'EUR',
    );
  },
);

t.test(
  'a total summed from lines is read (the pipeline then checks it against the text)',
  async (t) => {
    const provider = new OfflineProvider();
    const fields = await provider.extractInvoice(
      textDocument([
        'Udapi Hotel\nDate: 13/12/2024\nDescription Qty Price Amount\nDosa 1 50.00 50.00\nIdli 2 20.00 40.00',
      ]),
      { categories: ['meal'], currency: 'INR' },
    );
    t.equal(fields.total_minor.value, 9000);
  },
);

t.test('failures are typed and cancellation is honoured', async (t) => {
  const provider = new OfflineProvider();
  await t.rejects(
    provider.extractInvoice(textDocument(['Hello, no amounts here.']), {
      ...context,
      categories: [...context.categories],
    }),
    { code: 'not_an_invoice', constructor: ExtractionError },
  );
  const aborted = AbortSignal.abort();
  await t.rejects(
    provider.extractInvoice(textDocument(['Total: 5.00']), {
      ...context,
      categories: [...context.categories],
      signal: aborted,
    }),
    { name: 'AbortError' },
  );
  await t.rejects(
    provider.compilePolicy({ file_name: 'p.txt', sha256: 'h', pages: ['x'] }, aborted),
    { name: 'AbortError' },
  );
});
