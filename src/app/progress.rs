//! The work budget at the command line: check a command's [`Plan`] before it starts,
//! then show its progress on standard error while it runs — a bar on a terminal, a line
//! every few seconds with `--verbose` — read from the library's work meter
//! ([`truce::budget::spent_seconds`]).

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use truce::budget::{self, Plan, duration_text};

use crate::app::error::AppError;

/// Seconds between progress lines with `--verbose` when standard error is not a terminal.
const VERBOSE_EVERY: Duration = Duration::from_secs(2);

/// How often the bar is redrawn.
const TICK: Duration = Duration::from_millis(100);

/// Refuses `plan` beyond its budget (a usage error naming the way forward), then starts
/// showing its progress; the display stops when the returned watch is dropped.
pub(crate) fn start(
    plan: &Plan,
    what: &str,
    force: bool,
    ctx: &super::Context,
) -> Result<Watch, AppError> {
    refuse(plan, what, force)?;
    Ok(Watch::new(plan, what, ctx))
}

/// Refuses `plan` beyond its budget, and with `--verbose` says what it is estimated at,
/// for a command that draws its own progress.
pub(crate) fn check(
    plan: &Plan,
    what: &str,
    force: bool,
    ctx: &super::Context,
) -> Result<(), AppError> {
    refuse(plan, what, force)?;
    if ctx.verbose && !ctx.quiet {
        let _ = writeln!(
            std::io::stderr(),
            "{what}: estimated work {} on one core",
            duration_text(plan.seconds())
        );
    }
    Ok(())
}

/// `plan` beyond its budget as a usage error naming the command and the way forward.
fn refuse(plan: &Plan, what: &str, force: bool) -> Result<(), AppError> {
    plan.check(force)
        .map_err(|e| AppError::Usage(format!("{what}: {e}")))
}

/// A running progress display (or none).
pub(crate) struct Watch {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Watch {
    fn new(plan: &Plan, what: &str, ctx: &super::Context) -> Watch {
        let seconds = plan.seconds();
        let idle = Watch {
            stop: Arc::new(AtomicBool::new(true)),
            thread: None,
        };
        if ctx.quiet {
            return idle;
        }
        if ctx.verbose {
            let parts: Vec<String> = plan
                .parts
                .iter()
                .filter(|e| e.seconds() >= 0.01 * seconds)
                .map(|e| format!("{} {}", e.part, duration_text(e.seconds())))
                .collect();
            let _ = writeln!(
                std::io::stderr(),
                "{what}: estimated work {} on one core{}",
                duration_text(seconds),
                if parts.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", parts.join("; "))
                }
            );
        }
        let terminal = std::io::stderr().is_terminal();
        if seconds < budget::PROGRESS_FROM_SECONDS || !(terminal || ctx.verbose) {
            return idle;
        }
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let what = what.to_string();
        let base = budget::spent_seconds();
        let thread = std::thread::spawn(move || show(&what, base, seconds, terminal, &flag));
        Watch {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The share of the estimate done, in thousandths, from the work counted — or, for work
/// the meter does not count (estimated as time), from the time elapsed; never shown as
/// finished before it is.
fn permille(base: f64, total: f64, started: Instant) -> u64 {
    let counted = (budget::spent_seconds() - base).max(0.0);
    let done = if counted > 0.0 {
        counted
    } else {
        started.elapsed().as_secs_f64()
    };
    ((done / total.max(1e-9)) * 1000.0).min(990.0) as u64
}

fn show(what: &str, base: f64, total: f64, terminal: bool, stop: &AtomicBool) {
    let started = Instant::now();
    if terminal {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(1000),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{prefix} [{bar:30}] {percent}% of the estimated work, {elapsed} so far",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix(what.to_string());
        while !stop.load(Ordering::Relaxed) {
            bar.set_position(permille(base, total, started));
            std::thread::sleep(TICK);
        }
        bar.finish_and_clear();
        return;
    }
    let mut last = Instant::now();
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(TICK);
        if last.elapsed() >= VERBOSE_EVERY {
            last = Instant::now();
            let _ = writeln!(
                std::io::stderr(),
                "{what}: {:.0}% of the estimated work done, {:.0} s so far",
                permille(base, total, started) as f64 / 10.0,
                started.elapsed().as_secs_f64()
            );
        }
    }
}
