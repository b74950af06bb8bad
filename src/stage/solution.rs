//! Everything `solve` computes about one round, bundled: the chosen method's equilibria
//! (verified; exact when asked), maximal Nash subsets, Lemke–Howson paths, mixed security
//! levels, the zero-sum value and the welfare-maximising correlated equilibrium.
//!
//! This module only orchestrates the algorithms of the sibling modules; it decides which
//! apply (by method and game size) and records what it left out and why.

use serde::Serialize;

use super::components::{NashSubset, maximal_nash_subsets};
use super::correlated::{CorrelatedEquilibrium, max_welfare_correlated};
use super::equilibrium::{Equilibrium, NotEquilibrium};
use super::exact::{ExactEquilibrium, exact_payoffs};
use super::lemke_howson::{LhConfig, LhResult, LhStatus, lemke_howson};
use super::minmax::{LpError, MixedSecurity, mixed_security};
use super::pure::pure_equilibria;
use super::summary::{StageSummary, summarize};
use super::support::support_enumeration;
use super::vertex::extreme_equilibria;
use super::zero_sum::{ZeroSumSolution, zero_sum_solution};
use crate::game::{Game, Player};
use crate::tolerance::{SAME_PROFILE, SIZE_LIMIT_MARGIN};

/// Largest `m + n` for which `all` (every extreme equilibrium) is the default; beyond it
/// the default is Lemke–Howson from label 0.
pub const ENUMERATION_LIMIT: usize = 30;
/// Largest `m · n` for which the LP-based analyses (mixed dominance, mixed security
/// levels, correlated equilibrium) run; beyond it they are left out and the output says so.
pub const LP_LIMIT: usize = 2_500;

/// A solution method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Pure equilibria only.
    Pure,
    /// Support enumeration (complete on nondegenerate games).
    Support,
    /// Vertex enumeration: every extreme equilibrium.
    Vertex,
    /// Lemke–Howson: one equilibrium per dropped label.
    Lh,
    /// Every extreme equilibrium plus components and values.
    All,
}

impl Method {
    /// Every method, in the order front ends list them.
    pub const ALL: &'static [Method] = &[
        Method::Pure,
        Method::Support,
        Method::Vertex,
        Method::Lh,
        Method::All,
    ];

    /// What the equilibria it found are called in a report (`one`: exactly one).
    pub fn found(self, one: bool) -> &'static str {
        match (self, one) {
            (Method::Pure, false) => "pure equilibria",
            (Method::Pure, true) => "pure equilibrium",
            (Method::Support, false) => "equilibria by support enumeration",
            (Method::Support, true) => "equilibrium by support enumeration",
            (Method::Vertex | Method::All, false) => "extreme equilibria (vertex enumeration)",
            (Method::Vertex | Method::All, true) => "extreme equilibrium (vertex enumeration)",
            (Method::Lh, false) => "equilibria reached by Lemke-Howson",
            (Method::Lh, true) => "equilibrium reached by Lemke-Howson",
        }
    }

    /// One line on what the method finds (front ends may word their own).
    pub fn summary(self) -> &'static str {
        match self {
            Method::Pure => "All pure-strategy Nash equilibria",
            Method::Support => {
                "Support enumeration (complete on nondegenerate games; says when a game is degenerate)"
            }
            Method::Vertex => {
                "Vertex enumeration: every extreme equilibrium, degenerate games included"
            }
            Method::Lh => "Lemke-Howson from one dropped label or from every label",
            Method::All => {
                "Every extreme equilibrium, maximal Nash subsets, security levels, zero-sum value, correlated equilibrium (default up to 30 actions in all; beyond, lh)"
            }
        }
    }

    /// The method's name, as typed by users and written in JSON (`method`).
    pub fn name(self) -> &'static str {
        match self {
            Method::Pure => "pure",
            Method::Support => "support",
            Method::Vertex => "vertex",
            Method::Lh => "lh",
            Method::All => "all",
        }
    }
}

