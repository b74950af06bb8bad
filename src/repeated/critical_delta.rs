//! Critical discount factors: the smallest δ at which a pure target profile, played in
//! every round, is sustained by a given punishment (Friedman 1971 for Nash reversion;
//! Abreu 1988 for optimal penal codes; Mailath & Samuelson 2006, ch. 2, for the k-round
//! punishments).
//!
//! Notation for player `i` at target profile `a`: `uᵢ` the target payoff, `dᵢ` the best
//! one-shot deviation payoff (`max` over `i`'s actions against the opponent's part of
//! `a`), `eᵢ` the punishment payoff.
//! - **Common Nash reversion** (Friedman 1971, the grim trigger): after any deviation both
//!   players revert for ever to one fixed stage equilibrium `E`, whoever deviated, so
//!   `eᵢ = uᵢ(E)` for both players. Every pure and every extreme mixed stage equilibrium is
//!   a candidate; the one with the smallest δ* is reported.
//! - **Deviator-specific Nash reversion**: after a deviation by `i`, the stage Nash
//!   equilibrium worst for `i` is played forever (a strategy that identifies the deviator:
//!   simultaneous departures may revert to either). The
//!   deviation does not pay iff `(1−δ) dᵢ + δ eᵢ ≤ uᵢ`, so
//!   `δ* = max over players with dᵢ > uᵢ of (dᵢ − uᵢ)/(dᵢ − eᵢ)`; `0` when nobody gains
//!   (the target is a stage equilibrium); never (`None`) when some player with `dᵢ > uᵢ`
//!   has `eᵢ ≥ uᵢ` (the punishment is no punishment), and also when a player without a
//!   one-shot gain has `eᵢ > uᵢ`: the punishment then rewards a deviation, which pays for
//!   patient players (`(1−δ) d′ᵢ + δ eᵢ > uᵢ` near δ = 1, `d′ᵢ` the best other action), so
//!   the target holds at most below some δ and from no δ on. The stage equilibria are an
//!   input: the caller decides which equilibria (pure, mixed) are available.
//! - **k-round punishment**: the same equilibrium for `k` rounds, then back to the target:
//!   `dᵢ − uᵢ ≤ (δ + … + δᵏ)(uᵢ − eᵢ)`; the left side of `Σ_{t=1..k} δᵗ ≥ r` is increasing,
//!   so the root is found by bisection to 1e-13, and none exists when `r ≥ k`.
//! - **Harshest credible punishment** (optimal penal code): after a deviation the
//!   deviator gets the worst subgame-perfect payoff `w̲ᵢ(δ)` (from the Abreu–Sannikov set
//!   at the same δ). Sustained iff `uᵢ ≥ (1−δ) dᵢ + δ w̲ᵢ(δ)` for both players. The set
//!   grows with δ, so the condition is monotone; it holds for δ near 1 iff every player
//!   who gains by deviating gets strictly more than the pure minmax (the pure-strategy
//!   folk theorem for two players, Fudenberg & Maskin 1986). No pure punishment is below
//!   the pure minmax `m̲ᵢ`, so `max (dᵢ − uᵢ)/(dᵢ − m̲ᵢ)` over the gaining players is a
//!   lower bound on δ*; where the condition holds there, that bound is δ*, exactly (and
//!   given as a fraction). Otherwise δ* is found by bisection to a stated tolerance. A player without a one-shot gain is tempted too when the worst
//!   SPE payoff exceeds the target payoff (possible only below the worst pure-equilibrium
//!   payoff); with such a player the condition need not be monotone, and δ* — the
//!   smallest δ from which it holds up to 0.999 — is found by scanning down a grid of
//!   step 0.01 from 0.999 and bisecting in the cell of the last failure.

use std::sync::Arc;

use serde::Serialize;

use super::payoff_set::{AsConfig, StageData, abreu_sannikov_data};
use crate::game::{Game, Player};
use crate::geometry::Point;
use crate::stage::exact::{
    ExactEquilibrium, exact_payoffs, fraction_near, fraction_text, rational_from_f64,
};
use crate::stage::pure_values::pure_security;
use crate::tolerance::{
    EXACT_GUESS_DENOMINATOR, EXACT_GUESS_DISTANCE, HARSHEST_AS_CONVERGENCE, HARSHEST_BISECT,
    K_ROUND_BISECT,
};
use num_rational::BigRational;
use num_traits::{Signed, Zero};

/// How a critical δ was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "method")]
pub enum Method {
    /// A closed-form expression.
    Formula,
    /// Bisection; the true value lies within `tol` of the reported one.
    Bisection {
        /// Width of the final bracket.
        tol: f64,
    },
}

/// The punishment that follows a departure from the target profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Punishment {
    /// Reversion forever to the stage equilibrium worst for the deviator.
    NashReversion,
    /// Reversion forever to one fixed stage equilibrium, whoever deviated (Friedman 1971).
    CommonNashReversion,
    /// `rounds` rounds of the stage equilibrium worst for the deviator, then back.
    #[serde(rename = "k_rounds")]
    KRound,
    /// The harshest pure-strategy subgame-perfect punishment.
    HarshestSpe,
}

impl Punishment {
    /// The name used in JSON output (`"nash_reversion"`, `"common_nash_reversion"`,
    /// `"k_rounds"`, `"harshest_spe"`).
    pub fn key(self) -> &'static str {
        match self {
            Punishment::NashReversion => "nash_reversion",
            Punishment::CommonNashReversion => "common_nash_reversion",
            Punishment::KRound => "k_rounds",
            Punishment::HarshestSpe => "harshest_spe",
        }
    }
}

