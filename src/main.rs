fn main() -> std::process::ExitCode {
    fewer_malloc_arenas();
    hand_back_freed_memory();
    mhsw::cli::main()
}

/// glibc gives threads that allocate at the same time arenas of their own (up to eight per
/// core) and seldom hands their freed memory back, so the server's memory grew with load
/// (tokio's workers, and a thread per SQLite connection, each filling an arena). Two arenas,
/// set before any thread starts, keep it near what is in use. `MALLOC_ARENA_MAX` in the
/// environment, glibc's own setting, is left to rule when it is set.
///
/// mimalloc as the global allocator was tried instead (7 December 2026, 2,000 practitioners,
/// release build): idle RSS 70 to 74 MB against 31 to 32 MB here (45 to 49 MB of it
/// anonymous against 5), and throughput on the list and the AMHP view within the machine's
/// noise, so glibc stays.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fewer_malloc_arenas() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_some() {
        return;
    }
    // SAFETY: mallopt only changes the allocator's settings; it is called before any other
    // thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// What a burst of pages freed stays with the process until glibc trims the top of an arena,
/// which a page still in use above it prevents: after the benchmark's load the server held
/// about 130 MB though little of it was in use. Every few seconds a thread asks glibc to
/// give back the free pages of every arena (`malloc_trim`, which takes each arena's lock
/// briefly, once).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn hand_back_freed_memory() {
    const EVERY: std::time::Duration = std::time::Duration::from_secs(5);
    let _ = std::thread::Builder::new()
        .name("malloc-trim".into())
        .spawn(|| {
            loop {
                std::thread::sleep(EVERY);
                // SAFETY: malloc_trim only returns free memory to the system.
                unsafe {
                    libc::malloc_trim(0);
                }
            }
        });
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fewer_malloc_arenas() {}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn hand_back_freed_memory() {}
