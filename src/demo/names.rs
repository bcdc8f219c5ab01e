//! Word lists for the demo: names from six countries of the LEVER UP partnership,
//! evidence, interview notes and reasons that read like a real centre's records.

/// (country, first names, last names). Names are combined within one country.
pub const PEOPLE: &[(&str, &[&str], &[&str])] = &[
    (
        "IT",
        &[
            "Giulia",
            "Marco",
            "Francesca",
            "Alessandro",
            "Chiara",
            "Luca",
            "Sara",
            "Matteo",
            "Elena",
            "Davide",
            "Martina",
            "Giorgio",
            "Federica",
            "Simone",
            "Valentina",
        ],
        &[
            "Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo",
            "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi",
        ],
    ),
    (
        "ES",
        &[
            "Lucía",
            "Javier",
            "Carmen",
            "Pablo",
            "Marta",
            "Alejandro",
            "Laura",
            "Diego",
            "Ana",
            "Sergio",
            "Paula",
            "Álvaro",
            "Irene",
            "Raúl",
        ],
        &[
            "García",
            "Fernández",
            "González",
            "Rodríguez",
            "López",
            "Martínez",
            "Sánchez",
            "Pérez",
            "Gómez",
            "Ruiz",
            "Díaz",
            "Moreno",
            "Jiménez",
            "Navarro",
        ],
    ),
    (
        "NL",
        &[
            "Sanne", "Daan", "Femke", "Bram", "Lotte", "Thijs", "Anouk", "Jeroen", "Eva", "Ruben",
            "Iris", "Sem", "Noor", "Joris",
        ],
        &[
            "de Jong",
            "Jansen",
            "de Vries",
            "van den Berg",
            "Bakker",
            "Visser",
            "Smit",
            "Meijer",
            "de Boer",
            "Mulder",
            "Bos",
            "Vos",
            "Peters",
            "Hendriks",
        ],
    ),
    (
        "PL",
        &[
            "Agnieszka",
            "Piotr",
            "Katarzyna",
            "Tomasz",
            "Magdalena",
            "Łukasz",
            "Anna",
            "Paweł",
            "Joanna",
            "Michał",
            "Zofia",
            "Krzysztof",
            "Ewa",
            "Marcin",
        ],
        &[
            "Nowak",
            "Kowalska",
            "Wiśniewski",
            "Wójcik",
            "Kamińska",
            "Lewandowski",
            "Zielińska",
            "Szymański",
            "Woźniak",
            "Dąbrowski",
            "Kozłowska",
            "Jankowski",
        ],
    ),
    (
        "BE",
        &[
            "Lien", "Wout", "Elise", "Arne", "Camille", "Thibault", "Hanne", "Maxime", "Fien",
            "Nicolas", "Margaux", "Jens",
        ],
        &[
            "Peeters",
            "Janssens",
            "Maes",
            "Jacobs",
            "Mertens",
            "Willems",
            "Claes",
            "Goossens",
            "Wouters",
            "Dubois",
            "Lambert",
            "Dupont",
            "Vermeulen",
        ],
    ),
    (
        "DK",
        &[
            "Mette", "Søren", "Freja", "Mads", "Ida", "Rasmus", "Sofie", "Frederik", "Line",
            "Anders", "Maja", "Jonas", "Karen", "Mikkel",
        ],
        &[
            "Nielsen",
            "Jensen",
            "Hansen",
            "Pedersen",
            "Andersen",
            "Christensen",
            "Larsen",
            "Sørensen",
            "Rasmussen",
            "Jørgensen",
            "Madsen",
            "Kristensen",
            "Olsen",
        ],
    ),
];

pub const CENTRE: &str = "Centro Servizi Volontariato Milano";

pub const ASSESSORS: &[&str] = &[
    "Dr. Roberta Ferrari",
    "Hendrik van Dijk",
    "Małgorzata Kaczmarek",
];
pub const TUTORS: &[&str] = &[
    "Paolo Esposito",
    "Inés Romero",
    "Lars Mikkelsen",
    "Sophie Lemaire",
];

pub const ORGANISATIONS: &[&str] = &[
    "Banco Alimentare Lombardia",
    "Croce Rossa Italiana – Milano",
    "Caritas Ambrosiana",
    "Legambiente Milano",
    "Emergency ONG",
    "AVIS Milano",
    "Scout AGESCI Milano 12",
    "Fondazione Progetto Arca",
    "Refugees Welcome Italia",
    "Auser Lombardia",
];

pub const ACTIVITIES: &[&str] = &[
    "weekly food collection",
    "summer camp for children",
    "homework club",
    "night outreach for homeless people",
    "blood donation drive",
    "river clean-up day",
    "Italian classes for newcomers",
    "charity concert",
    "elderly visiting programme",
    "fundraising dinner",
];

/// (kind code, title template); `{org}`, `{act}` and `{year}` are filled in.
pub const EVIDENCE: &[(&str, &str)] = &[
    ("reference-letter", "Reference letter from {org}"),
    (
        "certificate",
        "Certificate of attendance: volunteer training at {org}",
    ),
    ("photo", "Photo report of the {act}"),
    ("report", "Activity report {year}: {act}"),
    ("starrtt-form", "STARRTT form: organising the {act}"),
    ("video", "Video interview about the {act}"),
    ("attendance-record", "Volunteer hours log {year}, {org}"),
    ("plan", "Planning sheet for the {act}"),
];

pub const NOTES: &[&str] = &[
    "S: the {act} lost its coordinator two days before. T: keep it running. A: called the \
     volunteers, split the shifts, briefed the newcomers. R: all shifts covered.",
    "Describes a conflict between two volunteers at {org}; listened to both, proposed a rota. \
     Reflects well on what she/he would do differently.",
    "Concrete example with numbers: 40 families served per week. Probed on own role vs team: \
     clear about own contribution.",
    "Answer stayed general; asked for a specific situation twice. Example from the {act} \
     finally given, partly convincing.",
    "Transfer: would apply the same planning approach at work. Mentions feedback from the \
     coordinator of {org}.",
];

pub const STOP_REASONS: &[&str] = &[
    "more aware of own competences; no formal path wanted now",
    "moved abroad",
    "self-assessment profile is enough for the job application",
    "portfolio used for a job interview; assessment postponed",
    "no time this year because of work",
];

pub const OVERRIDE_REASONS: &[&str] = &[
    "Interview showed a clearly higher level than the written evidence suggests.",
    "Two indicators rated high rest on one single episode; level lowered to be prudent.",
];

pub const ADVICE: &[&str] = &[
    "Collect a second, independent piece of evidence (e.g. a reference letter) and take \
     on a coordinating task in the next season.",
    "Ask the coordinator for structured feedback and keep a short log of situations.",
    "Consider the training module on this competence offered by the centre.",
];
