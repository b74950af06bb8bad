//! Every chart kind rendered for every bundled scenario where it applies: PNGs decode at
//! the requested size and are not blank, SVGs parse as XML and carry the title, the
//! players' and the actions' names. The stage charts come from the library
//! (`plot::from_game`); the other charts are filled with data computed here from each
//! scenario's game (a scripted path with noise, grim-trigger thresholds, fictitious play,
//! replicator dynamics), standing in for the analyses that will feed them.
//!
//! Set `TRUCE_CHART_DIR=/some/folder` to keep every rendered chart for inspection.

use std::path::{Path, PathBuf};

use truce::game::{Game, MixedStrategy, Player};
use truce::geometry::individually_rational;
use truce::plot::from_analysis;
use truce::plot::{
    Chart, CriticalDelta, DiscountChart, DiscountTarget, ImageKind, LabelledPoint, MixedProfile,
    PathChart, PathRound, PayoffSpaceChart, PhaseChart, PopulationChart, PopulationPanel,
    RankingChart, RankingEntry, Size, SpeSet, StageChart, TrajectoryChart, png_bytes, svg_string,
    write_chart,
};
use truce::scenario::{Scenario, load_file};

use crate::common;

fn scenario_files() -> Vec<PathBuf> {
    let files = common::all_scenarios();
    assert!(files.len() >= 10, "bundled scenarios missing: {files:?}");
    files
}

fn scenarios() -> Vec<(String, Scenario)> {
    scenario_files()
        .into_iter()
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, load_file(&p).unwrap())
        })
        .collect()
}

fn names(game: &Game, p: Player) -> Vec<String> {
    game.player(p).action_names()
}

/// Decodes a PNG and checks its size and that it is not blank: the luminance variance
/// over all pixels must exceed a threshold and some pixels must be far from white.
fn check_png(bytes: &[u8], size: Size, what: &str) {
    let dec = png::Decoder::new(bytes);
    let mut reader = dec
        .read_info()
        .unwrap_or_else(|e| panic!("{what}: not a PNG: {e}"));
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(
        (info.width, info.height),
        (size.width, size.height),
        "{what}"
    );
    assert_eq!(info.color_type, png::ColorType::Rgb, "{what}");
    let px = &buf[..info.buffer_size()];
    let lum: Vec<f64> = px
        .chunks(3)
        .map(|c| 0.2126 * c[0] as f64 + 0.7152 * c[1] as f64 + 0.0722 * c[2] as f64)
        .collect();
    let n = lum.len() as f64;
    let mean = lum.iter().sum::<f64>() / n;
    let var = lum.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / n;
    let inked = lum.iter().filter(|&&l| l < 128.0).count() as f64 / n;
    assert!(
        var > 200.0,
        "{what}: luminance variance {var:.1} looks blank"
    );
    assert!(
        inked > 0.003,
        "{what}: only {:.4} of pixels are dark",
        inked
    );
}

/// The number of pixels of exactly colour `rgb` in a PNG, left of the legend panel
/// (which takes at most the right 340 pixels at the default size).
fn count_colour(bytes: &[u8], rgb: (u8, u8, u8)) -> usize {
    let mut reader = png::Decoder::new(bytes).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let w = info.width as usize;
    buf[..info.buffer_size()]
        .chunks(3)
        .enumerate()
        .filter(|(k, c)| k % w < w - 340 && (c[0], c[1], c[2]) == rgb)
        .count()
}

/// Parses an SVG and checks that `title` is one text element and each of `expected`
/// occurs in the text.
fn check_svg(svg: &str, title: &str, expected: &[String], what: &str) {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{what}: bad XML: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg", "{what}");
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect();
    assert!(
        texts.iter().any(|t| t == title),
        "{what}: no title {title:?} in {texts:?}"
    );
    let all = texts.join("\n");
    for e in expected {
        assert!(
            all.contains(e.as_str()),
            "{what}: {e:?} not in the text {texts:?}"
        );
    }
}

/// Renders a chart both ways, checks both and keeps them when asked to.
fn check<C: Chart>(chart: &C, stem: &str, kind: &str, expected: &[String]) {
    let size = Size::default();
    let what = format!("{stem}/{kind}");
    let png = png_bytes(chart, size).unwrap_or_else(|e| panic!("{what}: {e}"));
    check_png(&png, size, &what);
    let svg = svg_string(chart, size).unwrap_or_else(|e| panic!("{what}: {e}"));
    check_svg(&svg, chart.title(), expected, &what);
    if let Ok(dir) = std::env::var("TRUCE_CHART_DIR") {
        let dir = Path::new(&dir).join(stem);
        write_chart(chart, &dir, kind, ImageKind::Both, size).unwrap();
    }
}