/// What an enumeration's work is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkUnit {
    /// Vertices of the best-response polytopes.
    Vertices,
    /// Pairs of equal-size supports.
    SupportPairs,
}

/// Which Lemke–Howson paths to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Labels {
    /// Label 0 first; if its path is long, restart from other labels with growing pivot
    /// budgets ([`RESTART_LABELS`], budgets `1000 · 4ʳ`) until one ends or the pivot limit
    /// is spent. Long paths are common on large random games while another label's path
    /// is short.
    Default,
    /// Exactly this dropped label.
    One(usize),
    /// Every label `0..m+n`.
    All,
}

/// Labels tried by [`Labels::Default`], in order: row actions `0..4` interleaved with
/// column actions `m..m+4`.
pub const RESTART_LABELS: usize = 8;

/// How large a game a method takes, as the side of the square game of the same work:
/// up to a `soft`×`soft` game's work it runs; up to a `hard`×`hard` game's it runs only
/// when forced; beyond, it is refused, since time and memory would exceed any machine
/// this is meant for. The work of an `m × n` game is [`work`]: it grows with both sides,
/// so a 12×40 game is refused although its smaller side is small.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeLimit {
    /// Side of the largest square game run without `force`.
    pub soft: usize,
    /// Side of the largest square game run at all.
    pub hard: usize,
}

/// Vertex enumeration in floating point. Measured on random 0–99 payoffs: 16×16 1.4 s and
/// 130 MB, 18×18 12 s and 490 MB, 16×20 19 s and 940 MB; each step up in the vertex bound
/// of [`work`] costs about as much more.
pub const VERTEX_LIMIT: SizeLimit = SizeLimit { soft: 16, hard: 20 };
/// Vertex enumeration in exact rationals: 14×14 2.9 s, 16×16 26 s.
pub const EXACT_VERTEX_LIMIT: SizeLimit = SizeLimit { soft: 14, hard: 18 };
/// Support enumeration: 14×14 22 s (every pair of equal-size supports is tried).
pub const SUPPORT_LIMIT: SizeLimit = SizeLimit {
    soft: 12,
    hard: super::support::MAX_SUPPORT_SIDE,
};

/// `ln C(n, k)` (0 when `k > n`).
fn ln_binomial(n: usize, k: usize) -> f64 {
    if k > n {
        return f64::NEG_INFINITY;
    }
    let k = k.min(n - k);
    (0..k).map(|i| ((n - i) as f64 / (i + 1) as f64).ln()).sum()
}

/// `ln` of the upper-bound theorem's most vertices of a simple `d`-polytope with `f`
/// facets (McMullen 1970): `C(f − ⌈d/2⌉, ⌊d/2⌋) + C(f − ⌊d/2⌋ − 1, ⌈d/2⌉ − 1)`.
fn ln_max_vertices(d: usize, f: usize) -> f64 {
    let (lo, hi) = (d / 2, d.div_ceil(2));
    let a = ln_binomial(f.saturating_sub(hi), lo);
    let b = if hi == 0 {
        f64::NEG_INFINITY
    } else {
        ln_binomial(f.saturating_sub(lo + 1), hi - 1)
    };
    let m = a.max(b);
    if m == f64::NEG_INFINITY {
        0.0
    } else {
        m + ((a - m).exp() + (b - m).exp()).ln()
    }
}

/// `ln` of the work of `method` on an `m × n` game: for vertex enumeration the larger of
/// the two best-response polytopes' vertex bounds (dimension `m` and `n`, `m + n` facets
/// each; Avis, Rosenberg, Savani & von Stengel 2010 enumerate their vertices); for support
/// enumeration the number of pairs of equal-size supports, `C(m + n, min(m, n))`
/// (Vandermonde's identity).
pub fn work(method: Method, (m, n): (usize, usize)) -> f64 {
    match method {
        Method::Support => ln_binomial(m + n, m.min(n)),
        _ => ln_max_vertices(m, m + n).max(ln_max_vertices(n, m + n)),
    }
}

