//! Work budgets: each estimate is held against the work the computation counts (within
//! 10×), commands refuse what is beyond the budget with the way forward, and random games
//! of every size and payoff range either run within their estimate or are refused.

use proptest::prelude::*;
use truce::budget::{Plan, measure};
use truce::dynamics::DynamicsMethod;
use truce::game::Game;
use truce::repeated::analysis::{AnalysisConfig, StageFacts, analyze_with, estimate};
use truce::repeated::payoff_set::{AsConfig, StageData, abreu_sannikov_data};
use truce::repeated::settings::Discount;
use truce::tournament::{TournamentConfig, default_field, prisoners_dilemma, round_robin};

use crate::common::{proptest_config, truce};

/// A seeded random game, payoffs uniform in `[lo, hi]` (integers when `integer`).
fn random_game(m: usize, n: usize, lo: f64, hi: f64, integer: bool, seed: u64) -> Game {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let u = (state >> 11) as f64 / (1u64 << 53) as f64;
        let v = lo + u * (hi - lo);
        if integer { v.round() } else { v }
    };
    let mut cells = || {
        (0..m)
            .map(|_| (0..n).map(|_| next()).collect::<Vec<f64>>())
            .collect::<Vec<_>>()
    };
    let a = cells();
    let b = cells();
    Game::from_rows(&a, &b).expect("a valid random game")
}

/// Payoff ranges of the random games: small integers, integers up to 10⁶, decimals near
/// the ±10¹² limit, decimals in [0, 1] — (lowest, highest, integers only).
const PAYOFF_RANGES: [(f64, f64, bool); 4] = [
    (0.0, 9.0, true),
    (-1e6, 1e6, true),
    (-9.99e11, 9.99e11, false),
    (0.0, 1.0, false),
];

/// Whether `measured` lies within a factor 10 of `estimated`, give or take a
/// millisecond (below which no budget matters).
fn within_ten(measured: f64, estimated: f64) -> bool {
    measured <= 10.0 * estimated + 1e-3 && estimated <= 10.0 * measured + 1e-3
}

#[test]
fn the_tournament_estimate_is_the_work_it_counts() {
    let g = prisoners_dilemma();
    let field = default_field(&g, Vec::new());
    let cfg = TournamentConfig {
        rounds: 200,
        repetitions: 3,
        noise: 0.05,
        seed: 1,
    };
    let est = truce::tournament::estimate(&g, &field, &cfg).seconds();
    let (result, measured) = measure(|| round_robin(&g, &field, &cfg));
    assert!(result.is_ok());
    assert!((measured - est).abs() <= 1e-9 * est, "{measured} vs {est}");
}

#[test]
fn the_payoff_set_estimate_is_within_ten_times_of_its_work() {
    for (k, &(size, delta)) in [
        (2, 0.5),
        (4, 0.9),
        (8, 0.6),
        (12, 0.95),
        (20, 0.8),
        (30, 0.7),
    ]
    .iter()
    .enumerate()
    {
        let g = random_game(size, size, 0.0, 99.0, true, k as u64);
        let data = StageData::new(&g);
        let cfg = AsConfig::default();
        let est = truce::repeated::payoff_set::estimate(&data, delta, &cfg).seconds();
        let (_, measured) = measure(|| abreu_sannikov_data(&data, delta, &cfg));
        assert!(
            within_ten(measured, est),
            "{size}x{size} at δ = {delta}: measured {measured} s, estimated {est} s"
        );
    }
}

/// Over random games the repeated analysis' estimate is never below a tenth of the work
/// counted, and within 10× of it for most games: a harshest-punishment search that ends
/// at its first solve (the minmax bound holds) is estimated at a typical search's work,
/// up to 30× what it does — never more than a tenth of a second on these sizes.
#[test]
fn the_repeated_analysis_estimate_is_within_ten_times_of_its_work() {
    let (mut within, mut total) = (0, 0);
    for seed in 0..6u64 {
        for (size, delta) in [(2, 0.6), (4, 0.9), (6, 0.9), (9, 0.8)] {
            let g = random_game(size, size, 0.0, 99.0, true, 100 + seed);
            let cfg = AnalysisConfig {
                discount: Discount::common(delta).unwrap(),
                ..AnalysisConfig::default()
            };
            let facts = StageFacts::of(&g);
            let est = estimate(&g, &[], &cfg, &facts).seconds();
            let (_, measured) = measure(|| analyze_with(&g, &[], &cfg, &facts));
            assert!(
                measured <= 10.0 * est + 1e-3,
                "{size}x{size} at δ = {delta}: measured {measured} s, estimated {est} s"
            );
            assert!(
                est <= 40.0 * measured + 1e-3,
                "{size}x{size}: {est} s vs {measured} s"
            );
            total += 1;
            within += usize::from(within_ten(measured, est));
        }
    }
    assert!(10 * within >= 8 * total, "{within} of {total} within 10×");
}

