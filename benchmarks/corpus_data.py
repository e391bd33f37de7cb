"""Word lists, names and the codebook that `generate.py` draws its corpus from."""

from __future__ import annotations

# --- Vocabulary -------------------------------------------------------------------------------
# Function words come first, most frequent first; content and domain words get Zipf-like weights;
# compounds (Swedish) and noun phrases (English) make the vocabulary a few thousand words long.

SV_FUNCTION = """
det att och i som jag är så en vi på inte har man för med den av till om ju men var ett de kan
också där nu bara mycket då när eller alltså liksom väldigt lite mer kanske här hur vad ska
skulle kunde sig sin sina andra alla många efter från under mellan utan vid mot över genom inom
både något någon några ingen inget varje samma olika vissa hela själva ja nej mm eh typ precis
egentligen faktiskt verkligen samtidigt därför eftersom även dessutom sedan sen redan
fortfarande aldrig alltid ofta ibland oss vår vårt våra deras dem hon han ni er mig dig detta
dessa denna vilket vilka vara blir blev bli varit måste vill behöver får fick gör gjorde göra
tycker tror vet ser tänker säger sa menar känns finns fanns kommer kom går gick tar tog ger gav
hade haft
"""
SV_CONTENT = """
arbete arbetet arbeta arbetar jobbade jobbet fråga frågan frågor frågorna delen delar sätt
sättet tid tiden år året åren vecka veckan månader början slutet läget situation situationen
problem problemet möjlighet möjligheter möjligheterna behov behovet behoven resultatet
erfarenhet erfarenheter exempel fallet grunden bilden process processen förändring
förändringar förändringen uppdrag uppdraget ansvar ansvaret roll rollen kontakt kontakter
dialogen samtal samtalen beslut beslutet plan planen planering idé idéer verksamhet
verksamheten organisation organisationen personer personen människor folk kollegor kollegorna
chef chefen chefer medarbetare medarbetarna kunder kunderna partner ägare ägaren styrelsen
grupp gruppen teamet orten staden landsbygden länet kommunerna stort stor stora liten litet små
viktig viktigt viktiga svår svårt svåra lätt lättare enkelt bra bättre bäst dålig sämre ny nytt
nya gamla första tredje sista tydlig tydligt tydligare gemensam gemensamt konkret konkreta
långsiktig långsiktigt kortsiktigt positivt negativt stark starkt svag intressant spännande
lokala regional regionala nationell nationella hög högt låg lågt snabbt långsamt tillsammans
direkt ungefär helt delvis ganska rätt jättebra jättesvårt börja började fortsätta fortsatte
skapa skapade bygga byggde hitta hittade använda använde lära lärde förstå förstod prata
pratade diskutera diskuterade träffas träffades hjälpa hjälpte stödja driva drev leda ledde
påverka påverkade förbättra förbättrade utveckla utvecklade genomföra genomförde planera
planerade mäta mätte följa följde hantera hanterade satsa satsade investera investerade behålla
anställa anställde spridde ändra ändrade anpassade samarbeta samarbetade samla samlade bidra
bidrog lyckas lyckades misslyckades visa visade märka märkte upplever upplevde
"""
SV_DOMAIN = """
industri industrin industrier företag företaget företagen företagens pandemin pandemi region
regionen regioner indikatorer indikator indikatorerna projekt projektet projekten projektledaren
finansieringen samverkansprojekt utvecklingen innovationer omställningen tillverkning
tillverkande tillverkningsindustrin småföretag SMF forskning nätverket klustret testbäddar
effekter resultat målen styrgruppen aktörer aktörerna strukturfonderna ansökan utlysning
workshop workshops seminarier pilot robotisering elpriser
"""
SV_MULTIWORD = ("digitala möten", "Region Västerbotten", "framför allt", "i och för sig")
SV_STEMS = """
region projekt företags utvecklings kompetens innovations industri samverkans digitaliserings
hållbarhets arbets lednings forsknings produktions energi verksamhets kommun närings
finansierings uppföljnings kunskaps export tillväxt omställnings miljö kvalitets program kluster
utbildnings samarbets
"""
SV_HEADS = """
arbete arbetet insatser insatserna frågor frågorna plan planen strategi strategin process
processen processer modell modellen stöd stödet system systemet ledare ledaren nätverk nätverket
perspektiv perspektivet område området områden behov behoven resurser resurserna grupp gruppen
möte mötet möten program programmet projekt projektet miljö miljön samarbete samarbetet
utveckling utvecklingen organisation organisationen kultur kulturen kapacitet förmåga förmågan
arbetsgrupp mål målen
"""
EN_FUNCTION = """
the and to of a I that it in we was is you so they for on with but have this be not at there as
like had it's we're they're um uh just really very about from or what all them our their more
some which when would could can if do did then because also well yeah know mean think kind sort
lot actually quite maybe still already always never often sometimes again into out up over
through between after before other another each every same different both most much many few
those these he she his her us my your been being were are has will should must might get got
make made go went come came take took give gave see saw say said tell told feel felt want wanted
need needed try tried
"""
EN_CONTENT = """
work working worked question questions part parts way ways time times year years week weeks
month months beginning end situation problem problems opportunity opportunities needs result
experience experiences example examples case basis picture process processes change changes
task responsibility role contact contacts conversation conversations decision decisions plan
plans planning idea ideas activity activities organisation organisations people person
colleagues manager managers staff customers partners owner owners board group groups team teams
town city countryside county municipalities big large small important difficult hard easy
easier simple good better best bad worse new old first second third last clear clearer common
shared concrete short-term positive negative strong weak interesting exciting regional national
high low quickly slowly together directly roughly especially completely partly fairly pretty
start started continue continued create created build built find found use used learn learned
understand understood talk talked discuss discussed meet met help helped support supported run
ran lead led affect affected improve improved develop developed implement implemented measure
measured follow followed handle handled invest invested keep recruit recruited hire hired spread
changed adapted cooperate cooperated gather gathered contribute contributed succeed succeeded
failed show showed notice noticed
"""
EN_DOMAIN = """
industry industries company companies firms covid region regions indicator project projects
development innovations competence transition energy electricity prices robotics manufacturing
SMEs universities networks clusters follow-up effects outcomes steering group stakeholders actors
structural funds application call workshop workshops seminars pilot
"""
EN_MULTIWORD = ("digital meetings", "project manager", "in other words", "to be honest")
EN_MODIFIERS = """
regional project company development innovation industry collaboration digital sustainability
research production energy business skills funding follow-up knowledge export growth transition
environmental quality programme cluster training network management public
"""
EN_HEADS = """
work efforts issues plan strategy process processes model support system leader network
perspective area areas needs resources group meeting meetings programme environment partnership
development organisation culture capacity capability goals activities
"""
SV_ABBREVIATIONS = ("t.ex.", "bl.a.", "s.k.", "dvs.", "osv.", "ca", "m.fl.")
EN_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "approx.", "vs.")
SV_NUMBERS = ("2019", "2020", "2021", "2022", "30 procent", "tio företag", "300 000 kronor", "5 %")
EN_NUMBERS = ("2019", "2020", "2021", "2022", "30 percent", "ten companies", "£40,000", "5 %")
SV_MARKERS = ("(skratt)", "[ohörbart]", "[paus]", "[avbrott]")
EN_MARKERS = ("(laughs)", "[inaudible]", "[pause]", "[crosstalk]")
SV_OPENERS = ("Hur", "Vad", "Varför", "Kan du berätta om", "På vilket sätt", "Vilka", "Och")
EN_OPENERS = ("How", "What", "Why", "Could you tell me about", "In what way", "Which", "And")
SV_SHORT = (
    "Ja, precis så.",
    "Mm, okej, jag förstår.",
    "Ja, absolut, det stämmer.",
    "Nej, inte riktigt.",
)
EN_SHORT = (
    "Yes, exactly that.",
    "Mm, okay, I see.",
    "Yes, absolutely, that's right.",
    "No, not really.",
)

