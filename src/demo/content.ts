/**
 * Demo content for Sahifa: two editions (Arabic and English) with sections,
 * topics, contributors, fictional wire agencies, illustrations and articles.
 *
 * Everything here is fictional and written for the demo. People, companies,
 * agencies, clubs and events are invented; place names are used only as
 * settings. Plain data, no imports, so the seeder and tests can use it freely.
 */

export interface DemoEdition {
  code: 'ar' | 'en';
  language: string;
  direction: 'rtl' | 'ltr';
  name: string;
  description: string;
  dateStyle: 'levant' | 'gregorian';
  digits: 'latn' | 'arab';
  timeZone: string;
  social: { network: 'facebook' | 'x' | 'instagram' | 'youtube' | 'telegram' | 'whatsapp'; url: string }[];
}

export interface DemoSection {
  edition: 'ar' | 'en';
  slug: string;
  name: string;
}

export interface DemoTopic {
  edition: 'ar' | 'en';
  slug: string;
  name: string;
}

export interface DemoContributor {
  slug: string;
  name: string;
  bio: string;
}

export interface DemoAgency {
  slug: string;
  name: string;
  /** Its name per edition language, credited in that edition's bylines. */
  names: Record<string, string>;
  copyrightLine: string;
  url: string;
}

export interface DemoImage {
  key: string;
  alt: { ar: string; en: string };
  caption: { ar: string; en: string };
  credit: string;
  copyright: string;
}

export interface DemoArticle {
  /** Unique key, e.g. 'ar-dam-rains'. */
  key: string;
  edition: 'ar' | 'en';
  /** Slug of a DemoSection of the same edition. */
  section: string;
  /** Slugs of DemoTopics of the same edition (1-3). */
  topics: string[];
  /** URL slug, unique per edition. */
  slug: string;
  headline: string;
  /** One-sentence summary. */
  standfirst: string;
  /** Plain-text paragraphs (no HTML). */
  body: string[];
  /** Contributor slugs (may be empty when an agency is set). */
  contributors: string[];
  /** Agency slug for wire copy. */
  agency?: string;
  /** Optional explicit copyright notice for the text. */
  copyright?: string;
  /** DemoImage key. */
  image?: string;
  /** Key of the article in the other edition that this one translates. */
  translationOf?: string;
  /** First published this many hours before seeding. */
  publishedHoursAgo: number;
  /** If set (smaller than publishedHoursAgo), last updated this many hours before seeding. */
  updatedHoursAgo?: number;
}

const social = (): DemoEdition['social'] => [
  { network: 'facebook', url: 'https://www.facebook.com/sahifa-demo' },
  { network: 'x', url: 'https://x.com/sahifa-demo' },
  { network: 'instagram', url: 'https://www.instagram.com/sahifa-demo' },
  { network: 'youtube', url: 'https://www.youtube.com/@sahifa-demo' },
  { network: 'telegram', url: 'https://t.me/sahifa-demo' },
  { network: 'whatsapp', url: 'https://www.whatsapp.com/channel/sahifa-demo' },
];

export const demoEditions: DemoEdition[] = [
  {
    code: 'ar',
    language: 'ar',
    direction: 'rtl',
    name: 'صحيفة',
    description:
      'أخبار المنطقة والعالم في العلوم والاقتصاد والمناخ والثقافة والرياضة، في نسخة تجريبية من منصة صحيفة.',
    dateStyle: 'levant',
    digits: 'latn',
    timeZone: 'Asia/Beirut',
    social: social(),
  },
  {
    code: 'en',
    language: 'en',
    direction: 'ltr',
    name: 'Sahifa',
    description:
      'News from the region and the world on science, economy, climate, culture and sport, in a demo edition of the Sahifa platform.',
    dateStyle: 'gregorian',
    digits: 'latn',
    timeZone: 'Europe/London',
    social: social(),
  },
];

const sectionNames: [slug: string, ar: string, en: string][] = [
  ['world', 'عالم', 'World'],
  ['middle-east', 'الشرق الأوسط', 'Middle East'],
  ['economy', 'اقتصاد', 'Economy'],
  ['science', 'علوم', 'Science'],
  ['technology', 'تكنولوجيا', 'Technology'],
  ['climate', 'مناخ وبيئة', 'Climate'],
  ['culture', 'ثقافة', 'Culture'],
  ['sport', 'رياضة', 'Sport'],
];

export const demoSections: DemoSection[] = [
  ...sectionNames.map(([slug, ar]): DemoSection => ({ edition: 'ar', slug, name: ar })),
  ...sectionNames.map(([slug, , en]): DemoSection => ({ edition: 'en', slug, name: en })),
];

const topicNames: [slug: string, ar: string, en: string][] = [
  ['weather', 'طقس', 'Weather'],
  ['water', 'مياه', 'Water'],
  ['energy', 'طاقة', 'Energy'],
  ['transport', 'نقل', 'Transport'],
  ['infrastructure', 'بنية تحتية', 'Infrastructure'],
  ['space', 'فضاء', 'Space'],
  ['health', 'صحة', 'Health'],
  ['football', 'كرة القدم', 'Football'],
  ['athletics', 'ألعاب القوى', 'Athletics'],
  ['music', 'موسيقى', 'Music'],
  ['film', 'سينما', 'Film'],
  ['books', 'كتب', 'Books'],
  ['heritage', 'تراث', 'Heritage'],
  ['archaeology', 'آثار', 'Archaeology'],
  ['startups', 'شركات ناشئة', 'Start-ups'],
  ['ai', 'ذكاء اصطناعي', 'Artificial intelligence'],
  ['agriculture', 'زراعة', 'Agriculture'],
  ['education', 'تعليم', 'Education'],
  ['tourism', 'سياحة', 'Tourism'],
  ['trade', 'تجارة', 'Trade'],
  ['oceans', 'بحار ومحيطات', 'Oceans'],
  ['forests', 'غابات', 'Forests'],
  ['biodiversity', 'تنوع حيوي', 'Biodiversity'],
];

export const demoTopics: DemoTopic[] = [
  ...topicNames.map(([slug, ar]): DemoTopic => ({ edition: 'ar', slug, name: ar })),
  ...topicNames.map(([slug, , en]): DemoTopic => ({ edition: 'en', slug, name: en })),
];

export const demoContributors: DemoContributor[] = [
  {
    slug: 'rania-haddad',
    name: 'رانيا حداد',
    bio: 'محررة العلوم والبيئة، تغطي قضايا المناخ والمياه والتنوع الحيوي منذ أكثر من عشر سنوات.',
  },
  {
    slug: 'karim-nassar',
    name: 'كريم نصار',
    bio: 'مراسل اقتصادي يكتب عن الطاقة والنقل والشركات الناشئة، ويتابع في أوقات فراغه مضامير ألعاب القوى.',
  },
  {
    slug: 'leila-mansour',
    name: 'ليلى منصور',
    bio: 'محررة القسم الثقافي، تكتب عن الكتب والموسيقى والعمارة التراثية والأدوات الرقمية في خدمة الثقافة.',
  },
  {
    slug: 'james-whitfield',
    name: 'James Whitfield',
    bio: 'General news reporter covering travel, sport and international stories. Previously news editor of a regional weekly.',
  },
  {
    slug: 'nadia-okafor',
    name: 'Nadia Okafor',
    bio: 'Science and technology correspondent writing about artificial intelligence, energy and the people who build new tools.',
  },
];

export const demoAgencies: DemoAgency[] = [
  {
    slug: 'lpa',
    name: 'Levant Press Agency',
    names: { ar: 'وكالة أنباء المشرق' },
    copyrightLine: '© 2026 Levant Press Agency. All rights reserved.',
    url: 'https://lpa.example.org',
  },
  {
    slug: 'mns',
    name: 'Meridian News Service',
    names: { ar: 'خدمة ميريديان الإخبارية' },
    copyrightLine: '© 2026 Meridian News Service. All rights reserved.',
    url: 'https://meridian.example.net',
  },
];

export const demoImages: DemoImage[] = [
  {
    key: 'city-rain',
    alt: { ar: 'رسم تجريدي لأفق مدينة تحت المطر', en: 'Abstract illustration of a city skyline in the rain' },
    caption: {
      ar: 'أمطار غزيرة فوق المدينة خلال العاصفة الأخيرة (رسم توضيحي)',
      en: 'Heavy rain over the city during the latest storm (illustration)',
    },
    credit: 'LPA',
    copyright: '© 2026 Levant Press Agency',
  },
  {
    key: 'solar-farm',
    alt: {
      ar: 'رسم تجريدي لحقل ألواح شمسية في الصحراء',
      en: 'Abstract illustration of solar panels in the desert',
    },
    caption: {
      ar: 'ألواح شمسية تحت شمس الظهيرة (رسم توضيحي)',
      en: 'Solar panels under the midday sun (illustration)',
    },
    credit: 'Sahifa Studio',
    copyright: '© 2026 Sahifa',
  },
  {
    key: 'harbour-waves',
    alt: { ar: 'رسم تجريدي لأمواج البحر قرب الساحل', en: 'Abstract illustration of waves near the coast' },
    caption: {
      ar: 'البحر عند الفجر قبالة الساحل (رسم توضيحي)',
      en: 'The sea at dawn off the coast (illustration)',
    },
    credit: 'Meridian News Service',
    copyright: '© 2026 Meridian News Service',
  },
  {
    key: 'mountain-snow',
    alt: {
      ar: 'رسم تجريدي لسلسلة جبال تكسو قممها الثلوج',
      en: 'Abstract illustration of snow-capped mountains',
    },
    caption: { ar: 'قمم جبلية مكسوة بالثلج (رسم توضيحي)', en: 'Snow-covered mountain peaks (illustration)' },
    credit: 'Sahifa Studio',
    copyright: '© 2026 Sahifa',
  },
  {
    key: 'stadium-lights',
    alt: {
      ar: 'رسم تجريدي لمدرجات ملعب وأضوائه ليلاً',
      en: 'Abstract illustration of stadium stands and floodlights at night',
    },
    caption: {
      ar: 'أضواء الملعب في ليلة المباراة (رسم توضيحي)',
      en: 'Floodlights on match night (illustration)',
    },
    credit: 'MNS',
    copyright: '© 2026 Meridian News Service',
  },
  {
    key: 'lab-molecule',
    alt: { ar: 'رسم تجريدي لجزيء كيميائي', en: 'Abstract illustration of a molecule' },
    caption: { ar: 'نموذج مبسط لجزيء (رسم توضيحي)', en: 'A simplified model of a molecule (illustration)' },
    credit: 'Sahifa Studio',
    copyright: '© 2026 Sahifa',
  },
  {
    key: 'wheat-fields',
    alt: { ar: 'رسم تجريدي لحقول زراعية متجاورة', en: 'Abstract illustration of a patchwork of fields' },
    caption: { ar: 'حقول زراعية في أوائل الصيف (رسم توضيحي)', en: 'Farmland in early summer (illustration)' },
    credit: 'LPA',
    copyright: '© 2026 Levant Press Agency',
  },
  {
    key: 'old-city-arches',
    alt: {
      ar: 'رسم تجريدي لأقواس حجرية في مدينة قديمة',
      en: 'Abstract illustration of stone arches in an old city',
    },
    caption: {
      ar: 'أقواس حجرية في السوق القديم (رسم توضيحي)',
      en: 'Stone arches in the old market (illustration)',
    },
    credit: 'Sahifa Studio',
    copyright: '© 2026 Sahifa',
  },
  {
    key: 'concert-stage',
    alt: {
      ar: 'رسم تجريدي لمسرح تضيئه أنوار ملونة',
      en: 'Abstract illustration of a stage lit by coloured spotlights',
    },
    caption: {
      ar: 'أضواء المسرح قبل بدء الحفل (رسم توضيحي)',
      en: 'Stage lights before the concert (illustration)',
    },
    credit: 'Sahifa Studio',
    copyright: '© 2026 Sahifa',
  },
  {
    key: 'night-sky',
    alt: {
      ar: 'رسم تجريدي لسماء ليلية مرصعة بالنجوم مع كوكب ومذنب',
      en: 'Abstract illustration of a starry night sky with a planet and a comet',
    },
    caption: { ar: 'سماء صافية فوق الصحراء (رسم توضيحي)', en: 'Clear skies over the desert (illustration)' },
    credit: 'Sahifa Studio',
    copyright: '© 2026 Sahifa',
  },
  {
    key: 'metro-line',
    alt: {
      ar: 'رسم تجريدي لسكة حديد تمتد نحو الأفق',
      en: 'Abstract illustration of railway tracks running to the horizon',
    },
    caption: {
      ar: 'خط نقل جديد في الخدمة (رسم توضيحي)',
      en: 'A new transport line in service (illustration)',
    },
    credit: 'MNS',
    copyright: '© 2026 Meridian News Service',
  },
  {
    key: 'market-chart',
    alt: {
      ar: 'رسم تجريدي لمخطط بياني بأعمدة وخط صاعد',
      en: 'Abstract illustration of a bar chart with a rising line',
    },
    caption: { ar: 'مؤشرات اقتصادية (رسم توضيحي)', en: 'Economic indicators (illustration)' },
    credit: 'Sahifa Studio',
    copyright: '© 2026 Sahifa',
  },
];

