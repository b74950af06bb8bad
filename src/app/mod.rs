//! Orchestration: load the scenario, call the library, render the report. All file
//! IO of the program happens here (reading scenarios, writing converted files).

pub mod bargain;
pub mod dynamics;

pub mod plot;
pub mod repeat;
pub mod run;
pub mod simulate;
pub mod sweep;
pub mod tournament;

use std::path::Path;

use serde_json::Value;

mod solve;

use crate::cli::{Cli, Command, FormatArg, NfgFormArg};
use crate::error::AppError;
use crate::report;
use crate::scenario::nfg::NfgForm;
use crate::scenario::{self, Format};

/// Runs a parsed command line; returns what to print on standard output.
pub fn run(cli: &Cli) -> Result<String, AppError> {
    match &cli.command {
        Command::Check { file, output } => {
            let s = scenario::load_file(file)?;
            Ok(match output.format {
                FormatArg::Text => report::check_text(&s),
                FormatArg::Json => json_text(&report::check_json(&s)),
            })
        }
        Command::Solve {
            file,
            method,
            label,
            all_labels,
            exact,
            force,
            output,
        } => {
            let s = scenario::load_file(file)?;
            solve::solve(
                &s,
                &solve::SolveArgs {
                    method: *method,
                    label: *label,
                    all_labels: *all_labels,
                    exact: *exact,
                    force: *force,
                },
                output.format,
            )
        }
        Command::Run {
            file,
            output,
            out,
            image,
            no_charts,
        } => run::run(file, output.format, out.as_deref(), *image, *no_charts),
        cmd @ Command::Bargain { .. } => bargain::run(cmd),
        cmd @ Command::Dynamics { .. } => dynamics::run(cmd),
        Command::Plot { file, out, image } => plot::plot(file, out.as_deref(), *image),
        Command::Repeat(args) => repeat::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Convert {
            input,
            output,
            force,
            nfg_form,
        } => convert(input, output, *force, *nfg_form),
        cmd @ Command::Tournament { .. } => tournament::run(cmd, cli.quiet),
        Command::Sweep(args) => {
            let mut buf = String::new();
            if cli.report_file.is_some() || cli.quiet {
                sweep::run(args, cli.quiet, sweep::Sink::Buffer(&mut buf))?;
            } else {
                sweep::run(args, cli.quiet, sweep::Sink::Stdout)?;
            }
            Ok(buf)
        }
        Command::Completions { shell } => completions(*shell),
        Command::Man => man_page(),
    }
}

fn completions(shell: crate::cli::ShellArg) -> Result<String, AppError> {
    use clap::CommandFactory;
    use clap_complete::Shell;
    let shell = match shell {
        crate::cli::ShellArg::Bash => Shell::Bash,
        crate::cli::ShellArg::Zsh => Shell::Zsh,
        crate::cli::ShellArg::Fish => Shell::Fish,
    };
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "truce", &mut buf);
    String::from_utf8(buf).map_err(|e| AppError::Failed(e.to_string()))
}

fn man_page() -> Result<String, AppError> {
    use clap::CommandFactory;
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(|e| AppError::Failed(e.to_string()))?;
    String::from_utf8(buf).map_err(|e| AppError::Failed(e.to_string()))
}

/// A progress bar on standard error for `len` steps of `what` (`unit` names them), drawn
/// only on a terminal and never with `--quiet`; hidden bars cost nothing.
pub(crate) fn progress_bar(
    len: u64,
    what: &str,
    unit: &str,
    quiet: bool,
) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(&format!(
        "{{prefix}} [{{bar:30}}] {{pos}}/{{len}} {unit}, {{eta}} left"
    )) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix(what.to_string());
    bar
}

pub(crate) fn json_text(v: &Value) -> String {
    let mut s =
        serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

fn convert(input: &Path, output: &Path, force: bool, form: NfgFormArg) -> Result<String, AppError> {
    let format = Format::from_path(output).ok_or_else(|| {
        AppError::Usage(format!(
            "{}: unknown output type; give a .toml, .json or .nfg file name",
            output.display()
        ))
    })?;
    let s = scenario::load_file(input)?;
    if output.exists() && !force {
        return Err(AppError::Usage(format!(
            "{}: already exists; pass --force to overwrite it",
            output.display()
        )));
    }
    let text = match format {
        Format::Toml => scenario::write::to_toml(&s),
        Format::Json => scenario::write::to_json(&s),
        Format::Nfg => Ok(scenario::nfg::write(
            &s,
            match form {
                NfgFormArg::Payoff => NfgForm::Payoff,
                NfgFormArg::Outcome => NfgForm::Outcome,
            },
        )),
    }
    .map_err(|e| AppError::Failed(e.to_string()))?;
    write_atomic(output, text.as_bytes())?;
    let mut note = String::new();
    if format == Format::Nfg {
        let mut lost = Vec::new();
        if s.source.is_some() {
            lost.push("source");
        }
        let g = &s.game;
        if [crate::game::Player::Row, crate::game::Player::Col]
            .iter()
            .any(|&p| g.player(p).actions.iter().any(|a| a.description.is_some()))
        {
            lost.push("action descriptions");
        }
        if !s.parameters.is_empty() {
            lost.push("[parameters] (payoffs written as numbers)");
        }
        if s.repeated.is_some() {
            lost.push("[repeated]");
        }
        if !s.strategies.is_empty() {
            lost.push("[[strategy]]");
        }
        if !s.sweeps.is_empty() {
            lost.push("[[sweep]]");
        }
        if !lost.is_empty() {
            note = format!(
                " (the .nfg format holds the game only; left out: {})",
                lost.join(", ")
            );
        }
    }
    Ok(format!("wrote {}{note}\n", output.display()))
}

/// Writes a file atomically: a temporary file in the same folder, then a rename, so a
/// reader never sees a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    let err = |m: String| AppError::Write {
        path: path.to_path_buf(),
        message: m,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(err(format!(
            "the folder {} does not exist; create it first",
            dir.display()
        )));
    }
    let result = crate::atomic::write(path, bytes);
    if let Err(e) = result {
        let hint = match e.kind() {
            std::io::ErrorKind::PermissionDenied => {
                "permission denied; choose a writable folder".to_string()
            }
            _ => e.to_string(),
        };
        return Err(err(hint));
    }
    Ok(())
}
