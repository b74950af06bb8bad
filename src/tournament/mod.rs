//! Round-robin tournaments of repeated-game strategies (after Axelrod 1980, 1984), with
//! noise, and evolutionary dynamics over the strategies' population shares.
//!
//! Entrants are strategy automata (the scenario's `[[strategy]]` sections and the
//! always-play-one-action strategies) and, in games with two actions per player, the
//! classic history rules of the iterated prisoner's dilemma ([`classics`]).
//!
//! - **Symmetric games** (same action names, `b = aᵀ`): every entrant meets every other once per repetition
//!   and itself (self-play is played but left out of the scores, as in Axelrod's
//!   tournaments); the first-listed entrant of a pair plays the row role. An automaton
//!   declared for one role is mirrored to play the other.
//! - **Asymmetric games**: every row entrant meets every column entrant; each side is
//!   ranked against the other side.
//!
//! A player's score in one repetition is its payoff per round averaged over its opponents;
//! the ranking sorts by the median over repetitions of that score (ties by mean). Noise:
//! with probability ε each intended action is replaced by a uniformly random other action
//! (a flip with two actions); both histories record the actions actually played. Every
//! match draws from its own ChaCha8 stream seeded by (seed, repetition, match), so results
//! do not depend on the order in which matches run.

pub mod classics;
pub mod evolution;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::budget::{self, Estimate, rates};
use crate::game::{Game, Player};
use crate::repeated::automaton::{Automaton, State};
use classics::{Classic, Memory};

/// How an entrant chooses its moves.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Rule {
    /// A classic history rule (two-action games; action 0 cooperates).
    Classic(Classic),
    /// A strategy automaton per role it can play (`None`: it cannot play that role).
    Automata {
        /// The automaton playing the row role.
        #[serde(skip)]
        row: Option<Automaton>,
        /// The automaton playing the column role.
        #[serde(skip)]
        col: Option<Automaton>,
    },
}

/// A named tournament entrant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entrant {
    /// Name shown in rankings.
    pub name: String,
    /// The strategy.
    pub rule: Rule,
}

impl Entrant {
    /// Whether the entrant can play `role`.
    pub fn plays(&self, role: Player) -> bool {
        match &self.rule {
            Rule::Classic(_) => true,
            Rule::Automata { row, col } => match role {
                Player::Row => row.is_some(),
                Player::Col => col.is_some(),
            },
        }
    }
}

/// Tournament settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TournamentConfig {
    /// Rounds per match.
    pub rounds: usize,
    /// Repetitions of the whole round robin.
    pub repetitions: usize,
    /// Noise probability ε.
    pub noise: f64,
    /// Seed of all random draws.
    pub seed: u64,
}

/// Why a tournament could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TournamentError {
    /// Not enough entrants to play a match.
    #[error("the tournament needs at least one entrant per role (row: {row}, column: {col})")]
    TooFewEntrants {
        /// Row entrants.
        row: usize,
        /// Column entrants.
        col: usize,
    },
    /// A classic rule in a game without two actions per player.
    #[error("entrant {0:?} is a two-action rule but the game does not have two actions per player")]
    ClassicNeedsTwoActions(String),
    /// Bad settings.
    #[error("{0}")]
    Settings(String),
}

/// One entrant's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    /// Entrant name.
    pub strategy: String,
    /// The role it was ranked in (symmetric games: both).
    pub player: Option<Player>,
    /// Median over repetitions of the score (payoff per round averaged over opponents).
    pub median_payoff: f64,
    /// Mean over repetitions of the score.
    pub mean_payoff: f64,
    /// Matches in which it earned more than its opponent (summed over repetitions).
    pub wins: usize,
    /// Share of rounds in which it played each of its actions.
    pub action_rates: Vec<f64>,
}

/// The outcome of a tournament.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TournamentResult {
    /// Whether the game was treated as symmetric.
    pub symmetric: bool,
    /// Settings used.
    pub config: TournamentConfig,
    /// Standings, best first (asymmetric: row side first, then column side).
    pub ranking: Vec<Standing>,
    /// `payoff_matrix[i][j]`: mean payoff per round of entrant `i` against entrant `j`,
    /// over repetitions (symmetric games only; self-play included).
    pub payoff_matrix: Vec<Vec<f64>>,
    /// Entrant names in the order of `payoff_matrix`.
    pub entrants: Vec<String>,
    /// Rounds played in all.
    pub rounds_played: u64,
}