fn what_enumeration(method: Method, exact: bool) -> &'static str {
    match (method, exact) {
        (Method::Support, _) => "support enumeration",
        (_, true) => "exact vertex enumeration",
        _ => "vertex enumeration",
    }
}

fn estimate_text(unit: WorkUnit, estimate: f64) -> String {
    match unit {
        WorkUnit::SupportPairs => format!("{estimate:.1e} support pairs"),
        WorkUnit::Vertices => format!("up to {estimate:.1e} vertices"),
    }
}

/// Seconds of exact vertex enumeration of a 14×14 game with payoffs of [`EXACT_REFERENCE_BITS`]
/// bits (random 0–99 integers), measured.
pub const EXACT_REFERENCE_SECONDS: f64 = 2.9;
/// Bits of a payoff (numerator and denominator) in the measurement of
/// [`EXACT_REFERENCE_SECONDS`].
pub const EXACT_REFERENCE_BITS: f64 = 8.0;

/// The estimated time of exact vertex enumeration of `game`: the vertex work of
/// [`work`] relative to a 14×14 game's, times the cost of its arithmetic. Pivoting `d =
/// min(m, n)` times on rationals of `b` bits (the most bits of a payoff's numerator and
/// denominator) grows the numbers to about `d·b` bits, and an operation on them costs
/// about `(1 + d·b/64)³` (a product and the gcd that reduces it, measured: random
/// 12×12 games with 6-decimal payoffs take 3.5 s, with fractions of denominators up to
/// 10⁶ 12.8 s, with integers 0–99 1.0 s).
pub fn exact_enumeration_estimate(game: &Game) -> crate::budget::Estimate {
    let (m, n) = game.shape();
    let bits = crate::stage::exact::payoff_bits(game);
    let d = m.min(n) as f64;
    let cost = |d: f64, b: f64| (1.0 + d * b / 64.0).powi(3);
    let vertices = (work(Method::Vertex, (m, n)) - work(Method::Vertex, (14, 14))).exp();
    let seconds =
        EXACT_REFERENCE_SECONDS * vertices * cost(d, bits) / cost(14.0, EXACT_REFERENCE_BITS);
    crate::budget::Estimate::new(
        format!("exact vertex enumeration ({m}x{n} game, payoffs of up to {bits:.0} bits)"),
        seconds * 1e9,
        crate::budget::rates::NANOSECOND,
        "use floating point (drop --exact), or round the payoffs to simpler fractions",
    )
}

/// Refuses `method` on an `m × n` game beyond its [`SizeLimit`] (beyond `soft` unless
/// `force`), naming the alternative.
pub fn check_size(
    method: Method,
    exact: bool,
    (m, n): (usize, usize),
    force: bool,
) -> Result<(), SolveError> {
    let limit = match (method, exact) {
        (Method::Vertex | Method::All, false) => VERTEX_LIMIT,
        (Method::Vertex | Method::All, true) => EXACT_VERTEX_LIMIT,
        (Method::Support, _) => SUPPORT_LIMIT,
        _ => return Ok(()),
    };
    // A small margin keeps the square games at the limits on the side that runs.
    let here = work(method, (m, n));
    let of = |s: usize| work(method, (s, s)) + SIZE_LIMIT_MARGIN;
    let too_large = |side: usize, forcible: bool| SolveError::TooLarge {
        method,
        exact,
        rows: m,
        cols: n,
        estimate: here.exp(),
        unit: match method {
            Method::Support => WorkUnit::SupportPairs,
            _ => WorkUnit::Vertices,
        },
        limit: side,
        forcible,
        hard: limit.hard,
    };
    if here > of(limit.hard) {
        return Err(too_large(limit.hard, false));
    }
    if here > of(limit.soft) && !force {
        return Err(too_large(limit.soft, true));
    }
    Ok(())
}

