//! The public signal structure `P(y | a)` of a repeated game with imperfect public
//! monitoring (Mailath & Samuelson 2006, §7.1): after each round both players see one
//! signal `y`, drawn with a probability that depends on the action profile `a` played.
//!
//! Invariants of a [`SignalStructure`]: at least two uniquely named signals; for every
//! profile of the game's shape a finite probability in [0, 1] for every signal, summing
//! to 1 within 1e-9 ([`crate::tolerance::SIGNAL_SUM`]).

use super::MonitoringError;
use crate::tolerance::SIGNAL_SUM;

/// A validated signal structure: `probs[row action][col action][signal]`.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalStructure {
    names: Vec<String>,
    probs: Vec<Vec<Vec<f64>>>,
}

impl SignalStructure {
    /// Validates `probs[row][col][signal]` for a game of `shape = (rows, cols)` actions.
    ///
    /// ```
    /// use truce::monitoring::signals::SignalStructure;
    /// let s = SignalStructure::new(
    ///     vec!["quiet".into(), "alarm".into()],
    ///     vec![vec![vec![0.9, 0.1], vec![0.5, 0.5]], vec![vec![0.5, 0.5], vec![0.2, 0.8]]],
    ///     (2, 2),
    /// ).unwrap();
    /// assert_eq!(s.prob(0, 0, 1), 0.1);
    /// ```
    pub fn new(
        names: Vec<String>,
        probs: Vec<Vec<Vec<f64>>>,
        shape: (usize, usize),
    ) -> Result<Self, MonitoringError> {
        let k = names.len();
        if k < 2 {
            return Err(MonitoringError::TooFewSignals { found: k });
        }
        for (i, name) in names.iter().enumerate() {
            if name.trim().is_empty() || names[..i].contains(name) {
                return Err(MonitoringError::BadSignalName { name: name.clone() });
            }
        }
        let (m, n) = shape;
        for r in 0..m {
            for c in 0..n {
                let row = probs.get(r).and_then(|cols| cols.get(c));
                let Some(row) = row.filter(|v| v.len() == k) else {
                    return Err(MonitoringError::MissingProfile {
                        row: r,
                        col: c,
                        rows: m,
                        cols: n,
                        signals: k,
                    });
                };
                for (y, &p) in row.iter().enumerate() {
                    if !p.is_finite() || !(0.0..=1.0).contains(&p) {
                        return Err(MonitoringError::BadProbability {
                            row: r,
                            col: c,
                            signal: names[y].clone(),
                            value: p,
                        });
                    }
                }
                let sum: f64 = row.iter().sum();
                if (sum - 1.0).abs() > SIGNAL_SUM {
                    return Err(MonitoringError::BadSum {
                        row: r,
                        col: c,
                        sum,
                    });
                }
            }
        }
        if probs.len() != m || probs.iter().any(|cols| cols.len() != n) {
            // Extra rows or columns beyond the shape: report the first profile past it.
            let (r, c) = if probs.len() != m { (m, 0) } else { (0, n) };
            return Err(MonitoringError::MissingProfile {
                row: r,
                col: c,
                rows: m,
                cols: n,
                signals: k,
            });
        }
        Ok(SignalStructure { names, probs })
    }

    /// The Green–Porter "short form" with signals `["quiet", "alarm"]`: the alarm sounds
    /// with probability `false_alarm` at `truce_profile` and with probability `detection`
    /// at every other profile.
    pub fn short_form(
        shape: (usize, usize),
        truce_profile: (usize, usize),
        false_alarm: f64,
        detection: f64,
    ) -> Result<Self, MonitoringError> {
        let (m, n) = shape;
        let probs = (0..m)
            .map(|r| {
                (0..n)
                    .map(|c| {
                        let alarm = if (r, c) == truce_profile {
                            false_alarm
                        } else {
                            detection
                        };
                        vec![1.0 - alarm, alarm]
                    })
                    .collect()
            })
            .collect();
        SignalStructure::new(vec!["quiet".into(), "alarm".into()], probs, shape)
    }