/// Whether the game is the same for both players: the same action names and `b = aᵀ`.
/// (A game symmetric in numbers but with different moves per side, such as US tariffs
/// against Chinese export curbs, is played side against side.)
pub fn is_symmetric(game: &Game) -> bool {
    let (m, n) = game.shape();
    let tol = game.tolerance();
    m == n
        && game.player(Player::Row).action_names() == game.player(Player::Col).action_names()
        && (0..m).all(|i| (0..n).all(|j| tol.eq(game.b()[(i, j)], game.a()[(j, i)])))
}

/// The automaton of the other role in a symmetric game: the same states with the joint
/// profiles seen from the other side.
pub fn mirror(a: &Automaton) -> Automaton {
    let (m, n) = a.shape;
    let states = a
        .states
        .iter()
        .map(|s| State {
            label: s.label.clone(),
            play: s.play.clone(),
            next: (0..n * m).map(|k| s.next[(k % m) * n + k / m]).collect(),
        })
        .collect();
    Automaton {
        name: a.name.clone(),
        player: a.player.opponent(),
        shape: (n, m),
        start: a.start,
        states,
    }
}

/// An entrant from one automaton: in a symmetric game it plays both roles.
pub fn automaton_entrant(game: &Game, a: Automaton) -> Entrant {
    let symmetric = is_symmetric(game);
    let (row, col) = match a.player {
        Player::Row => {
            let m = symmetric.then(|| mirror(&a));
            (Some(a), m)
        }
        Player::Col => {
            let m = symmetric.then(|| mirror(&a));
            (m, Some(a))
        }
    };
    Entrant {
        name: row
            .as_ref()
            .or(col.as_ref())
            .map(|x| x.name.clone())
            .unwrap_or_default(),
        rule: Rule::Automata { row, col },
    }
}

/// The iterated prisoner's dilemma of Axelrod's tournaments: R = 3, S = 0, T = 5, P = 1,
/// both players choosing `C` (action 0) or `D` (action 1).
pub fn prisoners_dilemma() -> Game {
    let info = |name: &str| crate::game::PlayerInfo::new(name, &["C", "D"]);
    let a = nalgebra::DMatrix::from_row_slice(2, 2, &[3.0, 0.0, 5.0, 1.0]);
    Game::new(info("Player 1"), info("Player 2"), a.clone(), a.transpose())
        .expect("the prisoner's dilemma is a valid game")
}

/// One side of a match in progress.
enum Mover<'a> {
    Classic(Classic, Memory),
    Automaton(&'a Automaton, usize),
}

impl Mover<'_> {
    #[inline]
    fn intend<R: Rng>(&mut self, rng: &mut R) -> usize {
        match self {
            Mover::Classic(c, m) => c.decide(m, rng),
            Mover::Automaton(a, s) => {
                let play = &a.states[*s].play;
                if let Some(k) = a.pure_action(*s) {
                    return k;
                }
                let mut u: f64 = rng.random();
                for (k, p) in play.iter().enumerate() {
                    if u < *p {
                        return k;
                    }
                    u -= p;
                }
                play.len() - 1
            }
        }
    }

    #[inline]
    fn observe(&mut self, own: usize, opp: usize, row: usize, col: usize) {
        match self {
            Mover::Classic(_, m) => m.observe(own, opp),
            Mover::Automaton(a, s) => *s = a.next(*s, row, col),
        }
    }
}

fn mover(e: &Entrant, role: Player) -> Mover<'_> {
    match &e.rule {
        Rule::Classic(c) => Mover::Classic(*c, Memory::default()),
        Rule::Automata { row, col } => {
            let a = match role {
                Player::Row => row.as_ref(),
                Player::Col => col.as_ref(),
            };
            // Callers only pair entrants with roles they play.
            let a = a.expect("entrant plays this role");
            Mover::Automaton(a, a.start)
        }
    }
}

#[inline]
fn noisy<R: Rng>(intended: usize, n: usize, noise: f64, rng: &mut R) -> usize {
    if noise > 0.0 && n > 1 && rng.random::<f64>() < noise {
        let other = rng.random_range(0..n - 1);
        if other >= intended { other + 1 } else { other }
    } else {
        intended
    }
}

