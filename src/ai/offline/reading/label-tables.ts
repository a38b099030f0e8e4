/**
 * What invoices call things, one table per language. Phrases are written folded (lower case, no
 * accents, punctuation as single spaces: "N° facture" is "no facture", "Rechnungs-Nr." is
 * "rechnungs nr"); a leading "~" marks a weak phrase, trusted only when nothing stronger is
 * printed. The matcher (labels.ts) prefers the longest phrase, so "total savings" is never read
 * as "total" and "total ht" never as a gross total.
 *
 * Roles:
 * - total: the gross amount of the document; due: what is to be paid now; net: before tax;
 *   tax: a tax amount; prepaid: deposits and payments already made, which take total to due.
 * - tendered, change, excluded: amounts that are never the total (cash handed over, change given,
 *   savings, loyalty and previous balances, discounts); payment: what a card was charged.
 * - tax_id: the labels of VAT, GST and company tax numbers.
 * - number, date: the document's own number and issue date; other_number, other_date: numbers
 *   and dates that are not (customer, order, tax ids; due and delivery dates, periods);
 *   order_date: when it was ordered, the issue date's stand-in on documents that print no other;
 *   travel_date: when the journey is (tickets are issued before it), the last stand-in. A
 *   purchase date is a weak issue date: a ticket or receipt is issued when it is bought.
 *   checkout_date: the day of departure (a hotel bill is issued at check-out; on a ticket it is
 *   the journey), a stand-in before the order and travel dates.
 * - seller, buyer: the labels of the address blocks. quote: documents that ask for no payment.
 * - excluding, including: qualifiers between two labels ("Summe ohne USt" is a net amount,
 *   "Total Sales (Incl. GST)" a total).
 * - copy: marks of a copy or reprint ("DUPLICATE COPY"), headings that never name the seller.
 * - booking: the reference of a booking (PNR, dossier, Buchungsnummer), printed alike on the
 *   ticket and on the invoice of the same purchase: two documents of one purchase share it. All
 *   weak, so they never tell the language. English "booking reference", "booking no" and "pnr"
 *   stay document numbers (a ticket's only number); read-fields.ts takes them for bookings too.
 */
export type LabelRole =
  | 'total'
  | 'due'
  | 'net'
  | 'tax'
  | 'prepaid'
  | 'tendered'
  | 'change'
  | 'excluded'
  | 'payment'
  | 'number'
  | 'other_number'
  | 'tax_id'
  | 'date'
  | 'other_date'
  | 'order_date'
  | 'travel_date'
  | 'checkout_date'
  | 'seller'
  | 'buyer'
  | 'quote'
  | 'excluding'
  | 'including'
  | 'copy'
  | 'booking';

/** Labels of the amounts that sum a bill up or settle it: never one of its lines. */
export const SETTLEMENT_ROLES: readonly LabelRole[] = [
  'total',
  'due',
  'net',
  'tax',
  'prepaid',
  'tendered',
  'change',
  'payment',
];

export type Language = 'en' | 'de' | 'fr' | 'nl' | 'es' | 'it' | 'ja';

export type LabelTable = Partial<Record<LabelRole, string>>;

