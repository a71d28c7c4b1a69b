//! The demo's programme: its venues, its two programmes (the festival week and the
//! conference after it) and its registrants, as data, and how each becomes the spec the store
//! takes. Most of its length is the programme itself, kept in one place so that it reads as
//! one programme.

use anyhow::Context;
use chrono::{DateTime, Days, NaiveDate, SubsecRound, TimeZone, Utc};
use chrono_tz::America::Guayaquil;
use uuid::Uuid;

use crate::domain::{
    event::EventSpec,
    festival::{DEFAULT_REMINDER_OFFSETS, FestivalSpec},
    kinds::{
        EventAccess::{self, AudioDescription, Captioning, EasyRead, SignLanguage},
        EventKind::{
            self, Activity, Ceremony, Exhibition, Forum, Other, Panel, Plenary, Talk, Workshop,
        },
        FestivalKind,
        VenueFeature::{self, *},
    },
    venue::VenueSpec,
};

pub(super) const ORG_SLUG: &str = "quito-aprende";
pub(super) const FESTIVAL_SLUG: &str = "festival-aprendizaje-quito";
pub(super) const CONFERENCE_SLUG: &str = "conferencia-ciudades-aprendizaje";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Site {
    Biblioteca,
    Carolina,
    Bicentenario,
    Central,
    CasaSomos,
    Yaku,
    Carrion,
    Chillogallo,
    Sucre,
}
pub(super) use Site::*;

pub(super) struct Venue {
    pub(super) site: Site,
    pub(super) name: &'static str,
    pub(super) address: &'static str,
    pub(super) coords: (f64, f64),
    pub(super) capacity: Option<i32>,
    pub(super) features: &'static [VenueFeature],
    pub(super) about: &'static str,
}

#[rustfmt::skip]
pub(super) const VENUES: [Venue; 9] = [
    Venue { site: Biblioteca, name: "Biblioteca Metropolitana (Centro Cultural Metropolitano)",
        address: "Calle García Moreno N3-61 y Espejo, Centro Histórico", coords: (-0.2203, -78.5125),
        capacity: Some(120), features: &[StepFreeAccess, AccessibleToilet, QuietRoom],
        about: "Sala de lectura y auditorio en el edificio patrimonial junto a la Plaza Grande; ascensor." },
    Venue { site: Carolina, name: "Parque La Carolina",
        address: "Av. de los Shyris y Av. Naciones Unidas, Iñaquito", coords: (-0.1836, -78.4849),
        capacity: None, features: &[StepFreeAccess, AccessibleToilet, AccessibleParking],
        about: "Gran parque urbano del centro-norte, junto al Jardín Botánico de Quito." },
    Venue { site: Bicentenario, name: "Parque Bicentenario",
        address: "Av. Amazonas y Av. de la Prensa, antiguo aeropuerto", coords: (-0.1432, -78.4877),
        capacity: None, features: &[StepFreeAccess, AccessibleParking, TactilePaving],
        about: "Parque sobre la antigua pista del aeropuerto Mariscal Sucre: explanadas llanas." },
    Venue { site: Central, name: "Universidad Central del Ecuador",
        address: "Av. Universitaria y Av. Pérez Guerrero, Ciudadela Universitaria", coords: (-0.1998, -78.5051),
        capacity: Some(300), features: &[StepFreeAccess, AccessibleToilet, HearingLoop],
        about: "Aulas y auditorio de la Facultad de Filosofía, Letras y Ciencias de la Educación." },
    Venue { site: CasaSomos, name: "Casa Somos Chimbacalle",
        address: "Av. Pedro Vicente Maldonado y Sincholagua, Chimbacalle", coords: (-0.2440, -78.5168),
        capacity: Some(40), features: &[StepFreeAccess, QuietRoom],
        about: "Centro comunitario municipal de la red Casa Somos, con aula de computación." },
    Venue { site: Yaku, name: "Yaku Parque Museo del Agua",
        address: "Calle Antonio Ante OE6-70 y Av. Mariscal Sucre, El Placer", coords: (-0.2176, -78.5181),
        capacity: Some(60), features: &[StepFreeAccess, AccessibleToilet],
        about: "Museo de ciencia sobre el agua en los antiguos tanques de El Placer." },
    Venue { site: Carrion, name: "Centro Cultural Benjamín Carrión",
        address: "Jerónimo Carrión E1-88 y Av. 10 de Agosto", coords: (-0.2058, -78.4990),
        capacity: Some(80), features: &[StepFreeAccess, AccessibleToilet, HearingLoop],
        about: "Casa cultural municipal dedicada a la literatura, con sala de exposiciones." },
    Venue { site: Chillogallo, name: "Centro de Desarrollo Comunitario Chillogallo",
        address: "Av. Mariscal Sucre, sector Chillogallo, sur de Quito", coords: (-0.2836, -78.5560),
        capacity: Some(60), features: &[StepFreeAccess, AccessibleToilet, AccessibleParking],
        about: "Centro municipal del sur con aulas, telecentro y salón comunal." },
    Venue { site: Sucre, name: "Teatro Nacional Sucre",
        address: "Calle Manabí N8-131 entre Guayaquil y Flores, Plaza del Teatro", coords: (-0.2194, -78.5107),
        capacity: Some(800), features: &[StepFreeAccess, AccessibleToilet, HearingLoop],
        about: "Teatro de 1886 en el Centro Histórico, con platea y palcos." },
];

