"""More fictional researchers at real institutions (2026-12-08), written for the held-out JSON Resume
themes (jsonresume_layouts.py) and shown in no development template.

Same conventions as people.py (whose dataclasses these are): positions as (role, unit inside the
organisation or "", organisation, city, country code, start, end), dates as (month, year), end None
for a current post; aliases are other names the same organisation goes by. The people do not exist;
names, e-mails, grant numbers and patent numbers are invented. What is new here: a name with the
Arabic article 'al-', a hyphenated Spanish double surname, a Greek name with a patronymic initial;
Saudi, Danish, Spanish, Eurasian and Greek patents; funders of Saudi Arabia, Denmark, Spain, Russia,
Greece and the European Commission; a mega-grant laboratory in Russia and short visits in China.
"""

from __future__ import annotations

from tests.corpus.real_layouts.people import Degree, Grant, PatentFact, Person, Position, Talk

MORE_PEOPLE = [
    Person(
        id="p22", name="Samira al-Qahtani", email="s.alqahtani@example.edu.sa", phone="+966 13 555 0147",
        address="KFUPM Box 5038, Dhahran 31261, Saudi Arabia", title="Associate Professor of Electrical Engineering",
        positions=[
            Position("Associate Professor", "Department of Electrical Engineering",
                     "King Fahd University of Petroleum and Minerals", "Dhahran", "SA", (9, 2019), None, ("KFUPM",)),
            Position("Visiting Scholar", "School of Automation", "Beijing Institute of Technology", "Beijing", "CN",
                     (7, 2018), (12, 2018), ("BIT",)),
            Position("Postdoctoral Researcher", "Department of Wind and Energy Systems",
                     "Technical University of Denmark", "Kongens Lyngby", "DK", (3, 2015), (8, 2019),
                     ("DTU", "Danmarks Tekniske Universitet")),
        ],
        degrees=[Degree("PhD", "Electrical Engineering", "University of Strathclyde", "Glasgow", 2011, 2015),
                 Degree("BSc", "Electrical Engineering", "King Saud University", "Riyadh", 2006, 2011)],
        grants=[Grant("King Abdulaziz City for Science and Technology", "Condition monitoring of desert solar farms",
                      "14-ENE2870-04", 2020, 2023, "PI", "SAR 1,800,000", ("KACST",)),
                Grant("Independent Research Fund Denmark", "Grid-forming wind turbine converters", "8022-00123B",
                      2017, 2019, "Co-PI", "DKK 2,900,000", ("Danmarks Frie Forskningsfond", "DFF"))],
        patents=[PatentFact("SA 8765 B1", "SA", "Dust detection for photovoltaic arrays", 2022),
                 PatentFact("DK 180234 B1", "DK", "Grid-forming control of a wind turbine converter", 2020)],
        programs=[("Qiming Program", 2019)],
        talks=[Talk("Solar farms in the heat", "Khalifa University", "Abu Dhabi", "AE", "United Arab Emirates",
                    2, 2023),
               Talk("Grid-forming wind converters", "Beijing Institute of Technology", "Beijing", "CN", "China",
                    11, 2018),
               Talk("Monitoring photovoltaics in deserts", "Universidad Técnica Federico Santa María", "Valparaíso",
                    "CL", "Chile", 10, 2022)],
        awards=[("Almarai Prize for Scientific Innovation", 2021)],
        interests="power electronics, renewable integration, condition monitoring",
    ),
    Person(
        id="p23", name="Ignacio Fernández-Arroyo", email="ignacio.fernandez-arroyo@example.es",
        phone="+34 91 555 0192", address="Calle Sor Juana Inés de la Cruz 3, 28049 Madrid, Spain",
        title="Tenured Scientist in Condensed Matter Physics",
        positions=[
            Position("Tenured Scientist", "Instituto de Ciencia de Materiales de Madrid",
                     "Spanish National Research Council", "Madrid", "ES", (1, 2021), None,
                     ("CSIC", "Consejo Superior de Investigaciones Científicas")),
            Position("Head of Laboratory", "Laboratory of Two-Dimensional Magnetism",
                     "Moscow Institute of Physics and Technology", "Dolgoprudny", "RU", (9, 2017), (12, 2020),
                     ("MIPT", "Phystech")),
            Position("Postdoctoral Researcher", "Laboratory for Neutron Scattering and Imaging",
                     "Paul Scherrer Institute", "Villigen", "CH", (10, 2014), (8, 2017), ("PSI",)),
        ],
        degrees=[Degree("PhD", "Physics", "Autonomous University of Madrid", "Madrid", 2010, 2014),
                 Degree("BSc", "Physics", "University of Granada", "Granada", 2005, 2010)],
        grants=[Grant("Agencia Estatal de Investigación", "Proyectos de Generación de Conocimiento: Twisted "
                      "bilayer magnets", "PID2021-123456NB-I00", 2022, 2025, "PI", "EUR 186,000",
                      ("State Research Agency", "AEI")),
                Grant("Russian Foundation for Basic Research", "Magnon transport in van der Waals heterostructures",
                      "18-52-45012", 2018, 2020, "PI", "RUB 6,000,000", ("RFBR",))],
        patents=[PatentFact("ES 2 745 678 B2", "ES", "Sensor magnético de capa bidimensional", 2021),
                 PatentFact("EA 038765 B1", "EA", "Magnon waveguide on a van der Waals crystal", 2020)],
        programs=[("Russia Mega-grants Program", 2017)],
        talks=[Talk("Magnons in twisted bilayers", "Nanjing University of Science and Technology", "Nanjing", "CN",
                    "China", 5, 2019),
               Talk("Two-dimensional magnets", "University of Buenos Aires", "Buenos Aires", "AR", "Argentina",
                    11, 2022),
               Talk("Spin waves in van der Waals materials", "Jožef Stefan Institute", "Ljubljana", "SI",
                    "Slovenia", 4, 2024)],
        awards=[("Real Sociedad Española de Física Young Researcher Award", 2019)],
        interests="two-dimensional magnetism, magnonics, neutron scattering",
    ),
    Person(
        id="p24", name="Eirini Th. Kalogeropoulou", email="e.kalogeropoulou@example.gr", phone="+30 210 555 0173",
        address="Heroon Polytechniou 9, 15780 Zografou, Athens, Greece",
        title="Associate Professor of Telecommunications",
        positions=[
            Position("Associate Professor", "School of Electrical and Computer Engineering",
                     "National Technical University of Athens", "Athens", "GR", (3, 2020), None, ("NTUA",)),
            Position("Visiting Professor", "School of Information and Communication Engineering",
                     "University of Electronic Science and Technology of China", "Chengdu", "CN", (5, 2019),
                     (7, 2019), ("UESTC",)),
            Position("Research Fellow", "Institute for Digital Communications", "University of Edinburgh",
                     "Edinburgh", "GB", (10, 2014), (2, 2020)),
            Position("Researcher", "Institute of Computer Science", "Foundation for Research and Technology – Hellas",
                     "Heraklion", "GR", (2, 2012), (9, 2014), ("FORTH",)),
        ],
        degrees=[Degree("PhD", "Electrical and Computer Engineering", "Aristotle University of Thessaloniki",
                        "Thessaloniki", 2008, 2012),
                 Degree("Diploma", "Electrical and Computer Engineering", "University of Patras", "Patras",
                        2003, 2008)],
        grants=[Grant("Hellenic Foundation for Research and Innovation", "Reconfigurable intelligent surfaces for 6G",
                      "HFRI-FM17-1234", 2021, 2024, "PI", "EUR 200,000", ("H.F.R.I.", "ELIDEK")),
                Grant("European Commission", "Marie Skłodowska-Curie Individual Fellowship: Terahertz links",
                      "H2020-MSCA-IF-2018 845123", 2017, 2019, "Fellow", "EUR 212,933", ("EC",)),
                Grant("Royal Society", "Research Grant: Terahertz channel sounding", "RGS\\R1\\191234", 2019, 2020,
                      "PI", "GBP 20,000", ("The Royal Society",))],
        patents=[PatentFact("GR 1010123 B", "GR", "Ανακλαστική επιφάνεια μεταβλητής φάσης", 2021),
                 PatentFact("EP 4 012 345 A1", "EP", "Reconfigurable reflector for terahertz links", 2022)],
        programs=[("111 Project", 2019)],
        talks=[Talk("Intelligent surfaces for 6G", "University of Electronic Science and Technology of China",
                    "Chengdu", "CN", "China", 6, 2019),
               Talk("Terahertz links", "Koç University", "Istanbul", "TR", "Turkey", 9, 2022),
               Talk("Channel sounding at 300 GHz", "University of Oulu", "Oulu", "FI", "Finland", 3, 2023)],
        awards=[("IEEE ComSoc Young Researcher Award for Europe, Middle East and Africa", 2022)],
        interests="terahertz communications, intelligent surfaces, channel modelling",
    ),
]
