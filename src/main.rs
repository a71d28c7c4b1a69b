//! The `convoca` binary: everything is in the library; see `convoca::cli`.

/// jemalloc rather than glibc's malloc: under a steady load glibc's per-thread arenas kept
/// the memory the service freed, and its resident size grew for a quarter of an hour while
/// its live heap stayed near 20 MiB (the soak bench, `benches/soak.rs`, measures both).
/// jemalloc returns freed pages to the system after a few seconds.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    convoca::cli::run().await
}
