//! Rendering of sweep points, one at a time so results can stream: JSON lines (one
//! object per point, the fields of [`SweepPoint`]), CSV (a header, then one row per
//! point; the columns are documented in `docs/json.md`) and a text table.

use super::table::{csv_field, num};
use crate::sweep::SweepPoint;

/// One point as a JSON line (with its newline).
pub fn json_line(p: &SweepPoint) -> String {
    let mut s = serde_json::to_string(p).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

fn opt(v: Option<f64>) -> String {
    v.map(num).unwrap_or_default()
}

fn flag(v: Option<bool>) -> String {
    v.map(|b| b.to_string()).unwrap_or_default()
}

fn pair(p: (f64, f64)) -> String {
    format!("({}, {})", num(p.0), num(p.1))
}

/// The equilibria of a point in one cell: payoff pairs, a `~` before mixed ones.
fn equilibria_cell(p: &SweepPoint) -> String {
    if p.equilibria.is_empty() {
        return if p.equilibria_complete {
            "none".into()
        } else {
            format!(
                "{}; too large to enumerate the mixed ones",
                super::NO_PURE_EQUILIBRIUM
            )
        };
    }
    let list = payoff_list(p);
    if p.equilibria_complete {
        list
    } else {
        format!("{list} (pure only)")
    }
}

/// The equilibria's payoff pairs, separated by spaces, `~` before mixed ones.
fn payoff_list(p: &SweepPoint) -> String {
    p.equilibria
        .iter()
        .map(|e| {
            let mark = if e.pure.is_some() { "" } else { "~" };
            format!("{mark}{}", pair(e.payoffs))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The CSV header for points like `first` (the strategy pairs and payoff parameters of
/// the scenario become columns).
pub fn csv_header(first: &SweepPoint) -> String {
    let mut cols: Vec<String> = [
        "parameter",
        "value",
        "delta",
        "noise",
        "equilibria",
        "pure_equilibria",
        "equilibrium_payoffs",
        "truce",
        "critical_delta_nash_reversion",
        "critical_delta_harshest",
        "truce_holds_nash_reversion",
        "truce_holds_harshest",
        "spe_exists",
        "spe_row_min",
        "spe_row_max",
        "spe_col_min",
        "spe_col_max",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for name in first.parameters.keys() {
        cols.push(format!("parameter_{name}"));
    }
    for q in &first.pairs {
        let stem = format!("{}_vs_{}", q.row, q.col);
        for tail in ["row", "col", "noisy_row", "noisy_col", "subgame_perfect"] {
            cols.push(format!("{stem}_{tail}"));
        }
    }
    if first.monitoring.is_some() {
        for c in [
            "monitored_truce_holds",
            "monitored_truce_best_punish_rounds",
            "monitored_truce_row",
            "monitored_truce_col",
            "monitored_truce_critical_delta",
            "monitored_truce_rounds_to_punishment",
        ] {
            cols.push(c.to_string());
        }
    }
    for q in first.monitoring.iter().flat_map(|m| &m.pairs) {
        let stem = format!("{}_vs_{}", q.row, q.col);
        for tail in [
            "row",
            "col",
            "ppe",
            "rounds_to_punishment",
            "punishment_share",
        ] {
            cols.push(format!("{stem}_{tail}"));
        }
    }
    let mut s = cols
        .iter()
        .map(|c| csv_field(c))
        .collect::<Vec<_>>()
        .join(",");
    s.push('\n');
    s
}

/// One point as a CSV row matching [`csv_header`] (empty cells where a value does not
/// apply).
pub fn csv_row(p: &SweepPoint) -> String {
    let t = p.truce.as_ref();
    let spe = p.spe.as_ref();
    let mut cells: Vec<String> = vec![
        p.parameter.clone(),
        num(p.value),
        opt(p.delta),
        num(p.noise),
        p.equilibria.len().to_string(),
        p.equilibria
            .iter()
            .filter(|e| e.pure.is_some())
            .count()
            .to_string(),
        payoff_list(p),
        t.map(|t| format!("{} {}", t.profile.0, t.profile.1))
            .unwrap_or_default(),
        opt(t.and_then(|t| t.critical_nash_reversion)),
        opt(t.and_then(|t| t.critical_harshest)),
        flag(t.and_then(|t| t.holds_by_nash_reversion)),
        flag(t.and_then(|t| t.holds_by_harshest)),
        flag(spe.map(|s| s.exists)),
        opt(spe.and_then(|s| s.row_range).map(|r| r.0)),
        opt(spe.and_then(|s| s.row_range).map(|r| r.1)),
        opt(spe.and_then(|s| s.col_range).map(|r| r.0)),
        opt(spe.and_then(|s| s.col_range).map(|r| r.1)),
    ];
    for v in p.parameters.values() {
        cells.push(num(*v));
    }
    for q in &p.pairs {
        cells.push(num(q.values.0));
        cells.push(num(q.values.1));
        cells.push(opt(q.noisy_values.map(|v| v.0)));
        cells.push(opt(q.noisy_values.map(|v| v.1)));
        cells.push(q.subgame_perfect.to_string());
    }
    if let Some(m) = &p.monitoring {
        let t = m.truce.as_ref();
        cells.push(flag(t.map(|t| t.holds)));
        cells.push(match t.and_then(|t| t.best_punish_rounds) {
            None => String::new(),
            Some(None) => "grim".into(),
            Some(Some(k)) => k.to_string(),
        });
        cells.push(opt(t.and_then(|t| t.values).map(|v| v.0)));
        cells.push(opt(t.and_then(|t| t.values).map(|v| v.1)));
        cells.push(opt(t.and_then(|t| t.critical_delta)));
        cells.push(opt(t.and_then(|t| t.expected_rounds_to_punishment)));
    }
    for q in p.monitoring.iter().flat_map(|m| &m.pairs) {
        cells.push(num(q.values.0));
        cells.push(num(q.values.1));
        cells.push(q.ppe.to_string());
        cells.push(opt(q.expected_rounds_to_punishment));
        cells.push(opt(q.long_run_punishment_share));
    }
    let mut s = cells
        .iter()
        .map(|c| csv_field(c))
        .collect::<Vec<_>>()
        .join(",");
    s.push('\n');
    s
}

const WIDTHS: [usize; 6] = [10, 9, 9, 14, 18, 18];

/// Width of the first column for a parameter name.
fn first_width(parameter: &str) -> usize {
    parameter.chars().count().max(WIDTHS[0])
}

fn text_line(first: usize, cells: [&str; 7]) -> String {
    let mut s = String::from("  ");
    for (k, c) in cells.iter().enumerate().take(6) {
        let w = if k == 0 { first } else { WIDTHS[k] };
        s.push_str(&super::table::padded(c, w));
        s.push_str("  ");
    }
    s.push_str(cells[6]);
    s.push('\n');
    s
}

/// Most strategy pairs shown in a noise sweep's text table.
const TEXT_PAIRS: usize = 3;

/// The declared pairs' values with this point's noise, for the noise sweep's last column.
fn pairs_cell(p: &SweepPoint) -> String {
    let mut cells: Vec<String> = p
        .pairs
        .iter()
        .take(TEXT_PAIRS)
        .map(|q| {
            let v = q.noisy_values.unwrap_or(q.values);
            format!("{}/{} {}", q.row, q.col, pair((round(v.0), round(v.1))))
        })
        .collect();
    if p.pairs.len() > TEXT_PAIRS {
        cells.push(format!(
            "… {} more (JSON or CSV)",
            p.pairs.len() - TEXT_PAIRS
        ));
    }
    if cells.is_empty() {
        "no declared strategy pairs".into()
    } else {
        cells.join("; ")
    }
}

/// The public strategy pairs' values and PPE verdicts, for a sweep of a monitoring rate.
fn public_pairs_cell(p: &SweepPoint) -> String {
    let pairs = p.monitoring.as_ref().map_or(&[][..], |m| &m.pairs[..]);
    let mut cells: Vec<String> = pairs
        .iter()
        .take(TEXT_PAIRS)
        .map(|q| {
            format!(
                "{}/{} {}{}",
                q.row,
                q.col,
                pair((round(q.values.0), round(q.values.1))),
                if q.ppe { " PPE" } else { "" }
            )
        })
        .collect();
    if pairs.len() > TEXT_PAIRS {
        cells.push(format!("… {} more (JSON or CSV)", pairs.len() - TEXT_PAIRS));
    }
    if cells.is_empty() {
        "no public strategy pairs".into()
    } else {
        cells.join("; ")
    }
}

/// Whether the sweep varies a monitoring rate, whose effect the public pairs show.
fn monitoring_sweep(p: &SweepPoint) -> bool {
    p.monitoring.is_some() && matches!(p.parameter.as_str(), "false_alarm" | "detection")
}

/// The last column: stage equilibria, or for a noise sweep (which leaves the stage game
/// alone) the strategy pairs' values, or for a monitoring-rate sweep the public pairs'.
fn last_cell(p: &SweepPoint) -> String {
    if monitoring_sweep(p) {
        public_pairs_cell(p)
    } else if p.parameter == "noise" {
        pairs_cell(p)
    } else {
        equilibria_cell(p)
    }
}

/// The text table's heading for a sweep of `parameter` (printed before the first row).
pub fn text_header(parameter: &str, first: &SweepPoint) -> String {
    let truce = first
        .truce
        .as_ref()
        .map(|t| format!("the truce ({}, {})", t.profile.0, t.profile.1))
        .unwrap_or_else(|| "no truce profile".into());
    let mut s = format!(
        "Sweep of {parameter}, {truce}\n  δ* grim / harsh: critical discount factor with Nash \
         reversion / the harshest credible punishment\n  truce holds: with Nash reversion / \
         the harshest punishment, at the δ in use\n  SPE: lowest and highest subgame-perfect \
         payoff; ~ marks a mixed stage equilibrium\n\n"
    );
    if let crate::scenario::Horizon::Finite(t) = first.horizon {
        s.push_str(&format!(
            "  horizon: {t} rounds — the verdicts below are for the infinitely repeated game; in \
             the {t}-round game the truce is played in every round of a subgame-perfect \
             equilibrium only if it is a stage equilibrium ({})\n\n",
            match first.truce.as_ref().and_then(|t| t.holds_in_finite_game) {
                Some(true) => "it is",
                _ => "it is not, here",
            }
        ));
    }
    let width = first_width(parameter);
    let heading = text_line(
        width,
        [
            parameter,
            "δ* grim",
            "δ* harsh",
            "truce holds",
            "SPE row payoffs",
            "SPE col payoffs",
            if monitoring_sweep(first) {
                "public strategy pairs: exact values (row, col), PPE when an equilibrium"
            } else if first.parameter == "noise" {
                "strategy pairs: discounted values with noise (row, col)"
            } else {
                "stage equilibria (payoffs)"
            },
        ],
    );
    let rule = heading.trim_end().chars().count().saturating_sub(2);
    s.push_str(&heading);
    s.push_str(&format!("  {}\n", "-".repeat(rule)));
    s
}

/// One point as a row of the text table; `first` is the grid's first point, whose truce
/// the heading names (a row whose truce profile differs says so).
pub fn text_row(p: &SweepPoint, first: &SweepPoint) -> String {
    let t = p.truce.as_ref();
    let dash = || "-".to_string();
    let crit = |v: Option<Option<f64>>| match v {
        None => dash(),
        Some(None) => "never".into(),
        Some(Some(d)) => num((d * 1e6).round() / 1e6),
    };
    let holds = match t.map(|t| (t.holds_by_nash_reversion, t.holds_by_harshest)) {
        Some((Some(g), h)) => {
            let h = h.map_or(String::new(), |h| {
                if h { " / yes" } else { " / no" }.to_string()
            });
            format!("{}{h}", if g { "yes" } else { "no" })
        }
        _ => dash(),
    };
    let range = |r: Option<(f64, f64)>| {
        r.map_or_else(
            || {
                if p.spe.is_some() {
                    "none".into()
                } else {
                    dash()
                }
            },
            |(lo, hi)| format!("[{}, {}]", num(round(lo)), num(round(hi))),
        )
    };
    let spe = p.spe.as_ref();
    text_line(
        first_width(&p.parameter),
        [
            &num(p.value),
            &crit(t.map(|t| t.critical_nash_reversion)),
            &crit(t.map(|t| t.critical_harshest)),
            &holds,
            &range(spe.and_then(|s| s.row_range)),
            &range(spe.and_then(|s| s.col_range)),
            &match (&p.truce, &first.truce) {
                (Some(t), Some(f)) if t.profile != f.profile => format!(
                    "{} [truce here: ({}, {})]",
                    last_cell(p),
                    t.profile.0,
                    t.profile.1
                ),
                _ => last_cell(p),
            },
        ],
    )
}

fn round(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}
