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
//! The library is everything a front end needs; the `truce` binary (`main.rs` with its
//! `cli` and `app` modules) is one such front end and the only user of clap. Where each
//! kind of change goes is in `docs/architecture.md`.
//!
//! | module | owns | does not |
//! |---|---|---|
//! | [`analysis`] | what `truce run` computes: every part once, in one [`analysis::RunAnalysis`] | read files, print, draw |
//! | [`report`] | text tables and JSON of result structs, composed from one section per analysis | compute anything |
//! | [`plot`] | chart structs, filled from result structs in [`plot::from_analysis`], drawn with plotters (the only plotters user) and written through [`atomic`] | solve |
//! | [`sweep`] | one analysis over a grid of δ, the noise or a payoff parameter, points evaluated in parallel and delivered in grid order | print, draw |
//! | [`tournament`] | round-robin tournaments of strategy automata with noise; replicator and Moran evolution of their shares | IO (randomness only from the seed given) |
//! | [`scenario`] | file formats → validated [`scenario::Scenario`]; the one file read ([`scenario::load_file`]) | solve games |
//! | [`repeated`] | repeated game: settings ([`repeated::settings`]), strategy specifications, automata, values, SPE checks, critical δ, payoff sets, paths | read files, print |
//! | [`monitoring`] | imperfect public monitoring: signal structures, public automata, exact values, survival of cooperation, perfect public equilibrium checks, the discount factors and punishment lengths that sustain them | read files, print, simulate |
//! | [`stochastic`] | discounted stochastic games: validated games with states, values of stationary profiles, the chain of states, every pure Markov perfect equilibrium (verified), the subgame-perfect payoff set of each state (outer and verified inner bounds) | read files, print |
//! | [`bargain`] | Nash / Kalai–Smorodinsky / Rubinstein bargaining over the feasible set | choose the disagreement point |
//! | [`dynamics`] | fictitious play, replicator, best-response and logit-QRE dynamics, the 2×2 phase portrait; each says why it stopped | randomness, IO |
//! | [`stage`] | one-round analysis: equilibria (pure, support, vertex, Lemke–Howson, exact), dominance, Pareto, minmax, value, correlated equilibrium | read files, print |
//! | [`lp`] | every linear program: scaled, solved, verified against the unscaled problem | know about games |
//! | [`geometry`] | convex hulls, polygon clipping, Pareto frontiers and distances of payoff pairs | know about games |
//! | [`game`] | [`game::Game`], [`game::MixedStrategy`], payoffs, regret | know about files |
//! | [`text`] | what a scenario string may hold and how long it may be; text escaped for a terminal and shortened for display | report errors |
//! | [`atomic`] | the one atomic file write (temporary file, then rename) and its removal on Ctrl-C | decide what to write |
//! | [`tolerance`] | every numerical threshold, named once with its reason | |
//!
//! ## Invariants
//! - A [`game::Game`] is always valid: ≥ 1 action per player, matching shapes, finite
//!   payoffs, unique non-empty action names.
//! - Every string of a scenario read from a file (names, title, descriptions) passes
//!   [`text::check`]: bounded in length, without control or invisible formatting
//!   characters; and no control character reaches the terminal from the binary.
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

pub mod analysis;
pub mod atomic;
pub mod bargain;
pub mod budget;
pub mod dynamics;
pub mod game;
pub mod geometry;
pub mod lp;
pub mod monitoring;
pub mod plot;
pub mod repeated;
pub mod report;
pub mod scenario;
pub mod stage;
pub mod stochastic;
pub mod sweep;
pub mod text;
pub mod tolerance;
pub mod tournament;