/// The smallest δ sustaining a pure target profile with one kind of punishment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriticalDelta {
    /// `(row action, col action)`.
    pub profile: (usize, usize),
    /// The punishment.
    pub punishment: Punishment,
    /// Rounds of punishment for [`Punishment::KRound`].
    pub rounds: Option<usize>,
    /// The smallest sustaining δ; `None` when no δ < 1 works.
    pub critical_delta: Option<f64>,
    /// Target payoffs `u`.
    pub target: Point,
    /// Best one-shot deviation payoffs `d`.
    pub deviation: Point,
    /// Punishment payoffs `e` (for Nash reversion and k rounds).
    pub punishment_payoffs: Option<Point>,
    /// How δ* was found.
    pub method: Method,
    /// The stage equilibrium (or, per deviator, equilibria) the punishment plays.
    pub reverts_to: Option<RevertsTo>,
    /// δ* as an exact fraction (`"4/9"`), when it comes from the formula and every
    /// payoff in it is known exactly.
    pub exact_critical_delta: Option<String>,
}

/// A stage Nash equilibrium available as a punishment: both strategies and the payoffs.
/// The probabilities are shared, not copied, by every critical δ that reverts to it (a
/// large game's table holds one per profile).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageEquilibrium {
    /// Row player's probabilities.
    pub row: Arc<[f64]>,
    /// Column player's probabilities.
    pub col: Arc<[f64]>,
    /// Expected payoffs `(u_row, u_col)`.
    pub payoffs: Point,
    /// The payoffs as exact fractions, when the equilibrium was verified in exact
    /// arithmetic (always for a pure one; for a mixed one when the fractions its
    /// probabilities stand for form an exact equilibrium).
    #[serde(skip)]
    pub exact_payoffs: Option<(BigRational, BigRational)>,
}

impl StageEquilibrium {
    /// The pure profile `(i, j)` (the caller knows it is an equilibrium).
    pub fn pure(game: &Game, (i, j): (usize, usize)) -> Self {
        let (m, n) = game.shape();
        let unit = |k: usize, len: usize| -> Arc<[f64]> {
            (0..len).map(|x| f64::from(u8::from(x == k))).collect()
        };
        let (a, b) = (game.a(), game.b());
        StageEquilibrium {
            row: unit(i, m),
            col: unit(j, n),
            payoffs: game.pure_payoffs(i, j),
            exact_payoffs: rational_from_f64(a[(i, j)]).zip(rational_from_f64(b[(i, j)])),
        }
    }

    /// A verified (possibly mixed) equilibrium of `game`; its exact payoffs are found
    /// when the fractions its probabilities stand for ([`rational_from_f64`]) are an
    /// exact equilibrium.
    pub fn of(game: &Game, e: &crate::stage::equilibrium::Equilibrium) -> Self {
        StageEquilibrium::from_probabilities(
            game,
            e.row.probs().to_vec(),
            e.col.probs().to_vec(),
            e.payoffs,
        )
    }

    /// An equilibrium given by its probabilities and payoffs (as [`StageEquilibrium::of`]).
    pub fn from_probabilities(game: &Game, row: Vec<f64>, col: Vec<f64>, payoffs: Point) -> Self {
        // Candidates: the fractions the floats stand for, then nearby simple fractions;
        // a candidate counts only when it is an exact equilibrium.
        let (a, b) = exact_payoffs(game);
        let attempt = |f: &dyn Fn(f64) -> Option<BigRational>| {
            let x: Option<Vec<BigRational>> = row.iter().map(|&v| f(v)).collect();
            let y: Option<Vec<BigRational>> = col.iter().map(|&v| f(v)).collect();
            ExactEquilibrium::verified(&a, &b, x?, y?).map(|e| e.payoffs)
        };
        let exact_payoffs = attempt(&rational_from_f64).or_else(|| {
            attempt(&|v| fraction_near(v, EXACT_GUESS_DENOMINATOR, EXACT_GUESS_DISTANCE))
        });
        StageEquilibrium {
            row: row.into(),
            col: col.into(),
            payoffs,
            exact_payoffs,
        }
    }

    /// The pure profile, when both strategies are pure.
    pub fn as_pure(&self) -> Option<(usize, usize)> {
        let at = |p: &[f64]| p.iter().position(|&x| x == 1.0);
        at(&self.row).zip(at(&self.col))
    }
}

/// What a punishment reverts to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RevertsTo {
    /// One equilibrium for both players.
    Common(StageEquilibrium),
    /// The equilibrium worst for the row player after its deviation, and the one worst
    /// for the column player after its own.
    PerDeviator {
        /// After a deviation by the row player.
        row: StageEquilibrium,
        /// After a deviation by the column player.
        col: StageEquilibrium,
    },
}

/// The stage equilibria worst for each player (first among ties), `None` when the list
/// is empty.
fn worst_for_each(equilibria: &[StageEquilibrium]) -> Option<RevertsTo> {
    let worst = |f: fn(&Point) -> f64| {
        equilibria
            .iter()
            .fold(None, |best: Option<&StageEquilibrium>, e| match best {
                Some(b) if f(&b.payoffs) <= f(&e.payoffs) => Some(b),
                _ => Some(e),
            })
            .cloned()
    };
    Some(RevertsTo::PerDeviator {
        row: worst(|p| p.0)?,
        col: worst(|p| p.1)?,
    })
}

