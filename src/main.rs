//! The `convoca` binary: everything is in the library; see `convoca::cli`.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    convoca::cli::run().await
}
