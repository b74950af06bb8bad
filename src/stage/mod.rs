//! One round of the game: equilibria and the quantities around them.
//!
//! Each algorithm lives in its own file, names its source, and returns plain result
//! structs (indices into the game's actions; names are attached by `report`).

pub mod best_response;
pub mod components;
pub mod correlated;
pub mod dominance;
pub mod equilibrium;
pub mod exact;
pub mod lemke_howson;
pub mod minmax;
pub mod pareto;
pub mod pure;
pub mod pure_values;
pub mod scalar;
pub mod solution;
pub mod summary;
pub mod support;
pub mod vertex;
pub mod zero_sum;
