//! The game model: two players, named actions, payoff matrices `a` (row player) and `b`
//! (column player), mixed strategies and the quantities every solver needs (expected
//! payoffs, best responses, regret).
//!
//! Invariants held by the types: a [`Game`] has at least one action per player, `a` and
//! `b` have the same shape (rows = row actions, columns = column actions), every payoff is
//! finite, action names are unique and non-empty per player. A [`MixedStrategy`] is a
//! point of the simplex (non-negative, sums to 1). This module does no IO.

use nalgebra::{DMatrix, DVector};
use serde::Serialize;

use crate::tolerance::{PROB, PROB_NEGATIVE, PROB_SUM, REGRET_FACTOR, Tolerance};

/// The two players of a bimatrix game.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Player {
    /// Chooses the row; payoffs in `a`.
    Row,
    /// Chooses the column; payoffs in `b`.
    Col,
}

impl Player {
    /// Both players, row first.
    pub const BOTH: [Player; 2] = [Player::Row, Player::Col];

    /// The other player.
    pub fn opponent(self) -> Player {
        match self {
            Player::Row => Player::Col,
            Player::Col => Player::Row,
        }
    }

    /// `"row"` or `"col"`, as in scenario files and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Player::Row => "row",
            Player::Col => "col",
        }
    }
}

impl std::fmt::Display for Player {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// One named action of a player.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Action {
    /// Unique among the player's actions, non-empty.
    pub name: String,
    /// Optional prose: what the move stands for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl Action {
    /// An action with a name and no description.
    pub fn named(name: impl Into<String>) -> Self {
        Action {
            name: name.into(),
            description: None,
        }
    }
}

/// A player's name and actions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlayerInfo {
    /// Display name ("United States").
    pub name: String,
    /// At least one action, names unique.
    pub actions: Vec<Action>,
}

impl PlayerInfo {
    /// A player with the given action names.
    pub fn new(name: impl Into<String>, actions: &[&str]) -> Self {
        PlayerInfo {
            name: name.into(),
            actions: actions.iter().map(|a| Action::named(*a)).collect(),
        }
    }

    /// Index of the action called `name`.
    pub fn action_index(&self, name: &str) -> Option<usize> {
        self.actions.iter().position(|a| a.name == name)
    }

    /// The action names in order.
    pub fn action_names(&self) -> Vec<String> {
        self.actions.iter().map(|a| a.name.clone()).collect()
    }
}

/// Why a game could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GameError {
    /// A player has no actions.
    #[error("the {0} player has no actions; give at least one")]
    NoActions(Player),
    /// A payoff matrix does not match the action counts.
    #[error(
        "payoff matrix of the {player} player is {rows}x{cols}, expected {want_rows}x{want_cols} (row actions x column actions)"
    )]
    Shape {
        /// Whose matrix.
        player: Player,
        /// Its rows.
        rows: usize,
        /// Its columns.
        cols: usize,
        /// Number of row actions.
        want_rows: usize,
        /// Number of column actions.
        want_cols: usize,
    },
    /// A payoff is NaN or infinite.
    #[error(
        "payoff of the {player} player at ({row_action}, {col_action}) is {value}; payoffs must be finite numbers"
    )]
    NotFinite {
        /// Whose payoff.
        player: Player,
        /// Row action name.
        row_action: String,
        /// Column action name.
        col_action: String,
        /// The value.
        value: f64,
    },
    /// Two actions of a player share a name.
    #[error("the {player} player has two actions named {name:?}; action names must be unique")]
    DuplicateAction {
        /// Whose actions.
        player: Player,
        /// The repeated name.
        name: String,
    },
    /// An action name is empty.
    #[error("the {player} player has an action with an empty name; name every action")]
    EmptyActionName {
        /// Whose action.
        player: Player,
    },
}

/// A finite two-player game in strategic form.
#[derive(Debug, Clone, PartialEq)]
pub struct Game {
    row: PlayerInfo,
    col: PlayerInfo,
    a: DMatrix<f64>,
    b: DMatrix<f64>,
    /// Largest absolute payoff, computed once (every tolerance derives from it).
    scale: f64,
}

/// Largest absolute payoff of either matrix.
fn largest_payoff(a: &DMatrix<f64>, b: &DMatrix<f64>) -> f64 {
    a.iter()
        .chain(b.iter())
        .fold(0.0, |m: f64, v| m.max(v.abs()))
}

