//! Discount thresholds of public strategies: the discount factors at which a pair of
//! public automata is a perfect public equilibrium, and the punishment length of a
//! Green–Porter trigger that sustains the most (Green & Porter 1984; Mailath & Samuelson
//! 2006, §7.2, whose prisoner's dilemma has closed forms for both, in
//! [`super::closed_forms`]).
//!
//! **The discount factors of equilibrium** ([`ppe_discounts`]). The pair is a PPE at a
//! common δ iff its margin `m(δ)`, the largest gain of a one-shot deviation over the
//! reachable state pairs ([`super::ppe::PpeCheck::largest_gain`]), is at most the check's
//! tolerance. The values are rational functions of δ, so `m` is continuous on `[0, 1)`
//! and the set of equilibrium δ is a union of closed intervals. Steps:
//! 1. build the product chain once (it does not depend on δ);
//! 2. check every δ of a fixed grid ([`scan_grid`]): [`UNIFORM_POINTS`] evenly spaced from
//!    0, then [`TAIL_POINTS`] spaced evenly in `log(1 − δ)` up to
//!    `1 − `[`DISCOUNT_SCAN_TOP`], where 8% of `1 − δ` separates neighbours;
//! 3. bisect between every two neighbours with different verdicts to
//!    [`DISCOUNT_BISECT`] in δ. Where the margin is strictly negative at the equilibrium
//!    neighbour (or at the next grid point inward: the neighbour may lie within the
//!    tolerance's reach of the threshold), the bisection follows the sign of the margin
//!    from there, so an end is the exact threshold `m(δ) = 0` (the closed forms are met
//!    to 1e-9, where the check's tolerance alone would move an end by about 1e-8); the
//!    check, which allows a gain up to its tolerance, accepts a little beyond it. Where
//!    the margin is not negative there (a deviation gains within the tolerance: an
//!    indifference), the bisection follows the check's verdict;
//! 4. verify: `ppe::check`, on a freshly built chain, must accept each end of every
//!    interval and the point [`DISCOUNT_BISECT`] inside it; otherwise the scan fails with
//!    [`MonitoringError::UnverifiedDiscount`].
//!
//! What the scan cannot see: an interval of equilibria, or a gap in one, narrower than
//! the grid spacing (0.0033 below δ ≈ 0.997, 8% of `1 − δ` above) may fall between two
//! grid points and be missed; only the δ of the intervals returned are checked. An
//! interval that reaches the top of the scan is reported to end there: closer to 1 the
//! gains fall below the check's tolerance. One that starts at the first grid point starts
//! at δ = 0 (the pair is then a PPE of the stage game already: a stage equilibrium after
//! every history).
//!
//! **Punishment length** ([`punishment_lengths`], [`best_punishment`]): for the library
//! trigger of both players with `T = 1, …, t_max` rounds of punishment and with grim
//! punishment (`T = ∞`), the values at the given δ, whether the pair is a PPE there, its
//! largest deviation gain and its critical δ. The best punishment is the equilibrium one
//! with the highest sum of the two players' values (a truce is worth most to both
//! together), ties within the game's tolerance going to the shorter punishment. In the
//! prisoner's dilemma of §7.2 a longer punishment lowers the value (more rounds are lost
//! after each false alarm) but deters more, so the best punishment is the shortest that
//! is an equilibrium; the tests check this against the closed forms rather than assume
//! it.
//!
//! **Work** ([`estimate`], [`punishment_estimate`]): checks made × their cost on the
//! chain, in the units of [`crate::budget`]; each check is counted with
//! [`crate::budget::spend`] as it is made.

use serde::Serialize;

use super::MonitoringError;
use super::ppe::{PpeCheck, check, check_chain};
use super::public_strategy::{PublicAutomaton, TriggerConfig, public_trigger};
use super::signals::SignalStructure;
use super::values::{PublicChain, product_chain, reachable_pairs};
use crate::budget::{self, Estimate, Plan, rates};
use crate::game::{Game, Player};
use crate::repeated::settings::Discount;
use crate::tolerance::{DISCOUNT_BISECT, DISCOUNT_SCAN_TOP};