    /// Perfect monitoring: the signal is the profile played, signal `r·cols + c` for
    /// profile `(r, c)`, named `"r,c"`.
    pub fn perfect(shape: (usize, usize)) -> Result<Self, MonitoringError> {
        let (m, n) = shape;
        let names = (0..m)
            .flat_map(|r| (0..n).map(move |c| format!("{r},{c}")))
            .collect();
        let probs = (0..m)
            .map(|r| {
                (0..n)
                    .map(|c| {
                        let mut v = vec![0.0; m * n];
                        v[r * n + c] = 1.0;
                        v
                    })
                    .collect()
            })
            .collect();
        SignalStructure::new(names, probs, shape)
    }

    /// The signal names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Number of signals.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Always false: a structure has at least two signals.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The game shape `(rows, cols)` this structure was validated for.
    pub fn shape(&self) -> (usize, usize) {
        (self.probs.len(), self.probs.first().map_or(0, Vec::len))
    }

    /// `P(signal | row, col)`.
    pub fn prob(&self, row: usize, col: usize, signal: usize) -> f64 {
        self.probs[row][col][signal]
    }

    /// The distribution of signals at profile `(row, col)`.
    pub fn distribution(&self, row: usize, col: usize) -> &[f64] {
        &self.probs[row][col]
    }

    /// The index of the signal called `name`.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|s| s == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two(p: [[f64; 2]; 4]) -> Result<SignalStructure, MonitoringError> {
        let probs = vec![
            vec![p[0].to_vec(), p[1].to_vec()],
            vec![p[2].to_vec(), p[3].to_vec()],
        ];
        SignalStructure::new(vec!["quiet".into(), "alarm".into()], probs, (2, 2))
    }

    #[test]
    fn validates_probabilities() {
        assert!(two([[0.9, 0.1], [0.5, 0.5], [0.5, 0.5], [0.0, 1.0]]).is_ok());
        let e = two([[0.9, 0.1], [0.5, 0.6], [0.5, 0.5], [0.0, 1.0]]).unwrap_err();
        assert!(
            matches!(e, MonitoringError::BadSum { row: 0, col: 1, .. }),
            "{e}"
        );
        let e = two([[0.9, 0.1], [0.5, 0.5], [1.5, -0.5], [0.0, 1.0]]).unwrap_err();
        assert!(e.to_string().contains("\"quiet\" at profile (1, 0)"), "{e}");
        let e = two([[f64::NAN, 0.1], [0.5, 0.5], [0.5, 0.5], [0.0, 1.0]]).unwrap_err();
        assert!(matches!(e, MonitoringError::BadProbability { .. }));
    }

    #[test]
    fn rejects_bad_names_and_shapes() {
        let probs = vec![vec![vec![1.0]]];
        let e = SignalStructure::new(vec!["y".into()], probs, (1, 1)).unwrap_err();
        assert_eq!(e, MonitoringError::TooFewSignals { found: 1 });
        let probs = vec![vec![vec![0.5, 0.5]]];
        let e = SignalStructure::new(vec!["y".into(), "y".into()], probs.clone(), (1, 1));
        assert!(matches!(e, Err(MonitoringError::BadSignalName { .. })));
        let e = SignalStructure::new(vec!["a".into(), "b".into()], probs, (1, 2)).unwrap_err();
        assert!(matches!(
            e,
            MonitoringError::MissingProfile { row: 0, col: 1, .. }
        ));
    }

    #[test]
    fn short_form_and_perfect() {
        let s = SignalStructure::short_form((2, 2), (0, 0), 0.1, 0.7).unwrap();
        assert_eq!(s.names(), ["quiet", "alarm"]);
        assert!((s.prob(0, 0, 1) - 0.1).abs() < 1e-15);
        assert!((s.prob(1, 0, 1) - 0.7).abs() < 1e-15);
        let p = SignalStructure::perfect((2, 3)).unwrap();
        assert_eq!(p.len(), 6);
        assert_eq!(p.prob(1, 2, 5), 1.0);
        assert_eq!(p.shape(), (2, 3));
    }
}
