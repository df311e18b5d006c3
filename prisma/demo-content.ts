/**
 * Demo content for the seed (see prisma/seed.ts): initiatives and three
 * procedures around them — an idea call collecting ideas now, a resident vote
 * running now, and a past vote with published results and what became of its
 * winners. Dates are relative to the day the seed runs, so the demo stays current.
 *
 * All people, e-mail addresses and stories are fictional. Every
 * (street, housenumber) pair exists in prisma/geodata/leipzig-ost-adressen-osm.geojson
 * with in_szp_approx === true; the offset moves the pin a few metres away from
 * the address point.
 */
import type { MethodConfig } from "../app/modules/votes/methods";

export type DemoProcedureKey = "ideaCall" | "vote" | "pastVote";

type ImplementationStep = {
  state: "accepted" | "in_progress" | "done";
  afterDays: number;
  body: string;
};

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
  /** Status changes after submission, in days after it. */
  history: Array<{
    status: "in_review" | "published" | "rejected";
    afterDays: number;
    reason?: string;
  }>;
  /** Submitted into (or moved into) this demo procedure; none: a free idea. */
  procedure?: DemoProcedureKey;
  /** On the ballot of the procedure's vote, with this estimated cost in euros. */
  ballotCostEuros?: number;
  /** Accepted by the office outside a vote: the implementation's dated public notes (days after submission). */
  implementation?: ImplementationStep[];
  /** Won the past vote: public notes in days after its results were published. */
  afterVote?: Array<ImplementationStep & { state: "in_progress" | "done" }>;
};

/** A phase from `from` to `to` days relative to today, each at 18:00 Leipzig time. */
export type DemoPhase = {
  kind: "collection" | "review" | "voting" | "counting" | "results";
  from: number;
  to: number;
};

export type DemoVote = {
  config: MethodConfig;
  channels: Array<"code" | "open" | "paper">;
  eligibilityNote: string;
  eligibilityTranslations: Record<string, string>;
  /** Ballots cast online, by the titles of the chosen initiatives. */
  ballots: Array<{ channel: "open" | "code"; titles: string[]; count: number }>;
  /** A printed sheet of one-time codes (only their hashes are stored). */
  codeSheet?: { label: string; count: number };
  /** A counted stack of paper ballots, entered by two staff members who agree. */
  paperBatch?: { label: string; ballots: number; points: Record<string, number> };
  /** Results published at the end of the counting phase. */
  resultsPublished: boolean;
};

export type DemoProcedure = {
  key: DemoProcedureKey;
  kind: "idea_call" | "resident_vote";
  title: string;
  description: string;
  translations: Record<"en" | "ar", { title: string; description: string }>;
  phases: DemoPhase[];
  vote?: DemoVote;
};

const ELIGIBILITY = "Wer im Gebiet wohnt, arbeitet oder zur Schule geht, ab 14 Jahren";
const ELIGIBILITY_TRANSLATIONS = {
  en: "Anyone who lives, works or goes to school in the area, aged 14 or over",
  ar: "كل من يسكن أو يعمل أو يدرس في المنطقة، من عمر 14 سنة",
};

