//! The service's memory: jemalloc for everything, SQLite's allocations included.
//!
//! A binary (the service, and the load benchmark that must measure the same service) says
//! [`crate::jemalloc_for_this_binary!`] once and calls [`install_for_sqlite`] first thing in
//! `main`. The statics are the binary's own: jemalloc reads its settings from a symbol that
//! only the final binary can be sure to link.

/// Makes jemalloc this binary's allocator, with the service's settings.
///
/// jemalloc rather than glibc's malloc: under a steady load glibc's per-thread arenas kept
/// the memory the service freed, and its resident size grew for a quarter of an hour while
/// its live heap stayed flat (the soak bench, `benches/soak.rs`, measures both). jemalloc
/// returns freed pages to the system after a few seconds.
///
/// The settings: one arena and no per-thread caches, freed pages given back after a second.
/// With jemalloc's defaults (an arena per thread up to four per core, a cache in each thread)
/// the ten-minute soak grew by 6–7 MiB from its first minute to its last, in memory partly
/// used in each arena; with these it starts 10 MiB lower. On a few cores one arena costs
/// little; an operator with many can override any of them with `_RJEM_MALLOC_CONF`, which
/// jemalloc reads after these.
#[macro_export]
macro_rules! jemalloc_for_this_binary {
    () => {
        #[global_allocator]
        static ALLOCATOR: $crate::memory::Jemalloc = $crate::memory::Jemalloc;

        #[allow(unsafe_code)]
        // SAFETY: jemalloc reads this name (tikv-jemalloc-sys prefixes its symbols with
        // `_rjem_`) as a `const char *` once, at its start; it points to a NUL-terminated
        // literal.
        #[unsafe(export_name = "_rjem_malloc_conf")]
        static MALLOC_CONF: $crate::memory::Conf = $crate::memory::Conf::SERVICE;
    };
}

pub use tikv_jemallocator::Jemalloc;

/// jemalloc's settings as it reads them: a C string.
#[repr(transparent)]
pub struct Conf(*const std::ffi::c_char);

impl Conf {
    /// What [`crate::jemalloc_for_this_binary!`] sets (it says why).
    pub const SERVICE: Self =
        Self(c"narenas:1,tcache:false,dirty_decay_ms:1000,muzzy_decay_ms:0".as_ptr());
}

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
    ///
    /// # Safety
    /// No other thread may use SQLite while this runs (`sqlite3_config` is not thread-safe):
    /// call it first thing in `main`, before any connection opens.
    pub unsafe fn install() -> bool {
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
        // SAFETY: the caller makes sure no other thread uses SQLite meanwhile (see above);
        // after SQLite initialised it only answers `SQLITE_MISUSE`. SQLite copies the methods.
        unsafe {
            sqlite::sqlite3_config(sqlite::SQLITE_CONFIG_MALLOC, &raw const methods)
                == sqlite::SQLITE_OK
        }
    }
}

pub use sqlite_on_jemalloc::install as install_for_sqlite;
