/**
 * Whole policies written for the compiler tests, as the readers hand them over: one string per
 * page. Seven invented companies in six currencies and layouts: a three-page PDF-like text with a
 * gap-separated limits table and page footers (GBP), Markdown with a pipe table (CHF), plain text
 * with Indian digit grouping (INR), a DOCX table flattened to one paragraph per cell with an empty
 * cell (KWD), numbered articles (JPY), a limits table by city that lost both its columns and its
header (EUR), and American sections with dashes and slashes (USD). Each hides sentences a person would call ambiguous.
 */

export const HARBOURSIDE: string[] = [
  `HARBOURSIDE DESIGN PARTNERS LLP
Travel & Expenses Policy
Version 4.1 · effective 1 March 2027

1. Scope
1.1 This policy covers costs incurred by staff while working for the firm. All amounts are in
pounds sterling (GBP).
1.2 Unless stated otherwise, every limit below includes VAT.

2. Claims
2.1 Claims must be submitted within 60 days of the expense
date. Late claims are paid but flagged for review.
2.2 An itemised receipt is required for any expense above £30.
2.3 Receipts in another currency are converted at the rate printed on the card slip.

3. Meals
3.1 Meals while travelling are reimbursed up to the limits in the table in section 7.
3.2 Tips are reimbursed up to 10% of the food bill.
3.3 Alcohol is never reimbursed, e.g. wine, beer or cocktails.
Page 1 of 3`,
  `4. Hotels
4.1 Hotel rooms are reimbursed up to £175 per night in London and £120 per night elsewhere,
before VAT; VAT is paid only on the allowed part.
4.2 The city tax is reimbursed on top of the limit.
4.3 Minibar, spa and laundry charges on a hotel bill are not reimbursed.

5. Travel
5.1 Rail journeys are reimbursed in standard class only.
5.2 Flights of more than six hours may be booked in premium economy.
5.3 Taxis are reimbursed up to £45 per journey, tip included.
5.4 A fine of £80 applies to claims found to be false.

Worked example
A dinner of £70 with £8 of wine is reimbursed at £50: the wine is removed, then the dinner
limit applies.
Page 2 of 3`,
  `6. Phone and internet
6.1 The firm pays 50% of a personal mobile bill, at most £25 per month.

7. Limits table
Expense            Limit                 Notes
Breakfast          £12 per meal          before 10:30
Lunch              £18 per meal          10:30 to 15:00
Dinner             £40 per meal          from 18:00
Entertainment      £60 per guest         names of guests required

8. Not reimbursed
• personal items such as toiletries and clothing
• parking and speeding fines
• gym memberships
Page 3 of 3`,
];

export const ALPENRAND: string[] = [
  `# Alpenrand Engineering AG — Expense Rules

Amounts are in Swiss francs (CHF). Limits include VAT.

## Meals

- Lunch: up to CHF 35 per person.
- Dinner: up to CHF 60 per person.
- Alcoholic drinks are not reimbursed.
- Client meals for three or more people are capped at CHF 90 per person and need a list of attendees.

## Hotels

| City | Nightly limit |
| --- | --- |
| Zurich | CHF 240 |
| Geneva | CHF 260 |
| Other locations | CHF 180 |

Breakfast charged to the room counts as a breakfast.

## Transport

Taxi fares are capped at CHF 50 per ride. First-class rail is reimbursed; business-class flights are not permitted.

## Foreign currency

Receipts in euros or other currencies are converted at the official rate of the month by Accounting.`,
];

export const SUNDARAM: string[] = [
  `Sundaram Analytics Pvt Ltd
Employee Expense Reimbursement Guidelines, Rev. 2

General
Claims must reach Finance within 45 days of the bill date.
All amounts are in Indian rupees.

Local travel
Auto-rickshaw and cab fares together are reimbursed up to Rs. 800 per day.
Fuel for own vehicles is paid at Rs. 9 per km.

Food
Working lunches are reimbursed up to ₹350 per meal. Liquor and tobacco will not be paid for.

Outstation stays
Hotel accommodation: maximum ₹4,500 per night in metro cities, ₹3,000 per night in other cities, excluding GST.

Annual learning budget
Each employee may spend up to ₹1,00,000 per year on certified courses.`,
];

export const GULF_HORIZON: string[] = [
  `Gulf Horizon Trading Co. W.L.L.

Business Travel Allowances

All amounts in this document are in Kuwaiti dinars (KWD).

Expense

Maximum

Notes

Hotel

KWD 45.000 per night

excluding taxes

Meals

KWD 12.500 per day

Taxi

KWD 6.000 per trip

receipt required

Receipts must be submitted within 30 days.`,
];