pub(super) enum Place {
    At(Site),
    Online(&'static str),
}
pub(super) use Place::{At, Online};

/// One event: `day` counts from the first day of its programme, `at` is local time in Quito.
/// Events without seats are open to all and need no registration.
pub(super) struct Item {
    pub(super) day: u64,
    pub(super) at: (u32, u32),
    pub(super) minutes: i64,
    pub(super) place: Place,
    pub(super) kind: EventKind,
    pub(super) seats: Option<i32>,
    pub(super) lang: &'static str,
    pub(super) access: &'static [EventAccess],
    pub(super) title: &'static str,
    pub(super) host: &'static str,
    pub(super) who: &'static [&'static str],
    pub(super) themes: &'static [&'static str],
    pub(super) about: &'static str,
}

pub(super) const MUNICIPIO: &str = "Secretaría de Educación del Municipio de Quito";
pub(super) const BIBLIOTECAS: &str = "Red Metropolitana de Bibliotecas de Quito";
pub(super) const UCE: &str = "Universidad Central del Ecuador";
pub(super) const LIVE: &str = "https://meet.jit.si/QuitoAprende-Festival";

#[rustfmt::skip]
pub(super) const FESTIVAL_ITEMS: &[Item] = &[
    Item { day: 0, at: (10, 0), minutes: 120, place: At(Sucre), kind: Ceremony, seats: Some(800), lang: "es",
        access: &[SignLanguage, Captioning], title: "Ceremonia de inauguración del Festival del Aprendizaje",
        host: MUNICIPIO, who: &["familias", "docentes", "jóvenes", "personas-mayores"], themes: &["aprendizaje-a-lo-largo-de-la-vida"],
        about: "Música, testimonios de estudiantes de todas las edades y la apertura de la semana." },
    Item { day: 0, at: (9, 0), minutes: 120, place: At(Yaku), kind: Workshop, seats: Some(35), lang: "es", access: &[],
        title: "Guardianes del agua: taller para escuelas", host: "Yaku Parque Museo del Agua",
        who: &["niñez", "docentes"], themes: &["ciencia", "medio-ambiente"],
        about: "Experimentos sobre el ciclo del agua de Quito, del páramo a la llave." },
    Item { day: 0, at: (15, 0), minutes: 120, place: At(Biblioteca), kind: Workshop, seats: Some(25), lang: "es",
        access: &[EasyRead], title: "Club de lectura intergeneracional", host: BIBLIOTECAS,
        who: &["personas-mayores", "jóvenes", "niñez"], themes: &["lectura"],
        about: "Abuelas, abuelos, jóvenes y niños leen y conversan sobre cuentos quiteños." },
    Item { day: 0, at: (16, 0), minutes: 120, place: At(CasaSomos), kind: Workshop, seats: Some(20), lang: "es",
        access: &[EasyRead], title: "Alfabetización digital para personas mayores", host: "Programa 60 y Piquito",
        who: &["personas-mayores"], themes: &["alfabetización-digital"],
        about: "Primeros pasos con el teléfono: mensajes, videollamadas y cuidado de los datos." },
    Item { day: 0, at: (19, 0), minutes: 90, place: Online(LIVE), kind: Talk, seats: None, lang: "es",
        access: &[Captioning], title: "¿Qué es una ciudad del aprendizaje?", host: MUNICIPIO,
        who: &["docentes", "trabajadores"], themes: &["aprendizaje-a-lo-largo-de-la-vida"],
        about: "Charla en línea sobre la Red Mundial de Ciudades del Aprendizaje de la UNESCO." },
    Item { day: 1, at: (9, 0), minutes: 480, place: At(Bicentenario), kind: Exhibition, seats: None, lang: "es",
        access: &[], title: "Feria de oferta educativa", host: "Municipio de Quito, universidades e institutos técnicos",
        who: &["jóvenes", "trabajadores", "familias", "migrantes"], themes: &["educación-superior", "emprendimiento"],
        about: "Universidades, institutos, escuelas de oficios y programas municipales muestran su oferta." },
    Item { day: 1, at: (10, 0), minutes: 90, place: At(Biblioteca), kind: Workshop, seats: Some(30), lang: "es",
        access: &[], title: "Lectura en voz alta con bebés y familias", host: BIBLIOTECAS,
        who: &["niñez", "familias"], themes: &["lectura", "primera-infancia"],
        about: "Rimas, arrullos y libros álbum para leer en casa desde los primeros meses." },
    Item { day: 1, at: (10, 0), minutes: 120, place: At(CasaSomos), kind: Workshop, seats: Some(30), lang: "es",
        access: &[], title: "Aprender jugando: primera infancia", host: "Guagua Centros del Municipio de Quito",
        who: &["niñez", "familias"], themes: &["primera-infancia", "salud"],
        about: "Juego, movimiento y nutrición para niñas y niños de uno a tres años y sus familias." },
    Item { day: 1, at: (9, 0), minutes: 180, place: At(Chillogallo), kind: Workshop, seats: Some(40), lang: "es",
        access: &[], title: "Orientación laboral y validación de títulos para personas migrantes",
        host: "Secretaría de Inclusión Social y organizaciones de movilidad humana",
        who: &["migrantes", "trabajadores"], themes: &["empleo", "interculturalidad"],
        about: "Cómo registrar títulos, preparar una hoja de vida y encontrar formación gratuita." },
    Item { day: 1, at: (18, 0), minutes: 90, place: At(Carrion), kind: Talk, seats: Some(80), lang: "es",
        access: &[SignLanguage], title: "Quito, ciudad del aprendizaje desde 2018", host: "Centro Cultural Benjamín Carrión",
        who: &["docentes", "trabajadores"], themes: &["aprendizaje-a-lo-largo-de-la-vida"],
        about: "Qué ha cambiado desde que Quito entró en la Red Mundial de la UNESCO." },
    Item { day: 2, at: (9, 0), minutes: 180, place: At(Carolina), kind: Activity, seats: None, lang: "es",
        access: &[], title: "Ciencia en el parque: experimentos al aire libre", host: "Yaku Parque Museo del Agua",
        who: &["niñez", "familias"], themes: &["ciencia"],
        about: "Estaciones de experimentos abiertas a quien pase; sin inscripción." },
    Item { day: 2, at: (15, 0), minutes: 120, place: At(Carolina), kind: Activity, seats: None, lang: "es",
        access: &[], title: "Caminata de aves y árboles de La Carolina", host: "Jardín Botánico de Quito",
        who: &["personas-mayores", "familias"], themes: &["medio-ambiente", "salud"],
        about: "Recorrido a paso tranquilo para reconocer árboles nativos y aves de la ciudad." },
    Item { day: 2, at: (9, 0), minutes: 180, place: At(Central), kind: Workshop, seats: Some(60), lang: "es",
        access: &[], title: "Inteligencia artificial en el aula", host: UCE,
        who: &["docentes"], themes: &["alfabetización-digital"],
        about: "Usos críticos y éticos de la inteligencia artificial para preparar clases." },
    Item { day: 2, at: (15, 0), minutes: 120, place: At(Central), kind: Panel, seats: Some(300), lang: "es",
        access: &[Captioning], title: "Universidad y comunidad: aprender fuera de las aulas", host: UCE,
        who: &["jóvenes", "docentes"], themes: &["educación-superior", "participación"],
        about: "Proyectos de vinculación con barrios, mercados y escuelas de Quito." },
    Item { day: 2, at: (16, 0), minutes: 120, place: At(Chillogallo), kind: Workshop, seats: Some(30), lang: "es",
        access: &[], title: "Emprendimiento para mujeres del sur de Quito", host: "ConQuito",
        who: &["mujeres", "trabajadores"], themes: &["emprendimiento"],
        about: "Costos, precios y ventas en línea para negocios de barrio." },
    Item { day: 2, at: (10, 0), minutes: 120, place: At(Biblioteca), kind: Workshop, seats: Some(25), lang: "qu",
        access: &[], title: "Kichwa shimita yachakushun: kichwa para principiantes", host: "Pueblo Kitu Kara",
        who: &["jóvenes", "familias"], themes: &["interculturalidad", "lenguas-originarias"],
        about: "Saludos, números y canciones en kichwa, la lengua de los pueblos de la Sierra." },
    Item { day: 3, at: (15, 0), minutes: 180, place: At(Sucre), kind: Forum, seats: Some(400), lang: "es",
        access: &[SignLanguage], title: "Foro juvenil: ¿qué queremos aprender?", host: "Jóvenes Quito",
        who: &["jóvenes"], themes: &["participación"],
        about: "Las juventudes proponen qué aprender, dónde y cómo; las propuestas van al Concejo." },
    Item { day: 3, at: (10, 0), minutes: 120, place: At(Yaku), kind: Workshop, seats: Some(30), lang: "es",
        access: &[], title: "Laboratorio del agua: química cotidiana", host: "Yaku Parque Museo del Agua",
        who: &["jóvenes", "docentes"], themes: &["ciencia"],
        about: "Medimos la calidad del agua con kits sencillos que se pueden llevar al colegio." },
    Item { day: 3, at: (9, 0), minutes: 540, place: At(Carrion), kind: Exhibition, seats: None, lang: "es",
        access: &[AudioDescription, EasyRead], title: "Exposición: memorias de la educación popular en Quito",
        host: "Centro Cultural Benjamín Carrión", who: &["familias", "docentes", "personas-mayores"],
        themes: &["lectura", "interculturalidad"],
        about: "Cartillas, fotografías y testimonios de campañas de alfabetización; entrada libre." },
    Item { day: 3, at: (10, 0), minutes: 120, place: At(CasaSomos), kind: Workshop, seats: Some(25), lang: "es",
        access: &[], title: "Autocuidado para cuidadoras y cuidadores", host: "Programa 60 y Piquito",
        who: &["familias", "personas-mayores"], themes: &["salud"],
        about: "Herramientas para cuidar a otros sin descuidarse a uno mismo." },
    Item { day: 3, at: (9, 0), minutes: 120, place: At(Chillogallo), kind: Workshop, seats: Some(20), lang: "es",
        access: &[EasyRead], title: "Leer y escribir a cualquier edad", host: MUNICIPIO,
        who: &["trabajadores", "personas-mayores"], themes: &["alfabetización", "lectura"],
        about: "Primer encuentro del programa municipal de alfabetización para personas adultas." },
    Item { day: 3, at: (18, 0), minutes: 90, place: Online(LIVE), kind: Talk, seats: None, lang: "en",
        access: &[Captioning], title: "Learning cities around the world", host: MUNICIPIO,
        who: &["docentes", "trabajadores"], themes: &["aprendizaje-a-lo-largo-de-la-vida"],
        about: "Guests from other cities of the UNESCO Global Network of Learning Cities, online." },
    Item { day: 4, at: (9, 0), minutes: 120, place: At(Central), kind: Talk, seats: Some(150), lang: "es",
        access: &[], title: "Educación para la paz y habilidades socioemocionales", host: UCE,
        who: &["docentes", "familias"], themes: &["convivencia", "salud"],
        about: "Cómo aprender a convivir en la escuela, la casa y el barrio." },
    Item { day: 4, at: (15, 0), minutes: 120, place: At(Biblioteca), kind: Workshop, seats: Some(20), lang: "es",
        access: &[], title: "Escritura creativa para jóvenes", host: BIBLIOTECAS,
        who: &["jóvenes"], themes: &["lectura", "escritura"],
        about: "Crónica y poesía a partir de las calles del Centro Histórico." },
    Item { day: 4, at: (10, 0), minutes: 150, place: At(Yaku), kind: Workshop, seats: Some(30), lang: "es",
        access: &[], title: "Huertos urbanos y compostaje", host: "AGRUPAR, agricultura urbana de ConQuito",
        who: &["familias", "personas-mayores"], themes: &["medio-ambiente", "salud"],
        about: "Sembrar en poco espacio y convertir los residuos de cocina en abono." },
    Item { day: 4, at: (17, 0), minutes: 120, place: At(CasaSomos), kind: Activity, seats: Some(40), lang: "es",
        access: &[], title: "Noche de juegos de mesa y matemáticas", host: "Casa Somos Chimbacalle",
        who: &["familias", "niñez"], themes: &["ciencia", "matemáticas"],
        about: "Juegos de estrategia y acertijos para aprender matemáticas en familia." },
    Item { day: 4, at: (15, 0), minutes: 120, place: At(Chillogallo), kind: Workshop, seats: Some(25), lang: "es",
        access: &[EasyRead], title: "Trámites en línea y banca segura", host: "Centro de Desarrollo Comunitario Chillogallo",
        who: &["personas-mayores", "trabajadores", "migrantes"], themes: &["alfabetización-digital"],
        about: "Pagar servicios, sacar turnos y reconocer fraudes desde el teléfono." },
    Item { day: 4, at: (18, 30), minutes: 120, place: At(Carrion), kind: Other, seats: Some(80), lang: "es",
        access: &[Captioning], title: "Cine foro: la escuela en el cine ecuatoriano", host: "Centro Cultural Benjamín Carrión",
        who: &["jóvenes", "docentes"], themes: &["interculturalidad"],
        about: "Proyección de cortometrajes y conversación con sus realizadores." },
    Item { day: 5, at: (10, 0), minutes: 240, place: At(Bicentenario), kind: Activity, seats: None, lang: "es",
        access: &[], title: "Juegos tradicionales y lectura en el parque", host: BIBLIOTECAS,
        who: &["niñez", "familias"], themes: &["lectura", "interculturalidad"],
        about: "Trompos, rayuela y una biblioteca itinerante sobre el césped; sin inscripción." },
    Item { day: 5, at: (8, 0), minutes: 180, place: At(Carolina), kind: Activity, seats: None, lang: "es",
        access: &[], title: "Bici-ruta del aprendizaje", host: "Secretaría de Movilidad del Municipio de Quito",
        who: &["jóvenes", "familias"], themes: &["medio-ambiente", "salud"],
        about: "Recorrido en bicicleta con paradas para aprender seguridad vial y mecánica básica." },
    Item { day: 5, at: (10, 0), minutes: 120, place: At(Yaku), kind: Workshop, seats: Some(10), lang: "es",
        access: &[], title: "Taller de robótica para niñas y niños", host: "Club de Robótica de la Escuela Politécnica Nacional",
        who: &["niñez"], themes: &["robótica", "ciencia"],
        about: "Armar y programar un pequeño robot que mide el agua; grupos de diez." },
    Item { day: 5, at: (15, 0), minutes: 90, place: At(Yaku), kind: Talk, seats: Some(60), lang: "qu",
        access: &[], title: "Yaku mama: saberes kichwa sobre el agua", host: "Pueblo Kitu Kara",
        who: &["familias", "jóvenes"], themes: &["interculturalidad", "medio-ambiente"],
        about: "Relatos y saberes ancestrales sobre vertientes y lagunas, en kichwa." },
    Item { day: 5, at: (10, 0), minutes: 90, place: At(Biblioteca), kind: Workshop, seats: Some(30), lang: "es",
        access: &[SignLanguage], title: "Cuentos en lengua de señas", host: BIBLIOTECAS,
        who: &["niñez", "familias", "personas-con-discapacidad"], themes: &["lectura", "inclusión"],
        about: "Cuentacuentos sordos y oyentes narran a la vez en lengua de señas y en español." },
    Item { day: 5, at: (15, 0), minutes: 150, place: At(Chillogallo), kind: Forum, seats: Some(60), lang: "es",
        access: &[], title: "Foro comunitario: el sur de Quito aprende", host: "Centro de Desarrollo Comunitario Chillogallo",
        who: &["trabajadores", "jóvenes", "migrantes"], themes: &["participación"],
        about: "Vecinas y vecinos priorizan la oferta de aprendizaje que necesita el sur." },
    Item { day: 5, at: (9, 0), minutes: 240, place: At(Central), kind: Workshop, seats: Some(120), lang: "es",
        access: &[], title: "Preparación para el ingreso a la universidad", host: UCE,
        who: &["jóvenes"], themes: &["educación-superior"],
        about: "Simulacro de examen y orientación vocacional con estudiantes universitarios." },
    Item { day: 6, at: (8, 0), minutes: 120, place: At(Carolina), kind: Activity, seats: None, lang: "es",
        access: &[], title: "Yoga y bienestar para toda la familia", host: "Secretaría de Salud del Municipio de Quito",
        who: &["familias", "personas-mayores"], themes: &["salud"],
        about: "Sesión al aire libre para todas las edades; lleve una manta." },
    Item { day: 6, at: (10, 0), minutes: 300, place: At(Bicentenario), kind: Exhibition, seats: None, lang: "es",
        access: &[], title: "Muestra de proyectos de ciencia escolar", host: MUNICIPIO,
        who: &["niñez", "jóvenes", "docentes"], themes: &["ciencia", "robótica"],
        about: "Estudiantes de las unidades educativas municipales presentan sus proyectos." },
    Item { day: 6, at: (17, 0), minutes: 120, place: At(Sucre), kind: Plenary, seats: Some(800), lang: "es",
        access: &[SignLanguage, Captioning], title: "Plenaria de clausura: lo que Quito aprendió esta semana",
        host: MUNICIPIO, who: &["familias", "docentes", "jóvenes"], themes: &["aprendizaje-a-lo-largo-de-la-vida"],
        about: "Balance del festival con las voces de participantes y compromisos para el próximo año." },
];