fn target_and_deviation(game: &Game, (i, j): (usize, usize)) -> (Point, Point) {
    let (a, b) = (game.a(), game.b());
    ((a[(i, j)], b[(i, j)]), (a.column(j).max(), b.row(i).max()))
}

/// The best payoff of each player from playing another action than its part of
/// `profile` (against the opponent's part); `None` for a player with a single action,
/// who cannot deviate.
pub fn best_other_action(game: &Game, (i, j): (usize, usize)) -> (Option<f64>, Option<f64>) {
    let (a, b) = (game.a(), game.b());
    let (m, n) = game.shape();
    let row = (0..m)
        .filter(|&k| k != i)
        .map(|k| a[(k, j)])
        .fold(None, |best: Option<f64>, v| {
            Some(best.map_or(v, |x| x.max(v)))
        });
    let col = (0..n)
        .filter(|&k| k != j)
        .map(|k| b[(i, k)])
        .fold(None, |best: Option<f64>, v| {
            Some(best.map_or(v, |x| x.max(v)))
        });
    (row, col)
}

/// Whether player `p`, who has no profitable one-shot deviation, would still deviate to
/// be punished: the punishment pays `eᵢ > uᵢ`, so at patient δ any other action followed
/// by the punishment beats the target (`(1−δ) d′ᵢ + δ eᵢ > uᵢ` for δ near 1, with `d′ᵢ`
/// the best other action). Such a target is not sustained from any δ on.
fn rewards_deviation(game: &Game, profile: (usize, usize), p: Player, ui: f64, ei: f64) -> bool {
    let other = best_other_action(game, profile);
    let has_other = match p {
        Player::Row => other.0.is_some(),
        Player::Col => other.1.is_some(),
    };
    has_other && game.tolerance().gt(ei, ui)
}

/// The stage-equilibrium payoffs worst for each player: `(min over eq of u_row, min over
/// eq of u_col)`; `None` when the list is empty.
pub fn worst_equilibrium_payoffs(equilibria: &[Point]) -> Option<Point> {
    if equilibria.is_empty() {
        return None;
    }
    Some(
        equilibria
            .iter()
            .fold((f64::INFINITY, f64::INFINITY), |m, p| {
                (m.0.min(p.0), m.1.min(p.1))
            }),
    )
}

/// Critical δ of `profile` under deviator-specific Nash reversion, with `equilibria` the
/// stage Nash equilibria available as punishments (the module doc has the formula).
pub fn nash_reversion(
    game: &Game,
    profile: (usize, usize),
    equilibria: &[StageEquilibrium],
) -> CriticalDelta {
    let points: Vec<Point> = equilibria.iter().map(|e| e.payoffs).collect();
    let e = worst_equilibrium_payoffs(&points);
    let reverts_to = worst_for_each(equilibria);
    let exact_e = match &reverts_to {
        Some(RevertsTo::PerDeviator { row, col }) => row
            .exact_payoffs
            .as_ref()
            .zip(col.exact_payoffs.as_ref())
            .map(|(r, c)| (r.0.clone(), c.1.clone())),
        _ => None,
    };
    let mut out = reversion(game, profile, e, exact_e, Punishment::NashReversion);
    out.reverts_to = reverts_to;
    out
}

/// Critical δ of `profile` under common Nash reversion (Friedman 1971): every candidate
/// equilibrium in `equilibria` is tried as the one both players revert to, and the one
/// needing the smallest δ is kept (the first among ties). With no candidate that works,
/// δ* is `None` and nothing is reverted to.
pub fn common_nash_reversion(
    game: &Game,
    profile: (usize, usize),
    equilibria: &[StageEquilibrium],
) -> CriticalDelta {
    let mut best: Option<CriticalDelta> = None;
    for e in equilibria {
        let mut c = reversion(
            game,
            profile,
            Some(e.payoffs),
            e.exact_payoffs.clone(),
            Punishment::CommonNashReversion,
        );
        let Some(d) = c.critical_delta else { continue };
        if best
            .as_ref()
            .and_then(|b| b.critical_delta)
            .is_none_or(|b| d < b)
        {
            c.reverts_to = Some(RevertsTo::Common(e.clone()));
            best = Some(c);
        }
    }
    best.unwrap_or_else(|| {
        let mut c = reversion(game, profile, None, None, Punishment::CommonNashReversion);
        c.critical_delta = None;
        c
    })
}

/// The reversion formula of the module doc with punishment payoffs `e` (`eᵢ` for player
/// `i`).
fn reversion(
    game: &Game,
    profile: (usize, usize),
    e: Option<Point>,
    exact_e: Option<(BigRational, BigRational)>,
    punishment: Punishment,
) -> CriticalDelta {
    let tol = game.tolerance();
    let (u, d) = target_and_deviation(game, profile);
    let mut delta = Some(0.0f64);
    for p in [Player::Row, Player::Col] {
        let (ui, di) = pick(p, u, d);
        if !tol.gt(di, ui) {
            // No one-shot gain; but a punishment better than the target is a reward.
            if let Some(e) = e
                && rewards_deviation(game, profile, p, ui, pick(p, e, e).0)
            {
                delta = None;
            }
            continue;
        }
        delta = match (delta, e) {
            (Some(cur), Some(e)) => {
                let ei = pick(p, e, e).0;
                if tol.ge(ei, ui) {
                    None
                } else {
                    Some(cur.max((di - ui) / (di - ei)))
                }
            }
            _ => None,
        };
    }
    let exact_critical_delta = match (delta, exact_e) {
        (Some(x), Some(ee)) if x > 0.0 => exact_reversion_delta(game, profile, &ee, x),
        (Some(0.0), _) => Some("0".to_string()),
        _ => None,
    };
    CriticalDelta {
        profile,
        punishment,
        rounds: None,
        critical_delta: delta,
        target: u,
        deviation: d,
        punishment_payoffs: e,
        method: Method::Formula,
        reverts_to: None,
        exact_critical_delta,
    }
}