export const demoArticles: DemoArticle[] = [
  // ── Latest: the last two days ─────────────────────────────────────────────
  {
    key: 'ar-dam-rains',
    edition: 'ar',
    section: 'middle-east',
    topics: ['weather', 'water', 'infrastructure'],
    slug: 'امطار-غزيرة-ترفع-مخزون-السدود',
    headline: 'أمطار غزيرة ترفع مخزون السدود الجبلية إلى أعلى مستوى منذ خمسة أعوام',
    standfirst:
      'هطل أكثر من 140 مليمتراً من الأمطار خلال 48 ساعة، ما رفع مخزون سد وادي الريحان إلى 78 في المئة من سعته.',
    body: [
      'بيروت (وكالة أنباء المشرق) - سجّلت محطات الرصد الجوي في المناطق الجبلية كميات أمطار تجاوزت 140 مليمتراً خلال 48 ساعة، في واحدة من أغزر العواصف منذ بداية الموسم. وأدت الأمطار إلى ارتفاع مخزون سد وادي الريحان إلى 78 في المئة من سعته التخزينية.',
      'وقالت المهندسة سلمى عيتاني، مديرة العمليات في هيئة مياه الساحل، إن هذا المستوى هو الأعلى منذ خمسة أعوام، مشيرة إلى أن فرق الصيانة فتحت قنوات التصريف الجانبية على سبيل الاحتياط.',
      'وتوقعت دائرة الأرصاد أن تنحسر المنخفضات الجوية تدريجياً اعتباراً من مساء الخميس، مع بقاء احتمال تساقط زخات متفرقة على المرتفعات التي يزيد ارتفاعها على 1200 متر.',
      'ودعت البلديات السائقين إلى تجنب الطرق الجبلية الضيقة خلال ساعات الليل، بعدما أدت السيول إلى إغلاق مؤقت لثلاثة طرق فرعية أعيد فتحها صباح اليوم.',
      'ويرى خبراء الموارد المائية أن الموسم الحالي قد يخفف الضغط على الآبار الجوفية خلال الصيف المقبل، شرط تحسين كفاءة شبكات التوزيع التي تفقد نحو ثلث المياه بسبب التسرب.',
    ],
    contributors: [],
    agency: 'lpa',
    image: 'city-rain',
    publishedHoursAgo: 6,
    updatedHoursAgo: 2,
  },
  {
    key: 'en-dam-rains',
    edition: 'en',
    section: 'middle-east',
    topics: ['weather', 'water', 'infrastructure'],
    slug: 'heavy-rains-lift-mountain-reservoirs-to-five-year-high',
    headline: 'Heavy rains lift mountain reservoirs to a five-year high',
    standfirst:
      'More than 140 millimetres of rain fell in 48 hours, bringing the Wadi al-Rayhan dam to 78 percent of its capacity.',
    body: [
      'BEIRUT (LPA) - Weather stations in mountain areas recorded more than 140 millimetres of rain in 48 hours, one of the heaviest storms of the season so far. The downpours lifted the Wadi al-Rayhan dam to 78 percent of its storage capacity.',
      'Salma Itani, head of operations at the Coastal Water Authority, said it was the highest level in five years, adding that maintenance teams had opened the side spillway channels as a precaution.',
      'Forecasters expect the low-pressure systems to ease gradually from Thursday evening, although scattered showers remain possible on ground above 1,200 metres.',
      'Municipalities urged drivers to avoid narrow mountain roads at night after flash floods briefly closed three minor roads, which reopened this morning.',
      'Water experts say the season could ease pressure on groundwater wells next summer, provided that distribution networks, which lose about a third of their water to leaks, are made more efficient.',
    ],
    contributors: [],
    agency: 'lpa',
    image: 'city-rain',
    translationOf: 'ar-dam-rains',
    publishedHoursAgo: 5,
    updatedHoursAgo: 1,
  },
  {
    key: 'ar-souk-restoration',
    edition: 'ar',
    section: 'middle-east',
    topics: ['heritage', 'tourism'],
    slug: 'اعادة-افتتاح-خان-القناديل-بعد-الترميم',
    headline: 'إعادة افتتاح «خان القناديل» الأثري بعد ترميم استمر أربع سنوات',
    standfirst:
      'استعاد المبنى الذي يعود إلى القرن السابع عشر أقواسه الحجرية وشرفاته الخشبية، وبات يضم 22 محلاً للحرفيين.',
    body: [
      'أُعيد افتتاح «خان القناديل» التاريخي أمام الزوار بعد أعمال ترميم استمرت أربع سنوات، أعادت إلى المبنى الذي يعود إلى القرن السابع عشر أقواسه الحجرية وفناءه الداخلي.',
      'وشملت الأعمال تدعيم الجدران وإزالة طبقات الإسمنت التي أضيفت في ترميمات سابقة، واستبدالها بملاط تقليدي من الجير يسمح للحجر بالتنفس.',
      'وقالت المهندسة المعمارية المشرفة على المشروع، ديما قباني، إن الفريق اعتمد على صور فوتوغرافية تعود إلى عشرينيات القرن الماضي لإعادة بناء الشرفات الخشبية كما كانت.',
      'ويضم الخان بعد ترميمه 22 محلاً صغيراً خُصصت لحرفيين في صناعة الصابون والنحاس والتطريز، إضافة إلى قاعة للمعارض المؤقتة.',
      'ويفتح الخان أبوابه يومياً من التاسعة صباحاً حتى الثامنة مساءً، مع جولات مجانية بصحبة مرشدين في عطلة نهاية الأسبوع.',
    ],
    contributors: ['leila-mansour'],
    image: 'old-city-arches',
    publishedHoursAgo: 9,
  },
  {
    key: 'ar-dust-storm',
    edition: 'ar',
    section: 'climate',
    topics: ['weather', 'health', 'transport'],
    slug: 'عاصفة-غبارية-تربك-حركة-الطيران',
    headline: 'عاصفة غبارية تخفض مدى الرؤية إلى 300 متر وتؤخر رحلات جوية',
    standfirst:
      'دعت السلطات الصحية المصابين بأمراض الجهاز التنفسي إلى البقاء في منازلهم حتى انحسار العاصفة مساء الغد.',
    body: [
      'عمّان (خدمة ميريديان الإخبارية) - اجتاحت عاصفة غبارية كثيفة مناطق واسعة صباح اليوم، وخفضت مدى الرؤية في بعض المناطق إلى أقل من 300 متر، ما أدى إلى تأخير عدد من الرحلات الجوية وإبطاء حركة السير على الطرق السريعة.',
      'وقال خبير الأرصاد سامي الخوري إن العاصفة ناجمة عن رياح جنوبية شرقية نشطة تتجاوز سرعتها 60 كيلومتراً في الساعة، متوقعاً أن تنحسر تدريجياً مساء الغد مع تحوّل اتجاه الرياح.',
      'ودعت السلطات الصحية المصابين بالربو وأمراض الجهاز التنفسي إلى البقاء في منازلهم وإغلاق النوافذ، واستخدام الكمامات عند الخروج للضرورة.',
      'وأعلنت إدارة أحد المطارات تأخير 14 رحلة لمدد تراوحت بين ساعة وثلاث ساعات، فيما حُوّلت رحلتان إلى مطارات مجاورة.',
      'وأفادت شركات الطيران لاحقاً بأن حركة الإقلاع والهبوط عادت إلى طبيعتها بعد الظهر مع تحسن الرؤية، مع بقاء بعض التأخير في الرحلات المسائية.',
    ],
    contributors: [],
    agency: 'mns',
    image: 'solar-farm',
    publishedHoursAgo: 14,
    updatedHoursAgo: 4,
  },
  {
    key: 'en-dust-storm',
    edition: 'en',
    section: 'climate',
    topics: ['weather', 'health', 'transport'],
    slug: 'dust-storm-cuts-visibility-and-delays-flights',
    headline: 'Dust storm cuts visibility to 300 metres and delays flights',
    standfirst:
      'Health authorities urged people with respiratory conditions to stay indoors until the storm eases tomorrow evening.',
    body: [
      'AMMAN (MNS) - A thick dust storm swept across wide areas this morning, cutting visibility in places to less than 300 metres, delaying several flights and slowing traffic on the motorways.',
      'Meteorologist Sami Khoury said the storm was driven by strong south-easterly winds of more than 60 kilometres per hour and should ease gradually tomorrow evening as the wind changes direction.',
      'Health authorities urged people with asthma and other respiratory conditions to stay at home with the windows closed, and to wear a mask if they have to go out.',
      'One airport said 14 flights had been delayed by between one and three hours, while two were diverted to nearby airports.',
      'Airlines later said take-offs and landings had returned to normal in the afternoon as visibility improved, although some evening flights were still running late.',
    ],
    contributors: [],
    agency: 'mns',
    image: 'solar-farm',
    translationOf: 'ar-dust-storm',
    publishedHoursAgo: 13,
    updatedHoursAgo: 3,
  },
  {
    key: 'en-speech-model',
    edition: 'en',
    section: 'technology',
    topics: ['ai', 'startups'],
    slug: 'open-speech-model-switches-between-arabic-and-english',
    headline: 'Start-up releases open speech model that switches between Arabic and English mid-sentence',
    standfirst:
      'Lisan Labs says its model halves transcription errors on recordings in which speakers mix the two languages.',
    body: [
      'A Beirut-based start-up, Lisan Labs, has released an open-source speech recognition model for people who switch between Arabic and English in the same conversation, a habit common in offices, classrooms and family kitchens across the region.',
      'Existing transcription tools often struggle with this kind of code-switching, either forcing everything into one alphabet or dropping words altogether. Lisan says its model, called Duet, cuts error rates by around half on a test set of 200 hours of mixed-language recordings.',
      '“People say ‘I’ll send you the file بعدين’ and think nothing of it,” said co-founder Yara Tabet. “Software should be able to keep up with the way we actually talk.”',
      'The model writes Arabic words in Arabic script and English words in Latin script, so a sentence such as “الاجتماع moved to Thursday” comes out as it was spoken. It runs on a standard laptop without an internet connection.',
      'Lisan has published the model under a permissive licence, along with 40 hours of the test recordings, made by volunteers who agreed to have them shared.',
    ],
    contributors: ['nadia-okafor'],
    copyright: '© 2026 Sahifa. All rights reserved.',
    image: 'lab-molecule',
    publishedHoursAgo: 16,
  },
  {
    key: 'ar-novagrid-funding',
    edition: 'ar',
    section: 'economy',
    topics: ['startups', 'energy'],
    slug: 'نوفاغريد-تجمع-25-مليون-دولار-لتخزين-الطاقة',
    headline: 'شركة NovaGrid الناشئة تجمع 25 مليون دولار لتوسيع مشاريع تخزين الطاقة',
    standfirst:
      'تخطط الشركة لبناء ثلاث محطات بطاريات متوسطة الحجم بحلول نهاية 2027 لدعم شبكات الكهرباء المحلية.',
    body: [
      'أعلنت شركة NovaGrid الناشئة، المتخصصة في أنظمة تخزين الطاقة، إغلاق جولة تمويل بقيمة 25 مليون دولار قادها صندوق Cedar Ventures بمشاركة مستثمرين من الخليج وأوروبا.',
      'وقالت الشريكة المؤسسة والرئيسة التنفيذية للشركة، هالة الزين، إن التمويل سيُخصص لبناء ثلاث محطات بطاريات بقدرة إجمالية تبلغ 120 ميغاواط ساعة، على أن تدخل أولاها الخدمة في الربع الثالث من العام المقبل.',
      'وتعتمد الشركة على برمجية تحمل اسم GridPilot تتنبأ بذروة الاستهلاك قبل 36 ساعة، وتوزع الطاقة المخزنة على المحولات الأكثر ضغطاً.',
      'ويقول محللون إن الطلب على حلول التخزين يتزايد مع توسع محطات الطاقة الشمسية، التي تنتج معظم طاقتها في ساعات الظهيرة بينما تبلغ الأحمال ذروتها مساءً.',
      'وكانت NovaGrid قد تأسست عام 2021 في مختبر جامعي صغير، ويعمل لديها اليوم 85 موظفاً في مكتبين في بيروت ودبي.',
    ],
    contributors: ['karim-nassar'],
    image: 'solar-farm',
    publishedHoursAgo: 22,
  },
  {
    key: 'en-novagrid-funding',
    edition: 'en',
    section: 'economy',
    topics: ['startups', 'energy'],
    slug: 'novagrid-raises-25-million-for-energy-storage',
    headline: 'Start-up NovaGrid raises $25 million to expand energy storage',
    standfirst:
      'The company plans to build three mid-sized battery stations by the end of 2027 to support local electricity grids.',
    body: [
      'NovaGrid, a start-up specialising in energy storage systems, has closed a 25-million-dollar funding round led by Cedar Ventures, with participation from investors in the Gulf and Europe.',
      'Co-founder and chief executive Hala al-Zein said the money would be used to build three battery stations with a combined capacity of 120 megawatt-hours, the first of which is due to enter service in the third quarter of next year.',
      'The company relies on software called GridPilot, which forecasts peak demand 36 hours ahead and sends stored energy to the most heavily loaded transformers.',
      'Analysts say demand for storage is growing as solar farms expand, because they produce most of their power around midday while consumption peaks in the evening.',
      'NovaGrid was founded in 2021 in a small university laboratory and now employs 85 people in offices in Beirut and Dubai.',
    ],
    contributors: ['karim-nassar'],
    image: 'solar-farm',
    translationOf: 'ar-novagrid-funding',
    publishedHoursAgo: 20,
    updatedHoursAgo: 8,
  },
  {
    key: 'ar-mina-cup-final',
    edition: 'ar',
    section: 'sport',
    topics: ['football'],
    slug: 'نادي-الميناء-يتوج-بكاس-المشرق',
    headline: 'نادي الميناء يتوّج بكأس المشرق بعد فوز مثير بركلات الترجيح',
    standfirst:
      'حسم الفريق الساحلي المباراة النهائية 4-3 بركلات الترجيح بعد تعادل 2-2 في الوقتين الأصلي والإضافي.',
    body: [
      'صيدا (خدمة ميريديان الإخبارية) - توّج نادي الميناء بلقب كأس المشرق لكرة القدم للمرة الأولى في تاريخه، بعد فوزه على نادي جبل الأرز 4-3 بركلات الترجيح في المباراة النهائية التي أقيمت مساء السبت أمام 18 ألف متفرج.',
      'وتقدم جبل الأرز مرتين عن طريق مهاجمه سامر القاضي، لكن الميناء عادل النتيجة في كل مرة، وجاء هدف التعادل الثاني برأسية المدافع يوسف شمعون في الدقيقة 88.',
      'وتألق حارس الميناء زياد حلبي، البالغ من العمر 21 عاماً، بتصديه لركلتي ترجيح، ليُختار أفضل لاعب في المباراة.',
      'وقال مدرب الميناء، إلياس طعمة، إن اللقب «ثمرة ثلاث سنوات من العمل مع اللاعبين الشباب»، مشيراً إلى أن ثمانية من لاعبي التشكيلة الأساسية تخرجوا في أكاديمية النادي.',
      'ويمنح الفوز نادي الميناء مقعداً في بطولة الأندية الإقليمية الموسم المقبل، في أول مشاركة خارجية له منذ 2009.',
    ],
    contributors: [],
    agency: 'mns',
    image: 'stadium-lights',
    publishedHoursAgo: 30,
    updatedHoursAgo: 26,
  },
  {
    key: 'en-mina-cup-final',
    edition: 'en',
    section: 'sport',
    topics: ['football'],
    slug: 'al-mina-win-levant-cup-on-penalties',
    headline: 'Al-Mina win the Levant Cup after a dramatic penalty shoot-out',
    standfirst:
      'The coastal side took the final 4-3 on penalties after a 2-2 draw through normal and extra time.',
    body: [
      'SIDON (MNS) - Al-Mina Club won the Levant Cup for the first time in their history on Saturday evening, beating Jabal al-Arz 4-3 on penalties in a final watched by 18,000 spectators.',
      'Jabal al-Arz twice took the lead through striker Samer Kadi, but Al-Mina equalised each time, the second with a header from defender Youssef Chamoun in the 88th minute.',
      'Al-Mina’s 21-year-old goalkeeper, Ziad Halabi, saved two penalties in the shoot-out and was named man of the match.',
      'Coach Elias Toumeh said the trophy was “the fruit of three years of work with young players”, noting that eight of his starting eleven came through the club’s academy.',
      'The win earns Al-Mina a place in next season’s regional club championship, their first appearance in a competition abroad since 2009.',
    ],
    contributors: [],
    agency: 'mns',
    image: 'stadium-lights',
    translationOf: 'ar-mina-cup-final',
    publishedHoursAgo: 28,
  },
  {
    key: 'ar-electric-buses',
    edition: 'ar',
    section: 'middle-east',
    topics: ['transport', 'energy', 'infrastructure'],
    slug: 'حافلات-تعمل-بالكهرباء-على-الخط-الساحلي',
    headline: 'حافلات كهربائية تبدأ العمل على خط ساحلي طوله 38 كيلومتراً',
    standfirst: 'تنطلق الحافلات كل 12 دقيقة في ساعات الذروة، وتبلغ تعرفة الرحلة ما يعادل دولاراً واحداً.',
    body: [
      'بدأت 24 حافلة كهربائية العمل صباح الإثنين على الخط الساحلي الذي يربط بيروت بمدينة جبيل، في أول تجربة واسعة للنقل العام الكهربائي على هذا المحور.',
      'وتقطع الحافلات المسافة البالغة 38 كيلومتراً في نحو 55 دقيقة، بفضل مسارات مخصصة على أجزاء من الطريق، وتنطلق كل 12 دقيقة في ساعات الذروة.',
      'وقالت مديرة التشغيل في شركة «مسار» للنقل، كارلا يزبك، إن كل حافلة تستطيع قطع 280 كيلومتراً بشحنة واحدة، وإن الشحن يجري ليلاً في مرأب مزود بألواح شمسية.',
      'وحُددت التعرفة بما يعادل دولاراً واحداً للرحلة، مع اشتراكات شهرية مخفضة للطلاب وكبار السن، ويمكن الدفع ببطاقة مصرفية أو عبر تطبيق MasarPay.',
      'وسجل اليوم الأول نحو 6,800 راكب بحسب الشركة، التي قالت إنها ستراجع جداول المواعيد بعد شهر من التشغيل بناءً على ملاحظات الركاب.',
    ],
    contributors: ['karim-nassar'],
    image: 'metro-line',
    publishedHoursAgo: 36,
    updatedHoursAgo: 20,
  },
  {
    key: 'ar-runner-record',
    edition: 'ar',
    section: 'sport',
    topics: ['athletics'],
    slug: 'عداءة-في-السابعة-عشرة-تحطم-الرقم-الوطني',
    headline: 'عدّاءة في السابعة عشرة تحطّم الرقم الوطني في سباق 1500 متر',
    standfirst: 'قطعت نور الهدى سليمان المسافة في 4:09.31 دقيقة، محسّنة الرقم السابق بأكثر من ثانيتين.',
    body: [
      'حطمت العدّاءة نور الهدى سليمان، البالغة من العمر 17 عاماً، الرقم الوطني في سباق 1500 متر للسيدات، بعدما قطعت المسافة في 4:09.31 دقيقة خلال بطولة الجامعات المفتوحة.',
      'وكان الرقم السابق، البالغ 4:11.58 دقيقة، صامداً منذ عام 2014، وقد حاولت عدّاءات كثيرات كسره خلال السنوات الماضية من دون نجاح.',
      'وقالت سليمان بعد السباق إنها لم تتوقع تحقيق الرقم في هذه البطولة، وإن هدفها كان الفوز بميدالية فقط، مضيفة أن مدربها طلب منها تسريع الإيقاع في اللفة الأخيرة.',
      'وتتدرب العدّاءة الشابة ست مرات أسبوعياً في ملعب مدرستها الذي لا يضم مضماراً اصطناعياً كاملاً، ما دفع الاتحاد المحلي لألعاب القوى إلى الإعلان عن منحة تدريبية لها.',
      'وتستعد سليمان للمشاركة في بطولة الناشئين الإقليمية في تموز/يوليو، حيث ستخوض سباقي 800 و1500 متر.',
    ],
    contributors: ['karim-nassar'],
    image: 'stadium-lights',
    publishedHoursAgo: 44,
  },
  {
    key: 'en-runner-record',
    edition: 'en',
    section: 'sport',
    topics: ['athletics'],
    slug: 'seventeen-year-old-breaks-national-1500m-record',
    headline: 'Seventeen-year-old breaks the national 1,500m record',
    standfirst: 'Nour al-Houda Suleiman ran 4:09.31, improving the previous mark by more than two seconds.',
    body: [
      'Seventeen-year-old Nour al-Houda Suleiman has broken the women’s national 1,500 metres record, clocking 4:09.31 at the Open Universities Championships.',
      'The previous record of 4:11.58 had stood since 2014, and many athletes had tried and failed to beat it in recent years.',
      'Suleiman said after the race that she had not expected a record at this meeting and had only been aiming for a medal, adding that her coach had told her to push the pace on the final lap.',
      'She trains six times a week at her school’s ground, which does not have a full synthetic track, prompting the local athletics federation to announce a training grant for her.',
      'Suleiman is now preparing for the regional junior championships in July, where she will run both the 800 and 1,500 metres.',
    ],
    contributors: ['karim-nassar'],
    image: 'stadium-lights',
    translationOf: 'ar-runner-record',
    publishedHoursAgo: 41,
  },
  {
    key: 'en-jazz-festival',
    edition: 'en',
    section: 'culture',
    topics: ['music'],
    slug: 'harbour-jazz-festival-adds-second-stage',
    headline: 'Harbour jazz festival adds a second stage after record ticket sales',
    standfirst:
      'A converted cargo barge will host 18 free concerts by emerging musicians alongside the sold-out main programme.',
    body: [
      'The Harbourside Jazz Festival will open a second, outdoor stage this summer after selling out its main programme in less than three days, organisers said.',
      'The new stage, built on a converted cargo barge, will host 18 free concerts by emerging musicians, with a focus on groups that blend jazz with Arabic, West African and Latin American traditions.',
      'Festival director Tom Adeyemi said the barge would hold 600 people and would be moored a few metres from the quay, so that audiences on land could also listen in.',
      'Headliners on the main stage include the oud-and-saxophone duo Layla & Finn and the 16-piece Northern Lights Big Band.',
      'Organisers have also added late-night ferry services and say the festival site will be fully step-free for the first time. Updated programme details were published this week.',
    ],
    contributors: ['nadia-okafor'],
    image: 'concert-stage',
    publishedHoursAgo: 55,
    updatedHoursAgo: 30,
  },
  {
    key: 'ar-comet-discovery',
    edition: 'ar',
    section: 'science',
    topics: ['space', 'education'],
    slug: 'طلاب-جامعيون-يرصدون-مذنبا-جديدا',
    headline: 'طلاب جامعيون يرصدون مذنّباً جديداً من مرصد صحراوي',
    standfirst: 'أكد مركز دولي لتسجيل الأجرام الصغيرة الاكتشاف، ومنح المذنّب تسمية مؤقتة هي C/2026 D3.',
    body: [
      'رصد فريق من طلاب قسم الفيزياء في جامعة الواحة جسماً خافتاً يتحرك ببطء في كوكبة الجبّار، خلال جلسة رصد ليلية في مرصد الجامعة الواقع على بعد 60 كيلومتراً من أقرب مدينة.',
      'وبعد مقارنة صور التُقطت على مدى أربع ليالٍ، أرسل الفريق بياناته إلى مركز دولي لتسجيل الأجرام الصغيرة في المجموعة الشمسية، فأكد المركز أن الجسم مذنّب لم يُرصد من قبل ومنحه التسمية المؤقتة C/2026 D3.',
      'وقال المشرف على الفريق، الدكتور عمر البيطار، إن سماء المنطقة المظلمة تمنح المرصد ميزة نادرة، مضيفاً أن الطلاب استخدموا تلسكوباً لا يتجاوز قطره 40 سنتيمتراً.',
      'ويُتوقع أن يبلغ المذنّب أقرب نقطة من الشمس في تشرين الأول/أكتوبر المقبل، لكنه لن يُرى بالعين المجردة، وسيحتاج الهواة إلى تلسكوبات لمتابعته.',
      'وتعتزم الجامعة فتح المرصد أمام الجمهور مرتين شهرياً، بعدما تلقت مئات طلبات الزيارة منذ الإعلان عن الاكتشاف.',
    ],
    contributors: ['rania-haddad'],
    image: 'night-sky',
    publishedHoursAgo: 70,
  },
  {
    key: 'en-comet-discovery',
    edition: 'en',
    section: 'science',
    topics: ['space', 'education'],
    slug: 'students-spot-new-comet-from-desert-observatory',
    headline: 'University students spot a new comet from a desert observatory',
    standfirst:
      'An international centre that registers small bodies confirmed the find and gave the comet the provisional designation C/2026 D3.',
    body: [
      'A team of physics students at Oasis University spotted a faint object moving slowly through the constellation of Orion during a night-time session at the university’s observatory, 60 kilometres from the nearest town.',
      'After comparing images taken over four nights, the team sent its data to an international centre that registers small bodies in the solar system. The centre confirmed that the object was a previously unknown comet and gave it the provisional designation C/2026 D3.',
      'The team’s supervisor, Dr Omar Bitar, said the region’s dark skies give the observatory a rare advantage, adding that the students used a telescope just 40 centimetres across.',
      'The comet is expected to make its closest approach to the Sun next October, but it will not be visible to the naked eye and amateurs will need telescopes to follow it.',
      'The university plans to open the observatory to the public twice a month, after receiving hundreds of requests to visit since the discovery was announced.',
    ],
    contributors: ['rania-haddad'],
    image: 'night-sky',
    translationOf: 'ar-comet-discovery',
    publishedHoursAgo: 66,
  },
  {
    key: 'ar-heritage-band',
    edition: 'ar',
    section: 'culture',
    topics: ['music', 'heritage'],
    slug: 'فرقة-سمر-تعيد-تقديم-اغاني-الحصاد',
    headline: 'فرقة «سَمَر» الشابة تعيد تقديم أغاني الحصاد بتوزيع إلكتروني',
    standfirst:
      'يضم الألبوم الأول للفرقة عشر أغانٍ من تراث مواسم الحصاد جمعها أعضاؤها من تسجيلات كبار السن في القرى.',
    body: [
      'تستعد فرقة «سَمَر» الموسيقية لإطلاق ألبومها الأول بعنوان «بيادر»، الذي يضم عشر أغانٍ من تراث مواسم الحصاد أعاد أعضاء الفرقة توزيعها بمزيج من الآلات التقليدية والأصوات الإلكترونية.',
      'وتأسست الفرقة قبل ثلاث سنوات على يد أربعة طلاب في معهد الموسيقى، جمعوا خلالها تسجيلات قديمة من كبار السن في القرى، ودوّنوا كلمات أغانٍ لم تكن موثقة من قبل.',
      'وقالت المغنية الرئيسية في الفرقة، لارا داود، إن الهدف «ليس تحديث التراث بل إيصاله إلى جيل لا يعرف هذه الأغاني»، مضيفة أن الفرقة حرصت على ذكر أسماء الرواة في كتيّب الألبوم.',
      'ويصدر الألبوم على منصات البث الرقمي يوم 3 آذار/مارس، على أن تقدم الفرقة حفل إطلاق في مسرح المدينة القديم بمشاركة عازف الناي المخضرم حسن عبد الله.',
      'وتخصص «سَمَر» جزءاً من عائدات الألبوم لصندوق صغير يموّل تسجيل المزيد من الأغاني الشعبية قبل أن تندثر.',
    ],
    contributors: ['leila-mansour'],
    copyright: '© 2026 صحيفة. جميع الحقوق محفوظة.',
    image: 'concert-stage',
    publishedHoursAgo: 75,
  },
  {
    key: 'en-chess-prodigy',
    edition: 'en',
    section: 'sport',
    topics: ['education'],
    slug: 'fourteen-year-old-wins-city-open-chess-title',
    headline: 'Fourteen-year-old wins city open chess title on tie-break',
    standfirst:
      'Amira Osei finished level on points with two grandmasters and went unbeaten through nine rounds.',
    body: [
      'Fourteen-year-old Amira Osei won the City Open Chess Championship on Sunday, finishing level on points with two grandmasters before taking the title on tie-break.',
      'Osei, who learned the game at a lunchtime club at her primary school, scored seven points from nine rounds and did not lose a game in the week-long tournament.',
      'Her decisive final-round win came after a five-hour game in which she gave up a rook to create a passed pawn.',
      '“I was quite scared in the last hour,” she said. “I just tried to check every move twice.”',
      'The result earns her a place in next year’s national championship. Her club is now raising money to send her to an international junior tournament in the autumn.',
    ],
    contributors: ['james-whitfield'],
    publishedHoursAgo: 90,
  },
  {
    key: 'ar-kufic-app',
    edition: 'ar',
    section: 'technology',
    topics: ['ai', 'heritage', 'startups'],
    slug: 'تطبيق-لقراءة-النقوش-الكوفية-بالذكاء-الاصطناعي',
    headline: 'تطبيق ناشئ يستخدم الذكاء الاصطناعي لقراءة النقوش الكوفية القديمة',
    standfirst:
      'يقول مطورو تطبيق «خطّاط» إن نموذجهم تعرّف على 91 في المئة من الحروف في مجموعة اختبار تضم 5,000 نقش.',
    body: [
      'أطلقت شركة ناشئة تطبيقاً يحمل اسم «خطّاط» (Khattat) يتيح للباحثين والهواة تصوير النقوش الكوفية على الجدران والمخطوطات، والحصول على قراءة مقترحة للنص خلال ثوانٍ.',
      'ويعتمد التطبيق على نموذج تعلّم آلي درّبه الفريق على أكثر من 40 ألف صورة لنقوش موثقة من متاحف ومكتبات عامة، بعد الحصول على إذن باستخدامها.',
      'وقالت مديرة المنتج، ريم الخطيب، إن النموذج تعرّف على 91 في المئة من الحروف في مجموعة اختبار تضم 5,000 نقش، لكنه ما زال يواجه صعوبة مع الكتابات المزخرفة التي تتداخل فيها الحروف مع العناصر النباتية.',
      'ويعرض التطبيق درجة ثقة لكل كلمة، ويتيح للمستخدمين اقتراح تصحيحات يراجعها متخصصون في علم الخطوط قبل اعتمادها.',
      'ويتوفر «خطّاط» مجاناً للمؤسسات التعليمية، فيما تخطط الشركة لإطلاق نسخة مدفوعة للمتاحف تتضمن أدوات للفهرسة والنشر الرقمي.',
      'ويرى مختصون أن مثل هذه الأدوات لا تغني عن الخبرة البشرية، لكنها قد تسرّع توثيق آلاف النقوش غير المدروسة في المواقع الأثرية.',
    ],
    contributors: ['leila-mansour'],
    image: 'old-city-arches',
    publishedHoursAgo: 95,
  },
  {
    key: 'en-kufic-app',
    edition: 'en',
    section: 'technology',
    topics: ['ai', 'heritage', 'startups'],
    slug: 'start-up-uses-ai-to-read-kufic-inscriptions',
    headline: 'Start-up uses AI to read ancient Kufic inscriptions',
    standfirst:
      'The developers of the Khattat app say their model recognised 91 percent of letters in a test set of 5,000 inscriptions.',
    body: [
      'A start-up has launched an app called Khattat (خطّاط) that lets researchers and enthusiasts photograph Kufic inscriptions on walls and manuscripts and receive a suggested reading of the text within seconds.',
      'The app is built on a machine-learning model that the team trained on more than 40,000 images of documented inscriptions from museums and public libraries, after obtaining permission to use them.',
      'Product manager Reem Khatib said the model recognised 91 percent of letters in a test set of 5,000 inscriptions, but still struggles with ornamental scripts in which letters intertwine with floral motifs.',
      'The app shows a confidence score for each word and lets users suggest corrections, which are reviewed by specialists in Arabic palaeography before they are accepted.',
      'Khattat is free for schools and universities, and the company plans a paid version for museums with tools for cataloguing and digital publishing.',
      'Specialists say such tools are no substitute for human expertise, but could speed up the recording of thousands of unstudied inscriptions at archaeological sites.',
    ],
    contributors: ['leila-mansour'],
    image: 'old-city-arches',
    translationOf: 'ar-kufic-app',
    publishedHoursAgo: 90,
    updatedHoursAgo: 40,
  },
  // ── Earlier this week and last week ───────────────────────────────────────
  {
    key: 'ar-soil-antibiotic',
    edition: 'ar',
    section: 'science',
    topics: ['health'],
    slug: 'مركب-مضاد-للبكتيريا-من-تربة-واد-صخري',
    headline: 'باحثون يعزلون مركّباً مضاداً للبكتيريا من عيّنات تربة وادٍ صخري',
    standfirst:
      'أظهرت التجارب المخبرية الأولية فعالية المركّب ضد سلالتين مقاومتين للمضادات الحيوية، لكن الطريق إلى الدواء ما زال طويلاً.',
    body: [
      'أعلن فريق من مختبر الأحياء الدقيقة في جامعة الساحل أنه تمكن من عزل مركّب جديد مضاد للبكتيريا من نوع من الفطريات يعيش في تربة وادٍ صخري جاف.',
      'وأظهرت التجارب المخبرية الأولية أن المركّب، الذي أطلق عليه الباحثون مؤقتاً اسم WS-17، أوقف نمو سلالتين من البكتيريا المقاومة لعدد من المضادات الحيوية الشائعة.',
      'ووصفت رئيسة الفريق، الدكتورة ريما العلي، النتائج بأنها «واعدة لكنها مبكرة جداً»، موضحة أن المركّب لم يُختبر بعد على الحيوانات، وأن معظم المركّبات المكتشفة بهذه الطريقة لا تصل إلى مرحلة الدواء.',
      'وجمع الفريق أكثر من 600 عيّنة تربة خلال عامين من مواقع مختلفة، انطلاقاً من فرضية أن البيئات القاسية تدفع الكائنات الدقيقة إلى إنتاج مركّبات دفاعية غير مألوفة.',
      'وتسعى الجامعة إلى شراكة مع مختبرات دوائية لإجراء المرحلة التالية من الاختبارات، التي قد تستغرق ثلاث سنوات على الأقل.',
    ],
    contributors: ['rania-haddad'],
    image: 'lab-molecule',
    publishedHoursAgo: 110,
  },
  {
    key: 'en-soil-antibiotic',
    edition: 'en',
    section: 'science',
    topics: ['health'],
    slug: 'researchers-isolate-antibacterial-compound-from-valley-soil',
    headline: 'Researchers isolate an antibacterial compound from rocky valley soil',
    standfirst:
      'Early laboratory tests showed the compound worked against two drug-resistant strains, but it is a long way from becoming a medicine.',
    body: [
      'A team from the microbiology laboratory at Coast University says it has isolated a new antibacterial compound from a fungus that lives in the soil of a dry, rocky valley.',
      'Early laboratory tests showed that the compound, provisionally named WS-17, stopped the growth of two strains of bacteria that resist several common antibiotics.',
      'Team leader Dr Rima al-Ali described the results as “promising but very early”, explaining that the compound has not yet been tested in animals and that most compounds found this way never become medicines.',
      'The team collected more than 600 soil samples from different sites over two years, working on the idea that harsh environments push microorganisms to produce unusual defensive compounds.',
      'The university is seeking a partnership with pharmaceutical laboratories to carry out the next stage of testing, which could take at least three years.',
    ],
    contributors: ['rania-haddad'],
    image: 'lab-molecule',
    translationOf: 'ar-soil-antibiotic',
    publishedHoursAgo: 104,
  },
  {
    key: 'en-night-train',
    edition: 'en',
    section: 'world',
    topics: ['transport', 'tourism'],
    slug: 'night-train-service-to-link-five-european-capitals',
    headline: 'New night-train service to link five European capitals by 2027',
    standfirst:
      'Rail operator Nachtstern says sleeper carriages will connect Vienna, Prague, Berlin, Copenhagen and Stockholm through a network of overnight routes.',
    body: [
      'VIENNA (MNS) - A new rail operator, Nachtstern, plans to launch sleeper services connecting five European capitals by the end of 2027, the company said on Tuesday.',
      'The first route, between Vienna and Copenhagen via Prague and Berlin, is scheduled to start in March next year, with an extension to Stockholm following twelve months later.',
      'Chief executive Ingrid Sommer said the company had ordered 40 new carriages, each with private compartments, step-free access and space for bicycles.',
      'Demand for overnight rail has grown steadily as travellers look for alternatives to short-haul flights, although operators still face high track-access charges and a shortage of carriages.',
      'Tickets will go on sale six months before the first departure, with fares starting at 49 euros for a seat and 119 euros for a bed in a shared compartment.',
    ],
    contributors: [],
    agency: 'mns',
    image: 'metro-line',
    publishedHoursAgo: 140,
  },
  {
    key: 'ar-night-train',
    edition: 'ar',
    section: 'world',
    topics: ['transport', 'tourism'],
    slug: 'قطارات-ليلية-تربط-خمس-عواصم-اوروبية',
    headline: 'خدمة قطارات ليلية جديدة تربط خمس عواصم أوروبية بحلول 2027',
    standfirst:
      'تقول شركة Nachtstern إن عربات النوم ستربط فيينا وبراغ وبرلين وكوبنهاغن وستوكهولم عبر شبكة من الرحلات الليلية.',
    body: [
      'فيينا (خدمة ميريديان الإخبارية) - تعتزم شركة السكك الحديدية الجديدة Nachtstern إطلاق خدمات قطارات نوم تربط خمس عواصم أوروبية بحلول نهاية 2027، بحسب ما أعلنت الشركة يوم الثلاثاء.',
      'ومن المقرر أن ينطلق الخط الأول، بين فيينا وكوبنهاغن مروراً ببراغ وبرلين، في آذار/مارس من العام المقبل، على أن يُمدّد إلى ستوكهولم بعد ذلك باثني عشر شهراً.',
      'وقالت الرئيسة التنفيذية للشركة، إنغريد زومر، إن الشركة طلبت 40 عربة جديدة، تضم كل منها مقصورات خاصة ومداخل من دون درجات ومساحة للدراجات الهوائية.',
      'ويتزايد الطلب على القطارات الليلية باطراد مع بحث المسافرين عن بدائل للرحلات الجوية القصيرة، رغم أن المشغلين ما زالوا يواجهون رسوماً مرتفعة لاستخدام السكك ونقصاً في العربات.',
      'وستُطرح التذاكر للبيع قبل ستة أشهر من الرحلة الأولى، بأسعار تبدأ من 49 يورو للمقعد و119 يورو للسرير في مقصورة مشتركة.',
    ],
    contributors: [],
    agency: 'mns',
    image: 'metro-line',
    translationOf: 'en-night-train',
    publishedHoursAgo: 130,
  },
  {
    key: 'ar-plastic-fleet',
    edition: 'ar',
    section: 'world',
    topics: ['oceans', 'biodiversity'],
    slug: 'اسطول-تطوعي-يجمع-40-طنا-من-البلاستيك',
    headline: 'أسطول من القوارب التطوعية يجمع 40 طناً من البلاستيك في شمال الأطلسي',
    standfirst:
      'أمضى أسطول من 11 قارباً شراعياً خمسة أسابيع في عرض البحر، مستخدماً شباكاً عائمة تسمح بمرور الأسماك الصغيرة.',
    body: [
      'عاد أسطول مؤلف من 11 قارباً شراعياً يديره متطوعون إلى ميناء لشبونة بعد رحلة استمرت خمسة أسابيع، جمع خلالها نحو 40 طناً من النفايات البلاستيكية من سطح المحيط الأطلسي الشمالي.',
      'واستخدمت القوارب، التابعة لمبادرة Blue Drift غير الربحية، شباكاً عائمة مصممة بحيث تسمح للأسماك الصغيرة بالمرور، وتلتقط القطع التي يزيد حجمها على سنتيمترين.',
      'وقالت منسقة الرحلة، إيزابيل كوستا، إن معظم ما جُمع كان شباك صيد مهجورة وصناديق بلاستيكية، إضافة إلى آلاف الأغطية والعبوات الصغيرة.',
      'وسيُفرز البلاستيك في مصنع متخصص، على أن يعاد تدوير ما يصلح منه لصناعة ألواح تُستخدم في بناء مقاعد للحدائق العامة.',
      'ويقر القائمون على المبادرة بأن الكميات المجمّعة صغيرة مقارنة بما يدخل المحيطات سنوياً، لكنهم يرون أن البيانات التي جُمعت عن أماكن تركّز النفايات ستفيد الباحثين.',
    ],
    contributors: ['rania-haddad'],
    image: 'harbour-waves',
    publishedHoursAgo: 150,
  },
  {
    key: 'en-plastic-fleet',
    edition: 'en',
    section: 'world',
    topics: ['oceans', 'biodiversity'],
    slug: 'volunteer-fleet-collects-40-tonnes-of-plastic',
    headline: 'Volunteer sailing fleet collects 40 tonnes of plastic from the North Atlantic',
    standfirst: 'Eleven boats spent five weeks at sea using floating nets designed to let small fish escape.',
    body: [
      'A fleet of 11 volunteer-crewed sailing boats has returned to Lisbon after a five-week voyage during which it collected about 40 tonnes of plastic waste from the surface of the North Atlantic.',
      'The boats, run by the non-profit initiative Blue Drift, used floating nets designed to let small fish pass through while catching pieces larger than two centimetres.',
      'Voyage coordinator Isabel Costa said most of the haul was abandoned fishing nets and plastic crates, along with thousands of bottle caps and small containers.',
      'The plastic will be sorted at a specialist plant, and whatever can be recycled will be turned into boards for benches in public parks.',
      'The organisers acknowledge that the amount collected is small compared with what enters the oceans every year, but say the data gathered on where waste accumulates will be useful to researchers.',
    ],
    contributors: ['rania-haddad'],
    image: 'harbour-waves',
    translationOf: 'ar-plastic-fleet',
    publishedHoursAgo: 146,
  },
  {
    key: 'ar-book-fair',
    edition: 'ar',
    section: 'culture',
    topics: ['books', 'education'],
    slug: 'معرض-الكتاب-يختتم-دورته-السادسة-والعشرين',
    headline: 'معرض الكتاب يختتم دورته السادسة والعشرين باستقبال 310 آلاف زائر',
    standfirst:
      'تصدرت الروايات المترجمة قوائم المبيعات، وسجلت منصة الشراء الإلكتروني الجديدة نحو 9 آلاف طلب.',
    body: [
      'اختُتمت مساء الأحد الدورة السادسة والعشرون من معرض المدينة الدولي للكتاب، بعد أحد عشر يوماً استقبل خلالها 310 آلاف زائر، بزيادة 15 في المئة على الدورة السابقة، بحسب اللجنة المنظمة.',
      'وشاركت في المعرض 420 دار نشر من 22 بلداً، وخُصص جناح كامل لكتب الأطفال واليافعين شهد إقبالاً لافتاً من المدارس التي نظمت أكثر من 600 زيارة جماعية.',
      'وقالت مديرة المعرض، سوسن فرحات، إن الروايات المترجمة تصدرت المبيعات هذا العام، تلتها كتب الطبخ والسير الذاتية، فيما تراجعت مبيعات الكتب الأكاديمية.',
      'وأطلق المنظمون للمرة الأولى منصة إلكترونية تتيح شراء الكتب المعروضة وتوصيلها بعد انتهاء المعرض، وسجلت المنصة نحو 9 آلاف طلب خلال الأيام الثلاثة الأخيرة.',
      'ومنحت لجنة التحكيم جائزة أفضل كتاب أول لرواية «بيت على حافة الوادي» للكاتبة الشابة دانة الحسيني.',
    ],
    contributors: ['leila-mansour'],
    image: 'old-city-arches',
    publishedHoursAgo: 160,
  },
  {
    key: 'en-robotics-contest',
    edition: 'en',
    section: 'world',
    topics: ['education', 'ai'],
    slug: 'student-robotics-teams-compete-in-international-final',
    headline: 'Student robotics teams from 27 countries compete in international final',
    standfirst:
      'Five 15-year-olds from a small coastal town took first place with a robot that sorts recycling by material.',
    body: [
      'Sixty school teams from 27 countries gathered in Lisbon this week for the final of the Youth Robotics Challenge, an annual competition in which students design machines to solve an everyday problem.',
      'This year’s brief asked teams to build a robot that could help a small town reduce its waste. Entries ranged from compost-turning machines to a drone that maps litter on beaches.',
      'The winning team, five 15-year-olds from the coastal town of Porto Vale, built a conveyor robot that uses a low-cost camera and a simple light sensor to separate glass, metal and plastic.',
      '“We spent more time testing it with real rubbish than building it,” said team captain Marta Reis. “The hardest part was wet cardboard.”',
      'Judges praised the team’s documentation, which included a cost breakdown showing that the robot could be built for under 300 euros.',
      'Next year’s final will be held in Nairobi, organisers announced at the closing ceremony.',
    ],
    contributors: ['james-whitfield'],
    publishedHoursAgo: 180,
  },
  {
    key: 'ar-desal-solar',
    edition: 'ar',
    section: 'middle-east',
    topics: ['water', 'energy', 'infrastructure'],
    slug: 'محطة-تحلية-تعمل-بالطاقة-الشمسية',
    headline: 'محطة تحلية تعمل بالطاقة الشمسية تبدأ ضخ المياه لـ40 ألف نسمة',
    standfirst:
      'تنتج المحطة 12 ألف متر مكعب يومياً، ويمكنها مواصلة العمل أربع ساعات بعد غروب الشمس بفضل البطاريات.',
    body: [
      'بدأت محطة لتحلية مياه البحر تعمل بالكامل بالطاقة الشمسية ضخ المياه إلى شبكة الإمداد في مدينة رأس النخيل الساحلية الجنوبية، بطاقة إنتاجية تبلغ 12 ألف متر مكعب يومياً تكفي نحو 40 ألف نسمة.',
      'وتعتمد المحطة، التي نفذها تحالف تقوده شركة AquaSol، على حقل من الألواح الشمسية بقدرة 9 ميغاواط، إلى جانب بطاريات تسمح لها بالعمل أربع ساعات إضافية بعد غروب الشمس.',
      'وقال مدير المحطة، المهندس طارق جابر، إن كلفة إنتاج المتر المكعب تقل بنحو 30 في المئة عن المحطات التي تعمل بالوقود، مشيراً إلى أن المحلول الملحي الناتج يعاد إلى البحر عبر أنبوب طويل يحد من أثره على الحياة البحرية.',
      'وستُخصص المياه المحلاة للاستخدام المنزلي، على أن توجَّه مياه الآبار إلى الري، في خطوة يقول مسؤولو البلدية إنها ستخفف الضغط عن الخزان الجوفي الذي تراجع منسوبه بشكل ملحوظ خلال العقد الماضي.',
      'ويجري العمل على دراسة توسعة ثانية تضاعف الإنتاج بحلول 2028، في حال توفر التمويل اللازم.',
    ],
    contributors: ['karim-nassar'],
    image: 'harbour-waves',
    publishedHoursAgo: 220,
  },
  {
    key: 'en-desal-solar',
    edition: 'en',
    section: 'middle-east',
    topics: ['water', 'energy', 'infrastructure'],
    slug: 'solar-powered-desalination-plant-supplies-40000-people',
    headline: 'Solar-powered desalination plant starts supplying water to 40,000 people',
    standfirst:
      'The plant produces 12,000 cubic metres a day and can keep running for four hours after sunset on battery power.',
    body: [
      'A seawater desalination plant that runs entirely on solar power has started pumping water into the supply network of the southern coastal town of Ras al-Nakheel, producing 12,000 cubic metres a day, enough for around 40,000 people.',
      'The plant, built by a consortium led by AquaSol, draws on a 9-megawatt field of solar panels and on batteries that allow it to run for four more hours after sunset.',
      'Plant manager Tarek Jaber said each cubic metre costs about 30 percent less to produce than at fuel-powered plants, adding that the leftover brine is returned to the sea through a long outfall pipe that limits its impact on marine life.',
      'The desalinated water will be reserved for household use, while well water will go to irrigation, a step that municipal officials say will ease pressure on an aquifer whose level has fallen markedly over the past decade.',
      'A second expansion that would double output by 2028 is being studied, subject to funding.',
    ],
    contributors: ['karim-nassar'],
    image: 'harbour-waves',
    translationOf: 'ar-desal-solar',
    publishedHoursAgo: 215,
  },
  {
    key: 'en-bee-survey',
    edition: 'en',
    section: 'science',
    topics: ['biodiversity', 'agriculture'],
    slug: 'volunteers-record-1-2-million-pollinating-insects',
    headline: 'Volunteers record 1.2 million pollinating insects in record survey',
    standfirst:
      'More than 9,000 people logged insects in gardens, parks and farmland over a single weekend in June.',
    body: [
      'More than 9,000 volunteers took part in this year’s Great Pollinator Count, recording 1.2 million bees, hoverflies and butterflies in gardens, parks and farmland over a single weekend in June.',
      'The survey, run by the charity Field & Flower, asks participants to watch a patch of flowers for ten minutes and log every insect that lands on it, using a free app called BuzzLog.',
      'Organisers said bumblebee numbers were up 8 percent on last year, which they put down to a mild spring, while several species of solitary bee were recorded less often than in previous counts.',
      '“One good year doesn’t make a trend, but the data set is now large enough to spot real changes,” said the project’s lead ecologist, Dr Helen Marsh.',
      'The charity plans to share the anonymised records with university researchers studying how strips of wildflowers along the edges of farms affect insect populations.',
      'Next year’s count will take place over the weekend of 13 and 14 June.',
    ],
    contributors: ['nadia-okafor'],
    image: 'wheat-fields',
    publishedHoursAgo: 250,
  },
  {
    key: 'ar-bee-survey',
    edition: 'ar',
    section: 'science',
    topics: ['biodiversity', 'agriculture'],
    slug: 'متطوعون-يرصدون-اكثر-من-مليون-حشرة-ملقحة',
    headline: 'متطوعون يرصدون 1.2 مليون حشرة ملقّحة في مسح قياسي',
    standfirst:
      'شارك أكثر من 9 آلاف متطوع في رصد الحشرات في الحدائق والمتنزهات والأراضي الزراعية خلال عطلة نهاية أسبوع واحدة في حزيران/يونيو.',
    body: [
      'شارك أكثر من 9 آلاف متطوع في «الإحصاء الكبير للملقّحات» هذا العام، وسجلوا 1.2 مليون من النحل وذباب الأزهار والفراشات في الحدائق والمتنزهات والأراضي الزراعية خلال عطلة نهاية أسبوع واحدة في حزيران/يونيو.',
      'ويطلب المسح، الذي تنظمه جمعية Field & Flower الخيرية، من المشاركين مراقبة رقعة من الأزهار مدة عشر دقائق وتسجيل كل حشرة تحط عليها، عبر تطبيق مجاني يحمل اسم BuzzLog.',
      'وقال المنظمون إن أعداد النحل الطنان ارتفعت بنسبة 8 في المئة مقارنة بالعام الماضي، وعزوا ذلك إلى ربيع معتدل، في حين سُجلت أنواع عدة من النحل الانفرادي بوتيرة أقل من الإحصاءات السابقة.',
      'وقالت عالمة البيئة المسؤولة عن المشروع، الدكتورة هيلين مارش: «عام جيد واحد لا يصنع اتجاهاً، لكن حجم البيانات أصبح كافياً لرصد التغيرات الحقيقية».',
      'وتعتزم الجمعية مشاركة السجلات، بعد إخفاء هويات أصحابها، مع باحثين جامعيين يدرسون أثر الشرائط المزروعة بالأزهار البرية على أطراف المزارع في أعداد الحشرات.',
      'ويُجرى الإحصاء المقبل في عطلة نهاية الأسبوع الموافقة ليومي 13 و14 حزيران/يونيو.',
    ],
    contributors: ['nadia-okafor'],
    image: 'wheat-fields',
    translationOf: 'en-bee-survey',
    publishedHoursAgo: 240,
  },
  {
    key: 'ar-fibre-villages',
    edition: 'ar',
    section: 'technology',
    topics: ['infrastructure', 'education'],
    slug: 'الياف-بصرية-تصل-الى-200-قرية-جبلية',
    headline: 'شبكة ألياف ضوئية تصل إلى 200 قرية جبلية قبل نهاية العام',
    standfirst:
      'توفر الشبكة الجديدة سرعات تصل إلى 500 ميغابت في الثانية، أي نحو عشرة أضعاف ما تتيحه الخطوط النحاسية.',
    body: [
      'بيروت (وكالة أنباء المشرق) - أعلنت شركة «ضوء الجبل» للاتصالات أنها أنجزت مد كابلات الألياف الضوئية إلى 140 قرية جبلية، على أن يرتفع العدد إلى 200 قرية قبل نهاية العام.',
      'وقال مدير المشروع، وسام عبود، إن الشبكة توفر سرعات تصل إلى 500 ميغابت في الثانية، أي نحو عشرة أضعاف متوسط السرعة المتاحة حالياً عبر الخطوط النحاسية في تلك المناطق.',
      'ويُنفَّذ المشروع بتمويل مشترك بين الشركة واتحاد البلديات، ويعتمد في أجزاء منه على تمديد الكابلات عبر أعمدة الكهرباء القائمة لتجنب أعمال الحفر في الطرق الضيقة.',
      'وأكد عدد من أصحاب الورش ومديري المدارس في القرى المشمولة أن الخدمة الجديدة أتاحت لهم عقد اجتماعات الفيديو وتحميل الملفات الكبيرة من دون انقطاع.',
      'وتقدّر الشركة كلفة المرحلة الثانية بنحو 18 مليون دولار، وتقول إن الاشتراك الشهري الأساسي سيبقى عند 20 دولاراً خلال السنة الأولى.',
    ],
    contributors: [],
    agency: 'lpa',
    image: 'mountain-snow',
    publishedHoursAgo: 260,
  },
  // ── Archive: two to five weeks ago ────────────────────────────────────────
  {
    key: 'ar-cedar-drought-study',
    edition: 'ar',
    section: 'climate',
    topics: ['forests', 'agriculture'],
    slug: 'اشجار-الارز-الفتية-تتكيف-مع-الجفاف',
    headline: 'دراسة: أشجار الأرز الفتية تتكيف مع الجفاف أسرع مما كان متوقعاً',
    standfirst: 'تابع باحثون نمو 1,200 شتلة على ثلاثة ارتفاعات مختلفة طوال ثماني سنوات.',
    body: [
      'خلصت دراسة ميدانية استمرت ثماني سنوات إلى أن شتلات الأرز المزروعة على ارتفاعات متوسطة تطوّر جذوراً أعمق بنسبة 30 في المئة من تلك التي تُربّى في المشاتل التقليدية، ما يزيد قدرتها على تحمل مواسم الجفاف.',
      'وتابع فريق من معهد الجبال للبحوث البيئية نمو 1,200 شتلة في ثلاثة مواقع يتراوح ارتفاعها بين 1,300 و1,900 متر، وقاس رطوبة التربة ودرجات الحرارة كل ساعة عبر مجسات لاسلكية.',
      'وقالت الباحثة الرئيسية في الدراسة، الدكتورة منى سركيس، إن النتائج «تمنح أملاً حذراً»، لكنها شددت على أن الأشجار المعمّرة ما زالت عرضة للآفات التي تنشط مع ارتفاع درجات الحرارة.',
      'وتوصي الدراسة بزراعة الشتلات مباشرة في مواقعها النهائية في وقت مبكر من الخريف، بدلاً من نقلها بعد عامين في المشتل، وبترك مسافات أكبر بين الأشجار للحد من التنافس على المياه.',
      'ونُشرت الدراسة في مجلة علمية محكّمة متخصصة في بيئة الغابات، وتعتزم جمعيات أهلية اعتماد توصياتها في حملة تشجير تنطلق يوم 14 تشرين الثاني/نوفمبر.',
    ],
    contributors: ['rania-haddad'],
    image: 'mountain-snow',
    publishedHoursAgo: 310,
    updatedHoursAgo: 300,
  },
  {
    key: 'en-cedar-drought-study',
    edition: 'en',
    section: 'climate',
    topics: ['forests', 'agriculture'],
    slug: 'young-cedars-adapt-to-drought-faster-than-expected',
    headline: 'Young cedars adapt to drought faster than expected, study finds',
    standfirst: 'Researchers followed 1,200 seedlings at three different altitudes over eight years.',
    body: [
      'An eight-year field study has found that cedar seedlings planted at mid-altitude develop roots 30 percent deeper than those raised in conventional nurseries, making them better able to withstand dry seasons.',
      'A team from the Mountain Institute for Environmental Research followed 1,200 seedlings at three sites between 1,300 and 1,900 metres above sea level, measuring soil moisture and temperature every hour with wireless sensors.',
      'The study’s lead researcher, Dr Mona Sarkis, said the results offered “cautious hope”, but stressed that mature trees remain vulnerable to pests that thrive as temperatures rise.',
      'The study recommends planting seedlings directly at their final sites early in the autumn, rather than moving them after two years in a nursery, and leaving more space between trees to limit competition for water.',
      'The research was published in a peer-reviewed journal of forest ecology, and community groups plan to adopt its recommendations in a planting campaign starting on 14 November.',
    ],
    contributors: ['rania-haddad'],
    image: 'mountain-snow',
    translationOf: 'ar-cedar-drought-study',
    publishedHoursAgo: 290,
  },
  {
    key: 'en-library-late-nights',
    edition: 'en',
    section: 'culture',
    topics: ['books', 'education'],
    slug: 'city-libraries-to-stay-open-until-midnight-for-exams',
    headline: 'City libraries to stay open until midnight during exam season',
    standfirst:
      'Twelve libraries will offer late opening, free hot drinks and bookable study rooms for six weeks.',
    body: [
      'Twelve public libraries across the city will stay open until midnight for six weeks from next month, giving students a quiet place to revise during the exam period.',
      'The pilot follows a survey of 4,000 students, a third of whom said they had nowhere suitable to study at home in the evenings.',
      'Libraries taking part will offer free hot drinks after 8pm, extra power sockets and bookable rooms for group study, the city’s library service said.',
      '“Libraries have always been about more than books,” said Fiona Clarke, who manages the network. “This is about giving young people space and time.”',
      'Staff who volunteer for the late shifts will be paid overtime, and the service will publish visitor numbers at the end of the trial.',
    ],
    contributors: ['james-whitfield'],
    publishedHoursAgo: 330,
  },
  {
    key: 'ar-fishers-documentary',
    edition: 'ar',
    section: 'culture',
    topics: ['film', 'oceans'],
    slug: 'شبكة-الفجر-فيلم-عن-صيادي-الساحل-يتوج-في-مهرجان-المتوسط',
    headline: 'فيلم وثائقي عن صيادي الساحل يفوز بالجائزة الكبرى في مهرجان للأفلام القصيرة',
    standfirst:
      'يتابع فيلم «شبكة الفجر» ثلاثة أجيال من عائلة صيادين، ويرصد تغيّر أنواع الأسماك وكمياتها خلال ثلاثين عاماً.',
    body: [
      'فاز الفيلم الوثائقي «شبكة الفجر» للمخرج رامي صعب بالجائزة الكبرى في مهرجان المتوسط للأفلام القصيرة، متفوقاً على 48 فيلماً من 19 بلداً.',
      'ويتابع الفيلم، الذي تبلغ مدته 27 دقيقة، ثلاثة أجيال من عائلة صيادين تخرج إلى البحر قبل شروق الشمس، ويرصد التغيرات التي طرأت على أنواع الأسماك وكمياتها خلال ثلاثين عاماً.',
      'وقالت لجنة التحكيم في بيانها إن الفيلم «يروي قصة بيئية كبيرة من خلال تفاصيل يومية صغيرة»، وأشادت بتصويره الذي اعتمد على الضوء الطبيعي وحده.',
      'وأمضى صعب عامين في التصوير، مستخدماً كاميرا صغيرة مقاومة للماء ليتمكن من مرافقة الصيادين على قواربهم الخشبية.',
      'ويُعرض الفيلم في صالات السينما المستقلة خلال الشهر المقبل، كما سيتوفر مع ترجمة إنجليزية وفرنسية على منصة للأفلام الوثائقية.',
    ],
    contributors: ['leila-mansour'],
    image: 'harbour-waves',
    publishedHoursAgo: 380,
    updatedHoursAgo: 370,
  },
  {
    key: 'ar-mosaic-found',
    edition: 'ar',
    section: 'culture',
    topics: ['archaeology', 'heritage'],
    slug: 'اعمال-صيانة-تكشف-ارضية-فسيفساء-رومانية',
    headline: 'أعمال صيانة لشبكة الصرف الصحي تكشف أرضية فسيفساء رومانية',
    standfirst:
      'يقول علماء الآثار إن الأرضية المزينة بالأسماك والطيور البحرية تعود على الأرجح إلى القرن الثالث الميلادي.',
    body: [
      'بيروت (وكالة أنباء المشرق) - كشفت أعمال صيانة لشبكة الصرف الصحي في بلدة عين الصفا الساحلية عن أرضية فسيفساء يرجَّح أنها تعود إلى القرن الثالث الميلادي، بحسب فريق أثري استُدعي إلى الموقع.',
      'وتمتد الأرضية المكتشفة على مساحة تقارب 35 متراً مربعاً، وتضم زخارف هندسية ومشهداً لأسماك وطيور بحرية بألوان ما زالت زاهية رغم مرور قرون.',
      'وقال رئيس الفريق، الدكتور فادي نعمة، إن العمال أوقفوا الحفر فور ظهور الحجارة الملونة، ما ساعد على حماية معظم أجزاء اللوحة من التلف.',
      'وجرى تحويل مسار الأنابيب الجديدة بضعة أمتار لتجنب الموقع، فيما يعمل المختصون على توثيق الفسيفساء بالمسح ثلاثي الأبعاد قبل اتخاذ قرار بشأن عرضها في مكانها أو نقلها إلى متحف.',
      'وتعتزم البلدية تنظيم أيام زيارة محدودة للسكان وطلاب المدارس بعد انتهاء أعمال التوثيق، المتوقع أن تستغرق ستة أسابيع.',
    ],
    contributors: [],
    agency: 'lpa',
    image: 'old-city-arches',
    publishedHoursAgo: 420,
    updatedHoursAgo: 410,
  },
  {
    key: 'en-mosaic-found',
    edition: 'en',
    section: 'culture',
    topics: ['archaeology', 'heritage'],
    slug: 'sewer-repairs-uncover-roman-mosaic-floor',
    headline: 'Sewer repairs uncover a Roman mosaic floor',
    standfirst:
      'Archaeologists say the floor, decorated with fish and seabirds, probably dates from the third century AD.',
    body: [
      'BEIRUT (LPA) - Maintenance work on the sewer network in the coastal town of Ain al-Safa has uncovered a mosaic floor that probably dates from the third century AD, according to a team of archaeologists called to the site.',
      'The floor covers about 35 square metres and features geometric patterns and a scene of fish and seabirds in colours that remain vivid after many centuries.',
      'Team leader Dr Fadi Nehme said workers stopped digging as soon as the coloured stones appeared, which helped protect most of the panel from damage.',
      'The new pipes have been rerouted a few metres to avoid the site, while specialists record the mosaic with 3D scanning before a decision is made on whether to display it where it lies or move it to a museum.',
      'The municipality plans limited visiting days for residents and school pupils once the recording work, expected to take six weeks, is complete.',
    ],
    contributors: [],
    agency: 'lpa',
    image: 'old-city-arches',
    translationOf: 'ar-mosaic-found',
    publishedHoursAgo: 400,
  },
  {
    key: 'en-battery-recycling',
    edition: 'en',
    section: 'economy',
    topics: ['energy', 'trade'],
    slug: 'battery-recycling-plant-to-recover-lithium',
    headline: 'Battery recycling plant to recover lithium from 10,000 tonnes of cells a year',
    standfirst:
      'ReCell Levant says its water-based process uses less energy than traditional smelting and will create about 160 jobs.',
    body: [
      'BEIRUT (LPA) - A new plant designed to recover lithium, nickel and cobalt from used batteries will begin operating next spring, its developer ReCell Levant said on Wednesday.',
      'The facility, in an industrial zone north of the capital, will be able to process 10,000 tonnes of battery cells a year from electric scooters, laptops, phones and a growing number of home solar systems.',
      'The company uses a water-based chemical process that it says consumes less energy than traditional smelting. Recovered metals will be sold to manufacturers in Europe and Asia.',
      'Managing director Nadim Saleh said the plant would create about 160 jobs and help keep hazardous waste out of landfill.',
      'Environmental groups welcomed the project but called for a clear collection scheme so that households know where to drop off old batteries.',
    ],
    contributors: [],
    agency: 'lpa',
    image: 'market-chart',
    publishedHoursAgo: 470,
    updatedHoursAgo: 460,
  },
  {
    key: 'ar-cubesat-launch',
    edition: 'ar',
    section: 'technology',
    topics: ['space', 'education'],
    slug: 'قمر-صناعي-مكعب-صنعه-طلاب-يرسل-اولى-اشاراته',
    headline: 'قمر صناعي مكعّب صنعه طلاب يرسل أولى إشاراته من المدار',
    standfirst: 'لا يتجاوز وزن القمر «نجمة-1» 1.3 كيلوغرام، وسيبقى في مدار منخفض نحو عامين.',
    body: [
      'التقطت محطة أرضية في حرم كلية الهندسة أولى الإشارات من القمر الصناعي المكعّب «نجمة-1»، الذي صممه وبناه طلاب الكلية على مدى ثلاث سنوات، بعد ساعات من إطلاقه ضمن مهمة تجارية مشتركة.',
      'ولا يتجاوز وزن القمر 1.3 كيلوغرام، وهو من فئة CubeSat ذات الوحدة الواحدة، ويحمل كاميرا صغيرة ومجسات لقياس درجات الحرارة والإشعاع في مدار منخفض على ارتفاع نحو 520 كيلومتراً.',
      'وقال قائد الفريق الطلابي، أحمد الشامي، إن لحظة سماع الإشارة الأولى كانت «مكافأة لمئات الليالي في المختبر»، مشيراً إلى أن 35 طالباً وطالبة شاركوا في المشروع.',
      'ومن المتوقع أن يبقى القمر في مداره نحو عامين قبل أن يحترق في الغلاف الجوي، وستُتاح بياناته لطلاب المدارس عبر موقع إلكتروني تعليمي.',
      'وتأمل الكلية أن يمهد المشروع لإنشاء برنامج للدراسات العليا في هندسة الفضاء خلال السنوات المقبلة.',
    ],
    contributors: ['rania-haddad'],
    image: 'night-sky',
    publishedHoursAgo: 520,
  },
  {
    key: 'en-tidal-turbines',
    edition: 'en',
    section: 'climate',
    topics: ['energy', 'oceans'],
    slug: 'tidal-turbines-begin-supplying-power-to-3000-homes',
    headline: 'Tidal turbines begin supplying power to 3,000 coastal homes',
    standfirst:
      'Four underwater turbines will generate electricity for about 20 hours a day, following the rhythm of the tides.',
    body: [
      'FALMOUTH (MNS) - Four tidal turbines anchored to the seabed two kilometres off the coast have started feeding electricity into the local grid, enough to supply around 3,000 homes, developer TideWorks said on Monday.',
      'Each turbine has two rotors 18 metres in diameter and sits about 30 metres below the surface, where strong currents flow in both directions as the tide rises and falls.',
      'Unlike wind and solar power, tidal generation can be forecast years in advance, said project director Owen Pascoe, which makes it easier for grid operators to plan.',
      'The 12-million-pound pilot will run for three years, during which marine biologists will monitor fish and seals around the turbines using underwater cameras and acoustic sensors.',
      'If the results are positive, the company hopes to install a further 20 turbines at the site before the end of the decade.',
    ],
    contributors: [],
    agency: 'mns',
    image: 'harbour-waves',
    publishedHoursAgo: 560,
  },
  {
    key: 'ar-tidal-turbines',
    edition: 'ar',
    section: 'climate',
    topics: ['energy', 'oceans'],
    slug: 'توربينات-المد-والجزر-تزود-3-الاف-منزل-بالكهرباء',
    headline: 'توربينات المد والجزر تبدأ تزويد 3 آلاف منزل ساحلي بالكهرباء',
    standfirst: 'ستولد أربعة توربينات مثبتة تحت الماء الكهرباء نحو 20 ساعة يومياً، تبعاً لإيقاع المد والجزر.',
    body: [
      'فالماوث (خدمة ميريديان الإخبارية) - بدأت أربعة توربينات تعمل بطاقة المد والجزر، مثبتة في قاع البحر على بعد كيلومترين من الساحل، ضخ الكهرباء في الشبكة المحلية بما يكفي لتزويد نحو 3 آلاف منزل، بحسب ما أعلنت الشركة المطورة TideWorks يوم الإثنين.',
      'ويضم كل توربين دوّارين يبلغ قطر كل منهما 18 متراً، ويستقر على عمق نحو 30 متراً تحت سطح الماء، حيث تتدفق تيارات قوية في الاتجاهين مع ارتفاع المد وانحساره.',
      'وقال مدير المشروع، أوين باسكو، إن توليد الكهرباء من المد والجزر، بخلاف طاقة الرياح والطاقة الشمسية، يمكن التنبؤ به قبل سنوات، ما يسهّل على مشغلي الشبكات التخطيط.',
      'ويستمر المشروع التجريبي، البالغة كلفته 12 مليون جنيه إسترليني، ثلاث سنوات، يراقب خلالها علماء الأحياء البحرية حركة الأسماك والفقمات حول التوربينات باستخدام كاميرات تحت الماء ومجسات صوتية.',
      'وفي حال جاءت النتائج إيجابية، تأمل الشركة تركيب 20 توربيناً إضافياً في الموقع قبل نهاية العقد.',
    ],
    contributors: [],
    agency: 'mns',
    image: 'harbour-waves',
    translationOf: 'en-tidal-turbines',
    publishedHoursAgo: 548,
  },
  {
    key: 'ar-coast-marathon',
    edition: 'ar',
    section: 'sport',
    topics: ['athletics', 'health'],
    slug: 'اكثر-من-12-الف-مشارك-في-ماراثون-الساحل',
    headline: 'أكثر من 12 ألف مشارك في ماراثون الساحل ومازن عيد يحقق رقماً جديداً للسباق',
    standfirst: 'شهدت النسخة العاشرة من السباق أكبر مشاركة منذ انطلاقه، بعدائين وعداءات من 38 جنسية.',
    body: [
      'جبيل (خدمة ميريديان الإخبارية) - شارك أكثر من 12 ألف عدّاء وعدّاءة من 38 جنسية في النسخة العاشرة من ماراثون الساحل صباح الأحد، في أكبر مشاركة منذ انطلاق السباق.',
      'وفاز العدّاء مازن عيد بسباق الماراثون الكامل (42.195 كيلومتراً) بزمن 2:14:05 ساعة، محطماً الرقم السابق للسباق بفارق 48 ثانية، فيما فازت ليندا شديد بلقب السيدات بزمن 2:36:40 ساعة.',
      'وتضمن البرنامج سباقاً لمسافة 10 كيلومترات وآخر للعائلات بطول 5 كيلومترات، إلى جانب سباق للكراسي المتحركة شارك فيه 60 رياضياً.',
      'وقال المنظمون إن جزءاً من رسوم التسجيل سيذهب إلى جمعيات تعنى بتجهيز الملاعب المدرسية في المناطق الريفية.',
      'وأغلقت الطرق الساحلية أمام السيارات بين السادسة صباحاً والواحدة ظهراً، وانتشر أكثر من 400 متطوع على نقاط توزيع المياه والإسعافات الأولية.',
    ],
    contributors: [],
    agency: 'mns',
    image: 'stadium-lights',
    publishedHoursAgo: 580,
  },
  {
    key: 'ar-green-belt',
    edition: 'ar',
    section: 'climate',
    topics: ['forests', 'biodiversity'],
    slug: 'متطوعون-يزرعون-60-الف-شجرة-في-الحزام-الاخضر',
    headline: 'متطوعون يزرعون 60 ألف شجرة في أولى مراحل مشروع «الحزام الأخضر»',
    standfirst:
      'يهدف المشروع إلى زراعة مليون شجرة من الأنواع المحلية خلال عشر سنوات على أطراف المدن الداخلية.',
    body: [
      'زرع أكثر من ثلاثة آلاف متطوع 60 ألف شتلة من السنديان والخروب والصنوبر على أطراف المدن الداخلية، في المرحلة الأولى من مشروع «الحزام الأخضر» الذي يهدف إلى زراعة مليون شجرة خلال عشر سنوات.',
      'واختار القائمون على المشروع أنواعاً محلية تحتاج إلى كميات قليلة من المياه، وزودوا كل شتلة بكيس صغير من مادة تحتفظ بالرطوبة لتقليل الحاجة إلى الري في الصيف الأول.',
      'وقالت منسقة المشروع، جنى الأيوبي، إن نسبة بقاء الشتلات في المرحلة التجريبية العام الماضي بلغت 82 في المئة، وهي نسبة مرتفعة مقارنة بحملات تشجير سابقة.',
      'ويأمل المنظمون أن يحد الحزام الأخضر من انجراف التربة ويخفض درجات الحرارة في الأحياء المجاورة خلال الصيف، إضافة إلى توفير مساحات للتنزه.',
      'وتُنشر مواقع الزراعة وخرائط الشتلات على موقع إلكتروني مفتوح، بحيث يستطيع كل متطوع متابعة الشجرة التي زرعها.',
    ],
    contributors: ['rania-haddad'],
    image: 'wheat-fields',
    publishedHoursAgo: 600,
  },
  {
    key: 'en-smart-irrigation',
    edition: 'en',
    section: 'technology',
    topics: ['agriculture', 'water', 'ai'],
    slug: 'soil-sensors-cut-irrigation-water-use-by-a-quarter',
    headline: 'Soil sensors cut irrigation water use by a quarter in farm trial',
    standfirst:
      'A two-year trial on 40 farms found that cheap moisture sensors and a phone app saved water without lowering yields.',
    body: [
      'A two-year trial on 40 farms has found that low-cost soil moisture sensors linked to a simple phone app can reduce irrigation water use by around 25 percent without lowering yields.',
      'The sensors, developed by agritech company FieldPulse, are pushed into the ground at two depths and send readings every 30 minutes over a long-range radio network that works without mobile coverage.',
      'Farmers receive a daily message telling them whether to water, and for how long. Most participants grew tomatoes, cucumbers and citrus fruit.',
      '“The biggest change was confidence,” said Hassan Idrissi, who farms six hectares. “Before, I watered when I was worried. Now I water when the soil needs it.”',
      'The trial was funded by a regional water-efficiency programme, which now plans to offer subsidised sensor kits to 1,000 smallholders next year.',
    ],
    contributors: ['nadia-okafor'],
    image: 'wheat-fields',
    publishedHoursAgo: 640,
  },
  {
    key: 'ar-olive-oil-exports',
    edition: 'ar',
    section: 'economy',
    topics: ['agriculture', 'trade'],
    slug: 'ارتفاع-صادرات-زيت-الزيتون-مع-تحسن-الموسم',
    headline: 'صادرات زيت الزيتون ترتفع 12 في المئة مع تحسن الموسم',
    standfirst:
      'عزا اتحاد المزارعين الزيادة إلى أمطار الربيع وتراجع الآفات وفتح أسواق جديدة في كندا وأستراليا.',
    body: [
      'بيروت (وكالة أنباء المشرق) - ارتفعت صادرات زيت الزيتون بنسبة 12 في المئة خلال الأشهر التسعة الأولى من العام مقارنة بالفترة نفسها من العام الماضي، بحسب بيانات نشرها اتحاد المزارعين التعاونيين.',
      'وعزا الاتحاد هذه الزيادة إلى تحسن الأمطار في الربيع وانخفاض الإصابات بذبابة الزيتون، إضافة إلى فتح أسواق جديدة في كندا وأستراليا.',
      'وقال رئيس الاتحاد، جورج معلوف، إن متوسط سعر الليتر المصدّر بلغ 6.8 دولارات، وهو مستوى يتيح للمزارعين الصغار تغطية كلفة القطاف والعصر.',
      'غير أن المنتجين يشكون من ارتفاع أسعار العبوات الزجاجية وكلفة الشحن، ويطالبون بإنشاء مختبر وطني معتمد لتحليل الجودة بدلاً من إرسال العينات إلى الخارج.',
      'ويُتوقع أن يبدأ موسم القطاف الجديد في منتصف تشرين الأول/أكتوبر، مع تقديرات أولية تشير إلى إنتاج يقارب 25 ألف طن.',
    ],
    contributors: [],
    agency: 'lpa',
    image: 'market-chart',
    publishedHoursAgo: 680,
  },
  {
    key: 'ar-winter-tourism',
    edition: 'ar',
    section: 'economy',
    topics: ['tourism', 'weather'],
    slug: 'الثلوج-المبكرة-تنعش-فنادق-المنتجعات-الجبلية',
    headline: 'الثلوج المبكرة تنعش فنادق المنتجعات الجبلية ونسبة الإشغال تتجاوز 85%',
    standfirst: 'افتُتحت منحدرات التزلج قبل موعدها المعتاد بأسبوعين بعدما تجاوزت سماكة الثلوج 70 سنتيمتراً.',
    body: [
      'رفعت الثلوج المبكرة نسبة الإشغال في فنادق المنتجعات الجبلية إلى أكثر من 85 في المئة خلال عطلة نهاية الأسبوع، وفق تقديرات نقابة أصحاب الفنادق.',
      'وافتُتحت منحدرات التزلج قبل موعدها المعتاد بأسبوعين، بعدما تراكمت الثلوج بسماكة تجاوزت 70 سنتيمتراً على المرتفعات العالية.',
      'وقال صاحب أحد الفنادق، نبيل حرب، إن الحجوزات لعطلة رأس السنة اكتملت تقريباً، وإن نسبة كبيرة من الزوار هذا الموسم عائلات قادمة من المدن الساحلية.',
      'في المقابل، دعا الدفاع المدني السائقين إلى تجهيز سياراتهم بالسلاسل المعدنية، والاستعلام عن حالة الطرق قبل الانطلاق.',
      'ويقول اقتصاديون إن موسم الشتاء يوفر آلاف فرص العمل المؤقتة في القرى الجبلية، من تأجير المعدات إلى المطاعم الصغيرة ومدارس التزلج.',
    ],
    contributors: ['karim-nassar'],
    image: 'mountain-snow',
    publishedHoursAgo: 700,
  },
  {
    key: 'en-sail-cargo-ship',
    edition: 'en',
    section: 'economy',
    topics: ['trade', 'transport', 'energy'],
    slug: 'cargo-ship-with-rigid-sails-completes-first-crossing',
    headline: 'Cargo ship fitted with rigid sails completes its first Mediterranean crossing',
    standfirst:
      'The bulk carrier used about 20 percent less fuel than a sister ship on the same route, its operator said.',
    body: [
      'A bulk carrier fitted with two 35-metre rigid sails has completed its first crossing of the Mediterranean, using around 20 percent less fuel than a sister ship on the same route, its operator said.',
      'The sails, made of composite panels that turn automatically to catch the wind, were installed on the MV Levant Breeze during a six-week refit. Sensors on the masts adjust their angle every few seconds.',
      'Shipping company Seaway Lines said the vessel carried 28,000 tonnes of grain between ports in Spain and Egypt.',
      'Wind-assisted propulsion has attracted growing interest as shipping companies look for ways to cut fuel costs and emissions, although the equipment adds weight and can get in the way of cranes in some ports.',
      'The company expects to decide by the end of the year whether to fit sails to four more ships in its fleet.',
    ],
    contributors: ['james-whitfield'],
    image: 'harbour-waves',
    publishedHoursAgo: 760,
  },
  {
    key: 'ar-flamingo-return',
    edition: 'ar',
    section: 'world',
    topics: ['biodiversity', 'water'],
    slug: 'طيور-الفلامنغو-تعود-الى-بحيرة-في-الانديز',
    headline: 'طيور الفلامنغو تعود إلى بحيرة في جبال الأنديز بعد غياب عشر سنوات',
    standfirst: 'أحصى حراس محمية طبيعية أكثر من 2,300 طائر بعد موسمين متتاليين من الأمطار الغزيرة.',
    body: [
      'عادت أسراب من طيور الفلامنغو إلى بحيرة مالحة مرتفعة في جبال الأنديز بعد غياب دام نحو عشر سنوات، بحسب إحصاء أجراه حراس محمية طبيعية محلية.',
      'وأحصى الحراس أكثر من 2,300 طائر خلال الشهر الماضي، بعدما كانت أعدادها لا تتجاوز بضع عشرات في السنوات التي شهدت انخفاضاً حاداً في منسوب البحيرة.',
      'ويعزو الباحثون عودة الطيور إلى موسمين متتاليين من الأمطار الغزيرة، إضافة إلى قرار بتقليص سحب المياه من الينابيع التي تغذي البحيرة.',
      'وقالت عالمة الأحياء كارمن رويث، التي تتابع المنطقة منذ 15 عاماً، إن رصد أعشاش جديدة على أطراف البحيرة «مؤشر مشجع على أن الطيور تنوي البقاء».',
      'وأغلقت إدارة المحمية بعض المسارات أمام الزوار خلال موسم التعشيش، وأقامت منصات مراقبة على مسافة آمنة لتجنب إزعاج الطيور.',
    ],
    contributors: ['rania-haddad'],
    image: 'mountain-snow',
    publishedHoursAgo: 820,
  },
  {
    key: 'en-hiking-trail',
    edition: 'en',
    section: 'middle-east',
    topics: ['tourism', 'heritage'],
    slug: 'hiking-trail-adds-12-village-guesthouses',
    headline: 'Long-distance hiking trail adds 12 village guesthouses along its route',
    standfirst: 'Walkers can now complete all 470 kilometres of the mountain trail without camping.',
    body: [
      'A 470-kilometre hiking trail that crosses mountain villages from north to south has added 12 family-run guesthouses to its network, making it possible to walk the full route without camping.',
      'The trail, maintained by a non-profit association and a network of volunteer guides, is divided into 27 stages of between 12 and 22 kilometres.',
      'Most of the new guesthouses are in restored stone houses, and hosts serve meals made with produce from their own gardens. Rooms cost between 30 and 60 dollars a night, including breakfast.',
      '“Walkers stay for one night, but they talk about it for years,” said Mariam Aoun, who opened three rooms in her grandparents’ house in the spring.',
      'The association says the number of walkers has doubled in three years. It is now adding new waymarks in Arabic and English and publishing free GPS tracks for each stage.',
    ],
    contributors: ['james-whitfield'],
    image: 'mountain-snow',
    publishedHoursAgo: 880,
  },
];
