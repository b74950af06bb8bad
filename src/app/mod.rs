//! Orchestration: load the scenario, call the library, render the report. All file
//! IO of the program happens here (reading scenarios, writing converted files).

pub mod bargain;
pub mod dynamics;
pub mod error;
pub mod outputs;
pub mod progress;

pub mod repeat;
pub mod run;
pub mod simulate;
pub mod sweep;
pub mod tournament;

use std::io::Write;
use std::path::Path;

use serde_json::Value;

pub mod solve;

use crate::app::error::AppError;
use crate::cli::{CheckArgs, Cli, Command, CompletionsArgs, ConvertArgs, FormatArg, NfgFormArg};
use truce::repeated::settings::{
    self, Discount, Horizon, Noise, Overrides, RepeatedSettings, SettingError,
};
use truce::report;
use truce::scenario::nfg::NfgForm;
use truce::scenario::{self, Format, Scenario};

/// What every command may need of the global options.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// `--quiet`: no progress bars, no listings on standard error.
    pub quiet: bool,
    /// The report goes to a file (`-o`) or nowhere (`--quiet`) rather than straight to
    /// standard output, so a streaming command collects it.
    pub collect: bool,
    /// `--verbose`: say what the work is estimated at and how far it has come.
    pub verbose: bool,
}

/// Runs a parsed command line; returns what to print on standard output.
pub fn run(cli: &Cli) -> Result<String, AppError> {
    outputs::check(cli)?;
    let ctx = Context {
        quiet: cli.quiet,
        collect: cli.quiet || cli.report_file.is_some(),
        verbose: cli.verbose,
    };
    match &cli.command {
        Command::Run(args) => run::run(args, &ctx),
        Command::Solve(args) => solve::run(args, &ctx),
        Command::Repeat(args) => repeat::run(args, &ctx),
        Command::Simulate(args) => simulate::run(args, &ctx),
        Command::Check(args) => check(args, &ctx),
        Command::Bargain(args) => bargain::run(args, &ctx),
        Command::Dynamics(args) => dynamics::run(args, &ctx),
        Command::Plot(args) => run::plot(args, &ctx),
        Command::Convert(args) => convert(args, &ctx),
        Command::Tournament(args) => tournament::run(args, &ctx),
        Command::Sweep(args) => sweep::run(args, &ctx),
        Command::Completions(args) => completions(args, &ctx),
        Command::Man => man_page(),
    }
}

/// Loads a scenario file ([`scenario::load_file`]) and, unless `--quiet`, says on
/// standard error what reading it changed (the scenario's warnings).
pub(crate) fn load(path: &Path, ctx: &Context) -> Result<Scenario, AppError> {
    let s = scenario::load_file(path)?;
    if !ctx.quiet {
        for w in &s.warnings {
            let line = format!("warning: {w}");
            let _ = writeln!(std::io::stderr(), "{}", truce::text::terminal_safe(&line));
        }
    }
    Ok(s)
}

/// `truce check`: load the file and say what it holds.
fn check(args: &CheckArgs, ctx: &Context) -> Result<String, AppError> {
    let s = load(&args.file, ctx)?;
    Ok(match args.output.format {
        FormatArg::Text => report::check_text(&s),
        FormatArg::Json => json_text(&report::check_json(&s)),
    })
}