/// The reversion δ* = max over tempted players of `(dᵢ − uᵢ)/(dᵢ − eᵢ)` in exact
/// arithmetic, as a fraction; `None` unless it agrees with the float `approx` to within
/// [`crate::tolerance::EXACT_DELTA_AGREEMENT`] (a guard: both come from the same formula).
fn exact_reversion_delta(
    game: &Game,
    (i, j): (usize, usize),
    e: &(BigRational, BigRational),
    approx: f64,
) -> Option<String> {
    use num_traits::ToPrimitive;
    let (a, b) = exact_payoffs(game);
    let (m, n) = game.shape();
    let best = |vals: Vec<BigRational>| vals.into_iter().max();
    let sides = [
        (
            a.at(i, j).clone(),
            best((0..m).map(|k| a.at(k, j).clone()).collect())?,
            &e.0,
        ),
        (
            b.at(i, j).clone(),
            best((0..n).map(|k| b.at(i, k).clone()).collect())?,
            &e.1,
        ),
    ];
    let mut out = BigRational::zero();
    for (u, d, e) in sides {
        if d > u {
            let denom = &d - e;
            if !denom.is_positive() {
                return None;
            }
            out = out.max((&d - &u) / denom);
        }
    }
    let close = out
        .to_f64()
        .is_some_and(|x| (x - approx).abs() <= crate::tolerance::EXACT_DELTA_AGREEMENT);
    close.then(|| fraction_text(&out))
}

fn pick(p: Player, x: Point, y: Point) -> (f64, f64) {
    match p {
        Player::Row => (x.0, y.0),
        Player::Col => (x.1, y.1),
    }
}

/// Critical δ of every pure profile under deviator-specific Nash reversion, row-major.
pub fn nash_reversion_all(game: &Game, equilibria: &[StageEquilibrium]) -> Vec<CriticalDelta> {
    let (m, n) = game.shape();
    (0..m)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .map(|p| nash_reversion(game, p, equilibria))
        .collect()
}

