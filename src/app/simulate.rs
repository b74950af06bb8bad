//! `truce simulate`: one match between two strategies, round by round.

use crate::app::error::AppError;
use crate::cli::{SimulateArgs, TableFormatArg};
use truce::game::Player;
use truce::repeated::automaton::Automaton;
use truce::repeated::simulate::{SimConfig, simulate};
use truce::repeated::strategies::automaton;
use truce::report;
use truce::scenario::{Scenario, StrategyKind, StrategySpec};

fn strategy(s: &Scenario, player: Player, name: &str) -> Result<Automaton, AppError> {
    let spec = if let Some(action) = name.strip_prefix("always:") {
        let k = s.game.player(player).action_index(action).ok_or_else(|| {
            AppError::Usage(format!(
                "--{} {name}: {} has no action `{action}`; actions: {}",
                player.key(),
                s.game.player(player).name,
                s.game.player(player).action_names().join(", ")
            ))
        })?;
        StrategySpec {
            name: name.to_string(),
            player,
            kind: StrategyKind::Always { action: k },
        }
    } else {
        let found = s.strategies.iter().find(|x| x.name == name);
        match found {
            Some(x) if x.player == player => x.clone(),
            Some(_) => {
                return Err(AppError::Usage(format!(
                    "--{} {name}: that strategy belongs to the other player",
                    player.key()
                )));
            }
            None => {
                let mine: Vec<&str> = s
                    .strategies
                    .iter()
                    .filter(|x| x.player == player)
                    .map(|x| x.name.as_str())
                    .collect();
                return Err(AppError::Usage(format!(
                    "--{} {name}: no such strategy; declared for this player: {}; or use always:ACTION",
                    player.key(),
                    if mine.is_empty() {
                        "none".to_string()
                    } else {
                        mine.join(", ")
                    }
                )));
            }
        }
    };
    automaton(&s.game, &spec).map_err(|e| AppError::Usage(format!("strategy {name}: {e}")))
}

/// Runs `truce simulate`.
pub fn run(args: &SimulateArgs, ctx: &super::Context) -> Result<String, AppError> {
    let s = super::load(&args.file, ctx)?;
    let row = strategy(&s, Player::Row, &args.row)?;
    let col = strategy(&s, Player::Col, &args.col)?;
    let settings = super::RepeatedFlags {
        rounds: args.rounds,
        noise: args.noise,
        seed: args.seed,
        ..Default::default()
    }
    .resolve(&s)?;
    let cfg = SimConfig {
        rounds: settings.rounds,
        noise: settings.noise.get(),
        seed: settings.seed,
        discount: settings.simulation_discount(),
    };
    if let Some(seed) = args.seed
        && cfg.noise == 0.0
        && row.is_pure()
        && col.is_pure()
    {
        super::no_effect(
            ctx,
            &format!(
                "--seed {seed} has no effect: without noise, between strategies that play pure actions, the match is the same for every seed"
            ),
        );
    }
    let sim = simulate(&s.game, &row, &col, &cfg);
    Ok(match args.format {
        TableFormatArg::Text => {
            let mut out = report::header_text(&s);
            out.push_str(&report::repeated::simulation_text(
                &s.game, &row, &col, &cfg, &sim,
            ));
            out
        }
        TableFormatArg::Json => super::json_text(&report::repeated::simulation_json(
            &s.game, &row, &col, &cfg, &sim,
        )),
        TableFormatArg::Csv => report::repeated::simulation_csv(&s.game, &sim),
    })
}
