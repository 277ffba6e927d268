"""Word lists for the corpus generator: countries, cities, names, roles, bodies, outlets, topics, phrases.

Plain data, no logic. Names are transliterated pairs (English, Arabic); the Arabic is what the
generated article texts use, so every evidence quote is real Arabic text from the article.
"""

from __future__ import annotations

#: ISO 3166-1 alpha-2 code, short Arabic name, naming culture, weight (how often news mentions it).
COUNTRIES: tuple[tuple[str, str, str, int], ...] = (
    ("RU", "روسيا", "russian", 10), ("IR", "إيران", "persian", 10), ("SY", "سوريا", "arab", 8),
    ("US", "الولايات المتحدة", "western", 7), ("TR", "تركيا", "turkic", 6), ("IQ", "العراق", "arab", 6),
    ("SA", "السعودية", "arab", 5), ("CN", "الصين", "asian", 5), ("EG", "مصر", "arab", 4),
    ("AE", "الإمارات", "arab", 3), ("QA", "قطر", "arab", 3), ("LB", "لبنان", "arab", 3),
    ("GB", "بريطانيا", "western", 3), ("FR", "فرنسا", "western", 3), ("DE", "ألمانيا", "western", 3),
    ("JO", "الأردن", "arab", 2), ("IN", "الهند", "asian", 2), ("PK", "باكستان", "asian", 2),
    ("AF", "أفغانستان", "persian", 2), ("AZ", "أذربيجان", "turkic", 2), ("KZ", "كازاخستان", "turkic", 2),
    ("OM", "عمان", "arab", 2), ("YE", "اليمن", "arab", 2), ("DZ", "الجزائر", "arab", 2),
    ("UA", "أوكرانيا", "russian", 2), ("PS", "فلسطين", "arab", 2), ("AM", "أرمينيا", "russian", 1),
    ("UZ", "أوزبكستان", "turkic", 1), ("TM", "تركمانستان", "turkic", 1), ("KW", "الكويت", "arab", 1),
    ("BH", "البحرين", "arab", 1), ("LY", "ليبيا", "arab", 1), ("TN", "تونس", "arab", 1),
    ("MA", "المغرب", "arab", 1), ("SD", "السودان", "arab", 1), ("IT", "إيطاليا", "western", 1),
    ("ES", "إسبانيا", "western", 1), ("JP", "اليابان", "asian", 1), ("KR", "كوريا الجنوبية", "asian", 1),
    ("BR", "البرازيل", "western", 1), ("VE", "فنزويلا", "western", 1), ("CU", "كوبا", "western", 1),
    ("BY", "بيلاروسيا", "russian", 1), ("GE", "جورجيا", "russian", 1), ("RS", "صربيا", "russian", 1),
    ("VN", "فيتنام", "asian", 1), ("ID", "إندونيسيا", "asian", 1), ("MY", "ماليزيا", "asian", 1),
    ("TJ", "طاجيكستان", "persian", 1), ("CH", "سويسرا", "western", 1),
)

