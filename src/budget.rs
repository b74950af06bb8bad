//! Work budgets: every long computation estimates its work from the input before it
//! starts, is refused beyond a documented limit with the way forward, and counts the work
//! it does, so that a front end can show progress and the tests can hold each estimate
//! against the work measured.
//!
//! Work is counted in each algorithm's own unit — a move of a tournament match, a corner
//! of a clipped continuation set in an Abreu–Sannikov step, a multiply-add of a
//! Lemke–Howson pivot — and a [`Rate`] says what one unit costs on one core of the
//! reference machine (measured; the table of limits in `docs/numerics.md` lists them).
//! The parts of a command thus add up to one [`Plan`] whose estimate is in seconds, and
//! the budget is stated in seconds: [`DEFAULT_SECONDS`] unless forced, [`FORCED_SECONDS`]
//! at most.
//!
//! The meter ([`spend`]) keeps two counts of the estimated seconds spent: one for the
//! whole process (read by a progress display on another thread, [`spent_seconds`]) and
//! one per thread, which [`measure`] reads around a computation on the calling thread.

use std::cell::Cell;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

/// What one unit of an algorithm's work costs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// What a unit is, plural ("moves").
    pub unit: &'static str,
    /// Nanoseconds per unit on one core of the reference machine.
    pub nanoseconds: f64,
}

/// The rates of the budgeted algorithms, measured on random games (payoffs 0–99) with the
/// release build on one core of the reference machine (a 2-core x86-64 virtual machine).
pub mod rates {
    use super::Rate;

    /// One move of a tournament match (both entrants decide, noise drawn, payoffs and
    /// memories updated).
    pub const TOURNAMENT_MOVE: Rate = Rate {
        unit: "moves",
        nanoseconds: 12.0,
    };
    /// One generation × strategy² of the replicator or Moran dynamics over a tournament's
    /// strategy shares.
    pub const EVOLUTION_STEP: Rate = Rate {
        unit: "strategy-pair updates",
        nanoseconds: 2.0,
    };
    /// One corner of one clipped continuation set in an Abreu–Sannikov step (a profile's
    /// image of the current set, clipped by its incentive constraints, then hulled).
    pub const AS_CORNER: Rate = Rate {
        unit: "clipped corners",
        nanoseconds: 50.0,
    };
    /// One tableau cell of one direction's program in a set iteration of
    /// `repeated::self_generation` (the perfect public equilibrium payoff set): a program's
    /// rows × columns, counted once per direction it is maximised in.
    pub const SELF_GENERATION_CELL: Rate = Rate {
        unit: "tableau cells",
        nanoseconds: 2.0,
    };
    /// One multiply-add of a dense linear solve (the logit path's Newton steps).
    pub const FLOP: Rate = Rate {
        unit: "multiply-adds",
        nanoseconds: 0.6,
    };
    /// One payoff cell read by a learning dynamic's step (fictitious play's and the
    /// replicator's expected payoffs).
    pub const DYNAMICS_CELL: Rate = Rate {
        unit: "payoff-cell updates",
        nanoseconds: 1.5,
    };
    /// One profile × action of a scan over every pure profile (the critical-δ table: each
    /// profile's best deviations and its reversion to each punishing equilibrium).
    pub const PROFILE_SCAN: Rate = Rate {
        unit: "profile-action pairs",
        nanoseconds: 2.0,
    };
    /// One own action of one player in one state pair of a perfect public equilibrium
    /// check (its deviation payoff: the expected continuation over the signals and the
    /// coupled transitions, with its share of the check's setup). Measured on the
    /// triggers of the prisoner's dilemma, 2 to 122 state pairs: 200–470 ns.
    pub const PPE_DEVIATION: Rate = Rate {
        unit: "deviations checked",
        nanoseconds: 300.0,
    };
    /// Work already estimated in time (a measured model of its own).
    pub const NANOSECOND: Rate = Rate {
        unit: "ns",
        nanoseconds: 1.0,
    };
    /// One round of a simulated match or of a strategy pair's play.
    pub const SIMULATED_ROUND: Rate = Rate {
        unit: "rounds",
        nanoseconds: 60.0,
    };
}