/// Evenly spaced grid points of the scan, `k / UNIFORM_POINTS` for `k = 0, 1, …`.
pub const UNIFORM_POINTS: usize = 300;

/// Grid points of the scan above the even part, evenly spaced in `log(1 − δ)`.
pub const TAIL_POINTS: usize = 100;

/// The work estimate assumes this many interval ends to bisect (one interval with both
/// ends, the common case; each further end adds about a tenth of the grid's work).
pub const ESTIMATED_ENDS: usize = 2;

/// A closed interval `[low, high]` of common discount factors.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DiscountInterval {
    /// Least δ of the interval.
    pub low: f64,
    /// Greatest δ of the interval.
    pub high: f64,
}

/// The discount factors at which a pair of public automata is a PPE (module doc).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PpeDiscounts {
    /// The intervals of equilibrium δ, in increasing order, disjoint.
    pub intervals: Vec<DiscountInterval>,
    /// The least δ at which the pair is a PPE; `None` when it is at no δ of the scan.
    pub critical: Option<f64>,
    /// The greatest δ scanned: an interval ending here may go on closer to 1.
    pub scan_top: f64,
    /// Grid points scanned.
    pub grid_points: usize,
    /// PPE checks made (scan, bisections and verification).
    pub checks: usize,
}

/// A trigger with one punishment length (module doc).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PunishmentLength {
    /// Rounds of punishment; `None` for ever (grim trigger).
    pub rounds: Option<usize>,
    /// Normalised discounted values `(row, col)` from the start, at the given δ.
    pub values: (f64, f64),
    /// Whether the pair is a PPE at the given δ.
    pub ppe: bool,
    /// The least common δ at which the pair is a PPE ([`PpeDiscounts::critical`]).
    pub critical_delta: Option<f64>,
    /// The largest one-shot deviation gain at the given δ
    /// ([`super::ppe::PpeCheck::largest_gain`]): at most the check's tolerance when the
    /// pair is a PPE, negative when every deviation loses.
    pub gain: f64,
}

/// The δ scanned (module doc, step 2), increasing, from 0 to `1 − DISCOUNT_SCAN_TOP`.
pub fn scan_grid() -> Vec<f64> {
    let even = (0..UNIFORM_POINTS).map(|k| k as f64 / UNIFORM_POINTS as f64);
    // The tail continues where the even part stops, 1 − δ = 1/UNIFORM_POINTS, exclusive.
    let from = (UNIFORM_POINTS as f64).log10();
    let to = -DISCOUNT_SCAN_TOP.log10();
    let tail = (1..=TAIL_POINTS).map(move |j| {
        let x = from + (to - from) * j as f64 / TAIL_POINTS as f64;
        1.0 - 10f64.powf(-x)
    });
    even.chain(tail).collect()
}

/// One pair of automata whose PPE verdict is evaluated at many δ on one chain.
struct Scan<'a> {
    game: &'a Game,
    signals: &'a SignalStructure,
    row: &'a PublicAutomaton,
    col: &'a PublicAutomaton,
    chain: PublicChain,
    checks: usize,
}

impl Scan<'_> {
    fn at(&mut self, delta: f64) -> Result<PpeCheck, MonitoringError> {
        self.checks += 1;
        let pairs = self.chain.states.len();
        spend_check(self.game, pairs);
        check_chain(
            self.game,
            self.signals,
            self.row,
            self.col,
            &self.chain,
            common(delta),
        )
    }

    /// Bisects between `inside`, where `holds`, and `outside`, where it does not, to
    /// [`DISCOUNT_BISECT`]; returns the end where it holds.
    fn bisect(
        &mut self,
        mut inside: f64,
        mut outside: f64,
        holds: impl Fn(&PpeCheck) -> bool,
    ) -> Result<f64, MonitoringError> {
        while (outside - inside).abs() > DISCOUNT_BISECT {
            let mid = 0.5 * (inside + outside);
            if holds(&self.at(mid)?) {
                inside = mid;
            } else {
                outside = mid;
            }
        }
        Ok(inside)
    }

    /// The end of an interval between its last equilibrium grid point and the
    /// non-equilibrium one `outside` (module doc, step 3). `inside` holds that grid point
    /// and, when the run of equilibrium grid points has one, the next one inward, with
    /// their checks.
    fn end(&mut self, inside: &[(f64, &PpeCheck)], outside: f64) -> Result<f64, MonitoringError> {
        // The root of the margin lies inward of where the check's verdict changes; a
        // grid point next to it (within the tolerance's reach) may have a margin just
        // above zero, so the next one inward is tried too.
        match inside.iter().find(|(_, c)| c.largest_gain < 0.0) {
            Some(&(from, _)) => self.bisect(from, outside, |c| c.largest_gain <= 0.0),
            None => self.bisect(inside[0].0, outside, |c| c.ppe),
        }
    }
}

