//! Command-line definitions (clap derive types only). `main` parses them and hands them
//! to [`crate::app`]; nothing below `app` sees these types.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};
use truce::dynamics::DynamicsMethod;
use truce::stage::solution::Method;

/// truce — two-player game theory for standoffs: equilibria, repeated games, bargaining.
#[derive(Debug, Parser)]
#[command(
    name = "truce",
    version,
    about,
    after_help = "Examples:\n  truce run scenarios/geneva_truce.toml\n  truce solve scenarios/prisoners_dilemma.toml --format json\n  truce check my_game.nfg\n  truce convert scenarios/chicken.toml chicken.nfg\n\nExit codes: 0 success, 1 failure, 2 bad input or usage."
)]
pub struct Cli {
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print what is being done and how long it took (on standard error).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// When to colour error messages: auto (on a terminal, unless NO_COLOR is set),
    /// always, or never.
    #[arg(long, value_enum, global = true, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Write the report to FILE instead of standard output (atomically: a temporary file
    /// renamed into place, so FILE is never half-written).
    #[arg(
        short = 'o',
        long = "output",
        id = "report_file",
        global = true,
        value_name = "FILE"
    )]
    pub report_file: Option<PathBuf>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// On a terminal, unless the NO_COLOR environment variable is set (and not empty).
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorArg {
    /// Whether to colour text written to standard error.
    pub fn for_stderr(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                std::io::stderr().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
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

/// A stage-game solution method, named as the library names it
/// ([`Method::name`]); the help lines are the command line's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodArg(pub Method);

impl ValueEnum for MethodArg {
    fn value_variants<'a>() -> &'a [Self] {
        static ALL: std::sync::LazyLock<Vec<MethodArg>> =
            std::sync::LazyLock::new(|| Method::ALL.iter().map(|&m| MethodArg(m)).collect());
        &ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        // The library's summary, except where the command line names its own flags.
        let help = match self.0 {
            Method::Lh => "Lemke-Howson from one dropped label (--label) or all (--all-labels)",
            other => other.summary(),
        };
        Some(PossibleValue::new(self.0.name()).help(help))
    }
}

/// Learning dynamics for `dynamics`, named as the library names them
/// ([`DynamicsMethod::name`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DynamicsArg(pub DynamicsMethod);

impl ValueEnum for DynamicsArg {
    fn value_variants<'a>() -> &'a [Self] {
        static ALL: std::sync::LazyLock<Vec<DynamicsArg>> = std::sync::LazyLock::new(|| {
            DynamicsMethod::ALL
                .iter()
                .map(|&m| DynamicsArg(m))
                .collect()
        });
        &ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self.0 {
            DynamicsMethod::Fictitious => {
                "Discrete fictitious play with empirical frequencies (converged once they stop moving)"
            }
            DynamicsMethod::Replicator => {
                "Two-population replicator dynamics from several starts, with each end point's stability"
            }
            DynamicsMethod::BestResponse => {
                "Alternating pure best responses from every pure profile"
            }
            DynamicsMethod::Logit => {
                "The logit quantal-response-equilibrium path from λ = 0 to large λ"
            }
        };
        Some(PossibleValue::new(self.0.name()).help(help))
    }
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

/// Shells for `completions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShellArg {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Everything that applies to a scenario, as one readable report.
    #[command(after_help = "Example:\n  truce run scenarios/geneva_truce.toml")]
    Run(RunArgs),
    /// Stage-game equilibria, best responses, dominance, Pareto outcomes, security levels.
    #[command(
        after_help = "Examples:\n  truce solve scenarios/chicken.toml --format json\n  truce solve game.nfg --method vertex --exact\n  truce solve big.nfg --method lh --all-labels\n\nLabels for Lemke-Howson: 0..m-1 are the row player's actions, m..m+n-1 the column player's."
    )]
    Solve(SolveArgs),
    /// Repeated-game analysis: can the truce hold, for which δ, with which strategies;
    /// the subgame-perfect payoff set and its equilibrium paths.
    #[command(
        after_help = "Examples:\n  truce repeat scenarios/geneva_truce.toml\n  truce repeat game.nfg --delta 0.9 --format json\n  truce repeat scenarios/prisoners_dilemma.toml --delta 0.8 --point 2,2.5"
    )]
    Repeat(RepeatArgs),
    /// One match between two strategies, round by round.
    #[command(
        after_help = "Example:\n  truce simulate scenarios/geneva_truce.toml --row us_grim --col china_ladder --rounds 30 --noise 0.05 --seed 7"
    )]
    Simulate(SimulateArgs),
    /// Validate a scenario file and say what it holds.
    #[command(after_help = "Example:\n  truce check scenarios/export_controls.toml")]
    Check(CheckArgs),
    /// Where a negotiated agreement lands: Nash and Kalai–Smorodinsky bargaining over the
    /// feasible set, and the Rubinstein alternating-offers split.
    #[command(
        after_help = "Examples:\n  truce bargain scenarios/geneva_truce.toml\n  truce bargain game.nfg --delta-row 0.9 --delta-col 0.8 --format json\n  truce bargain scenarios/chicken.toml --disagreement nash\n  truce bargain scenarios/chicken.toml --disagreement 1,1\n\nDisagreement points: minmax (each side's mixed minmax value, the default), nash (the pure\nstage equilibrium with the lowest payoff sum), nash:ROW_ACTION,COL_ACTION (that pure\nequilibrium), mixed:X,Y (payoffs of a mixed stage equilibrium), spe:X,Y (worst\nsubgame-perfect payoffs), or X,Y (any point)."
    )]
    Bargain(BargainArgs),
    /// How play learns: fictitious play, replicator dynamics, best-response dynamics, or
    /// the logit quantal-response path; says why it stopped and how far from equilibrium.
    #[command(
        after_help = "Examples:\n  truce dynamics scenarios/matching_pennies.toml --method fictitious --iterations 5000\n  truce dynamics scenarios/battle_of_the_sexes.toml --method fictitious --rounds 20000\n  truce dynamics scenarios/geneva_truce.toml --method logit --format json\n  truce dynamics scenarios/chicken.toml --method replicator --out plots/chicken"
    )]
    Dynamics(DynamicsArgs),
    /// Every chart that applies to a scenario — stage game, payoff space, equilibrium path,
    /// simulated match, critical discount factors, learning, phase portrait, tournament,
    /// population, declared sweeps — without the report.
    #[command(
        after_help = "Example:\n  truce plot scenarios/geneva_truce.toml --image png\n\nWrites into plots/<file stem>/ unless --out is given, and lists the files written."
    )]
    Plot(PlotArgs),
    /// Convert between .toml, .json and .nfg (format chosen by the extensions).
    #[command(
        after_help = "Example:\n  truce convert scenarios/stag_hunt.toml stag_hunt.nfg --nfg-form outcome"
    )]
    Convert(ConvertArgs),
    /// Round-robin tournament of the scenario's strategies and the library's, then
    /// evolutionary dynamics of the strategies' population shares.
    #[command(
        after_help = "Examples:\n  truce tournament scenarios/prisoners_dilemma.toml --rounds 200 --repetitions 10 --noise 0.05\n  truce tournament scenarios/geneva_truce.toml --format csv"
    )]
    Tournament(TournamentArgs),
    /// Repeat the analysis over evenly spaced values of one parameter — δ, the noise, or a
    /// payoff parameter of the scenario's `[parameters]` table — in parallel; results stream
    /// as they are ready, and a chart shows how they move.
    #[command(
        after_help = "Examples:\n  truce sweep scenarios/geneva_truce.toml --param rare_earth_dependence=0:3:13\n  truce sweep scenarios/prisoners_dilemma.toml --param delta=0:0.95:20 --format csv\n  truce sweep scenarios/geneva_truce.toml --param noise=0:0.2:9 --format json | jq .pairs\n\nNAME=FROM:TO:POINTS gives POINTS evenly spaced values from FROM to TO, both included.\nNAME is a parameter of the scenario's [parameters] table, else `delta` (the common\ndiscount factor) or `noise`. Rows go to standard output (text, JSON lines or CSV); the\nchart goes to plots/<file stem>/sweep_<NAME>.png and .svg, listed on standard error."
    )]
    Sweep(SweepArgs),
    /// Print a shell completion script (e.g. `truce completions bash > /etc/bash_completion.d/truce`).
    Completions(CompletionsArgs),
    /// Print the man page (roff), e.g. `truce man > truce.1 && man ./truce.1`.
    Man,
}

