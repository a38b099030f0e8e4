/**
 * ISO 4217 currency codes in circulation (funds, metals and test codes left out), plus HRK,
 * which Croatian invoices printed until 2023. A three-letter word is a currency only if it is
 * one of these: "SDN" or "GST" never is.
 */
export const ISO_4217: ReadonlySet<string> = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN ' +
    'BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD ' +
    'FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD ' +
    'JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT ' +
    'MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG ' +
    'QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB ' +
    'TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF ' +
    'YER ZAR ZMW ZWG ZWL'
  ).split(' '),
);

/**
 * Codes that are also everyday upper-case words ("ALL ITEMS 3", "TOP 10", "AMD Ryzen 5"): they
 * count only beside an amount printed with decimals, or after a currency label.
 */
export const WORD_LIKE_CODES: ReadonlySet<string> = new Set([
  'ALL',
  'AMD',
  'BAM',
  'BOB',
  'CAD',
  'CUP',
  'FUN',
  'GEL',
  'MAD',
  'MOP',
  'NAD',
  'PEN',
  'SOS',
  'TOP',
  'TRY',
]);