/// A common δ of the scan: the grid and the bisections stay in `[0, 1)`.
fn common(delta: f64) -> Discount {
    Discount::common(delta).expect("the scan's discount factors lie in [0, 1)")
}

/// The discount factors at which `row`, `col` is a PPE, as closed intervals (module doc).
///
/// ```
/// use truce::monitoring::closed_forms::{prisoners_dilemma, signals};
/// use truce::monitoring::public_strategy::{TriggerConfig, public_trigger};
/// use truce::monitoring::thresholds::ppe_discounts;
/// let cfg = TriggerConfig { cooperate: 0, punish: 1, alarms: vec![1], signals: 2, actions: 2 };
/// let grim = public_trigger(&cfg, None).unwrap();
/// let s = signals(0.9, 0.3, 0.1).unwrap();
/// let d = ppe_discounts(&prisoners_dilemma(), &s, &grim, &grim).unwrap();
/// // Grim trigger is a PPE iff δ(3p − 2q) ≥ 1: from δ = 1/2.1 on.
/// assert!((d.critical.unwrap() - 1.0 / 2.1).abs() < 1e-9);
/// assert_eq!(d.intervals.len(), 1);
/// ```
pub fn ppe_discounts(
    game: &Game,
    signals: &SignalStructure,
    row: &PublicAutomaton,
    col: &PublicAutomaton,
) -> Result<PpeDiscounts, MonitoringError> {
    let chain = product_chain(game, signals, row, col)?;
    let mut scan = Scan {
        game,
        signals,
        row,
        col,
        chain,
        checks: 0,
    };
    let grid = scan_grid();
    let at: Vec<PpeCheck> = grid.iter().map(|&d| scan.at(d)).collect::<Result<_, _>>()?;
    let mut intervals = Vec::new();
    let mut k = 0;
    while k < grid.len() {
        if !at[k].ppe {
            k += 1;
            continue;
        }
        // A run of equilibrium grid points k..=j.
        let mut j = k;
        while j + 1 < grid.len() && at[j + 1].ppe {
            j += 1;
        }
        // An end's grid point, and the next one inward when the run has two.
        let inside = |end: usize, inward: usize| {
            let mut v = vec![(grid[end], &at[end])];
            if k < j {
                v.push((grid[inward], &at[inward]));
            }
            v
        };
        let low = match k {
            0 => grid[0],
            _ => scan.end(&inside(k, k + 1), grid[k - 1])?,
        };
        let high = match grid.get(j + 1) {
            None => grid[j],
            Some(&out) => scan.end(&inside(j, j.saturating_sub(1)), out)?,
        };
        intervals.push(DiscountInterval { low, high });
        k = j + 1;
    }
    for i in &intervals {
        verify(&mut scan, i)?;
    }
    Ok(PpeDiscounts {
        critical: intervals.first().map(|i| i.low),
        intervals,
        scan_top: grid[grid.len() - 1],
        grid_points: grid.len(),
        checks: scan.checks,
    })
}

/// Module doc, step 4: the public check, on its own chain, accepts the ends of the
/// interval and the points [`DISCOUNT_BISECT`] inside them.
fn verify(scan: &mut Scan, i: &DiscountInterval) -> Result<(), MonitoringError> {
    let inside = [
        i.low,
        i.high,
        (i.low + DISCOUNT_BISECT).min(i.high),
        (i.high - DISCOUNT_BISECT).max(i.low),
    ];
    for delta in inside {
        scan.checks += 1;
        spend_check(scan.game, scan.chain.states.len());
        if !check(scan.game, scan.signals, scan.row, scan.col, common(delta))?.ppe {
            return Err(MonitoringError::UnverifiedDiscount { delta });
        }
    }
    Ok(())
}

