//! The report of `truce run`: the scenario's title block, then each section of the
//! analysis in turn — the stage game, the repeated game, bargaining, the tournament, the
//! declared sweeps — and the charts written. Each section is the same one the single
//! commands print (`solve`, `repeat`, `bargain`, `tournament`, `sweep`), composed here
//! rather than cut out of their reports.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::analysis::RunAnalysis;
use crate::scenario::Scenario;

/// The text report of `truce run`; `charts` are the files written, listed at the end.
pub fn run_text(s: &Scenario, a: &RunAnalysis, charts: &[PathBuf]) -> String {
    let mut t = super::header_text(s);
    if let Some(sg) = s.stochastic.as_ref().filter(|sg| sg.game.len() > 1) {
        t.push_str(&format!(
            "\nThe stage game below is that of the initial state, {}.\n",
            sg.game.names()[sg.game.initial()]
        ));
    }
    t.push_str(&super::equilibria::solution_text(&s.game, &a.stage));
    if let Some(r) = &a.repeated {
        t.push('\n');
        t.push_str(&super::repeated::repeat_text(s, r, a.monitoring.as_ref()));
    }
    if let (Some(sg), Some(st)) = (&s.stochastic, &a.stochastic) {
        t.push_str(&super::stochastic::stochastic_text(sg, st));
    }
    if let Some(b) = &a.bargain {
        t.push('\n');
        t.push_str(&super::bargain::bargain_text_section(
            s,
            b,
            a.settings.discount.map(|_| a.settings.discount_origin),
        ));
    }
    if let Some(tr) = &a.tournament {
        t.push('\n');
        t.push_str(&super::tournament::text_section(s, tr, None));
    }
    for sweep in &a.sweeps {
        if let Some(first) = sweep.points.first() {
            t.push('\n');
            t.push_str(&super::sweep::text_header(
                sweep.request.parameter.name(),
                first,
            ));
            for p in &sweep.points {
                t.push_str(&super::sweep::text_row(p, first));
            }
        }
    }
    if !charts.is_empty() {
        t.push_str("\nCharts\n");
        for c in charts {
            t.push_str(&format!("  wrote {}\n", c.display()));
        }
    }
    t
}

/// The JSON report of `truce run` (keys documented in docs/json.md).
pub fn run_json(s: &Scenario, a: &RunAnalysis, charts: &[PathBuf]) -> Value {
    let mut v = super::with_game(s, super::equilibria::solution_json(&s.game, &a.stage));
    if let Some(r) = &a.repeated {
        super::merge(
            &mut v,
            json!({ "repeated": super::repeated::repeat_json_section(s, r, a.monitoring.as_ref()) }),
        );
    }
    if let (Some(sg), Some(st)) = (&s.stochastic, &a.stochastic) {
        super::merge(&mut v, super::stochastic::stochastic_json(sg, st));
    }
    if let Some(b) = &a.bargain {
        let origin = a.settings.discount.map(|_| a.settings.discount_origin);
        super::merge(
            &mut v,
            json!({ "bargaining": super::bargain::bargain_json_section(s, b, origin) }),
        );
    }
    if let Some(tr) = &a.tournament {
        super::merge(
            &mut v,
            json!({ "tournament": super::tournament::json_section(s, tr, None) }),
        );
    }
    if !a.sweeps.is_empty() {
        let sweeps: Vec<Value> = a
            .sweeps
            .iter()
            .map(|sw| {
                json!({
                    "parameter": sw.request.parameter.name(),
                    "from": sw.request.from,
                    "to": sw.request.to,
                    "points": sw.points,
                })
            })
            .collect();
        super::merge(&mut v, json!({ "sweeps": sweeps }));
    }
    super::merge(
        &mut v,
        json!({ "charts": charts.iter().map(|c| c.display().to_string()).collect::<Vec<_>>() }),
    );
    v
}