impl Game {
    /// Builds a validated game. `a[(i, j)]` and `b[(i, j)]` are the payoffs of the row and
    /// column player when row plays action `i` and column plays action `j`.
    pub fn new(
        row: PlayerInfo,
        col: PlayerInfo,
        a: DMatrix<f64>,
        b: DMatrix<f64>,
    ) -> Result<Self, GameError> {
        for (player, info) in [(Player::Row, &row), (Player::Col, &col)] {
            if info.actions.is_empty() {
                return Err(GameError::NoActions(player));
            }
            for (k, act) in info.actions.iter().enumerate() {
                if act.name.trim().is_empty() {
                    return Err(GameError::EmptyActionName { player });
                }
                if info.actions[..k].iter().any(|o| o.name == act.name) {
                    return Err(GameError::DuplicateAction {
                        player,
                        name: act.name.clone(),
                    });
                }
            }
        }
        let (m, n) = (row.actions.len(), col.actions.len());
        for (player, mat) in [(Player::Row, &a), (Player::Col, &b)] {
            if mat.nrows() != m || mat.ncols() != n {
                return Err(GameError::Shape {
                    player,
                    rows: mat.nrows(),
                    cols: mat.ncols(),
                    want_rows: m,
                    want_cols: n,
                });
            }
            for i in 0..m {
                for j in 0..n {
                    let v = mat[(i, j)];
                    if !v.is_finite() {
                        return Err(GameError::NotFinite {
                            player,
                            row_action: row.actions[i].name.clone(),
                            col_action: col.actions[j].name.clone(),
                            value: v,
                        });
                    }
                }
            }
        }
        let scale = largest_payoff(&a, &b);
        Ok(Game {
            row,
            col,
            a,
            b,
            scale,
        })
    }

    /// A game from two matrices given row by row, with default names: players "Row" and
    /// "Column", actions `r1, r2, …` and `c1, c2, …`.
    pub fn from_rows(a: &[Vec<f64>], b: &[Vec<f64>]) -> Result<Self, GameError> {
        let m = a.len();
        let n = a.first().map_or(0, |r| r.len());
        let to_mat = |rows: &[Vec<f64>], player| -> Result<DMatrix<f64>, GameError> {
            let cols = rows.first().map_or(0, |r| r.len());
            if rows.len() != m || rows.iter().any(|r| r.len() != cols) || cols != n {
                return Err(GameError::Shape {
                    player,
                    rows: rows.len(),
                    cols,
                    want_rows: m,
                    want_cols: n,
                });
            }
            Ok(DMatrix::from_fn(m, n, |i, j| rows[i][j]))
        };
        let a = to_mat(a, Player::Row)?;
        let b = to_mat(b, Player::Col)?;
        let names = |p: &str, k: usize| (1..=k).map(|i| format!("{p}{i}")).collect::<Vec<_>>();
        let row = PlayerInfo {
            name: "Row".into(),
            actions: names("r", m).into_iter().map(Action::named).collect(),
        };
        let col = PlayerInfo {
            name: "Column".into(),
            actions: names("c", n).into_iter().map(Action::named).collect(),
        };
        Game::new(row, col, a, b)
    }

    /// The row player's payoff matrix.
    pub fn a(&self) -> &DMatrix<f64> {
        &self.a
    }

    /// The column player's payoff matrix.
    pub fn b(&self) -> &DMatrix<f64> {
        &self.b
    }

    /// The payoff matrix of `player` (rows = row actions in both cases).
    pub fn payoffs(&self, player: Player) -> &DMatrix<f64> {
        match player {
            Player::Row => &self.a,
            Player::Col => &self.b,
        }
    }

    /// Player information.
    pub fn player(&self, player: Player) -> &PlayerInfo {
        match player {
            Player::Row => &self.row,
            Player::Col => &self.col,
        }
    }

    /// Number of actions of `player`.
    pub fn num_actions(&self, player: Player) -> usize {
        self.player(player).actions.len()
    }

    /// `(rows, cols)`.
    pub fn shape(&self) -> (usize, usize) {
        (self.row.actions.len(), self.col.actions.len())
    }

    /// Name of `player`'s action `k`.
    pub fn action_name(&self, player: Player, k: usize) -> &str {
        &self.player(player).actions[k].name
    }

    /// Payoff pair `(u_row, u_col)` of the pure profile `(i, j)`.
    pub fn pure_payoffs(&self, i: usize, j: usize) -> (f64, f64) {
        (self.a[(i, j)], self.b[(i, j)])
    }

    /// Largest absolute payoff of either player (at least 0).
    pub fn payoff_scale(&self) -> f64 {
        self.scale
    }