/// Seconds of estimated work a command runs without `--force`.
pub const DEFAULT_SECONDS: f64 = 60.0;
/// Seconds of estimated work a command runs at most, with `--force`.
pub const FORCED_SECONDS: f64 = 3600.0;

/// Below this many estimated seconds a front end shows no progress.
pub const PROGRESS_FROM_SECONDS: f64 = 1.0;

/// The estimated work of one part of a computation.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// What the part is ("tournament matches"), with the sizes its estimate counts
    /// ("1000 rounds × 10 repetitions × 120 pairings").
    pub part: String,
    /// Units of work.
    pub units: f64,
    /// What a unit costs.
    pub rate: Rate,
    /// How to make the part cheaper ("lower --rounds or --repetitions").
    pub cheaper: String,
}

impl Estimate {
    /// An estimate of `units` at `rate`.
    pub fn new(
        part: impl Into<String>,
        units: f64,
        rate: Rate,
        cheaper: impl Into<String>,
    ) -> Self {
        Estimate {
            part: part.into(),
            units: if units.is_finite() {
                units.max(0.0)
            } else {
                f64::INFINITY
            },
            rate,
            cheaper: cheaper.into(),
        }
    }

    /// Estimated seconds on one core.
    pub fn seconds(&self) -> f64 {
        self.units * self.rate.nanoseconds * 1e-9
    }
}

/// The estimated work of a whole command: its parts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// The parts, in the order they run.
    pub parts: Vec<Estimate>,
}

impl Plan {
    /// An empty plan.
    pub fn new() -> Self {
        Plan::default()
    }

    /// Adds a part.
    pub fn push(&mut self, e: Estimate) {
        self.parts.push(e);
    }

    /// Adds every part of `other`.
    pub fn extend(&mut self, other: Plan) {
        self.parts.extend(other.parts);
    }

    /// Estimated seconds of all parts.
    pub fn seconds(&self) -> f64 {
        self.parts.iter().map(Estimate::seconds).sum()
    }

    /// The budget in seconds: [`FORCED_SECONDS`] when `force`, else [`DEFAULT_SECONDS`].
    pub fn limit(force: bool) -> f64 {
        if force {
            FORCED_SECONDS
        } else {
            DEFAULT_SECONDS
        }
    }

    /// `Ok` when the plan fits the budget ([`Plan::limit`]); else why not, and what to do.
    pub fn check(&self, force: bool) -> Result<(), OverBudget> {
        let seconds = self.seconds();
        let limit = Plan::limit(force);
        if seconds <= limit {
            return Ok(());
        }
        let mut parts: Vec<&Estimate> = self.parts.iter().collect();
        parts.sort_by(|a, b| b.seconds().total_cmp(&a.seconds()));
        parts.truncate(3);
        Err(OverBudget {
            seconds,
            limit,
            forced: force,
            largest: parts.into_iter().cloned().collect(),
        })
    }
}

/// A plan beyond its budget: the reason and the way forward.
#[derive(Debug, Clone, PartialEq)]
pub struct OverBudget {
    /// Estimated seconds of the whole plan.
    pub seconds: f64,
    /// The budget it exceeds.
    pub limit: f64,
    /// Whether the budget was already the forced one.
    pub forced: bool,
    /// The most expensive parts, most expensive first.
    pub largest: Vec<Estimate>,
}

impl fmt::Display for OverBudget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "this would take about {} on one core, more than the budget of {}",
            duration_text(self.seconds),
            duration_text(self.limit)
        )?;
        let costs: Vec<String> = self
            .largest
            .iter()
            .map(|e| {
                format!(
                    "{}: {:.1e} {}, about {}",
                    e.part,
                    e.units,
                    e.rate.unit,
                    duration_text(e.seconds())
                )
            })
            .collect();
        write!(f, " ({})", costs.join("; "))?;
        let mut ways: Vec<&str> = Vec::new();
        for e in &self.largest {
            // The ways forward of the parts that matter: a tenth of the work or more.
            let matters = e.seconds() >= 0.1 * self.seconds || ways.is_empty();
            if matters && !e.cheaper.is_empty() && !ways.contains(&e.cheaper.as_str()) {
                ways.push(&e.cheaper);
            }
        }
        let ways = ways.join("; or ");
        if self.forced || self.seconds > FORCED_SECONDS {
            write!(
                f,
                "; that is beyond even what --force runs ({}): {ways}",
                duration_text(FORCED_SECONDS)
            )
        } else {
            write!(
                f,
                "; {ways}; or pass --force to run up to {} of work",
                duration_text(FORCED_SECONDS)
            )
        }
    }
}

