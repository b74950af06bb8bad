//! `truce sweep`: parse the grid, run [`truce::sweep::run`] on a thread pool, stream the
//! rendered points (to standard output as they are ready, or into the returned report),
//! show a progress bar on a terminal, and write the sweep chart.

use std::io::Write;

use crate::app::error::AppError;
use crate::cli::{SweepArgs, TableFormatArg};
use truce::report::sweep as render;
use truce::scenario::SweepParameter;
use truce::sweep::{Baseline, SweepError, SweepPoint, check_grid, parse_grid};

/// Where rendered rows go.
pub enum Sink<'a> {
    /// Written to standard output as they come.
    Stdout,
    /// Appended to a string (for `--output FILE`, written atomically at the end, or for
    /// `--quiet`, dropped).
    Buffer(&'a mut String),
}

/// Runs `truce sweep`: rows stream to standard output as they are ready unless the
/// report is collected (`-o FILE`, `--quiet`), in which case they are returned.
pub fn run(args: &SweepArgs, ctx: &super::Context) -> Result<String, AppError> {
    let mut buf = String::new();
    if ctx.collect {
        stream(args, ctx, Sink::Buffer(&mut buf))?;
    } else {
        stream(args, ctx, Sink::Stdout)?;
    }
    Ok(buf)
}

/// Evaluates the sweep, writing each rendered point into `sink` in grid order; `--quiet`
/// silences the progress bar and the chart listing.
fn stream(args: &SweepArgs, ctx: &super::Context, mut sink: Sink<'_>) -> Result<(), AppError> {
    let quiet = ctx.quiet;
    let s = super::load(&args.file, ctx)?;
    let grid = parse_grid(&args.param, &s)
        .map_err(|e| AppError::Usage(format!("--param {:?}: {e}", args.param)))?;
    // Every grid value must give a valid game before any point is computed or printed.
    check_grid(&grid, &s).map_err(|e| {
        AppError::Usage(format!(
            "{}: --param {:?}: {e}",
            args.file.display(),
            args.param
        ))
    })?;
    // A flag the sweep would overwrite at every point is refused, not dropped.
    for (given, swept, flag) in [
        (args.delta.is_some(), SweepParameter::Discount, "--delta"),
        (args.noise.is_some(), SweepParameter::Noise, "--noise"),
    ] {
        if given && grid.parameter == swept {
            return Err(AppError::Usage(format!(
                "{flag} conflicts with --param {:?}: the swept values replace it at every point; drop {flag}",
                args.param
            )));
        }
    }
    let mut baseline = Baseline::of(&s);
    let settings = super::RepeatedFlags {
        delta: args.delta,
        noise: args.noise,
        ..Default::default()
    }
    .resolve(&s)?;
    if args.delta.is_some() {
        baseline.discount = settings.discount;
    }
    if args.noise.is_some() {
        baseline.noise = settings.noise.get();
    }
    let jobs = match args.jobs {
        Some(j) if !(1..=1024).contains(&j) => {
            return Err(AppError::Usage(format!(
                "--jobs {j}: give a number from 1 to 1024"
            )));
        }
        Some(j) => j as usize,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let plan = truce::sweep::estimate(&s, &grid, &baseline);
    super::progress::check(&plan, "sweep", args.force, ctx)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| AppError::Failed(format!("cannot start worker threads: {e}")))?;

    let bar = super::progress_bar(
        grid.points as u64,
        &format!("sweep {}", grid.parameter.name()),
        "points",
        quiet,
    );

    let mut points: Vec<SweepPoint> = Vec::with_capacity(grid.points);
    let mut write_error: Option<std::io::Error> = None;
    let name = grid.parameter.name().to_string();
    let format = args.format;
    let mut emit = |p: SweepPoint| {
        let mut chunk = String::new();
        if p.index == 0 {
            match format {
                TableFormatArg::Text => chunk.push_str(&render::text_header(&name, &p)),
                TableFormatArg::Csv => chunk.push_str(&render::csv_header(&p)),
                TableFormatArg::Json => {}
            }
        }
        chunk.push_str(&match format {
            TableFormatArg::Text => render::text_row(&p, points.first().unwrap_or(&p)),
            TableFormatArg::Json => render::json_line(&p),
            TableFormatArg::Csv => render::csv_row(&p),
        });
        match &mut sink {
            Sink::Stdout => {
                bar.suspend(|| {
                    let mut out = std::io::stdout().lock();
                    let chunk = truce::text::terminal_safe(&chunk);
                    if let Err(e) = out.write_all(chunk.as_bytes()).and_then(|_| out.flush()) {
                        write_error = Some(e);
                    }
                });
            }
            Sink::Buffer(buf) => buf.push_str(&chunk),
        }
        points.push(p);
        // A reader that went away (or a full disk) stops the sweep.
        write_error.is_none()
    };
    let result =
        pool.install(|| truce::sweep::run_until(&s, &grid, &baseline, &mut emit, &|| bar.inc(1)));
    bar.finish_and_clear();
    let completed = result.map_err(|e| match e {
        SweepError::Grid(m) => AppError::Usage(m),
        point @ SweepError::Point { .. } => {
            AppError::Usage(format!("{}: {point}", args.file.display()))
        }
    })?;
    if let Some(e) = write_error {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            // The reader has what it wanted (e.g. `| head`): stop, without a chart.
            return Ok(());
        }
        return Err(AppError::Failed(format!("cannot write the results: {e}")));
    }
    if !completed {
        return Err(AppError::Failed("the sweep stopped before its end".into()));
    }
    if args.no_chart {
        return Ok(());
    }
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| super::run::default_out(&args.file));
    let chart = truce::plot::from_analysis::sweep_chart(&s, &grid, &points);
    let written =
        super::run::write_chart_set(std::slice::from_ref(&chart), &dir, args.image, &args.file)?;
    if !quiet {
        for p in written {
            let shown = truce::text::terminal_safe(&p.display().to_string()).into_owned();
            let _ = writeln!(std::io::stderr(), "wrote {shown}");
        }
    }
    Ok(())
}
