//! The `convoca` binary: everything is in the library; see `convoca::cli`.

/// jemalloc rather than glibc's malloc: under a steady load glibc's per-thread arenas kept
/// the memory the service freed, and its resident size grew for a quarter of an hour while
/// its live heap stayed near 20 MiB (the soak bench, `benches/soak.rs`, measures both).
/// jemalloc returns freed pages to the system after a few seconds.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings: one arena and no per-thread caches, freed pages given back after a
/// second. With its defaults (an arena per thread up to four per core, a cache in each
/// thread) the ten-minute soak grew by 6–7 MiB from its first minute to its last, spread
/// over memory partly used in each arena, while SQLite's live heap stayed flat (heaptrack:
/// 3.5–4.5 MiB throughout); with these it starts 10 MiB lower and grew by 2.8–3.9 MiB. On a
/// few cores one arena costs little; an operator with many can override any of them with
/// `_RJEM_MALLOC_CONF`, which jemalloc reads after these.
#[allow(unsafe_code)]
// SAFETY: jemalloc reads this name (tikv-jemalloc-sys prefixes its symbols with `_rjem_`)
// as a `const char *` once, at its start; it points to a NUL-terminated literal.
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: Conf =
    Conf(c"narenas:1,tcache:false,dirty_decay_ms:1000,muzzy_decay_ms:0".as_ptr());

/// A C string as jemalloc reads it.
#[repr(transparent)]
struct Conf(*const std::ffi::c_char);

#[allow(unsafe_code)]
// SAFETY: the pointer is to a string literal, immutable and alive for the whole program.
unsafe impl Sync for Conf {}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    convoca::cli::run().await
}
