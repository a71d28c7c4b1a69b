//! Embeds `templates/` into the binary, so the service needs no files beside it at run time.

fn main() {
    minijinja_embed::embed_templates!("templates", &[".j2"]);
}