# --- People, places and attributes -----------------------------------------------------------

SV_FIRST = """Anna Erik Maria Lars Karin Anders Sara Johan Eva Per Emma Mikael Lena Jonas Elin
Fredrik Ingrid Magnus Sofia Henrik Kerstin Oskar Linnea Mats Helena Nils Maja Stefan Ida Björn"""
SV_LAST = """Berg Lindqvist Johansson Andersson Nilsson Karlsson Eriksson Larsson Olsson Persson
Svensson Gustafsson Pettersson Jonsson Lind Holm Bergström Sandberg Forsberg Lundgren Ek Nyström
Åberg Öberg Sjöberg Wallin Hedlund Björk Engström Dahl"""
EN_FIRST = """James Sarah David Emily Michael Laura Daniel Rachel Thomas Hannah Peter Claire Mark
Julia Paul Sophie Richard Alice Andrew Helen"""
EN_LAST = """Smith Jones Taylor Brown Wilson Evans Thomas Roberts Walker Wright Green Hall Wood
Clarke Hughes Edwards Turner Hill Moore Baker"""
REGIONS = (
    "Stockholm", "Uppsala", "Södermanland", "Östergötland", "Jönköping", "Kronoberg", "Kalmar",
    "Gotland", "Blekinge", "Skåne", "Halland", "Västra Götaland", "Värmland", "Örebro",
    "Västmanland", "Dalarna", "Gävleborg", "Västernorrland", "Jämtland Härjedalen", "Västerbotten",
    "Norrbotten",
)  # fmt: skip
ROLES = (
    ("projektledare", "project manager"), ("verksamhetschef", "head of operations"),
    ("utvecklingsstrateg", "development strategist"), ("företagsledare", "managing director"),
    ("forskare", "researcher"), ("handläggare", "case officer"),
    ("näringslivsutvecklare", "business developer"),
)  # fmt: skip
ORGANISATION_TYPES = (
    "företag", "kommun", "region", "lärosäte", "myndighet", "intresseorganisation",
    "forskningsinstitut",
)  # fmt: skip
COLORS = (
    "#e74c3c", "#3498db", "#2ecc71", "#f39c12", "#9b59b6", "#1abc9c", "#e67e22", "#34495e",
)  # fmt: skip

