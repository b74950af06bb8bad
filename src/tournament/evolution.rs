//! Evolution of a population of strategies, driven by a tournament's payoff matrix
//! `M[i][j]` (mean payoff per round of strategy `i` against `j`, self-play included).
//!
//! - **Discrete replicator dynamics** (Taylor & Jonker 1978; Hofbauer & Sigmund 1998,
//!   ch. 7): `xᵢ' = xᵢ fᵢ / f̄` with fitness `fᵢ = (M x)ᵢ − min M + 1` (the shift keeps
//!   fitness positive and leaves the fixed points unchanged). Stops when no share moves by
//!   more than the tolerance, or at the generation cap.
//! - **Moran process** (Moran 1958; Nowak 2006, *Evolutionary Dynamics*, ch. 6): a finite
//!   population; each step one individual, chosen with probability proportional to its
//!   fitness against the rest of the population, reproduces and its offspring replaces an
//!   individual chosen uniformly at random. Stops at fixation or at the step cap. Seeded.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::budget::{self, Estimate, rates};
use crate::tolerance::EVOLUTION_REST;

/// Why an evolutionary run stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvolutionStop {
    /// Shares stopped moving (replicator).
    Converged,
    /// One strategy took over the whole population (Moran).
    Fixation,
    /// The generation or step cap was reached.
    IterationCap,
}

impl EvolutionStop {
    /// A short phrase for reports.
    pub fn describe(self) -> &'static str {
        match self {
            EvolutionStop::Converged => "converged",
            EvolutionStop::Fixation => "fixation",
            EvolutionStop::IterationCap => "cap reached",
        }
    }
}

/// A population path: shares of each strategy per recorded generation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PopulationPath {
    /// Generations at which shares were recorded.
    pub generations: Vec<usize>,
    /// `shares[t][i]`: share of strategy `i` at `generations[t]`.
    pub shares: Vec<Vec<f64>>,
    /// Why it stopped.
    pub stop: EvolutionStop,
}

fn shifted(m: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let lo = m.iter().flatten().fold(f64::INFINITY, |a, &b| a.min(b));
    m.iter()
        .map(|r| r.iter().map(|v| v - lo + 1.0).collect())
        .collect()
}

/// The work of [`replicator`] over `generations` and of [`moran`] over `steps`, with `k`
/// strategies: each generation or step updates `k²` strategy pairs (an upper bound: both
/// may stop early, at rest or fixation).
pub fn estimate(k: usize, generations: usize, steps: usize) -> Estimate {
    Estimate::new(
        format!(
            "evolution ({generations} replicator generations, {steps} Moran steps, {k} strategies)"
        ),
        (generations as f64 + steps as f64) * (k * k) as f64,
        rates::EVOLUTION_STEP,
        "lower --generations or --population",
    )
}

/// Discrete replicator dynamics from equal shares, recording every `record_every`
/// generations (and the last).
pub fn replicator(m: &[Vec<f64>], generations: usize, record_every: usize) -> PopulationPath {
    let k = m.len();
    let f = shifted(m);
    let mut x = vec![1.0 / k as f64; k];
    let mut path = PopulationPath {
        generations: vec![0],
        shares: vec![x.clone()],
        stop: EvolutionStop::IterationCap,
    };
    let every = record_every.max(1);
    for g in 1..=generations {
        if g.is_multiple_of(1024) {
            budget::spend(rates::EVOLUTION_STEP, (1024 * k * k) as f64);
        }
        let fit: Vec<f64> = (0..k)
            .map(|i| (0..k).map(|j| f[i][j] * x[j]).sum())
            .collect();
        let mean: f64 = (0..k).map(|i| x[i] * fit[i]).sum();
        let next: Vec<f64> = (0..k).map(|i| x[i] * fit[i] / mean).collect();
        let moved = next
            .iter()
            .zip(&x)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        x = next;
        if moved < EVOLUTION_REST {
            path.generations.push(g);
            path.shares.push(x.clone());
            path.stop = EvolutionStop::Converged;
            return path;
        }
        if g % every == 0 || g == generations {
            path.generations.push(g);
            path.shares.push(x.clone());
        }
    }
    path
}

/// A Moran process with `population` individuals, starting as equal as possible across
/// strategies, recording every `record_every` steps (and the last).
pub fn moran(
    m: &[Vec<f64>],
    population: usize,
    steps: usize,
    record_every: usize,
    seed: u64,
) -> PopulationPath {
    let k = m.len();
    let f = shifted(m);
    let mut counts: Vec<usize> = (0..k)
        .map(|i| population / k + usize::from(i < population % k))
        .collect();
    let n = population.max(1) as f64;
    let share = |c: &[usize]| c.iter().map(|&v| v as f64 / n).collect::<Vec<_>>();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut path = PopulationPath {
        generations: vec![0],
        shares: vec![share(&counts)],
        stop: EvolutionStop::IterationCap,
    };
    let every = record_every.max(1);
    for step in 1..=steps {
        if step.is_multiple_of(1024) {
            budget::spend(rates::EVOLUTION_STEP, (1024 * k * k) as f64);
        }
        // Fitness of an individual of type i: mean payoff against the others.
        let fit: Vec<f64> = (0..k)
            .map(|i| {
                if counts[i] == 0 || population < 2 {
                    return 0.0;
                }
                let others: f64 = (0..k)
                    .map(|j| f[i][j] * (counts[j] - usize::from(i == j)) as f64)
                    .sum();
                others / (population - 1) as f64
            })
            .collect();
        let total: f64 = (0..k).map(|i| fit[i] * counts[i] as f64).sum();
        let mut u = rng.random::<f64>() * total;
        let mut parent = k - 1;
        for i in 0..k {
            let w = fit[i] * counts[i] as f64;
            if u < w {
                parent = i;
                break;
            }
            u -= w;
        }
        let mut v = rng.random_range(0..population);
        let mut dead = 0;
        for (i, &c) in counts.iter().enumerate() {
            if v < c {
                dead = i;
                break;
            }
            v -= c;
        }
        counts[dead] -= 1;
        counts[parent] += 1;
        let fixed = counts.contains(&population);
        if fixed || step % every == 0 || step == steps {
            path.generations.push(step);
            path.shares.push(share(&counts));
        }
        if fixed {
            path.stop = EvolutionStop::Fixation;
            break;
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicator_favours_the_dominant_strategy() {
        // Prisoner's dilemma between ALLC (0) and ALLD (1): defection takes over.
        let m = vec![vec![3.0, 0.0], vec![5.0, 1.0]];
        let p = replicator(&m, 5000, 100);
        let last = p.shares.last().unwrap();
        assert!(last[1] > 0.999, "{last:?}");
        for s in &p.shares {
            assert!((s.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn moran_fixates_and_is_reproducible() {
        let m = vec![vec![3.0, 0.0], vec![5.0, 1.0]];
        let a = moran(&m, 20, 100_000, 10, 3);
        assert_eq!(a.stop, EvolutionStop::Fixation);
        assert_eq!(a, moran(&m, 20, 100_000, 10, 3));
        let last = a.shares.last().unwrap();
        assert!(last.iter().any(|&s| (s - 1.0).abs() < 1e-12));
    }
}