impl std::error::Error for OverBudget {}

/// A duration in words: "0.4 s", "12 s", "3 min", "2.5 h", "40 days".
pub fn duration_text(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "for ever".into();
    }
    if seconds < 10.0 {
        format!("{seconds:.1} s")
    } else if seconds < 120.0 {
        format!("{seconds:.0} s")
    } else if seconds < 7200.0 {
        format!("{:.0} min", seconds / 60.0)
    } else if seconds < 2.0 * 86400.0 {
        format!("{:.1} h", seconds / 3600.0)
    } else if seconds < 1e3 * 365.0 * 86400.0 {
        format!("{:.0} days", seconds / 86400.0)
    } else {
        format!("{:.0e} years", seconds / (365.0 * 86400.0))
    }
}

static SPENT_NANOS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static SPENT_HERE: Cell<f64> = const { Cell::new(0.0) };
}

/// Counts `units` of work done at `rate` (cheap: one relaxed atomic add; call it once
/// per step of an algorithm, not per multiply-add).
pub fn spend(rate: Rate, units: f64) {
    let ns = units * rate.nanoseconds;
    if ns.is_nan() || ns <= 0.0 {
        return;
    }
    SPENT_NANOS.fetch_add(ns.min(u64::MAX as f64 / 4.0) as u64, Ordering::Relaxed);
    SPENT_HERE.with(|c| c.set(c.get() + ns));
}

/// Estimated seconds of work counted by [`spend`] in this process so far (all threads).
pub fn spent_seconds() -> f64 {
    SPENT_NANOS.load(Ordering::Relaxed) as f64 * 1e-9
}

/// Runs `f` and returns its result with the estimated seconds of work it counted on this
/// thread (work it hands to other threads is not included).
pub fn measure<R>(f: impl FnOnce() -> R) -> (R, f64) {
    let before = SPENT_HERE.with(Cell::get);
    let r = f();
    let after = SPENT_HERE.with(Cell::get);
    (r, (after - before) * 1e-9)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A unit of one nanosecond, whatever the measured rates.
    const NS: Rate = Rate {
        unit: "steps",
        nanoseconds: 1.0,
    };

    #[test]
    fn a_plan_within_its_budget_passes_and_one_beyond_names_its_largest_part() {
        let mut plan = Plan::new();
        plan.push(Estimate::new("small part", 1e3, NS, "do less"));
        assert!(plan.check(false).is_ok());
        plan.push(Estimate::new(
            "tournament matches",
            1e16,
            NS,
            "lower --rounds",
        ));
        let e = plan.check(false).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("tournament matches"), "{text}");
        assert!(text.contains("lower --rounds"), "{text}");
        assert!(text.contains("beyond even what --force runs"), "{text}");
        let mut mid = Plan::new();
        mid.push(Estimate::new("part", 6e11, NS, "do less"));
        let text = mid.check(false).unwrap_err().to_string();
        assert!(text.contains("pass --force"), "{text}");
        assert!(mid.check(true).is_ok());
    }

    #[test]
    fn the_meter_counts_work_on_the_measuring_thread() {
        let ((), s) = measure(|| spend(NS, 2e9));
        assert!((s - 2.0).abs() < 1e-9, "{s}");
        assert!(spent_seconds() >= 2.0);
        let ((), none) = measure(|| spend(NS, f64::NAN));
        assert_eq!(none, 0.0);
    }

    #[test]
    fn durations_read_as_words() {
        assert_eq!(duration_text(0.42), "0.4 s");
        assert_eq!(duration_text(60.0), "60 s");
        assert_eq!(duration_text(3600.0), "60 min");
        assert_eq!(duration_text(3.0 * 3600.0), "3.0 h");
        assert_eq!(duration_text(f64::INFINITY), "for ever");
    }
}
