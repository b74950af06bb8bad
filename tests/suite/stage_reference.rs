//! Agreement with the reference software: on every game of `tests/data/reference/games.json`
//! (except the three large ones) the extreme equilibria equal Gambit's `enummixed` set
//! (same count, every profile within 1e-9, identical fractions in exact arithmetic) and
//! the mixed and pure minmax values agree; on the large ones Lemke–Howson returns a
//! verified equilibrium; every game of Gambit's catalog loads and matches its listed
//! extreme equilibria.

use serde_json::Value;
use truce::game::{Game, Player};
use truce::stage::components::maximal_nash_subsets;
use truce::stage::exact::fraction_text;
use truce::stage::lemke_howson::{LhConfig, lemke_howson};
use truce::stage::minmax::mixed_security;
use truce::stage::pure_values::pure_security;
use truce::stage::vertex::{extreme_equilibria, extreme_equilibria_exact};

use crate::common::{floats, matrix, reference_json};

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
}

/// Each wanted profile matched by a distinct found one.
fn same_set(got: &[Vec<f64>], want: &[Vec<f64>], tol: f64) -> bool {
    if got.len() != want.len() {
        return false;
    }
    let mut used = vec![false; got.len()];
    want.iter().all(
        |w| match (0..got.len()).find(|&k| !used[k] && close(&got[k], w, tol)) {
            Some(k) => {
                used[k] = true;
                true
            }
            None => false,
        },
    )
}

