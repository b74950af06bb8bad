//! The basic one-round analysis bundled together: pure equilibria, best responses,
//! iterated strict dominance, Pareto-optimal outcomes and pure security levels.

use serde::Serialize;

use super::best_response::{BestResponseTable, best_response_table};
use super::dominance::{DominanceResult, iterated_strict_dominance};
use super::pareto::{ParetoOutcome, pareto_optimal};
use super::pure::{PureEquilibrium, pure_equilibria};
use super::pure_values::{PureSecurity, pure_security};
use crate::game::{Game, Player};

/// Everything the basic stage analysis finds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageSummary {
    /// All pure Nash equilibria.
    pub pure_equilibria: Vec<PureEquilibrium>,
    /// Best replies to each pure action.
    pub best_responses: BestResponseTable,
    /// Iterated strict dominance.
    pub dominance: DominanceResult,
    /// Pareto-optimal pure outcomes.
    pub pareto: Vec<ParetoOutcome>,
    /// Pure minmax/maxmin of the row player.
    pub row_security: PureSecurity,
    /// Pure minmax/maxmin of the column player.
    pub col_security: PureSecurity,
}

/// Runs the basic stage analysis.
pub fn summarize(game: &Game) -> StageSummary {
    StageSummary {
        pure_equilibria: pure_equilibria(game),
        best_responses: best_response_table(game),
        dominance: iterated_strict_dominance(game),
        pareto: pareto_optimal(game),
        row_security: pure_security(game, Player::Row),
        col_security: pure_security(game, Player::Col),
    }
}
