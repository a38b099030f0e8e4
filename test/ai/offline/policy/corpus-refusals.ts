/**
 * Corpus, part 2: what is refused and what is paid apart. Lines removed by kind or by words
 * (alcohol, tobacco, minibar, spa, laundry, fines, personal items), categories that are not
 * eligible, whole tickets declined by class, lines paid on top of a cap, lines judged as another
 * category, and refusals the rules cannot state.
 */
import { type CorpusEntry, declineClasses, exclude } from './corpus-types.js';

const AIR_ABOVE_ECONOMY = ['premium_economy', 'business', 'first'] as const;

export const REFUSALS: CorpusEntry[] = [
  { text: 'Alcohol is not reimbursable.', expect: { exclusions: [exclude(null, ['alcohol'])] } },
  {
    text: 'Alcoholic beverages will not be reimbursed under any circumstances.',
    expect: { exclusions: [exclude(null, ['alcohol'])] },
  },
  {
    text: 'The company will not pay for wine, beer or spirits.',
    expect: { exclusions: [exclude(null, ['alcohol'], ['wine', 'beer', 'spirits'])] },
  },
  {
    text: 'Cigarettes and other tobacco products are excluded.',
    expect: { exclusions: [exclude(null, ['tobacco'], ['cigarettes'])] },
  },
  {
    text: 'Minibar charges are not covered.',
    expect: { exclusions: [exclude(null, ['minibar'])] },
  },
  {
    text: "Spa treatments, laundry and in-room movies are at the guest's own expense.",
    heading: 'Hotels',
    expect: { exclusions: [exclude(['lodging'], ['spa', 'laundry'], ['in-room movies'])] },
  },
  {
    text: 'No reimbursement is made for personal grooming, toiletries or clothing.',
    expect: { exclusions: [exclude(null, [], ['personal grooming', 'toiletries', 'clothing'])] },
  },
  {
    text: 'Traffic and parking fines are never reimbursed.',
    expect: { exclusions: [exclude(null, ['fine'])] },
  },
  {
    text: 'Personal expenses such as gym memberships and magazines are not reimbursable.',
    expect: {
      categories: [['personal', false]],
      exclusions: [exclude(null, [], ['gym memberships', 'gym', 'magazines'])],
    },
  },
  {
    text: 'Expenses for family members travelling with the employee are excluded.',
    expect: { reading: 'not_understood' },
  },
  { text: 'Car rentals are not reimbursed.', expect: { categories: [['car_rental', false]] } },
  { text: 'Taxis may not be claimed.', expect: { categories: [['taxi', false]] } },
  {
    text: 'Business-class air travel is not permitted.',
    expect: { declines: [declineClasses('travel.airfare', ['business'])] },
  },
  {
    text: 'First-class train tickets will be rejected.',
    expect: { declines: [declineClasses('travel.rail', ['rail_first'])] },
  },
  {
    text: 'Flights are reimbursed in economy class only.',
    expect: {
      declines: [declineClasses('travel.airfare', [...AIR_ABOVE_ECONOMY])],
      categories: [['travel.airfare', true]],
    },
  },
  {
    text: 'Only standard-class rail fares are refunded.',
    expect: { declines: [declineClasses('travel.rail', ['rail_first'])] },
  },
  {
    text: 'Premium economy and business class are not allowed on any flight.',
    expect: { declines: [declineClasses('travel.airfare', ['premium_economy', 'business'])] },
  },
  {
    text: "Upgrades to a higher class of travel are at the traveller's own expense.",
    expect: { reading: 'not_understood' },
  },
  {
    text: 'Rail travel in first class is declined in full; no second-class equivalent is paid.',
    expect: { declines: [declineClasses('travel.rail', ['rail_first'])] },
  },
  {
    text: 'Flights must be booked in economy class.',
    expect: { declines: [declineClasses('travel.airfare', [...AIR_ABOVE_ECONOMY])] },
  },
  {
    text: 'Premium economy, business and first class tickets are refused.',
    heading: 'Air travel',
    expect: { declines: [declineClasses('travel.airfare', [...AIR_ABOVE_ECONOMY])] },
  },
  {
    text: 'Sleeper cabins and 1st class seats are not paid for.',
    heading: 'Rail',
    expect: {
      declines: [declineClasses('travel.rail', ['rail_first'])],
      exclusions: [exclude(['travel.rail'], [], ['sleeper cabins'])],
    },
  },
  {
    text: 'Spa and wellness charges are not refunded.',
    expect: { exclusions: [exclude(null, ['spa'])] },
  },
  {
    text: 'Personal entertainment such as cinema tickets is not covered.',
    expect: {
      categories: [['personal', false]],
      exclusions: [exclude(null, [], ['cinema tickets'])],
    },
  },
  {
    text: 'Frequent-flyer upgrades are not reimbursed.',
    expect: { reading: 'not_understood' },
  },
  {
    text: 'in-flight purchases',
    heading: 'Exclusions',
    item: true,
    expect: { exclusions: [exclude(null, [], ['in-flight purchases', 'in-flight'])] },
  },
  {
    text: 'excess baggage charges',
    heading: 'Exclusions',
    item: true,
    expect: { exclusions: [exclude(null, [], ['excess baggage'])] },
  },
  {
    text: 'room service and minibar items;',
    lead_in: 'The following are not reimbursed:',
    expect: { exclusions: [exclude(null, ['minibar'], ['room service'])] },
  },
  {
    text: 'Late checkout fees will not be reimbursed.',
    expect: { exclusions: [exclude(null, [], ['late checkout fees'])] },
  },
  {
    text: 'tobacco, vaping and e-cigarettes;',
    lead_in: 'No reimbursement is made for the following:',
    expect: { exclusions: [exclude(null, ['tobacco'], ['vaping', 'e-cigarettes'])] },
  },
  {
    text: 'Hotel bar bills and room-service alcohol are a personal cost.',
    expect: { exclusions: [exclude(null, ['alcohol'], ['room-service alcohol'])] },
  },
  {
    text: 'Sake, shochu and other alcoholic drinks (酒類) are deducted before the meal limit.',
    expect: { reading: 'note' },
  },
  {
    text: 'Drinks containing alcohol — for example beer (ビール) or wine — are not paid.',
    expect: { exclusions: [exclude(null, ['alcohol'], ['beer', 'ビール', 'wine'])] },
  },
  {
    text: 'Alcohol is excluded except at client entertainment events.',
    expect: {
      exclusions: [
        exclude(
          [
            'meal',
            'lodging',
            'travel',
            'taxi',
            'local_conveyance',
            'car_rental',
            'fuel',
            'parking',
            'mileage',
            'telecom',
            'office_supplies',
            'training',
            'personal',
            'other',
          ],
          ['alcohol'],
        ),
      ],
    },
  },
  {
    text: 'The company does not reimburse laundry or dry cleaning on trips.',
    expect: { exclusions: [exclude(null, ['laundry'])] },
  },
  {
    text: 'Penalties for late payment of a bill are not covered.',
    expect: { exclusions: [exclude(null, ['fine'])] },
  },
  {
    text: 'Rail: standard class; first class is not reimbursed, not even the standard fare.',
    expect: { declines: [declineClasses('travel.rail', ['rail_first'])] },
  },
  {
    text: 'Economy class is the only permitted class for flights.',
    expect: { declines: [declineClasses('travel.airfare', [...AIR_ABOVE_ECONOMY])] },
  },
  {
    text: 'Second-class rail only; first-class tickets are declined entirely.',
    expect: { declines: [declineClasses('travel.rail', ['rail_first'])] },
  },
  {
    text: 'Trains: second class only.',
    expect: { declines: [declineClasses('travel.rail', ['rail_first'])] },
  },
  {
    text: 'Minibar, laundry and room service are personal costs.',
    heading: 'Hotel stays',
    expect: { exclusions: [exclude(['lodging'], ['minibar', 'laundry'], ['room service'])] },
  },
  {
    text: 'Airfare: coach class.',
    expect: { declines: [declineClasses('travel.airfare', [...AIR_ABOVE_ECONOMY])] },
  },
  {
    text: 'Alcohol is reimbursable only as part of client entertainment.',
    expect: {
      categories: [['entertainment', true]],
      exclusions: [
        exclude(
          [
            'meal',
            'lodging',
            'travel',
            'taxi',
            'local_conveyance',
            'car_rental',
            'fuel',
            'parking',
            'mileage',
            'telecom',
            'office_supplies',
            'training',
            'personal',
            'other',
          ],
          ['alcohol'],
        ),
      ],
    },
  },
  {
    text: 'Rental cars: the Company does not pay for GPS units or prepaid fuel options.',
    expect: { exclusions: [exclude(['car_rental'], [], ['gps units', 'prepaid fuel options'])] },
  },
  {
    text: 'Rental cars: compact or mid-size only.',
    expect: { reading: 'not_understood' },
  },
  // Lines paid on top of a cap, and lines judged as another category.
  {
    text: 'Hotel taxes and resort fees are reimbursed in full.',
    expect: { on_top: [{ categories: ['lodging'], line_kinds: ['room_tax', 'fee'] }] },
  },
  {
    text: 'Local tourist taxes (e.g. city tax) are paid in full, outside the limit.',
    expect: { on_top: [{ categories: ['lodging'], line_kinds: ['tourist_tax'] }] },
  },
  {
    text: 'City tax is reimbursed on top of the nightly limit.',
    expect: { on_top: [{ categories: ['lodging'], line_kinds: ['tourist_tax'] }] },
  },
  {
    text: 'Resort fees and occupancy taxes are paid in addition to the room limit.',
    expect: { on_top: [{ categories: ['lodging'], line_kinds: ['fee', 'room_tax'] }] },
  },
  {
    text: 'Parking on the hotel invoice is reimbursed in full.',
    expect: {
      on_top: [{ categories: ['lodging'], line_kinds: ['parking'] }],
      categories: [['parking', true]],
    },
  },
  {
    text: 'A breakfast charged to the room counts as a breakfast.',
    expect: {
      line_categories: [
        { categories: ['lodging'], line_kinds: ['breakfast'], treat_as: 'meal.breakfast' },
      ],
    },
  },
  {
    text: 'Dinner billed on a hotel folio is treated as a meal.',
    expect: {
      line_categories: [{ categories: ['lodging'], line_kinds: ['food'], treat_as: 'meal.dinner' }],
    },
  },
  {
    text: 'Visitor taxes are paid separately from the hotel allowance.',
    expect: { on_top: [{ categories: ['lodging'], line_kinds: ['tourist_tax'] }] },
  },
  {
    text: 'Kurtaxe and other local taxes levied per night are reimbursed additionally.',
    heading: 'Accommodation',
    expect: { on_top: [{ categories: ['lodging'], line_kinds: ['tourist_tax'] }] },
  },
];
