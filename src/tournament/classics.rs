//! The classic strategies of the iterated prisoner's dilemma, as history rules for any
//! game with two actions per player: action 0 cooperates (C), action 1 defects (D).
//!
//! Sources: Axelrod (1980, "Effective choice in the prisoner's dilemma", J. Conflict
//! Resolution 24) for the first tournament's entries (Joss, Davis) and Tit For Tat;
//! Axelrod (1984, *The Evolution of Cooperation*) for Tit For Two Tats, Grudger and the
//! Go By Majority rules; Nowak & Sigmund (1992, 1993) for generous tit-for-tat and
//! win-stay-lose-shift; Beaufils, Delahaye & Mathieu (1997) for Gradual; Mathieu &
//! Delahaye (2017, "New winning strategies for the iterated prisoner's dilemma", JASSS
//! 20(4)) for the rules as commonly implemented. Several of these (Go By Majority,
//! Gradual) count over the whole history, so they are not finite automata; each keeps the
//! few counters its rule needs. Histories hold the actions actually played (after noise).

use rand::Rng;
use serde::Serialize;

const C: usize = 0;
const D: usize = 1;

/// A classic history rule.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Classic {
    /// Always C.
    Cooperator,
    /// Always D.
    Defector,
    /// C first, then the opponent's last action.
    TitForTat,
    /// C until the opponent has ever played D, then D forever.
    Grudger,
    /// D only if the opponent's last two actions were both D.
    TitForTwoTats,
    /// D if the opponent played D in either of its last two actions.
    TwoTitsForTat,
    /// D first, then the opponent's last action.
    SuspiciousTitForTat,
    /// D if the opponent played D in any of its last three actions.
    HardTitForTat,
    /// C first; C when both played the same last round, D otherwise.
    WinStayLoseShift,
    /// Tit-for-tat that answers a D with C with probability `forgive`.
    GenerousTitForTat {
        /// Forgiveness probability.
        forgive: f64,
    },
    /// C with probability `p` every round.
    Random {
        /// Probability of C.
        p: f64,
    },
    /// C first, then the opposite of its own last action.
    Alternator,
    /// C, C, D repeated by round number.
    CyclerCcd,
    /// D first, then the opposite of the opponent's last action.
    Bully,
    /// D, C, C; then D forever if the opponent played C in rounds 2 and 3, else tit-for-tat.
    Prober,
    /// C first; D if the opponent has played more D than C so far (ties: C).
    SoftGoByMajority,
    /// D first; D if the opponent has played at least as many D as C so far.
    HardGoByMajority,
    /// Punishes the n-th defection with n defections, then calms with two C.
    Gradual,
    /// C first; after C, C with probability `p`; after D, D.
    Joss {
        /// Probability of answering C with C.
        p: f64,
    },
    /// C for the first `rounds` rounds, then grim trigger over the whole history.
    Davis {
        /// Rounds of unconditional cooperation.
        rounds: usize,
    },
}

impl Classic {
    /// The 20 strategies of the reference tournament, with their usual names.
    pub fn reference_field() -> Vec<(&'static str, Classic)> {
        vec![
            ("Cooperator", Classic::Cooperator),
            ("Defector", Classic::Defector),
            ("Tit For Tat", Classic::TitForTat),
            ("Grudger", Classic::Grudger),
            ("Tit For 2 Tats", Classic::TitForTwoTats),
            ("Two Tits For Tat", Classic::TwoTitsForTat),
            ("Suspicious Tit For Tat", Classic::SuspiciousTitForTat),
            ("Hard Tit For Tat", Classic::HardTitForTat),
            ("Win-Stay Lose-Shift", Classic::WinStayLoseShift),
            (
                "GTFT: 0.33",
                Classic::GenerousTitForTat { forgive: 1.0 / 3.0 },
            ),
            ("Random: 0.5", Classic::Random { p: 0.5 }),
            ("Alternator", Classic::Alternator),
            ("Cycler CCD", Classic::CyclerCcd),
            ("Bully", Classic::Bully),
            ("Prober", Classic::Prober),
            ("Soft Go By Majority", Classic::SoftGoByMajority),
            ("Hard Go By Majority", Classic::HardGoByMajority),
            ("Gradual", Classic::Gradual),
            ("First by Joss: 0.9", Classic::Joss { p: 0.9 }),
            ("First by Davis: 10", Classic::Davis { rounds: 10 }),
        ]
    }
}

/// What a classic rule remembers of the history.
#[derive(Debug, Clone, Default)]
pub struct Memory {
    round: usize,
    own_last: usize,
    /// Opponent's last three actions, most recent first (only the first `round` are real).
    opp_last: [usize; 3],
    opp_d: usize,
    opp_c: usize,
    opp_round2: usize,
    opp_round3: usize,
    grudge: bool,
    punish_left: usize,
    calm_left: usize,
}

impl Memory {
    /// Records a played round.
    #[inline]
    pub fn observe(&mut self, own: usize, opp: usize) {
        self.round += 1;
        self.own_last = own;
        self.opp_last = [opp, self.opp_last[0], self.opp_last[1]];
        if opp == D {
            self.opp_d += 1;
            self.grudge = true;
        } else {
            self.opp_c += 1;
        }
        match self.round {
            2 => self.opp_round2 = opp,
            3 => self.opp_round3 = opp,
            _ => {}
        }
    }

    fn opp_defected_within(&self, k: usize) -> bool {
        self.opp_last[..k.min(self.round)].contains(&D)
    }
}