pub(super) const AUTHORITIES: &[&str] = &["autoridades-locales", "docentes", "sociedad-civil"];

#[rustfmt::skip]
pub(super) const CONFERENCE_ITEMS: &[Item] = &[
    Item { day: 0, at: (9, 0), minutes: 60, place: At(Sucre), kind: Ceremony, seats: Some(800), lang: "es",
        access: &[SignLanguage], title: "Instalación de la Conferencia Nacional", host: MUNICIPIO,
        who: AUTHORITIES, themes: &["ciudades-del-aprendizaje"],
        about: "Bienvenida de la ciudad anfitriona y de las ciudades ecuatorianas de la Red." },
    Item { day: 0, at: (10, 0), minutes: 90, place: At(Sucre), kind: Plenary, seats: Some(800), lang: "es",
        access: &[SignLanguage, Captioning], title: "Plenaria: construir ciudades del aprendizaje sostenibles", host: MUNICIPIO,
        who: AUTHORITIES, themes: &["ciudades-del-aprendizaje", "medio-ambiente"],
        about: "De la Declaración de Ciudad de México (2015) a los planes locales de aprendizaje." },
    Item { day: 0, at: (14, 0), minutes: 90, place: At(Carrion), kind: Panel, seats: Some(80), lang: "es",
        access: &[], title: "Cuenca: políticas participativas y acceso a la información", host: "Municipio de Cuenca",
        who: AUTHORITIES, themes: &["ciudades-del-aprendizaje", "participación"],
        about: "Miembro de la Red desde 2017, con la educación continua como pilar del desarrollo comunitario." },
    Item { day: 0, at: (16, 0), minutes: 90, place: At(Carrion), kind: Panel, seats: Some(80), lang: "es",
        access: &[], title: "Loja: educación, salud, seguridad, movilidad y emprendimiento", host: "Municipio de Loja",
        who: AUTHORITIES, themes: &["ciudades-del-aprendizaje", "emprendimiento"],
        about: "Desde 2022, la colaboración público-privada y ciudadana en la planificación estratégica." },
    Item { day: 1, at: (9, 0), minutes: 90, place: At(Carrion), kind: Panel, seats: Some(80), lang: "es",
        access: &[], title: "Azogues: un plan por fases contra el analfabetismo digital", host: "Municipio de Azogues",
        who: AUTHORITIES, themes: &["alfabetización", "alfabetización-digital"],
        about: "Desde 2024: comunidades educativas, alianzas con universidades y educación para la paz." },
    Item { day: 1, at: (11, 0), minutes: 90, place: At(Carrion), kind: Panel, seats: Some(80), lang: "es",
        access: &[Captioning], title: "Quito: Bájale al Acoso, Jóvenes Quito y Guagua Centros", host: MUNICIPIO,
        who: AUTHORITIES, themes: &["ciudades-del-aprendizaje", "inclusión"],
        about: "Desde 2018, programas sociales alineados con los Objetivos de Desarrollo Sostenible." },
    Item { day: 1, at: (14, 0), minutes: 120, place: At(Sucre), kind: Forum, seats: Some(500), lang: "es",
        access: &[SignLanguage], title: "Foro de alcaldes y alcaldesas", host: "Asociación de Municipalidades Ecuatorianas",
        who: &["autoridades-locales"], themes: &["ciudades-del-aprendizaje", "financiamiento"],
        about: "Voluntad política, gobernanza y financiamiento sostenible del aprendizaje local." },
    Item { day: 1, at: (16, 30), minutes: 60, place: At(Sucre), kind: Plenary, seats: Some(800), lang: "es",
        access: &[SignLanguage, Captioning], title: "Hacia una red nacional de ciudades del aprendizaje", host: MUNICIPIO,
        who: AUTHORITIES, themes: &["ciudades-del-aprendizaje"],
        about: "Cómo coordinar a las ciudades ecuatorianas, como ya hacen otras redes nacionales." },
    Item { day: 1, at: (17, 30), minutes: 45, place: At(Sucre), kind: Ceremony, seats: Some(800), lang: "es",
        access: &[SignLanguage], title: "Clausura y reconocimiento a iniciativas de aprendizaje", host: MUNICIPIO,
        who: AUTHORITIES, themes: &["ciudades-del-aprendizaje"],
        about: "Reconocimiento a iniciativas ciudadanas de aprendizaje de las cuatro ciudades." },
];

