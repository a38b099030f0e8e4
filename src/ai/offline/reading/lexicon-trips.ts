/**
 * The words of what a business trip buys: a bed, meals and drinks, the journey and the car. Part
 * of the reader's vocabulary (lexicon.ts says how a concept is read); kept apart from the words
 * of bills and work only so that each table stays short enough to read.
 */
import type { Concept } from './lexicon.js';

export const TRIP_CONCEPTS: readonly Concept[] = [
  // Lodging
  {
    category: 'lodging',
    strength: 3,
    words:
      'hotel|folio|guest folio|check in|check out|nights|room rate|chambre|nuitee|nuitees|nuits|sejour|zimmer|ubernachtung|ubernachtungen|nachte|anreise|abreise|habitacion|noches|huesped|estancia|ホテル|宿泊|客室|チェックイン|チェックアウト',
  },
  {
    line: 'room',
    strength: 2,
    words:
      'room|accommodation|lodging|night|chambre|nuitee|logement|zimmer|ubernachtung|habitacion|alojamiento|室料|宿泊料|客室料',
  },
  {
    line: 'tourist_tax',
    strength: 3,
    words:
      'city tax|tourist tax|taxe de sejour|kurtaxe|city tax|bettensteuer|ubernachtungssteuer|kulturforderabgabe|tasa turistica|impuesto turistico|宿泊税|入湯税',
  },
  {
    line: 'room_tax',
    strength: 3,
    words: 'occupancy tax|room tax|lodging tax|hotel tax|tourism assessment|tourism fee',
  },
  { line: 'minibar', strength: 3, words: 'minibar|mini bar|ミニバー' },
  { line: 'spa', strength: 3, words: 'spa|massage|sauna|wellness|エステ|マッサージ' },
  {
    line: 'laundry',
    strength: 3,
    words:
      'laundry|dry cleaning|pressing|blanchisserie|wascherei|wasche|lavanderia|ランドリー|クリーニング',
  },
  // Meals
  {
    category: 'meal',
    strength: 3,
    words:
      'restaurant|cafe|bistro|brasserie|trattoria|pizzeria|canteen|kitchen|eatery|diner|bakery|deli|boulangerie|patisserie|gaststatte|gasthaus|gasthof|wirtshaus|imbiss|pub|taverna|taberna|backerei|kantine|restaurante|cafeteria|panaderia|レストラン|食堂|居酒屋|定食|飲食|寿司|鮨|割烹|料亭|うどん|そば|ラーメン|喫茶|カフェ|弁当|焼肉|鉄板焼|酒場|焼き鳥|焼鳥|食事処',
  },
  {
    category: 'meal',
    strength: 1,
    words:
      'table|covers|guest|guests|server|waiter|menu|food|meal|lunch|dinner|dish|starter|dessert|salad|soup|sandwich|toastie|burger|pizza|pasta|coffee|tea|croissant|eat in|take away|takeaway|sur place|a emporter|zum mitnehmen|para llevar|店内|持ち帰り|テイクアウト|おにぎり|サンド|パン|couverts|repas|dejeuner|diner|plat|entree|formule|serveur|tisch|speisen|mittagessen|abendessen|bedienung|mesa|comida|almuerzo|cena|menu del dia|camarero|食事|料理|ランチ|ディナー|名様|テーブル|お飲物',
  },
  {
    line: 'breakfast',
    strength: 3,
    words: 'breakfast|petit dejeuner|petit dej|fruhstuck|desayuno|朝食|モーニング',
  },
  {
    line: 'service_charge',
    strength: 3,
    words:
      'service charge|optional service|discretionary service|service|service compris|servicio|bedienungsgeld|サービス料',
  },
  {
    line: 'tip',
    strength: 3,
    words: 'tip|tips|gratuity|pourboire|trinkgeld|propina|チップ|心付け',
  },
  {
    line: 'alcohol',
    strength: 3,
    words:
      'wine|beer|lager|ale|ipa|stout|cider|gin|vodka|whisky|whiskey|rum|brandy|cognac|champagne|prosecco|cava|cocktail|aperitif|spritz|negroni|martini|pint|vin|vin rouge|vin blanc|biere|pression|pastis|kir|cidre|wein|bier|weissbier|weizenbier|hefeweizen|pils|pilsner|helles|radler|rotwein|weisswein|sekt|schnaps|vino|cerveza|caña|sangria|sauvignon|merlot|chardonnay|pinot|cabernet|shiraz|syrah|malbec|riesling|rioja|chianti|bordeaux|bourgogne|cotes du rhone|beaujolais|sancerre|chablis|muscadet|ビール|生ビール|日本酒|酒|焼酎|ワイン|ハイボール|サワー|梅酒',
  },
  {
    line: 'beverage',
    strength: 2,
    words:
      'soft drink|lemonade|juice|water|coffee|espresso|tea|soda|cola|limonade|eau|jus|kaffee|saft|wasser|refresco|zumo|agua|ソフトドリンク|コーヒー|お茶|ジュース|お飲物|飲物',
  },
  // Journeys
  {
    category: 'taxi',
    strength: 3,
    words: 'taxi|cab|minicab|rideshare|chauffeur|vtc|fahrer|conductor|タクシー|迎車',
  },
  {
    category: 'taxi',
    strength: 1,
    words:
      'driver|ride|pickup|pick up|drop off|trip|fare|prise en charge|course|fahrpreis|carrera|乗車|運賃|降車',
  },
  {
    category: 'travel.rail',
    strength: 3,
    words:
      'train|rail|railway|railcard|carriage|platform|standard class|e billet|voiture|zug|bahn|wagen|gleis|fahrkarte|tren|vagon|新幹線|乗車券|特急券|指定席|自由席|号車|グリーン車',
  },
  {
    category: 'travel.airfare',
    strength: 3,
    words:
      'flight|airline|boarding|boarding pass|baggage|itinerary receipt|fare basis|vol|embarquement|bagage|flug|gepack|vuelo|equipaje|航空|航空券|搭乗|便名',
  },
  {
    category: 'travel',
    strength: 2,
    words: 'first class|1st class|economy class|business class|premium economy',
  },
  // Numbered classes are a railway's: airlines name theirs.
  {
    category: 'travel.rail',
    strength: 2,
    words:
      'second class|2nd class|standard class|premiere classe|1re classe|1ere classe|seconde classe|2nde classe|erste klasse|zweite klasse|1 klasse|2 klasse|primera clase|segunda clase',
  },
  {
    category: 'travel',
    strength: 1,
    words:
      'ticket|billet|billete|fahrkarte|passenger|passager|voyageur|pasajero|reisender|journey|trajet|gare|station|estacion|bahnhof|駅|airport|aeroport|flughafen|aeropuerto|空港|乗車|出発|到着',
  },
  {
    line: 'fare',
    strength: 2,
    words: 'fare|ticket|billet|fahrpreis|billete|運賃|乗車券|特急券|航空券',
  },
  {
    line: 'fee',
    strength: 3,
    words:
      'booking fee|service fee|handling fee|card fee|frais de dossier|frais de service|buchungsgebuhr|gastos de gestion|手数料|発券手数料',
  },
  // The car
  {
    category: 'parking',
    strength: 3,
    words:
      'parking|car park|multi storey|multistorey|pay and display|parkhaus|parken|parkschein|parkgebuhr|stationnement|horodateur|aparcamiento|estacionamiento|駐車|駐車場|パーキング|コインパーキング',
  },
  {
    line: 'parking',
    strength: 3,
    words: 'parking|car park|parkhaus|parken|stationnement|aparcamiento|駐車|駐車料',
  },
  {
    category: 'parking',
    strength: 1,
    words:
      'entry|exit|duration|entree|sortie|duree|einfahrt|ausfahrt|dauer|entrada|salida|入庫|出庫|駐車時間',
  },
  {
    category: 'fuel',
    strength: 3,
    words:
      'fuel|petrol|diesel|unleaded|forecourt|carburant|gazole|gasoil|sans plomb|kraftstoff|benzin|superbenzin|tankstelle|combustible|gasolina|gasoleo|ガソリン|軽油|給油|レギュラー|ハイオク|燃料',
  },
  {
    line: 'fuel',
    strength: 3,
    words:
      'fuel|petrol|diesel|unleaded|gazole|sans plomb|benzin|gasolina|gasoleo|ガソリン|軽油|レギュラー|ハイオク',
  },
  {
    category: 'fuel',
    strength: 1,
    words: 'pump|litre|litres|liter|gallons|ppl|pompe|zapfsaule|surtidor|litros|リットル',
  },
  {
    category: 'car_rental',
    strength: 3,
    words:
      'car hire|car rental|rental agreement|location de voiture|mietwagen|autovermietung|alquiler de coche|レンタカー',
  },
];
