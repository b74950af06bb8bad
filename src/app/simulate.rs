//! `truce simulate`: one match between two strategies, round by round.

use crate::app::error::AppError;
use crate::cli::{SimulateArgs, TableFormatArg};
use truce::game::Player;
use truce::repeated::automaton::Automaton;
use truce::repeated::simulate::{SimConfig, simulate};
use truce::repeated::strategies::automaton;
use truce::report;
use truce::scenario::{Scenario, StrategyKind, StrategySpec};

/// The action of `always:ACTION`, when `name` is written so.
fn always_action(s: &Scenario, player: Player, name: &str) -> Result<Option<usize>, AppError> {
    let Some(action) = name.strip_prefix("always:") else {
        return Ok(None);
    };
    s.game
        .player(player)
        .action_index(action)
        .map(Some)
        .ok_or_else(|| {
            AppError::Usage(format!(
                "--{} {name}: {} has no action `{action}`; actions: {}",
                player.key(),
                s.game.player(player).name,
                s.game.player(player).action_names().join(", ")
            ))
        })
}

fn strategy(s: &Scenario, player: Player, name: &str) -> Result<Automaton, AppError> {
    let spec = if let Some(k) = always_action(s, player, name)? {
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

/// The public strategy `name` of `player` (a declared one, or `always:ACTION`).
fn public_strategy(
    s: &Scenario,
    player: Player,
    name: &str,
) -> Result<truce::monitoring::spec::PublicStrategySpec, AppError> {
    use truce::monitoring::spec::{PublicKind, PublicStrategySpec};
    if let Some(k) = always_action(s, player, name)? {
        return Ok(PublicStrategySpec {
            name: name.to_string(),
            player,
            kind: PublicKind::Always { action: k },
        });
    }
    match s.public_strategies.iter().find(|x| x.name == name) {
        Some(x) if x.player == player => Ok(x.clone()),
        Some(_) => Err(AppError::Usage(format!(
            "--{} {name}: that strategy belongs to the other player",
            player.key()
        ))),
        None => {
            let mine: Vec<&str> = s
                .public_strategies
                .iter()
                .filter(|x| x.player == player)
                .map(|x| x.name.as_str())
                .collect();
            Err(AppError::Usage(format!(
                "--{} {name}: no such public strategy; declared for this player: {}; or use always:ACTION",
                player.key(),
                if mine.is_empty() {
                    "none".to_string()
                } else {
                    mine.join(", ")
                }
            )))
        }
    }
}

/// `truce simulate` under imperfect public monitoring: the players see the public signal
/// only, so the match draws a signal each round and the strategies are public.
fn run_monitored(
    args: &SimulateArgs,
    ctx: &super::Context,
    s: &Scenario,
) -> Result<String, AppError> {
    use truce::monitoring::analysis::pair_alarms;
    use truce::monitoring::simulate::{MatchConfig, simulate};
    use truce::monitoring::spec::automaton;
    let m = s.monitoring.as_ref().expect("the caller checked");
    if args.noise.is_some() {
        return Err(AppError::Usage(
            "--noise replaces moves at random, which players who see only the public signal \
             cannot tell from their signal's own noise; under [monitoring] the signal table is \
             the noise: drop --noise"
                .into(),
        ));
    }
    let settings = super::RepeatedFlags {
        rounds: args.rounds,
        seed: args.seed,
        ..Default::default()
    }
    .resolve(s)?;
    let (rs, cs) = (
        public_strategy(s, Player::Row, &args.row)?,
        public_strategy(s, Player::Col, &args.col)?,
    );
    let build = |spec| {
        automaton(spec, &s.game, &m.signals)
            .map_err(|e| AppError::Usage(format!("strategy {}: {e}", spec.name)))
    };
    let (row, col) = (build(&rs)?, build(&cs)?);
    let alarms = pair_alarms((&rs, &row), (&cs, &col));
    let cfg = MatchConfig {
        cooperative: (row.action(row.start()), col.action(col.start())),
        alarms,
        rounds: settings.rounds,
        seed: settings.seed,
    };
    let played = simulate(&s.game, &m.signals, &row, &col, &cfg);
    let _ = ctx;
    let names = m.signals.names();
    Ok(match args.format {
        TableFormatArg::Text => {
            let mut out = report::header_text(s);
            out.push_str(&report::monitoring::match_text(
                &s.game, names, &rs.name, &cs.name, &played,
            ));
            out
        }
        TableFormatArg::Json => super::json_text(&report::monitoring::match_json(
            &s.game, names, &rs.name, &cs.name, &played,
        )),
        TableFormatArg::Csv => report::monitoring::match_csv(&s.game, names, &played),
    })
}

/// Runs `truce simulate`.
pub fn run(args: &SimulateArgs, ctx: &super::Context) -> Result<String, AppError> {
    let s = super::load(&args.file, ctx)?;
    if s.monitoring.is_some() {
        return run_monitored(args, ctx, &s);
    }
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
