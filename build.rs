//! Embeds `templates/` into the binary, so the service needs no files beside it at run time, and
//! lists the languages of `locales/` (one folder each) for `src/i18n.rs`.

use std::{env, fs, path::Path};

fn main() {
    minijinja_embed::embed_templates!("templates", &[".j2"]);

    println!("cargo:rerun-if-changed=locales");
    let mut languages: Vec<String> = fs::read_dir("locales")
        .expect("the locales/ folder")
        .filter_map(Result::ok)
        .filter(|entry| entry.path().join("meta.ftl").is_file())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    languages.sort();
    let list = languages
        .iter()
        .map(|code| format!("{code:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("languages.rs");
    fs::write(
        out,
        format!(
            "/// The languages of `locales/`, in alphabetical order of their tags.\n\
             pub const LANGUAGES: &[&str] = &[{list}];\n"
        ),
    )
    .expect("writing languages.rs");
}
