/**
 * A made-up company's travel policy as rules v2 (pounds, pages 1–4) and the policy source the chat
 * reads it from. Not a test file; tap runs it as one and finds it passes with nothing to do.
 */
import type { ActivePolicySource } from '../../src/chat/policy-rules.js';
import type { Policy, PolicyVersion } from '../../src/domain/policy-versions.js';
import type { PolicyRulesV2 } from '../../src/domain/rules/types.js';
import { cap, rulesV2, source } from '../helpers/rules-v2-builders.js';

export const QUOTES = {
  lodgingCap:
    'Hotel stays are reimbursed up to £150 per night in London and £100 per night elsewhere.',
  dinnerCap: 'Dinner is reimbursed up to £40 per meal.',
  lunchCap: 'Lunch is reimbursed up to £18 per meal.',
  railFirst: 'First-class train tickets are not reimbursed; book standard class.',
  airBusiness: 'Business-class flights are declined.',
  alcohol: 'Alcoholic drinks are never reimbursed.',
  deadline: 'Receipts must be submitted within 45 days of the expense.',
  personal: 'Personal purchases are not business expenses.',
};

export function pebbleRules(): PolicyRulesV2 {
  return rulesV2({
    name: 'Pebble Works travel policy',
    categories: [
      {
        id: 'lodging.ok',
        category: 'lodging',
        label: 'Hotels',
        eligible: true,
        source: source('Hotel stays on business trips are reimbursed.', 1),
      },
      {
        id: 'travel.ok',
        category: 'travel',
        label: 'Travel',
        eligible: true,
        source: source('Journeys between cities are reimbursed.', 1),
      },
      {
        id: 'personal.no',
        category: 'personal',
        label: 'Personal',
        eligible: false,
        source: source(QUOTES.personal, 1),
      },
    ],
    caps: [
      cap('lodging.cap', ['lodging'], 10_000, {
        period: 'night',
        locations: [{ city: 'London', country: null, amount_minor: 15_000 }],
        source: source(QUOTES.lodgingCap, 2),
      }),
      cap('dinner.cap', ['meal.dinner'], 4_000, {
        period: 'meal',
        source: source(QUOTES.dinnerCap, 3),
      }),
      cap('lunch.cap', ['meal.lunch'], 1_800, {
        period: 'meal',
        source: source(QUOTES.lunchCap, 3),
      }),
    ],
    declines: [
      {
        id: 'rail.first',
        categories: ['travel.rail'],
        when: { travel_class: ['rail_first'] },
        source: source(QUOTES.railFirst, 2),
      },
      {
        id: 'air.business',
        categories: ['travel.airfare'],
        when: { travel_class: ['business', 'first'] },
        source: source(QUOTES.airBusiness, 2),
      },
    ],
    exclusions: [
      {
        id: 'alcohol',
        categories: null,
        line_kinds: ['alcohol'],
        terms: [],
        source: source(QUOTES.alcohol, 3),
      },
    ],
    submission_window: { id: 'deadline', days: 45, source: source(QUOTES.deadline, 4) },
  });
}

const ACTOR = { sub: 'fin-1', name: 'Fiona Finance' };
export const POLICY_ID = '7f1d2c3b-0000-4000-8000-000000000001';

/** A policy store answering with one active version (or none). */
export function policySource(rules: PolicyRulesV2 | null): ActivePolicySource {
  const at = '2025-01-01T00:00:00Z';
  const policy: Policy = {
    id: POLICY_ID,
    name: 'Pebble Works travel policy',
    created_by: ACTOR,
    created_at: at,
    updated_at: at,
    active_version: 2,
    latest_version: 2,
  };
  const version: PolicyVersion | null = rules && {
    policy_id: POLICY_ID,
    number: 2,
    state: 'active',
    content_hash: rules.policy_hash,
    revision: 2,
    source: { kind: 'rules', file_name: 'rules.json', media_type: 'application/json', sha256: 'x' },
    rules,
    not_understood: [],
    created_by: ACTOR,
    created_at: at,
    updated_by: ACTOR,
    updated_at: at,
    activated_at: at,
    retired_at: null,
  };
  return {
    active: async () => version,
    get: async (id) => (rules && id === POLICY_ID ? policy : null),
  };
}