/// Totals of one match.
#[derive(Debug, Clone, Default)]
struct MatchTotals {
    payoff: (f64, f64),
    row_counts: Vec<u32>,
    col_counts: Vec<u32>,
}

fn play_match(
    game: &Game,
    row: &Entrant,
    col: &Entrant,
    cfg: &TournamentConfig,
    stream: u64,
) -> MatchTotals {
    let (m, n) = game.shape();
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    rng.set_stream(stream);
    let mut r = mover(row, Player::Row);
    let mut c = mover(col, Player::Col);
    let mut t = MatchTotals {
        payoff: (0.0, 0.0),
        row_counts: vec![0; m],
        col_counts: vec![0; n],
    };
    let (a, b) = (game.a(), game.b());
    for _ in 0..cfg.rounds {
        let ir = r.intend(&mut rng);
        let ic = c.intend(&mut rng);
        let pr = noisy(ir, m, cfg.noise, &mut rng);
        let pc = noisy(ic, n, cfg.noise, &mut rng);
        t.payoff.0 += a[(pr, pc)];
        t.payoff.1 += b[(pr, pc)];
        t.row_counts[pr] += 1;
        t.col_counts[pc] += 1;
        r.observe(pr, pc, pr, pc);
        c.observe(pc, pr, pr, pc);
    }
    t
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let k = v.len();
    if k == 0 {
        0.0
    } else if k % 2 == 1 {
        v[k / 2]
    } else {
        0.5 * (v[k / 2 - 1] + v[k / 2])
    }
}

/// The matches of one repetition of the round robin.
struct Pairings {
    /// Whether the game is symmetric and every entrant plays both sides: then every
    /// unordered pair meets once, self-play included.
    symmetric: bool,
    /// Entrants that play the row side.
    rows: usize,
    /// Entrants that play the column side.
    cols: usize,
    /// The matches, (row entrant, column entrant).
    pairs: Vec<(usize, usize)>,
}

fn pairings(game: &Game, entrants: &[Entrant]) -> Pairings {
    let symmetric = is_symmetric(game)
        && entrants
            .iter()
            .all(|e| e.plays(Player::Row) && e.plays(Player::Col));
    let rows: Vec<usize> = (0..entrants.len())
        .filter(|&i| entrants[i].plays(Player::Row))
        .collect();
    let cols: Vec<usize> = (0..entrants.len())
        .filter(|&i| entrants[i].plays(Player::Col))
        .collect();
    let k = entrants.len();
    let pairs: Vec<(usize, usize)> = if symmetric {
        (0..k).flat_map(|i| (i..k).map(move |j| (i, j))).collect()
    } else {
        rows.iter()
            .flat_map(|&i| cols.iter().map(move |&j| (i, j)))
            .collect()
    };
    Pairings {
        symmetric,
        rows: rows.len(),
        cols: cols.len(),
        pairs,
    }
}

/// The work of [`round_robin`]: rounds × repetitions × matches per repetition, in moves.
pub fn estimate(game: &Game, entrants: &[Entrant], cfg: &TournamentConfig) -> Estimate {
    let matches = pairings(game, entrants).pairs.len();
    Estimate::new(
        format!(
            "tournament ({} rounds × {} repetitions × {matches} matches)",
            cfg.rounds, cfg.repetitions
        ),
        cfg.rounds as f64 * cfg.repetitions as f64 * matches as f64,
        rates::TOURNAMENT_MOVE,
        "lower --rounds or --repetitions",
    )
}