pub(super) struct Programme {
    pub(super) slug: &'static str,
    pub(super) title: &'static str,
    pub(super) kind: FestivalKind,
    /// Days after the festival week's first day.
    pub(super) offset_days: u64,
    pub(super) days: u64,
    pub(super) about: &'static str,
    pub(super) items: &'static [Item],
}

pub(super) const PROGRAMMES: [Programme; 2] = [
    Programme {
        slug: FESTIVAL_SLUG,
        title: "Festival del Aprendizaje de Quito",
        kind: FestivalKind::Festival,
        offset_days: 0,
        days: 7,
        about: "Las Directrices para la Creación de Ciudades del Aprendizaje de la UNESCO invitan a \
            «organizar un festival del aprendizaje en lugares donde la gente se reúne»: un evento \
            alegre en el que las organizaciones muestran sus cursos y ofrecen actividades prácticas \
            para todas las personas. Quito, miembro de la Red Mundial de Ciudades del Aprendizaje \
            desde 2018, abre durante una semana bibliotecas, parques, museos, universidades y centros \
            comunitarios para celebrar el aprendizaje a lo largo de toda la vida.",
        items: FESTIVAL_ITEMS,
    },
    Programme {
        slug: CONFERENCE_SLUG,
        title: "Conferencia Nacional de Ciudades del Aprendizaje del Ecuador",
        kind: FestivalKind::Conference,
        offset_days: 7,
        days: 2,
        about: "Cuenca (2017), Quito (2018), Loja (2022) y Azogues (2024), las ciudades ecuatorianas \
            de la Red Mundial de Ciudades del Aprendizaje de la UNESCO, comparten experiencias, \
            forjan alianzas y dan pasos hacia una red nacional, como recomiendan las Directrices: \
            invitar a ciudades hermanas a compartir sus conocimientos y buenas prácticas.",
        items: CONFERENCE_ITEMS,
    },
];