fn with_players(game: &Game, mut v: Vec<String>) -> Vec<String> {
    v.push(game.player(Player::Row).name.clone());
    v.push(game.player(Player::Col).name.clone());
    v
}

fn all_actions(game: &Game) -> Vec<String> {
    let mut v = names(game, Player::Row);
    v.extend(names(game, Player::Col));
    with_players(game, v)
}

/// The stage solution of `g` as `truce run` computes it.
fn stage_solution(g: &Game) -> truce::stage::solution::StageSolution {
    truce::stage::solution::solve_stage(g, &truce::stage::solution::SolveConfig::default()).unwrap()
}

/// The stage heatmap from the stage solution, pure equilibria only (tests add mixed ones).
fn stage_chart(g: &Game, title: &str) -> StageChart {
    let mut c = from_analysis::stage_chart(g, &stage_solution(g), title).unwrap();
    c.mixed_equilibria.clear();
    c
}

/// The payoff-space chart from the stage solution, pure equilibria only.
fn payoff_space_chart(g: &Game, title: &str) -> Option<PayoffSpaceChart> {
    let mut c = from_analysis::payoff_space_chart(g, &stage_solution(g), title)?;
    c.mixed_equilibria.clear();
    Some(c)
}

/// The replicator phase portrait of a 2×2 game with its extreme equilibria.
fn phase_chart(g: &Game, title: &str) -> Option<PhaseChart> {
    let portrait = truce::dynamics::phase_portrait::phase_portrait(g)?;
    let eq = truce::stage::vertex::extreme_equilibria(g)
        .unwrap()
        .equilibria;
    Some(from_analysis::phase_portrait_chart(
        g, &portrait, &eq, title,
    ))
}

fn delta(s: &Scenario) -> f64 {
    s.repeated.as_ref().map_or(0.9, |r| r.discount.row())
}

/// The interior mixed equilibrium of a 2×2 game by the indifference conditions, when
/// there is one.
fn mixed_2x2(game: &Game) -> Option<MixedProfile> {
    if game.shape() != (2, 2) {
        return None;
    }
    let (a, b) = (game.a(), game.b());
    let dq = a[(0, 0)] - a[(0, 1)] - a[(1, 0)] + a[(1, 1)];
    let dp = b[(0, 0)] - b[(1, 0)] - b[(0, 1)] + b[(1, 1)];
    if dq.abs() < 1e-12 || dp.abs() < 1e-12 {
        return None;
    }
    let q = (a[(1, 1)] - a[(0, 1)]) / dq;
    let p = (b[(1, 1)] - b[(1, 0)]) / dp;
    if !(1e-9..1.0 - 1e-9).contains(&p) || !(1e-9..1.0 - 1e-9).contains(&q) {
        return None;
    }
    let x = MixedStrategy::new(vec![p, 1.0 - p]).ok()?;
    let y = MixedStrategy::new(vec![q, 1.0 - q]).ok()?;
    assert!(game.is_equilibrium(&x, &y));
    Some(MixedProfile {
        row: vec![p, 1.0 - p],
        col: vec![q, 1.0 - q],
        payoffs: game.expected_payoffs(&x, &y),
    })
}

/// The pure profile with the largest payoff sum (the "cooperative" target).
fn cooperative(game: &Game) -> (usize, usize) {
    let (m, n) = game.shape();
    let mut best = (0, 0);
    for i in 0..m {
        for j in 0..n {
            let (u, v) = game.pure_payoffs(i, j);
            let (bu, bv) = game.pure_payoffs(best.0, best.1);
            if u + v > bu + bv + 1e-12 {
                best = (i, j);
            }
        }
    }
    best
}

/// The punishment profile: the pure equilibrium with the smallest payoff sum, else the
/// profile of minmax actions.
fn punishment(game: &Game) -> (usize, usize) {
    let eqs = truce::stage::pure::pure_equilibria(game);
    match eqs
        .iter()
        .min_by(|a, b| (a.payoffs.0 + a.payoffs.1).total_cmp(&(b.payoffs.0 + b.payoffs.1)))
    {
        Some(e) => (e.row, e.col),
        None => {
            let r = truce::stage::pure_values::pure_security(game, Player::Row);
            let c = truce::stage::pure_values::pure_security(game, Player::Col);
            (c.minmax_punisher, r.minmax_punisher)
        }
    }
}