#: City key, English name, Arabic name, country code.
CITIES: tuple[tuple[str, str, str, str], ...] = (
    ("moscow", "Moscow", "موسكو", "RU"), ("sochi", "Sochi", "سوتشي", "RU"),
    ("st-petersburg", "Saint Petersburg", "سانت بطرسبرغ", "RU"), ("kazan", "Kazan", "قازان", "RU"),
    ("tehran", "Tehran", "طهران", "IR"), ("isfahan", "Isfahan", "أصفهان", "IR"), ("mashhad", "Mashhad", "مشهد", "IR"),
    ("tabriz", "Tabriz", "تبريز", "IR"), ("damascus", "Damascus", "دمشق", "SY"), ("aleppo", "Aleppo", "حلب", "SY"),
    ("latakia", "Latakia", "اللاذقية", "SY"), ("washington", "Washington", "واشنطن", "US"),
    ("new-york", "New York", "نيويورك", "US"), ("ankara", "Ankara", "أنقرة", "TR"),
    ("istanbul", "Istanbul", "إسطنبول", "TR"), ("baghdad", "Baghdad", "بغداد", "IQ"),
    ("basra", "Basra", "البصرة", "IQ"),
    ("erbil", "Erbil", "أربيل", "IQ"), ("najaf", "Najaf", "النجف", "IQ"), ("riyadh", "Riyadh", "الرياض", "SA"),
    ("jeddah", "Jeddah", "جدة", "SA"), ("beijing", "Beijing", "بكين", "CN"), ("shanghai", "Shanghai", "شنغهاي", "CN"),
    ("cairo", "Cairo", "القاهرة", "EG"), ("sharm-el-sheikh", "Sharm El Sheikh", "شرم الشيخ", "EG"),
    ("abu-dhabi", "Abu Dhabi", "أبوظبي", "AE"), ("dubai", "Dubai", "دبي", "AE"), ("doha", "Doha", "الدوحة", "QA"),
    ("beirut", "Beirut", "بيروت", "LB"), ("london", "London", "لندن", "GB"), ("paris", "Paris", "باريس", "FR"),
    ("berlin", "Berlin", "برلين", "DE"), ("munich", "Munich", "ميونيخ", "DE"), ("amman", "Amman", "عمّان", "JO"),
    ("new-delhi", "New Delhi", "نيودلهي", "IN"), ("islamabad", "Islamabad", "إسلام آباد", "PK"),
    ("kabul", "Kabul", "كابل", "AF"), ("baku", "Baku", "باكو", "AZ"), ("astana", "Astana", "أستانا", "KZ"),
    ("almaty", "Almaty", "ألماتي", "KZ"), ("muscat", "Muscat", "مسقط", "OM"), ("sanaa", "Sanaa", "صنعاء", "YE"),
    ("aden", "Aden", "عدن", "YE"), ("algiers", "Algiers", "الجزائر العاصمة", "DZ"), ("kyiv", "Kyiv", "كييف", "UA"),
    ("ramallah", "Ramallah", "رام الله", "PS"), ("gaza", "Gaza", "غزة", "PS"), ("yerevan", "Yerevan", "يريفان", "AM"),
    ("tashkent", "Tashkent", "طشقند", "UZ"), ("ashgabat", "Ashgabat", "عشق آباد", "TM"),
    ("kuwait-city", "Kuwait City", "مدينة الكويت", "KW"), ("manama", "Manama", "المنامة", "BH"),
    ("tripoli", "Tripoli", "طرابلس", "LY"), ("tunis", "Tunis", "تونس العاصمة", "TN"),
    ("rabat", "Rabat", "الرباط", "MA"),
    ("khartoum", "Khartoum", "الخرطوم", "SD"), ("rome", "Rome", "روما", "IT"), ("madrid", "Madrid", "مدريد", "ES"),
    ("tokyo", "Tokyo", "طوكيو", "JP"), ("seoul", "Seoul", "سيول", "KR"), ("brasilia", "Brasilia", "برازيليا", "BR"),
    ("caracas", "Caracas", "كاراكاس", "VE"), ("havana", "Havana", "هافانا", "CU"), ("minsk", "Minsk", "مينسك", "BY"),
    ("tbilisi", "Tbilisi", "تبليسي", "GE"), ("belgrade", "Belgrade", "بلغراد", "RS"), ("hanoi", "Hanoi", "هانوي", "VN"),
    ("jakarta", "Jakarta", "جاكرتا", "ID"), ("kuala-lumpur", "Kuala Lumpur", "كوالالمبور", "MY"),
    ("dushanbe", "Dushanbe", "دوشنبه", "TJ"), ("geneva", "Geneva", "جنيف", "CH"),
    ("lausanne", "Lausanne", "لوزان", "CH"),
)

