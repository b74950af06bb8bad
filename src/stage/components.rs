//! Maximal Nash subsets ("convex components" in Gambit's words) of a game's equilibrium
//! set, from its extreme equilibria (Winkels 1979; Jansen 1981, "Maximal Nash subsets for
//! bimatrix games"; Avis, Rosenberg, Savani & von Stengel 2010, §3).
//!
//! A maximal Nash subset is a pair of sets (row vertices `X`, column vertices `Y`) such
//! that every `(x, y) ∈ X × Y` is an extreme equilibrium, maximal with this property; then
//! every profile of `conv X × conv Y` is an equilibrium. Steps:
//! 1. Collect the distinct row strategies and column strategies that occur in extreme
//!    equilibria; join `x` and `y` by an edge when `(x, y)` is an extreme equilibrium.
//! 2. The maximal Nash subsets are the maximal complete bipartite subgraphs (bicliques).
//!    They are found with the Bron–Kerbosch algorithm with pivoting (Bron & Kerbosch
//!    1973; Tomita, Tanaka & Takahashi 2006) on the graph in which, in addition, all row
//!    vertices are joined to each other and all column vertices to each other: its
//!    maximal cliques that hold vertices of both sides are exactly the maximal bicliques.

use serde::Serialize;

use super::equilibrium::{Equilibrium, close};
use crate::game::MixedStrategy;
use crate::tolerance::SAME_PROFILE;

/// One maximal Nash subset: every pairing of a row strategy with a column strategy here is
/// an extreme equilibrium, and every mixture of them is an equilibrium.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NashSubset {
    /// The row player's extreme strategies.
    pub row: Vec<MixedStrategy>,
    /// The column player's extreme strategies.
    pub col: Vec<MixedStrategy>,
}

fn intern(list: &mut Vec<MixedStrategy>, s: &MixedStrategy) -> usize {
    match list
        .iter()
        .position(|t| close(t.probs(), s.probs(), SAME_PROFILE))
    {
        Some(k) => k,
        None => {
            list.push(s.clone());
            list.len() - 1
        }
    }
}

/// The maximal Nash subsets spanned by a list of extreme equilibria (the full list from
/// [`crate::stage::vertex::extreme_equilibria`]), in order of their first row vertex.
pub fn maximal_nash_subsets(extreme: &[Equilibrium]) -> Vec<NashSubset> {
    let mut rows: Vec<MixedStrategy> = Vec::new();
    let mut cols: Vec<MixedStrategy> = Vec::new();
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for e in extreme {
        let r = intern(&mut rows, &e.row);
        let c = intern(&mut cols, &e.col);
        if !edges.contains(&(r, c)) {
            edges.push((r, c));
        }
    }
    let (nr, nc) = (rows.len(), cols.len());
    let nv = nr + nc;
    // Vertex v < nr is row vertex v; v >= nr is column vertex v - nr.
    let mut adj: Vec<Vec<bool>> = (0..nv)
        .map(|u| (0..nv).map(|v| u != v && ((u < nr) == (v < nr))).collect())
        .collect();
    for &(r, c) in &edges {
        adj[r][nr + c] = true;
        adj[nr + c][r] = true;
    }
    let mut cliques: Vec<Vec<usize>> = Vec::new();
    bron_kerbosch(
        &adj,
        Vec::new(),
        (0..nv).collect(),
        Vec::new(),
        &mut cliques,
    );
    let mut out: Vec<NashSubset> = cliques
        .into_iter()
        .filter(|c| c.iter().any(|&v| v < nr) && c.iter().any(|&v| v >= nr))
        .map(|mut c| {
            c.sort_unstable();
            NashSubset {
                row: c
                    .iter()
                    .filter(|&&v| v < nr)
                    .map(|&v| rows[v].clone())
                    .collect(),
                col: c
                    .iter()
                    .filter(|&&v| v >= nr)
                    .map(|&v| cols[v - nr].clone())
                    .collect(),
            }
        })
        .collect();
    out.sort_by(|s, t| {
        let key = |q: &NashSubset| {
            q.row
                .iter()
                .flat_map(|x| x.probs().iter().copied())
                .chain(q.col.iter().flat_map(|y| y.probs().iter().copied()))
                .collect::<Vec<f64>>()
        };
        key(s)
            .partial_cmp(&key(t))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    out
}

/// Bron–Kerbosch with pivoting: reports every maximal clique containing `r`, extended by
/// vertices of `p`, excluding those of `x`.
fn bron_kerbosch(
    adj: &[Vec<bool>],
    r: Vec<usize>,
    p: Vec<usize>,
    x: Vec<usize>,
    out: &mut Vec<Vec<usize>>,
) {
    if p.is_empty() {
        if x.is_empty() {
            out.push(r);
        }
        return;
    }
    // Pivot: the vertex of P ∪ X with most neighbours in P.
    let pivot = p
        .iter()
        .chain(&x)
        .copied()
        .max_by_key(|&u| p.iter().filter(|&&v| adj[u][v]).count())
        .unwrap_or(p[0]);
    let candidates: Vec<usize> = p.iter().copied().filter(|&v| !adj[pivot][v]).collect();
    let (mut p, mut x) = (p, x);
    for v in candidates {
        let mut r2 = r.clone();
        r2.push(v);
        let p2 = p.iter().copied().filter(|&u| adj[v][u]).collect();
        let x2 = x.iter().copied().filter(|&u| adj[v][u]).collect();
        bron_kerbosch(adj, r2, p2, x2, out);
        p.retain(|&u| u != v);
        x.push(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::Game;
    use crate::stage::vertex::extreme_equilibria;

    #[test]
    fn all_equal_game_is_one_component() {
        let g = Game::from_rows(
            &[vec![1.0, 1.0], vec![1.0, 1.0]],
            &[vec![1.0, 1.0], vec![1.0, 1.0]],
        )
        .unwrap();
        let e = extreme_equilibria(&g).unwrap();
        let c = maximal_nash_subsets(&e.equilibria);
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].row.len(), c[0].col.len()), (2, 2));
    }

    #[test]
    fn battle_of_the_sexes_has_three_singletons() {
        let g = Game::from_rows(
            &[vec![2.0, 0.0], vec![0.0, 1.0]],
            &[vec![1.0, 0.0], vec![0.0, 2.0]],
        )
        .unwrap();
        let e = extreme_equilibria(&g).unwrap();
        let c = maximal_nash_subsets(&e.equilibria);
        assert_eq!(c.len(), 3);
        assert!(c.iter().all(|s| s.row.len() == 1 && s.col.len() == 1));
    }
}