export const LABEL_TABLES: Readonly<Record<Language, LabelTable>> = {
  en: {
    total:
      'total | grand total | total amount | amount total | invoice total | total invoice amount | invoice amount | total incl vat | total including vat | total inc vat | total incl tax | total including tax | total incl gst | total inc gst | gross total | total gross | gross amount | amount paid | total paid | total fare | total price | total cost | total charges | total sale | total sales | ~amount | ~fare | ~sum',
    due: 'amount due | balance due | total due | amount payable | total payable | net payable | payable amount | due payable | amount due for payment | to pay | please pay | balance to pay | amount outstanding | outstanding amount | outstanding balance | open amount | remaining amount | balance payable | ~balance | ~payable',
    net: 'subtotal | sub total | net | net amount | net total | total net | total excl vat | total excluding vat | total ex vat | total excl tax | total excluding tax | total before tax | amount before tax | taxable amount | taxable value | net value | amount excl vat | excl vat | total excl gst | total ex gst',
    tax: 'vat | tax | taxes | gst | hst | pst | qst | sales tax | cgst | sgst | igst | utgst | service tax | consumption tax | vat amount | tax amount | total vat | vat total | total tax | tax total | total taxes | total gst | gst total | value added tax | gst amount',
    prepaid:
      'deposit | deposit paid | less deposit | prepayment | prepaid | advance payment | advance paid | already paid | payments received | payment received | amount received | less payments | payments credits | credit applied',
    tendered: 'cash | cash tendered | tendered | amount tendered | cash received',
    change: 'change | change due | your change | cash back | cashback',
    excluded:
      'savings | total savings | you saved | you save | your savings | discount | total discount | loyalty | loyalty balance | points | points balance | points earned | previous balance | balance forward | balance brought forward | brought forward | opening balance | credit limit | suggested tip | tip suggestion',
    payment:
      'amount paid | total paid | paid | card | credit card | debit card | visa | mastercard | amex | card payment | paid by card',
    number:
      'invoice no | invoice number | invoice nr | invoice num | invoice id | invoice ref | invoice reference | invoice # | inv no | bill no | bill number | receipt no | receipt number | ticket no | ticket number | folio no | folio number | document no | document number | credit note no | credit note number | ~invoice | ~receipt | ~credit note | ~bill | ~e ticket | ~eticket | ~order no | ~order number | ~order id | ~booking no | ~booking id | ~booking reference | ~pnr | ~pnr no | ~no | ~nr | ~ref',
    other_number:
      'customer no | customer number | customer id | account no | account number | client no | client number | company no | company number | registration no | iban | bic | swift | sort code | phone | tel | telephone | fax | mobile | po number | po no | purchase order | reference no | our reference | your reference | our ref | your ref',
    tax_id:
      'vat no | vat number | vat id | vat reg no | vat registration number | vat reg | tax id | tax no | tax number | tax registration number | gstin | gst no | gst number | gst reg no | gst registration no | abn | ein',
    date: 'date | invoice date | date of issue | issue date | issued | issued on | bill date | receipt date | document date | tax point | date of invoice | invoice date tax point | booking date | transaction date | txn date | ~purchase date | ~date of purchase | ~purchased on',
    travel_date:
      'travel date | date of travel | journey date | date of journey | flight date | date of flight | travel on',
    other_date:
      'due date | payment due | due by | due on | delivery date | date of delivery | service date | service period | period | billing period | shipping date | ship date | valid until | expiry | expiry date | expires | pay by | payment date | check in | check in date | arrival | arrival date',
    checkout_date:
      'departure | departure date | check out | check out date | checkout | date of departure',
    order_date: 'order date | date of order',
    seller: 'seller | supplier | vendor | from | sold by | issued by | merchant',
    buyer:
      'bill to | billed to | invoice to | invoiced to | sold to | ship to | shipped to | deliver to | customer | client | buyer | recipient | to | invoice address | billing address | delivery address',
    quote:
      'quote | quotation | estimate | pro forma | proforma | order confirmation | price offer | offer',
    excluding: 'excluding | excl | exclusive of | ex | without | before | net of',
    including: 'including | incl | inclusive | inc | inclusive of | included',
    copy: '~duplicate | ~copy | ~duplicate copy | ~customer copy | ~merchant copy | ~original | ~reprint | ~reprinted',
    booking:
      '~booking code | ~booking ref | ~booking number | ~reservation number | ~reservation no | ~reservation code | ~reservation reference | ~confirmation number | ~confirmation no | ~confirmation code | ~record locator | ~pnr code',
  },
  de: {
    total:
      'gesamt | gesamtbetrag | gesamtsumme | summe | endsumme | endbetrag | rechnungsbetrag | rechnungssumme | rechnungsendbetrag | bruttobetrag | brutto | summe brutto | gesamt brutto | bruttosumme | gesamtpreis | summe gesamt | gesamtbetrag inkl mwst | summe inkl mwst | betrag inkl mwst | gesamt inkl mwst | gesamtbetrag brutto | rechnungsbetrag brutto | ~betrag | ~total',
    due: 'zahlbetrag | zu zahlen | zu zahlender betrag | zahlbar | offener betrag | ~offen | restbetrag | noch zu zahlen | faelliger betrag | falliger betrag | bitte zahlen | zahlungsbetrag | verbleibender betrag',
    net: 'netto | nettobetrag | summe netto | nettosumme | gesamt netto | zwischensumme | warenwert | summe positionen | betrag netto | gesamtbetrag netto | rechnungsbetrag netto | nettowert | gesamt netto betrag',
    tax: 'mwst | mehrwertsteuer | ust | umsatzsteuer | steuer | mwst betrag | ust betrag | steuerbetrag | summe mwst | summe ust | gesamt mwst | mwst summe | zzgl mwst | zzgl ust | inkl mwst | enthaltene mwst | darin enthaltene mwst | umsatzsteuerbetrag | mehrwertsteuerbetrag | summe umsatzsteuer',
    prepaid:
      'anzahlung | vorauszahlung | abschlag | abschlagszahlung | abschlagszahlungen | bereits gezahlt | bereits bezahlt | geleistete zahlungen | abzuglich anzahlung | erhaltene anzahlung | vorausbezahlt | geleistete anzahlungen | erhaltene zahlungen',
    tendered: 'bar | gegeben | bargeld | erhalten | barzahlung',
    change: 'ruckgeld | rueckgeld | wechselgeld | zuruck | zurueck',
    excluded:
      'ersparnis | sie sparen | gespart | rabatt | punkte | bonuspunkte | payback | vorheriger saldo | alter saldo | saldovortrag | guthaben | pfand zuruck',
    payment:
      'ec karte | karte | kartenzahlung | girocard | bezahlt | kreditkarte | maestro | visa | mastercard',
    number:
      'rechnungsnummer | rechnungsnr | rechnungs nr | rechnung nr | rechnungs nummer | rechnung nummer | re nr | rg nr | belegnummer | beleg nr | belegnr | bon nr | bonnummer | ~bon | quittungsnummer | quittung nr | gutschriftsnummer | gutschrift nr | dokumentnummer | ~rechnung | ~gutschrift | ~beleg | ~quittung | ~nummer',
    other_number:
      'kundennummer | kunden nr | kundennr | auftragsnummer | auftrags nr | auftragsnr | bestellnummer | bestell nr | bestellnr | lieferscheinnummer | lieferschein nr | iban | bic | telefon | tel | fax | handelsregister | hrb | amtsgericht | vertragsnummer | projektnummer | artikelnummer | art nr | kassennummer | kasse | filiale | terminal | trace nr | unser zeichen | ihr zeichen | ihre zeichen',
    tax_id:
      'steuernummer | steuer nr | st nr | ust idnr | ust id | ust id nr | umsatzsteuer id | ust identnummer | ust ident nr | ust identifikationsnummer',
    date: 'datum | rechnungsdatum | belegdatum | ausstellungsdatum | rechnungs datum | datum der rechnung | gutschriftsdatum | ausgestellt am | ~kaufdatum',
    travel_date: 'reisedatum | fahrtdatum | abfahrtsdatum | reisetag | hinfahrt am | reiseantritt',
    checkout_date: 'abreise | abreisedatum | abreisetag | check out',
    other_date:
      'lieferdatum | leistungsdatum | leistungszeitraum | faelligkeitsdatum | falligkeitsdatum | fallig am | fallig bis | zahlbar bis | liefertermin | zeitraum | abrechnungszeitraum | versanddatum | gultig bis | zahlungsziel | lieferung',
    order_date: 'bestelldatum | auftragsdatum',
    seller: 'verkaufer | lieferant | rechnungssteller | absender | leistungserbringer | aussteller',
    buyer:
      'rechnungsempfanger | rechnungsadresse | lieferadresse | kunde | kaufer | empfanger | leistungsempfanger | an',
    quote: 'angebot | kostenvoranschlag | auftragsbestatigung | proformarechnung | kostenschatzung',
    excluding: 'ohne | exkl | exklusive | zzgl | zuzuglich | vor',
    including: 'inkl | inklusive | einschl | einschliesslich | incl',
    copy: '~kopie | ~duplikat | ~zweitschrift | ~original | ~kundenbeleg | ~handlerbeleg',
    booking:
      '~buchungsnummer | ~buchungsnr | ~buchungs nr | ~buchungscode | ~buchungsreferenz | ~reservierungsnummer | ~reservierungsnr | ~reservierungscode',
  },
  fr: {
    total:
      'total | total ttc | montant ttc | total general | montant total | total facture | montant de la facture | ttc | total toutes taxes comprises | ~montant',
    due: 'total a payer | net a payer | a payer | montant du | reste a payer | solde du | somme due | total du | montant a payer | solde a payer | montant restant du',
    net: 'total ht | montant ht | sous total | ht | total hors taxe | total hors taxes | hors taxe | hors taxes | base ht | net ht | total net ht | montant hors taxes',
    tax: 'tva | total tva | montant tva | montant de la tva | taxe | taxes | tva totale',
    prepaid:
      'acompte | acompte verse | acomptes | deja paye | deja regle | avance | versement | acompte recu',
    tendered: 'especes | montant remis | remis',
    change: 'rendu | rendu monnaie | monnaie rendue | a rendre | monnaie',
    excluded:
      'economie | vous economisez | remise | fidelite | points | solde precedent | ancien solde | cagnotte',
    payment: 'carte bancaire | cb | paye | carte | paiement',
    number:
      'facture no | no facture | no de facture | numero de facture | facture numero | n facture | facture n | ref facture | avoir no | no avoir | no d avoir | numero d avoir | ticket no | no ticket | no de ticket | ~facture | ~avoir | ~ticket',
    other_number:
      'no client | numero client | code client | ref client | no commande | numero de commande | commande no | rcs | ape | naf | iban | bic | tel | telephone | nos references | vos references | notre reference | votre reference',
    tax_id: 'siret | siren | tva intracommunautaire | no tva | n tva | no tva intracommunautaire',
    date: 'date | date de facture | date facture | date de facturation | date d emission | date d edition | emise le | date de l avoir | fait le | ~date d achat',
    travel_date:
      'date du voyage | date de voyage | date de depart | date du trajet | date de trajet | voyage du',
    other_date:
      'date d echeance | echeance | date de livraison | livraison | periode | date limite | date de paiement | date d execution | regler avant le',
    order_date: 'date de commande | date d achat',
    seller: 'vendeur | fournisseur | emetteur | prestataire',
    buyer:
      'client | acheteur | facture a | adresse de facturation | adresse de livraison | destinataire | livre a | facturer a',
    quote: 'devis | proposition commerciale | confirmation de commande | facture proforma | offre',
    excluding: 'hors | sans | avant',
    including: 'y compris | compris | inclus | incluse',
    copy: '~duplicata | ~copie | ~original | ~copie client',
    booking:
      '~reference dossier | ~ref dossier | ~reference du dossier | ~no de dossier | ~no dossier | ~numero de dossier | ~dossier | ~reference de reservation | ~ref reservation | ~reference reservation | ~no de reservation | ~numero de reservation | ~code de reservation | ~code reservation',
  },
  nl: {
    total:
      'totaal | totaalbedrag | totaal bedrag | totaal incl btw | totaal inclusief btw | factuurbedrag | bedrag incl btw | eindtotaal | totaal te voldoen | ~bedrag',
    due: 'te betalen | totaal te betalen | openstaand bedrag | nog te betalen | te voldoen | verschuldigd bedrag',
    net: 'subtotaal | totaal excl btw | totaal exclusief btw | bedrag excl btw | netto | excl btw | totaal netto',
    tax: 'btw | btw bedrag | totaal btw | omzetbelasting',
    prepaid: 'aanbetaling | reeds betaald | vooruitbetaling | al betaald | voldaan',
    tendered: 'contant | ontvangen',
    change: 'wisselgeld | terug | retour',
    excluded: 'korting | besparing | u bespaart | vorig saldo | spaarpunten | punten',
    payment: 'betaald | pin | pinnen | betaalkaart',
    number:
      'factuurnummer | factuurnr | factuur nr | factuur nummer | bonnummer | creditnota nr | creditnotanummer | ~factuur | ~creditnota',
    other_number:
      'klantnummer | klantnr | ordernummer | bestelnummer | kvk | kvk nummer | iban | bic | telefoon',
    tax_id: 'btw nummer | btw nr | btw id',
    date: 'datum | factuurdatum | factuur datum | datum factuur | ~aankoopdatum',
    travel_date: 'reisdatum',
    checkout_date: 'vertrek | vertrekdatum | datum van vertrek',
    other_date: 'vervaldatum | leverdatum | periode | betalen voor | betaaldatum',
    order_date: 'besteldatum | orderdatum',
    seller: 'verkoper | leverancier',
    buyer: 'klant | factuuradres | afleveradres | afnemer | aan',
    quote: 'offerte | orderbevestiging | pro forma',
    excluding: 'excl | exclusief | zonder',
    including: 'incl | inclusief',
    copy: '~kopie | ~duplicaat | ~origineel',
    booking:
      '~boekingsnummer | ~boekingscode | ~boekingsreferentie | ~reserveringsnummer | ~reserveringscode',
  },
  es: {
    total:
      'total | importe total | total factura | total con iva | total iva incluido | total general | total euros | ~importe',
    due: 'total a pagar | importe a pagar | a pagar | saldo pendiente | importe pendiente',
    net: 'subtotal | base imponible | total sin iva | importe neto | neto',
    tax: 'iva | i v a | cuota iva | total iva | impuestos | igic | cuota',
    prepaid: 'anticipo | pagado a cuenta | entrega a cuenta | ya pagado | a cuenta',
    tendered: 'efectivo | entregado',
    change: 'cambio | vuelta | su cambio',
    excluded: 'ahorro | descuento | puntos | saldo anterior',
    payment: 'tarjeta | pagado | pago con tarjeta',
    number:
      'no factura | numero de factura | num factura | factura no | factura n | factura num | n factura | factura numero | no de factura | numero factura | no ticket | ticket no | ~factura | ~ticket',
    other_number:
      'no cliente | numero de cliente | codigo cliente | no pedido | numero de pedido | iban | telefono',
    tax_id: 'cif | nif | nie',
    date: 'fecha | fecha de factura | fecha factura | fecha de emision | fecha emision | fecha expedicion | fecha de expedicion | ~fecha de compra',
    travel_date: 'fecha de viaje | fecha del viaje',
    checkout_date: 'salida | fecha de salida',
    other_date: 'fecha de vencimiento | vencimiento | fecha de entrega | periodo',
    order_date: 'fecha de pedido',
    seller: 'vendedor | proveedor | emisor',
    buyer: 'cliente | comprador | facturar a | destinatario',
    quote: 'presupuesto | cotizacion | factura proforma | oferta',
    excluding: 'sin | excluido | antes de',
    including: 'con | incluido | incluidos',
    copy: '~copia | ~duplicado | ~original',
    booking:
      '~localizador | ~codigo de reserva | ~referencia de reserva | ~numero de reserva | ~no de reserva | ~n de reserva',
  },
  it: {
    total:
      'totale | totale fattura | totale documento | importo totale | totale complessivo | totale ivato | totale iva inclusa | totale euro | ~importo',
    due: 'totale da pagare | netto a pagare | da pagare | importo dovuto | saldo da pagare',
    net: 'imponibile | totale imponibile | subtotale | totale netto | netto | totale senza iva',
    tax: 'iva | totale iva | imposta | importo iva | imposte',
    prepaid: 'acconto | anticipo | gia pagato | gia versato',
    tendered: 'contanti | contante',
    change: 'resto',
    excluded: 'sconto | risparmio | punti | saldo precedente',
    payment: 'pagato | carta | bancomat | pagamento elettronico',
    number:
      'fattura n | fattura no | fattura numero | numero fattura | n fattura | no fattura | fattura nr | documento n | nota di credito n | scontrino n | ~fattura | ~scontrino',
    other_number: 'codice cliente | cod cliente | ordine n | iban | telefono',
    tax_id: 'partita iva | p iva | codice fiscale | cod fisc | c f',
    date: 'data | data fattura | data documento | data emissione | ~del | ~data acquisto',
    travel_date: 'data del viaggio | data viaggio',
    checkout_date: 'partenza | data di partenza | data partenza',
    other_date: 'data scadenza | scadenza | data consegna | periodo',
    order_date: 'data ordine',
    seller: 'venditore | fornitore | cedente | cedente prestatore',
    buyer: 'cliente | cessionario | committente | destinatario | spett le | intestatario',
    quote: 'preventivo | offerta | conferma d ordine | proforma',
    excluding: 'senza | escluso | esclusa | esclusi',
    including: 'incluso | inclusa | compreso | compresa | compresi',
    copy: '~copia | ~duplicato | ~originale',
    booking:
      '~codice prenotazione | ~codice di prenotazione | ~numero prenotazione | ~numero di prenotazione | ~codice pnr',
  },
  ja: {
    total:
      '合計 | 総合計 | 合計金額 | 総額 | 税込合計 | お買上計 | お買上げ計 | お買い上げ計 | お会計 | 領収金額 | 合計額 | 税込金額 | 税込 | ~金額',
    due: 'ご請求金額 | 請求金額 | お支払い金額 | お支払金額 | お支払い | お支払額 | ご請求額 | お支払合計',
    net: '小計 | 税抜 | 税抜金額 | 税抜合計 | 本体価格',
    tax: '消費税 | 消費税等 | 内消費税 | うち消費税 | 内税 | 外税 | 税額 | 消費税額 | 内消費税等',
    prepaid: '前受金 | 前払い | 内金',
    tendered: 'お預り | お預かり | 預り | 預かり | お預 | 現金',
    change: 'お釣り | おつり | 釣銭 | お釣 | つり銭',
    excluded: '値引 | 割引 | ポイント | 前回残高',
    payment: 'クレジット | カード',
    number: '請求書番号 | 領収書番号 | 伝票番号 | 請求番号 | レシート番号 | 取引番号 | ~no',
    other_number: '電話 | お客様番号 | 注文番号 | 会員番号',
    tax_id: '登録番号',
    date: '発行日 | 請求日 | 日付 | 領収日 | 発行日付 | 取引日 | ~購入日',
    travel_date: '乗車日 | 搭乗日 | ご利用日',
    checkout_date: 'チェックアウト | 出発日',
    other_date: '支払期限 | お支払期限 | お支払い期限 | 納品日 | 期限 | 振込期限',
    seller: '発行元 | 販売元 | 請求元',
    buyer: '御中 | 請求先 | 宛先',
    quote: '見積書 | お見積',
    copy: '~控え | ~再発行 | ~写し',
    booking: '~予約番号 | ~予約確認番号 | ~予約コード | ~確認番号',
  },
};