/// What to compute.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolveConfig {
    /// The method; `None` = `All` up to [`ENUMERATION_LIMIT`], `Lh` beyond.
    pub method: Option<Method>,
    /// Labels for Lemke–Howson.
    pub labels: Labels,
    /// Exact rational arithmetic (methods `pure`, `vertex`, `all`).
    pub exact: bool,
    /// Pivot limit of each Lemke–Howson path.
    pub lh: LhConfig,
    /// Run an enumeration beyond its soft [`SizeLimit`] (up to the hard one).
    pub force: bool,
}

impl Default for SolveConfig {
    fn default() -> Self {
        SolveConfig {
            method: None,
            labels: Labels::Default,
            exact: false,
            lh: LhConfig::default(),
            force: false,
        }
    }
}

/// One Lemke–Howson path and the equilibrium it reached (an index into
/// [`StageSolution::equilibria`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelPath {
    /// The path.
    pub result: LhResult,
    /// Index of its equilibrium in the solution's list.
    pub equilibrium: Option<usize>,
}

/// Everything computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageSolution {
    /// The method run.
    pub method: Method,
    /// Why the method differs from the one asked for, or what was left out.
    pub notes: Vec<String>,
    /// The equilibria found, verified.
    pub equilibria: Vec<Equilibrium>,
    /// The same equilibria in exact arithmetic, in the same order (with `exact`).
    pub exact: Option<Vec<ExactEquilibrium>>,
    /// Whether the game was seen to be degenerate (enumeration methods).
    pub degenerate: Option<bool>,
    /// Maximal Nash subsets (methods `vertex` and `all`).
    pub components: Option<Vec<NashSubset>>,
    /// Lemke–Howson paths (method `lh`).
    pub paths: Vec<LabelPath>,
    /// The basic analysis (pure equilibria, dominance, Pareto, pure security), for games
    /// up to [`LP_LIMIT`] cells.
    pub summary: Option<StageSummary>,
    /// Mixed security levels of row and column, for games up to [`LP_LIMIT`] cells.
    pub security: Option<[MixedSecurity; 2]>,
    /// For games beyond [`LP_LIMIT`] cells (no `summary`), the cheap pure quantities: the
    /// pure equilibria and each player's pure security levels.
    pub pure_basics: Option<PureBasics>,
    /// Value and optimal strategies when the game is constant-sum.
    pub zero_sum: Option<ZeroSumSolution>,
    /// The welfare-maximising correlated equilibrium (method `all`).
    pub correlated: Option<CorrelatedEquilibrium>,
}

/// The pure quantities of a game too large for the full summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PureBasics {
    /// All pure Nash equilibria.
    pub pure_equilibria: Vec<crate::stage::pure::PureEquilibrium>,
    /// Pure minmax/maxmin of the row player.
    pub row_security: crate::stage::pure_values::PureSecurity,
    /// Pure minmax/maxmin of the column player.
    pub col_security: crate::stage::pure_values::PureSecurity,
}

