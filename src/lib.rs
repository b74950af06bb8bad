//! # truce — a two-player game-theory negotiation engine
//!
//! truce reads a standoff between two players (the reference case: the United States and
//! China trading tariffs, export curbs and chip bans) from a scenario file and answers
//! the questions an analyst asks of it: the equilibria of one round, what each side can
//! guarantee itself, which outcomes are Pareto-better, and — built on this — what can be
//! sustained when the game is repeated.
//!
//! ## Module map (dependencies point downwards)
//!
//! | module | owns | does not |
//! |---|---|---|
//! | [`app`] | orchestration behind the CLI; all file IO | contain algorithms |
//! | [`report`] | text tables and JSON of result structs | compute anything |
//! | [`sweep`] | one analysis over a grid of δ, the noise or a payoff parameter, points evaluated in parallel and delivered in grid order | print, draw |
//! | [`repeated`] | repeated game: automata, values, SPE checks, critical δ, payoff sets, paths | read files, print |
//! | [`bargain`] | Nash / Kalai–Smorodinsky / Rubinstein bargaining over the feasible set | choose the disagreement point |
//! | [`tournament`] | round-robin tournaments of strategy automata with noise; replicator and Moran evolution of their shares | IO (randomness only from the seed given) |
//! | [`dynamics`] | fictitious play, replicator, best-response and logit-QRE dynamics; each says why it stopped | randomness, IO |
//! | [`plot`] | charts (PNG/SVG via plotters) from plain chart structs; the only plotters user | solve (except filling stage charts and the phase portrait from a game), print |
//! | [`atomic`] | atomic file writes (temporary file, then rename) and their removal on Ctrl-C | decide what to write |
//! | [`stage`] | one-round analysis: pure equilibria, dominance, Pareto, minmax | read files, print |
//! | [`scenario`] | file formats → validated [`scenario::Scenario`] | solve games |
//! | [`geometry`] | convex hulls and point-in-polygon tests of payoff pairs | know about games |
//! | [`game`] | [`game::Game`], [`game::MixedStrategy`], payoffs, regret | know about files |
//! | [`error`] | application errors and their exit codes (2 bad input or usage, 1 failure) | |
//! | [`cli`] | the clap definitions of the command line | run anything |
//! | [`tolerance`] | the single numerical tolerance | |
//!
//! ## Invariants
//! - A [`game::Game`] is always valid: ≥ 1 action per player, matching shapes, finite
//!   payoffs, unique non-empty action names.
//! - Every equilibrium a solver returns has been verified against the game (regret within
//!   [`tolerance::Tolerance`]) before it is returned.
//! - Solvers are deterministic functions; randomness comes only from a seed the caller
//!   gives.
//!
//! ```
//! use truce::game::Game;
//! use truce::stage::pure::pure_equilibria;
//! let pd = Game::from_rows(&[vec![3.0, 0.0], vec![5.0, 1.0]],
//!                          &[vec![3.0, 5.0], vec![0.0, 1.0]]).unwrap();
//! let eq = pure_equilibria(&pd);
//! assert_eq!(eq.len(), 1);
//! assert_eq!((eq[0].row, eq[0].col), (1, 1)); // mutual defection
//! ```

pub mod app;
pub mod atomic;
pub mod bargain;
pub mod cli;
pub mod dynamics;
pub mod error;
pub mod game;
pub mod geometry;
pub mod plot;
pub mod repeated;
pub mod report;
pub mod scenario;
pub mod stage;
pub mod sweep;
pub mod tolerance;
pub mod tournament;