fn best_reply(game: &Game, p: Player, other: usize) -> usize {
    let (m, n) = game.shape();
    match p {
        Player::Row => (0..m)
            .max_by(|&i, &k| game.a()[(i, other)].total_cmp(&game.a()[(k, other)]))
            .unwrap(),
        Player::Col => (0..n)
            .max_by(|&j, &k| game.b()[(other, j)].total_cmp(&game.b()[(other, k)]))
            .unwrap(),
    }
}

/// A scripted match: cooperation, a noisy deviation by the row player, three rounds of
/// punishment, cooperation, a noisy deviation by the column player, punishment again.
fn path_chart(stem: &str, s: &Scenario) -> PathChart {
    let rounds = s.repeated.as_ref().map_or(30, |r| r.rounds.clamp(8, 200));
    path_chart_of(stem, s, rounds)
}

/// The scripted match of [`path_chart`] over `rounds` rounds.
fn path_chart_of(stem: &str, s: &Scenario, rounds: usize) -> PathChart {
    let g = &s.game;
    let coop = cooperative(g);
    let pun = punishment(g);
    let d = delta(s);
    let mut cum = (0.0, 0.0);
    let mut out = Vec::new();
    let mut punish_left = 0;
    for t in 0..rounds {
        let (mut i, mut j) = if punish_left > 0 { pun } else { coop };
        let (mut rn, mut cn) = (false, false);
        if punish_left > 0 {
            punish_left -= 1;
        } else if t == 5 {
            i = best_reply(g, Player::Row, j);
            rn = i != coop.0;
            punish_left = 3;
        } else if t == rounds * 2 / 3 {
            j = best_reply(g, Player::Col, i);
            cn = j != coop.1;
            punish_left = 3;
        }
        let u = g.pure_payoffs(i, j);
        let w = d.powi(t as i32);
        cum = (cum.0 + w * u.0, cum.1 + w * u.1);
        out.push(PathRound {
            row: g.action_name(Player::Row, i).into(),
            col: g.action_name(Player::Col, j).into(),
            row_noise: rn,
            col_noise: cn,
            payoffs: u,
            cumulative: cum,
        });
    }
    PathChart {
        title: format!("{} — a match with noise ({stem})", s.title),
        row_player: g.player(Player::Row).name.clone(),
        col_player: g.player(Player::Col).name.clone(),
        row_actions: names(g, Player::Row),
        col_actions: names(g, Player::Col),
        rounds: out,
        mark_label: truce::plot::path::NOISE_MARK.into(),
        alarms: Vec::new(),
    }
}

/// Grim-trigger thresholds for every pure profile that both players prefer to the
/// punishment: δ* = max over players of (d − c) / (d − p), with c the target payoff, d
/// the best deviation payoff and p the punishment payoff.
fn discount_chart(s: &Scenario) -> DiscountChart {
    let g = &s.game;
    let (m, n) = g.shape();
    let pun = punishment(g);
    let p_nash = g.pure_payoffs(pun.0, pun.1);
    let v_row = truce::stage::minmax::mixed_security(g, Player::Row)
        .unwrap()
        .minmax;
    let v_col = truce::stage::minmax::mixed_security(g, Player::Col)
        .unwrap()
        .minmax;
    let critical = |c: f64, dev: f64, p: f64| -> Option<f64> {
        if dev <= c + 1e-12 {
            Some(0.0)
        } else if c <= p + 1e-12 {
            None
        } else {
            Some((dev - c) / (dev - p))
        }
    };
    let both = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (Some(a), Some(b)) => Some(a.max(b)),
        _ => None,
    };
    let mut targets = Vec::new();
    for i in 0..m {
        for j in 0..n {
            if (i, j) == pun {
                continue;
            }
            let c = g.pure_payoffs(i, j);
            if c.0 <= p_nash.0 && c.1 <= p_nash.1 && (i, j) != cooperative(g) {
                continue;
            }
            let dr = g.a()[(best_reply(g, Player::Row, j), j)];
            let dc = g.b()[(i, best_reply(g, Player::Col, i))];
            targets.push(DiscountTarget {
                target: format!(
                    "({}, {})",
                    g.action_name(Player::Row, i),
                    g.action_name(Player::Col, j)
                ),
                thresholds: vec![
                    CriticalDelta {
                        punishment: format!(
                            "grim: revert to ({}, {})",
                            g.action_name(Player::Row, pun.0),
                            g.action_name(Player::Col, pun.1)
                        ),
                        delta: both(critical(c.0, dr, p_nash.0), critical(c.1, dc, p_nash.1)),
                    },
                    CriticalDelta {
                        punishment: "harshest: hold the deviator to minmax".into(),
                        delta: both(critical(c.0, dr, v_row), critical(c.1, dc, v_col)),
                    },
                ],
            });
        }
    }
    targets.truncate(5);
    DiscountChart {
        title: format!("{} — critical discount factors", s.title),
        targets,
        marks: vec![("scenario".into(), delta(s))],
    }
}

