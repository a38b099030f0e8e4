/**
 * The employee names a caller can see, which the planner and the tools match question words
 * against. Listing them is a full aggregate over the store (hundreds of milliseconds at 100,000
 * invoices), so the list is kept per access scope and listed again only when the scope's newest
 * invoice has changed: one indexed single-row read per question instead of a full aggregate.
 */
import type { CallerInvoices } from './caller-invoices.js';

interface Listing {
  /** The newest invoice of the scope when the names were listed. */
  marker: string;
  names: string[];
}

export class EmployeeDirectory {
  private readonly listings = new Map<string, Listing>();

  /** @param maxScopes scopes remembered at most: one per employee caller, one for finance and admin. */
  constructor(private readonly maxScopes = 1000) {}

  async names(invoices: CallerInvoices): Promise<string[]> {
    const scope = invoices.scope({}).owner_sub ?? '*';
    const newest = (await invoices.list({}, { limit: 1 })).items[0];
    const marker = newest ? `${newest.id}@${newest.updated_at}` : '';
    const cached = this.listings.get(scope);
    if (cached?.marker === marker) return cached.names;
    const names = await invoices.employees();
    this.listings.delete(scope);
    this.listings.set(scope, { marker, names });
    if (this.listings.size > this.maxScopes)
      this.listings.delete(this.listings.keys().next().value ?? '');
    return names;
  }
}