#: First names and family names per naming culture: (English, Arabic).
FIRST: dict[str, tuple[tuple[str, str], ...]] = {
    "persian": (("Ali", "علي"), ("Mohammad", "محمد"), ("Hassan", "حسن"), ("Hossein", "حسين"), ("Mahmoud", "محمود"),
                ("Javad", "جواد"), ("Mehdi", "مهدي"), ("Abbas", "عباس"), ("Reza", "رضا"), ("Hamid", "حميد"),
                ("Saeed", "سعيد"), ("Majid", "مجيد"), ("Ebrahim", "إبراهيم"), ("Kazem", "كاظم"), ("Masoud", "مسعود"),
                ("Amir", "أمير"), ("Mohsen", "محسن"), ("Nasser", "ناصر")),
    "russian": (("Vladimir", "فلاديمير"), ("Sergey", "سيرغي"), ("Dmitry", "دميتري"), ("Nikolai", "نيكولاي"),
                ("Alexander", "ألكسندر"), ("Igor", "إيغور"), ("Yuri", "يوري"), ("Mikhail", "ميخائيل"),
                ("Alexei", "أليكسي"), ("Andrei", "أندريه"), ("Viktor", "فيكتور"), ("Anatoly", "أناتولي"),
                ("Oleg", "أوليغ"), ("Pavel", "بافيل"), ("Konstantin", "كونستانتين"), ("Leonid", "ليونيد")),
    "turkic": (("Recep", "رجب"), ("Mevlut", "مولود"), ("Hakan", "هاكان"), ("Ibrahim", "إبراهيم"), ("Hulusi", "خلوصي"),
               ("Ahmet", "أحمد"), ("Binali", "بن علي"), ("Suleyman", "سليمان"), ("Ilham", "إلهام"),
               ("Jeyhun", "جيحون"), ("Kemal", "كمال"), ("Omer", "عمر"), ("Fuat", "فؤاد"), ("Nursultan", "نور سلطان")),
    "arab": (("Bashar", "بشار"), ("Walid", "وليد"), ("Faisal", "فيصل"), ("Adel", "عادل"), ("Khalid", "خالد"),
             ("Salman", "سلمان"), ("Tamim", "تميم"), ("Abdullah", "عبدالله"), ("Mohammed", "محمد"), ("Ayman", "أيمن"),
             ("Sameh", "سامح"), ("Nabih", "نبيه"), ("Fuad", "فؤاد"), ("Hamad", "حمد"), ("Saud", "سعود"),
             ("Mustafa", "مصطفى"), ("Haidar", "حيدر"), ("Nouri", "نوري"), ("Yousef", "يوسف"), ("Omar", "عمر")),
    "western": (("John", "جون"), ("William", "وليام"), ("Emmanuel", "إيمانويل"), ("Angela", "أنجيلا"),
                ("Antony", "أنتوني"), ("Mike", "مايك"), ("Jake", "جيك"), ("Olaf", "أولاف"), ("Boris", "بوريس"),
                ("Catherine", "كاثرين"), ("Josep", "جوزيب"), ("Jean", "جان"), ("Heiko", "هايكو"),
                ("Federica", "فيديريكا"), ("Luigi", "لويجي"), ("Pedro", "بيدرو"), ("David", "ديفيد")),
    "asian": (("Wang", "وانغ"), ("Li", "لي"), ("Zhao", "جاو"), ("Narendra", "ناريندرا"), ("Shehbaz", "شهباز"),
              ("Imran", "عمران"), ("Fumio", "فوميو"), ("Joko", "جوكو"), ("Anwar", "أنور"), ("Qin", "تشين"),
              ("Shah", "شاه"), ("Subrahmanyam", "سوبرامانيام"), ("Yoshimasa", "يوشيماسا"), ("Retno", "ريتنو")),
}
FAMILY: dict[str, tuple[tuple[str, str], ...]] = {
    "persian": (("Larijani", "لاريجاني"), ("Shamkhani", "شمخاني"), ("Zarif", "ظريف"), ("Rouhani", "روحاني"),
                ("Velayati", "ولايتي"), ("Araghchi", "عراقجي"), ("Salehi", "صالحي"), ("Zanganeh", "زنغنه"),
                ("Jahangiri", "جهانغيري"), ("Qalibaf", "قاليباف"), ("Raisi", "رئيسي"), ("Kharrazi", "خرازي"),
                ("Mottaki", "متكي"), ("Bagheri", "باقري"), ("Sanaei", "سنايي"), ("Jalili", "جليلي"),
                ("Ghasemi", "قاسمي"), ("Kanani", "كنعاني"), ("Pezeshkian", "بزشكيان"), ("Ahmadian", "أحمديان")),
    "russian": (("Lavrov", "لافروف"), ("Shoigu", "شويغو"), ("Novak", "نوفاك"), ("Peskov", "بيسكوف"),
                ("Bogdanov", "بوغدانوف"), ("Patrushev", "باتروشيف"), ("Ryabkov", "ريابكوف"), ("Volodin", "فولودين"),
                ("Medvedev", "ميدفيديف"), ("Mishustin", "ميشوستين"), ("Ushakov", "أوشاكوف"),
                ("Lavrentiev", "لافرنتييف"), ("Dedov", "ديدوف"), ("Kosachev", "كوساتشوف"), ("Slutsky", "سلوتسكي"),
                ("Gerasimov", "غيراسيموف"), ("Belousov", "بيلوسوف"), ("Ivanov", "إيفانوف"), ("Sokolov", "سوكولوف")),
    "turkic": (("Erdogan", "أردوغان"), ("Cavusoglu", "جاويش أوغلو"), ("Fidan", "فيدان"), ("Kalin", "كالين"),
               ("Akar", "أكار"), ("Davutoglu", "داود أوغلو"), ("Yildirim", "يلدريم"), ("Soylu", "صويلو"),
               ("Aliyev", "علييف"), ("Bayramov", "بيراموف"), ("Kurtulmus", "قورتولموش"), ("Bozdag", "بوزداغ"),
               ("Celik", "جليك"), ("Sentop", "شنطوب"), ("Tokayev", "توكاييف"), ("Mirziyoyev", "ميرضيائيف")),
    "arab": (("Al-Assad", "الأسد"), ("Al-Muallem", "المعلم"), ("Mekdad", "المقداد"), ("Al-Jubeir", "الجبير"),
             ("Al-Thani", "آل ثاني"), ("Shoukry", "شكري"), ("Safadi", "الصفدي"), ("Berri", "بري"),
             ("Mikati", "ميقاتي"), ("Al-Sabah", "الصباح"), ("Al-Kadhimi", "الكاظمي"), ("Al-Maliki", "المالكي"),
             ("Al-Abadi", "العبادي"), ("Hussein", "حسين"), ("Al-Sudani", "السوداني"), ("Bin Farhan", "بن فرحان"),
             ("Al-Nahyan", "آل نهيان"), ("Bou Habib", "بوحبيب"), ("Aoun", "عون"), ("Tebboune", "تبون"),
             ("Bourita", "بوريطة"), ("Al-Burhan", "البرهان"), ("Lamamra", "لعمامرة"), ("Al-Busaidi", "البوسعيدي")),
    "western": (("Kerry", "كيري"), ("Blinken", "بلينكن"), ("Pompeo", "بومبيو"), ("Sullivan", "سوليفان"),
                ("Macron", "ماكرون"), ("Merkel", "ميركل"), ("Scholz", "شولتس"), ("Johnson", "جونسون"),
                ("Borrell", "بوريل"), ("Le Drian", "لودريان"), ("Maas", "ماس"), ("Baerbock", "بيربوك"),
                ("Mogherini", "موغيريني"), ("Di Maio", "دي مايو"), ("Sanchez", "سانشيز"), ("Burns", "بيرنز"),
                ("Austin", "أوستن"), ("Cameron", "كاميرون"), ("Lammy", "لامي"), ("Colonna", "كولونا")),
    "asian": (("Yi", "يي"), ("Jinping", "جين بينغ"), ("Keqiang", "كه تشيانغ"), ("Lijian", "ليجيان"), ("Modi", "مودي"),
              ("Jaishankar", "جايشانكار"), ("Sharif", "شريف"), ("Khan", "خان"), ("Kishida", "كيشيدا"),
              ("Widodo", "ويدودو"), ("Ibrahim", "إبراهيم"), ("Gang", "غانغ"), ("Qureshi", "قريشي"),
              ("Bhutto", "بوتو"), ("Hayashi", "هاياشي"), ("Marsudi", "مرسودي")),
}