/// Fictitious play (Brown 1951) for `steps` rounds from the first actions.
fn fictitious_play(s: &Scenario, steps: usize) -> TrajectoryChart {
    let g = &s.game;
    let (m, n) = g.shape();
    let (mut cr, mut cc) = (vec![0.0; m], vec![0.0; n]);
    cr[0] = 1.0;
    cc[0] = 1.0;
    let (mut times, mut row, mut col) = (Vec::new(), Vec::new(), Vec::new());
    for t in 1..=steps {
        let tot = t as f64;
        let x: Vec<f64> = cr.iter().map(|c| c / tot).collect();
        let y: Vec<f64> = cc.iter().map(|c| c / tot).collect();
        times.push(t as f64);
        row.push(x.clone());
        col.push(y.clone());
        let xs = MixedStrategy::new(x).unwrap();
        let ys = MixedStrategy::new(y).unwrap();
        cr[g.best_responses(Player::Row, &ys)[0]] += 1.0;
        cc[g.best_responses(Player::Col, &xs)[0]] += 1.0;
    }
    TrajectoryChart {
        title: format!("{} — fictitious play", s.title),
        row_player: g.player(Player::Row).name.clone(),
        col_player: g.player(Player::Col).name.clone(),
        row_actions: names(g, Player::Row),
        col_actions: names(g, Player::Col),
        time_label: "iteration".into(),
        times,
        row,
        col,
    }
}

/// "Always <action>" strategies scored against a uniformly mixing opponent.
fn ranking_chart(s: &Scenario) -> RankingChart {
    let g = &s.game;
    let (m, n) = g.shape();
    let mut entries = Vec::new();
    for i in 0..m {
        let score = (0..n).map(|j| g.a()[(i, j)]).sum::<f64>() / n as f64;
        entries.push(RankingEntry {
            name: format!("always {}", g.action_name(Player::Row, i)),
            group: g.player(Player::Row).name.clone(),
            score,
        });
    }
    for j in 0..n {
        let score = (0..m).map(|i| g.b()[(i, j)]).sum::<f64>() / m as f64;
        entries.push(RankingEntry {
            name: format!("always {}", g.action_name(Player::Col, j)),
            group: g.player(Player::Col).name.clone(),
            score,
        });
    }
    RankingChart {
        title: format!("{} — round robin against uniform play", s.title),
        score_label: "mean payoff per round".into(),
        entries,
    }
}

/// Discrete-time two-population replicator dynamics over the pure actions.
fn population_chart(s: &Scenario) -> PopulationChart {
    let g = &s.game;
    let (m, n) = g.shape();
    let (mut x, mut y) = (vec![1.0 / m as f64; m], vec![1.0 / n as f64; n]);
    // A nudge off the uniform start so symmetric games move.
    x[0] += 0.1 / m as f64;
    let sx: f64 = x.iter().sum();
    x.iter_mut().for_each(|v| *v /= sx);
    let shift = g.payoff_scale() + 1.0;
    let (mut gens, mut xs, mut ys) = (Vec::new(), Vec::new(), Vec::new());
    for t in 0..60 {
        gens.push(t as f64);
        xs.push(x.clone());
        ys.push(y.clone());
        let fx: Vec<f64> = (0..m)
            .map(|i| (0..n).map(|j| g.a()[(i, j)] * y[j]).sum::<f64>() + shift)
            .collect();
        let fy: Vec<f64> = (0..n)
            .map(|j| (0..m).map(|i| g.b()[(i, j)] * x[i]).sum::<f64>() + shift)
            .collect();
        let ax: f64 = x.iter().zip(&fx).map(|(a, b)| a * b).sum();
        let ay: f64 = y.iter().zip(&fy).map(|(a, b)| a * b).sum();
        x = x.iter().zip(&fx).map(|(a, f)| a * f / ax).collect();
        y = y.iter().zip(&fy).map(|(a, f)| a * f / ay).collect();
    }
    let strat = |p: Player| {
        names(g, p)
            .into_iter()
            .map(|a| format!("always {a}"))
            .collect()
    };
    PopulationChart {
        title: format!("{} — replicator populations", s.title),
        x_label: "generation".into(),
        generations: gens,
        populations: vec![
            PopulationPanel {
                label: g.player(Player::Row).name.clone(),
                strategies: strat(Player::Row),
                shares: xs,
            },
            PopulationPanel {
                label: g.player(Player::Col).name.clone(),
                strategies: strat(Player::Col),
                shares: ys,
            },
        ],
    }
}