#[test]
fn the_dynamics_estimates_bound_their_work() {
    use truce::dynamics::fictitious_play::{FictitiousPlayConfig, fictitious_play};
    use truce::dynamics::logit::{LogitConfig, logit_path};
    let g = random_game(15, 15, 0.0, 99.0, true, 7);
    let mut cfg = FictitiousPlayConfig::for_game(&g);
    cfg.iterations = 20_000;
    cfg.play_all = true;
    let est =
        truce::dynamics::estimate(&g, DynamicsMethod::Fictitious, cfg.iterations, 1).seconds();
    let (_, measured) = measure(|| fictitious_play(&g, &cfg));
    assert!(
        within_ten(measured, est),
        "fictitious: measured {measured}, estimated {est}"
    );
    let lcfg = LogitConfig::for_game(&g);
    let est = truce::dynamics::logit::estimate(&g, &lcfg).seconds();
    let (_, measured) = measure(|| logit_path(&g, &lcfg));
    assert!(
        within_ten(measured, est),
        "logit: measured {measured}, estimated {est}"
    );
}

/// Runs `truce ARGS` and returns (exit code, stderr).
fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = truce()
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("truce runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_tournament_beyond_any_budget_is_refused_at_once_with_the_way_forward() {
    let started = std::time::Instant::now();
    let (code, err) = run(&[
        "tournament",
        "scenarios/prisoners_dilemma.toml",
        "--rounds",
        "1000000",
        "--repetitions",
        "100000",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("more than the budget"), "{err}");
    assert!(err.contains("lower --rounds or --repetitions"), "{err}");
    assert!(err.contains("beyond even what --force runs"), "{err}");
    assert!(started.elapsed().as_secs() < 20);
}

#[test]
fn a_tournament_over_the_default_budget_names_force() {
    let (code, err) = run(&[
        "tournament",
        "scenarios/prisoners_dilemma.toml",
        "--rounds",
        "100000",
        "--repetitions",
        "1000",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("pass --force"), "{err}");
}

/// Writes a `.nfg` file of a seeded random game into a temporary folder.
fn nfg_file(
    dir: &std::path::Path,
    name: &str,
    m: usize,
    n: usize,
    cell: &dyn Fn(usize) -> String,
) -> String {
    let mut body = format!("NFG 1 R \"g\" {{ \"R\" \"C\" }} {{ {m} {n} }}\n\n");
    for k in 0..m * n {
        body.push_str(&format!("{} {} ", cell(2 * k), cell(2 * k + 1)));
    }
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path.display().to_string()
}

#[test]
fn exact_enumeration_counts_the_bits_of_the_payoffs() {
    let dir = tempfile::tempdir().unwrap();
    // Fractions with large, distinct denominators: 14×14 of them is refused…
    let frac = |k: usize| {
        format!(
            "{}/{}",
            (k * 7919) % 999_983 + 1,
            (k * 104_729) % 999_979 + 2
        )
    };
    let big = nfg_file(dir.path(), "frac14.nfg", 14, 14, &frac);
    let (code, err) = run(&["solve", &big, "--method", "vertex", "--exact"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("bits") && err.contains("drop --exact"),
        "{err}"
    );
    // …while a 14×14 game of small integers is not.
    let small = nfg_file(dir.path(), "int14.nfg", 14, 14, &|k| {
        ((k * 37) % 19).to_string()
    });
    let plan_ok = {
        let s = truce::scenario::load_file(std::path::Path::new(&small)).unwrap();
        let mut plan = Plan::new();
        plan.push(truce::stage::solution::exact_enumeration_estimate(&s.game));
        plan.check(false).is_ok()
    };
    assert!(plan_ok);
}

#[test]
fn repeat_on_a_large_game_runs_within_its_budget_or_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    // splitmix64 of the cell's index: payoffs 0–99 without structure.
    let cell = |k: usize| {
        let mut z = (k as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % 100).to_string()
    };
    let g300 = nfg_file(dir.path(), "g300.nfg", 300, 300, &cell);
    let started = std::time::Instant::now();
    let (code, err) = run(&["repeat", &g300, "--delta", "0.9", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(started.elapsed().as_secs() < 60);
    let g1000 = nfg_file(dir.path(), "g1000.nfg", 1000, 1000, &cell);
    let (code, err) = run(&["repeat", &g1000, "--delta", "0.9"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("critical discount factors") && err.contains("--force"),
        "{err}"
    ); // The bargain stands without its subgame-perfect check, which is noted as left out.
    let out = truce()
        .args(["bargain", &g1000, "--delta", "0.9"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("pure minmax") && text.contains("was left out"),
        "{text}"
    );
}

#[test]
fn declared_sweeps_beyond_the_budget_are_refused_by_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "[row]\nname = \"R\"\nactions = [\"c\", \"d\"]\n[col]\nname = \"C\"\nactions = [\"c\", \"d\"]\n\
         [payoffs]\nrow = [[3, 0], [5, 1]]\ncol = [[3, 5], [0, 1]]\n[repeated]\ndiscount = 0.9\n",
    );
    for _ in 0..50 {
        text.push_str("[[sweep]]\nparam = \"delta\"\nfrom = 0.1\nto = 0.9\npoints = 100000\n");
    }
    let path = dir.path().join("sweeps.toml");
    std::fs::write(&path, text).unwrap();
    let (code, err) = run(&["run", path.to_str().unwrap(), "--no-charts"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("sweep of delta") && err.contains("sweep fewer points"),
        "{err}"
    );
}

#[test]
fn verbose_states_the_estimate() {
    let (code, err) = run(&[
        "-v",
        "repeat",
        "scenarios/prisoners_dilemma.toml",
        "--delta",
        "0.9",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("repeat: estimated work"), "{err}");
}

proptest! {
    #![proptest_config(proptest_config(12))]

    /// A random game of any size and payoff range: the repeated analysis either fits the
    /// default budget and then counts no more than 10× its estimate, or is refused.
    #[test]
    fn the_repeated_analysis_stays_within_its_estimate(
        m in 1usize..24,
        n in 1usize..24,
        range in 0usize..4,
        delta in 0.05f64..0.98,
        seed in 0u64..1000,
    ) {
        let (lo, hi, integer) = PAYOFF_RANGES[range];
        let g = random_game(m, n, lo, hi, integer, seed);
        let cfg = AnalysisConfig {
            discount: Discount::common(delta).unwrap(),
            ..AnalysisConfig::default()
        };
        let facts = StageFacts::of(&g);
        let plan = estimate(&g, &[], &cfg, &facts);
        if plan.check(false).is_ok() {
            let (_, measured) = measure(|| analyze_with(&g, &[], &cfg, &facts));
            prop_assert!(
                measured <= 10.0 * plan.seconds() + 1e-3,
                "{m}x{n} at δ = {delta}: measured {measured} s, estimated {} s",
                plan.seconds()
            );
        }
    }
}

/// Writes `game` as a `.nfg` file (payoffs in full precision).
fn write_nfg(dir: &std::path::Path, g: &Game) -> String {
    let (m, n) = g.shape();
    let mut body = format!("NFG 1 R \"random\" {{ \"R\" \"C\" }} {{ {m} {n} }}\n\n");
    for j in 0..n {
        for i in 0..m {
            body.push_str(&format!("{:?} {:?} ", g.a()[(i, j)], g.b()[(i, j)]));
        }
    }
    let path = dir.join("random.nfg");
    std::fs::write(&path, body).unwrap();
    path.display().to_string()
}

proptest! {
    #![proptest_config(proptest_config(6))]

    /// Every command that takes a random game — of any size up to 40×40, payoffs from
    /// 0–9 to ±10¹² decimals — succeeds, or refuses it at once with a budget or size
    /// message (exit code 2); none panics or runs far past the budget.
    #[test]
    fn every_command_succeeds_or_refuses_within_its_budget(
        m in 1usize..40,
        n in 1usize..40,
        range in 0usize..4,
        seed in 0u64..1000,
    ) {
        let (lo, hi, integer) = PAYOFF_RANGES[range];
        let dir = tempfile::tempdir().unwrap();
        let file = write_nfg(dir.path(), &random_game(m, n, lo, hi, integer, seed));
        let out = dir.path().join("charts");
        let out = out.to_str().unwrap();
        let commands: [&[&str]; 6] = [
            &["solve", &file],
            &["repeat", &file, "--delta", "0.9"],
            &["bargain", &file, "--delta", "0.8"],
            &["dynamics", &file, "--method", "fictitious"],
            &["dynamics", &file, "--method", "logit"],
            &["plot", &file, "--out", out, "--image", "svg"],
        ];
        for args in commands {
            let started = std::time::Instant::now();
            let (code, err) = run(args);
            let seconds = started.elapsed().as_secs_f64();
            prop_assert!(!err.contains("panicked"), "{args:?}: {err}");
            prop_assert!(
                code == Some(0) || (code == Some(2) && (err.contains("budget") || err.contains("limit"))),
                "{m}x{n}: {args:?} exited {code:?}: {err}"
            );
            prop_assert!(seconds < 180.0, "{m}x{n}: {args:?} took {seconds} s");
        }
    }
}
