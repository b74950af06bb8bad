//! Command-line definitions (clap derive types only). `main` parses them and hands them
//! to [`crate::app`]; nothing below `app` sees these types.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// truce — two-player game theory for standoffs: equilibria, repeated games, bargaining.
#[derive(Debug, Parser)]
#[command(
    name = "truce",
    version,
    about,
    after_help = "Examples:\n  truce run scenarios/geneva_truce.toml\n  truce solve scenarios/classic/prisoners_dilemma.toml --format json\n  truce check my_game.nfg\n  truce convert scenarios/classic/chicken.toml chicken.nfg\n\nExit codes: 0 success, 1 failure, 2 bad input or usage."
)]
pub struct Cli {
    /// Print nothing but errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Output format of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Readable tables.
    Text,
    /// JSON (documented in docs/json.md).
    Json,
}

/// Options shared by commands that print a report.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}

/// Output format of reports that are tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormatArg {
    /// Readable tables.
    Text,
    /// JSON.
    Json,
    /// Comma-separated values, one line per row of the table.
    Csv,
}

/// Stage-game solution methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    /// All pure-strategy Nash equilibria.
    Pure,
}

/// `.nfg` body form for `convert`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NfgFormArg {
    /// A payoff pair per profile.
    Payoff,
    /// An outcome list plus an outcome number per profile.
    Outcome,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Everything that applies to a scenario, as one readable report.
    #[command(after_help = "Example:\n  truce run scenarios/geneva_truce.toml")]
    Run {
        /// Scenario file (.toml, .json or .nfg).
        file: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Stage-game equilibria, best responses, dominance, Pareto outcomes, security levels.
    #[command(after_help = "Example:\n  truce solve scenarios/classic/chicken.toml --format json")]
    Solve {
        /// Scenario file (.toml, .json or .nfg).
        file: PathBuf,
        /// Solution method.
        #[arg(long, value_enum, default_value_t = MethodArg::Pure)]
        method: MethodArg,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Repeated-game analysis: can the truce hold, for which δ, with which strategies;
    /// the subgame-perfect payoff set and its equilibrium paths.
    #[command(
        after_help = "Examples:\n  truce repeat scenarios/geneva_truce.toml\n  truce repeat game.nfg --delta 0.9 --format json\n  truce repeat scenarios/classic/prisoners_dilemma.toml --delta 0.8 --point 2,2.5"
    )]
    Repeat(RepeatArgs),
    /// One match between two strategies, round by round.
    #[command(
        after_help = "Example:\n  truce simulate scenarios/geneva_truce.toml --row us_grim --col china_ladder --rounds 30 --noise 0.05 --seed 7"
    )]
    Simulate(SimulateArgs),
    /// Validate a scenario file and say what it holds.
    #[command(after_help = "Example:\n  truce check scenarios/export_controls.toml")]
    Check {
        /// Scenario file (.toml, .json or .nfg).
        file: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Convert between .toml, .json and .nfg (format chosen by the extensions).
    #[command(
        after_help = "Example:\n  truce convert scenarios/classic/stag_hunt.toml stag_hunt.nfg --nfg-form outcome"
    )]
    Convert {
        /// Input file.
        input: PathBuf,
        /// Output file (.toml, .json or .nfg).
        output: PathBuf,
        /// Overwrite OUTPUT if it exists.
        #[arg(long)]
        force: bool,
        /// Body form of a written .nfg file.
        #[arg(long, value_enum, default_value_t = NfgFormArg::Payoff)]
        nfg_form: NfgFormArg,
    },
}

/// Arguments of `truce repeat`.
#[derive(Debug, Args)]
pub struct RepeatArgs {
    /// Scenario file (.toml, .json or .nfg).
    pub file: PathBuf,
    /// Common discount factor in [0, 1), overriding the scenario's (required for .nfg).
    #[arg(long)]
    pub delta: Option<f64>,
    /// `infinite` or a number of rounds (overrides the scenario's horizon).
    #[arg(long)]
    pub horizon: Option<String>,
    /// A payoff pair `U,V` to build an equilibrium path for (repeatable).
    #[arg(long = "point", value_name = "U,V")]
    pub points: Vec<String>,
    /// Rounds shown per equilibrium path.
    #[arg(long, default_value_t = 20)]
    pub path_rounds: usize,
    /// Seed of the public randomization (default: the scenario's seed, else 0).
    #[arg(long)]
    pub seed: Option<u64>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `truce simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Scenario file (.toml, .json or .nfg).
    pub file: PathBuf,
    /// Row strategy: a name declared in the scenario, or `always:ACTION`.
    #[arg(long)]
    pub row: String,
    /// Column strategy: a name declared in the scenario, or `always:ACTION`.
    #[arg(long)]
    pub col: String,
    /// Rounds (default: the scenario's, else 20).
    #[arg(long)]
    pub rounds: Option<usize>,
    /// Noise probability in [0, 1] (default: the scenario's, else 0).
    #[arg(long)]
    pub noise: Option<f64>,
    /// Seed (default: the scenario's, else 0).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormatArg::Text)]
    pub format: TableFormatArg,
}
