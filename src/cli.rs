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
}

/// Which image files `plot` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImageArg {
    /// PNG bitmaps (1200x800).
    Png,
    /// SVG vector drawings.
    Svg,
    /// Both.
    Both,
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
    /// Validate a scenario file and say what it holds.
    #[command(after_help = "Example:\n  truce check scenarios/export_controls.toml")]
    Check {
        /// Scenario file (.toml, .json or .nfg).
        file: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Charts of a scenario: the stage game as a heatmap and its payoff space.
    #[command(
        after_help = "Example:\n  truce plot scenarios/geneva_truce.toml --image png\n\nWrites into plots/<file stem>/ unless --out is given, and lists the files written."
    )]
    Plot {
        /// Scenario file (.toml, .json or .nfg).
        file: PathBuf,
        /// Output folder (created if missing); default `plots/<file stem>/`.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Image format.
        #[arg(long, value_enum, default_value_t = ImageArg::Both)]
        image: ImageArg,
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