#: Top offices held in sequence in every country: (English role, Arabic role).
TOP_ROLES: tuple[tuple[str, str], ...] = (
    ("President", "الرئيس"), ("Prime Minister", "رئيس الوزراء"), ("Minister of Foreign Affairs", "وزير الخارجية"),
    ("Minister of Defence", "وزير الدفاع"), ("Speaker of Parliament", "رئيس البرلمان"),
    ("Secretary of the Security Council", "أمين مجلس الأمن القومي"),
)
#: Other offices, held by many at once.
OTHER_ROLES: tuple[tuple[str, str], ...] = (
    ("Deputy Minister of Foreign Affairs", "نائب وزير الخارجية"), ("Minister of Energy", "وزير الطاقة"),
    ("Minister of Oil", "وزير النفط"), ("Minister of Economy", "وزير الاقتصاد"), ("Minister of Trade", "وزير التجارة"),
    ("Minister of Interior", "وزير الداخلية"), ("National Security Adviser", "مستشار الأمن القومي"),
    ("Chief of the General Staff", "رئيس هيئة الأركان العامة"),
    ("Governor of the Central Bank", "محافظ البنك المركزي"),
    ("Spokesperson of the Ministry of Foreign Affairs", "المتحدث باسم وزارة الخارجية"),
    ("Special Envoy for Syria", "المبعوث الخاص إلى سوريا"), ("Member of Parliament", "عضو البرلمان"),
)
#: Offices of people the articles know only by role.
UNNAMED_ROLES: tuple[tuple[str, str], ...] = (
    ("Minister of Foreign Affairs", "وزير الخارجية"), ("Minister of Defence", "وزير الدفاع"),
    ("Deputy Minister of Foreign Affairs", "نائب وزير الخارجية"), ("Ambassador", "السفير"),
)

