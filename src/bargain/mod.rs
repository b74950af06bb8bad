//! Bargaining: where a negotiated agreement between the two players lands.
//!
//! The players may agree on any point of the feasible set — the convex hull of the pure
//! payoff profiles, reached by playing pure profiles with given frequencies (or by a public
//! lottery over them). If they fail to agree they get the disagreement point `d`. This
//! module owns:
//! - [`frontier`]: the feasible set, its strong Pareto frontier, and how to reach a point on
//!   it as a mixture of at most two pure profiles;
//! - [`nash`]: the Nash bargaining solution (Nash 1950);
//! - [`kalai_smorodinsky`]: the Kalai–Smorodinsky solution (Kalai & Smorodinsky 1975);
//! - [`rubinstein`]: the alternating-offers split of a surplus (Rubinstein 1982).
//!
//! Where `d` comes from (mixed minmax point, a stage equilibrium, the worst subgame-perfect
//! payoffs or a given point) is described by [`Disagreement`]; the solvers take the point
//! itself. Nothing here reads files or prints.

pub mod frontier;
pub mod kalai_smorodinsky;
pub mod nash;
pub mod rubinstein;
pub mod self_enforcing;

use serde::Serialize;

use crate::game::{Game, Player};
use crate::geometry::Point;
use crate::stage::components::maximal_nash_subsets;
use crate::stage::minmax::{LpError, mixed_security};
use crate::stage::pure::PureEquilibrium;
use crate::stage::solution::{Method, SolveError, check_size};
use crate::stage::vertex::extreme_equilibria;
use crate::tolerance::TYPED_EQUILIBRIUM_PAYOFF;

/// Where the disagreement point comes from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum DisagreementSource {
    /// Each player's mixed minmax value: what the other can hold them to.
    MixedMinmax,
    /// Each player's pure minmax value: for games beyond the mixed minmax linear
    /// programs' cell limit ([`crate::stage::solution::LP_LIMIT`]).
    PureMinmax,
    /// The payoffs of a pure stage equilibrium `(row, col)`.
    StageEquilibrium {
        /// Row action index.
        row: usize,
        /// Column action index.
        col: usize,
    },
    /// The payoffs of a (mixed) stage equilibrium given by the caller.
    MixedEquilibrium,
    /// The worst subgame-perfect payoffs of the repeated game, given by the caller.
    WorstSpe,
    /// A point given by the caller.
    Given,
}

/// The disagreement point and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Disagreement {
    /// `(d_row, d_col)`.
    pub point: Point,
    /// Its origin.
    pub source: DisagreementSource,
}

impl Disagreement {
    /// The mixed minmax point `(minmax_row, minmax_col)` of `game`.
    pub fn mixed_minmax(game: &Game) -> Result<Self, LpError> {
        let r = mixed_security(game, Player::Row)?;
        let c = mixed_security(game, Player::Col)?;
        Ok(Disagreement {
            point: (r.minmax, c.minmax),
            source: DisagreementSource::MixedMinmax,
        })
    }

    /// The minmax point: mixed ([`Disagreement::mixed_minmax`]) for games of at most
    /// [`crate::stage::solution::LP_LIMIT`] cells, pure beyond (the linear programs' work
    /// grows with about the square of the cells: 10,000 cells take a second, 90,000 a
    /// minute).
    pub fn minmax(game: &Game) -> Result<Self, LpError> {
        let (m, n) = game.shape();
        if m * n <= crate::stage::solution::LP_LIMIT {
            return Disagreement::mixed_minmax(game);
        }
        Ok(Disagreement {
            point: (
                crate::stage::pure_values::pure_security(game, Player::Row).minmax,
                crate::stage::pure_values::pure_security(game, Player::Col).minmax,
            ),
            source: DisagreementSource::PureMinmax,
        })
    }

    /// Each player's mixed minmax value, from security levels already computed (row's,
    /// then column's, as [`crate::stage::solution::StageSolution::security`] holds them).
    pub fn from_security(security: &[crate::stage::minmax::MixedSecurity; 2]) -> Self {
        Disagreement {
            point: (security[0].minmax, security[1].minmax),
            source: DisagreementSource::MixedMinmax,
        }
    }

    /// The payoffs of a pure stage equilibrium.
    pub fn stage_equilibrium(eq: &PureEquilibrium) -> Self {
        Disagreement {
            point: eq.payoffs,
            source: DisagreementSource::StageEquilibrium {
                row: eq.row,
                col: eq.col,
            },
        }
    }

    /// A point with the given origin.
    pub fn given(point: Point, source: DisagreementSource) -> Self {
        Disagreement { point, source }
    }