impl Command {
    /// The subcommand's name as typed.
    pub fn name(&self) -> String {
        use clap::CommandFactory;
        let cli = Cli::command();
        let variant = format!("{self:?}");
        let head = variant
            .split([' ', '{', '('])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        cli.get_subcommands()
            .map(|c| c.get_name().to_string())
            .find(|n| n.replace('-', "") == head)
            .unwrap_or(head)
    }
}

/// Which Markov perfect equilibria `--mpe` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MpeArg {
    /// Every pure stationary MPE, with a note when there is none.
    All,
    /// Every pure stationary MPE and nothing else.
    Pure,
}

/// Arguments of `truce repeat`.
#[derive(Debug, Args)]
pub struct RepeatArgs {
    /// Scenario file (.toml, .json or .nfg).
    pub file: PathBuf,
    /// Common discount factor in [0, 1), overriding the scenario's (required for .nfg).
    #[arg(long, allow_negative_numbers = true)]
    pub delta: Option<f64>,
    /// `infinite` or a number of rounds (overrides the scenario's horizon).
    #[arg(long, allow_hyphen_values = true)]
    pub horizon: Option<String>,
    /// A payoff pair `U,V` to build an equilibrium path for (repeatable; infinite horizon
    /// and one common discount factor only).
    #[arg(long = "point", value_name = "U,V", allow_hyphen_values = true)]
    pub points: Vec<String>,
    /// Rounds shown per equilibrium path, 1 to 10000 (default 20; infinite horizon and one
    /// common discount factor only).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub path_rounds: Option<i64>,
    /// Edge directions of the bounds of the perfect public equilibrium payoff set (a
    /// scenario with [monitoring]) or of each state's subgame-perfect payoff set (a
    /// scenario with [[state]] sections); default 64, more narrows the gap between the
    /// bounds.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub directions: Option<i64>,
    /// Markov perfect equilibria of a scenario with [[state]] sections: `all` (every pure
    /// one, with a note when there is none) or `pure` (every pure one and nothing else).
    #[arg(long, value_enum, value_name = "WHICH")]
    pub mpe: Option<MpeArg>,
    /// Seed of the public randomization along the equilibrium paths (default: the
    /// scenario's seed, else 0).
    #[arg(long, allow_negative_numbers = true)]
    pub seed: Option<u64>,
    /// Run beyond the default work budget (see docs/numerics.md), up to the forced one.
    #[arg(long)]
    pub force: bool,
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
    #[arg(long, allow_negative_numbers = true)]
    pub rounds: Option<i64>,
    /// Noise probability in [0, 1] (default: the scenario's, else 0).
    #[arg(long, allow_negative_numbers = true)]
    pub noise: Option<f64>,
    /// Seed (default: the scenario's, else 0).
    #[arg(long, allow_negative_numbers = true)]
    pub seed: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormatArg::Text)]
    pub format: TableFormatArg,
}