#[test]
fn stage_heatmap_for_every_scenario() {
    for (stem, s) in scenarios() {
        let mut c = stage_chart(&s.game, &format!("{} — stage game", s.title));
        c.mixed_equilibria.extend(mixed_2x2(&s.game));
        // The best payoff of each player fills at least one half-cell in the darkest
        // shade of that player's scale.
        let png = png_bytes(&c, Size::default()).unwrap();
        for (scale, name) in [
            (truce::plot::heatmap::ROW_SCALE, "row"),
            (truce::plot::heatmap::COL_SCALE, "col"),
        ] {
            let dark = scale.1;
            let n = count_colour(&png, (dark.0, dark.1, dark.2));
            assert!(
                n > 2000,
                "{stem}: {name} player's best payoff shade covers {n} pixels"
            );
        }
        assert!(
            !c.pure_equilibria.is_empty()
                || !c.mixed_equilibria.is_empty()
                || s.game.shape() != (2, 2)
        );
        check(&c, &stem, "stage_game", &all_actions(&s.game));
    }
}

#[test]
fn payoff_space_for_every_scenario() {
    for (stem, s) in scenarios() {
        let g = &s.game;
        let mut c = payoff_space_chart(g, &format!("{} — payoff space", s.title)).unwrap();
        // Layers of the repeated game, stand-ins until the analyses fill them: SPE sets
        // shrinking towards the punishment outcome as δ falls, a Nash bargaining point
        // over the frontier, and a trail from cooperation to punishment.
        let pun = punishment(g);
        let anchor = g.pure_payoffs(pun.0, pun.1);
        let ir = c.individually_rational.clone();
        for (k, d) in [0.5, 0.7, delta(&s)].into_iter().enumerate() {
            let f = 0.4 + 0.3 * k as f64;
            c.spe_sets.push(SpeSet {
                delta: d,
                polygon: ir
                    .iter()
                    .map(|p| {
                        (
                            anchor.0 + f * (p.0 - anchor.0),
                            anchor.1 + f * (p.1 - anchor.1),
                        )
                    })
                    .collect(),
            });
        }
        let v = c.minmax_mixed.unwrap();
        let mut best = (f64::NEG_INFINITY, (0.0, 0.0));
        if let [p] = c.pareto_frontier[..] {
            best = ((p.0 - v.0) * (p.1 - v.1), p);
        }
        for w in c.pareto_frontier.windows(2) {
            for k in 0..=200 {
                let t = k as f64 / 200.0;
                let p = (
                    w[0].0 + t * (w[1].0 - w[0].0),
                    w[0].1 + t * (w[1].1 - w[0].1),
                );
                let prod = (p.0 - v.0) * (p.1 - v.1);
                if p.0 >= v.0 && p.1 >= v.1 && prod > best.0 {
                    best = (prod, p);
                }
            }
        }
        if best.0.is_finite() {
            c.bargaining
                .push(LabelledPoint::new("Nash bargaining", best.1));
        }
        let coop = cooperative(g);
        let top = g.pure_payoffs(coop.0, coop.1);
        c.trail = (0..12)
            .map(|k| {
                let t = k as f64 / 11.0;
                (
                    top.0 + t * (anchor.0 - top.0),
                    top.1 + t * (anchor.1 - top.1) + 0.05 * (k % 2) as f64,
                )
            })
            .collect();
        c.trail_label = "continuation payoffs, scripted match".into();
        assert!(individually_rational(&c.feasible, v).len() == c.individually_rational.len());
        let mut expected =
            with_players(g, vec!["Pareto frontier".into(), "Nash bargaining".into()]);
        for i in 0..g.shape().0 {
            for j in 0..g.shape().1 {
                expected.push(format!(
                    "({}, {})",
                    g.action_name(Player::Row, i),
                    g.action_name(Player::Col, j)
                ));
            }
        }
        check(&c, &stem, "payoff_space", &expected);
    }
}

