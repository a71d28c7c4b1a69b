//! The `convoca` binary: everything is in the library; see `convoca::cli`.

/// jemalloc rather than glibc's malloc: under a steady load glibc's per-thread arenas kept
/// the memory the service freed, and its resident size grew for a quarter of an hour while
/// its live heap stayed flat (the soak bench, `benches/soak.rs`, measures both). jemalloc
/// returns freed pages to the system after a few seconds.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings: one arena and no per-thread caches, freed pages given back after a
/// second. With its defaults (an arena per thread up to four per core, a cache in each
/// thread) the ten-minute soak grew by 6–7 MiB from its first minute to its last, in memory
/// partly used in each arena; with these it starts 10 MiB lower. On a few cores one arena
/// costs little; an operator with many can override any of them with `_RJEM_MALLOC_CONF`,
/// which jemalloc reads after these.
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

/// SQLite's own allocations (its page caches, prepared statements, schema) go to jemalloc
/// too. On glibc's malloc each SQLite connection, on a thread of its own, had an arena of its
/// own, and freed memory stayed in them in pieces: over the ten-minute soak the five arenas
/// grew from 7 to 11 MiB, all of the service's growth, while the Rust side's live heap stayed
/// at 15.9 MB (jemalloc's heap profile, three dumps two minutes apart). With SQLite on
/// jemalloc the soak is flat: over 1,200 s, 46.5 MiB in its first minute after the warm-up and
/// 46.3 MiB in its last (it rose by 7.4 MiB before).
#[allow(unsafe_code)]
mod sqlite_on_jemalloc {
    use std::{
        ffi::{c_int, c_void},
        ptr,
    };

    use libsqlite3_sys as sqlite;
    use tikv_jemalloc_sys as jemalloc;

    // SAFETY (each function below): SQLite calls them as its `sqlite3_mem_methods` say: sizes
    // it asks for are positive, and what it frees, resizes or measures is only what these
    // functions gave it, which jemalloc allocated.

    unsafe extern "C" fn malloc(size: c_int) -> *mut c_void {
        match usize::try_from(size) {
            Ok(size) => unsafe { jemalloc::malloc(size) },
            Err(_) => ptr::null_mut(),
        }
    }

    unsafe extern "C" fn free(block: *mut c_void) {
        unsafe { jemalloc::free(block) }
    }

    unsafe extern "C" fn realloc(block: *mut c_void, size: c_int) -> *mut c_void {
        match usize::try_from(size) {
            Ok(size) => unsafe { jemalloc::realloc(block, size) },
            Err(_) => ptr::null_mut(),
        }
    }

    unsafe extern "C" fn size(block: *mut c_void) -> c_int {
        let size = unsafe { jemalloc::malloc_usable_size(block) };
        c_int::try_from(size).unwrap_or(c_int::MAX)
    }

    unsafe extern "C" fn roundup(size: c_int) -> c_int {
        // jemalloc leaves a size of 0 undefined (SQLite never asks for one).
        let wanted = match usize::try_from(size) {
            Ok(wanted) if wanted > 0 => wanted,
            _ => return size,
        };
        let rounded = unsafe { jemalloc::nallocx(wanted, 0) };
        c_int::try_from(rounded)
            .ok()
            .filter(|&r| r >= size)
            .unwrap_or(size)
    }

    unsafe extern "C" fn init(_: *mut c_void) -> c_int {
        sqlite::SQLITE_OK
    }

    unsafe extern "C" fn shutdown(_: *mut c_void) {}

    /// Hands SQLite these functions; false if SQLite refused (it must not have started yet).
    pub fn install() -> bool {
        let methods = sqlite::sqlite3_mem_methods {
            xMalloc: Some(malloc),
            xFree: Some(free),
            xRealloc: Some(realloc),
            xSize: Some(size),
            xRoundup: Some(roundup),
            xInit: Some(init),
            xShutdown: Some(shutdown),
            pAppData: ptr::null_mut(),
        };
        // SAFETY: called first thing in `main`, before any connection opens and so before
        // SQLite initialises, as `sqlite3_config` requires; SQLite copies the methods.
        unsafe {
            sqlite::sqlite3_config(sqlite::SQLITE_CONFIG_MALLOC, &raw const methods)
                == sqlite::SQLITE_OK
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn sqlite_allocates_from_jemalloc_and_works() {
            assert!(install(), "before SQLite starts, it takes the methods");
            // SAFETY: SQLite's own allocation functions, each block freed once; the database
            // is opened and closed by SQLite's API with a NUL-terminated name.
            unsafe {
                let block = sqlite::sqlite3_malloc(100);
                assert!(!block.is_null());
                // jemalloc's size class for 100 bytes is 112; SQLite's own allocator on
                // glibc would say 104 (its sizes are rounded to 8).
                assert_eq!(
                    sqlite::sqlite3_msize(block),
                    jemalloc::nallocx(100, 0) as u64
                );
                sqlite::sqlite3_free(block);
                let mut db = ptr::null_mut();
                assert_eq!(sqlite::sqlite3_open(c":memory:".as_ptr(), &raw mut db), 0);
                let sql = c"CREATE TABLE t (b BLOB); INSERT INTO t VALUES (zeroblob(100000));";
                let done =
                    sqlite::sqlite3_exec(db, sql.as_ptr(), None, ptr::null_mut(), ptr::null_mut());
                assert_eq!(done, sqlite::SQLITE_OK);
                assert_eq!(sqlite::sqlite3_close(db), sqlite::SQLITE_OK);
            }
        }
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    if !sqlite_on_jemalloc::install() {
        eprintln!("warning: SQLite keeps its own allocator");
    }
    convoca::cli::run().await
}
