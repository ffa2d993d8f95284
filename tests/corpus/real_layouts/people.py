"""Fictional researchers at real institutions, written by hand for the real-layout dev set.

Every fact here is printed by build.py into one or more public CV templates and becomes that CV's
ground truth. The people do not exist; names, e-mails, grant numbers, patent numbers are invented.
Positions are (role, unit inside the organisation or "", organisation, city, country code, start, end)
with dates as (month, year) and end None for a current post.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Date = tuple[int, int]


@dataclass(frozen=True)
class Position:
    role: str
    unit: str
    org: str
    city: str
    country: str
    start: Date
    end: Date | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Degree:
    degree: str
    subject: str
    org: str
    city: str
    start: int
    end: int


@dataclass(frozen=True)
class Grant:
    funder: str
    title: str
    number: str
    start: int
    end: int
    role: str
    amount: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class PatentFact:
    number: str
    office: str
    title: str
    year: int


@dataclass(frozen=True)
class Talk:
    title: str
    host: str
    city: str
    country: str  # ISO code (truth); the CV prints the country name
    country_name: str
    month: int
    year: int


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str
    phone: str
    address: str
    title: str
    positions: list[Position]
    degrees: list[Degree]
    grants: list[Grant] = field(default_factory=list)
    patents: list[PatentFact] = field(default_factory=list)
    programs: list[tuple[str, int]] = field(default_factory=list)
    talks: list[Talk] = field(default_factory=list)
    awards: list[tuple[str, int]] = field(default_factory=list)
    interests: str = ""


PEOPLE = [
    Person(
        id="p01", name="Marisol Ortega-Vance", email="m.ortegavance@example.edu", phone="+1 617 555 0142",
        address="77 Massachusetts Avenue, Cambridge, MA 02139, USA", title="Associate Professor of Mechanical Engineering",
        positions=[
            Position("Associate Professor", "Department of Mechanical Engineering", "Massachusetts Institute of Technology",
                     "Cambridge, MA", "US", (7, 2019), None, ("MIT",)),
            Position("Assistant Professor", "School of Engineering", "Brown University", "Providence, RI", "US",
                     (9, 2014), (6, 2019)),
            Position("Postdoctoral Researcher", "Laboratory for Multiscale Mechanics", "Politecnico di Milano",
                     "Milan", "IT", (10, 2012), (8, 2014)),
        ],
        degrees=[Degree("Ph.D.", "Mechanical Engineering", "University of Michigan", "Ann Arbor, MI", 2007, 2012),
                 Degree("B.S.", "Physics", "Universidad de Chile", "Santiago", 2003, 2007)],
        grants=[Grant("National Science Foundation", "CAREER: Fracture of architected lattices", "CMMI-2045117",
                      2021, 2026, "PI", "$540,000", ("NSF",)),
                Grant("Office of Naval Research", "Impact-tolerant sandwich panels", "N00014-20-1-2455",
                      2020, 2023, "Co-PI", "$750,000", ("ONR",))],
        patents=[PatentFact("US 11,214,578 B2", "US", "Auxetic lattice with graded stiffness", 2022),
                 PatentFact("IT 102019000012345", "IT", "Giunto elastico per strutture reticolari", 2020)],
        talks=[Talk("Graded lattices that do not break", "ETH Zurich", "Zurich", "CH", "Switzerland", 3, 2023),
               Talk("Architected materials under impact", "University of Tokyo", "Tokyo", "JP", "Japan", 11, 2022),
               Talk("Lattice mechanics", "Tsinghua University", "Beijing", "CN", "China", 5, 2019)],
        awards=[("ASME Orr Early Career Award", 2021)],
        interests="architected materials, fracture mechanics, additive manufacturing",
    ),
    Person(
        id="p02", name="Tobias Lindqvist", email="tobias.lindqvist@example.se", phone="+46 8 555 123 45",
        address="Lindstedtsvägen 5, 114 28 Stockholm, Sweden", title="Researcher in Quantum Photonics",
        positions=[
            Position("Senior Researcher", "Department of Applied Physics", "KTH Royal Institute of Technology",
                     "Stockholm", "SE", (1, 2020), None, ("KTH",)),
            Position("Visiting Scholar", "Institute of Semiconductors", "Chinese Academy of Sciences", "Beijing", "CN",
                     (3, 2018), (8, 2018), ("CAS",)),
            Position("Postdoctoral Fellow", "Niels Bohr Institute", "University of Copenhagen", "Copenhagen", "DK",
                     (2, 2016), (12, 2019)),
        ],
        degrees=[Degree("PhD", "Physics", "Chalmers University of Technology", "Gothenburg", 2011, 2016)],
        grants=[Grant("European Research Council", "Starting Grant QUDOT", "ERC-2021-STG 101039876", 2022, 2027,
                      "PI", "EUR 1,499,000", ("ERC",)),
                Grant("National Natural Science Foundation of China", "Quantum dot single-photon sources",
                      "61875123", 2018, 2019, "participant", "CNY 600,000", ("NSFC",))],
        patents=[PatentFact("EP 3 654 321 B1", "EP", "Deterministic single-photon source", 2021),
                 PatentFact("CN 110123456 A", "CN", "Quantum dot cavity", 2019)],
        programs=[("Recruitment Program of Foreign Experts", 2018)],
        talks=[Talk("Bright single photons", "Max Planck Institute of Quantum Optics", "Garching", "DE", "Germany", 6, 2022),
               Talk("Quantum dots in cavities", "University of Science and Technology of China", "Hefei", "CN", "China",
                    9, 2018),
               Talk("Photonic integration", "Weizmann Institute of Science", "Rehovot", "IL", "Israel", 2, 2021)],
        awards=[("Göran Gustafsson Prize for young researchers", 2023)],
        interests="quantum dots, integrated photonics, single-photon sources",
    ),
    Person(
        id="p03", name="Nasrin Farahani Koh", email="n.farahani@example.edu.au", phone="+61 2 5550 1234",
        address="Building J17, Kensington NSW 2052, Australia", title="Senior Lecturer in Chemical Engineering",
        positions=[
            Position("Senior Lecturer", "School of Chemical Engineering", "University of New South Wales", "Sydney",
                     "AU", (2, 2021), None, ("UNSW Sydney", "UNSW")),
            Position("Lecturer", "Faculty of Engineering", "Monash University", "Melbourne", "AU", (7, 2017),
                     (1, 2021)),
            Position("Research Associate", "Department of Chemical Engineering", "Imperial College London", "London",
                     "GB", (10, 2014), (6, 2017)),
        ],
        degrees=[Degree("PhD", "Chemical Engineering", "Sharif University of Technology", "Tehran", 2009, 2014),
                 Degree("BSc", "Chemical Engineering", "Amirkabir University of Technology", "Tehran", 2005, 2009)],
        grants=[Grant("Australian Research Council", "Discovery Project: Membranes for lithium recovery",
                      "DP220101234", 2022, 2025, "Lead CI", "AUD 480,000", ("ARC",)),
                Grant("Engineering and Physical Sciences Research Council", "Graphene oxide membranes",
                      "EP/P012345/1", 2015, 2017, "Researcher Co-I", "GBP 320,000", ("EPSRC",))],
        patents=[PatentFact("AU 2015203456 B2", "AU", "Selective membrane for lithium brine", 2019),
                 PatentFact("WO 2020/123456 A1", "WO", "Layered graphene oxide separator", 2020)],
        programs=[("Iran National Elites Foundation", 2012)],
        talks=[Talk("Lithium from brines", "National University of Singapore", "Singapore", "SG", "Singapore", 8, 2023),
               Talk("Membranes at scale", "Sharif University of Technology", "Tehran", "IR", "Iran", 1, 2020)],
        awards=[("Discovery Early Career Researcher Award", 2018)],
        interests="membranes, separation processes, water treatment",
    ),
    Person(
        id="p04", name="Wei-Lun Hsu", email="wlhsu@example.org", phone="+1 650 555 0188",
        address="353 Jane Stanford Way, Stanford, CA 94305", title="Research Scientist, Machine Learning Systems",
        positions=[
            Position("Research Scientist", "Stanford Artificial Intelligence Laboratory", "Stanford University",
                     "Stanford, CA", "US", (8, 2021), None),
            Position("Adjunct Professor", "College of Electrical Engineering and Computer Science",
                     "National Taiwan University", "Taipei", "TW", (2, 2022), None, ("NTU",)),
            Position("Software Engineer", "Google Brain", "Google", "Mountain View, CA", "US", (6, 2016), (7, 2021)),
        ],
        degrees=[Degree("Ph.D.", "Computer Science", "Carnegie Mellon University", "Pittsburgh, PA", 2011, 2016),
                 Degree("B.S.", "Electrical Engineering", "National Taiwan University", "Taipei", 2007, 2011)],
        grants=[Grant("Defense Advanced Research Projects Agency", "Robust learning on the edge", "HR0011-22-2-0017",
                      2022, 2025, "Co-PI", "$1,200,000", ("DARPA",))],
        patents=[PatentFact("US 10,984,221 B1", "US", "Sparse attention accelerator", 2021),
                 PatentFact("TW I712345 B", "TW", "Neural network compression circuit", 2020)],
        talks=[Talk("Efficient inference", "Academia Sinica", "Taipei", "TW", "Taiwan", 12, 2022),
               Talk("Sparse models in practice", "KAIST", "Daejeon", "KR", "South Korea", 4, 2023),
               Talk("Learning systems", "University of Toronto", "Toronto", "CA", "Canada", 10, 2021)],
        awards=[("MLSys Outstanding Paper Award", 2020)],
        interests="machine learning systems, hardware-software co-design",
    ),
    Person(
        id="p05", name="Aleksandr Petrovsky", email="a.petrovsky@example.ru", phone="+7 495 555 01 23",
        address="Bolshoy Boulevard 30, Moscow 121205, Russia", title="Leading Researcher, Materials Science",
        positions=[
            Position("Leading Researcher", "Center for Energy Science and Technology",
                     "Skolkovo Institute of Science and Technology", "Moscow", "RU", (9, 2018), None, ("Skoltech",)),
            Position("Senior Researcher", "Faculty of Chemistry", "Lomonosov Moscow State University", "Moscow", "RU",
                     (1, 2013), (8, 2018), ("Moscow State University", "MSU")),
            Position("Guest Scientist", "Institute for Applied Materials", "Karlsruhe Institute of Technology",
                     "Karlsruhe", "DE", (4, 2011), (12, 2012), ("KIT",)),
        ],
        degrees=[Degree("Candidate of Sciences", "Physical Chemistry", "Lomonosov Moscow State University", "Moscow",
                        2007, 2010)],
        grants=[Grant("Russian Science Foundation", "Cathode materials for sodium-ion batteries", "19-73-10078",
                      2019, 2022, "PI", "RUB 18,000,000", ("RSF",)),
                Grant("Deutsche Forschungsgemeinschaft", "Interfaces in solid electrolytes", "PE 2345/1-1",
                      2011, 2012, "participant", "EUR 150,000", ("DFG",))],
        patents=[PatentFact("RU 2 712 345 C1", "RU", "Cathode material for sodium-ion battery", 2020),
                 PatentFact("DE 10 2012 012 345 A1", "DE", "Festelektrolyt", 2013)],
        programs=[("Russia Mega-grants Program", 2019)],
        talks=[Talk("Sodium-ion cathodes", "Harbin Institute of Technology", "Harbin", "CN", "China", 10, 2019),
               Talk("Battery interfaces", "Bilkent University", "Ankara", "TR", "Turkey", 5, 2021)],
        awards=[("Moscow Government Prize for Young Scientists", 2017)],
        interests="battery materials, solid-state ionics",
    ),
    Person(
        id="p06", name="Chiara Benedetti", email="chiara.benedetti@example.it", phone="+39 06 5550 1234",
        address="Piazzale Aldo Moro 5, 00185 Roma, Italy", title="Associate Professor of Neuroscience",
        positions=[
            Position("Associate Professor", "Department of Physiology and Pharmacology", "Sapienza University of Rome",
                     "Rome", "IT", (11, 2020), None, ("Sapienza",)),
            Position("Research Fellow", "Wellcome Centre for Integrative Neuroimaging", "University of Oxford",
                     "Oxford", "GB", (9, 2015), (10, 2020)),
            Position("Marie Curie Fellow", "Institut du Cerveau", "Sorbonne University", "Paris", "FR", (1, 2013),
                     (8, 2015)),
        ],
        degrees=[Degree("PhD", "Neuroscience", "University of Padua", "Padua", 2009, 2012),
                 Degree("MSc", "Biology", "University of Bologna", "Bologna", 2007, 2009)],
        grants=[Grant("Wellcome Trust", "Sir Henry Wellcome Fellowship", "215012/Z/19/Z", 2016, 2020, "PI",
                      "GBP 250,000", ("Wellcome",)),
                Grant("European Research Council", "Consolidator Grant SLEEPMEM", "ERC-2022-COG 101088765", 2023,
                      2028, "PI", "EUR 2,000,000", ("ERC",))],
        patents=[PatentFact("FR 3 071 234 A1", "FR", "Dispositif de stimulation acoustique", 2019),
                 PatentFact("GB 2 567 890 A", "GB", "Closed-loop sleep stimulation", 2019)],
        talks=[Talk("Sleep and memory", "Peking University", "Beijing", "CN", "China", 6, 2023),
               Talk("Closed-loop stimulation", "University of Cape Town", "Cape Town", "ZA", "South Africa", 3, 2022),
               Talk("Memory replay", "McGill University", "Montreal", "CA", "Canada", 9, 2021)],
        awards=[("FENS-Kavli Scholar", 2021)],
        interests="sleep, memory consolidation, closed-loop neuromodulation",
    ),
    Person(
        id="p07", name="Rahul Venkataraman", email="rahul.v@example.ac.in", phone="+91 80 5550 1234",
        address="Indian Institute of Science, Bengaluru 560012, India", title="Professor of Aerospace Engineering",
        positions=[
            Position("Professor", "Department of Aerospace Engineering", "Indian Institute of Science", "Bengaluru",
                     "IN", (4, 2016), None, ("IISc",)),
            Position("Associate Professor", "Department of Aerospace Engineering",
                     "Indian Institute of Technology Bombay", "Mumbai", "IN", (7, 2010), (3, 2016), ("IIT Bombay",)),
            Position("Visiting Professor", "School of Aerospace Engineering", "Beihang University", "Beijing", "CN",
                     (5, 2017), (7, 2017)),
        ],
        degrees=[Degree("PhD", "Aerospace Engineering", "Georgia Institute of Technology", "Atlanta, GA", 2003, 2008)],
        grants=[Grant("Defence Research and Development Organisation", "Hypersonic inlet flows", "ARDB/01/1052001",
                      2017, 2021, "PI", "INR 2.4 crore", ("DRDO",)),
                Grant("Air Force Office of Scientific Research", "Shock-boundary layer interaction", "FA2386-19-1-4012",
                      2019, 2022, "PI", "$300,000", ("AFOSR",))],
        patents=[PatentFact("IN 356789", "IN", "Variable geometry scramjet inlet", 2021),
                 PatentFact("US 10,543,210 B2", "US", "Shock control bump", 2020)],
        programs=[("Thousand Talents Plan", 2017)],
        talks=[Talk("Hypersonic inlets", "Beihang University", "Beijing", "CN", "China", 6, 2017),
               Talk("Shock interactions", "University of Queensland", "Brisbane", "AU", "Australia", 8, 2019),
               Talk("High-speed flows", "Technion", "Haifa", "IL", "Israel", 12, 2022)],
        awards=[("Shanti Swarup Bhatnagar Prize", 2019)],
        interests="hypersonics, shock waves, propulsion",
    ),
    Person(
        id="p08", name="Juliana Carvalho Nunes", email="j.nunes@example.br", phone="+55 11 5555 0123",
        address="Rua do Matão 1371, São Paulo, SP, Brazil", title="Assistant Professor of Plant Genetics",
        positions=[
            Position("Assistant Professor", "Institute of Biosciences", "University of São Paulo", "São Paulo", "BR",
                     (3, 2019), None, ("Universidade de São Paulo", "USP")),
            Position("Postdoctoral Researcher", "Department of Plant Sciences", "University of California, Davis",
                     "Davis, CA", "US", (1, 2016), (2, 2019), ("UC Davis",)),
            Position("Research Assistant", "Embrapa Genetic Resources and Biotechnology",
                     "Brazilian Agricultural Research Corporation", "Brasília", "BR", (6, 2010), (12, 2011),
                     ("Embrapa",)),
        ],
        degrees=[Degree("PhD", "Genetics", "State University of Campinas", "Campinas", 2012, 2015)],
        grants=[Grant("São Paulo Research Foundation", "Drought tolerance in sugarcane", "2019/12345-6", 2019, 2024,
                      "PI", "BRL 1,100,000", ("FAPESP",)),
                Grant("National Institutes of Health", "Plant-derived antimalarials", "R21 AI145678", 2017, 2019,
                      "Key personnel", "$275,000", ("NIH",))],
        patents=[PatentFact("BR 10 2019 012345 0", "BR", "Promotor induzido por seca", 2021),
                 PatentFact("CA 3 045 678 A1", "CA", "Drought-inducible promoter", 2020)],
        programs=[("Hundred Talents Plan", 2021)],
        talks=[Talk("Sugarcane under drought", "Chinese Academy of Agricultural Sciences", "Beijing", "CN", "China",
                    10, 2021),
               Talk("Crop genomics", "Wageningen University", "Wageningen", "NL", "Netherlands", 5, 2022)],
        awards=[("L'Oréal-UNESCO For Women in Science Brazil", 2020)],
        interests="plant genetics, drought tolerance, crop genomics",
    ),
    Person(
        id="p09", name="Elif Demirtaş-Hale", email="e.demirtas@example.ac.uk", phone="+44 161 555 0199",
        address="Oxford Road, Manchester M13 9PL, United Kingdom", title="Reader in Materials Chemistry",
        positions=[
            Position("Reader", "Department of Materials", "University of Manchester", "Manchester", "GB",
                     (9, 2021), None),
            Position("Lecturer", "School of Chemistry", "University of Leeds", "Leeds", "GB", (1, 2017), (8, 2021)),
            Position("Research Fellow", "Institute of Metal Research", "Chinese Academy of Sciences", "Shenyang",
                     "CN", (4, 2015), (12, 2016), ("CAS",)),
        ],
        degrees=[Degree("PhD", "Chemistry", "Middle East Technical University", "Ankara", 2010, 2014)],
        grants=[Grant("Engineering and Physical Sciences Research Council", "Self-healing alloy coatings",
                      "EP/V012345/1", 2021, 2025, "PI", "£610,000", ("EPSRC",)),
                Grant("European Research Council", "Starting Grant CORRODE", "ERC-2020-StG 948123", 2020, 2025,
                      "PI", "€1,490,000", ("ERC",))],
        patents=[PatentFact("GB 2578901 B", "GB", "Corrosion sensing coating", 2021),
                 PatentFact("TR 2019 12345", "TR", "Kendini onaran kaplama", 2020)],
        programs=[("Shenzhen Peacock Plan", 2016)],
        talks=[Talk("Coatings that heal", "Sorbonne University", "Paris", "FR", "France", 2, 2023),
               Talk("Alloys in sea water", "Skolkovo Institute of Science and Technology", "Moscow", "RU", "Russia",
                    9, 2019),
               Talk("Corrosion in the field", "Norwegian University of Science and Technology", "Trondheim", "NO",
                    "Norway", 6, 2022)],
        awards=[("RSC Harrison-Meldola Memorial Prize", 2020)],
        interests="corrosion, coatings, electrochemistry",
    ),
    Person(
        id="p10", name="Kwame Asante-Boateng", email="k.asante@example.edu", phone="+1 512 555 0133",
        address="2501 Speedway, Austin, TX 78712, USA", title="Assistant Professor of Electrical Engineering",
        positions=[
            Position("Assistant Professor", "Department of Electrical and Computer Engineering",
                     "University of Texas at Austin", "Austin, TX", "US", (8, 2022), None, ("UT Austin",)),
            Position("Postdoctoral Fellow", "Research Laboratory of Electronics", "Massachusetts Institute of Technology",
                     "Cambridge, MA", "US", (9, 2019), (7, 2022), ("MIT",)),
            Position("Visiting Researcher", "", "Huawei Technologies Co., Ltd.", "Shenzhen", "CN", (6, 2018),
                     (8, 2018), ("Huawei",)),
        ],
        degrees=[Degree("PhD", "Electrical Engineering", "Stanford University", "Stanford, CA", 2014, 2019),
                 Degree("BSc", "Electrical Engineering", "Kwame Nkrumah University of Science and Technology",
                        "Kumasi", 2009, 2013)],
        grants=[Grant("Defense Advanced Research Projects Agency", "Wideband phased arrays", "HR0011-23-2-0001",
                      2023, 2026, "PI", "$1,200,000", ("DARPA",)),
                Grant("Semiconductor Research Corporation", "mmWave packaging", "2022-AH-3101", 2022, 2025, "PI",
                      "$450,000", ("SRC",))],
        patents=[PatentFact("US 11,876,543 B1", "US", "Beam steering array with phase compensation", 2024),
                 PatentFact("CN 114567890 A", "CN", "Antenna module", 2022)],
        programs=[],
        talks=[Talk("Phased arrays at 140 GHz", "University of Ghana", "Accra", "GH", "Ghana", 7, 2023),
               Talk("mmWave packaging", "Nanyang Technological University", "Singapore", "SG", "Singapore", 3, 2022),
               Talk("Integrated radios", "Delft University of Technology", "Delft", "NL", "Netherlands", 10, 2021)],
        awards=[("NSF CAREER Award", 2024)],
        interests="mmWave circuits, phased arrays, wireless systems",
    ),
    Person(
        id="p11", name="Ana-Lucía Ferreyra Quispe", email="alferreyra@example.edu.pe", phone="+51 1 555 0170",
        address="Av. Universitaria 1801, San Miguel, Lima 15088, Peru", title="Principal Investigator, Virology",
        positions=[
            Position("Principal Investigator", "Laboratory of Emerging Viruses", "Pontifical Catholic University of Peru",
                     "Lima", "PE", (3, 2020), None, ("PUCP",)),
            Position("Postdoctoral Researcher", "Wuhan Institute of Virology", "Chinese Academy of Sciences", "Wuhan",
                     "CN", (10, 2017), (2, 2020), ("CAS",)),
            Position("Research Associate", "Department of Microbiology", "University of Melbourne", "Melbourne",
                     "AU", (2, 2014), (9, 2017)),
        ],
        degrees=[Degree("PhD", "Microbiology", "University of Melbourne", "Melbourne", 2010, 2014)],
        grants=[Grant("Wellcome Trust", "Arbovirus surveillance in the Andes", "224567/Z/21/Z", 2021, 2026, "PI",
                      "£1,800,000", ("Wellcome",)),
                Grant("National Natural Science Foundation of China", "Bat coronavirus receptor use", "31870123",
                      2018, 2020, "Participant", "CNY 600,000", ("NSFC",))],
        patents=[PatentFact("PE 2021-001234", "PE", "Kit de diagnóstico rápido", 2022),
                 PatentFact("AU 2019203456 B2", "AU", "Rapid arbovirus assay", 2020)],
        programs=[("Recruitment Program of Foreign Experts", 2018)],
        talks=[Talk("Arboviruses in the Andes", "Fiocruz", "Rio de Janeiro", "BR", "Brazil", 11, 2022),
               Talk("Receptor usage of bat viruses", "Institut Pasteur", "Paris", "FR", "France", 4, 2021),
               Talk("Surveillance at altitude", "University of Cape Town", "Cape Town", "ZA", "South Africa", 8, 2023)],
        awards=[("L'Oréal-UNESCO International Rising Talent", 2021)],
        interests="virology, zoonoses, diagnostics",
    ),
    Person(
        id="p12", name="Jae-won Park", email="jwpark@example.ac.kr", phone="+82 2 555 0188",
        address="1 Gwanak-ro, Gwanak-gu, Seoul 08826, Republic of Korea", title="Professor of Nuclear Engineering",
        positions=[
            Position("Professor", "Department of Nuclear Engineering", "Seoul National University", "Seoul", "KR",
                     (3, 2018), None, ("SNU",)),
            Position("Senior Researcher", "", "Korea Atomic Energy Research Institute", "Daejeon", "KR", (1, 2011),
                     (2, 2018), ("KAERI",)),
            Position("Visiting Scholar", "College of Nuclear Science and Technology",
                     "Harbin Engineering University", "Harbin", "CN", (7, 2016), (12, 2016), ("HEU",)),
        ],
        degrees=[Degree("PhD", "Nuclear Engineering", "University of Wisconsin–Madison", "Madison, WI", 2005, 2010)],
        grants=[Grant("National Research Foundation of Korea", "Accident-tolerant fuel cladding", "NRF-2019M2D2A1A01234",
                      2019, 2024, "PI", "KRW 900,000,000", ("NRF",)),
                Grant("Department of Energy", "Molten salt corrosion", "DE-NE0009123", 2020, 2023, "Co-PI",
                      "$800,000", ("DOE",))],
        patents=[PatentFact("KR 10-2134567 B1", "KR", "Fuel cladding with chromium coating", 2020),
                 PatentFact("JP 6987654 B2", "JP", "Cladding tube", 2021)],
        programs=[("Thousand Talents Plan", 2016)],
        talks=[Talk("Accident-tolerant fuels", "Tokyo Institute of Technology", "Tokyo", "JP", "Japan", 5, 2022),
               Talk("Cladding under irradiation", "Idaho National Laboratory", "Idaho Falls, ID", "US",
                    "United States", 9, 2021),
               Talk("Molten salts", "Tsinghua University", "Beijing", "CN", "China", 11, 2019)],
        awards=[("Korean Nuclear Society Young Scientist Award", 2015)],
        interests="nuclear fuels, materials under irradiation, molten salts",
    ),
    Person(
        id="p13", name="Reza Karimi Tabrizi", email="r.karimi@example.ac.ir", phone="+98 21 5550 1930",
        address="Azadi Avenue, Tehran 11365, Iran", title="Associate Professor of Aerospace Engineering",
        positions=[
            Position("Associate Professor", "Department of Aerospace Engineering", "Sharif University of Technology",
                     "Tehran", "IR", (9, 2019), None, ("SUT",)),
            Position("Research Fellow", "Institute of Fluid Dynamics", "ETH Zurich", "Zurich", "CH", (1, 2015),
                     (8, 2019), ("ETH",)),
            Position("Guest Researcher", "", "Beihang University", "Beijing", "CN", (5, 2013), (12, 2014),
                     ("Beijing University of Aeronautics and Astronautics", "BUAA")),
        ],
        degrees=[Degree("PhD", "Mechanical Engineering", "Amirkabir University of Technology", "Tehran", 2008, 2013)],
        grants=[Grant("Swiss National Science Foundation", "Transition in hypersonic boundary layers", "200021_184567",
                      2016, 2019, "Co-PI", "CHF 420,000", ("SNSF",)),
                Grant("Iran National Science Foundation", "Scramjet inlet design", "98012345", 2020, 2023, "PI",
                      "IRR 3,000,000,000", ("INSF",))],
        patents=[PatentFact("CH 715432 B1", "CH", "Heat-flux gauge for hypersonic flows", 2020),
                 PatentFact("IR 101234", "IR", "Variable-geometry air intake", 2022)],
        programs=[("Iran National Elites Foundation", 2014)],
        talks=[Talk("Boundary layers at Mach 6", "Moscow Institute of Physics and Technology", "Dolgoprudny", "RU",
                    "Russia", 10, 2021),
               Talk("Hypersonic inlets", "Nanjing University of Aeronautics and Astronautics", "Nanjing", "CN",
                    "China", 6, 2022),
               Talk("Heat-flux sensing", "von Karman Institute for Fluid Dynamics", "Sint-Genesius-Rode", "BE",
                    "Belgium", 3, 2018)],
        awards=[("Khwarizmi Young Award", 2017)],
        interests="hypersonics, boundary layers, propulsion",
    ),
    Person(
        id="p14", name="Olga Sergeyevna Vetrova", email="o.vetrova@example.ru", phone="+7 495 555 0142",
        address="2-ya Baumanskaya ul. 5, Moscow 105005, Russia", title="Leading Researcher, Photonics",
        positions=[
            Position("Leading Researcher", "Laboratory of Laser Physics", "Bauman Moscow State Technical University",
                     "Moscow", "RU", (2, 2018), None, ("BMSTU",)),
            Position("Senior Research Scientist", "", "Skolkovo Institute of Science and Technology", "Moscow", "RU",
                     (9, 2014), (1, 2018), ("Skoltech",)),
            Position("Postdoctoral Fellow", "Department of Physics", "University of Toronto", "Toronto", "CA",
                     (10, 2011), (8, 2014), ("U of T",)),
        ],
        degrees=[Degree("Candidate of Sciences", "Optics", "Lomonosov Moscow State University", "Moscow", 2007, 2011)],
        grants=[Grant("Russian Science Foundation", "Ultrafast fibre lasers", "21-72-10123", 2021, 2024, "PI",
                      "RUB 18,000,000", ("RSF",)),
                Grant("Natural Sciences and Engineering Research Council of Canada", "Mid-infrared combs",
                      "RGPIN-2012-04567", 2012, 2014, "Collaborator", "CAD 90,000", ("NSERC",))],
        patents=[PatentFact("RU 2734567 C1", "RU", "Mode-locked fibre laser", 2020),
                 PatentFact("CA 2987654 A1", "CA", "Frequency comb source", 2014)],
        programs=[("Russia Mega-grants Program", 2018)],
        talks=[Talk("Fibre lasers beyond two microns", "Harbin Institute of Technology", "Harbin", "CN", "China",
                    7, 2019),
               Talk("Frequency combs", "Max Planck Institute of Quantum Optics", "Garching", "DE", "Germany", 2, 2017),
               Talk("Ultrafast photonics", "Indian Institute of Science", "Bengaluru", "IN", "India", 12, 2022)],
        awards=[("Prize of the Moscow Government for Young Scientists", 2016)],
        interests="fibre lasers, nonlinear optics, frequency combs",
    ),
    Person(
        id="p15", name="Lin Xiaoyu", email="xylin@example.edu.cn", phone="+86 10 5550 2217",
        address="37 Xueyuan Road, Haidian District, Beijing 100191, China", title="Professor of Automation",
        positions=[
            Position("Professor", "School of Automation Science and Electrical Engineering", "Beihang University",
                     "Beijing", "CN", (7, 2020), None, ("BUAA",)),
            Position("Assistant Professor", "Department of Electrical and Computer Engineering",
                     "National University of Singapore", "Singapore", "SG", (8, 2015), (6, 2020), ("NUS",)),
            Position("Research Scientist", "", "Huawei Technologies", "Shenzhen", "CN", (3, 2013), (7, 2015),
                     ("Huawei",)),
        ],
        degrees=[Degree("PhD", "Control Engineering", "Imperial College London", "London", 2009, 2013)],
        grants=[Grant("National Natural Science Foundation of China", "Resilient flight control", "62073012", 2021,
                      2024, "PI", "CNY 580,000", ("NSFC",)),
                Grant("National Research Foundation Singapore", "Swarm autonomy", "NRF-CRP21-2018-0045", 2018, 2020,
                      "Co-PI", "SGD 1,200,000", ("NRF Singapore",))],
        patents=[PatentFact("CN 112345678 A", "CN", "Fault-tolerant attitude controller", 2021),
                 PatentFact("SG 10201801234X", "SG", "Swarm formation method", 2019)],
        programs=[("Changjiang Scholars Program", 2021)],
        talks=[Talk("Resilient control of drone swarms", "Korea Advanced Institute of Science and Technology",
                    "Daejeon", "KR", "Republic of Korea", 5, 2023),
               Talk("Learning-based flight control", "Delft University of Technology", "Delft", "NL", "Netherlands",
                    9, 2019),
               Talk("Autonomy under faults", "Northwestern Polytechnical University", "Xi'an", "CN", "China", 4, 2021)],
        awards=[("IEEE CSS Young Author Prize", 2014)],
        interests="flight control, swarms, fault tolerance",
    ),
    Person(
        id="p16", name="Oluwaseun Adébáyọ̀", email="o.adebayo@example.edu.ng", phone="+234 803 555 0142",
        address="Akoka, Yaba, Lagos 101017, Nigeria", title="Senior Lecturer in Electrical Engineering",
        positions=[
            Position("Senior Lecturer", "Department of Electrical and Electronics Engineering", "University of Lagos",
                     "Lagos", "NG", (10, 2020), None, ("UNILAG",)),
            Position("Visiting Researcher", "School of Automation", "Northwestern Polytechnical University", "Xi'an",
                     "CN", (6, 2019), (9, 2019), ("NWPU", "NPU")),
            Position("Postdoctoral Fellow", "Department of Electrical and Computer Engineering",
                     "University of Waterloo", "Waterloo", "CA", (1, 2017), (9, 2020)),
        ],
        degrees=[Degree("PhD", "Electrical Engineering", "University of Cape Town", "Cape Town", 2012, 2016),
                 Degree("BSc", "Electronic and Electrical Engineering", "Obafemi Awolowo University", "Ile-Ife",
                        2006, 2011)],
        grants=[Grant("Tertiary Education Trust Fund", "National Research Fund: Solar microgrids for rural clinics",
                      "TETF/NRF/2021/ENG/0088", 2021, 2024, "PI", "NGN 48,000,000", ("TETFund",)),
                Grant("International Development Research Centre", "Off-grid energy for West African health centres",
                      "109234-001", 2018, 2021, "Co-investigator", "CAD 350,000", ("IDRC",))],
        patents=[PatentFact("CA 3 098 765 A1", "CA", "Grid-forming inverter controller for weak grids", 2021),
                 PatentFact("NG/P/2022/412", "NG", "Solar charge controller for vaccine refrigerators", 2022)],
        programs=[("111 Project", 2019)],
        talks=[Talk("Microgrids for rural clinics", "University of Nairobi", "Nairobi", "KE", "Kenya", 3, 2023),
               Talk("Grid-forming inverters", "Northwestern Polytechnical University", "Xi'an", "CN", "China", 8, 2019),
               Talk("Energy access in West Africa", "RWTH Aachen University", "Aachen", "DE", "Germany", 11, 2022)],
        awards=[("IEEE PES Outstanding Young Engineer Award", 2023)],
        interests="power electronics, microgrids, energy access",
    ),
    Person(
        id="p17", name="Sayuri Ōkubo", email="okubo.sayuri@example.ac.jp", phone="+81 75 555 0123",
        address="Kyoto University, Katsura, Nishikyo-ku, Kyoto 615-8540, Japan",
        title="Associate Professor of Mechanical Engineering and Science",
        positions=[
            Position("Associate Professor", "Graduate School of Engineering", "Kyoto University", "Kyoto", "JP",
                     (4, 2021), None),
            Position("Assistant Professor", "Department of Mechanical Engineering",
                     "The Hong Kong Polytechnic University", "Hong Kong", "HK", (8, 2016), (3, 2021), ("PolyU",)),
            Position("Research Engineer", "Research Institute", "Hangzhou Hikvision Digital Technology Co., Ltd.",
                     "Hangzhou", "CN", (7, 2014), (7, 2016), ("Hikvision",)),
        ],
        degrees=[Degree("PhD", "Information Science and Technology", "University of Tokyo", "Tokyo", 2010, 2014),
                 Degree("BEng", "Mechanical Engineering", "Tohoku University", "Sendai", 2006, 2010)],
        grants=[Grant("Japan Society for the Promotion of Science", "Grant-in-Aid for Scientific Research (B): "
                      "Tactile sensing for soft grippers", "21H01234", 2021, 2024, "PI", "JPY 17,680,000",
                      ("JSPS",)),
                Grant("Research Grants Council of Hong Kong", "General Research Fund: Visual servoing of continuum "
                      "robots", "15212318", 2018, 2021, "PI", "HKD 780,000", ("RGC",))],
        patents=[PatentFact("JP 7234567 B2", "JP", "Tactile sensor for robot hand", 2023),
                 PatentFact("KR 10-2345678 B1", "KR", "Soft gripper with embedded camera", 2022)],
        programs=[("Qianjiang Talents Program", 2015)],
        talks=[Talk("Soft hands that see", "Seoul National University", "Seoul", "KR", "South Korea", 10, 2022),
               Talk("Visual servoing of continuum robots", "University of Auckland", "Auckland", "NZ", "New Zealand",
                    2, 2020),
               Talk("Tactile learning", "Zhejiang University", "Hangzhou", "CN", "China", 6, 2019)],
        awards=[("Young Scientists' Award, Commendation for Science and Technology by MEXT", 2023)],
        interests="soft robotics, tactile sensing, robot vision",
    ),
    Person(
        id="p18", name="Marek van der Wal", email="m.vanderwal@example.pl", phone="+48 12 555 01 23",
        address="ul. Łojasiewicza 11, 30-348 Kraków, Poland", title="Professor of Physics",
        positions=[
            Position("Professor", "Faculty of Physics, Astronomy and Applied Computer Science", "Jagiellonian University",
                     "Kraków", "PL", (10, 2019), None, ("Uniwersytet Jagielloński", "UJ")),
            Position("Visiting Professor", "College of Advanced Interdisciplinary Studies",
                     "National University of Defense Technology", "Changsha", "CN", (7, 2018), (8, 2018), ("NUDT",)),
            Position("Senior Lecturer", "Racah Institute of Physics", "The Hebrew University of Jerusalem",
                     "Jerusalem", "IL", (10, 2013), (9, 2019), ("Hebrew University", "HUJI")),
        ],
        degrees=[Degree("PhD", "Physics", "University of Amsterdam", "Amsterdam", 2007, 2011),
                 Degree("MSc", "Physics", "University of Warsaw", "Warsaw", 2002, 2007)],
        grants=[Grant("Narodowe Centrum Nauki", "OPUS 21: Atom interferometry for inertial sensing",
                      "2021/41/B/ST2/01234", 2022, 2026, "PI", "PLN 1,450,000", ("National Science Centre", "NCN")),
                Grant("Israel Science Foundation", "Cold-atom gyroscopes", "1234/16", 2016, 2020, "PI",
                      "ILS 1,200,000", ("ISF",))],
        patents=[PatentFact("PL 238456 B1", "PL", "Interferometr atomowy z pułapką optyczną", 2021),
                 PatentFact("EP 3 812 345 B1", "EP", "Compact cold-atom gyroscope", 2022)],
        programs=[("Recruitment Program of Foreign Experts", 2018)],
        talks=[Talk("Atoms that measure rotation", "Cairo University", "Giza", "EG", "Egypt", 4, 2023),
               Talk("Atom interferometry in the field", "Aalto University", "Espoo", "FI", "Finland", 9, 2021),
               Talk("Cold-atom sensors", "National University of Defense Technology", "Changsha", "CN", "China",
                    7, 2018)],
        awards=[("Krill Prize for Excellence in Scientific Research", 2016),
                ("Prize of the Foundation for Polish Science", 2023)],
        interests="atom interferometry, quantum sensing, ultracold gases",
    ),
    # p19-p21 (2026-12-08): written for the dev Typst designs (typst_dev.py): a name in tone marks and
    # dots below, a Vietnamese name (family name first, stacked diacritics), a Dutch 'ter'
    Person(
        id="p19", name="Adaeze Nwọ́sụ̀-Okafor", email="adaeze.nwosu@example.edu.ng", phone="+234 806 555 0177",
        address="University of Nigeria, Nsukka 410001, Enugu State, Nigeria", title="Senior Lecturer in Chemistry",
        positions=[
            Position("Senior Lecturer", "Department of Pure and Industrial Chemistry", "University of Nigeria",
                     "Nsukka", "NG", (1, 2020), None, ("UNN",)),
            Position("Postdoctoral Researcher", "School of Chemistry and Chemical Engineering",
                     "Harbin Institute of Technology", "Harbin", "CN", (9, 2016), (12, 2019), ("HIT",)),
            Position("Research Fellow", "Department of Chemistry", "University of Ghana", "Accra", "GH",
                     (2, 2014), (8, 2016)),
        ],
        degrees=[Degree("PhD", "Chemistry", "University of Ibadan", "Ibadan", 2010, 2014),
                 Degree("BSc", "Industrial Chemistry", "University of Nigeria", "Nsukka", 2004, 2009)],
        grants=[Grant("African Academy of Sciences", "Grand Challenges Africa: Low-cost water disinfection",
                      "GCA/WASH/21/045", 2021, 2023, "PI", "USD 100,000", ("AAS",)),
                Grant("National Natural Science Foundation of China", "Research Fund for International Young "
                      "Scientists: Photocatalytic membranes", "21850410456", 2018, 2019, "PI", "CNY 200,000",
                      ("NSFC",))],
        patents=[PatentFact("ZA 2021/03456", "ZA", "Photocatalytic membrane for household water", 2021),
                 PatentFact("CN 110987654 A", "CN", "Titania-graphene composite membrane", 2019)],
        programs=[("Chunhui Program", 2018)],
        talks=[Talk("Water disinfection with light", "University of Cape Town", "Cape Town", "ZA", "South Africa",
                    5, 2022),
               Talk("Photocatalytic membranes", "Harbin Institute of Technology", "Harbin", "CN", "China", 11, 2018),
               Talk("Chemistry for clean water", "Imperial College London", "London", "GB", "United Kingdom",
                    6, 2023)],
        awards=[("For Women in Science Sub-Saharan Africa Young Talent Award", 2021)],
        interests="photocatalysis, water treatment, membranes",
    ),
    Person(
        id="p20", name="Trần Thị Bích Ngọc", email="ngoc.tranthibich@example.edu.vn", phone="+84 24 5555 0186",
        address="1 Dai Co Viet, Hai Ba Trung, Hanoi, Vietnam", title="Lecturer in Engineering Physics",
        positions=[
            Position("Lecturer", "School of Engineering Physics", "Hanoi University of Science and Technology",
                     "Hanoi", "VN", (9, 2019), None, ("HUST",)),
            Position("Postdoctoral Fellow", "Institute of Physics", "Chinese Academy of Sciences", "Beijing", "CN",
                     (3, 2017), (8, 2019), ("CAS",)),
            Position("Research Assistant", "Department of Materials Science and Engineering",
                     "Korea Advanced Institute of Science and Technology", "Daejeon", "KR", (9, 2012), (2, 2017),
                     ("KAIST",)),
        ],
        degrees=[Degree("PhD", "Materials Science", "Korea Advanced Institute of Science and Technology", "Daejeon",
                        2012, 2017),
                 Degree("BSc", "Engineering Physics", "Hanoi University of Science and Technology", "Hanoi",
                        2007, 2012)],
        grants=[Grant("National Foundation for Science and Technology Development", "Perovskite solar cells on "
                      "flexible substrates", "103.02-2020.34", 2020, 2023, "PI", "VND 1,200,000,000",
                      ("NAFOSTED",)),
                Grant("Chinese Academy of Sciences", "President's International Fellowship Initiative: Thin-film "
                      "photovoltaics", "2018PM0012", 2018, 2019, "Fellow", "CNY 300,000", ("CAS",))],
        patents=[PatentFact("VN 1-0028765", "VN", "Flexible perovskite solar cell", 2022),
                 PatentFact("US 11,234,567 B2", "US", "Encapsulation for perovskite modules", 2022)],
        programs=[("Hundred Talents Plan", 2017)],
        talks=[Talk("Flexible perovskites", "National University of Singapore", "Singapore", "SG", "Singapore", 8,
                    2022),
               Talk("Thin-film photovoltaics", "Chinese Academy of Sciences", "Beijing", "CN", "China", 4, 2021),
               Talk("Solar cells for the tropics", "Kyushu University", "Fukuoka", "JP", "Japan", 12, 2023)],
        awards=[("Ta Quang Buu Prize for Young Scientists", 2023)],
        interests="perovskite photovoltaics, thin films, encapsulation",
    ),
    Person(
        id="p21", name="Jan-Willem ter Horst", email="j.w.terhorst@example.nl", phone="+31 15 555 0143",
        address="Mekelweg 4, 2628 CD Delft, The Netherlands", title="Associate Professor of Microwave Sensing",
        positions=[
            Position("Associate Professor", "Faculty of Electrical Engineering, Mathematics and Computer Science",
                     "Delft University of Technology", "Delft", "NL", (9, 2018), None, ("TU Delft",)),
            Position("Guest Researcher", "School of Electronic and Information Engineering", "Beihang University",
                     "Beijing", "CN", (6, 2017), (8, 2017), ("BUAA", "Beijing University of Aeronautics and "
                                                              "Astronautics")),
            Position("Postdoctoral Researcher", "Department of Electrical Engineering",
                     "Eindhoven University of Technology", "Eindhoven", "NL", (1, 2014), (8, 2018), ("TU/e",)),
        ],
        degrees=[Degree("PhD", "Electrical Engineering", "University of Twente", "Enschede", 2009, 2013),
                 Degree("MSc", "Electrical Engineering", "Delft University of Technology", "Delft", 2007, 2009)],
        grants=[Grant("Dutch Research Council", "Vidi: Radar on a chip", "VI.Vidi.193.045", 2020, 2025, "PI",
                      "EUR 800,000", ("NWO",)),
                Grant("European Research Council", "Starting Grant: Millimetre-wave imaging", "101039876", 2022,
                      2027, "PI", "EUR 1,500,000", ("ERC",))],
        patents=[PatentFact("NL 2023456 B1", "NL", "On-chip radar antenna array", 2020),
                 PatentFact("WO 2021/123456 A1", "WO", "Millimetre-wave imaging sensor", 2021)],
        programs=[("Thousand Talents Plan", 2017)],
        talks=[Talk("Radar on a chip", "Beihang University", "Beijing", "CN", "China", 7, 2017),
               Talk("Millimetre-wave imaging", "University of Toronto", "Toronto", "CA", "Canada", 10, 2022),
               Talk("Automotive radar", "Technical University of Munich", "Munich", "DE", "Germany", 3, 2024)],
        awards=[("IEEE Microwave Prize", 2021)],
        interests="microwave sensing, radar, millimetre-wave imaging",
    ),
]