    /// The tolerance that fits this game's payoffs.
    pub fn tolerance(&self) -> Tolerance {
        Tolerance::for_scale(self.payoff_scale())
    }

    /// The same game with the players' roles swapped: the column player becomes the row
    /// player (matrices transposed and exchanged).
    pub fn transposed(&self) -> Game {
        Game {
            row: self.col.clone(),
            col: self.row.clone(),
            a: self.b.transpose(),
            b: self.a.transpose(),
            scale: self.scale,
        }
    }

    /// Replaces the payoff matrices, keeping names (shape must match).
    pub fn with_payoffs(&self, a: DMatrix<f64>, b: DMatrix<f64>) -> Result<Game, GameError> {
        Game::new(self.row.clone(), self.col.clone(), a, b)
    }

    /// Expected payoffs `(xᵀ A y, xᵀ B y)`.
    pub fn expected_payoffs(&self, x: &MixedStrategy, y: &MixedStrategy) -> (f64, f64) {
        let xv = x.as_vector();
        let yv = y.as_vector();
        (
            (xv.transpose() * &self.a * &yv)[0],
            (xv.transpose() * &self.b * &yv)[0],
        )
    }

    /// Payoff of each of `player`'s pure actions against the opponent's mixed strategy.
    pub fn action_values(&self, player: Player, opponent: &MixedStrategy) -> DVector<f64> {
        let o = opponent.as_vector();
        match player {
            Player::Row => &self.a * o,
            Player::Col => self.b.transpose() * o,
        }
    }

    /// `player`'s pure best responses to the opponent's mixed strategy (ties within the
    /// game's tolerance all count).
    pub fn best_responses(&self, player: Player, opponent: &MixedStrategy) -> Vec<usize> {
        let values = self.action_values(player, opponent);
        let best = values.max();
        let tol = self.tolerance();
        (0..values.len())
            .filter(|&k| tol.ge(values[k], best))
            .collect()
    }

    /// The regret of a profile: the most either player gains by a pure deviation
    /// (0 at a Nash equilibrium).
    pub fn regret(&self, x: &MixedStrategy, y: &MixedStrategy) -> f64 {
        let (ur, uc) = self.expected_payoffs(x, y);
        let rr = self.action_values(Player::Row, y).max() - ur;
        let rc = self.action_values(Player::Col, x).max() - uc;
        rr.max(rc).max(0.0)
    }

    /// Whether `(x, y)` is a Nash equilibrium within the game's tolerance.
    pub fn is_equilibrium(&self, x: &MixedStrategy, y: &MixedStrategy) -> bool {
        self.regret(x, y) <= self.tolerance().abs * REGRET_FACTOR
    }
}

/// Why a vector is not a mixed strategy.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MixedStrategyError {
    /// No entries.
    #[error("a mixed strategy needs at least one probability")]
    Empty,
    /// An entry is negative or not finite.
    #[error("probability {index} is {value}; probabilities must be finite and non-negative")]
    BadEntry {
        /// Position.
        index: usize,
        /// Value.
        value: f64,
    },
    /// The entries do not sum to one.
    #[error("probabilities sum to {0}, not 1")]
    Sum(f64),
}

/// A probability distribution over a player's actions (a point of the simplex).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct MixedStrategy(Vec<f64>);

impl MixedStrategy {
    /// Validates that `p` is a probability vector (entries ≥ 0 up to rounding, sum 1);
    /// tiny negative rounding noise is clipped and the vector renormalised.
    pub fn new(p: Vec<f64>) -> Result<Self, MixedStrategyError> {
        if p.is_empty() {
            return Err(MixedStrategyError::Empty);
        }
        for (index, &value) in p.iter().enumerate() {
            if !value.is_finite() || value < -PROB_NEGATIVE {
                return Err(MixedStrategyError::BadEntry { index, value });
            }
        }
        let s: f64 = p.iter().sum();
        if (s - 1.0).abs() > PROB_SUM {
            return Err(MixedStrategyError::Sum(s));
        }
        let clipped: Vec<f64> = p.iter().map(|v| v.max(0.0)).collect();
        let s: f64 = clipped.iter().sum();
        Ok(MixedStrategy(clipped.into_iter().map(|v| v / s).collect()))
    }

    /// The pure strategy playing action `k` of `n`.
    pub fn pure(n: usize, k: usize) -> Self {
        let mut p = vec![0.0; n];
        p[k] = 1.0;
        MixedStrategy(p)
    }

    /// Equal weight on all `n` actions.
    pub fn uniform(n: usize) -> Self {
        MixedStrategy(vec![1.0 / n as f64; n])
    }