    /// A point given as the payoffs of a mixed stage equilibrium, checked: some Nash
    /// equilibrium of `game` must pay it, within [`TYPED_EQUILIBRIUM_PAYOFF`] of the
    /// largest payoff (typed payoffs are rounded). The point is kept as given.
    pub fn mixed_equilibrium(game: &Game, point: Point) -> Result<Self, EquilibriumPointError> {
        let paid = equilibrium_payoffs(game)?;
        let tol = TYPED_EQUILIBRIUM_PAYOFF * game.payoff_scale();
        if paid.iter().any(|p| p.contains(point, tol)) {
            Ok(Disagreement {
                point,
                source: DisagreementSource::MixedEquilibrium,
            })
        } else {
            Err(EquilibriumPointError::NotPaid { point, paid })
        }
    }
}

/// The payoffs of the stage equilibria of one maximal Nash subset: every pair with the
/// row payoff in `row` and the column payoff in `col` is paid by one of them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EquilibriumPayoffs {
    /// Least and greatest row payoff.
    pub row: (f64, f64),
    /// Least and greatest column payoff.
    pub col: (f64, f64),
}

impl EquilibriumPayoffs {
    /// Whether `point` is paid, within `tol` in each coordinate.
    pub fn contains(&self, point: Point, tol: f64) -> bool {
        let within = |v: f64, (lo, hi): (f64, f64)| lo - tol <= v && v <= hi + tol;
        within(point.0, self.row) && within(point.1, self.col)
    }
}

/// Why a point was refused as the payoffs of a stage equilibrium.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EquilibriumPointError {
    /// No stage equilibrium pays the point; `paid` lists what they pay.
    #[error("no Nash equilibrium of the stage game pays ({}, {})", point.0, point.1)]
    NotPaid {
        /// The point given.
        point: Point,
        /// The equilibria's payoffs, one entry per maximal Nash subset.
        paid: Vec<EquilibriumPayoffs>,
    },
    /// The equilibria could not be enumerated (the game is too large, say).
    #[error("the stage equilibria could not be enumerated: {0}")]
    Solve(#[from] SolveError),
}

/// The payoff pairs of all Nash equilibria of `game`, one rectangle per maximal Nash
/// subset (from vertex enumeration, within its default size limit).
///
/// Why rectangles (Jansen 1981): the equilibria are the union of the maximal Nash
/// subsets `conv X × conv Y`, and in one subset every `x` is a best reply to every `y`,
/// so the row payoff `xᵀAy = maxᵢ (Ay)ᵢ` does not depend on `x` and is linear in `y`:
/// over `conv Y` it spans the interval between its values at the extreme `y`s, whatever
/// `x` is. Likewise the column payoff depends on `x` only. So the subset pays exactly
/// the product of the two intervals.
pub fn equilibrium_payoffs(game: &Game) -> Result<Vec<EquilibriumPayoffs>, SolveError> {
    check_size(Method::Vertex, false, game.shape(), false)?;
    let extreme = extreme_equilibria(game)?;
    let span = |v: &mut dyn Iterator<Item = f64>| {
        v.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
            (lo.min(x), hi.max(x))
        })
    };
    Ok(maximal_nash_subsets(&extreme.equilibria)
        .iter()
        .filter_map(|s| {
            let (x0, y0) = (s.row.first()?, s.col.first()?);
            Some(EquilibriumPayoffs {
                row: span(&mut s.col.iter().map(|y| game.expected_payoffs(x0, y).0)),
                col: span(&mut s.row.iter().map(|x| game.expected_payoffs(x, y0).1)),
            })
        })
        .collect())
}

/// The pure stage equilibrium used as "the" stage-equilibrium disagreement point when
/// the game has several: the one with the smallest sum of payoffs (the breakdown both
/// sides fear most); ties go to the first in row-major order. `None` without pure
/// equilibria.
pub fn pessimistic_equilibrium(equilibria: &[PureEquilibrium]) -> Option<&PureEquilibrium> {
    equilibria
        .iter()
        .fold(None, |best: Option<&PureEquilibrium>, e| match best {
            Some(b) if b.payoffs.0 + b.payoffs.1 <= e.payoffs.0 + e.payoffs.1 => Some(b),
            _ => Some(e),
        })
}

/// One pure profile in the mixture that reaches a bargaining point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ProfileWeight {
    /// Row action index.
    pub row: usize,
    /// Column action index.
    pub col: usize,
    /// The profile's payoff pair.
    pub payoffs: Point,
    /// Share of rounds (or lottery probability) on this profile, in (0, 1].
    pub weight: f64,
}