/// Arguments of `truce sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file (.toml, .json or .nfg).
    pub file: PathBuf,
    /// What to sweep: NAME=FROM:TO:POINTS, e.g. `delta=0:0.95:20`.
    #[arg(long, value_name = "NAME=FROM:TO:POINTS")]
    pub param: String,
    /// Common discount factor in [0, 1) at every point (overrides the scenario's; not
    /// with `--param delta=…`).
    #[arg(long, allow_negative_numbers = true)]
    pub delta: Option<f64>,
    /// Noise probability in [0, 1] at every point (overrides the scenario's; not with
    /// `--param noise=…`).
    #[arg(long, allow_negative_numbers = true)]
    pub noise: Option<f64>,
    /// Worker threads (default: one per core).
    #[arg(long, allow_negative_numbers = true)]
    pub jobs: Option<i64>,
    /// Output format: a text table, JSON lines (one object per point) or CSV.
    #[arg(long, value_enum, default_value_t = TableFormatArg::Text)]
    pub format: TableFormatArg,
    /// Folder for the chart (default `plots/<file stem>/`).
    #[arg(long, conflicts_with = "no_chart")]
    pub out: Option<PathBuf>,
    /// Image format of the chart.
    #[arg(long, value_enum, default_value_t = ImageArg::Both, conflicts_with = "no_chart")]
    pub image: ImageArg,
    /// Write no chart.
    #[arg(long)]
    pub no_chart: bool,
    /// Run beyond the default work budget (see docs/numerics.md), up to the forced one.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `truce run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (.toml, .json or .nfg).
    pub file: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Folder for the charts (default `plots/<file stem>/`).
    #[arg(long, conflicts_with = "no_charts")]
    pub out: Option<PathBuf>,
    /// Image format of the charts.
    #[arg(long, value_enum, default_value_t = ImageArg::Both, conflicts_with = "no_charts")]
    pub image: ImageArg,
    /// Write no charts.
    #[arg(long)]
    pub no_charts: bool,
    /// Run beyond the default work budget (see docs/numerics.md), up to the forced one.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `truce solve`.
