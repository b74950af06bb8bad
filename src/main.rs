//! The `truce` binary: parse the command line, run it, print the result or the error,
//! exit with the documented code (0 success, 1 failure, 2 bad input or usage).

use clap::Parser;

fn main() {
    let cli = truce::cli::Cli::parse();
    // Ctrl-C: remove any output file still being written, then exit like an interrupted
    // program (128 + SIGINT).
    let _ = ctrlc::set_handler(|| {
        truce::atomic::remove_pending();
        eprintln!("interrupted");
        std::process::exit(130);
    });
    let started = std::time::Instant::now();
    let result = truce::app::run(&cli);
    if cli.verbose {
        eprintln!(
            "truce {} {}: finished in {:.1} ms",
            env!("CARGO_PKG_VERSION"),
            cli.command.name(),
            started.elapsed().as_secs_f64() * 1e3
        );
    }
    let result = result.and_then(|out| match &cli.report_file {
        Some(path) => {
            truce::app::write_atomic(path, out.as_bytes())?;
            if !cli.quiet {
                eprintln!("wrote {}", path.display());
            }
            Ok(String::new())
        }
        None => Ok(out),
    });
    match result {
        Ok(out) => {
            if !cli.quiet {
                use std::io::Write;
                let mut stdout = std::io::stdout().lock();
                // A closed pipe (e.g. `| head`) is not an error worth reporting.
                let _ = stdout.write_all(out.as_bytes());
            }
        }
        Err(e) => {
            let colour = cli.color.for_stderr();
            let label = if colour {
                "\x1b[1;31merror\x1b[0m"
            } else {
                "error"
            };
            eprintln!("{label}: {}", e.render(colour));
            std::process::exit(e.exit_code());
        }
    }
}
