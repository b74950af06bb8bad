//! Rendering of tournament results: ranking table, evolutionary summary, JSON and CSV.

use serde_json::{Value, json};

use super::table::{Table, csv_field, num};
use crate::game::Player;
use crate::scenario::Scenario;
use crate::tournament::TournamentResult;
use crate::tournament::evolution::PopulationPath;

fn role_of(r: &crate::tournament::Standing) -> Player {
    r.player.unwrap_or(Player::Row)
}

fn rates(s: &Scenario, r: &crate::tournament::Standing) -> Vec<(String, f64)> {
    let p = role_of(r);
    r.action_rates
        .iter()
        .enumerate()
        .map(|(k, v)| (s.game.action_name(p, k).to_string(), *v))
        .collect()
}

/// The tournament as text.
pub fn text_section(
    s: &Scenario,
    r: &TournamentResult,
    evo: Option<&(PopulationPath, PopulationPath)>,
) -> String {
    let c = &r.config;
    let mut out = String::new();
    out.push_str(&format!(
        "\nTournament: {} entrants, {} rounds per match, {} repetitions, noise {}, seed {}{}\n",
        r.entrants.len(),
        c.rounds,
        c.repetitions,
        num(c.noise),
        c.seed,
        if r.symmetric {
            " (symmetric game: everyone meets everyone, self-play not scored)"
        } else {
            " (row entrants meet column entrants)"
        }
    ));
    let mut t = Table::new([
        "rank",
        "strategy",
        "side",
        "median payoff",
        "mean payoff",
        "wins",
        "action rates",
    ]);
    let mut rank = 0;
    let mut side = None;
    for st in &r.ranking {
        if st.player != side {
            rank = 0;
            side = st.player;
        }
        rank += 1;
        let rates = rates(s, st)
            .iter()
            .map(|(a, v)| format!("{a} {:.0}%", 100.0 * v))
            .collect::<Vec<_>>()
            .join(", ");
        t.row([
            rank.to_string(),
            st.strategy.clone(),
            st.player
                .map_or("both".to_string(), |p| s.game.player(p).name.clone()),
            format!("{:.4}", st.median_payoff),
            format!("{:.4}", st.mean_payoff),
            st.wins.to_string(),
            rates,
        ]);
    }
    out.push_str(&t.render(2));
    if let Some((rep, mor)) = evo {
        let top = |p: &PopulationPath| {
            let last = p.shares.last().cloned().unwrap_or_default();
            let mut idx: Vec<usize> = (0..last.len()).collect();
            idx.sort_by(|&a, &b| last[b].total_cmp(&last[a]));
            idx.iter()
                .take(4)
                .filter(|&&i| last[i] > 0.005)
                .map(|&i| format!("{} {:.1}%", r.entrants[i], 100.0 * last[i]))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "\nEvolution of the population (shares at the end)\n  replicator dynamics, {} generations ({}): {}\n  Moran process, {} steps ({}): {}\n",
            rep.generations.last().unwrap_or(&0),
            rep.stop.describe(),
            top(rep),
            mor.generations.last().unwrap_or(&0),
            mor.stop.describe(),
            top(mor),
        ));
    }
    if !r.symmetric {
        out.push_str(
            "\nNo evolution of shares: the replicator and Moran dynamics need one population \
             playing both roles, and this game is asymmetric (or some strategies play one side \
             only), so --generations and --population do not apply.\n",
        );
    }
    out
}

fn path_json(r: &TournamentResult, p: &PopulationPath) -> Value {
    json!({
        "stop": p.stop,
        "generations": p.generations,
        "shares": p.shares,
        "final": r.entrants.iter().zip(p.shares.last().cloned().unwrap_or_default()).map(|(n, v)| json!({"strategy": n, "share": v})).collect::<Vec<_>>(),
    })
}

/// The tournament as JSON.
pub fn json_section(
    s: &Scenario,
    r: &TournamentResult,
    evo: Option<&(PopulationPath, PopulationPath)>,
) -> Value {
    let ranking: Vec<Value> = r
        .ranking
        .iter()
        .map(|st| {
            let rates: serde_json::Map<String, Value> = rates(s, st)
                .into_iter()
                .map(|(a, v)| (a, json!(v)))
                .collect();
            json!({
                "strategy": st.strategy,
                "player": st.player.map(|p| p.key()),
                "mean_payoff": st.mean_payoff,
                "median_payoff": st.median_payoff,
                "wins": st.wins,
                "action_rates": rates,
            })
        })
        .collect();
    json!({
        "symmetric": r.symmetric,
        "config": r.config,
        "ranking": ranking,
        "entrants": r.entrants,
        "payoff_matrix": r.payoff_matrix,
        "evolution": evo.map(|(rep, mor)| json!({ "replicator": path_json(r, rep), "moran": path_json(r, mor) })),
    })
}

/// The ranking as CSV: one row per entrant.
pub fn csv(s: &Scenario, r: &TournamentResult) -> String {
    let mut out = String::from("rank,strategy,side,median_payoff,mean_payoff,wins,action_rates\n");
    let mut rank = 0;
    let mut side = None;
    for st in &r.ranking {
        if st.player != side {
            rank = 0;
            side = st.player;
        }
        rank += 1;
        let rates = rates(s, st)
            .iter()
            .map(|(a, v)| format!("{a}={v}"))
            .collect::<Vec<_>>()
            .join(";");
        out.push_str(&format!(
            "{rank},{},{},{},{},{},{}\n",
            csv_field(&st.strategy),
            st.player.map_or("both", |p| p.key()),
            st.median_payoff,
            st.mean_payoff,
            st.wins,
            csv_field(&rates)
        ));
    }
    out
}

/// The JSON report: the game, then [`json_section`]'s keys.
pub fn json(
    s: &Scenario,
    r: &TournamentResult,
    evo: Option<&(PopulationPath, PopulationPath)>,
) -> Value {
    super::with_game(s, json_section(s, r, evo))
}

/// The text report: the scenario's title block, then [`text_section`].
pub fn text(
    s: &Scenario,
    r: &TournamentResult,
    evo: Option<&(PopulationPath, PopulationPath)>,
) -> String {
    super::with_header(s, text_section(s, r, evo))
}