#[test]
fn path_for_every_scenario() {
    for (stem, s) in scenarios() {
        let c = path_chart(&stem, &s);
        // Every action played shows up in its colour in the strips.
        let png = png_bytes(&c, Size::default()).unwrap();
        for r in &c.rounds {
            for (name, actions) in [(&r.row, &c.row_actions), (&r.col, &c.col_actions)] {
                let k = actions.iter().position(|a| a == name).unwrap();
                let col = truce::plot::style::action_colour(k);
                let n = count_colour(&png, (col.0, col.1, col.2));
                assert!(n > 200, "{stem}: {name} has {n} pixels of its colour");
            }
        }
        let mut expected = with_players(&s.game, vec!["noise".into(), "round".into()]);
        expected.push(c.rounds[0].row.clone());
        expected.push(c.rounds[0].col.clone());
        check(&c, &stem, "path", &expected);
    }
}

/// A public signal over the scripted match: a true alarm in every round someone plays
/// off the cooperative profile, a false alarm in every seventh round of cooperation.
fn with_alarms(mut c: PathChart, s: &Scenario) -> PathChart {
    let g = &s.game;
    let coop = cooperative(g);
    let (row, col) = (
        g.action_name(Player::Row, coop.0),
        g.action_name(Player::Col, coop.1),
    );
    c.alarms = c
        .rounds
        .iter()
        .enumerate()
        .map(|(t, r)| {
            if r.row != row || r.col != col {
                Some(true)
            } else if t % 7 == 3 {
                Some(false)
            } else {
                None
            }
        })
        .collect();
    c
}

#[test]
fn path_with_alarms_for_every_scenario() {
    for (stem, s) in scenarios() {
        for (kind, rounds) in [("path_alarms", 30), ("path_alarms_long", 400)] {
            let c = with_alarms(path_chart_of(&stem, &s, rounds), &s);
            let mut expected = with_players(&s.game, vec!["alarms".into(), "round".into()]);
            // The legend wraps its texts, so only their openings are sure to be whole.
            for (alarm, text) in [(Some(true), "true alarm"), (Some(false), "false alarm")] {
                if c.alarms.contains(&alarm) {
                    expected.push(text.into());
                }
            }
            check(&c, &stem, kind, &expected);
        }
    }
}

/// The payoff space under imperfect public monitoring, with stand-ins for the PPE bounds:
/// shrunk copies of the individually rational set (the outer one with every edge cut
/// into eight, as the many short edges of a Judd–Yeltekin–Conklin outer bound), inside
/// the SPE set of perfect monitoring.
#[test]
fn payoff_space_with_ppe_bounds_for_every_scenario() {
    for (stem, s) in scenarios() {
        let g = &s.game;
        let title = format!("{} — payoff space, imperfect monitoring", s.title);
        let mut c = payoff_space_chart(g, &title).unwrap();
        let pun = punishment(g);
        let anchor = g.pure_payoffs(pun.0, pun.1);
        let ir = c.individually_rational.clone();
        let shrink = |f: f64| -> Vec<(f64, f64)> {
            ir.iter()
                .map(|p| {
                    (
                        anchor.0 + f * (p.0 - anchor.0),
                        anchor.1 + f * (p.1 - anchor.1),
                    )
                })
                .collect()
        };
        c.spe_sets.push(SpeSet {
            delta: delta(&s),
            polygon: shrink(0.95),
        });
        let outer = shrink(0.75);
        c.ppe_outer = if outer.len() >= 3 {
            (0..outer.len())
                .flat_map(|k| {
                    let (a, b) = (outer[k], outer[(k + 1) % outer.len()]);
                    (0..8).map(move |i| {
                        let t = i as f64 / 8.0;
                        (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))
                    })
                })
                .collect()
        } else {
            outer
        };
        c.ppe_inner = shrink(0.5);
        let mut expected = with_players(g, vec!["subgame-perfect payoffs".into()]);
        if !c.ppe_outer.is_empty() {
            expected.push("PPE payoffs, outer bound".into());
            expected.push("PPE payoffs, inner bound".into());
        }
        check(&c, &stem, "payoff_space_ppe", &expected);
        c.ppe_outer.clear();
        c.ppe_inner.clear();
        let svg = svg_string(&c, Size::default()).unwrap();
        assert!(!svg.contains("PPE"), "{stem}: PPE legend without PPE sets");
    }
}