export const demoProcedures: DemoProcedure[] = [
  {
    key: "ideaCall",
    kind: "idea_call",
    title: "Ideenaufruf: Sommer im Stadtteilpark Rabet",
    description:
      "Der Rabet ist der große Park im Leipziger Osten. Was fehlt Ihnen dort im Sommer? Mehr Schatten, Platz zum Ausruhen, Angebote für Kinder, Jugendliche oder Ältere? Reichen Sie Ihre Idee bis zum Ende der Sammelphase ein. Danach prüft das Quartiersmanagement alle Ideen mit dem Amt für Stadtgrün und Gewässer und sagt hier, wie es weitergeht.",
    translations: {
      en: {
        title: "Call for ideas: summer in Rabet park",
        description:
          "Rabet is the big park in Leipzig's east. What is missing there in summer? More shade, places to rest, activities for children, young people or older people? Send your idea until the end of the collection phase. Afterwards the neighbourhood office checks all ideas with the city's parks department and explains here what happens next.",
      },
      ar: {
        title: "دعوة للأفكار: الصيف في حديقة رابيت",
        description:
          "رابيت هي الحديقة الكبيرة في شرق لايبزيغ. ما الذي ينقصكم فيها في الصيف؟ ظل أكثر، أماكن للراحة، أنشطة للأطفال أو الشباب أو كبار السن؟ قدّموا أفكاركم حتى نهاية مرحلة جمع الأفكار. بعد ذلك تدرس إدارة الحي كل الأفكار مع دائرة الحدائق في المدينة وتشرح هنا الخطوات التالية.",
      },
    },
    phases: [
      { kind: "collection", from: -20, to: 25 },
      { kind: "review", from: 25, to: 39 },
      { kind: "results", from: 39, to: 70 },
    ],
  },
  {
    key: "vote",
    kind: "resident_vote",
    title: "Quartiersbudget: 15.000 € für Ideen aus der Nachbarschaft",
    description:
      "Sie entscheiden, welche Ideen aus dem Quartier Geld aus dem Verfügungsfonds bekommen. Insgesamt gibt es 15.000 €. Kreuzen Sie die Ideen an, die Ihnen wichtig sind, solange das Geld reicht. Abstimmen können Sie online mit dem Code aus Ihrem Brief, online ohne Code oder auf Papier im Stadtteilladen in der Eisenbahnstraße.",
    translations: {
      en: {
        title: "Neighbourhood budget: €15,000 for ideas from the neighbourhood",
        description:
          "You decide which ideas from the neighbourhood get money from the neighbourhood fund. There is €15,000 in total. Tick the ideas that matter to you, as long as the money lasts. You can vote online with the code from your letter, online without a code, or on paper at the neighbourhood shop on Eisenbahnstraße.",
      },
      ar: {
        title: "ميزانية الحي: 15.000 يورو لأفكار من الجيران",
        description:
          "أنتم تقررون أي أفكار من الحي تحصل على مال من صندوق الحي. المبلغ الكلي 15.000 يورو. اختاروا الأفكار المهمة لكم ما دام المال يكفي. يمكنكم التصويت عبر الإنترنت بالرمز الموجود في رسالتكم، أو عبر الإنترنت بدون رمز، أو على الورق في مكتب الحي في شارع آيزنبان.",
      },
    },
    phases: [
      { kind: "collection", from: -75, to: -40 },
      { kind: "review", from: -40, to: -12 },
      { kind: "voting", from: -10, to: 11 },
      { kind: "counting", from: 11, to: 14 },
      { kind: "results", from: 14, to: 60 },
    ],
    vote: {
      config: { method: "budget", budgetCents: 1_500_000 },
      channels: ["code", "open", "paper"],
      eligibilityNote: ELIGIBILITY,
      eligibilityTranslations: ELIGIBILITY_TRANSLATIONS,
      ballots: [
        {
          channel: "open",
          titles: [
            "Fußballturnier für Jugendliche im Rabet",
            "Schattensegel für den Spielplatz im Rabet",
          ],
          count: 6,
        },
        {
          channel: "open",
          titles: [
            "Offener Seniorentreff in Anger-Crottendorf",
            "Eisenbahnstraße'de esnafla birlikte temizlik günü",
            "Lastenrad zum Ausleihen am Neustädter Markt",
          ],
          count: 4,
        },
        {
          channel: "open",
          titles: [
            "Schattensegel für den Spielplatz im Rabet",
            "Offener Seniorentreff in Anger-Crottendorf",
            "Eisenbahnstraße'de esnafla birlikte temizlik günü",
          ],
          count: 5,
        },
        { channel: "open", titles: ["Lastenrad zum Ausleihen am Neustädter Markt"], count: 2 },
      ],
      codeSheet: { label: "Briefe an die Haushalte rund um den Rabet", count: 60 },
      resultsPublished: false,
    },
  },
  {
    key: "pastVote",
    kind: "resident_vote",
    title: "Abstimmung: Sitzen, Spielen und Feiern in Neustadt-Neuschönefeld",
    description:
      "Vier Ideen aus der Nachbarschaft standen zur Wahl. Jede Person konnte bis zu zwei Ideen ankreuzen. Die zwei Ideen mit den meisten Stimmen werden aus dem Verfügungsfonds bezahlt. Was aus ihnen geworden ist, steht unter „Was ist daraus geworden?“.",
    translations: {
      en: {
        title: "Vote: sitting, playing and celebrating in Neustadt-Neuschönefeld",
        description:
          "Four ideas from the neighbourhood were on the ballot. Everyone could tick up to two ideas. The two ideas with the most votes are paid for from the neighbourhood fund. What became of them is shown under “What became of it?”.",
      },
      ar: {
        title: "تصويت: الجلوس واللعب والاحتفال في نويشتات-نويشونيفيلد",
        description:
          "كانت أربع أفكار من الحي مطروحة للتصويت. كان بإمكان كل شخص اختيار فكرتين على الأكثر. الفكرتان اللتان حصلتا على أكثر الأصوات تُموَّلان من صندوق الحي. ما حدث لهما تجدونه في صفحة „ماذا حدث للأفكار؟“.",
      },
    },
    phases: [
      { kind: "collection", from: -200, to: -165 },
      { kind: "review", from: -165, to: -135 },
      { kind: "voting", from: -130, to: -116 },
      { kind: "counting", from: -116, to: -110 },
      { kind: "results", from: -110, to: -60 },
    ],
    vote: {
      config: { method: "approval", maxChoices: 2, winners: 2 },
      channels: ["code", "open", "paper"],
      eligibilityNote: ELIGIBILITY,
      eligibilityTranslations: ELIGIBILITY_TRANSLATIONS,
      ballots: [
        {
          channel: "open",
          titles: ["Mehr Sitzbänke am Otto-Runki-Platz", "Stadtteilfest auf dem Neustädter Markt"],
          count: 8,
        },
        {
          channel: "open",
          titles: ["Mehr Sitzbänke am Otto-Runki-Platz", "Tischtennisplatte an der Stünzer Straße"],
          count: 5,
        },
        {
          channel: "open",
          titles: [
            "Stadtteilfest auf dem Neustädter Markt",
            "Blühwiese an der Heilig-Kreuz-Kirche",
          ],
          count: 4,
        },
        { channel: "open", titles: ["Tischtennisplatte an der Stünzer Straße"], count: 3 },
        {
          channel: "open",
          titles: ["Blühwiese an der Heilig-Kreuz-Kirche", "Mehr Sitzbänke am Otto-Runki-Platz"],
          count: 3,
        },
        {
          channel: "code",
          titles: ["Mehr Sitzbänke am Otto-Runki-Platz", "Stadtteilfest auf dem Neustädter Markt"],
          count: 10,
        },
        {
          channel: "code",
          titles: [
            "Stadtteilfest auf dem Neustädter Markt",
            "Tischtennisplatte an der Stünzer Straße",
          ],
          count: 6,
        },
        { channel: "code", titles: ["Mehr Sitzbänke am Otto-Runki-Platz"], count: 5 },
        {
          channel: "code",
          titles: [
            "Blühwiese an der Heilig-Kreuz-Kirche",
            "Tischtennisplatte an der Stünzer Straße",
          ],
          count: 4,
        },
        {
          channel: "code",
          titles: ["Mehr Sitzbänke am Otto-Runki-Platz", "Blühwiese an der Heilig-Kreuz-Kirche"],
          count: 6,
        },
      ],
      codeSheet: { label: "Briefe an alle Haushalte in Neustadt-Neuschönefeld", count: 80 },
      paperBatch: {
        label: "Stadtteilladen Eisenbahnstraße, Urne 1",
        ballots: 40,
        points: {
          "Mehr Sitzbänke am Otto-Runki-Platz": 26,
          "Stadtteilfest auf dem Neustädter Markt": 21,
          "Tischtennisplatte an der Stünzer Straße": 14,
          "Blühwiese an der Heilig-Kreuz-Kirche": 12,
        },
      },
      resultsPublished: true,
    },
  },
];