/// Everything `truce bargain` reports: the feasible set, both bargaining solutions for one
/// disagreement point, and the Rubinstein split when discount factors are known.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BargainAnalysis {
    /// The feasible set and its Pareto frontier.
    pub feasible: frontier::FeasibleSet,
    /// The Nash bargaining solution.
    pub nash: nash::NashBargaining,
    /// The Kalai–Smorodinsky solution.
    pub kalai_smorodinsky: kalai_smorodinsky::KalaiSmorodinsky,
    /// The alternating-offers split, when discount factors were given.
    pub rubinstein: Option<rubinstein::RubinsteinSplit>,
    /// Alternating offers over the feasible set, when discount factors were given and an
    /// agreement beats the disagreement point.
    pub offers: Option<Offers>,
    /// Whether the solutions enforce themselves, when the SPE payoff set at a common δ is
    /// known (filled by [`self_enforcing::self_enforcing`]).
    pub self_enforcing: Option<self_enforcing::SelfEnforcing>,
    /// With the mixed minmax as disagreement point: each player whose minmax the other can
    /// only impose by playing strictly dominated actions.
    pub dominated_threats: Vec<DominatedThreat>,
    /// What was left out, and why (filled by the caller, e.g. a part beyond its work
    /// budget).
    pub notes: Vec<String>,
}

/// A minmax threat that needs strictly dominated actions: carrying it out costs the
/// punisher for sure, so the threat point is a harsh benchmark rather than a credible
/// breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DominatedThreat {
    /// The player held down.
    pub player: Player,
    /// Its mixed minmax value.
    pub minmax: f64,
    /// What the other player can hold it to with actions that are not strictly dominated.
    pub undominated_minmax: f64,
}

/// Each player whose mixed minmax needs the opponent to play strictly dominated actions:
/// the minmax over the opponent's undominated actions (one round of elimination of
/// strictly dominated actions, pure or mixed) is higher, beyond the game's tolerance.
pub fn dominated_threats(game: &Game) -> Vec<DominatedThreat> {
    let dom = crate::stage::dominance::iterated_strict_dominance(game);
    let first = dom.rounds.first().cloned().unwrap_or_default();
    let (m, n) = game.shape();
    let undominated = |p: Player, len: usize| -> Vec<usize> {
        (0..len)
            .filter(|&k| !first.iter().any(|e| e.player == p && e.action == k))
            .collect()
    };
    let mut out = Vec::new();
    for player in [Player::Row, Player::Col] {
        let Ok(full) = mixed_security(game, player) else {
            continue;
        };
        // The punisher keeps only its undominated actions.
        let (rows, cols): (Vec<usize>, Vec<usize>) = match player {
            Player::Row => ((0..m).collect(), undominated(Player::Col, n)),
            Player::Col => (undominated(Player::Row, m), (0..n).collect()),
        };
        if rows.len() == m && cols.len() == n {
            continue;
        }
        let pick = |mat: &nalgebra::DMatrix<f64>| -> Vec<Vec<f64>> {
            rows.iter()
                .map(|&i| cols.iter().map(|&j| mat[(i, j)]).collect())
                .collect()
        };
        let Ok(sub) = Game::from_rows(&pick(game.a()), &pick(game.b())) else {
            continue;
        };
        let Ok(restricted) = mixed_security(&sub, player) else {
            continue;
        };
        if game.tolerance().gt(restricted.minmax, full.minmax) {
            out.push(DominatedThreat {
                player,
                minmax: full.minmax,
                undominated_minmax: restricted.minmax,
            });
        }
    }
    out
}

/// A feasible agreement and how to reach it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// The payoff pair.
    pub point: Point,
    /// Pure profiles and weights whose mixture pays `point`.
    pub reached_by: Vec<ProfileWeight>,
}

/// The immediate agreements of alternating-offers bargaining over the feasible set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Offers {
    /// When the row player proposes first.
    pub row_proposes: Agreement,
    /// When the column player proposes first.
    pub col_proposes: Agreement,
}