export const HOSHIZORA: string[] = [
  `Hoshizora Robotics Inc.
Travel Expense Rules (English)

Article 1 General
(1) All amounts are in Japanese yen. Amounts below one yen are rounded down.
(2) Limits include consumption tax unless otherwise stated.

Article 2 Meals
(1) Meals are reimbursed up to ¥4,500 per calendar day for the employee's own meals.
(2) A meal receipt for two or more persons is treated as entertainment.

Article 3 Entertainment
(1) Entertainment is reimbursed up to ¥7,000 per person.
(2) Entertainment receipts without attendee names are declined.`,
  `Article 4 Lodging
(1) Lodging is reimbursed up to ¥13,000 per night, excluding taxes. All taxes on the room are reimbursed on top.
(2) Accommodation tax is reimbursed in addition to the limit.

Article 5 Telephone
(1) Mobile phone bills are reimbursed at 40% of the bill, up to ¥3,000 per month.`,
];

export const BRIGHTWATER: string[] = [
  `BRIGHTWATER LOGISTICS B.V.
Expense Reimbursement Policy
Policy FIN-07 · Revision 5 · valid from 1 February 2027

Section 1 – General
1.1 This policy applies to every employee of Brightwater Logistics B.V. who travels or spends money on behalf of the company.
1.2 All amounts are in euros (EUR) and include VAT, unless a limit says it excludes VAT.
1.3 If an expense is higher than its limit, the limit is paid; the difference is paid by the employee.
1.4 Items this policy excludes are deducted from the receipt together with their VAT.

Section 2 – Evidence and deadlines
2.1 Each expense needs a receipt or invoice that shows what was bought; card terminal slips on their own are not enough.
2.2 Claims have to be filed within 60 days after the date of the receipt. Claims filed later are paid but marked as late.
2.3 A receipt that was claimed before is marked as a possible duplicate and checked by the controller.
2.4 Offers, quotations and proforma invoices are not accepted as evidence and are sent back.

Section 3 – Meals
3.1 Meals on business trips are paid at cost up to €22 per person per meal.
3.2 All meals of one calendar day together may not exceed €50; this daily cap applies only to meals the employee eats alone.
3.3 Beer, wine and other alcoholic drinks are never paid; they are deducted including VAT.
3.4 A tip is paid up to 10% of the food and non-alcoholic drinks.
Example 3: on one day a lunch of €26 is paid at €22 and a dinner of €31 at €22; the day total of €44 stays under €50.

Section 4 – Hotels
4.1 Hotel nights are paid up to the limits in Annex A, compared with the price of the room including VAT and breakfast.
4.2 Tourist tax is paid in addition to the nightly limit.
4.3 Minibar, laundry and room service are personal costs.
Page 1 of 2`,
  `Section 5 – Transport
5.1 Trains: second class only. Tickets in first class are refused completely, also the part that a second-class ticket would have cost.
5.2 Taxis and ride-hailing up to €35 per ride, tip included.
5.3 Own car: €0.23 per kilometre.
5.4 Flights are booked in economy class; business class tickets are refused.

Section 6 – Communication
6.1 A work mobile phone subscription is paid for 75%, up to €30 per calendar month.

Section 7 – Not reimbursed
a) tobacco and e-cigarettes
b) traffic fines and parking penalties
c) personal shopping, clothing and toiletries

Annex A – Hotel limits per night
City Limit per night
Amsterdam €165
Rotterdam €135
Other places €115

Brightwater Logistics B.V. – FIN-07 rev. 5 – page 2 of 2`,
];

export const CEDAR_POINT: string[] = [
  `Cedar Point Software, Inc.
Employee Travel & Expense Policy
Effective January 2027

SECTION 1. GENERAL
All amounts are in U.S. dollars. Expense reports must be submitted within 30 days of the end of the trip. Receipts are required for any single expense of $75 or more.

SECTION 2. AIR AND GROUND TRANSPORTATION
- Airfare: coach class. First class and business class are not reimbursable; upgrades are at the traveler's own expense.
- Rideshare (Uber, Lyft) and taxis: reimbursable up to $60 per trip, including tip.
- Personal car mileage is paid at the IRS rate.
- Rental cars: compact or mid-size only; the Company does not pay for GPS units, satellite radio or prepaid fuel options.

SECTION 3. LODGING
Hotel rates shall not exceed $250/night in high-cost cities (New York, San Francisco) and $175/night elsewhere, before taxes. Hotel taxes and resort fees are reimbursed in full.

SECTION 4. MEALS
Meals are reimbursed at actual cost, not to exceed $75 per day. Tips on meals may not exceed 20% of the pre-tax total. Alcohol is reimbursable only as part of client entertainment, with the names of all attendees listed on the receipt.

SECTION 5. COMMUNICATIONS
Employees receive a cell phone stipend of $50/month. Home internet is not reimbursed.

SECTION 6. NON-REIMBURSABLE
The following are not reimbursable: in-room movies, personal toiletries, traffic tickets, and airline club memberships.`,
];