export const demoProposals: DemoProposal[] = [
  // ---------------------------------------------------------------- accepted by the office: done
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
    ],
    implementation: [
      {
        state: "accepted",
        afterDays: 30,
        body: "Der Vorschlag passt gut zum Ziel, das Zusammenleben im Quartier zu stärken. Der Stadtteilladen stellt dienstags einen Raum zur Verfügung, Getränke werden aus dem Verfügungsfonds bezahlt.",
      },
      {
        state: "in_progress",
        afterDays: 45,
        body: "Raum ist reserviert, fünf Nachbarinnen und Nachbarn machen als Gesprächspartner mit. Die Einladung gibt es auf Deutsch, Arabisch, Türkisch und Ukrainisch.",
      },
      {
        state: "done",
        afterDays: 80,
        body: "Das Sprachcafé findet jeden Dienstag von 16 bis 18 Uhr statt. Neue Gesprächspartnerinnen und -partner sind jederzeit willkommen.",
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
    ],
    implementation: [
      {
        state: "accepted",
        afterDays: 38,
        body: "Viele Rückmeldungen aus der Nachbarschaft. Das Quartiersmanagement übernimmt Druck und Übersetzung der Plakate und Flyer.",
      },
      {
        state: "in_progress",
        afterDays: 60,
        body: "Plakate und Flyer in sechs Sprachen sind gedruckt und hängen in den Hausfluren.",
      },
      {
        state: "done",
        afterDays: 110,
        body: "Beim ersten Hofflohmarkt haben 14 Höfe mitgemacht. Eine Wiederholung im Herbst ist geplant.",
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
    ],
    implementation: [
      {
        state: "accepted",
        afterDays: 21,
        body: "Die Baumpatenschaften wurden mit dem Amt für Stadtgrün und Gewässer abgestimmt. Pflanzen und Zäune werden aus dem Verfügungsfonds bezahlt.",
      },
      {
        state: "in_progress",
        afterDays: 35,
        body: "Stauden, Blumenzwiebeln und Holzzäune sind bestellt. Pflanztag mit den Hausgemeinschaften am nächsten Samstag.",
      },
      {
        state: "done",
        afterDays: 70,
        body: "Acht Baumscheiben sind bepflanzt und werden von den Hausgemeinschaften gepflegt.",
      },
    ],
  },

  // ---------------------------------------------------------------- accepted by the office: in progress
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
    ],
    implementation: [
      {
        state: "accepted",
        afterDays: 45,
        body: "Der Hauseigentümer hat zugestimmt. Eine Jugendwerkstatt aus dem Stadtteil baut das Regal.",
      },
      {
        state: "in_progress",
        afterDays: 60,
        body: "Das Regal wird gerade gebaut und soll im Frühjahr aufgestellt werden.",
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
    ],
    implementation: [
      {
        state: "accepted",
        afterDays: 28,
        body: "Die Sprechstunde wird gemeinsam mit einem Träger der Beschäftigungsförderung im Stadtteil aufgebaut. Die Geräte werden aus Spenden beschafft.",
      },
      {
        state: "in_progress",
        afterDays: 50,
        body: "Zwei gespendete Laptops und ein Drucker sind da. Drei Ehrenamtliche bereiten die erste Sprechstunde vor.",
      },
    ],
  },

  // ---------------------------------------------------------------- accepted (by the office, and winners of the past vote)
  {
    title: "Mehr Sitzbänke am Otto-Runki-Platz",
    description:
      "Am Otto-Runki-Platz gibt es zu wenige Sitzgelegenheiten. Ältere Menschen, die auf der Eisenbahnstraße einkaufen, brauchen unterwegs eine Pause. Zwei oder drei Bänke mit Rückenlehne und Armlehnen im Schatten der Bäume wären schon eine große Hilfe.",
    category: "seniors",
    street: "Eisenbahnstraße",
    housenumber: "100",
    offset: [0.00015, 0.0001],
    daysAgo: 190,
    history: [
      { status: "in_review", afterDays: 1 },
      { status: "published", afterDays: 3 },
    ],
    procedure: "pastVote",
    ballotCostEuros: 3600,
    afterVote: [
      {
        state: "in_progress",
        afterDays: 18,
        body: "Bänke bestellt: drei Bänke mit Rücken- und Armlehnen. Das Amt für Stadtgrün und Gewässer hat die Plätze im Schatten der Bäume freigegeben.",
      },
      {
        state: "done",
        afterDays: 62,
        body: "Die drei Bänke stehen. Danke an alle, die abgestimmt haben!",
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
    ],
    implementation: [
      {
        state: "accepted",
        afterDays: 35,
        body: "Eine Kirchgemeinde im Stadtteil stellt einen Raum zur Verfügung. Das Quartiersmanagement sucht jetzt ehrenamtliche Lernpatinnen und Lernpaten.",
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
    daysAgo: 185,
    submitterName: "Marlies Schubert",
    submitterEmail: "marlies.schubert@example.org",
    history: [
      { status: "in_review", afterDays: 1 },
      { status: "published", afterDays: 4 },
    ],
    procedure: "pastVote",
    ballotCostEuros: 4000,
    afterVote: [
      {
        state: "in_progress",
        afterDays: 25,
        body: "Erstes Vorbereitungstreffen mit den Vereinen am Neustädter Markt. Bühne und Zelte sind angefragt; wer einen Stand machen möchte, meldet sich im Stadtteilladen.",
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

  // ---------------------------------------------------------------- on the ballot now (and a free idea)
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
    daysAgo: 58,
    history: [
      { status: "in_review", afterDays: 2 },
      { status: "published", afterDays: 5 },
    ],
    procedure: "vote",
    ballotCostEuros: 2400,
  },
  {
    title: "Offener Seniorentreff in Anger-Crottendorf",
    description:
      "In Anger-Crottendorf fehlt ein Ort, an dem sich ältere Menschen ohne Anmeldung treffen können. Ein Nachmittag pro Woche mit Kaffee, Kartenspielen und ab und zu einem kleinen Vortrag, etwa zu Rente oder Sicherheit im Internet, würde gegen Einsamkeit helfen. Viele von uns wohnen allein und kennen kaum noch Leute im Haus.",
    category: "seniors",
    street: "Wurzner Straße",
    housenumber: "12",
    offset: [-0.00009, -0.00007],
    daysAgo: 56,
    history: [
      { status: "in_review", afterDays: 3 },
      { status: "published", afterDays: 6 },
    ],
    procedure: "vote",
    ballotCostEuros: 3800,
  },
  {
    title: "Eisenbahnstraße'de esnafla birlikte temizlik günü",
    description:
      "Eisenbahnstraße'deki dükkân sahipleri ve komşular olarak yılda iki kez birlikte bir temizlik günü yapmak istiyoruz. Kaldırımlardaki çöpleri toplayıp ağaç diplerini temizleyebiliriz. Bunun için eldiven, çöp torbası ve çöp maşası gibi malzemelere ihtiyacımız var. Böylece sokağımızın daha temiz ve bakımlı görünmesine hep birlikte katkıda bulunmak istiyoruz.",
    category: "cleanliness",
    street: "Eisenbahnstraße",
    housenumber: "77",
    offset: [0.00006, 0.00014],
    daysAgo: 60,
    language: "tr",
    submitterName: "Emre Yıldız",
    submitterEmail: "emre.yildiz@example.org",
    history: [
      { status: "in_review", afterDays: 1 },
      { status: "published", afterDays: 5 },
    ],
    procedure: "vote",
    ballotCostEuros: 900,
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
    daysAgo: 175,
    history: [
      { status: "in_review", afterDays: 1 },
      { status: "published", afterDays: 4 },
    ],
    procedure: "pastVote",
    ballotCostEuros: 2900,
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
    procedure: "ideaCall",
    history: [
      { status: "in_review", afterDays: 2 },
      { status: "published", afterDays: 5 },
    ],
  },

  // ---------------------------------------------------------------- on the ballot now
  {
    title: "Schattensegel für den Spielplatz im Rabet",
    description:
      "Auf dem großen Spielplatz im Rabet gibt es im Sommer kaum Schatten. Die Rutsche und die Bänke werden so heiß, dass die Kinder mittags nicht spielen können. Zwei oder drei Sonnensegel über dem Sandkasten und den Bänken würden helfen. Eltern aus der Kita nebenan würden beim Auf- und Abbauen im Herbst helfen.",
    category: "youth",
    street: "Rabet",
    housenumber: "15",
    offset: [0.00021, -0.00006],
    daysAgo: 64,
    submitterName: "Miriam Baumann",
    submitterEmail: "miriam.baumann@example.org",
    history: [
      { status: "in_review", afterDays: 2 },
      { status: "published", afterDays: 4 },
    ],
    procedure: "vote",
    ballotCostEuros: 6500,
  },
  {
    title: "Lastenrad zum Ausleihen am Neustädter Markt",
    description:
      "Ein Lastenrad, das man kostenlos für ein paar Stunden ausleihen kann: für den Großeinkauf, den Umzug eines Schranks oder den Ausflug mit den Kindern. Ausleihe und Schlüssel könnten im Stadtteilladen oder in einem Laden am Neustädter Markt sein. Viele hier haben kein Auto, und Transporter mieten ist teuer.",
    category: "community",
    street: "Neustädter Markt",
    housenumber: "1",
    offset: [-0.00009, 0.00012],
    daysAgo: 54,
    history: [
      { status: "in_review", afterDays: 1 },
      { status: "published", afterDays: 3 },
    ],
    procedure: "vote",
    ballotCostEuros: 5200,
  },

  // ---------------------------------------------------------------- past vote
  {
    title: "Blühwiese an der Heilig-Kreuz-Kirche",
    description:
      "Der Rasen neben der Heilig-Kreuz-Kirche wird oft gemäht und ist im Sommer braun. Eine Blühwiese mit heimischen Wildblumen wäre schöner und gut für Bienen und Schmetterlinge. Kinder aus der Grundschule könnten beim Aussäen helfen und Schilder dazu malen.",
    category: "environment",
    street: "Neustädter Markt",
    housenumber: "8",
    offset: [0.00014, 0.00009],
    daysAgo: 182,
    history: [
      { status: "in_review", afterDays: 2 },
      { status: "published", afterDays: 5 },
    ],
    procedure: "pastVote",
    ballotCostEuros: 1800,
  },

  // ---------------------------------------------------------------- idea call (collecting now)
  {
    title: "Bücherbank im Rabet",
    description:
      "Eine Bank im Rabet mit einer wetterfesten Bücherkiste daneben: Man nimmt ein Buch mit, liest im Park und bringt es zurück oder stellt ein eigenes hinein. Gut wären Bücher in mehreren Sprachen und Kinderbücher. Ich würde mich um die Kiste kümmern.",
    category: "culture",
    street: "Rabet",
    housenumber: "17",
    offset: [0.00012, 0.00016],
    daysAgo: 15,
    submitterName: "Lena Vogt",
    submitterEmail: "lena.vogt@example.org",
    history: [
      { status: "in_review", afterDays: 1 },
      { status: "published", afterDays: 3 },
    ],
    procedure: "ideaCall",
  },
  {
    title: "Picknick aller Nachbarschaften im Rabet",
    description:
      "Einmal im Sommer ein großes Picknick auf der Wiese im Rabet: Jede Familie bringt etwas zu essen mit, es gibt Decken, Musik und Spiele für Kinder. Vereine und Hausgemeinschaften aus allen Straßen rund um den Park laden gemeinsam ein, mit Einladungen in vielen Sprachen.",
    category: "community",
    street: "Rabet",
    housenumber: "19",
    offset: [-0.00011, 0.0001],
    daysAgo: 9,
    history: [
      { status: "in_review", afterDays: 1 },
      { status: "published", afterDays: 2 },
    ],
    procedure: "ideaCall",
  },
  {
    title: "Mehr Mülleimer an der großen Wiese im Rabet",
    description:
      "Nach warmen Wochenenden liegt auf der großen Wiese im Rabet viel Müll, weil die wenigen Mülleimer schnell voll sind. Ein paar große Mülleimer mit Deckel am Rand der Wiese würden helfen, auch gegen die Krähen.",
    category: "cleanliness",
    street: "Rabet",
    housenumber: "48",
    offset: [0.00007, -0.00012],
    daysAgo: 2,
    submitterName: "Uwe Schreiber",
    submitterEmail: "uwe.schreiber@example.org",
    history: [],
    procedure: "ideaCall",
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

// ---------------------------------------------------------------------------
// Neighbourhood fund (Verfügungsfonds): one round with open applications, its
// decision team and a few applications in different states. Days are relative
// to today; amounts in cents.
// ---------------------------------------------------------------------------

export type DemoFundApplication = {
  title: string;
  description: string;
  status: "submitted" | "complete" | "granted";
  applicantKind: "person" | "association";
  applicantName: string;
  organisation?: string;
  contactEmail: string;
  street: string;
  housenumber: string;
  submittedDaysAgo: number;
  /** Project dates, days from today. */
  starts: number;
  ends: number;
  targetGroups: string[];
  expectedParticipants: number;
  volunteerHours: number;
  ownMoneyCents: number;
  costLines: Array<{
    description: string;
    amountCents: number;
    potKind: "investive" | "non_investive";
    actualCents?: number;
  }>;
  /** Decided in the round's past session (only "granted"). */
  decision?: {
    outcome: "granted" | "reduced";
    grantedCents: number;
    reason: string;
    /** Per pot kind. */
    split: Partial<Record<"investive" | "non_investive", number>>;
    paid: boolean;
  };
  /** The spending report (only "granted"). */
  report?: {
    status: "draft" | "accepted";
    summary: string;
    volunteerHours: number;
    acceptedDaysAgo?: number;
  };
};

export const demoFundRound = {
  title: "Verfügungsfonds Leipziger Osten 2027",
  description:
    "Sie haben eine Idee für die Nachbarschaft und brauchen dafür etwas Geld? Mit dem Verfügungsfonds fördern wir kleine Projekte von Menschen und Vereinen im Leipziger Osten: ein Fest, einen Kurs, Material für einen Garten, eine Bank im Hof. Ein Vergabeteam aus der Nachbarschaft entscheidet über die Anträge. Stellen Sie Ihren Antrag bis zum Ende der Antragsphase – gern mit Hilfe des Quartiersmanagements in der Eisenbahnstraße.",
  translations: {
    en: {
      title: "Neighbourhood fund Leipzig East 2027",
      description:
        "You have an idea for the neighbourhood and need some money for it? The neighbourhood fund supports small projects by residents and associations in Leipzig's east: a party, a course, material for a garden, a bench in a courtyard. A decision team from the neighbourhood decides on the applications. Apply until the end of the application phase – the neighbourhood office on Eisenbahnstraße is happy to help.",
    },
    ar: {
      title: "صندوق حي شرق لايبزيغ 2027",
      description:
        "لديكم فكرة للحي وتحتاجون إلى بعض المال لها؟ يدعم صندوق الحي مشاريع صغيرة للسكان والجمعيات في شرق لايبزيغ: حفلة، دورة، مواد لحديقة، مقعد في فناء. فريق قرار من الحي يقرر في الطلبات. قدّموا طلبكم حتى نهاية مرحلة الطلبات، ويسعد مكتب إدارة الحي في شارع آيزنبانشتراسه بمساعدتكم.",
    },
  },
  phases: [
    { kind: "applications", from: -90, to: 20 },
    { kind: "review", from: 20, to: 34 },
    { kind: "decision", from: 34, to: 41 },
    { kind: "projects", from: 41, to: 300 },
    { kind: "reports", from: 300, to: 360 },
  ],
  pots: [
    { name: "Investiv", kind: "investive", amountCents: 500_000 },
    { name: "Nicht investiv", kind: "non_investive", amountCents: 500_000 },
  ],
  /** The decision team: accounts with role "jury"; the first is the chair. */
  jury: [
    { email: "vergabeteam.yilmaz@demo.quartiersstimme.invalid", name: "Hatice Yılmaz" },
    { email: "vergabeteam.bauer@demo.quartiersstimme.invalid", name: "Jens Bauer" },
    { email: "vergabeteam.kovalenko@demo.quartiersstimme.invalid", name: "Olena Kovalenko" },
  ],
  /** The team's first session this round, for early applications. */
  pastSession: { daysAgo: 75, place: "Stadtteilladen, Eisenbahnstraße 49" },
  applications: [
    {
      title: "Bücherschrank an der Eisenbahnstraße",
      description:
        "Ein wetterfester Bücherschrank vor dem Stadtteilladen: Bücher mitnehmen, Bücher hineinstellen, in vielen Sprachen. Der Verein kümmert sich um Pflege und Ordnung.",
      status: "granted",
      applicantKind: "association",
      applicantName: "Karin Schubert",
      organisation: "Lesefreunde Volkmarsdorf e. V.",
      contactEmail: "buecherschrank@demo.quartiersstimme.invalid",
      street: "Eisenbahnstraße",
      housenumber: "49",
      submittedDaysAgo: 95,
      starts: -70,
      ends: -50,
      targetGroups: ["neighbours"],
      expectedParticipants: 200,
      volunteerHours: 30,
      ownMoneyCents: 0,
      costLines: [
        {
          description: "Bücherschrank aus Holz mit Glastüren",
          amountCents: 41_000,
          potKind: "investive",
        },
        { description: "Fundament und Befestigung", amountCents: 38_000, potKind: "investive" },
        { description: "Schild in fünf Sprachen", amountCents: 9_000, potKind: "non_investive" },
      ],
      decision: {
        outcome: "granted",
        grantedCents: 88_000,
        reason:
          "Der Schrank ist für alle da und der Verein sorgt für die Pflege. Einstimmig bewilligt.",
        split: { investive: 79_000, non_investive: 9_000 },
        paid: true,
      },
      report: {
        status: "draft",
        summary: "",
        volunteerHours: 0,
      },
    },
    {
      title: "Laternenumzug durch den Rabet",
      description:
        "Am Martinstag basteln Kinder und Eltern Laternen im Stadtteilladen und ziehen danach gemeinsam durch den Rabet. Zum Schluss gibt es Tee und Brezeln am Spielplatz.",
      status: "granted",
      applicantKind: "person",
      applicantName: "Miriam Keller",
      contactEmail: "laternen@demo.quartiersstimme.invalid",
      street: "Hildegardstraße",
      housenumber: "44",
      submittedDaysAgo: 90,
      starts: -16,
      ends: -15,
      targetGroups: ["children", "families"],
      expectedParticipants: 80,
      volunteerHours: 25,
      ownMoneyCents: 5_000,
      costLines: [
        {
          description: "Bastelmaterial für 60 Laternen",
          amountCents: 36_000,
          potKind: "non_investive",
          actualCents: 33_000,
        },
        {
          description: "Tee, Brezeln und Becher",
          amountCents: 29_000,
          potKind: "non_investive",
          actualCents: 28_000,
        },
      ],
      decision: {
        outcome: "granted",
        grantedCents: 65_000,
        reason:
          "Ein schönes Fest für Familien aus dem ganzen Viertel, mit viel Eigenleistung. Bewilligt.",
        split: { non_investive: 65_000 },
        paid: true,
      },
      report: {
        status: "accepted",
        summary:
          "Rund 90 Kinder und Eltern haben an zwei Nachmittagen Laternen gebastelt. Am 11. November sind wir mit Musik durch den Rabet gezogen. Am Ende gab es Tee und Brezeln am Spielplatz. Übrig gebliebenes Bastelmaterial bekommt die Kita in der Hildegardstraße.",
        volunteerHours: 28,
        acceptedDaysAgo: 2,
      },
    },
    {
      title: "Hochbeete im Hof der Mariannenstraße",
      description:
        "Vier Hochbeete für den gemeinsamen Hof: Kräuter und Gemüse für alle Nachbarinnen und Nachbarn, dazu ein Treffen im Monat zum Gärtnern.",
      status: "complete",
      applicantKind: "person",
      applicantName: "Thomas Richter",
      contactEmail: "hochbeete@demo.quartiersstimme.invalid",
      street: "Mariannenstraße",
      housenumber: "32",
      submittedDaysAgo: 12,
      starts: 45,
      ends: 120,
      targetGroups: ["neighbours", "seniors"],
      expectedParticipants: 30,
      volunteerHours: 40,
      ownMoneyCents: 0,
      costLines: [
        {
          description: "Vier Hochbeete aus Lärchenholz",
          amountCents: 96_000,
          potKind: "investive",
        },
        { description: "Erde und Pflanzen", amountCents: 24_000, potKind: "non_investive" },
      ],
    },
    {
      title: "Deutsch-Café für Mütter",
      description:
        "Einmal in der Woche ein offenes Café zum Deutschsprechen für Mütter, mit Kinderbetreuung im Nebenraum.",
      status: "submitted",
      applicantKind: "association",
      applicantName: "Leyla Demir",
      organisation: "Frauentreff Ost e. V.",
      contactEmail: "cafe@demo.quartiersstimme.invalid",
      street: "Ludwigstraße",
      housenumber: "50",
      submittedDaysAgo: 3,
      starts: 50,
      ends: 230,
      targetGroups: ["migrants", "families"],
      expectedParticipants: 15,
      volunteerHours: 60,
      ownMoneyCents: 0,
      costLines: [
        {
          description: "Getränke und kleine Snacks (6 Monate)",
          amountCents: 48_000,
          potKind: "non_investive",
        },
        {
          description: "Spielsachen für die Kinderecke",
          amountCents: 22_000,
          potKind: "non_investive",
        },
      ],
    },
  ] satisfies DemoFundApplication[],
} as const;