/// Bargaining analysis of `game` with disagreement point `d` and, optionally, discount
/// factors `(δ_row, δ_col)` in `[0, 1)` for the Rubinstein split.
///
/// ```
/// use truce::bargain::{analyse, Disagreement};
/// use truce::game::Game;
/// // Prisoner's dilemma: from the minmax point (1, 1) the bargain is mutual cooperation.
/// let pd = Game::from_rows(&[vec![3.0, 0.0], vec![5.0, 1.0]],
///                          &[vec![3.0, 5.0], vec![0.0, 1.0]]).unwrap();
/// let d = Disagreement::mixed_minmax(&pd).unwrap();
/// let a = analyse(&pd, d, Some((0.9, 0.9))).unwrap();
/// assert_eq!(a.nash.point, (3.0, 3.0));
/// assert_eq!((a.nash.reached_by[0].row, a.nash.reached_by[0].col), (0, 0));
/// let share = a.rubinstein.unwrap().row_proposes.0;
/// assert!((share - 1.0 / 1.9).abs() < 1e-12);
/// ```
pub fn analyse(
    game: &Game,
    d: Disagreement,
    discount: Option<(f64, f64)>,
) -> Result<BargainAnalysis, rubinstein::DiscountError> {
    let feasible = frontier::FeasibleSet::of_game(game);
    let rubinstein = discount
        .map(|(r, c)| rubinstein::rubinstein(r, c))
        .transpose()?;
    let offers = discount.and_then(|(r, c)| {
        let o = rubinstein::alternating_offers(&feasible, d.point, r, c)?;
        let agreement = |fp: frontier::FrontierPoint| Agreement {
            point: fp.point,
            reached_by: feasible.reach(&fp),
        };
        Some(Offers {
            row_proposes: agreement(o.row_proposes),
            col_proposes: agreement(o.col_proposes),
        })
    });
    Ok(BargainAnalysis {
        dominated_threats: if d.source == DisagreementSource::MixedMinmax {
            dominated_threats(game)
        } else {
            Vec::new()
        },
        offers,
        nash: nash::nash_bargaining(&feasible, d),
        kalai_smorodinsky: kalai_smorodinsky::kalai_smorodinsky(&feasible, d),
        feasible,
        rubinstein,
        self_enforcing: None,
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pessimistic_equilibrium_takes_the_lowest_sum() {
        let e = |row, col, u, v| PureEquilibrium {
            row,
            col,
            payoffs: (u, v),
        };
        let eqs = [e(0, 0, 4.0, 4.0), e(1, 1, 1.0, 2.0), e(2, 2, 2.0, 1.0)];
        let p = pessimistic_equilibrium(&eqs).unwrap();
        assert_eq!((p.row, p.col), (1, 1));
        assert!(pessimistic_equilibrium(&[]).is_none());
    }

    #[test]
    fn a_minmax_that_needs_a_dominated_threat_is_flagged() {
        // Column's third action holds row to 0 but is strictly dominated for column;
        // with its first two column can hold row only to 2 (mixing half-half).
        let g = Game::from_rows(
            &[vec![3.0, 1.0, 0.0], vec![1.0, 3.0, 0.0]],
            &[vec![2.0, 2.0, 0.0], vec![2.0, 2.0, 0.0]],
        )
        .unwrap();
        let t = dominated_threats(&g);
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].player, Player::Row);
        assert!(t[0].minmax.abs() < 1e-9);
        assert!((t[0].undominated_minmax - 2.0).abs() < 1e-9);
        assert!(dominated_threats(&crate::game::fixtures::pd()).is_empty());
    }

    #[test]
    fn a_mixed_disagreement_must_be_paid_by_an_equilibrium() {
        // Battle of the sexes: the equilibria pay (2, 1), (1, 2) and, mixed, (2/3, 2/3).
        let g = Game::from_rows(
            &[vec![2.0, 0.0], vec![0.0, 1.0]],
            &[vec![1.0, 0.0], vec![0.0, 2.0]],
        )
        .unwrap();
        for p in [
            (2.0, 1.0),
            (1.0, 2.0),
            (2.0 / 3.0, 2.0 / 3.0),
            (0.667, 0.667),
        ] {
            assert!(Disagreement::mixed_equilibrium(&g, p).is_ok(), "{p:?}");
        }
        match Disagreement::mixed_equilibrium(&g, (1.0, 1.0)) {
            Err(EquilibriumPointError::NotPaid { paid, .. }) => assert_eq!(paid.len(), 3),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_component_of_equilibria_pays_a_rectangle() {
        // Column is indifferent everywhere: every row strategy against `left` is an
        // equilibrium when row's `top` and `bottom` both pay 1 against it.
        let g = Game::from_rows(
            &[vec![1.0, 0.0], vec![1.0, 2.0]],
            &[vec![0.0, 0.0], vec![0.0, 0.0]],
        )
        .unwrap();
        let paid = equilibrium_payoffs(&g).unwrap();
        assert!(
            paid.iter().any(|p| p.contains((1.5, 0.0), 1e-12)),
            "{paid:?}"
        );
        assert!(
            !paid.iter().any(|p| p.contains((2.5, 0.0), 1e-12)),
            "{paid:?}"
        );
    }
}