/// Both players' triggers with `rounds` of punishment.
fn trigger_pair(
    row_cfg: &TriggerConfig,
    col_cfg: &TriggerConfig,
    rounds: Option<usize>,
) -> Result<(PublicAutomaton, PublicAutomaton), MonitoringError> {
    Ok((
        public_trigger(row_cfg, rounds)?,
        public_trigger(col_cfg, rounds)?,
    ))
}

/// The punishment lengths `T = 1, …, t_max`, then `T = ∞`.
fn lengths(t_max: usize) -> impl Iterator<Item = Option<usize>> {
    (1..=t_max).map(Some).chain(std::iter::once(None))
}

/// The library triggers of both players ([`public_trigger`] of `row_cfg` and `col_cfg`)
/// with each punishment length `T = 1, …, t_max` and then grim punishment, checked at
/// `discount` (module doc). The critical δ of each is that of a common δ.
///
/// ```
/// use truce::monitoring::closed_forms::{prisoners_dilemma, signals};
/// use truce::monitoring::public_strategy::TriggerConfig;
/// use truce::monitoring::thresholds::{best_punishment, punishment_lengths};
/// use truce::repeated::settings::Discount;
/// let cfg = TriggerConfig { cooperate: 0, punish: 1, alarms: vec![1], signals: 2, actions: 2 };
/// let (game, s) = (prisoners_dilemma(), signals(0.9, 0.3, 0.1).unwrap());
/// let all = punishment_lengths(&game, &s, &cfg, &cfg, Discount::common(0.8).unwrap(), 6).unwrap();
/// assert_eq!(all.len(), 7);
/// // At δ = 0.8 one round of punishment deters too little, two suffice.
/// assert!(!all[0].ppe && all[1].ppe);
/// assert_eq!(best_punishment(&game, &all).unwrap().rounds, Some(2));
/// ```
pub fn punishment_lengths(
    game: &Game,
    signals: &SignalStructure,
    row_cfg: &TriggerConfig,
    col_cfg: &TriggerConfig,
    discount: Discount,
    t_max: usize,
) -> Result<Vec<PunishmentLength>, MonitoringError> {
    lengths(t_max)
        .map(|rounds| {
            let (row, col) = trigger_pair(row_cfg, col_cfg, rounds)?;
            let chain = product_chain(game, signals, &row, &col)?;
            spend_check(game, chain.states.len());
            let at = check_chain(game, signals, &row, &col, &chain, discount)?;
            let discounts = ppe_discounts(game, signals, &row, &col)?;
            Ok(PunishmentLength {
                rounds,
                values: at.values,
                ppe: at.ppe,
                critical_delta: discounts.critical,
                gain: at.largest_gain,
            })
        })
        .collect()
}

/// The equilibrium punishment length with the highest sum of the two values, ties within
/// the game's tolerance to the shorter punishment (grim the longest); `None` when no
/// length of `lengths` is a PPE.
pub fn best_punishment<'a>(
    game: &Game,
    lengths: &'a [PunishmentLength],
) -> Option<&'a PunishmentLength> {
    let tol = game.tolerance();
    let sum = |l: &PunishmentLength| l.values.0 + l.values.1;
    let longer = |a: &PunishmentLength, b: &PunishmentLength| {
        a.rounds.unwrap_or(usize::MAX) > b.rounds.unwrap_or(usize::MAX)
    };
    lengths
        .iter()
        .filter(|l| l.ppe)
        .fold(None, |best: Option<&PunishmentLength>, l| match best {
            Some(b) if tol.gt(sum(b), sum(l)) => Some(b),
            Some(b) if tol.eq(sum(b), sum(l)) && !longer(b, l) => Some(b),
            _ => Some(l),
        })
}

/// Deviations examined by one check of a chain of `pairs` state pairs: each pair, each
/// player, each own action.
fn deviations(game: &Game, pairs: usize) -> f64 {
    (pairs * (game.num_actions(Player::Row) + game.num_actions(Player::Col))) as f64
}

