//! The `truce` binary: parse the command line, run it, print the result or the error,
//! exit with the documented code (0 success, 1 failure, 2 bad input or usage).

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

mod app;
mod cli;

/// Whether standard output was closed when the program started (`truce solve X >&-`).
/// Rust's runtime reopens a closed standard stream on `/dev/null` before `main`, where
/// every write would vanish without an error; so the descriptor is looked at earlier,
/// from the program's initialisers (on Linux), and `main` refuses to compute a report
/// that nobody could read.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static LOOK_AT_STDOUT: extern "C" fn() = look_at_stdout;

#[cfg(target_os = "linux")]
extern "C" fn look_at_stdout() {
    // SAFETY: F_GETFD only reads the flags of a descriptor number; on a closed one it
    // fails with EBADF and changes nothing.
    let closed = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) } == -1;
    STDOUT_CLOSED.store(closed, Ordering::Relaxed);
}

use clap::{CommandFactory, FromArgMatches};

/// Writes a line to standard error; a standard error that cannot be written (closed,
/// full) is not worth a panic.
fn note(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// clap's own colour for help and usage errors, from `--color` (read before parsing, so
/// it applies to the parse errors too) and `NO_COLOR`.
fn clap_colour(args: &[std::ffi::OsString]) -> clap::ColorChoice {
    let mut choice = None;
    for (k, a) in args.iter().enumerate() {
        let a = a.to_string_lossy();
        let value = match a.strip_prefix("--color") {
            Some("") => args.get(k + 1).map(|v| v.to_string_lossy().into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        match value.as_deref() {
            Some("always") => choice = Some(clap::ColorChoice::Always),
            Some("never") => choice = Some(clap::ColorChoice::Never),
            Some("auto") => choice = Some(clap::ColorChoice::Auto),
            _ => {}
        }
    }
    choice.unwrap_or_else(|| {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            clap::ColorChoice::Never
        } else {
            clap::ColorChoice::Auto
        }
    })
}

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let matches = cli::Cli::command()
        .color(clap_colour(&args))
        .get_matches_from(&args);
    let cli = cli::Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    // Ctrl-C: remove any output file still being written, then exit like an interrupted
    // program (128 + SIGINT).
    let _ = ctrlc::set_handler(|| {
        truce::atomic::remove_pending();
        note("interrupted");
        std::process::exit(130);
    });
    let colour = cli.color.for_stderr();
    let label = if colour {
        "\x1b[1;31merror\x1b[0m"
    } else {
        "error"
    };
    // A closed standard output is a failure, found before any work: the report would be
    // lost. (A pipe whose reader has gone, `| head`, is different: see below.)
    if STDOUT_CLOSED.load(Ordering::Relaxed) && cli.report_file.is_none() && !cli.quiet {
        note(&format!(
            "{label}: standard output is closed, so the report would be lost; redirect it (> FILE), or pass -o FILE or --quiet"
        ));
        std::process::exit(1);
    }
    let started = std::time::Instant::now();
    let result = app::run(&cli);
    if cli.verbose {
        note(&format!(
            "truce {} {}: finished in {:.1} ms ({} of budgeted work counted)",
            env!("CARGO_PKG_VERSION"),
            cli.command.name(),
            started.elapsed().as_secs_f64() * 1e3,
            truce::budget::duration_text(truce::budget::spent_seconds())
        ));
    }
    // Whatever a report quotes from a file, no control character reaches the terminal.
    let result = result.map(|out| match truce::text::terminal_safe(&out) {
        std::borrow::Cow::Borrowed(_) => out,
        std::borrow::Cow::Owned(safe) => safe,
    });
    let result = result.and_then(|out| match &cli.report_file {
        Some(path) => {
            app::write_atomic(path, out.as_bytes())?;
            if !cli.quiet {
                note(&truce::text::terminal_safe(&format!(
                    "wrote {}",
                    path.display()
                )));
            }
            Ok(String::new())
        }
        None => Ok(out),
    });
    match result {
        Ok(out) => {
            if !cli.quiet && !out.is_empty() {
                let mut stdout = std::io::stdout().lock();
                match stdout
                    .write_all(out.as_bytes())
                    .and_then(|_| stdout.flush())
                {
                    // A pipe whose reader has gone (`| head`, EPIPE) is the reader's
                    // choice, not a failure: stop quietly with exit code 0. Any other
                    // error (a full disk, say) is exit code 1.
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        note(&format!("{label}: cannot write the report: {e}"));
                        std::process::exit(1);
                    }
                    _ => {}
                }
            }
        }
        Err(e) => {
            note(&format!("{label}: {}", e.render(colour)));
            std::process::exit(e.exit_code());
        }
    }
}