fn completions(args: &CompletionsArgs, _ctx: &Context) -> Result<String, AppError> {
    use clap::CommandFactory;
    use clap_complete::Shell;
    let shell = match args.shell {
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

/// Says on standard error (unless `--quiet`) that a flag given has no effect on this
/// run, and why: a flag is never dropped without a word.
pub(crate) fn no_effect(ctx: &Context, what: &str) {
    if !ctx.quiet {
        let _ = writeln!(std::io::stderr(), "note: {what}");
    }
}

/// A flag's value checked by the library's constructor; out of range, a usage error that
/// names the flag.
pub(crate) fn flag<T>(name: &str, checked: Result<T, SettingError>) -> Result<T, AppError> {
    checked.map_err(|e| AppError::Usage(format!("{name}: {e}")))
}

/// The repeated-game flags a command accepts, checked into the library's overrides.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct RepeatedFlags<'a> {
    /// `--delta`.
    pub delta: Option<f64>,
    /// `--delta-row` and `--delta-col`.
    pub delta_pair: Option<(f64, f64)>,
    /// `--horizon`.
    pub horizon: Option<&'a str>,
    /// `--rounds` (as typed, so that a negative count gets the range too).
    pub rounds: Option<i64>,
    /// `--noise`.
    pub noise: Option<f64>,
    /// `--seed`.
    pub seed: Option<u64>,
}

impl RepeatedFlags<'_> {
    /// The settings of `s` with these flags applied ([`RepeatedSettings::resolve`]).
    pub(crate) fn resolve(&self, s: &Scenario) -> Result<RepeatedSettings, AppError> {
        let discount = match (self.delta, self.delta_pair) {
            (Some(d), _) => Some(flag("--delta", Discount::common(d))?),
            (None, Some((r, c))) => Some(flag("--delta-row/--delta-col", Discount::new(r, c))?),
            (None, None) => None,
        };
        let horizon = match self.horizon {
            None => None,
            Some("infinite") => Some(Horizon::Infinite),
            Some(t) => match t.parse::<u64>() {
                Ok(n) => Some(flag(&format!("--horizon {t}"), Horizon::finite(n))?),
                Err(_) => {
                    return Err(AppError::Usage(format!(
                        "--horizon {t}: give `infinite` or a number of rounds from 1 to {}",
                        settings::MAX_HORIZON
                    )));
                }
            },
        };
        let over = Overrides {
            discount,
            horizon,
            rounds: match self.rounds {
                // The words of the file's `rounds = N` error, negative counts included.
                Some(r) => Some(match u64::try_from(r) {
                    Ok(n) => flag("--rounds", settings::rounds(n))?,
                    Err(_) => {
                        return Err(AppError::Usage(format!(
                            "--rounds: rounds = {r}; give a number from 1 to {}",
                            settings::MAX_ROUNDS
                        )));
                    }
                }),
                None => None,
            },
            noise: match self.noise {
                Some(x) => Some(flag("--noise", Noise::new(x))?),
                None => None,
            },
            seed: self.seed,
        };
        Ok(RepeatedSettings::resolve(s.repeated.as_ref(), &over))
    }
}

pub(crate) fn json_text(v: &Value) -> String {
    let mut s =
        serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

fn convert(args: &ConvertArgs, ctx: &Context) -> Result<String, AppError> {
    let (input, output, force, form) = (&args.input, &args.output, args.force, args.nfg_form);
    let format = Format::from_path(output).ok_or_else(|| {
        AppError::Usage(format!(
            "{}: unknown output type; give a .toml, .json or .nfg file name",
            output.display()
        ))
    })?;
    if form.is_some() && format != Format::Nfg {
        return Err(AppError::Usage(format!(
            "--nfg-form applies to .nfg output only, and {} is not one; drop --nfg-form or give an .nfg file name",
            output.display()
        )));
    }
    let s = load(input, ctx)?;
    if let (Format::Nfg, Some(sg)) = (format, &s.stochastic) {
        return Err(AppError::Usage(format!(
            "{}: a stochastic game ({} state{} in [[state]] sections) cannot be written as .nfg, \
             which holds one stage game; convert to .toml or .json instead",
            input.display(),
            sg.game.len(),
            if sg.game.len() == 1 { "" } else { "s" }
        )));
    }
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
                None | Some(NfgFormArg::Payoff) => NfgForm::Payoff,
                Some(NfgFormArg::Outcome) => NfgForm::Outcome,
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
        if [truce::game::Player::Row, truce::game::Player::Col]
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
        if s.monitoring.is_some() {
            lost.push("[monitoring]");
        }
        if !s.strategies.is_empty() || !s.public_strategies.is_empty() {
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

/// Writes a file atomically ([`truce::atomic::write_file`]): a reader never sees it
/// half-written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    truce::atomic::write_file(path, bytes).map_err(AppError::from)
}