/// Multiply-adds of one check's two dense solves on `pairs` state pairs (an LU each).
fn solve_flops(pairs: usize) -> f64 {
    let n = pairs as f64;
    2.0 * (n * n * n / 3.0 + n * n)
}

/// Counts one check of a chain of `pairs` state pairs with the work meter.
fn spend_check(game: &Game, pairs: usize) {
    budget::spend(rates::PPE_DEVIATION, deviations(game, pairs));
    budget::spend(rates::FLOP, solve_flops(pairs));
}

/// The checks [`ppe_discounts`] is expected to make: the grid, [`ESTIMATED_ENDS`]
/// bisections from the grid spacing down to [`DISCOUNT_BISECT`], and the verification
/// of one interval.
fn expected_checks() -> f64 {
    let spacing = 1.0 / UNIFORM_POINTS as f64;
    let steps = (spacing / DISCOUNT_BISECT).log2().ceil();
    (UNIFORM_POINTS + TAIL_POINTS) as f64 + ESTIMATED_ENDS as f64 * steps + 4.0
}

/// The two parts of the work of `chains`, each `(checks, state pairs)`: the deviations
/// and the value solves.
fn checks_plan(game: &Game, what: &str, chains: &[(f64, usize)], cheaper: &str) -> Plan {
    let units = |f: &dyn Fn(usize) -> f64| chains.iter().map(|&(c, n)| c * f(n)).sum::<f64>();
    let checks: f64 = chains.iter().map(|&(c, _)| c).sum();
    let most = chains.iter().map(|&(_, n)| n).max().unwrap_or(0);
    let mut plan = Plan::new();
    plan.push(Estimate::new(
        format!("{what}: deviations of {checks:.0} PPE checks (up to {most} state pairs)"),
        units(&|n| deviations(game, n)),
        rates::PPE_DEVIATION,
        cheaper,
    ));
    plan.push(Estimate::new(
        format!("{what}: value solves of {checks:.0} PPE checks (up to {most} state pairs)"),
        units(&|n| solve_flops(n)),
        rates::FLOP,
        cheaper,
    ));
    plan
}

/// The work of [`ppe_discounts`] on `row`, `col`: the checks it is expected to make
/// (the grid, two bisected ends, the verification) on their chain. Builds the list of
/// reachable state pairs only, not the chain.
pub fn estimate(
    game: &Game,
    signals: &SignalStructure,
    row: &PublicAutomaton,
    col: &PublicAutomaton,
) -> Result<Plan, MonitoringError> {
    let pairs = reachable_pairs(game, signals, row, col)?.len();
    Ok(checks_plan(
        game,
        "discount thresholds",
        &[(expected_checks(), pairs)],
        "use automata with fewer states",
    ))
}