#[derive(Debug, Args)]
pub struct SolveArgs {
    /// Scenario file (.toml, .json or .nfg).
    pub file: PathBuf,
    /// Solution method (default: all up to 30 actions in all, lh beyond).
    #[arg(long, value_enum)]
    pub method: Option<MethodArg>,
    /// Lemke-Howson: the dropped label. Without it: label 0 (the row player's first
    /// action), restarting from other labels when that path is long.
    #[arg(long, conflicts_with = "all_labels", allow_negative_numbers = true)]
    pub label: Option<usize>,
    /// Lemke-Howson from every label, reporting which labels reach which equilibrium.
    #[arg(long)]
    pub all_labels: bool,
    /// Exact rational arithmetic; probabilities and payoffs printed as fractions.
    #[arg(long)]
    pub exact: bool,
    /// Enumerate even a game beyond the method's size limit (see docs/numerics.md;
    /// vertex enumeration: beyond the work of a 16x16 game, up to that of a 20x20 one).
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `truce check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario file (.toml, .json or .nfg).
    pub file: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `truce bargain`.
#[derive(Debug, Args)]
pub struct BargainArgs {
    /// Scenario file (.toml, .json or .nfg).
    pub file: PathBuf,
    /// Common discount factor of both players for the Rubinstein split (default: the
    /// discount of the scenario's repeated-game section).
    #[arg(long, conflicts_with_all = ["delta_row", "delta_col"], allow_negative_numbers = true)]
    pub delta: Option<f64>,
    /// Row player's discount factor (give --delta-col too).
    #[arg(long, requires = "delta_col", allow_negative_numbers = true)]
    pub delta_row: Option<f64>,
    /// Column player's discount factor (give --delta-row too).
    #[arg(long, requires = "delta_row", allow_negative_numbers = true)]
    pub delta_col: Option<f64>,
    /// Disagreement point: minmax, nash, nash:ROW,COL, mixed:X,Y, spe:X,Y or X,Y.
    #[arg(long, default_value = "minmax", allow_hyphen_values = true)]
    pub disagreement: String,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Run beyond the default work budget (see docs/numerics.md), up to the forced one.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `truce dynamics`.
#[derive(Debug, Args)]
pub struct DynamicsArgs {
    /// Scenario file (.toml, .json or .nfg).
    pub file: PathBuf,
    /// Which dynamics.
    #[arg(long, value_enum)]
    pub method: DynamicsArg,
    /// Iteration cap (rounds, integration steps or path steps; default depends on the method).
    #[arg(long, allow_negative_numbers = true)]
    pub iterations: Option<i64>,
    /// Fictitious play only: play exactly N rounds, with no early stop, and report the
    /// frequencies after them.
    #[arg(
        long,
        value_name = "N",
        conflicts_with = "iterations",
        allow_negative_numbers = true
    )]
    pub rounds: Option<i64>,
    /// Also draw the trajectory (and, for a 2x2 game with --method replicator, the
    /// phase portrait) into this folder, as `dynamics_<method>`.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Image format of the charts (with --out).
    #[arg(long, value_enum, default_value_t = ImageArg::Both, requires = "out")]
    pub image: ImageArg,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Run beyond the default work budget (see docs/numerics.md), up to the forced one.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `truce plot`.
#[derive(Debug, Args)]
pub struct PlotArgs {
    /// Scenario file (.toml, .json or .nfg).
    pub file: PathBuf,
    /// Output folder (created if missing); default `plots/<file stem>/`.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Image format.
    #[arg(long, value_enum, default_value_t = ImageArg::Both)]
    pub image: ImageArg,
    /// Run beyond the default work budget (see docs/numerics.md), up to the forced one.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `truce convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Input file.
    pub input: PathBuf,
    /// Output file (.toml, .json or .nfg).
    pub output: PathBuf,
    /// Overwrite OUTPUT if it exists.
    #[arg(long)]
    pub force: bool,
    /// Body form of a written .nfg file (default: payoff; .nfg output only).
    #[arg(long, value_enum)]
    pub nfg_form: Option<NfgFormArg>,
}

/// Arguments of `truce tournament`.
#[derive(Debug, Args)]
pub struct TournamentArgs {
    /// Scenario file (.toml, .json or .nfg).
    pub file: std::path::PathBuf,
    /// Rounds per match (default: the scenario's `rounds`, else 200).
    #[arg(long, allow_negative_numbers = true)]
    pub rounds: Option<i64>,
    /// Repetitions of the round robin, 1 to 100000.
    #[arg(long, default_value_t = 10, allow_negative_numbers = true)]
    pub repetitions: i64,
    /// Noise probability (default: the scenario's `noise`, else 0).
    #[arg(long, allow_negative_numbers = true)]
    pub noise: Option<f64>,
    /// Random seed (default: the scenario's `seed`, else 0).
    #[arg(long, allow_negative_numbers = true)]
    pub seed: Option<u64>,
    /// Generations of replicator dynamics over the strategies' shares, 1 to 10000000.
    #[arg(long, default_value_t = 1000, allow_negative_numbers = true)]
    pub generations: i64,
    /// Population size of the Moran process, 2 to 100000.
    #[arg(long, default_value_t = 100, allow_negative_numbers = true)]
    pub population: i64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormatArg::Text)]
    pub format: TableFormatArg,
    /// Run beyond the default work budget (see docs/numerics.md), up to the forced one.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `truce completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: ShellArg,
}