#[test]
fn discount_factors_for_every_scenario() {
    for (stem, s) in scenarios() {
        let c = discount_chart(&s);
        assert!(!c.targets.is_empty(), "{stem}: no target");
        let mut expected = vec!["discount factor δ".to_string(), "sustainable".into()];
        expected.push(format!("target {}", c.targets[0].target));
        check(&c, &stem, "discount", &expected);
    }
}

#[test]
fn trajectories_for_every_scenario() {
    for (stem, s) in scenarios() {
        let c = fictitious_play(&s, 80);
        let mut expected = vec!["iteration".to_string()];
        for a in names(&s.game, Player::Row) {
            expected.push(format!("P({a})"));
        }
        check(&c, &stem, "trajectory", &expected);
    }
}

#[test]
fn phase_portrait_for_every_two_by_two_scenario() {
    let mut drawn = 0;
    for (stem, s) in scenarios() {
        let g = &s.game;
        if let Some(c) = phase_chart(g, &s.title) {
            // Every extreme equilibrium is a rest point; trajectories stay in the square
            // and a trajectory that starts next to a strict pure equilibrium ends there.
            let eq = truce::stage::vertex::extreme_equilibria(g).unwrap();
            assert_eq!(c.rest_points.len(), eq.equilibria.len(), "{stem}");
            assert_eq!(c.trajectories.len(), 5);
            for t in &c.trajectories {
                assert!(t.points.len() >= 2, "{stem}: {}", t.label);
                assert!(
                    t.points
                        .iter()
                        .all(|p| (0.0..=1.0).contains(&p.0) && (0.0..=1.0).contains(&p.1))
                );
            }
            let expected = vec![
                format!(
                    "P({} plays {})",
                    g.player(Player::Row).name,
                    g.action_name(Player::Row, 0)
                ),
                format!(
                    "P({} plays {})",
                    g.player(Player::Col).name,
                    g.action_name(Player::Col, 0)
                ),
            ];
            check(&c, &stem, "phase", &expected);
            drawn += 1;
        }
    }
    assert!(drawn >= 4, "only {drawn} 2x2 scenarios");
}

#[test]
fn sweep_chart_for_every_scenario() {
    use truce::sweep::{Baseline, parse_grid, run};
    for (stem, s) in scenarios() {
        let grid = parse_grid("delta=0.1:0.9:5", &s).unwrap();
        let mut points = Vec::new();
        run(
            &s,
            &grid,
            &Baseline::of(&s),
            &mut |p| points.push(p),
            &|| {},
        )
        .unwrap();
        let g = &s.game;
        let c = truce::plot::from_analysis::sweep_points_chart(
            &format!("{} — sweep", s.title),
            &g.player(Player::Row).name,
            &g.player(Player::Col).name,
            &points,
        );
        // Stage equilibria, the SPE set and (with a truce) the critical-δ panel; under
        // monitoring the truce's best trigger, its critical δ and the public pairs.
        assert!(c.panels.len() >= 2, "{stem}: {} panels", c.panels.len());
        let monitored = points[0].monitoring.is_some();
        let mut expected = with_players(
            g,
            vec![
                "common discount factor δ".to_string(),
                if monitored {
                    "Truce under monitoring, best trigger".to_string()
                } else {
                    "Stage equilibria (top)".to_string()
                },
            ],
        );
        if monitored {
            expected.push("Truce under monitoring, critical δ".to_string());
        } else if let Some(t) = &points[0].truce {
            expected.push(format!("Truce ({}, {})", t.profile.0, t.profile.1));
        }
        check(&c, &stem, "sweep", &expected);
    }
}

#[test]
fn ranking_and_population_for_every_scenario() {
    for (stem, s) in scenarios() {
        let r = ranking_chart(&s);
        let expected = with_players(
            &s.game,
            vec![format!("always {}", s.game.action_name(Player::Row, 0))],
        );
        check(&r, &stem, "ranking", &expected);
        let p = population_chart(&s);
        check(&p, &stem, "population", &all_actions(&s.game));
    }
}

#[test]
fn a_larger_and_a_smaller_image_render_at_their_size() {
    let s = load_file(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/geneva_truce.toml"
    )))
    .unwrap();
    let c = stage_chart(&s.game, "Geneva");
    for size in [
        Size {
            width: 600,
            height: 400,
        },
        Size {
            width: 2400,
            height: 1600,
        },
    ] {
        check_png(&png_bytes(&c, size).unwrap(), size, "resized");
    }
}