/// The work of [`punishment_lengths`] up to `t_max`: for each length, one check at the
/// given δ and the work of [`ppe_discounts`] on its chain.
pub fn punishment_estimate(
    game: &Game,
    signals: &SignalStructure,
    row_cfg: &TriggerConfig,
    col_cfg: &TriggerConfig,
    t_max: usize,
) -> Result<Plan, MonitoringError> {
    let chains = lengths(t_max)
        .map(|rounds| {
            let (row, col) = trigger_pair(row_cfg, col_cfg, rounds)?;
            let pairs = reachable_pairs(game, signals, &row, &col)?.len();
            Ok((1.0 + expected_checks(), pairs))
        })
        .collect::<Result<Vec<_>, MonitoringError>>()?;
    Ok(checks_plan(
        game,
        "punishment lengths",
        &chains,
        "lower the longest punishment length",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitoring::closed_forms::{
        grim_margin, grim_value, prisoners_dilemma, signals, t_round_margin, t_round_value,
    };
    use crate::monitoring::public_strategy::{forgiving, k_alarms_in_a_row, test_trigger};

    const PS: [f64; 5] = [0.55, 0.7, 0.8, 0.9, 0.99];
    const QS: [f64; 5] = [0.05, 0.2, 0.3, 0.5, 0.65];
    const RS: [f64; 2] = [0.1, 0.6];

    fn at(game: &Game, s: &SignalStructure, a: &PublicAutomaton, d: f64) -> PpeCheck {
        check(game, s, a, a, common(d)).unwrap()
    }

    #[test]
    fn the_grid_rises_from_zero_to_the_top_of_the_scan() {
        let g = scan_grid();
        assert_eq!(g.len(), UNIFORM_POINTS + TAIL_POINTS);
        assert_eq!(g[0], 0.0);
        assert!(g.windows(2).all(|w| w[0] < w[1]));
        assert!((g[g.len() - 1] - (1.0 - DISCOUNT_SCAN_TOP)).abs() < 1e-15);
        // The tail's first step is no wider than the even part's.
        let step = g[UNIFORM_POINTS] - g[UNIFORM_POINTS - 1];
        assert!(step <= 1.0 / UNIFORM_POINTS as f64, "{step}");
    }

    #[test]
    fn grim_trigger_critical_delta_is_one_over_3p_minus_2q() {
        let game = prisoners_dilemma();
        let grim = public_trigger(&test_trigger(), None).unwrap();
        let mut found = [0, 0];
        for p in PS {
            for q in QS.into_iter().filter(|&q| q < p) {
                for r in RS {
                    let s = signals(p, q, r).unwrap();
                    let d = ppe_discounts(&game, &s, &grim, &grim).unwrap();
                    let k = 3.0 * p - 2.0 * q;
                    // Away from k = 1, where the threshold meets 1 and the gains near it
                    // fall below the tolerance.
                    if (k - 1.0).abs() < 0.05 {
                        continue;
                    }
                    if k > 1.0 {
                        let c = d.critical.unwrap_or_else(|| panic!("p={p} q={q}: {d:?}"));
                        assert!(
                            (c - 1.0 / k).abs() < 1e-9,
                            "p={p} q={q} r={r}: {c} vs {}",
                            1.0 / k
                        );
                        assert!(grim_margin(p, q, c) > -1e-12);
                        assert_eq!(d.intervals.len(), 1, "{d:?}");
                        assert_eq!(d.intervals[0].high, d.scan_top);
                        found[1] += 1;
                    } else {
                        assert_eq!(d.critical, None, "p={p} q={q}: {d:?}");
                        assert!(d.intervals.is_empty());
                        found[0] += 1;
                    }
                }
            }
        }
        assert!(found[0] > 3 && found[1] > 10, "{found:?}");
    }

    #[test]
    fn every_interval_end_is_an_equilibrium_and_beyond_it_is_not() {
        let game = prisoners_dilemma();
        let s = signals(0.9, 0.3, 0.1).unwrap();
        let tol = game.tolerance().abs;
        for rounds in [Some(1), Some(3), None] {
            let a = public_trigger(&test_trigger(), rounds).unwrap();
            let d = ppe_discounts(&game, &s, &a, &a).unwrap();
            for i in &d.intervals {
                assert!(at(&game, &s, &a, i.low).ppe && at(&game, &s, &a, i.high).ppe);
                // The check's tolerance lets it accept a little beyond the exact end.
                if i.low > 0.0 {
                    assert!(
                        !at(&game, &s, &a, i.low - 1e3 * tol).ppe,
                        "{rounds:?} {i:?}"
                    );
                }
                if i.high < d.scan_top {
                    assert!(
                        !at(&game, &s, &a, i.high + 1e3 * tol).ppe,
                        "{rounds:?} {i:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_stage_equilibrium_forever_is_an_equilibrium_from_zero() {
        // Both always shirk: one state each, (S,S) a stage equilibrium of the PD.
        let game = prisoners_dilemma();
        let s = signals(0.9, 0.3, 0.1).unwrap();
        let mut cfg = test_trigger();
        cfg.cooperate = 1;
        let shirk = public_trigger(&cfg, None).unwrap();
        let d = ppe_discounts(&game, &s, &shirk, &shirk).unwrap();
        assert_eq!(d.critical, Some(0.0));
        assert_eq!(
            d.intervals,
            [DiscountInterval {
                low: 0.0,
                high: d.scan_top
            }]
        );
    }

    #[test]
    fn an_equilibrium_only_for_little_patience_ends_below_one() {
        // A coordination game, (0,0) paying 1 and (1,1) paying 3, where the trigger
        // plays 0 and "punishes" with the better equilibrium (1,1). Alarms come only from
        // miscoordination (probability 0.9), so a deviation to 1 in the cooperative state
        // gains δ(0.9·3 + 0.1·1) − 1: the pair is a PPE iff δ ≤ 1/2.8.
        let game = Game::from_rows(
            &[vec![1.0, 0.0], vec![0.0, 3.0]],
            &[vec![1.0, 0.0], vec![0.0, 3.0]],
        )
        .unwrap();
        let s = SignalStructure::short_form((2, 2), (0, 0), 0.0, 0.9).unwrap();
        let a = public_trigger(&test_trigger(), None).unwrap();
        let d = ppe_discounts(&game, &s, &a, &a).unwrap();
        assert_eq!(d.intervals.len(), 1, "{d:?}");
        assert_eq!(d.critical, Some(0.0));
        assert!((d.intervals[0].high - 1.0 / 2.8).abs() < 1e-9, "{d:?}");
    }

    #[test]
    fn punishment_lengths_match_the_closed_forms() {
        let game = prisoners_dilemma();
        let cfg = test_trigger();
        let t_max = 8;
        let mut both = [0, 0];
        let mut compared = 0;
        for p in PS {
            for q in QS.into_iter().filter(|&q| q < p) {
                let s = signals(p, q, 0.3).unwrap();
                for delta in [0.3, 0.6, 0.8, 0.9, 0.97] {
                    let all =
                        punishment_lengths(&game, &s, &cfg, &cfg, common(delta), t_max).unwrap();
                    assert_eq!(all.len(), t_max + 1);
                    // Closed forms of each length: value, margin, and the largest gain:
                    // shirking while cooperating (minus the margin, for T rounds), or
                    // making an effort while punishing, −(1 − δ).
                    let closed: Vec<(f64, f64, f64)> = all
                        .iter()
                        .map(|l| match l.rounds {
                            Some(t) => {
                                let m = t_round_margin(p, q, delta, t);
                                (t_round_value(p, delta, t), m, -m)
                            }
                            None => {
                                let k = 3.0 * p - 2.0 * q;
                                let shirk = (1.0 - delta) * (1.0 - delta * k) / (1.0 - delta * p);
                                (grim_value(p, delta), grim_margin(p, q, delta), shirk)
                            }
                        })
                        .collect();
                    let mut ambiguous = false;
                    for (l, &(v, m, shirk)) in all.iter().zip(&closed) {
                        let at = format!("p={p} q={q} δ={delta} T={:?}", l.rounds);
                        assert!((l.values.0 - v).abs() < 1e-9, "{at}");
                        assert!((l.values.1 - v).abs() < 1e-9, "{at}");
                        let gain = shirk.max(-(1.0 - delta));
                        assert!((l.gain - gain).abs() < 1e-9, "{at}: {} vs {gain}", l.gain);
                        if m.abs() > 1e-9 {
                            assert_eq!(l.ppe, m >= 0.0, "{at}");
                            both[usize::from(l.ppe)] += 1;
                        } else {
                            ambiguous = true;
                        }
                    }
                    if ambiguous {
                        continue;
                    }
                    // The best punishment by brute force over the closed forms: the
                    // highest value among the equilibrium lengths, ties to the shorter.
                    let brute = all
                        .iter()
                        .zip(&closed)
                        .filter(|(_, c)| c.1 >= 0.0)
                        .fold(None, |b: Option<(Option<usize>, f64)>, (l, c)| match b {
                            Some((_, bv)) if bv >= c.0 - 1e-12 => b,
                            _ => Some((l.rounds, c.0)),
                        })
                        .map(|b| b.0);
                    let best = best_punishment(&game, &all).map(|l| l.rounds);
                    assert_eq!(best, brute, "p={p} q={q} δ={delta}");
                    compared += 1;
                }
            }
        }
        assert!(both[0] > 50 && both[1] > 50, "{both:?}");
        assert!(compared > 50, "{compared}");
    }

    #[test]
    fn in_the_prisoners_dilemma_longer_punishment_is_worth_less_so_the_best_is_the_shortest() {
        let game = prisoners_dilemma();
        let cfg = test_trigger();
        for (p, q, delta) in [
            (0.9, 0.3, 0.8),
            (0.9, 0.5, 0.9),
            (0.99, 0.65, 0.95),
            (0.7, 0.2, 0.9),
        ] {
            let s = signals(p, q, 0.3).unwrap();
            let all = punishment_lengths(&game, &s, &cfg, &cfg, common(delta), 12).unwrap();
            // V_T decreases in T, with grim the lowest.
            for w in all.windows(2) {
                assert!(w[1].values.0 < w[0].values.0, "{p} {q} {delta}: {w:?}");
            }
            let shortest = all.iter().find(|l| l.ppe);
            assert!(shortest.is_some(), "{p} {q} {delta}");
            assert_eq!(best_punishment(&game, &all), shortest, "{p} {q} {delta}");
        }
    }

    #[test]
    fn critical_delta_of_a_t_round_trigger_is_a_root_of_its_closed_form() {
        let game = prisoners_dilemma();
        let cfg = test_trigger();
        let (p, q) = (0.9, 0.3);
        let s = signals(p, q, 0.3).unwrap();
        let all = punishment_lengths(&game, &s, &cfg, &cfg, common(0.9), 5).unwrap();
        for l in &all {
            let Some(t) = l.rounds else { continue };
            if let Some(c) = l.critical_delta {
                assert!(t_round_margin(p, q, c, t).abs() < 1e-9, "T={t}: {c}");
                assert!(t_round_margin(p, q, c - 1e-6, t) < 0.0);
            }
        }
        assert!(all.iter().filter(|l| l.critical_delta.is_some()).count() >= 3);
    }

    #[test]
    fn best_punishment_breaks_ties_towards_the_shorter_and_needs_an_equilibrium() {
        let game = prisoners_dilemma();
        let l = |rounds, v, ppe| PunishmentLength {
            rounds,
            values: (v, v),
            ppe,
            critical_delta: None,
            gain: 0.0,
        };
        let all = [
            l(Some(1), 1.5, false),
            l(Some(2), 1.2, true),
            l(Some(3), 1.2, true),
            l(None, 1.0, true),
        ];
        assert_eq!(best_punishment(&game, &all).unwrap().rounds, Some(2));
        let rev: Vec<_> = all.iter().rev().cloned().collect();
        assert_eq!(best_punishment(&game, &rev).unwrap().rounds, Some(2));
        assert_eq!(best_punishment(&game, &all[..1]), None);
    }

    #[test]
    fn other_automata_scan_and_verify() {
        let game = prisoners_dilemma();
        let s = signals(0.9, 0.3, 0.1).unwrap();
        let cfg = test_trigger();
        let k2 = k_alarms_in_a_row(2, &cfg, Some(2)).unwrap();
        let f = forgiving(0.3, &cfg).unwrap();
        for (row, col) in [(&k2, &k2), (&f, &f), (&k2, &f)] {
            let d = ppe_discounts(&game, &s, row, col).unwrap();
            for i in &d.intervals {
                for x in [i.low, 0.5 * (i.low + i.high), i.high] {
                    assert!(check(&game, &s, row, col, common(x)).unwrap().ppe);
                }
            }
            assert_eq!(d.critical, d.intervals.first().map(|i| i.low));
        }
    }

    #[test]
    fn the_estimate_counts_the_checks_and_the_meter_agrees() {
        let game = prisoners_dilemma();
        let s = signals(0.9, 0.3, 0.1).unwrap();
        let a = public_trigger(&test_trigger(), Some(3)).unwrap();
        let plan = estimate(&game, &s, &a, &a).unwrap();
        let (d, spent) = budget::measure(|| ppe_discounts(&game, &s, &a, &a).unwrap());
        let ratio = spent / plan.seconds();
        assert!((0.5..2.0).contains(&ratio), "{ratio}: {d:?}");
        let cfg = test_trigger();
        let plan = punishment_estimate(&game, &s, &cfg, &cfg, 6).unwrap();
        let (_, spent) =
            budget::measure(|| punishment_lengths(&game, &s, &cfg, &cfg, common(0.9), 6).unwrap());
        let ratio = spent / plan.seconds();
        assert!((0.5..2.0).contains(&ratio), "{ratio}");
    }
}
