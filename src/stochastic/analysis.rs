//! The analysis of a stochastic game at one discount factor, as data: its Markov perfect
//! equilibria with what each predicts (play state by state, the distribution of the state
//! over time, the long-run share of time in each state, how soon each state is reached),
//! each state's subgame-perfect payoff set, and whether the truce — a profile of the
//! initial state played for ever — is a subgame-perfect outcome, with the δ from which it
//! is. A part that cannot be computed is a note; the rest stands.

use serde::Serialize;

use super::game::{StochasticError, StochasticGame};
use super::markov_chain::{Hitting, hitting, long_run_share};
use super::mpe::{MarkovEquilibrium, pure_mpe};
use super::spe_sets::{StateSets, spe_sets, spe_sets_seeded};
use super::stationary::{chain, state_distribution};
use crate::budget::Estimate;
use crate::geometry::Point;

/// Which Markov perfect equilibria to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MpeScope {
    /// Every pure stationary MPE, with a note when there is none (a mixed one is not
    /// computed yet).
    All,
    /// Every pure stationary MPE and nothing else.
    Pure,
}

/// Settings of [`analyse`].
#[derive(Debug, Clone, PartialEq)]
pub struct StochasticConfig {
    /// Common discount factor, in [0, 1).
    pub delta: f64,
    /// Edge directions of the payoff-set bounds (`None`: leave the sets out).
    pub directions: Option<usize>,
    /// Which equilibria.
    pub mpe: MpeScope,
    /// Rounds of the state distribution over time.
    pub rounds: usize,
    /// The truce: a profile of the initial state's game.
    pub truce: Option<(usize, usize)>,
    /// Edge directions of the payoff sets computed in the search for the truce's critical
    /// δ (`None`: no search).
    pub search_directions: Option<usize>,
}

/// Rounds of the state distribution by default.
pub const DEFAULT_ROUNDS: usize = 30;

/// Edge directions of the sets in the critical-δ search: coarse bounds are still bounds
/// (the outer contains the set, the inner lies inside it), only further apart.
pub const SEARCH_DIRECTIONS: usize = 16;

/// Width of the δ interval the critical-δ search narrows each end to.
pub const DELTA_SEARCH_TOLERANCE: f64 = 0.01;

/// A Markov perfect equilibrium with what it predicts from the initial state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MpeOutlook {
    /// The verified equilibrium.
    pub equilibrium: MarkovEquilibrium,
    /// Share of rounds in each state in the long run.
    pub long_run_share: Vec<f64>,
    /// Whether, and after how many rounds on average, play first reaches each state.
    pub reach: Vec<Hitting>,
    /// Distribution of the state in rounds 1, 2, ….
    pub distribution: Vec<Vec<f64>>,
}

/// The truce: a profile of the initial state played in every round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TruceOutlook {
    /// The profile (row, col action of the initial state's game).
    pub profile: (usize, usize),
    /// Its payoffs when play stays in the initial state (`None` when the profile itself
    /// can move play elsewhere: it is then no stationary outcome).
    pub payoff: Option<Point>,
    /// Whether the payoff lies in the initial state's inner bound (it is then a
    /// subgame-perfect payoff) and in its outer bound (if not, it is not one).
    pub in_inner: Option<bool>,
    /// See `in_inner`.
    pub in_outer: Option<bool>,
    /// The δ search: the smallest δ of the search at which the payoff is in the inner
    /// bound (sustainable from there on at least), and the largest at which it is outside
    /// the outer bound (not sustainable up to there), each to [`DELTA_SEARCH_TOLERANCE`].
    pub critical_delta: Option<DeltaBracket>,
}

/// Where the truce's sustainability changes with δ (see [`TruceOutlook`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DeltaBracket {
    /// Below this δ the payoff is outside the outer bound (`None`: never, down to 0).
    pub not_below: Option<f64>,
    /// From this δ the payoff is inside the inner bound (`None`: nowhere below 1).
    pub sustained_from: Option<f64>,
    /// The tolerance of both ends.
    pub tolerance: f64,
    /// Directions of the sets the search computed.
    pub directions: usize,
}

/// Everything [`analyse`] finds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StochasticAnalysis {
    /// The discount factor.
    pub delta: f64,
    /// The equilibria found, pure ones first in enumeration order.
    pub mpe: Vec<MpeOutlook>,
    /// How many of them are pure.
    pub pure_count: usize,
    /// Which equilibria were looked for.
    pub scope: MpeScope,
    /// The payoff-set bounds of every state.
    pub sets: Option<StateSets>,
    /// The truce.
    pub truce: Option<TruceOutlook>,
    /// What could not be computed, and why.
    pub notes: Vec<String>,
}

