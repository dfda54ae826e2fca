//! The `sixparty` binary: a thin wrapper over the library's command line (`src/cli/`).

fn main() -> std::process::ExitCode {
    sixparty::cli::main()
}