impl Classic {
    /// The action intended this round.
    #[inline]
    pub fn decide<R: Rng>(&self, m: &mut Memory, rng: &mut R) -> usize {
        let first = m.round == 0;
        match *self {
            Classic::Cooperator => C,
            Classic::Defector => D,
            Classic::TitForTat => {
                if first {
                    C
                } else {
                    m.opp_last[0]
                }
            }
            Classic::Grudger => {
                if m.grudge {
                    D
                } else {
                    C
                }
            }
            Classic::TitForTwoTats => {
                if m.round >= 2 && m.opp_last[0] == D && m.opp_last[1] == D {
                    D
                } else {
                    C
                }
            }
            Classic::TwoTitsForTat => {
                if m.opp_defected_within(2) {
                    D
                } else {
                    C
                }
            }
            Classic::SuspiciousTitForTat => {
                if first {
                    D
                } else {
                    m.opp_last[0]
                }
            }
            Classic::HardTitForTat => {
                if m.opp_defected_within(3) {
                    D
                } else {
                    C
                }
            }
            Classic::WinStayLoseShift => {
                if first || m.own_last == m.opp_last[0] {
                    C
                } else {
                    D
                }
            }
            Classic::GenerousTitForTat { forgive } => {
                if first || m.opp_last[0] == C || rng.random::<f64>() < forgive {
                    C
                } else {
                    D
                }
            }
            Classic::Random { p } => {
                if rng.random::<f64>() < p {
                    C
                } else {
                    D
                }
            }
            Classic::Alternator => {
                if first {
                    C
                } else {
                    1 - m.own_last
                }
            }
            Classic::CyclerCcd => {
                if m.round % 3 == 2 {
                    D
                } else {
                    C
                }
            }
            Classic::Bully => {
                if first {
                    D
                } else {
                    1 - m.opp_last[0]
                }
            }
            Classic::Prober => match m.round {
                0 => D,
                1 | 2 => C,
                _ if m.opp_round2 == C && m.opp_round3 == C => D,
                _ => m.opp_last[0],
            },
            Classic::SoftGoByMajority => {
                if m.opp_d > m.opp_c {
                    D
                } else {
                    C
                }
            }
            Classic::HardGoByMajority => {
                if m.opp_d >= m.opp_c {
                    D
                } else {
                    C
                }
            }
            Classic::Gradual => {
                if m.punish_left > 0 {
                    m.punish_left -= 1;
                    D
                } else if m.calm_left > 0 {
                    m.calm_left -= 1;
                    C
                } else if !first && m.opp_last[0] == D {
                    m.punish_left = m.opp_d.saturating_sub(1);
                    m.calm_left = 2;
                    D
                } else {
                    C
                }
            }
            Classic::Joss { p } => {
                if first || m.opp_last[0] == C {
                    if rng.random::<f64>() < p { C } else { D }
                } else {
                    D
                }
            }
            Classic::Davis { rounds } => {
                if m.round < rounds || !m.grudge {
                    C
                } else {
                    D
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn play(rule: Classic, opp: &[usize]) -> Vec<usize> {
        let mut m = Memory::default();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        opp.iter()
            .map(|&o| {
                let a = rule.decide(&mut m, &mut rng);
                m.observe(a, o);
                a
            })
            .collect()
    }

    #[test]
    fn deterministic_rules_follow_their_definitions() {
        let opp = [C, D, D, C, C, C, D, C, C, C];
        assert_eq!(
            play(Classic::TitForTat, &opp),
            [C, C, D, D, C, C, C, D, C, C]
        );
        assert_eq!(
            play(Classic::TitForTwoTats, &opp),
            [C, C, C, D, C, C, C, C, C, C]
        );
        assert_eq!(play(Classic::Grudger, &opp), [C, C, D, D, D, D, D, D, D, D]);
        assert_eq!(
            play(Classic::HardTitForTat, &opp),
            [C, C, D, D, D, D, C, D, D, D]
        );
        assert_eq!(
            play(Classic::CyclerCcd, &opp),
            [C, C, D, C, C, D, C, C, D, C]
        );
        assert_eq!(play(Classic::Prober, &[C, C, C, D, C]), [D, C, C, D, D]);
        assert_eq!(play(Classic::Prober, &[C, D, C, C, C]), [D, C, C, C, C]);
        // Pavlov against always-D: C, then D (lost), then C (both D: win? no: (D,D) -> C).
        assert_eq!(play(Classic::WinStayLoseShift, &[D, D, D, D]), [C, D, C, D]);
        assert_eq!(play(Classic::SoftGoByMajority, &[D, C, D, D]), [C, D, C, D]);
        assert_eq!(play(Classic::HardGoByMajority, &[C, D, C, C]), [D, C, D, C]);
    }

    #[test]
    fn gradual_punishes_the_nth_defection_n_times_then_calms() {
        // First D (round 1) -> one D then C, C. Second D (round 5) -> D, D then C, C.
        let opp = [D, C, C, C, C, D, C, C, C, C, C, C];
        assert_eq!(
            play(Classic::Gradual, &opp),
            [C, D, C, C, C, C, D, D, C, C, C, C]
        );
    }

    #[test]
    fn davis_cooperates_first_then_holds_a_grudge() {
        let mut opp = vec![C; 12];
        opp[3] = D;
        let moves = play(Classic::Davis { rounds: 10 }, &opp);
        assert!(moves[..10].iter().all(|&a| a == C));
        assert_eq!(&moves[10..], &[D, D]);
    }
}