#: Intergovernmental organisations (key, English names, Arabic names).
ORGANIZATIONS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("gecf", ("Gas Exporting Countries Forum", "GECF"), ("منتدى الدول المصدرة للغاز",)),
    ("opec", ("Organization of the Petroleum Exporting Countries", "OPEC"), ("منظمة الدول المصدرة للنفط", "أوبك")),
    ("arab-league", ("Arab League",), ("جامعة الدول العربية",)), ("un", ("United Nations",), ("الأمم المتحدة",)),
    ("sco", ("Shanghai Cooperation Organisation", "SCO"), ("منظمة شنغهاي للتعاون",)),
    ("brics", ("BRICS",), ("مجموعة بريكس",)), ("oic", ("Organisation of Islamic Cooperation",),
                                                ("منظمة التعاون الإسلامي",)),
    ("gcc", ("Gulf Cooperation Council",), ("مجلس التعاون الخليجي",)), ("eu", ("European Union",),
                                                                       ("الاتحاد الأوروبي",)),
    ("african-union", ("African Union",), ("الاتحاد الأفريقي",)),
    ("iaea", ("International Atomic Energy Agency", "IAEA"), ("الوكالة الدولية للطاقة الذرية",)),
    ("eaeu", ("Eurasian Economic Union",), ("الاتحاد الاقتصادي الأوراسي",)),
    ("cis", ("Commonwealth of Independent States",), ("رابطة الدول المستقلة",)),
    ("caspian-summit", ("Caspian Summit",), ("قمة الدول المطلة على بحر قزوين",)),
    ("cica", ("Conference on Interaction and Confidence-Building Measures in Asia",),
     ("مؤتمر التفاعل وبناء الثقة في آسيا",)),
)

#: News outlets (key, English name, Arabic name, country, publishes in Arabic).
OUTLETS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("alwaght", "Al-Waght", "الوقت", "IR", True), ("al-jazeera", "Al Jazeera", "الجزيرة", "QA", True),
    ("al-arabiya", "Al Arabiya", "العربية", "AE", True), ("al-mayadeen", "Al Mayadeen", "الميادين", "LB", True),
    ("rt-arabic", "RT Arabic", "روسيا اليوم", "RU", True), ("irna-arabic", "IRNA Arabic", "إرنا", "IR", True),
    ("sana", "SANA", "سانا", "SY", True), ("anadolu-arabic", "Anadolu Agency Arabic", "الأناضول", "TR", True),
    ("asharq-al-awsat", "Asharq Al-Awsat", "الشرق الأوسط", "SA", True), ("al-ahram", "Al-Ahram", "الأهرام", "EG", True),
    ("al-quds-al-arabi", "Al-Quds Al-Arabi", "القدس العربي", "GB", True),
    ("sputnik-arabic", "Sputnik Arabic", "سبوتنيك", "RU", True),
    ("bbc-arabic", "BBC Arabic", "بي بي سي عربي", "GB", True),
    ("al-akhbar", "Al-Akhbar", "الأخبار", "LB", True), ("an-nahar", "An-Nahar", "النهار", "LB", True),
    ("reuters", "Reuters", "رويترز", "GB", False), ("afp", "Agence France-Presse", "فرانس برس", "FR", False),
    ("ap", "Associated Press", "أسوشيتد برس", "US", False), ("xinhua", "Xinhua", "شينخوا", "CN", False),
    ("tass", "TASS", "تاس", "RU", False), ("financial-times", "Financial Times", "فايننشال تايمز", "GB", False),
    ("new-york-times", "The New York Times", "نيويورك تايمز", "US", False),
    ("kommersant", "Kommersant", "كوميرسانت", "RU", False), ("tasnim", "Tasnim", "تسنيم", "IR", False),
    ("fars", "Fars News Agency", "فارس", "IR", False), ("le-monde", "Le Monde", "لوموند", "FR", False),
)

