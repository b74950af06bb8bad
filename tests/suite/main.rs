//! The integration tests, as one test binary: each module is one area of the project
//! (the crate is linked once instead of once per file); `common` holds the shared harness
//! and fixtures. Data files are under `tests/data/`, the bundled scenarios under
//! `scenarios/`; both are found from `CARGO_MANIFEST_DIR`.
//!
//! Run one area with a filter on its module path, e.g. `cargo test --test suite stage_cli::`.

mod common;

mod bad_inputs;
mod bargain_cli;
mod bargain_props;
mod budgets;
mod charts;
mod cli;
mod dynamics_cli;
mod dynamics_logit_reference;
mod dynamics_props;
mod fuzz_corpus;
mod input_safety;
mod lp_layer;
mod monitoring_cli;
mod monitoring_props;
mod output_promises;
mod ppe_set;
mod properties;
mod repeated_cli;
mod repeated_props;
mod repeated_reference;
mod reports;
mod scenarios;
mod stage_cli;
mod stage_properties;
mod stage_reference;
mod stochastic_cli;
mod stochastic_props;
mod sweep_cli;
mod sweep_props;
mod tournament;
