/**
 * Whole policies written for the compiler tests, as the readers hand them over: one string per
 * page. Five invented companies in five currencies and layouts: a three-page PDF-like text with a
 * gap-separated limits table and page footers (GBP), Markdown with a pipe table (CHF), plain text
 * with Indian digit grouping (INR), a DOCX table flattened to one paragraph per cell with an empty
 * cell (KWD), and numbered articles (JPY). Each hides sentences a person would call ambiguous.
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