/// What the equilibrium predicts from the initial state.
pub fn outlook(game: &StochasticGame, equilibrium: MarkovEquilibrium, rounds: usize) -> MpeOutlook {
    let c = chain(game, &equilibrium.profile);
    let start = game.initial();
    MpeOutlook {
        long_run_share: long_run_share(&c.transition, start),
        reach: (0..game.len())
            .map(|t| hitting(&c.transition, start, t))
            .collect(),
        distribution: state_distribution(game, &equilibrium.profile, rounds),
        equilibrium,
    }
}

/// The estimated work of the payoff sets at `cfg`.
pub fn estimate(
    game: &StochasticGame,
    cfg: &StochasticConfig,
) -> Result<Vec<Estimate>, StochasticError> {
    let mut out = Vec::new();
    if let Some(d) = cfg.directions {
        out.push(super::spe_sets::estimate(game, cfg.delta, d)?);
    }
    if let Some(d) = cfg.search_directions {
        let mut e = super::spe_sets::estimate(game, cfg.delta, d)?;
        e.units *= search_steps() as f64;
        e.part = format!(
            "the truce's critical δ ({} set computations)",
            search_steps()
        );
        out.push(e);
    }
    Ok(out)
}

/// Set computations of the critical-δ search: a scan of 10 values, then bisection of two
/// intervals of width 0.1 down to [`DELTA_SEARCH_TOLERANCE`].
fn search_steps() -> usize {
    let halvings = (0.1 / DELTA_SEARCH_TOLERANCE).log2().ceil() as usize;
    10 + 2 * halvings
}

/// The analysis at `cfg` (module doc).
pub fn analyse(game: &StochasticGame, cfg: &StochasticConfig) -> StochasticAnalysis {
    let mut notes = Vec::new();
    let found: Vec<MarkovEquilibrium> = match pure_mpe(game, cfg.delta) {
        Ok(v) => v,
        Err(e) => {
            notes.push(format!(
                "the pure Markov perfect equilibria are left out: {e}"
            ));
            Vec::new()
        }
    };
    let pure_count = found.len();
    if cfg.mpe == MpeScope::All && pure_count == 0 {
        notes.push(
            "no pure stationary Markov perfect equilibrium exists at this δ (every pure \
             stationary profile was checked); a mixed stationary one exists (Fink 1964) but \
             is not computed yet"
                .into(),
        );
    }
    // The equilibria's values seed the inner bounds (found once, here).
    let seeds: Vec<Vec<Point>> = found.iter().map(|e| e.values.clone()).collect();
    let sets = cfg
        .directions
        .and_then(|d| match spe_sets_seeded(game, cfg.delta, d, &seeds) {
            Ok(s) => Some(s),
            Err(e) => {
                notes.push(format!("the subgame-perfect payoff sets are left out: {e}"));
                None
            }
        });
    let mpe = found
        .into_iter()
        .map(|e| outlook(game, e, cfg.rounds))
        .collect();
    let truce = cfg
        .truce
        .map(|t| truce_outlook(game, t, cfg, sets.as_ref(), &mut notes));
    StochasticAnalysis {
        delta: cfg.delta,
        mpe,
        pure_count,
        scope: cfg.mpe,
        sets,
        truce,
        notes,
    }
}

/// The truce's payoff when play stays in the initial state: `None` when the profile can
/// move it.
pub fn truce_payoff(game: &StochasticGame, profile: (usize, usize)) -> Option<Point> {
    let s = game.initial();
    (game.next(s, profile.0, profile.1)[s] == 1.0)
        .then(|| game.game(s).pure_payoffs(profile.0, profile.1))
}

fn truce_outlook(
    game: &StochasticGame,
    profile: (usize, usize),
    cfg: &StochasticConfig,
    sets: Option<&StateSets>,
    notes: &mut Vec<String>,
) -> TruceOutlook {
    let s = game.initial();
    let payoff = truce_payoff(game, profile);
    if payoff.is_none() {
        let g = game.game(s);
        notes.push(format!(
            "the truce ({}, {}) can move play out of {}, so it is no outcome that can be kept \
             for ever; its sustainability is left out",
            g.action_name(crate::game::Player::Row, profile.0),
            g.action_name(crate::game::Player::Col, profile.1),
            game.names()[s]
        ));
    }
    let tol = |sets: &StateSets| crate::tolerance::SELF_GENERATION_VERIFY * range(sets, s);
    let (in_inner, in_outer) = match (payoff, sets) {
        (Some(p), Some(st)) => (
            Some(st.inner[s].contains(p, tol(st))),
            Some(st.outer[s].contains(p, tol(st))),
        ),
        _ => (None, None),
    };
    let critical_delta = match (payoff, cfg.search_directions) {
        (Some(p), Some(d)) => search(game, p, d, notes),
        _ => None,
    };
    TruceOutlook {
        profile,
        payoff,
        in_inner,
        in_outer,
        critical_delta,
    }
}