/// Demo registrants: name, email, seats, locale. Addresses are on `example.org`, which
/// receives no mail.
pub(super) const REGISTRANTS: [(&str, &str, i32, &str); 6] = [
    ("Rosa Quishpe", "rosa.quishpe@example.org", 3, "es"),
    ("Luis Andrade", "luis.andrade@example.org", 2, "es"),
    ("María Tituaña", "maria.tituana@example.org", 1, "es"),
    ("Jorge Cevallos", "jorge.cevallos@example.org", 4, "es"),
    ("Ana Guamán", "ana.guaman@example.org", 2, "es"),
    ("Sarah Miller", "sarah.miller@example.org", 1, "en"),
];

impl Venue {
    pub(super) fn spec(&self) -> VenueSpec {
        VenueSpec {
            name: self.name.to_owned(),
            address: self.address.to_owned(),
            city: "Quito".to_owned(),
            country: "EC".to_owned(),
            latitude: Some(self.coords.0),
            longitude: Some(self.coords.1),
            capacity: self.capacity,
            accessibility: self.features.to_vec(),
            description: Some(self.about.to_owned()),
        }
    }
}

impl Programme {
    pub(super) fn spec(&self, first_day: NaiveDate) -> anyhow::Result<FestivalSpec> {
        let starts_on = after(first_day, self.offset_days)?;
        Ok(FestivalSpec {
            slug: self.slug.to_owned(),
            title: self.title.to_owned(),
            kind: self.kind,
            city: "Quito".to_owned(),
            country: "EC".to_owned(),
            timezone: Guayaquil,
            starts_on,
            ends_on: after(starts_on, self.days.saturating_sub(1))?,
            description: Some(self.about.to_owned()),
            website: Some("https://www.quito.gob.ec".to_owned()),
            reminder_offsets_minutes: DEFAULT_REMINDER_OFFSETS.to_vec(),
        })
    }
}

