//! Which bargains can enforce themselves in the repeated game. An agreement that is not a
//! subgame-perfect equilibrium payoff needs an outside enforcer; one inside the SPE payoff
//! set at δ (Abreu, Pearce & Stacchetti 1990; computed by Abreu & Sannikov 2014) can be
//! kept by the players' own threats. For the Nash bargaining point and the
//! Kalai–Smorodinsky point this says whether they lie in that set; where the Nash point
//! does not, it also gives the Nash bargaining solution over the SPE payoff set itself
//! (Nash 1950 applied to the convex set of self-enforcing payoffs): the best bargain that
//! enforces itself. When no SPE payoff improves on the disagreement point for both, that
//! bargain is the disagreement point.

use serde::Serialize;

use super::frontier::FeasibleSet;
use super::nash::{NashBargaining, nash_bargaining};
use super::{BargainAnalysis, Disagreement};
use crate::geometry::Point;

/// Whether the bargaining solutions enforce themselves at a common δ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfEnforcing {
    /// The common discount factor of the SPE payoff set.
    pub delta: f64,
    /// Whether the SPE payoff set is non-empty.
    pub spe_exists: bool,
    /// Whether the Nash bargaining point is an SPE payoff.
    pub nash_in_spe_set: bool,
    /// Whether the Kalai–Smorodinsky point is an SPE payoff.
    pub kalai_smorodinsky_in_spe_set: bool,
    /// The Nash bargaining solution over the SPE payoff set, when the Nash point is not
    /// in it (and the set is not empty).
    pub spe_nash: Option<NashBargaining>,
}

/// The distance within which a payoff pair counts as in the SPE payoff set of `game`
/// (the repeated-game analysis's own test: [`crate::tolerance::SPE_SET_MEMBERSHIP`] of the
/// payoff span).
pub fn spe_tolerance(game: &crate::game::Game) -> f64 {
    crate::tolerance::SPE_SET_MEMBERSHIP * crate::repeated::payoff_set::StageData::new(game).span
}

/// Tests the solutions of `analysis` against the SPE payoff set with corners `spe`
/// (counter-clockwise; empty when no SPE exists) at `delta`; points within `tol` of the
/// set count as in it.
pub fn self_enforcing(
    analysis: &BargainAnalysis,
    spe: &[Point],
    delta: f64,
    tol: f64,
) -> SelfEnforcing {
    let set = crate::geometry::ConvexPolygon(spe.to_vec());
    let inside = |p: Point| !spe.is_empty() && set.contains(p, tol);
    let nash_in = inside(analysis.nash.point);
    let spe_nash = (!nash_in && !spe.is_empty()).then(|| {
        let over = FeasibleSet::from_points(spe, tol);
        let d: Disagreement = analysis.nash.disagreement;
        nash_bargaining(&over, d)
    });
    SelfEnforcing {
        delta,
        spe_exists: !spe.is_empty(),
        nash_in_spe_set: nash_in,
        kalai_smorodinsky_in_spe_set: inside(analysis.kalai_smorodinsky.point),
        spe_nash,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::fixtures::pd;

    #[test]
    fn in_an_impatient_prisoners_dilemma_only_the_breakdown_enforces_itself() {
        let g = pd();
        let d = Disagreement::mixed_minmax(&g).unwrap();
        let a = crate::bargain::analyse(&g, d, None).unwrap();
        // At a small δ the only SPE payoff is mutual defection, (1, 1).
        let s = self_enforcing(&a, &[(1.0, 1.0)], 0.05, 1e-9);
        assert!(!s.nash_in_spe_set);
        let spe_nash = s.spe_nash.unwrap();
        assert_eq!(spe_nash.point, (1.0, 1.0));
        assert!(!spe_nash.agreement);
        // With the whole individually rational set self-enforcing, the Nash point is in it.
        let all = [(1.0, 1.0), (4.0, 1.0), (3.0, 3.0), (1.0, 4.0)];
        let s = self_enforcing(&a, &all, 0.9, 1e-9);
        assert!(s.nash_in_spe_set && s.spe_nash.is_none());
    }
}
