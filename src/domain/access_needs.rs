//! Kinds of access need, read from the free text a registrant wrote ("silla de ruedas",
//! "intérprete de lengua de señas"…) so that a festival's figures can say how many people
//! needed what without ever showing the text. The registration form keeps one free-text field
//! (people say what they need in their own words); the figures sort it by keywords in Spanish,
//! English and Portuguese, accents and case ignored. What matches no keyword is `other`.

use super::text::search_key;

/// A kind of access need, as the figures count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NeedKind {
    Mobility,
    Hearing,
    Vision,
    /// Learning, cognitive and sensory needs: easy read, autism, a quiet space…
    Cognitive,
    Other,
}

impl NeedKind {
    pub const ALL: [NeedKind; 5] = [
        NeedKind::Mobility,
        NeedKind::Hearing,
        NeedKind::Vision,
        NeedKind::Cognitive,
        NeedKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NeedKind::Mobility => "mobility",
            NeedKind::Hearing => "hearing",
            NeedKind::Vision => "vision",
            NeedKind::Cognitive => "cognitive",
            NeedKind::Other => "other",
        }
    }
}

/// Word beginnings (after folding accents and case) that name each kind.
const KEYWORDS: [(NeedKind, &[&str]); 4] = [
    (
        NeedKind::Mobility,
        &[
            "silla de ruedas",
            "wheelchair",
            "cadeira de rodas",
            "muleta",
            "crutch",
            "andador",
            "walker",
            "bengala",
            "movilidad",
            "mobility",
            "mobilidade",
            "rampa",
            "ramp",
            "escalon",
            "escada",
            "stairs",
            "step",
            "ascensor",
            "elevador",
            "elevator",
            "lift",
        ],
    ),
    (
        NeedKind::Hearing,
        &[
            "sord",
            "deaf",
            "surd",
            "auditiv",
            "hearing",
            "audicao",
            "audifono",
            "senas",
            "sign language",
            "libras",
            "lsec",
            "interprete",
            "interpreter",
            "bucle",
            "loop",
            "subtitul",
            "caption",
            "legenda",
        ],
    ),
    (
        NeedKind::Vision,
        &[
            "ciego",
            "ciega",
            "blind",
            "cego",
            "cega",
            "visual",
            "vision",
            "visao",
            "braille",
            "audiodescrip",
            "audio description",
            "letra grande",
            "large print",
            "perro guia",
            "guide dog",
            "cao-guia",
            "cao guia",
        ],
    ),
    (
        NeedKind::Cognitive,
        &[
            "autis",
            "espectro autista",
            "tdah",
            "adhd",
            "dislex",
            "dyslex",
            "lectura facil",
            "easy read",
            "leitura facil",
            "cognitiv",
            "intelectual",
            "intellectual",
            "learning",
            "aprendizaje",
            "aprendizagem",
            "tranquil",
            "quiet",
            "sensorial",
            "sensory",
            "sindrome de down",
            "down syndrome",
        ],
    ),
];

/// The kinds of need `text` names; `[Other]` when it names none of them (it still declared a
/// need). Each kind once, in [`NeedKind::ALL`]'s order.
pub fn kinds_of_need(text: &str) -> Vec<NeedKind> {
    let folded = search_key([text]);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let spaced = format!(" {} ", words.join(" "));
    let mut kinds: Vec<NeedKind> = KEYWORDS
        .iter()
        .filter(|(_, keys)| keys.iter().any(|k| spaced.contains(&format!(" {k}"))))
        .map(|(kind, _)| *kind)
        .collect();
    if kinds.is_empty() {
        kinds.push(NeedKind::Other);
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_are_sorted_by_keywords_in_three_languages() {
        use NeedKind::*;
        let cases = [
            ("Voy en silla de ruedas", vec![Mobility]),
            ("I use a WHEELCHAIR", vec![Mobility]),
            ("Cadeira de rodas", vec![Mobility]),
            ("Intérprete de lengua de señas, por favor", vec![Hearing]),
            ("Mi hijo es sordo y usa muletas", vec![Mobility, Hearing]),
            ("Soy ciega, vengo con perro guía", vec![Vision]),
            ("Material en Braille", vec![Vision]),
            (
                "Mi nieto tiene autismo: un lugar tranquilo",
                vec![Cognitive],
            ),
            ("Lectura fácil", vec![Cognitive]),
            ("Alergia al maní", vec![Other]),
        ];
        for (text, expected) in cases {
            assert_eq!(kinds_of_need(text), expected, "{text}");
        }
    }

    #[test]
    fn keywords_match_word_beginnings_only() {
        // "step" names a need; "footsteps" and "a misstep" do not.
        assert_eq!(kinds_of_need("footsteps, a misstep"), vec![NeedKind::Other]);
        assert_eq!(kinds_of_need("no steps please"), vec![NeedKind::Mobility]);
        // "loop" in "hearing loop" but not inside "scoop".
        assert_eq!(kinds_of_need("a scoop of rice"), vec![NeedKind::Other]);
        assert_eq!(kinds_of_need("hearing loop"), vec![NeedKind::Hearing]);
    }
}
