fn main() -> std::process::ExitCode {
    fewer_malloc_arenas();
    mhsw::cli::main()
}

/// glibc gives threads that allocate at the same time arenas of their own (up to eight per
/// core) and seldom hands their freed memory back, so the server's memory grew with load
/// (tokio's workers, and a thread per SQLite connection, each filling an arena). Two arenas,
/// set before any thread starts, keep it near what is in use.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fewer_malloc_arenas() {
    // SAFETY: mallopt only changes the allocator's settings; it is called before any other
    // thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fewer_malloc_arenas() {}
