//! What a run may write, checked before it computes anything: no output file may be one
//! of the run's input files (by device and inode, so a link to the input counts), and
//! two outputs of one run may not be one file. Chart files are checked the same way
//! before they are moved into place ([`refuse_inputs`]).

use std::path::{Path, PathBuf};

use crate::app::error::AppError;
use crate::cli::{Cli, Command};

/// The files a command reads.
fn inputs(command: &Command) -> Vec<&Path> {
    match command {
        Command::Run(a) => vec![&a.file],
        Command::Solve(a) => vec![&a.file],
        Command::Repeat(a) => vec![&a.file],
        Command::Simulate(a) => vec![&a.file],
        Command::Check(a) => vec![&a.file],
        Command::Bargain(a) => vec![&a.file],
        Command::Dynamics(a) => vec![&a.file],
        Command::Plot(a) => vec![&a.file],
        Command::Convert(a) => vec![&a.input],
        Command::Tournament(a) => vec![&a.file],
        Command::Sweep(a) => vec![&a.file],
        Command::Completions(_) | Command::Man => Vec::new(),
    }
    .into_iter()
    .map(PathBuf::as_path)
    .collect()
}

/// Refuses a command line whose report file (`-o`) or converted file is one of its
/// inputs, or whose report file is its converted file: writing would replace the input
/// with the output. Cheap (a `stat` per pair), so it runs before anything is computed.
pub fn check(cli: &Cli) -> Result<(), AppError> {
    let inputs = inputs(&cli.command);
    if let Some(report) = &cli.report_file {
        for input in &inputs {
            if truce::atomic::same_file(report, input) {
                return Err(AppError::Usage(format!(
                    "-o {}: is the input file {}; the report would replace it; write the report to another file",
                    report.display(),
                    input.display()
                )));
            }
        }
    }
    if let Command::Convert(args) = &cli.command {
        if truce::atomic::same_file(&args.output, &args.input) {
            return Err(AppError::Usage(format!(
                "{}: is the input file {}; converting a file onto itself would replace it (--force or not); give another output file",
                args.output.display(),
                args.input.display()
            )));
        }
        if let Some(report) = &cli.report_file
            && (report == &args.output || truce::atomic::same_file(report, &args.output))
        {
            return Err(AppError::Usage(format!(
                "-o {}: is the converted file too; drop -o or give another file",
                report.display()
            )));
        }
    }
    Ok(())
}

/// Refuses chart files that would replace the input file `input`.
pub fn refuse_input(targets: &[PathBuf], input: &Path) -> Result<(), AppError> {
    for t in targets {
        if truce::atomic::same_file(t, input) {
            return Err(AppError::Usage(format!(
                "{}: is the input file {}; the chart would replace it; choose another --out folder",
                t.display(),
                input.display()
            )));
        }
    }
    Ok(())
}