impl Item {
    #[allow(
        clippy::needless_update,
        reason = "the default fills the fields the demo leaves empty, once there are some"
    )]
    pub(super) fn spec(
        &self,
        first_day: NaiveDate,
        venues: &[(Site, Uuid)],
    ) -> anyhow::Result<EventSpec> {
        let (hour, minute) = self.at;
        let local = after(first_day, self.day)?
            .and_hms_opt(hour, minute, 0)
            .context("invalid time of day")?;
        // Whole seconds, as the API stores them, so comparisons are exact on every backend.
        let starts_at: DateTime<Utc> = Guayaquil
            .from_local_datetime(&local)
            .single()
            .context("ambiguous local time")?
            .with_timezone(&Utc)
            .trunc_subsecs(0);
        let (venue_id, online_url) = match self.place {
            At(site) => {
                let id = venues.iter().find(|(s, _)| *s == site).map(|(_, id)| *id);
                (
                    Some(id.with_context(|| format!("no venue for {site:?}"))?),
                    None,
                )
            }
            Online(url) => (None, Some(url.to_owned())),
        };
        let tags = |tags: &[&str]| tags.iter().map(|t| (*t).to_owned()).collect();
        Ok(EventSpec {
            title: self.title.to_owned(),
            kind: self.kind,
            starts_at,
            ends_at: starts_at + chrono::Duration::minutes(self.minutes),
            venue_id,
            online_url,
            capacity: self.seats,
            registration_required: self.seats.is_some(),
            audience: tags(self.who),
            themes: tags(self.themes),
            language: Some(self.lang.to_owned()),
            accessibility: self.access.to_vec(),
            host: Some(self.host.to_owned()),
            description: Some(self.about.to_owned()),
            // Fields the demo does not fill stay empty, so that adding an optional field to
            // events needs no change here.
            ..EventSpec::default()
        })
    }
}

pub(super) fn after(date: NaiveDate, days: u64) -> anyhow::Result<NaiveDate> {
    date.checked_add_days(Days::new(days))
        .context("date out of range")
}
