//! The tournament against the reference software. Matches: for pairs of classic
//! strategies, the mean payoff per round of a 200-round match with noise 0.05, as the
//! Axelrod library's `Match` gives it (averaged over 400–1000 seeds, with its standard
//! error), must agree with truce's average within a few standard errors. Tournaments:
//! the 20-strategy field's ranking must agree with the library's published ranking
//! (rank correlation). The library's random stream cannot be reproduced, so both
//! comparisons are statistical.

use truce::tournament::classics::Classic;
use truce::tournament::{Entrant, Rule, TournamentConfig, prisoners_dilemma, round_robin};

use crate::common;

/// Median normalised scores published by the Axelrod library (4.13.1) for this field
/// (200 turns, 10 repetitions, noise 0.05), best first.
const REFERENCE: &[(&str, f64)] = &[
    ("Gradual", 2.316),
    ("Soft Go By Majority", 2.255),
    ("Tit For Tat", 2.150),
    ("GTFT: 0.33", 2.126),
    ("First by Davis: 10", 2.109),
    ("Prober", 2.106),
    ("Tit For 2 Tats", 2.096),
    ("Grudger", 2.086),
    ("Cycler CCD", 2.086),
    ("First by Joss: 0.9", 2.085),
    ("Defector", 2.081),
    ("Alternator", 2.062),
    ("Hard Tit For Tat", 2.047),
    ("Two Tits For Tat", 2.027),
    ("Hard Go By Majority", 2.016),
    ("Bully", 2.014),
    ("Random: 0.5", 2.007),
    ("Suspicious Tit For Tat", 1.974),
    ("Cooperator", 1.882),
    ("Win-Stay Lose-Shift", 1.837),
];

/// `(player 1, player 2, mean payoff per round of each, standard error of each)` from the
/// Axelrod library's `Match` (200 turns, noise 0.05, R,S,T,P = 3,0,5,1).
/// (player 1, player 2, mean payoffs, standard errors).
type MatchReference = (&'static str, &'static str, (f64, f64), (f64, f64));

const MATCHES: &[MatchReference] = &[
    ("Cooperator", "Prober", (0.4757, 4.5261), (0.0239, 0.0155)),
    (
        "Win-Stay Lose-Shift",
        "Soft Go By Majority",
        (1.7889, 2.4916),
        (0.0339, 0.0119),
    ),
    ("Cooperator", "Defector", (0.2046, 4.6996), (0.0016, 0.0022)),
    ("Gradual", "Tit For Tat", (1.9362, 1.8668), (0.0097, 0.0106)),
    (
        "Hard Go By Majority",
        "First by Joss: 0.9",
        (1.7269, 1.7839),
        (0.0283, 0.0467),
    ),
    (
        "First by Davis: 10",
        "Soft Go By Majority",
        (1.7331, 1.2384),
        (0.0228, 0.0041),
    ),
    ("GTFT: 0.33", "Bully", (1.8061, 2.7279), (0.0043, 0.0046)),
    (
        "Cycler CCD",
        "Hard Tit For Tat",
        (0.6925, 3.4387),
        (0.0041, 0.0027),
    ),
    (
        "Alternator",
        "Tit For 2 Tats",
        (3.7531, 1.6226),
        (0.0029, 0.0016),
    ),
    (
        "Random: 0.5",
        "Two Tits For Tat",
        (1.4808, 2.584),
        (0.0051, 0.0049),
    ),
    (
        "Suspicious Tit For Tat",
        "Grudger",
        (1.1156, 1.3421),
        (0.0025, 0.0038),
    ),
];

fn field() -> Vec<Entrant> {
    Classic::reference_field()
        .into_iter()
        .map(|(n, c)| Entrant {
            name: n.to_string(),
            rule: Rule::Classic(c),
        })
        .collect()
}

#[test]
fn matches_agree_with_the_reference_library() {
    let all = field();
    for (a, b, want, se) in MATCHES {
        let pick = |n: &str| all.iter().find(|e| e.name == n).cloned().expect("in field");
        let pair = vec![pick(a), pick(b)];
        // Eight independent batches give our mean and its standard error.
        let batches: Vec<(f64, f64)> = (0..8)
            .map(|seed| {
                let cfg = TournamentConfig {
                    rounds: 200,
                    repetitions: 500,
                    noise: 0.05,
                    seed,
                };
                let r = round_robin(&prisoners_dilemma(), &pair, &cfg).expect("runs");
                (r.payoff_matrix[0][1], r.payoff_matrix[1][0])
            })
            .collect();
        let stats = |f: fn(&(f64, f64)) -> f64| {
            let v: Vec<f64> = batches.iter().map(f).collect();
            let m = v.iter().sum::<f64>() / v.len() as f64;
            let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64;
            (m, (var / v.len() as f64).sqrt())
        };
        for (got, want, se_ref, who) in [
            (stats(|x| x.0), want.0, se.0, a),
            (stats(|x| x.1), want.1, se.1, b),
        ] {
            let tol = 4.0 * (se_ref * se_ref + got.1 * got.1).sqrt() + 1e-3;
            assert!(
                (got.0 - want).abs() < tol,
                "{who} in {a} vs {b}: {} ± {} vs reference {want} ± {se_ref}",
                got.0,
                got.1
            );
        }
    }
}

