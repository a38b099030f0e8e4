/**
 * The words of bills and work: phone and internet bills, office supplies, training, client
 * entertainment, personal spending, and the charges any bill may carry that a claim must notice
 * (tobacco, a discount, a deposit, a fine). Part of the reader's vocabulary (see lexicon.ts).
 */
import type { Concept } from './lexicon.js';

export const WORK_CONCEPTS: readonly Concept[] = [
  // Bills
  {
    category: 'telecom.mobile',
    strength: 3,
    words:
      'mobile|sim|roaming|airtime|forfait mobile|mobilfunk|handy|movil|telefonia movil|携帯|携帯電話|モバイル|スマホ|通話料',
  },
  {
    category: 'telecom.internet',
    strength: 3,
    words:
      'broadband|fibre|fiber|router|wifi|internet|box internet|glasfaser|dsl|fibra|光回線|インターネット|プロバイダ|ブロードバンド',
  },
  {
    category: 'telecom',
    strength: 2,
    words:
      'billing period|line rental|calls|texts|data allowance|monthly plan|abonnement|periode de facturation|appels|abrechnungszeitraum|grundgebuhr|periodo de facturacion|llamadas|datos|請求期間|ご利用期間|基本料|月額|通信料|データ',
  },
  {
    line: 'telecom',
    strength: 2,
    words:
      'line rental|monthly plan|plan|data|calls|forfait|abonnement|grundgebuhr|tarifa|基本料|月額|通信料|通話料|データ',
  },
  // Work
  {
    category: 'office_supplies',
    strength: 3,
    words:
      'stationery|office supplies|toner|ink cartridge|printer paper|copy paper|papeterie|fournitures de bureau|burobedarf|buromaterial|schreibwaren|papeleria|material de oficina|文房具|文具|事務用品|コピー用紙|トナー',
  },
  {
    category: 'office_supplies',
    strength: 1,
    words:
      'pen|pens|notebook|stapler|folder|folders|envelopes|ink|usb|cable|mouse|keyboard|stylo|cahier|enveloppes|kugelschreiber|ordner|boligrafo|ボールペン|ノート|ファイル|封筒|ケーブル|マウス|キーボード|ホッチキス|電池|付箋',
  },
  {
    category: 'training',
    strength: 3,
    words:
      'conference|registration|seminar|workshop|training course|delegate pass|summit|congress|inscription|formation|conference|seminaire|congres|colloque|konferenz|seminar|schulung|tagung|teilnahmegebuhr|conferencia|inscripcion|formacion|congreso|セミナー|研修|講習|受講料|参加費|カンファレンス',
  },
  {
    category: 'entertainment',
    strength: 3,
    words:
      'client entertainment|hospitality|business entertainment|attendees|repas client|repas d affaires|invites|bewirtung|bewirtete personen|comida de negocios|接待|会食|ご出席者|出席者',
  },
  {
    category: 'personal',
    strength: 3,
    words:
      'gym|gyms|fitness|membership fee|health club|salle de sport|fitnessstudio|gimnasio|ジム|フィットネス',
  },
  {
    line: 'tobacco',
    strength: 3,
    words:
      'tobacco|cigarettes|cigarette|cigars|cigar|tabac|cigarettes|zigaretten|tabak|tabaco|cigarrillos|たばこ|タバコ|煙草',
  },
  {
    line: 'discount',
    strength: 3,
    words: 'discount|rebate|remise|reduction|rabatt|descuento|値引|割引',
  },
  {
    line: 'deposit',
    strength: 3,
    words: 'deposit|advance payment|acompte|arrhes|anzahlung|deposito|anticipo|前金|預り金',
  },
  {
    line: 'fine',
    strength: 3,
    words: 'fine|penalty|penalty charge|amende|bussgeld|strafe|multa|罰金|反則金',
  },
];
