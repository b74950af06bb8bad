//! The repeated game: strategy automata, exact discounted values, simulation with noise,
//! subgame-perfection checks, best replies, critical discount factors, payoff sets
//! (feasible, individually rational, Abreu–Sannikov) with equilibrium paths, the
//! finitely repeated game, and the generic outer and inner approximations of
//! self-generating sets (Judd, Yeltekin & Conklin 2003) that the imperfect-monitoring
//! payoff set is built on.
//!
//! Payoffs are always normalised per-period averages `(1−δ) Σ δᵗ uₜ`. Nothing here reads
//! files or prints; randomness comes only from seeds given by the caller.

pub mod analysis;
pub mod automaton;
pub mod best_reply;
pub mod critical_delta;
pub mod finite;
pub mod finite_checks;
pub mod on_path;
pub mod paths;
pub mod payoff_set;
pub mod renegotiation;
pub mod self_generation;
pub use crate::geometry::polygon;
pub mod settings;
pub mod simulate;
pub mod spe;
pub mod strategies;
pub mod strategy_spec;
pub mod values;
