fn main() -> std::process::ExitCode {
    mhsw::cli::main()
}