# --- Codebook: 4 themes of 8, 8, 7 and 7 codes (name, description, Swedish and English keywords)

Code = tuple[str, str, str, str]
THEMES: tuple[tuple[str, tuple[Code, ...]], ...] = (
    ("Utmaningar", (
        ("Finansiering", "Problems with funding, co-financing and budgets.",
         "finansiering, medfinansiering, budget, pengar", "funding, co-financing, grants"),
        ("Kompetensförsörjning", "Difficulty recruiting or keeping staff with the right skills.",
         "kompetensförsörjning, rekrytering, kompetens, personal", "skills, recruitment, staff"),
        ("Pandemins påverkan", "Effects of the COVID-19 pandemic on the work.",
         "pandemin, covid, restriktioner, smittspridning", "pandemic, lockdown, restrictions"),
        ("Digitala möten", "Meetings that moved online, and what that meant.",
         "digitala möten, Teams, Zoom, distans", "online, video meetings, remote"),
        ("Tidsbrist", "Lack of time and competing priorities.",
         "tidsbrist, stress, prioritera, tid", "time, workload, deadlines"),
        ("Administration och regelverk", "Administrative burden, reporting and rules.",
         "administration, rapportering, regelverk, byråkrati", "reporting, paperwork, rules"),
        ("Förankring i ledningen", "Support, or the lack of it, from management.",
         "ledningen, förankring, styrgrupp, mandat", "management, leadership, buy-in"),
        ("Mätbarhet och indikatorer", "Difficulties measuring results; the choice of indicators.",
         "indikatorer, mätning, uppföljning, statistik", "indicators, measurement, metrics"),
    )),
    ("Lärdomar", (
        ("Tidig dialog", "The value of early dialogue with companies and partners.",
         "dialog, tidigt, behovsanalys, samtal", "dialogue, early, needs analysis"),
        ("Tydliga mål", "Clear goals and a shared picture of them.",
         "mål, målbild, tydlighet, förväntningar", "goals, objectives, clarity"),
        ("Flexibilitet", "Adapting plans when circumstances changed.",
         "flexibilitet, anpassa, ställa om, ändrade planer", "flexibility, adapt"),
        ("Lokal förankring", "Working close to local actors and their needs.",
         "lokalt, kommunen, närhet, lokal", "local, municipality, community"),
        ("Kunskapsspridning", "Sharing knowledge and results with others.",
         "sprida, kunskap, spridning, seminarier", "dissemination, knowledge sharing"),
        ("Projektledning", "How the project was led and organised.",
         "projektledare, projektledning, samordning", "project management, coordination"),
        ("Uppföljning och lärande", "Using follow-up and evaluation to learn.",
         "utvärdering, lärande, reflektion, uppföljning", "evaluation, learning, reflection"),
        ("Långsiktighet", "Planning for what remains after the project.",
         "långsiktighet, implementering, fortsättning", "long-term, sustainability, legacy"),
    )),
    ("Synergier", (
        ("Samverkan mellan regioner", "Collaboration across regional borders.",
         "samverkan, regionerna, gränsöverskridande", "cross-regional, collaboration"),
        ("Företag och lärosäten", "Collaboration between companies and universities.",
         "lärosäten, universitetet, forskare, högskolan", "university, researchers, academia"),
        ("Nätverk och kluster", "Networks, clusters and meeting places.",
         "nätverk, kluster, mötesplatser", "network, cluster, meeting places"),
        ("Kopplingar till andra projekt", "Links and overlaps with other projects and programmes.",
         "andra projekt, programmet, överlapp, synergier", "synergies, programme, overlap"),
        ("Offentlig sektor", "The role of municipalities, regions and agencies.",
         "kommun, myndighet, Tillväxtverket, Vinnova", "agency, public sector, government"),
        ("Gemensamma investeringar", "Shared investments, test beds and equipment.",
         "testbädd, investering, utrustning, gemensamma", "test bed, investment, equipment"),
        ("Internationella kontakter", "International partners and EU programmes.",
         "internationellt, EU, Horisont, partner", "international, European, partners"),
    )),
    ("Resultat och effekter", (
        ("Digital omställning", "Digitalisation of the companies' work and processes.",
         "digitalisering, digitala verktyg, automation, omställning", "digitalisation, automation"),
        ("Ny kompetens", "Skills and knowledge gained by the participants.",
         "utbildning, kompetensutveckling, kurser, lärt", "training, upskilling, courses"),
        ("Innovation och nya produkter", "New products, services and ways of working.",
         "innovation, produkter, tjänster, nyutveckling", "innovation, products, services"),
        ("Hållbarhet", "Environmental and social sustainability outcomes.",
         "hållbarhet, klimat, energi, cirkulär", "climate, circular economy, energy"),
        ("Tillväxt och sysselsättning", "Growth, turnover and jobs in the companies.",
         "tillväxt, omsättning, jobb, sysselsättning", "growth, turnover, jobs, employment"),
        ("Ökad konkurrenskraft", "Stronger competitiveness of the firms and the region.",
         "konkurrenskraft, export, marknad, lönsamhet", "competitiveness, market, exports"),
        ("Oväntade effekter", "Effects nobody planned for, good or bad.",
         "oväntat, överraskande, sidoeffekter, bieffekt", "unexpected, side effects, surprise"),
    )),
)  # fmt: skip