/// Why solving failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SolveError {
    /// An enumeration beyond its size limit ([`SizeLimit`]): refused before any work.
    #[error(
        "the game is {rows}x{cols}: {} of it would visit {}, more than for a {limit}x{limit} game{}",
        what_enumeration(*method, *exact),
        estimate_text(*unit, *estimate),
        if *forcible { ", and can take minutes to hours (limits in docs/numerics.md)" } else { ", the largest it takes (its time and memory grow exponentially)" }
    )]
    TooLarge {
        /// The method refused.
        method: Method,
        /// Whether in exact arithmetic.
        exact: bool,
        /// Row actions.
        rows: usize,
        /// Column actions.
        cols: usize,
        /// The estimated work (in `unit`s).
        estimate: f64,
        /// What the estimate counts.
        unit: WorkUnit,
        /// The side of the square game whose work is the limit passed.
        limit: usize,
        /// Whether forcing would run it (beyond the soft limit, within the hard one, whose
        /// side is `hard`).
        forcible: bool,
        /// The hard limit's side.
        hard: usize,
    },
    /// An exact enumeration whose estimated time (which grows with the payoffs' bit
    /// size) is beyond the work budget.
    #[error("exact vertex enumeration: {0}")]
    OverBudget(crate::budget::OverBudget),
    /// Exact arithmetic asked of a method that has none.
    #[error("exact arithmetic works with the methods pure, vertex and all, not {}", method.name())]
    ExactUnsupported {
        /// The method asked for.
        method: Method,
    },
    /// Lemke–Howson labels given for a method that has none (the labels would be
    /// ignored).
    #[error(
        "Lemke-Howson labels apply to method lh only, and {} {}",
        method.name(),
        if *by_default { "is the default method for a game of this size" } else { "was asked for" }
    )]
    LabelsWithoutLh {
        /// The method that would run.
        method: Method,
        /// The labels given.
        labels: Labels,
        /// Whether `method` is the default for the game's size rather than asked for.
        by_default: bool,
    },
    /// A Lemke–Howson label outside `0..rows + cols`.
    #[error("label {label} is out of range: labels are 0..{} (0..{} the row player's actions, {rows}..{} the column player's)", rows + cols - 1, rows - 1, rows + cols - 1)]
    LabelOutOfRange {
        /// The label given.
        label: usize,
        /// Row actions.
        rows: usize,
        /// Column actions.
        cols: usize,
    },
    /// A bad request reported by a solver (its own words).
    #[error("{0}")]
    Request(String),
    /// A computed profile failed verification (a numerical failure, reported).
    #[error("a computed profile failed verification: {0}")]
    Verification(#[from] NotEquilibrium),
    /// An LP failed.
    #[error(transparent)]
    Lp(#[from] LpError),
}

/// Runs the requested analysis.
pub fn solve_stage(game: &Game, cfg: &SolveConfig) -> Result<StageSolution, SolveError> {
    let (m, n) = game.shape();
    let mut notes = Vec::new();
    let method = match cfg.method {
        Some(mth) => mth,
        None if m + n <= ENUMERATION_LIMIT => Method::All,
        None => {
            notes.push(format!(
                "the game has {m}+{n} actions, more than the {ENUMERATION_LIMIT} up to which every extreme equilibrium is enumerated by default: Lemke-Howson was used (pass --method all to enumerate anyway, with --force beyond the work of a {s}x{s} game)", s = VERTEX_LIMIT.soft
            ));
            Method::Lh
        }
    };
    if cfg.labels != Labels::Default && method != Method::Lh {
        return Err(SolveError::LabelsWithoutLh {
            method,
            labels: cfg.labels,
            by_default: cfg.method.is_none(),
        });
    }
    check_size(method, cfg.exact, (m, n), cfg.force)?;
    if cfg.exact && matches!(method, Method::Vertex | Method::All) {
        let mut plan = crate::budget::Plan::new();
        plan.push(exact_enumeration_estimate(game));
        plan.check(cfg.force).map_err(SolveError::OverBudget)?;
    }
    if cfg.exact && matches!(method, Method::Lh | Method::Support) {
        return Err(SolveError::ExactUnsupported { method });
    }
    let small = m * n <= LP_LIMIT;
    if !small {
        notes.push(format!(
            "the game has {} cells, more than {LP_LIMIT}: dominance, mixed security levels and the correlated equilibrium were left out",
            m * n
        ));
    }
    let mut sol = StageSolution {
        method,
        notes,
        equilibria: Vec::new(),
        exact: None,
        degenerate: None,
        components: None,
        paths: Vec::new(),
        summary: small.then(|| summarize(game)),
        security: None,
        pure_basics: (!small).then(|| PureBasics {
            pure_equilibria: pure_equilibria(game),
            row_security: crate::stage::pure_values::pure_security(game, Player::Row),
            col_security: crate::stage::pure_values::pure_security(game, Player::Col),
        }),
        zero_sum: None,
        correlated: None,
    };
    if small {
        // A part that cannot be computed is a note, never the end of the analysis.
        match (
            mixed_security(game, Player::Row),
            mixed_security(game, Player::Col),
        ) {
            (Ok(r), Ok(c)) => sol.security = Some([r, c]),
            (Err(e), _) | (_, Err(e)) => sol
                .notes
                .push(format!("the mixed security levels were left out: {e}")),
        }
        match zero_sum_solution(game) {
            Ok(z) => sol.zero_sum = z,
            Err(e) => sol
                .notes
                .push(format!("the zero-sum value was left out: {e}")),
        }
    }
    match method {
        Method::Pure => {
            let pure = pure_equilibria(game);
            for p in &pure {
                let mut x = vec![0.0; m];
                let mut y = vec![0.0; n];
                x[p.row] = 1.0;
                y[p.col] = 1.0;
                sol.equilibria.push(Equilibrium::verify(game, x, y)?);
            }
            if cfg.exact {
                let (a, b) = exact_payoffs(game);
                let unit = |k: usize, at: usize| -> Vec<num_rational::BigRational> {
                    (0..k)
                        .map(|i| num_rational::BigRational::from_integer((i == at).into()))
                        .collect()
                };
                let mut exact = Vec::new();
                let mut kept = Vec::new();
                for (p, e) in pure.iter().zip(&sol.equilibria) {
                    if let Some(x) =
                        ExactEquilibrium::verified(&a, &b, unit(m, p.row), unit(n, p.col))
                    {
                        exact.push(x);
                        kept.push(e.clone());
                    }
                }
                sol.equilibria = kept;
                sol.exact = Some(exact);
            }
        }
        Method::Support => {
            let s = support_enumeration(game).map_err(|e| SolveError::Request(e.to_string()))?;
            if s.degenerate {
                sol.notes.push("the game is degenerate: support enumeration can miss equilibria here (use --method vertex)".into());
            }
            sol.degenerate = Some(s.degenerate);
            sol.equilibria = s.equilibria;
        }
        Method::Vertex | Method::All => {
            if cfg.exact {
                let (a, b) = exact_payoffs(game);
                let (exact, degenerate) =
                    crate::stage::vertex::extreme_equilibria_exact_degeneracy(&a, &b)
                        .map_err(|e| SolveError::Request(e.to_string()))?;
                sol.degenerate = Some(degenerate);
                let mut floats = Vec::with_capacity(exact.len());
                for e in &exact {
                    let (x, y) = e.to_f64();
                    floats.push(Equilibrium::verify(game, x, y)?);
                }
                sol.equilibria = floats;
                sol.exact = Some(exact);
            } else {
                let e = extreme_equilibria(game)?;
                sol.degenerate = Some(e.degenerate);
                sol.equilibria = e.equilibria;
            }
            sol.components = Some(maximal_nash_subsets(&sol.equilibria));
            if method == Method::All && small {
                match max_welfare_correlated(game) {
                    Ok(c) => sol.correlated = Some(c),
                    Err(e) => sol.notes.push(format!(
                        "the welfare-maximising correlated equilibrium was left out: {e}"
                    )),
                }
            }
        }
        Method::Lh => {
            if cfg.labels == Labels::Default {
                lh_with_restarts(game, cfg, &mut sol);
                return Ok(sol);
            }
            let labels: Vec<usize> = match cfg.labels {
                Labels::Default => Vec::new(),
                Labels::One(k) => {
                    if k >= m + n {
                        return Err(SolveError::LabelOutOfRange {
                            label: k,
                            rows: m,
                            cols: n,
                        });
                    }
                    vec![k]
                }
                Labels::All => (0..m + n).collect(),
            };
            for k in labels {
                let r = lemke_howson(game, k, &cfg.lh)
                    .map_err(|e| SolveError::Request(e.to_string()))?;
                let idx = match (&r.equilibrium, r.status) {
                    (Some(e), LhStatus::Equilibrium) => Some(
                        match sol
                            .equilibria
                            .iter()
                            .position(|f| f.same_profile(e, SAME_PROFILE))
                        {
                            Some(i) => i,
                            None => {
                                sol.equilibria.push(e.clone());
                                sol.equilibria.len() - 1
                            }
                        },
                    ),
                    _ => None,
                };
                sol.paths.push(LabelPath {
                    result: r,
                    equilibrium: idx,
                });
            }
        }
    }
    Ok(sol)
}

/// [`Labels::Default`]: label 0, then restarts (see there).
fn lh_with_restarts(game: &Game, cfg: &SolveConfig, sol: &mut StageSolution) {
    let (m, n) = game.shape();
    let mut order: Vec<usize> = Vec::new();
    for k in 0..RESTART_LABELS / 2 {
        if k < m {
            order.push(k);
        }
        if k < n {
            order.push(m + k);
        }
    }
    let mut spent = 0u64;
    let mut budget = 1000u64;
    loop {
        for &k in &order {
            let left = cfg.lh.max_pivots.saturating_sub(spent);
            if left == 0 {
                sol.notes.push(format!(
                    "no Lemke-Howson path ended within {} pivots in all",
                    cfg.lh.max_pivots
                ));
                return;
            }
            let Ok(r) = lemke_howson(
                game,
                k,
                &LhConfig {
                    max_pivots: budget.min(left),
                },
            ) else {
                continue;
            };
            spent += r.pivots;
            if let (Some(e), LhStatus::Equilibrium) = (&r.equilibrium, r.status) {
                if k != 0 {
                    sol.notes.push(format!(
                        "the path from label 0 was long: Lemke-Howson restarted from other labels and the one from label {k} ended first ({spent} pivots in all)"
                    ));
                }
                sol.equilibria.push(e.clone());
                sol.paths.push(LabelPath {
                    result: r,
                    equilibrium: Some(0),
                });
                return;
            }
            if r.status == LhStatus::NotVerified {
                sol.paths.push(LabelPath {
                    result: r,
                    equilibrium: None,
                });
            }
        }
        budget = budget.saturating_mul(4);
    }
}

#[cfg(test)]
mod size_limits {
    use super::*;

    #[test]
    fn soft_limits_need_force_and_hard_limits_refuse() {
        let ok = |m, e, size, f| check_size(m, e, size, f).is_ok();
        assert!(ok(Method::Vertex, false, (16, 16), false));
        assert!(!ok(Method::Vertex, false, (17, 17), false));
        assert!(ok(Method::Vertex, false, (17, 17), true));
        assert!(ok(Method::All, false, (20, 20), true));
        assert!(!ok(Method::All, false, (21, 21), true));
        // Both sides count: a 2 x 1000 game enumerates, 12 x 40 and 3 x 5000 do not.
        assert!(ok(Method::Vertex, false, (2, 1000), false));
        assert!(!ok(Method::Vertex, false, (12, 40), true));
        assert!(!ok(Method::Vertex, false, (3, 5000), true));
        assert!(!ok(Method::Vertex, false, (16, 20), false));
        assert!(ok(Method::Vertex, false, (16, 20), true));
        // Every game the default method enumerates (m + n ≤ 30) is within the soft limit.
        for m in 1..30 {
            assert!(ok(Method::All, false, (m, 30 - m), false), "{m}x{}", 30 - m);
        }
        assert!(!ok(Method::Vertex, true, (15, 15), false));
        assert!(ok(Method::Vertex, true, (15, 15), true));
        assert!(!ok(Method::Support, false, (13, 13), false));
        assert!(!ok(Method::Support, false, (15, 15), true));
        for m in [Method::Lh, Method::Pure] {
            assert!(ok(m, false, (5000, 800), false));
        }
        // The upper-bound theorem on small cases: a triangle (d = 2, f = 3) has 3 vertices,
        // a cube (d = 3, f = 6) has 8 — its bound for simple 3-polytopes with 6 facets.
        assert!((ln_max_vertices(2, 3).exp() - 3.0).abs() < 1e-9);
        assert!((ln_max_vertices(3, 6).exp() - 8.0).abs() < 1e-9);
    }
}