/// Runs the round robin. Its progress is the work it counts ([`crate::budget::spend`],
/// one match at a time).
pub fn round_robin(
    game: &Game,
    entrants: &[Entrant],
    cfg: &TournamentConfig,
) -> Result<TournamentResult, TournamentError> {
    if cfg.rounds == 0 || cfg.repetitions == 0 {
        return Err(TournamentError::Settings(
            "rounds and repetitions must be at least 1".into(),
        ));
    }
    if crate::repeated::settings::Noise::new(cfg.noise).is_err() {
        return Err(TournamentError::Settings(format!(
            "noise {} is outside [0, 1]",
            cfg.noise
        )));
    }
    let (m, n) = game.shape();
    for e in entrants {
        if matches!(e.rule, Rule::Classic(_)) && (m != 2 || n != 2) {
            return Err(TournamentError::ClassicNeedsTwoActions(e.name.clone()));
        }
    }
    let Pairings {
        symmetric,
        rows,
        cols,
        pairs,
    } = pairings(game, entrants);
    if rows == 0 || cols == 0 {
        return Err(TournamentError::TooFewEntrants {
            row: rows,
            col: cols,
        });
    }
    let k = entrants.len();
    let mut scores = vec![Vec::with_capacity(cfg.repetitions); k];
    let mut wins = vec![0usize; k];
    let mut counts = vec![vec![0u64; m.max(n)]; k];
    let mut pair_payoff = vec![vec![0.0f64; k]; k];
    let mut rounds_played = 0u64;
    for rep in 0..cfg.repetitions {
        let mut sum = vec![0.0f64; k];
        let mut opponents = vec![0usize; k];
        for (idx, &(i, j)) in pairs.iter().enumerate() {
            let stream = (rep as u64) << 32 | idx as u64;
            let t = play_match(game, &entrants[i], &entrants[j], cfg, stream);
            budget::spend(rates::TOURNAMENT_MOVE, cfg.rounds as f64);
            rounds_played += cfg.rounds as u64;
            let per = |x: f64| x / cfg.rounds as f64;
            pair_payoff[i][j] += per(t.payoff.0);
            if i != j {
                pair_payoff[j][i] += per(t.payoff.1);
            }
            if i == j && symmetric {
                continue; // self-play is not scored
            }
            sum[i] += per(t.payoff.0);
            sum[j] += per(t.payoff.1);
            opponents[i] += 1;
            opponents[j] += 1;
            if t.payoff.0 > t.payoff.1 {
                wins[i] += 1;
            } else if t.payoff.1 > t.payoff.0 {
                wins[j] += 1;
            }
            for (a, &cnt) in t.row_counts.iter().enumerate() {
                counts[i][a] += cnt as u64;
            }
            for (a, &cnt) in t.col_counts.iter().enumerate() {
                counts[j][a] += cnt as u64;
            }
        }
        for e in 0..k {
            if opponents[e] > 0 {
                scores[e].push(sum[e] / opponents[e] as f64);
            }
        }
    }
    let reps = cfg.repetitions as f64;
    let mut ranking: Vec<Standing> = (0..k)
        .filter(|&e| !scores[e].is_empty())
        .map(|e| {
            let player = if symmetric {
                None
            } else if entrants[e].plays(Player::Row) {
                Some(Player::Row)
            } else {
                Some(Player::Col)
            };
            let own_n = match player {
                Some(Player::Col) => n,
                _ => m,
            };
            let total: u64 = counts[e].iter().sum();
            let mean = scores[e].iter().sum::<f64>() / scores[e].len() as f64;
            Standing {
                strategy: entrants[e].name.clone(),
                player,
                median_payoff: median(&mut scores[e].clone()),
                mean_payoff: mean,
                wins: wins[e],
                action_rates: (0..own_n)
                    .map(|a| {
                        if total == 0 {
                            0.0
                        } else {
                            counts[e][a] as f64 / total as f64
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    ranking.sort_by(|x, y| {
        let side = |s: &Standing| if s.player == Some(Player::Col) { 1 } else { 0 };
        side(x)
            .cmp(&side(y))
            .then(y.median_payoff.total_cmp(&x.median_payoff))
            .then(y.mean_payoff.total_cmp(&x.mean_payoff))
    });
    let payoff_matrix = if symmetric {
        pair_payoff
            .iter()
            .map(|r| r.iter().map(|v| v / reps).collect())
            .collect()
    } else {
        Vec::new()
    };
    Ok(TournamentResult {
        symmetric,
        config: *cfg,
        ranking,
        payoff_matrix,
        entrants: entrants.iter().map(|e| e.name.clone()).collect(),
        rounds_played,
    })
}

/// The default field for a game: the scenario's strategies (as automata), every
/// always-play-one-action strategy, and — in games with two actions per player — the 20
/// classic rules of the reference iterated prisoner's dilemma tournament.
pub fn default_field(game: &Game, declared: Vec<Automaton>) -> Vec<Entrant> {
    let mut field: Vec<Entrant> = declared
        .into_iter()
        .map(|a| automaton_entrant(game, a))
        .collect();
    let (m, n) = game.shape();
    if m == 2 && n == 2 {
        field.extend(
            Classic::reference_field()
                .into_iter()
                .map(|(name, c)| Entrant {
                    name: name.to_string(),
                    rule: Rule::Classic(c),
                }),
        );
    } else {
        for p in Player::BOTH {
            for k in 0..game.num_actions(p) {
                let own = game.num_actions(p);
                let mut play = vec![0.0; own];
                play[k] = 1.0;
                let state = State {
                    label: "always".into(),
                    play,
                    next: vec![0; m * n],
                };
                let name = format!(
                    "always {} ({})",
                    game.action_name(p, k),
                    game.player(p).name
                );
                if let Ok(a) = Automaton::new(name, p, (m, n), 0, vec![state]) {
                    field.push(automaton_entrant(game, a));
                }
            }
            if is_symmetric(game) {
                break; // mirrored automata already play the other role
            }
        }
    }
    field
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pd() -> Game {
        prisoners_dilemma()
    }

    fn classic(name: &str, c: Classic) -> Entrant {
        Entrant {
            name: name.into(),
            rule: Rule::Classic(c),
        }
    }

    #[test]
    fn noiseless_scores_are_exact() {
        let g = pd();
        let field = vec![
            classic("TFT", Classic::TitForTat),
            classic("ALLD", Classic::Defector),
            classic("ALLC", Classic::Cooperator),
        ];
        let cfg = TournamentConfig {
            rounds: 10,
            repetitions: 1,
            noise: 0.0,
            seed: 0,
        };
        let r = round_robin(&g, &field, &cfg).unwrap();
        let get = |s: &str| {
            r.ranking
                .iter()
                .find(|x| x.strategy == s)
                .unwrap()
                .mean_payoff
        };
        // TFT: vs ALLD 0 + 9*1 = 9 -> 0.9; vs ALLC 3 -> mean (0.9 + 3) / 2 = 1.95.
        assert!((get("TFT") - 1.95).abs() < 1e-12);
        // ALLD: vs TFT 5 + 9 = 14 -> 1.4; vs ALLC 5 -> 3.2.
        assert!((get("ALLD") - 3.2).abs() < 1e-12);
        // ALLC: vs TFT 3, vs ALLD 0 -> 1.5.
        assert!((get("ALLC") - 1.5).abs() < 1e-12);
        assert_eq!(r.ranking[0].strategy, "ALLD");
        assert_eq!(r.payoff_matrix[0][1], 0.9);
        assert_eq!(r.rounds_played, 60);
    }

    #[test]
    fn same_seed_same_result_and_noise_changes_it() {
        let g = pd();
        let field: Vec<Entrant> = Classic::reference_field()
            .into_iter()
            .map(|(n, c)| classic(n, c))
            .collect();
        let cfg = TournamentConfig {
            rounds: 50,
            repetitions: 3,
            noise: 0.05,
            seed: 9,
        };
        let a = round_robin(&g, &field, &cfg).unwrap();
        let b = round_robin(&g, &field, &cfg).unwrap();
        assert_eq!(a, b);
        let c = round_robin(&g, &field, &TournamentConfig { seed: 10, ..cfg }).unwrap();
        assert_ne!(a.ranking, c.ranking);
    }

    #[test]
    fn mirrored_automata_play_the_other_role() {
        // Grim trigger declared for the row player, mirrored to the column role, behaves
        // like the classic Grudger against any opponent (in a noiseless match).
        let g = pd();
        let spec = crate::repeated::strategy_spec::StrategySpec {
            name: "grim".into(),
            player: Player::Row,
            kind: crate::repeated::strategy_spec::StrategyKind::GrimTrigger {
                cooperate: (0, 0),
                punish: 1,
            },
        };
        let a = crate::repeated::strategies::automaton(&g, &spec).unwrap();
        let field = vec![
            automaton_entrant(&g, a),
            classic("Grudger", Classic::Grudger),
            classic("Alternator", Classic::Alternator),
        ];
        let cfg = TournamentConfig {
            rounds: 30,
            repetitions: 1,
            noise: 0.0,
            seed: 0,
        };
        let r = round_robin(&g, &field, &cfg).unwrap();
        assert!(r.symmetric);
        assert!((r.payoff_matrix[0][2] - r.payoff_matrix[1][2]).abs() < 1e-12);
        assert!((r.payoff_matrix[2][0] - r.payoff_matrix[2][1]).abs() < 1e-12);
    }
}
