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

/// Stage-game solution methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    /// All pure-strategy Nash equilibria.
    Pure,
    /// Support enumeration (complete on nondegenerate games; says when a game is degenerate).
    Support,
    /// Vertex enumeration: every extreme equilibrium, degenerate games included.
    Vertex,
    /// Lemke-Howson from one dropped label (--label) or all (--all-labels).
    Lh,
    /// Every extreme equilibrium, maximal Nash subsets, security levels, zero-sum value,
    /// correlated equilibrium (default up to 30 actions in all; beyond, lh).
    All,
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
    #[command(
        after_help = "Examples:\n  truce solve scenarios/classic/chicken.toml --format json\n  truce solve game.nfg --method vertex --exact\n  truce solve big.nfg --method lh --all-labels\n\nLabels for Lemke-Howson: 0..m-1 are the row player's actions, m..m+n-1 the column player's."
    )]
    Solve {
        /// Scenario file (.toml, .json or .nfg).
        file: PathBuf,
        /// Solution method (default: all up to 30 actions in all, lh beyond).
        #[arg(long, value_enum)]
        method: Option<MethodArg>,
        /// Lemke-Howson: the dropped label. Without it: label 0 (the row player's first
        /// action), restarting from other labels when that path is long.
        #[arg(long, conflicts_with = "all_labels")]
        label: Option<usize>,
        /// Lemke-Howson from every label, reporting which labels reach which equilibrium.
        #[arg(long)]
        all_labels: bool,
        /// Exact rational arithmetic; probabilities and payoffs printed as fractions.
        #[arg(long)]
        exact: bool,
        #[command(flatten)]
        output: OutputArgs,
    },
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