#: Groups that say things (key suffix, English, Arabic); a country-specific copy is made for some.
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("diplomatic-sources", "diplomatic sources", "مصادر دبلوماسية"), ("informed-sources", "informed sources",
                                                                        "مصادر مطلعة"),
    ("observers", "observers and analysts", "المراقبون والمحللون"), ("local-media", "local media",
                                                                       "وسائل الإعلام المحلية"),
    ("security-sources", "security sources", "مصادر أمنية"), ("official-sources", "official sources", "مصادر رسمية"),
)

#: Topics: English name (the topic's identity), Arabic names (the first is the main one).
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("economic cooperation", ("التعاون الاقتصادي",)), ("trade relations", ("العلاقات التجارية", "التبادل التجاري")),
    ("Syria settlement", ("تسوية الأزمة السورية", "الحل السياسي في سوريا")),
    ("nuclear programme", ("البرنامج النووي",)),
    ("energy cooperation", ("التعاون في مجال الطاقة",)), ("gas exports", ("صادرات الغاز",)),
    ("oil prices", ("أسعار النفط",)), ("counter-terrorism", ("مكافحة الإرهاب",)),
    ("regional security", ("الأمن الإقليمي",)), ("military cooperation", ("التعاون العسكري",)),
    ("arms deals", ("صفقات الأسلحة",)), ("sanctions", ("العقوبات", "العقوبات الأحادية")),
    ("investments", ("الاستثمارات", "مسألة الاستثمارات")), ("transport corridors", ("ممرات النقل",)),
    ("North-South corridor", ("ممر الشمال والجنوب",)), ("banking cooperation", ("التعاون المصرفي",)),
    ("trade in national currencies", ("التبادل بالعملات الوطنية",)), ("Caspian Sea", ("بحر قزوين",)),
    ("Yemen crisis", ("الأزمة اليمنية",)), ("reconstruction of Iraq", ("إعادة إعمار العراق",)),
    ("refugees", ("اللاجئون", "عودة اللاجئين")), ("humanitarian aid", ("المساعدات الإنسانية",)),
    ("Palestinian cause", ("القضية الفلسطينية",)), ("situation in Gaza", ("الوضع في غزة",)),
    ("situation in Lebanon", ("الوضع في لبنان",)), ("situation in Afghanistan", ("الوضع في أفغانستان",)),
    ("water security", ("الأمن المائي",)), ("food security", ("الأمن الغذائي",)), ("climate change", ("تغير المناخ",)),
    ("space cooperation", ("التعاون الفضائي",)), ("nuclear power plant", ("محطة الطاقة النووية",)),
    ("wheat supplies", ("إمدادات القمح",)), ("tourism", ("السياحة",)), ("higher education", ("التعليم العالي",)),
    ("cultural exchange", ("التبادل الثقافي",)), ("parliamentary cooperation", ("التعاون البرلماني",)),
    ("maritime security", ("الأمن البحري",)), ("Strait of Hormuz", ("مضيق هرمز",)),
    ("Red Sea navigation", ("الملاحة في البحر الأحمر",)), ("OPEC+ output", ("إنتاج أوبك بلس",)),
    ("drug trafficking", ("مكافحة تهريب المخدرات",)), ("border security", ("أمن الحدود",)),
    ("Astana process", ("مسار أستانا",)), ("Geneva talks", ("محادثات جنيف",)),
    ("prisoner exchange", ("تبادل الأسرى",)), ("ceasefire", ("وقف إطلاق النار",)), ("elections", ("الانتخابات",)),
    ("health cooperation", ("التعاون الصحي",)), ("digital economy", ("الاقتصاد الرقمي",)),
    ("railway construction", ("إنشاء السكك الحديدية",)),
)