mod cli {
    use assert_cmd::prelude::*;
    use predicates::prelude::*;

    use crate::common::truce;

    #[test]
    fn plot_writes_and_lists_the_charts() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("pd");
        let output = truce()
            .args(["plot", "scenarios/prisoners_dilemma.toml", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(output.status.success());
        let listing = String::from_utf8_lossy(&output.stdout).to_string();
        // Every kind that applies to a repeated scenario with strategies, in both formats.
        for stem in [
            "stage_game",
            "payoff_space",
            "equilibrium_path",
            "equilibrium_path_row_deviates",
            "equilibrium_path_col_deviates",
            "simulated_match",
            "discount_factors",
            "learning",
            "tournament_ranking",
            "population",
            "phase_portrait",
        ] {
            for ext in ["png", "svg"] {
                let f = format!("{stem}.{ext}");
                assert!(out.join(&f).is_file(), "{f} missing");
                assert!(listing.contains(&f), "{f} not listed in {listing}");
            }
        }
        // nothing else: no temporary files left behind
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 22);
        assert_eq!(listing.lines().count(), 22);
    }

    #[test]
    fn plot_png_only() {
        let dir = tempfile::tempdir().unwrap();
        truce()
            .args(["plot", "scenarios/chicken.toml", "--image", "png", "--out"])
            .arg(dir.path())
            .assert()
            .success();
        assert!(dir.path().join("stage_game.png").is_file());
        assert!(!dir.path().join("stage_game.svg").exists());
    }

    #[test]
    fn default_folder_is_plots_slash_stem() {
        let dir = tempfile::tempdir().unwrap();
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/stag_hunt.toml");
        std::fs::copy(&src, dir.path().join("hunt.toml")).unwrap();
        truce()
            .current_dir(dir.path())
            .args(["plot", "hunt.toml", "--image", "svg"])
            .assert()
            .success()
            .stdout(predicate::str::contains("plots/hunt/stage_game.svg"));
        assert!(dir.path().join("plots/hunt/payoff_space.svg").is_file());
    }

    #[test]
    fn an_output_that_is_a_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("taken");
        std::fs::write(&f, b"x").unwrap();
        truce()
            .args(["plot", "scenarios/chicken.toml", "--out"])
            .arg(&f)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("cannot write"))
            .stderr(predicate::str::contains("not a folder"));
        let under = f.join("sub");
        truce()
            .args(["plot", "scenarios/chicken.toml", "--out"])
            .arg(&under)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("cannot create the folder"));
    }

    #[test]
    fn a_missing_scenario_is_bad_input() {
        truce().args(["plot", "no/such/file.toml"]).assert().code(2);
    }
}

#[test]
fn payoff_space_geometry_agrees_with_the_stage_solvers() {
    for (stem, s) in scenarios() {
        let g = &s.game;
        let c = payoff_space_chart(g, "x").unwrap();
        let tol = 1e-9 * g.payoff_scale().max(1.0);
        let pareto = truce::stage::pareto::pareto_optimal(g);
        for p in &c.pareto_frontier {
            assert!(
                pareto
                    .iter()
                    .any(|o| (o.payoffs.0 - p.0).abs() <= tol && (o.payoffs.1 - p.1).abs() <= tol),
                "{stem}: frontier corner {p:?} is not a Pareto-optimal pure outcome"
            );
        }
        // The frontier runs from the best row payoff to the best column payoff, both
        // coordinates moving monotonically.
        for w in c.pareto_frontier.windows(2) {
            assert!(
                w[1].0 <= w[0].0 + tol && w[1].1 >= w[0].1 - tol,
                "{stem}: {w:?}"
            );
        }
        let hull = truce::geometry::ConvexPolygon(c.feasible.clone());
        let v = c.minmax_mixed.unwrap();
        for p in &c.individually_rational {
            assert!(
                hull.contains(*p, 1e-7),
                "{stem}: {p:?} outside the feasible set"
            );
            assert!(
                p.0 >= v.0 - 1e-9 && p.1 >= v.1 - 1e-9,
                "{stem}: {p:?} below the minmax {v:?}"
            );
        }
        // Mixed minmax never exceeds pure minmax (a mixed punisher can do at least as well).
        let pm = c.minmax_pure.unwrap();
        assert!(
            v.0 <= pm.0 + tol && v.1 <= pm.1 + tol,
            "{stem}: {v:?} vs {pm:?}"
        );
    }
}