    /// The probabilities.
    pub fn probs(&self) -> &[f64] {
        &self.0
    }

    /// Number of actions.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Never true for a valid strategy; present for API symmetry with `len`.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// As an nalgebra column vector.
    pub fn as_vector(&self) -> DVector<f64> {
        DVector::from_column_slice(&self.0)
    }

    /// Actions played with positive probability.
    pub fn support(&self) -> Vec<usize> {
        (0..self.0.len())
            .filter(|&k| self.0[k] > PROB.abs)
            .collect()
    }

    /// The action played for sure, if any.
    pub fn as_pure(&self) -> Option<usize> {
        let s = self.support();
        (s.len() == 1).then(|| s[0])
    }
}

/// Games shared by the unit tests of several modules.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::Game;

    /// The prisoner's dilemma with payoffs (3, 3), (0, 5), (5, 0), (1, 1): cooperate is
    /// action 0, defect action 1.
    pub(crate) fn pd() -> Game {
        Game::from_rows(
            &[vec![3.0, 0.0], vec![5.0, 1.0]],
            &[vec![3.0, 5.0], vec![0.0, 1.0]],
        )
        .unwrap()
    }

    /// The 3×3 example of Abreu & Sannikov (2014), "An algorithm for two-player repeated
    /// games with perfect monitoring", *Theoretical Economics* 9(2).
    pub(crate) fn abreu_sannikov_2014() -> Game {
        Game::from_rows(
            &[
                vec![16.0, 3.0, 0.0],
                vec![21.0, 10.0, -1.0],
                vec![9.0, 5.0, -5.0],
            ],
            &[
                vec![9.0, 13.0, 3.0],
                vec![1.0, 4.0, 0.0],
                vec![0.0, -4.0, -15.0],
            ],
        )
        .unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::fixtures::pd;

    #[test]
    fn expected_payoffs_and_regret_of_mutual_defection() {
        let g = pd();
        let d = MixedStrategy::pure(2, 1);
        assert_eq!(g.expected_payoffs(&d, &d), (1.0, 1.0));
        assert_eq!(g.regret(&d, &d), 0.0);
        let c = MixedStrategy::pure(2, 0);
        assert_eq!(g.regret(&c, &c), 2.0);
        assert!(g.is_equilibrium(&d, &d));
        assert!(!g.is_equilibrium(&c, &c));
    }

    #[test]
    fn best_responses_include_ties() {
        let g = Game::from_rows(&[vec![1.0], vec![1.0]], &[vec![0.0], vec![0.0]]).unwrap();
        assert_eq!(
            g.best_responses(Player::Row, &MixedStrategy::pure(1, 0)),
            vec![0, 1]
        );
    }

    #[test]
    fn construction_rejects_bad_games() {
        assert!(matches!(
            Game::from_rows(&[vec![f64::NAN]], &[vec![0.0]]),
            Err(GameError::NotFinite { .. })
        ));
        assert!(matches!(
            Game::from_rows(&[vec![1.0, 2.0]], &[vec![0.0]]),
            Err(GameError::Shape { .. })
        ));
        assert!(matches!(
            Game::from_rows(&[], &[]),
            Err(GameError::NoActions(Player::Row))
        ));
        let dup = PlayerInfo::new("R", &["x", "x"]);
        let col = PlayerInfo::new("C", &["y"]);
        assert!(matches!(
            Game::new(dup, col, DMatrix::zeros(2, 1), DMatrix::zeros(2, 1)),
            Err(GameError::DuplicateAction { .. })
        ));
    }

    #[test]
    fn mixed_strategy_validation() {
        assert!(MixedStrategy::new(vec![0.5, 0.5]).is_ok());
        assert!(MixedStrategy::new(vec![0.5, 0.6]).is_err());
        assert!(MixedStrategy::new(vec![-0.5, 1.5]).is_err());
        assert!(MixedStrategy::new(vec![]).is_err());
        assert_eq!(
            MixedStrategy::new(vec![0.0, 1.0]).unwrap().as_pure(),
            Some(1)
        );
    }

    #[test]
    fn transposition_swaps_roles() {
        let g = Game::from_rows(&[vec![1.0, 2.0]], &[vec![3.0, 4.0]]).unwrap();
        let t = g.transposed();
        assert_eq!(t.shape(), (2, 1));
        assert_eq!(t.a()[(1, 0)], 4.0);
        assert_eq!(t.b()[(1, 0)], 2.0);
    }
}