#[test]
fn tournament_ranking_agrees_with_the_reference() {
    let field = field();
    let seeds = 6;
    let mut mean = vec![0.0; field.len()];
    for seed in 0..seeds {
        let cfg = TournamentConfig {
            rounds: 200,
            repetitions: 10,
            noise: 0.05,
            seed,
        };
        let r = round_robin(&prisoners_dilemma(), &field, &cfg).expect("runs");
        assert_eq!(r.ranking.len(), 20);
        for st in &r.ranking {
            let k = field
                .iter()
                .position(|e| e.name == st.strategy)
                .expect("known");
            mean[k] += st.median_payoff / seeds as f64;
        }
    }
    let ours: Vec<f64> = REFERENCE
        .iter()
        .map(|(n, _)| mean[field.iter().position(|e| e.name == *n).expect("in field")])
        .collect();
    let rank = |v: &[f64]| {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|&a, &b| v[b].total_cmp(&v[a]));
        let mut r = vec![0.0; v.len()];
        for (pos, &i) in idx.iter().enumerate() {
            r[i] = pos as f64;
        }
        r
    };
    let (ra, rb) = (
        rank(&ours),
        rank(&REFERENCE.iter().map(|x| x.1).collect::<Vec<_>>()),
    );
    let n = ra.len() as f64;
    let d2: f64 = ra.iter().zip(&rb).map(|(a, b)| (a - b).powi(2)).sum();
    let spearman = 1.0 - 6.0 * d2 / (n * (n * n - 1.0));
    assert!(spearman > 0.6, "rank correlation {spearman}");
    // The two leaders of the reference are the two leaders here.
    assert!(
        ra[0] < 2.0 && ra[1] < 2.0,
        "Gradual and Soft Go By Majority lead: {ours:?}"
    );
}

#[test]
fn tournament_cli_ranks_and_is_reproducible() {
    let args = [
        "tournament",
        "scenarios/prisoners_dilemma.toml",
        "--rounds",
        "50",
        "--repetitions",
        "3",
        "--noise",
        "0.05",
        "--seed",
        "4",
        "--format",
        "json",
    ];
    let a = common::json(&args);
    let b = common::json(&args);
    assert_eq!(a, b);
    let ranking = a["ranking"].as_array().expect("ranking");
    assert_eq!(ranking.len(), 25);
    let scores: Vec<f64> = ranking
        .iter()
        .map(|r| r["median_payoff"].as_f64().expect("number"))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "sorted best first");
    assert!(
        ranking
            .iter()
            .all(|r| r["strategy"].is_string() && r["mean_payoff"].is_number())
    );
    assert!(a["evolution"]["replicator"]["shares"].is_array());
}

#[test]
fn asymmetric_scenarios_rank_each_side() {
    let v = common::json(&[
        "tournament",
        "scenarios/geneva_truce.toml",
        "--repetitions",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(v["symmetric"], false);
    let ranking = v["ranking"].as_array().expect("ranking");
    assert!(
        ranking.iter().any(|r| r["player"] == "row")
            && ranking.iter().any(|r| r["player"] == "col")
    );
    assert!(ranking.iter().any(|r| r["strategy"] == "china_ladder"));
    assert!(v["evolution"].is_null());
    let out = common::truce()
        .args([
            "tournament",
            "scenarios/geneva_truce.toml",
            "--repetitions",
            "2",
            "--format",
            "csv",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("rank,strategy,side,"), "{text}");
    assert_eq!(text.lines().count(), ranking.len() + 1);
}

#[test]
fn bad_tournament_flags_are_usage_errors() {
    for args in [
        ["--noise", "1.5"],
        ["--rounds", "0"],
        ["--repetitions", "0"],
    ] {
        let out = common::truce()
            .args(["tournament", "scenarios/prisoners_dilemma.toml"])
            .args(args)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}
