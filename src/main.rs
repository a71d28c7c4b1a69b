//! The `convoca` binary: everything is in the library; see `convoca::cli`.

convoca::jemalloc_for_this_binary!();

#[tokio::main]
async fn main() -> std::process::ExitCode {
    #[allow(unsafe_code)]
    // SAFETY: nothing has touched SQLite yet: this is the first thing `main` does.
    let installed = unsafe { convoca::memory::install_for_sqlite() };
    if !installed {
        eprintln!("warning: SQLite keeps its own allocator");
    }
    convoca::cli::run().await
}

#[cfg(test)]
#[allow(unsafe_code)]
mod tests {
    use std::ptr;

    use libsqlite3_sys as sqlite;
    use tikv_jemalloc_sys as jemalloc;

    /// The binary's only test, so nothing else in its process has touched SQLite.
    #[test]
    fn sqlite_allocates_from_jemalloc_and_works() {
        // SAFETY: no other test of this binary uses SQLite. Below: SQLite's own allocation
        // functions, each block freed once; the database is opened and closed by SQLite's API
        // with a NUL-terminated name.
        unsafe {
            assert!(
                convoca::memory::install_for_sqlite(),
                "before SQLite starts, it takes the methods"
            );
            let block = sqlite::sqlite3_malloc(100);
            assert!(!block.is_null());
            // jemalloc's size class for 100 bytes is 112; SQLite's own allocator on glibc
            // would say 104 (its sizes are rounded to 8).
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