fn games() -> Vec<Value> {
    reference_json("tests/data/reference/games.json")["games"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn extreme_equilibria_equal_gambits_set() {
    let mut checked = 0;
    for g in games().iter().filter(|g| g["kind"] != "large") {
        let game = Game::from_rows(&matrix(&g["A"]), &matrix(&g["B"])).unwrap();
        let found = extreme_equilibria(&game).unwrap();
        let got: Vec<Vec<f64>> = found
            .equilibria
            .iter()
            .map(|e| [e.row.probs(), e.col.probs()].concat())
            .collect();
        let want: Vec<Vec<f64>> = g["extreme_equilibria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| [floats(&e["row_float"]), floats(&e["col_float"])].concat())
            .collect();
        assert!(
            same_set(&got, &want, 1e-9),
            "{}: got {got:?}, want {want:?}",
            g["id"]
        );
        checked += 1;
    }
    assert_eq!(checked, 63);
}

#[test]
fn exact_equilibria_print_gambits_fractions() {
    for g in games().iter().filter(|g| g["kind"] != "large") {
        let game = Game::from_rows(&matrix(&g["A"]), &matrix(&g["B"])).unwrap();
        let mut got: Vec<Vec<String>> = extreme_equilibria_exact(&game)
            .unwrap()
            .iter()
            .map(|e| {
                let f = e.fractions();
                let mut v = f.row;
                v.extend(f.col);
                v.extend(f.payoffs);
                v
            })
            .collect();
        let mut want: Vec<Vec<String>> = g["extreme_equilibria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                [
                    strings(&e["row"]),
                    strings(&e["col"]),
                    strings(&e["payoff"]),
                ]
                .concat()
            })
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{}", g["id"]);
    }
}

#[test]
fn minmax_values_agree() {
    for g in games().iter().filter(|g| g["kind"] != "large") {
        let game = Game::from_rows(&matrix(&g["A"]), &matrix(&g["B"])).unwrap();
        let mm = &g["minmax"];
        for (p, key) in [(Player::Row, "row"), (Player::Col, "col")] {
            let mixed = mixed_security(&game, p).unwrap();
            let want = mm["mixed"][key]["value_float"].as_f64().unwrap();
            assert!((mixed.minmax - want).abs() < 1e-9, "{} {key}", g["id"]);
            assert!((mixed.maxmin - want).abs() < 1e-9, "{} {key}", g["id"]);
            let pure = pure_security(&game, p);
            let want = mm["pure"][format!("{key}_minmax")].as_f64().unwrap();
            assert_eq!(pure.minmax, want, "{} {key}", g["id"]);
        }
    }
}

#[test]
fn maximal_nash_subsets_match_the_reference_cliques() {
    for g in games().iter().filter(|g| g["kind"] != "large") {
        let game = Game::from_rows(&matrix(&g["A"]), &matrix(&g["B"])).unwrap();
        let found = extreme_equilibria(&game).unwrap();
        let comps = maximal_nash_subsets(&found.equilibria);
        let subsets = &g["maximal_nash_subsets"];
        let row_v: Vec<Vec<f64>> = subsets["row_vertices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| strings(v).iter().map(|s| frac(s)).collect())
            .collect();
        let col_v: Vec<Vec<f64>> = subsets["col_vertices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| strings(v).iter().map(|s| frac(s)).collect())
            .collect();
        let cliques = subsets["cliques"].as_array().unwrap();
        assert_eq!(comps.len(), cliques.len(), "{}", g["id"]);
        for c in cliques {
            let rows: Vec<Vec<f64>> = c["row_vertex_ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| row_v[k.as_u64().unwrap() as usize].clone())
                .collect();
            let cols: Vec<Vec<f64>> = c["col_vertex_ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| col_v[k.as_u64().unwrap() as usize].clone())
                .collect();
            let hit = comps.iter().any(|s| {
                let r: Vec<Vec<f64>> = s.row.iter().map(|x| x.probs().to_vec()).collect();
                let k: Vec<Vec<f64>> = s.col.iter().map(|x| x.probs().to_vec()).collect();
                same_set(&r, &rows, 1e-9) && same_set(&k, &cols, 1e-9)
            });
            assert!(hit, "{}: clique {c} not found", g["id"]);
        }
    }
}

fn frac(s: &str) -> f64 {
    match s.split_once('/') {
        Some((p, q)) => p.parse::<f64>().unwrap() / q.parse::<f64>().unwrap(),
        None => s.parse().unwrap(),
    }
}

#[test]
fn lemke_howson_solves_the_large_games() {
    let mut large = 0;
    for g in games().iter().filter(|g| g["kind"] == "large") {
        let game = Game::from_rows(&matrix(&g["A"]), &matrix(&g["B"])).unwrap();
        let (m, n) = game.shape();
        for label in [0, m, m + n - 1] {
            let r = lemke_howson(&game, label, &LhConfig::default()).unwrap();
            let e = r.equilibrium.as_ref().unwrap();
            assert!(
                game.is_equilibrium(&e.row, &e.col),
                "{} label {label}",
                g["id"]
            );
            assert!(r.pivots > 0);
        }
        large += 1;
    }
    assert_eq!(large, 3);
}

#[test]
fn gambit_catalog_games_load_and_match() {
    let answers = reference_json("tests/data/reference/gambit/answers.json");
    let dir = crate::common::root().join("tests/data/reference/gambit");
    let mut n = 0;
    for (file, ans) in answers.as_object().unwrap() {
        let s =
            truce::scenario::load_file(&dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut got: Vec<Vec<String>> = extreme_equilibria_exact(&s.game)
            .unwrap()
            .iter()
            .map(|e| {
                let f = e.fractions();
                [f.row, f.col, f.payoffs.to_vec()].concat()
            })
            .collect();
        let mut want: Vec<Vec<String>> = ans["extreme_equilibria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                [
                    strings(&e["row"]),
                    strings(&e["col"]),
                    strings(&e["payoffs"]),
                ]
                .concat()
            })
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{file}");
        // The float path finds the same set.
        let float = extreme_equilibria(&s.game).unwrap();
        assert_eq!(float.equilibria.len(), want.len(), "{file}");
        n += 1;
    }
    assert!(n >= 39, "only {n} catalog games");
    // Fractions print in lowest terms.
    let half = num_rational::BigRational::new(2.into(), 4.into());
    assert_eq!(fraction_text(&half), "1/2");
}
