/**
 * Demo initiatives for the seed (see prisma/seed.ts).
 *
 * All people, e-mail addresses and stories are fictional. Every
 * (street, housenumber) pair exists in prisma/geodata/leipzig-ost-adressen-osm.geojson
 * with in_szp_approx === true; the offset moves the pin a few metres away from
 * the address point.
 */

export type DemoProposal = {
  title: string;
  description: string;
  category:
    | "community"
    | "culture"
    | "education"
    | "youth"
    | "seniors"
    | "environment"
    | "cleanliness"
    | "traffic"
    | "sport"
    | "other";
  street: string;
  housenumber: string;
  offset: [number, number];
  daysAgo: number;
  language?: "de" | "en" | "ar" | "tr" | "uk" | "ru";
  submitterName?: string;
  submitterEmail?: string;
  history: Array<{
    status:
      | "in_review"
      | "published"
      | "voting"
      | "accepted"
      | "rejected"
      | "in_progress"
      | "implemented";
    afterDays: number;
    reason?: string;
  }>;
};

export const demoProposals: DemoProposal[] = [
  // ---------------------------------------------------------------- implemented
  {
    title: "Sprachcafé im Stadtteilladen",
    description:
      "Einmal pro Woche sollten sich Menschen, die Deutsch lernen, und Menschen, die schon lange hier wohnen, bei Kaffee und Tee zum Reden treffen. Es geht nicht um Unterricht, sondern um Alltagsgespräche: Arzttermine, Elternabende, das Wetter. Einige Nachbarinnen aus dem Haus würden ehrenamtlich mitmachen. Gebraucht werden nur ein Raum am Nachmittag und etwas Geld für Getränke und Kekse.",
    category: "community",
    street: "Eisenbahnstraße",
    housenumber: "49",
    offset: [0.00012, -0.00008],
    daysAgo: 360,
    submitterName: "Katrin Wegner",
    submitterEmail: "k.wegner@example.org",
    history: [
      { status: "in_review", afterDays: 2 },
      { status: "published", afterDays: 6 },
      {
        status: "accepted",
        afterDays: 30,
        reason:
          "Der Vorschlag passt gut zum Ziel, das Zusammenleben im Quartier zu stärken. Der Stadtteilladen stellt dienstags einen Raum zur Verfügung, Getränke werden aus dem Verfügungsfonds bezahlt.",
      },
      { status: "in_progress", afterDays: 45 },
      {
        status: "implemented",
        afterDays: 80,
        reason:
          "Das Sprachcafé findet jeden Dienstag von 16 bis 18 Uhr statt. Neue Gesprächspartnerinnen und -partner sind jederzeit willkommen.",
      },
    ],
  },
  {
    title: "Hofflohmarkt in der Mariannenstraße",
    description:
      "An einem Samstag im Frühjahr öffnen die Hausgemeinschaften ihre Höfe und verkaufen Kleidung, Spielzeug und Hausrat. So lernt man die Nachbarn aus den anderen Häusern kennen, und gute Sachen landen nicht im Sperrmüll. Wir bräuchten Hilfe bei der Werbung mit Plakaten und Flyern in mehreren Sprachen und einen Lageplan der teilnehmenden Höfe.",
    category: "community",
    street: "Mariannenstraße",
    housenumber: "32",
    offset: [-0.0001, 0.00006],
    daysAgo: 320,
    history: [
      { status: "in_review", afterDays: 1 },
      { status: "published", afterDays: 4 },
      { status: "voting", afterDays: 10 },
      {
        status: "accepted",
        afterDays: 38,
        reason:
          "Viele Stimmen aus der Nachbarschaft. Das Quartiersmanagement übernimmt Druck und Übersetzung der Plakate und Flyer.",
      },
      { status: "in_progress", afterDays: 60 },
      {
        status: "implemented",
        afterDays: 110,
        reason:
          "Beim ersten Hofflohmarkt haben 14 Höfe mitgemacht. Eine Wiederholung im Herbst ist geplant.",
      },
    ],
  },
  {
    title: "Baumscheiben in der Hildegardstraße bepflanzen",
    description:
      "Die Baumscheiben vor unseren Häusern sind oft zugeparkt oder voller Müll. Wir möchten sie mit Stauden und Blumenzwiebeln bepflanzen und kleine Holzzäune aufstellen. Mehrere Hausgemeinschaften haben zugesagt, im Sommer zu gießen. Kinder aus der Straße wollen Schilder malen.",
    category: "environment",
    street: "Hildegardstraße",
    housenumber: "44",
    offset: [0.00007, 0.00011],
    daysAgo: 280,
    submitterName: "Jens Hoffmann",
    submitterEmail: "jens.hoffmann@example.org",
    history: [
      { status: "in_review", afterDays: 2 },
      { status: "published", afterDays: 5 },
      {
        status: "accepted",
        afterDays: 21,
        reason:
          "Die Baumpatenschaften wurden mit dem Amt für Stadtgrün und Gewässer abgestimmt. Pflanzen und Zäune werden aus dem Verfügungsfonds bezahlt.",
      },
      { status: "in_progress", afterDays: 35 },
      {
        status: "implemented",
        afterDays: 70,
        reason: "Acht Baumscheiben sind bepflanzt und werden von den Hausgemeinschaften gepflegt.",
      },
    ],
  },

  // ---------------------------------------------------------------- in progress
  {
    title: "Tauschregal an der Ludwigstraße",
    description:
      "Ein wettergeschütztes Regal, in das man Bücher, Spiele und kleine Haushaltsdinge stellen und mitnehmen kann. So etwas gibt es in anderen Stadtteilen schon und es funktioniert gut. Das Regal könnte an einer geschützten Hauswand stehen. Ein paar Leute aus dem Haus würden regelmäßig nach dem Rechten sehen und aufräumen.",
    category: "community",
    street: "Ludwigstraße",
    housenumber: "50",
    offset: [0.00009, -0.00012],
    daysAgo: 190,
    history: [
      { status: "in_review", afterDays: 3 },
      { status: "published", afterDays: 7 },
      { status: "voting", afterDays: 14 },
      {
        status: "accepted",
        afterDays: 45,
        reason:
          "Der Hauseigentümer hat zugestimmt. Eine Jugendwerkstatt aus dem Stadtteil baut das Regal.",
      },
      {
        status: "in_progress",
        afterDays: 60,
        reason: "Das Regal wird gerade gebaut und soll im Frühjahr aufgestellt werden.",
      },
    ],
  },
  {
    title: "Computerhilfe und Bewerbungstraining für Arbeitsuchende",
    description:
      "Viele Menschen im Viertel suchen Arbeit, haben aber keinen Computer oder wissen nicht, wie man eine Bewerbung online verschickt. Ich schlage eine offene Sprechstunde vor, in der Ehrenamtliche beim Lebenslauf, bei E-Mails und bei Online-Formularen helfen. Zwei oder drei gebrauchte Laptops und ein Drucker würden reichen. Wichtig ist, dass das Angebot kostenlos und ohne Anmeldung ist.",
    category: "education",
    street: "Meißner Straße",
    housenumber: "15",
    offset: [-0.00014, 0.00005],
    daysAgo: 150,
    submitterName: "Tobias Richter",
    submitterEmail: "tobias.richter@example.org",
    history: [
      { status: "in_review", afterDays: 2 },
      { status: "published", afterDays: 6 },
      {
        status: "accepted",
        afterDays: 28,
        reason:
          "Die Sprechstunde wird gemeinsam mit einem Träger der Beschäftigungsförderung im Stadtteil aufgebaut. Die Geräte werden aus Spenden beschafft.",
      },
      { status: "in_progress", afterDays: 50 },
    ],
  },

  // ---------------------------------------------------------------- accepted
  {
    title: "Mehr Sitzbänke am Otto-Runki-Platz",
    description:
      "Am Otto-Runki-Platz gibt es zu wenige Sitzgelegenheiten. Ältere Menschen, die auf der Eisenbahnstraße einkaufen, brauchen unterwegs eine Pause. Zwei oder drei Bänke mit Rückenlehne und Armlehnen im Schatten der Bäume wären schon eine große Hilfe.",
    category: "seniors",
    street: "Eisenbahnstraße",
    housenumber: "100",
    offset: [0.00015, 0.0001],
    daysAgo: 120,
    history: [
      { status: "in_review", afterDays: 1 },
      { status: "published", afterDays: 3 },
      { status: "voting", afterDays: 8 },
      {
        status: "accepted",
        afterDays: 40,
        reason:
          "Der Vorschlag wurde an das Amt für Stadtgrün und Gewässer weitergegeben und wird dort unterstützt. Die Bänke sollen im nächsten Jahr aufgestellt werden.",
      },
    ],
  },
  {
    title: "Hausaufgabenhilfe für Grundschulkinder",
    description:
      "Viele Kinder in unserer Straße bekommen zu Hause keine Hilfe bei den Hausaufgaben, weil die Eltern arbeiten oder selbst noch Deutsch lernen. Zweimal pro Woche könnten Studierende und Rentnerinnen nach der Schule mit den Kindern lernen. Ein ruhiger Raum mit Tischen und etwas Material reicht. Gleichzeitig würden sich Jung und Alt besser kennenlernen.",
    category: "education",
    street: "Elisabethstraße",
    housenumber: "28",
    offset: [-0.00006, -0.0001],
    daysAgo: 95,
    history: [
      { status: "in_review", afterDays: 2 },
      { status: "published", afterDays: 5 },
      { status: "voting", afterDays: 9 },
      {
        status: "accepted",
        afterDays: 35,
        reason:
          "Eine Kirchgemeinde im Stadtteil stellt einen Raum zur Verfügung. Das Quartiersmanagement sucht jetzt ehrenamtliche Lernpatinnen und Lernpaten.",
      },
    ],
  },
  {
    title: "Stadtteilfest auf dem Neustädter Markt",
    description:
      "Ein kleines Fest für alle Nachbarinnen und Nachbarn rund um die Heilig-Kreuz-Kirche: Musik von Bands aus dem Viertel, Essen aus vielen Ländern und Spiele für Kinder. Vereine, Läden und Initiativen könnten sich an Ständen vorstellen. Wichtig wäre, dass alles umsonst oder sehr günstig ist, damit wirklich alle kommen können.",
    category: "culture",
    street: "Neustädter Markt",
    housenumber: "4",
    offset: [0.00018, -0.00004],
    daysAgo: 75,
    submitterName: "Marlies Schubert",
    submitterEmail: "marlies.schubert@example.org",
    history: [
      { status: "in_review", afterDays: 1 },
      { status: "published", afterDays: 4 },
      {
        status: "accepted",
        afterDays: 20,
        reason:
          "Das Fest wird gemeinsam mit den Vereinen am Neustädter Markt vorbereitet. Wer mitmachen möchte, kann sich im Stadtteilladen melden.",
      },
    ],
  },

  // ---------------------------------------------------------------- rejected
  {
    title: "Nachbarschaftsgarten auf der Brache an der Schulze-Delitzsch-Straße",
    description:
      "Die leere Fläche neben unserem Haus liegt seit Jahren brach und wird als Müllablage benutzt. Daraus könnte ein Gemeinschaftsgarten mit Hochbeeten werden, in dem Familien aus vielen Ländern zusammen Gemüse und Kräuter anbauen. Wir sind schon etwa zehn Interessierte.",
    category: "environment",
    street: "Schulze-Delitzsch-Straße",
    housenumber: "25",
    offset: [0.00011, 0.00013],
    daysAgo: 210,
    history: [
      { status: "in_review", afterDays: 2 },
      { status: "published", afterDays: 5 },
      {
        status: "rejected",
        afterDays: 40,
        reason:
          "Die Fläche ist ein Privatgrundstück, über das das Quartiersmanagement nicht verfügen kann. Der Eigentümer hat eine Zwischennutzung abgelehnt. Wir helfen der Gruppe gern bei der Suche nach einer anderen Fläche; Ansprechpartner für Zwischennutzungen ist das Amt für Wohnungsbau und Stadterneuerung.",
      },
    ],
  },
  {
    title: "Papierkörbe öfter leeren",
    description:
      "Die Papierkörbe auf der Eisenbahnstraße sind oft voll. Am Wochenende liegt dann viel Müll auf dem Gehweg. Bitte die Papierkörbe öfter leeren. Vielleicht helfen auch größere Papierkörbe.",
    category: "cleanliness",
    street: "Eisenbahnstraße",
    housenumber: "120",
    offset: [-0.00008, 0.00009],
    daysAgo: 170,
    history: [
      { status: "in_review", afterDays: 1 },
      { status: "published", afterDays: 3 },
      {
        status: "rejected",
        afterDays: 18,
        reason:
          "Wie oft Papierkörbe geleert werden, entscheidet die Stadtreinigung Leipzig, nicht das Quartiersmanagement. Wir haben den Hinweis mit den betroffenen Stellen an die Stadtreinigung weitergeleitet. Überfüllte Papierkörbe können Sie auch direkt über den Mängelmelder der Stadt Leipzig melden.",
      },
    ],
  },
  {
    title: "Längere Grünphase für Fußgänger an der Hermann-Liebmann-Straße",
    description:
      "An der Kreuzung Hermann-Liebmann-Straße / Eisenbahnstraße schaffen ältere Menschen und Eltern mit Kinderwagen es kaum bei Grün über die Straße. Die Fußgängerampel sollte länger Grün zeigen. Morgens gehen hier auch viele Schulkinder entlang.",
    category: "traffic",
    street: "Hermann-Liebmann-Straße",
    housenumber: "86",
    offset: [0.00005, -0.00015],
    daysAgo: 140,
    history: [
      { status: "in_review", afterDays: 2 },
      { status: "published", afterDays: 6 },
      {
        status: "rejected",
        afterDays: 25,
        reason:
          "Ampelschaltungen liegen in der Zuständigkeit des Verkehrs- und Tiefbauamts der Stadt Leipzig und können nicht aus Mitteln der Stadterneuerung geändert werden. Wir haben den Vorschlag mit allen Unterstützerstimmen dorthin weitergeleitet.",
      },
    ],
  },

  // ---------------------------------------------------------------- voting
  {
    title: "Zebrastreifen vor der Schule in der Konradstraße",
    description:
      "Morgens zwischen halb acht und acht ist vor der Schule viel Verkehr, und die Kinder laufen zwischen parkenden Autos über die Straße. Ein Zebrastreifen oder wenigstens eine deutliche Markierung und Schilder würden die Kinder schützen. Eltern aus dem Elternrat würden sich auch als Schülerlotsen melden.",
    category: "traffic",
    street: "Konradstraße",
    housenumber: "30",
    offset: [-0.00012, 0.00004],
    daysAgo: 60,
    submitterName: "Sabine Krause",
    submitterEmail: "sabine.krause@example.org",
    history: [
      { status: "in_review", afterDays: 1 },
      { status: "published", afterDays: 4 },
      { status: "voting", afterDays: 12 },
    ],
  },
  {
    title: "Fußballturnier für Jugendliche im Rabet",
    description:
      "Im Sommer ein Straßenfußballturnier für Jugendliche aus dem ganzen Viertel, gemischte Teams aus verschiedenen Straßen und Schulen. Die Jugendlichen organisieren die Spielpläne selbst, Schiedsrichter kommen aus einem Sportverein. Gebraucht werden Bälle, Leibchen, Getränke und kleine Pokale. Ein fairer Wettkampf bringt Jugendliche zusammen, die sich sonst nur aus dem Weg gehen.",
    category: "sport",
    street: "Rabet",
    housenumber: "44",
    offset: [0.0002, 0.00008],
    daysAgo: 48,
    history: [
      { status: "in_review", afterDays: 2 },
      { status: "published", afterDays: 5 },
      { status: "voting", afterDays: 10 },
    ],
  },
  {
    title: "Offener Seniorentreff in Anger-Crottendorf",
    description:
      "In Anger-Crottendorf fehlt ein Ort, an dem sich ältere Menschen ohne Anmeldung treffen können. Ein Nachmittag pro Woche mit Kaffee, Kartenspielen und ab und zu einem kleinen Vortrag, etwa zu Rente oder Sicherheit im Internet, würde gegen Einsamkeit helfen. Viele von uns wohnen allein und kennen kaum noch Leute im Haus.",
    category: "seniors",
    street: "Wurzner Straße",
    housenumber: "12",
    offset: [-0.00009, -0.00007],
    daysAgo: 40,
    history: [
      { status: "in_review", afterDays: 3 },
      { status: "published", afterDays: 6 },
      { status: "voting", afterDays: 11 },
    ],
  },
  {
    title: "Eisenbahnstraße'de esnafla birlikte temizlik günü",
    description:
      "Eisenbahnstraße'deki dükkân sahipleri ve komşular olarak yılda iki kez birlikte bir temizlik günü yapmak istiyoruz. Kaldırımlardaki çöpleri toplayıp ağaç diplerini temizleyebiliriz. Bunun için eldiven, çöp torbası ve çöp maşası gibi malzemelere ihtiyacımız var. Böylece sokağımızın daha temiz ve bakımlı görünmesine hep birlikte katkıda bulunmak istiyoruz.",
    category: "cleanliness",
    street: "Eisenbahnstraße",
    housenumber: "77",
    offset: [0.00006, 0.00014],
    daysAgo: 34,
    language: "tr",
    submitterName: "Emre Yıldız",
    submitterEmail: "emre.yildiz@example.org",
    history: [
      { status: "in_review", afterDays: 1 },
      { status: "published", afterDays: 5 },
      { status: "voting", afterDays: 9 },
    ],
  },

  // ---------------------------------------------------------------- published
  {
    title: "Repair-Café einmal im Monat",
    description:
      "Kaputte Toaster, Fahrräder oder Kleidung müssen nicht gleich weggeworfen werden. In einem Repair-Café reparieren Leute, die sich damit auskennen, gemeinsam mit den Besitzern. Das spart Geld, schont die Umwelt und man kommt ins Gespräch. Ich kann selbst Elektrogeräte reparieren und kenne zwei weitere Leute, die mitmachen würden.",
    category: "environment",
    street: "Zweinaundorfer Straße",
    housenumber: "13",
    offset: [0.0001, -0.00006],
    daysAgo: 28,
    history: [
      { status: "in_review", afterDays: 2 },
      { status: "published", afterDays: 5 },
    ],
  },
  {
    title: "Tischtennisplatte an der Stünzer Straße",
    description:
      "Für Kinder und Jugendliche in Anger-Crottendorf gibt es in der Nähe kaum Sportangebote draußen. Eine wetterfeste Tischtennisplatte aus Beton auf der Grünfläche wäre günstig und fast wartungsfrei. Dort würden sicher auch Erwachsene nach Feierabend spielen.",
    category: "sport",
    street: "Stünzer Straße",
    housenumber: "16",
    offset: [-0.00013, 0.0001],
    daysAgo: 22,
    history: [
      { status: "in_review", afterDays: 1 },
      { status: "published", afterDays: 4 },
    ],
  },
  {
    title: "Mehrsprachige Vorlesestunde für Kinder",
    description:
      "Samstags könnte es eine Vorlesestunde geben, in der dieselbe Geschichte auf Deutsch und in einer weiteren Sprache vorgelesen wird, zum Beispiel auf Arabisch, Türkisch oder Ukrainisch. So erleben Kinder, dass ihre Familiensprache wertvoll ist, und lernen nebenbei Deutsch. Eltern aus dem Viertel könnten abwechselnd vorlesen. Bücher könnte man in der Stadtbibliothek ausleihen.",
    category: "culture",
    street: "Lilienstraße",
    housenumber: "20",
    offset: [0.00004, 0.00012],
    daysAgo: 19,
    history: [
      { status: "in_review", afterDays: 2 },
      { status: "published", afterDays: 4 },
    ],
  },
  {
    title: "مقهى لغوي للأمهات مع رعاية للأطفال",
    description:
      "أقترح لقاءً أسبوعياً في الحي تتدرّب فيه الأمهات على اللغة الألمانية في جوّ مريح. كثير منّا لا يستطيع حضور دورات اللغة لأنه لا يوجد من يعتني بالأطفال. يمكن لمتطوعين من الحي أن يلعبوا مع الأطفال في الغرفة المجاورة. سيساعدنا ذلك أيضاً على التعرّف على جيراننا الألمان.",
    category: "community",
    street: "Torgauer Platz",
    housenumber: "2",
    offset: [0.00008, -0.00009],
    daysAgo: 16,
    language: "ar",
    submitterName: "Rania Haddad",
    submitterEmail: "rania.haddad@example.org",
    history: [
      { status: "in_review", afterDays: 2 },
      { status: "published", afterDays: 6 },
    ],
  },
  {
    title: "Шаховий гурток для дітей і дорослих",
    description:
      "Пропоную раз на тиждень збиратися в районі й грати в шахи. Діти й дорослі з різних країн можуть грати разом, для цього не потрібно добре знати мову. Я вже багато років граю в шахи й охоче навчатиму початківців. Потрібні лише кілька шахових наборів і приміщення з кількома столами.",
    category: "community",
    street: "Edlichstraße",
    housenumber: "22",
    offset: [-0.00011, -0.00005],
    daysAgo: 13,
    language: "uk",
    submitterName: "Oleksandr Melnyk",
    submitterEmail: "o.melnyk@example.org",
    history: [
      { status: "in_review", afterDays: 1 },
      { status: "published", afterDays: 4 },
    ],
  },
  {
    title: "Скандинавская ходьба для пожилых в парке Rabet",
    description:
      "Предлагаю организовать группу скандинавской ходьбы для пожилых жителей района. Мы могли бы встречаться два раза в неделю по утрам в парке Rabet и гулять вместе около часа. Это полезно для здоровья, и можно познакомиться с соседями. Было бы хорошо, если бы в начале кто-нибудь показал правильную технику и можно было бы взять палки напрокат.",
    category: "seniors",
    street: "Rabet",
    housenumber: "32",
    offset: [0.00016, -0.00011],
    daysAgo: 11,
    language: "ru",
    history: [
      { status: "in_review", afterDays: 2 },
      { status: "published", afterDays: 5 },
    ],
  },

  // ---------------------------------------------------------------- in review
  {
    title: "Sommerkino im Hinterhof",
    description:
      "In unserem großen Hinterhof in der Gregor-Fuchs-Straße könnten wir im Sommer an drei Abenden Filme auf eine Leinwand projizieren. Die Nachbarn bringen Stühle und Decken mit, Kinder bekommen Popcorn. Wir bräuchten einen Beamer, eine Leinwand und Hilfe bei den Filmrechten. Die Filme sollten Untertitel haben, damit alle mitschauen können.",
    category: "culture",
    street: "Gregor-Fuchs-Straße",
    housenumber: "38",
    offset: [-0.00007, 0.00008],
    daysAgo: 7,
    history: [{ status: "in_review", afterDays: 2 }],
  },

  // ---------------------------------------------------------------- just submitted
  {
    title: "Fahrradbügel vor den Läden",
    description:
      "Vor den Läden an der Wurzner Straße gibt es keine Fahrradbügel. Die Fahrräder stehen deshalb auf dem Gehweg. Dann ist es für Rollstühle und Kinderwagen zu eng. Bitte ein paar Fahrradbügel aufstellen.",
    category: "traffic",
    street: "Wurzner Straße",
    housenumber: "63",
    offset: [0.00013, 0.00003],
    daysAgo: 6,
    history: [],
  },
  {
    title: "Beutelspender für Hundekot",
    description:
      "Auf den Gehwegen an der Theodor-Neubauer-Straße liegt oft Hundekot. Ein paar Spender mit Tüten und ein Mülleimer daneben würden helfen. Viele Hundehalter würden die Tüten sicher benutzen, wenn es sie gibt.",
    category: "cleanliness",
    street: "Theodor-Neubauer-Straße",
    housenumber: "101",
    offset: [-0.0001, 0.00011],
    daysAgo: 5,
    history: [],
  },
  {
    title: "Mittagstisch für Menschen, die allein leben",
    description:
      "Viele Menschen hier essen jeden Tag allein. Das macht einsam. Ich wünsche mir einen Mittagstisch, einmal in der Woche. Das Essen soll wenig kosten. Alle sind willkommen: Alte und Junge, Menschen mit und ohne Arbeit.",
    category: "seniors",
    street: "Schützenhausstraße",
    housenumber: "12",
    offset: [0.00005, -0.00013],
    daysAgo: 4,
    submitterName: "Gerda Lehmann",
    submitterEmail: "gerda.lehmann@example.org",
    history: [],
  },
  {
    title: "أمسية طبخ مشتركة للجيران",
    description:
      "اقتراحي هو تنظيم أمسية طبخ مرة في الشهر يطبخ فيها جيران من بلدان مختلفة معاً ثم يأكلون معاً. يمكن لكل شخص أن يحضر وصفة من بلده ويشرحها للآخرين. يكفي لذلك مطبخ كبير في مركز الحي أو في إحدى الكنائس. الطعام يجمع الناس ويكسر الحواجز بين الجيران القدامى والجدد.",
    category: "community",
    street: "Hedwigstraße",
    housenumber: "10",
    offset: [-0.00005, 0.00007],
    daysAgo: 3,
    language: "ar",
    history: [],
  },
];