#: Statement quotes: (Arabic quote with {t} = a topic, English content with {T}).
STATEMENTS: tuple[tuple[str, str], ...] = (
    ("إن {t} يحظى بأولوية قصوى في علاقات البلدين", "{T} is a top priority in the relations of the two countries."),
    ("إن بلاده مستعدة لتوسيع التعاون في مجال {t}", "His country is ready to expand cooperation on {T}."),
    ("إن الحل السياسي هو السبيل الوحيد لمعالجة {t}", "A political solution is the only way to deal with {T}."),
    ("إن المباحثات كانت بناءة ومثمرة وتناولت {t}", "The talks were constructive and fruitful and covered {T}."),
    ("إن أي تدخل خارجي في {t} مرفوض", "Any foreign interference in {T} is unacceptable."),
    ("إن الجانبين اتفقا على مواصلة المشاورات بشأن {t}", "Both sides agreed to continue consultations on {T}."),
    ("إن العلاقات الثنائية وصلت إلى مستوى الشراكة الاستراتيجية", "Bilateral relations have reached the level of a "
                                                                  "strategic partnership."),
    ("إن العقوبات الأحادية تعرقل {t}", "Unilateral sanctions hinder {T}."),
    ("لا توجد أي خطط لعقد لقاء جديد في الوقت الحاضر", "There are no plans for a new meeting at present."),
    ("إن الاتفاق الموقع يفتح آفاقا جديدة أمام {t}", "The signed agreement opens new horizons for {T}."),
    ("إن بلاده تدعم كل الجهود الرامية إلى {t}", "His country supports every effort towards {T}."),
    ("إن الوقت قد حان لاتخاذ خطوات عملية في {t}", "The time has come for practical steps on {T}."),
)

#: Sentences between the reported facts.
FILLERS: tuple[str, ...] = (
    "وتأتي هذه التطورات في ظل تحولات متسارعة تشهدها المنطقة.",
    "ويرى مراقبون أن هذه الخطوة تعكس تنامي العلاقات بين البلدين.",
    "وكانت العلاقات بين الجانبين قد شهدت تطورا ملحوظا خلال السنوات الأخيرة.",
    "وأشارت التقارير إلى أن المباحثات تناولت ملفات إقليمية ودولية عدة.",
    "ولم تصدر حتى الآن أي تفاصيل إضافية حول نتائج هذه اللقاءات.",
    "ويأتي ذلك في وقت تتصاعد فيه التوترات في المنطقة.",
    "وتعد هذه الزيارة الأولى من نوعها منذ عدة سنوات.",
    "وأكد الجانبان أهمية مواصلة التنسيق في المحافل الدولية.",
    "وتسعى الأطراف المعنية إلى تعزيز الاستقرار الإقليمي.",
    "وسيتم الإعلان عن مزيد من التفاصيل في وقت لاحق.",
    "ويشير محللون إلى أن الملف الاقتصادي سيبقى في صدارة الاهتمامات.",
    "وتتزامن هذه التحركات مع جهود دبلوماسية مكثفة على أكثر من صعيد.",
    "وكان الطرفان قد وقعا في وقت سابق عددا من مذكرات التفاهم.",
    "ولفتت المصادر إلى أن اللجان المشتركة ستجتمع خلال الأشهر المقبلة.",
    "وشهدت الفترة الماضية تبادلا للزيارات على مستويات رفيعة.",
    "ويعكس هذا التقارب رغبة مشتركة في تجاوز الخلافات السابقة.",
    "وتحظى هذه القضية باهتمام واسع في وسائل الإعلام الإقليمية.",
    "وأضافت المصادر أن الاتصالات ستتواصل في الأيام المقبلة.",
)

WEEKDAYS_AR = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
MONTHS_AR = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر",
             "ديسمبر")