/// Smallest δ in [0, 1) with `δ + δ² + … + δᵏ ≥ r`, or `None` when `r ≥ k`.
fn k_round_root(r: f64, k: usize) -> Option<f64> {
    if r <= 0.0 {
        return Some(0.0);
    }
    if r >= k as f64 {
        return None;
    }
    let s = |d: f64| {
        (1..=k)
            .fold((0.0, 1.0), |(acc, pw), _| (acc + pw * d, pw * d))
            .0
    };
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    while hi - lo > K_ROUND_BISECT {
        let mid = 0.5 * (lo + hi);
        if s(mid) >= r {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

/// Critical δ of `profile` when a deviation by `i` is punished with the stage
/// equilibrium worst for `i` for `k ≥ 1` rounds, after which the target resumes.
pub fn k_round(
    game: &Game,
    profile: (usize, usize),
    equilibria: &[StageEquilibrium],
    k: usize,
) -> CriticalDelta {
    let tol = game.tolerance();
    let (u, d) = target_and_deviation(game, profile);
    let points: Vec<Point> = equilibria.iter().map(|e| e.payoffs).collect();
    let e = worst_equilibrium_payoffs(&points);
    let mut delta = Some(0.0f64);
    let mut exact = true;
    for p in [Player::Row, Player::Col] {
        let (ui, di) = pick(p, u, d);
        if !tol.gt(di, ui) {
            // No one-shot gain. A punishment better than the target rewards a deviation
            // to the best other action d′ when k (eᵢ − uᵢ) > uᵢ − d′ (the gain from k
            // punishment rounds at δ near 1 beats the loss now).
            if let Some(e) = e {
                let ei = pick(p, e, e).0;
                let other = best_other_action(game, profile);
                let dp = match p {
                    Player::Row => other.0,
                    Player::Col => other.1,
                };
                if let Some(dp) = dp
                    && tol.gt(ei, ui)
                    && tol.gt(k as f64 * (ei - ui), ui - dp)
                {
                    delta = None;
                }
            }
            continue;
        }
        delta = match (delta, e) {
            (Some(cur), Some(e)) => {
                let ei = pick(p, e, e).0;
                if tol.ge(ei, ui) || k == 0 {
                    None
                } else {
                    let r = (di - ui) / (ui - ei);
                    exact &= k == 1;
                    k_round_root(r, k).map(|x| cur.max(x))
                }
            }
            _ => None,
        };
    }
    CriticalDelta {
        profile,
        punishment: Punishment::KRound,
        rounds: Some(k),
        critical_delta: delta,
        target: u,
        deviation: d,
        punishment_payoffs: e,
        method: if exact {
            Method::Formula
        } else {
            Method::Bisection {
                tol: K_ROUND_BISECT,
            }
        },
        reverts_to: worst_for_each(equilibria),
        exact_critical_delta: (delta == Some(0.0)).then(|| "0".to_string()),
    }
}

/// Options of the harshest-punishment search.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HarshestConfig {
    /// Width of the final bisection bracket.
    pub tol: f64,
    /// Largest δ tried; a profile not sustained there is reported as never sustained
    /// when the folk theorem also says so, and as not found below it otherwise.
    pub max_delta: f64,
    /// Options of each Abreu–Sannikov solve.
    pub solver: AsConfig,
}

impl Default for HarshestConfig {
    fn default() -> Self {
        HarshestConfig {
            tol: HARSHEST_BISECT,
            max_delta: 0.999,
            solver: AsConfig {
                tol: HARSHEST_AS_CONVERGENCE,
                max_iter: 200_000,
            },
        }
    }
}

/// Critical δ of `profile` with the harshest credible punishment: the deviator's worst
/// subgame-perfect payoff (Abreu 1988), by bisection over Abreu–Sannikov solves (common δ).
pub fn harshest(game: &Game, profile: (usize, usize), cfg: &HarshestConfig) -> CriticalDelta {
    let data = StageData::new(game);
    harshest_data(game, &data, profile, cfg)
}

/// What the harshest-punishment search of a profile starts from.
struct HarshestSetup {
    u: Point,
    d: Point,
    minmax: Point,
    /// Whether each player (row, col) gains by a one-shot deviation.
    gains: [bool; 2],
    /// Whether each player without a gain may still be tempted by a punishment that pays
    /// more than the target.
    at_risk: [bool; 2],
    others: (Option<f64>, Option<f64>),
    pure_eq: Vec<StageEquilibrium>,
}

impl HarshestSetup {
    fn new(game: &Game, profile: (usize, usize)) -> Self {
        let tol = game.tolerance();
        let (u, d) = target_and_deviation(game, profile);
        let minmax = (
            pure_security(game, Player::Row).minmax,
            pure_security(game, Player::Col).minmax,
        );
        let gains = [Player::Row, Player::Col].map(|p| {
            let (ui, di) = pick(p, u, d);
            tol.gt(di, ui)
        });
        let others = best_other_action(game, profile);
        let other = |p: Player| match p {
            Player::Row => others.0,
            Player::Col => others.1,
        };
        // A player without a one-shot gain is still tempted when the punishment pays more
        // than the target. Repeating a stage equilibrium is subgame-perfect, so the worst
        // SPE payoff never exceeds the worst pure-equilibrium payoff: only a player below that
        // (or any player, when there is no pure equilibrium) can be at risk.
        let pure_eq: Vec<StageEquilibrium> = crate::stage::pure::pure_equilibria(game)
            .iter()
            .map(|e| StageEquilibrium::pure(game, (e.row, e.col)))
            .collect();
        let pure_points: Vec<Point> = pure_eq.iter().map(|e| e.payoffs).collect();
        let worst_ne = worst_equilibrium_payoffs(&pure_points);
        let at_risk = [Player::Row, Player::Col].map(|p| {
            let gains_p = gains[if p == Player::Row { 0 } else { 1 }];
            !gains_p
                && other(p).is_some()
                && worst_ne.is_none_or(|e| tol.gt(pick(p, e, e).0, pick(p, u, u).0))
        });
        HarshestSetup {
            u,
            d,
            minmax,
            gains,
            at_risk,
            others,
            pure_eq,
        }
    }

    /// Whether the search needs any Abreu–Sannikov solve.
    fn needs_search(&self) -> bool {
        self.gains.iter().chain(&self.at_risk).any(|&g| g)
    }

    /// Folk theorem: sustainable for δ near 1 iff every gaining player is strictly above
    /// the pure minmax.
    fn possible(&self, game: &Game) -> bool {
        let tol = game.tolerance();
        [Player::Row, Player::Col]
            .iter()
            .zip(self.gains)
            .all(|(&p, g)| {
                !g || tol.gt(
                    pick(p, self.u, self.minmax).0,
                    pick(p, self.minmax, self.minmax).0,
                )
            })
    }

    /// δ_lb = max over gaining players of (dᵢ − uᵢ)/(dᵢ − m̲ᵢ): no pure punishment is
    /// harsher than the pure minmax, so no smaller δ sustains the profile.
    fn lower_bound(&self) -> f64 {
        [Player::Row, Player::Col]
            .iter()
            .zip(self.gains)
            .filter(|(_, g)| *g)
            .map(|(&p, _)| {
                let (ui, di) = pick(p, self.u, self.d);
                let mi = pick(p, self.minmax, self.minmax).0;
                (di - ui) / (di - mi)
            })
            .fold(0.0f64, f64::max)
    }
}

/// The estimated work of [`harshest_data`] for `profile`, in the Abreu–Sannikov solver's
/// clipped corners ([`payoff_set::work`](super::payoff_set::work)): the solves its search
/// makes, each at the δ it is expected to try. With a player at risk: the scan down from
/// the largest δ by [`HARSHEST_SCAN_STEP`] (counted whole) and a bisection inside one
/// step. Otherwise: the minmax lower bound δ_lb, the doubling of the upper end up to the
/// Nash-reversion δ*, and a bisection of [`HarshestConfig::tol`] whose solves lie between
/// δ_lb and that upper end (counted at the geometric mean of their distances to 1).
pub fn harshest_work(
    game: &Game,
    data: &StageData,
    corners: usize,
    profile: (usize, usize),
    cfg: &HarshestConfig,
) -> f64 {
    let setup = HarshestSetup::new(game, profile);
    if !setup.needs_search() || !setup.possible(game) {
        return 0.0;
    }
    let solve = |delta: f64| super::payoff_set::work(data, corners, delta, &cfg.solver);
    let bisection_steps = |width: f64| (width / cfg.tol).log2().ceil().max(0.0);
    if setup.at_risk.iter().any(|&r| r) {
        let steps = (cfg.max_delta / HARSHEST_SCAN_STEP).ceil() as usize;
        let scan: f64 = (0..=steps)
            .map(|k| solve((cfg.max_delta - k as f64 * HARSHEST_SCAN_STEP).max(0.0)))
            .sum();
        return (scan + bisection_steps(HARSHEST_SCAN_STEP) * solve(cfg.max_delta))
            * SEARCH_WORK_SHARE;
    }
    let lower = setup.lower_bound().clamp(0.0, cfg.max_delta);
    let nr = nash_reversion(game, profile, &setup.pure_eq)
        .critical_delta
        .unwrap_or(cfg.max_delta)
        .clamp(lower, cfg.max_delta);
    let mut work = solve(lower) + solve(0.0) + solve(nr);
    let mut hi = 0.5;
    work += solve(hi);
    while hi < nr && hi < cfg.max_delta {
        hi = (1.0 - (1.0 - hi) / 10.0).min(cfg.max_delta);
        work += solve(hi);
    }
    let middle = 1.0 - ((1.0 - lower) * (1.0 - nr)).sqrt();
    (work + bisection_steps(hi) * solve(middle)) * SEARCH_WORK_SHARE
}

/// The share of [`harshest_work`]'s count of full solves that a search does, measured on
/// random games (2×2 to 30×30, payoffs 0–99, δ from 0.3 to 0.99: 1/35 to 1/15): below δ*
/// a solve ends within a few iterations, as soon as the set is empty, the search often
/// stops at the first end it tries, and a scan stops at its first failure.
const SEARCH_WORK_SHARE: f64 = 1.0 / 16.0;

/// [`harshest`] with precomputed stage data.
pub fn harshest_data(
    game: &Game,
    data: &StageData,
    profile: (usize, usize),
    cfg: &HarshestConfig,
) -> CriticalDelta {
    let tol = game.tolerance();
    let setup = HarshestSetup::new(game, profile);
    let HarshestSetup {
        u,
        d,
        minmax,
        gains,
        at_risk,
        others,
        ref pure_eq,
    } = setup;
    let other = |p: Player| match p {
        Player::Row => others.0,
        Player::Col => others.1,
    };
    let mut result = CriticalDelta {
        profile,
        punishment: Punishment::HarshestSpe,
        rounds: None,
        critical_delta: Some(0.0),
        target: u,
        deviation: d,
        punishment_payoffs: None,
        method: Method::Formula,
        reverts_to: None,
        exact_critical_delta: None,
    };
    if !gains[0] && !gains[1] && !at_risk[0] && !at_risk[1] {
        return result;
    }
    // Folk theorem: sustainable for δ near 1 iff every gaining player is strictly above
    // the pure minmax.
    let possible = [Player::Row, Player::Col]
        .iter()
        .zip(gains)
        .all(|(&p, g)| !g || tol.gt(pick(p, u, minmax).0, pick(p, minmax, minmax).0));
    if !possible {
        result.critical_delta = None;
        return result;
    }
    let holds = |delta: f64| -> bool {
        let set = abreu_sannikov_data(data, delta, &cfg.solver);
        let Some(w) = set.worst else { return false };
        [Player::Row, Player::Col]
            .iter()
            .enumerate()
            .all(|(k, &p)| {
                let ui = pick(p, u, u).0;
                let wi = pick(p, w, w).0;
                let dev = if gains[k] {
                    Some(pick(p, d, d).0)
                } else if at_risk[k] {
                    other(p)
                } else {
                    None
                };
                dev.is_none_or(|di| tol.ge(ui, (1.0 - delta) * di + delta * wi))
            })
    };
    result.method = Method::Bisection { tol: cfg.tol };
    if at_risk.iter().any(|&r| r) {
        // The at-risk condition need not be monotone in δ: find the last failure below
        // the largest δ on a grid, then bisect inside that grid cell.
        if !holds(cfg.max_delta) {
            result.critical_delta = None;
            return result;
        }
        let steps = (cfg.max_delta / HARSHEST_SCAN_STEP).ceil() as usize;
        let mut hi = cfg.max_delta;
        let mut lo = None;
        for k in 1..=steps {
            let x = (cfg.max_delta - k as f64 * HARSHEST_SCAN_STEP).max(0.0);
            if holds(x) {
                hi = x;
            } else {
                lo = Some(x);
                break;
            }
        }
        let Some(lo) = lo else {
            result.critical_delta = Some(hi);
            return result;
        };
        result.critical_delta = Some(bisect(lo, hi, cfg.tol, &holds));
        return result;
    }
    // Nash reversion is one credible punishment, so the harshest never needs more
    // patience: where the bisection's upper end lies above the exact Nash-reversion δ*
    // and that δ* already passes, it is the answer.
    let nr = nash_reversion(game, profile, pure_eq);
    let at_most = |hi: f64| match nr.critical_delta {
        Some(c) if c <= hi && holds(c) => (c, nr.exact_critical_delta.clone()),
        _ => (hi, None),
    };
    // No punishment is harsher than the pure minmax in pure strategies, so
    // δ_lb = max over gaining players of (dᵢ − uᵢ)/(dᵢ − m̲ᵢ) is a lower bound; where the
    // condition already holds there, it is δ* itself, exactly.
    let lower = [Player::Row, Player::Col]
        .iter()
        .zip(gains)
        .filter(|(_, g)| *g)
        .map(|(&p, _)| {
            let (ui, di) = pick(p, u, d);
            let mi = pick(p, minmax, minmax).0;
            (di - ui) / (di - mi)
        })
        .fold(0.0f64, f64::max);
    if lower > 0.0 && lower <= cfg.max_delta && holds(lower) {
        result.critical_delta = Some(lower);
        result.exact_critical_delta = exact_minmax_delta(game, profile, minmax, lower);
        result.method = Method::Formula;
        return result;
    }
    let mut hi = 0.5;
    while !holds(hi) {
        if hi >= cfg.max_delta {
            result.critical_delta = None;
            return result;
        }
        hi = (1.0 - (1.0 - hi) / 10.0).min(cfg.max_delta);
    }
    if holds(0.0) {
        result.method = Method::Formula;
        return result;
    }
    let (delta, exact) = at_most(bisect(0.0, hi, cfg.tol, &holds));
    if exact.is_some() {
        result.method = Method::Formula;
    }
    result.critical_delta = Some(delta);
    result.exact_critical_delta = exact;
    result
}

/// The minmax lower bound of the harshest δ* in exact fractions (see [`harshest_data`]),
/// `None` unless it agrees with the float `approx`.
fn exact_minmax_delta(
    game: &Game,
    profile: (usize, usize),
    minmax: Point,
    approx: f64,
) -> Option<String> {
    let m = (rational_from_f64(minmax.0)?, rational_from_f64(minmax.1)?);
    exact_reversion_delta(game, profile, &m, approx)
}

/// The boundary between `lo` (where `holds` fails) and `hi` (where it holds), to within
/// `tol`; returns the end that holds.
fn bisect(mut lo: f64, mut hi: f64, tol: f64, holds: &dyn Fn(f64) -> bool) -> f64 {
    while hi - lo > tol {
        let mid = 0.5 * (lo + hi);
        if holds(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// Grid step of the harshest-punishment search when a player without a one-shot gain may
/// be rewarded by the punishment (the condition is then not monotone in δ).
pub const HARSHEST_SCAN_STEP: f64 = 0.01;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::fixtures::pd;
    use crate::stage::pure::pure_equilibria;

    /// Every extreme stage equilibrium, pure and mixed.
    fn every_equilibrium(g: &Game) -> Vec<StageEquilibrium> {
        crate::stage::vertex::extreme_equilibria(g)
            .unwrap()
            .equilibria
            .iter()
            .map(|e| StageEquilibrium::of(g, e))
            .collect()
    }

    fn eq(g: &Game) -> Vec<StageEquilibrium> {
        pure_equilibria(g)
            .iter()
            .map(|e| StageEquilibrium::pure(g, (e.row, e.col)))
            .collect()
    }

    /// Row gets −1 at (r1, c2) and cannot gain in the round (r3 also pays −1), but both
    /// stage equilibria pay it 0: leaving the target to be punished pays once δ > 0.
    fn rewarding_punishment() -> Game {
        Game::from_rows(
            &[vec![-4.0, -1.0], vec![0.0, -2.0], vec![0.0, -1.0]],
            &[vec![3.0, 2.0], vec![0.0, 0.0], vec![0.0, -1.0]],
        )
        .unwrap()
    }

    #[test]
    fn the_harshest_punishment_never_needs_more_patience_than_nash_reversion() {
        // PD: the minmax is the stage equilibrium, so both give exactly 1/2 (the bisection
        // alone would end a little above it).
        let g = pd();
        let h = harshest(&g, (0, 0), &HarshestConfig::default());
        assert_eq!(h.critical_delta, Some(0.5));
    }

    #[test]
    fn a_punishment_that_rewards_the_deviator_sustains_nothing_from_any_delta_on() {
        let g = rewarding_punishment();
        let e = eq(&g);
        assert_eq!(e.len(), 2);
        assert_eq!(nash_reversion(&g, (0, 1), &e).critical_delta, None);
        // Column's one-shot gain alone would need δ ≥ 1/3.
        for k in 1..=3 {
            assert_eq!(k_round(&g, (0, 1), &e, k).critical_delta, None, "k = {k}");
        }
        assert_eq!(best_other_action(&g, (0, 1)), (Some(-1.0), Some(3.0)));
        // The harshest punishment holds row at its minmax −1 by the target path itself:
        // column's condition 2 ≥ (1 − δ)·3 + δ·0 gives δ* = 1/3.
        let h = harshest(&g, (0, 1), &HarshestConfig::default())
            .critical_delta
            .unwrap();
        assert!((h - 1.0 / 3.0).abs() < 1e-5, "{h}");
    }

    #[test]
    fn grim_trigger_threshold_in_the_prisoners_dilemma() {
        let g = pd();
        let c = nash_reversion(&g, (0, 0), &eq(&g));
        assert_eq!(c.critical_delta, Some(0.5)); // (T−R)/(T−P) = 2/4
        assert_eq!(
            nash_reversion(&g, (1, 1), &eq(&g)).critical_delta,
            Some(0.0)
        );
        // (C, D): the column player already best-responds; row gains 1 and the
        // punishment (1) is above row's target 0: never.
        assert_eq!(nash_reversion(&g, (0, 1), &eq(&g)).critical_delta, None);
        assert_eq!(nash_reversion(&g, (0, 0), &[]).critical_delta, None);
    }

    #[test]
    fn k_round_punishments() {
        let g = pd();
        // One round: 2 ≤ δ·2 → δ ≥ 1: never. Two rounds: δ + δ² ≥ 1 → golden ratio.
        assert_eq!(k_round(&g, (0, 0), &eq(&g), 1).critical_delta, None);
        let two = k_round(&g, (0, 0), &eq(&g), 2).critical_delta.unwrap();
        assert!((two - (5f64.sqrt() - 1.0) / 2.0).abs() < 1e-12);
        let long = k_round(&g, (0, 0), &eq(&g), 200).critical_delta.unwrap();
        assert!((long - 0.5).abs() < 1e-9);
    }

    #[test]
    fn harshest_punishment_is_never_later_than_nash_reversion() {
        let g = pd();
        let h = harshest(&g, (0, 0), &HarshestConfig::default());
        // In the PD the worst SPE payoff is the stage equilibrium payoff, so both agree.
        assert!((h.critical_delta.unwrap() - 0.5).abs() < 1e-5, "{h:?}");
        assert_eq!(
            harshest(&g, (0, 1), &HarshestConfig::default()).critical_delta,
            None
        );
    }

    #[test]
    fn common_reversion_in_chicken_needs_the_mixed_equilibrium() {
        // Each pure equilibrium pays one side 6 > 4, so only the mixed one (3, 3) can
        // punish both: 4 ≥ (1 − δ)·6 + δ·3 gives δ* = 2/3. Reverting to the equilibrium
        // worst for the deviator, (2 for it), needs only 1/2.
        let g = Game::from_rows(
            &[vec![4.0, 2.0], vec![6.0, 0.0]],
            &[vec![4.0, 6.0], vec![2.0, 0.0]],
        )
        .unwrap();
        let all = every_equilibrium(&g);
        assert_eq!(all.len(), 3);
        let c = common_nash_reversion(&g, (0, 0), &all);
        assert!((c.critical_delta.unwrap() - 2.0 / 3.0).abs() < 1e-12);
        let Some(RevertsTo::Common(e)) = &c.reverts_to else {
            panic!("{c:?}")
        };
        assert!(e.as_pure().is_none());
        assert!((e.payoffs.0 - 3.0).abs() < 1e-9);
        let d = nash_reversion(&g, (0, 0), &all);
        assert!((d.critical_delta.unwrap() - 0.5).abs() < 1e-12);
        let Some(RevertsTo::PerDeviator { row, col }) = &d.reverts_to else {
            panic!("{d:?}")
        };
        assert_eq!(row.as_pure(), Some((0, 1)));
        assert_eq!(col.as_pure(), Some((1, 0)));
        // Only the pure equilibria: common reversion never works.
        assert_eq!(
            common_nash_reversion(&g, (0, 0), &eq(&g)).critical_delta,
            None
        );
    }

    #[test]
    fn a_harsher_mixed_equilibrium_is_used_even_when_pure_ones_exist() {
        // Battle of the sexes (3, 2 / 2, 3 on the diagonal): the mixed equilibrium pays
        // (1.2, 1.2), below each pure equilibrium's worse payoff 2.
        let g = Game::from_rows(
            &[vec![3.0, 0.0], vec![0.0, 2.0]],
            &[vec![2.0, 0.0], vec![0.0, 3.0]],
        )
        .unwrap();
        let all = every_equilibrium(&g);
        let d = nash_reversion(&g, (0, 1), &all);
        let e = d.punishment_payoffs.unwrap();
        assert!(
            (e.0 - 1.2).abs() < 1e-9 && (e.1 - 1.2).abs() < 1e-9,
            "{e:?}"
        );
    }

    #[test]
    fn the_harshest_punishment_reaches_the_minmax_bound_exactly() {
        // A prisoner's dilemma with a punishing action p that holds the other side to 0:
        // the harshest δ* of (c, c) is the minmax bound (8 − 6)/(8 − 0) = 1/4, exactly,
        // below Nash reversion's 2/5.
        let g = Game::from_rows(
            &[
                vec![6.0, 1.0, 0.0],
                vec![8.0, 3.0, 0.0],
                vec![2.0, 1.0, -1.0],
            ],
            &[
                vec![6.0, 8.0, 2.0],
                vec![1.0, 3.0, 1.0],
                vec![0.0, 0.0, -1.0],
            ],
        )
        .unwrap();
        let h = harshest(&g, (0, 0), &HarshestConfig::default());
        assert_eq!(h.critical_delta, Some(0.25));
        assert_eq!(h.exact_critical_delta.as_deref(), Some("1/4"));
        assert_eq!(h.method, Method::Formula);
        let nr = nash_reversion(&g, (0, 0), &eq(&g));
        assert_eq!(nr.exact_critical_delta.as_deref(), Some("2/5"));
    }
}