fn range(sets: &StateSets, s: usize) -> f64 {
    let pts = sets.outer[s].vertices();
    let span = |f: fn(&Point) -> f64| {
        let lo = pts.iter().map(f).fold(f64::INFINITY, f64::min);
        let hi = pts.iter().map(f).fold(f64::NEG_INFINITY, f64::max);
        (hi - lo).max(0.0)
    };
    span(|p| p.0).max(span(|p| p.1)).max(1.0)
}

/// The critical-δ search for the truce payoff `p` (see [`DeltaBracket`]): membership at
/// δ = 0, 0.1, …, 0.9 (and 0.99), then bisection where it changes first.
fn search(
    game: &StochasticGame,
    p: Point,
    directions: usize,
    notes: &mut Vec<String>,
) -> Option<DeltaBracket> {
    let s = game.initial();
    let verdict = |delta: f64| -> Option<(bool, bool)> {
        let sets = spe_sets(game, delta, directions).ok()?;
        let t = crate::tolerance::SELF_GENERATION_VERIFY * range(&sets, s);
        Some((sets.inner[s].contains(p, t), sets.outer[s].contains(p, t)))
    };
    let grid: Vec<f64> = (0..10).map(|k| k as f64 / 10.0).chain([0.99]).collect();
    let mut seen = Vec::with_capacity(grid.len());
    for &d in &grid {
        match verdict(d) {
            Some(v) => seen.push((d, v)),
            None => {
                notes.push(format!(
                    "the truce's critical δ is left out: the payoff sets at δ = {d} could not be computed"
                ));
                return None;
            }
        }
    }
    // The first grid point with the property, bisected against the one before it.
    let first = |pick: fn((bool, bool)) -> bool| -> Option<f64> {
        let k = seen.iter().position(|&(_, v)| pick(v))?;
        if k == 0 {
            return Some(0.0);
        }
        let (mut lo, mut hi) = (seen[k - 1].0, seen[k].0);
        while hi - lo > DELTA_SEARCH_TOLERANCE {
            let mid = 0.5 * (lo + hi);
            match verdict(mid) {
                Some(v) if pick(v) => hi = mid,
                Some(_) => lo = mid,
                None => break,
            }
        }
        Some(hi)
    };
    let sustained_from = first(|v| v.0);
    let not_below = first(|v| v.1).filter(|&d| d > 0.0);
    Some(DeltaBracket {
        not_below,
        sustained_from,
        tolerance: DELTA_SEARCH_TOLERANCE,
        directions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::Game;

    /// A truce that an unanswered tariff ends for ever: the war state pays (1, 1).
    fn ladder() -> StochasticGame {
        let pd = crate::game::fixtures::pd();
        let war = Game::from_rows(&[vec![1.0]], &[vec![1.0]]).unwrap();
        let mut t = vec![vec![vec![0.0, 1.0]; 2]; 2];
        t[0][0] = vec![1.0, 0.0];
        StochasticGame::new(
            vec!["truce".into(), "war".into()],
            vec![pd, war],
            vec![t, vec![vec![vec![0.0, 1.0]]]],
            0,
        )
        .unwrap()
    }

    #[test]
    fn absorbing_war_by_hand() {
        let g = ladder();
        let cfg = StochasticConfig {
            delta: 0.9,
            directions: Some(32),
            mpe: MpeScope::All,
            rounds: 5,
            truce: Some((0, 0)),
            search_directions: None,
        };
        let a = analyse(&g, &cfg);
        // Two pure MPE: cooperation (a tariff ends the truce, which deters it) and
        // defection, which ends it at once.
        assert_eq!(a.pure_count, 2);
        let (keep, end) = (&a.mpe[0], &a.mpe[1]);
        assert_eq!(keep.long_run_share, vec![1.0, 0.0]);
        assert_eq!(keep.reach[1].probability, 0.0);
        assert_eq!(end.long_run_share, vec![0.0, 1.0]);
        assert_eq!(end.reach[1].expected_rounds, Some(1.0));
        assert_eq!(end.distribution[1], vec![0.0, 1.0]);
        let t = a.truce.unwrap();
        assert_eq!(
            t.payoff,
            Some(crate::game::fixtures::pd().pure_payoffs(0, 0))
        );
        assert_eq!(t.in_inner, Some(true));
    }
}
