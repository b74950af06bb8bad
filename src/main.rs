//! The `truce` binary: parse the command line, run it, print the result or the error,
//! exit with the documented code (0 success, 1 failure, 2 bad input or usage).

use clap::Parser;

fn main() {
    let cli = truce::cli::Cli::parse();
    match truce::app::run(&cli) {
        Ok(out) => {
            if !cli.quiet {
                use std::io::Write;
                let mut stdout = std::io::stdout().lock();
                // A closed pipe (e.g. `| head`) is not an error worth reporting.
                let _ = stdout.write_all(out.as_bytes());
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(e.exit_code());
        }
    }
}
