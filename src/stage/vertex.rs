//! All extreme Nash equilibria by vertex enumeration of the best-response polytopes
//! (Mangasarian 1964; von Stengel 2002, "Computing equilibria for two-person games",
//! Handbook of Game Theory vol. 3, §3–4; the method of Gambit's `enummixed` and of
//! `lrsnash`, Avis, Rosenberg, Savani & von Stengel 2010). Correct on degenerate games.
//!
//! Steps:
//! 1. Shift both payoff matrices so every entry is at least 1 (adding a constant to a
//!    player's payoffs changes no best response), so the polytopes below are bounded.
//! 2. Build the best-response polytopes
//!    `P = {x ∈ ℝᵐ : x ≥ 0, Bᵀx ≤ 1}` and `Q = {y ∈ ℝⁿ : Ay ≤ 1, y ≥ 0}`.
//!    A point carries label `i` (a row action) when `xᵢ = 0` in `P` or `(Ay)ᵢ = 1` in `Q`,
//!    and label `m + j` (a column action) when `(Bᵀx)ⱼ = 1` in `P` or `yⱼ = 0` in `Q`.
//! 3. Enumerate every vertex of `P` and of `Q` with the **double description method**
//!    (Motzkin, Raiffa, Thompson & Thrall 1953; in the form of Fukuda & Prodon 1996,
//!    "Double description method revisited"): homogenise the polytope into the cone
//!    `{(z, t) : z ≥ 0, t ≥ 0, t − cₗ·z ≥ 0}`, start from the orthant `z ≥ 0, t ≥ 0`
//!    whose extreme rays are the unit vectors, and add the constraints `t − cₗ·z ≥ 0` one at
//!    a time: rays on the feasible side stay, rays on the infeasible side go, and every
//!    *adjacent* pair of a feasible and an infeasible ray is combined into a new ray on the
//!    constraint's hyperplane. Two rays are adjacent when the set `S` of constraints tight
//!    at both has rank `d − 2` (`d` = dimension of the cone; Fukuda & Prodon's algebraic
//!    test). When either ray is tight on exactly `d − 1` constraints (a non-degenerate
//!    ray), `|S| ≥ d − 2` already implies it, so only pairs of two degenerate rays — tight
//!    on more constraints than the dimension — need the rank computed; that is how
//!    degenerate games are handled without perturbation. Partners of a non-degenerate
//!    infeasible ray are found by hashing: each feasible ray is indexed under the
//!    `(d − 2)`-subsets of its tight set, and the infeasible ray looks up its tight set
//!    minus one constraint at a time. The rays left with `t > 0` are the vertices `z / t`;
//!    their sets of tight constraints are their labels.
//! 4. A pair of vertices `(x, y) ≠ (0, 0)` whose labels together cover all `m + n` labels
//!    is an extreme equilibrium `(x / Σx, y / Σy)`; every extreme equilibrium arises so.
//!    The partners of `x` are found as the intersection, over the labels `x` lacks, of
//!    bitsets listing the vertices of `Q` that carry each label.
//! 5. Deduplicate and verify each profile (regret within the tolerance) before returning.
//!
//! The same code runs on `f64` (zero tests within a relative tolerance) and on exact
//! rationals for `--exact` (see [`crate::stage::scalar`]).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use num_rational::BigRational;
use serde::Serialize;

use super::equilibrium::{Equilibrium, NotEquilibrium, sort_profiles};
use super::exact::{ExactEquilibrium, ExactMatrix, exact_payoffs};
use super::scalar::Scalar;
use crate::game::Game;
use crate::tolerance::{DD_RANK, SAME_PROFILE};

/// Relative zero tolerance of the float double description (defined with the others in
/// [`crate::tolerance`]).
pub use crate::tolerance::DD_EPS;

/// The vertices of a polytope `{z ≥ 0, cₗ·z ≤ 1}` with their tight constraints.
#[derive(Debug, Clone)]
pub struct Vertices<T> {
    /// Dimension `k` of `z`.
    pub dim: usize,
    /// Number of vertices.
    pub count: usize,
    /// Coordinates, `dim` per vertex.
    pub coords: Vec<T>,
    /// Tight constraints, `words` 64-bit words per vertex: bit `i < dim` for `zᵢ = 0`, bit
    /// `dim + l` for `cₗ·z = 1`.
    pub tight: Vec<u64>,
    /// Words per vertex in `tight`.
    pub words: usize,
}

#[inline]
fn popcount(w: &[u64]) -> u32 {
    w.iter().map(|x| x.count_ones()).sum()
}

#[inline]
fn set_bit(w: &mut [u64], b: usize) {
    w[b / 64] |= 1u64 << (b % 64);
}

#[inline]
fn get_bit(w: &[u64], b: usize) -> bool {
    w[b / 64] >> (b % 64) & 1 == 1
}

/// `out = a & b`; returns the number of set bits.
#[inline]
fn and_into(out: &mut [u64], a: &[u64], b: &[u64]) -> u32 {
    let mut cnt = 0;
    for w in 0..out.len() {
        out[w] = a[w] & b[w];
        cnt += out[w].count_ones();
    }
    cnt
}

fn insert(
    head: &mut HashMap<u128, u32, BuildHasherDefault<BitHasher>>,
    chain: &mut Vec<(u32, u32)>,
    key: u128,
    ray: u32,
) {
    let idx = chain.len() as u32;
    let prev = head.insert(key, idx).unwrap_or(u32::MAX);
    chain.push((ray, prev));
}

/// A fast hasher for bitset keys (a multiply-xorshift mix; keys are not adversarial).
#[derive(Default)]
struct BitHasher(u64);

impl Hasher for BitHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_u128(&mut self, v: u128) {
        let x = (v as u64) ^ ((v >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        self.0 = x ^ (x >> 31);
    }
}

/// Rank of the constraint normals whose bits are set in `set` (coordinates `z`, then `t`):
/// bit `i < k` is `eᵢ`, bit `k + l` is `(−cₗ, 1)`, bit `k + L` is `e_t`.
fn rank_of<T: Scalar>(k: usize, l_count: usize, c: &[T], set: &[u64], tol: f64) -> usize {
    let d = k + 1;
    let mut rows: Vec<Vec<T>> = Vec::new();
    for bit in 0..k + l_count + 1 {
        if !get_bit(set, bit) {
            continue;
        }
        let mut v = vec![T::zero(); d];
        if bit < k {
            v[bit] = T::one();
        } else if bit < k + l_count {
            let l = bit - k;
            for i in 0..k {
                v[i] = c[l * k + i].neg();
            }
            v[k] = T::one();
        } else {
            v[k] = T::one();
        }
        rows.push(v);
    }
    // Gaussian elimination with partial pivoting (by magnitude for floats).
    let mut rank = 0;
    for col in 0..d {
        if rank == rows.len() {
            break;
        }
        let piv = (rank..rows.len())
            .filter(|&r| rows[r][col].sign(tol) != 0)
            .max_by(|&a, &b| {
                rows[a][col]
                    .abs_f64()
                    .partial_cmp(&rows[b][col].abs_f64())
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
        let Some(piv) = piv else { continue };
        rows.swap(rank, piv);
        let pivot_row = rows[rank].clone();
        for row in rows.iter_mut().skip(rank + 1) {
            if row[col].sign(0.0) == 0 {
                continue;
            }
            let f = row[col].div(&pivot_row[col]);
            for s in col..d {
                row[s] = row[s].sub(&f.mul(&pivot_row[s]));
            }
        }
        rank += 1;
    }
    rank
}

/// All vertices of `{z ∈ ℝᵏ : z ≥ 0, cₗ·z ≤ 1 (l < L)}` by the double description method
/// (see the module docs). `c` is row-major `L × k` with every entry positive, so the
/// polytope is bounded; `tol` is the absolute zero tolerance of a constraint value on a
/// ray scaled to unit size (ignored by exact scalars).
pub fn polytope_vertices<T: Scalar>(k: usize, l_count: usize, c: &[T], tol: f64) -> Vertices<T> {
    let d = k + 1;
    let nbits = k + l_count + 1;
    let words = nbits.div_ceil(64);
    let t_bit = k + l_count;
    // Initial cone: the orthant; ray e_i is tight on every coordinate constraint but its own.
    let mut rays: Vec<T> = Vec::with_capacity(d * d);
    let mut zs: Vec<u64> = Vec::with_capacity(words * d);
    for r in 0..d {
        for s in 0..d {
            rays.push(if r == s { T::one() } else { T::zero() });
        }
        let mut z = vec![0u64; words];
        for s in 0..k {
            if s != r {
                set_bit(&mut z, s);
            }
        }
        if r != k {
            set_bit(&mut z, t_bit);
        }
        zs.extend_from_slice(&z);
    }
    let mut vals: Vec<T> = Vec::new();
    let mut sign: Vec<i8> = Vec::new();
    let mut s_buf = vec![0u64; words];
    // Rank-test tolerance: constraint normals have entries of order 1.
    let rank_tol = if tol > 0.0 { DD_RANK } else { 0.0 };
    for l in 0..l_count {
        let cl = &c[l * k..(l + 1) * k];
        let nr = rays.len() / d;
        vals.clear();
        sign.clear();
        for r in 0..nr {
            let ray = &rays[r * d..(r + 1) * d];
            let mut v = ray[k].clone();
            for i in 0..k {
                if ray[i].sign(0.0) != 0 {
                    v = v.sub(&cl[i].mul(&ray[i]));
                }
            }
            sign.push(v.sign(tol));
            vals.push(v);
        }
        let nz: Vec<u32> = (0..nr)
            .map(|r| popcount(&zs[r * words..(r + 1) * words]))
            .collect();
        let nondeg = |r: usize| nz[r] as usize == d - 1;
        let pos: Vec<usize> = (0..nr).filter(|&r| sign[r] > 0).collect();
        let neg: Vec<usize> = (0..nr).filter(|&r| sign[r] < 0).collect();
        let mut new_rays: Vec<T> = Vec::new();
        let mut new_zs: Vec<u64> = Vec::new();
        // Survivors: feasible rays keep their data; rays on the hyperplane gain the bit.
        for r in 0..nr {
            if sign[r] >= 0 {
                new_rays.extend_from_slice(&rays[r * d..(r + 1) * d]);
                let start = new_zs.len();
                new_zs.extend_from_slice(&zs[r * words..(r + 1) * words]);
                if sign[r] == 0 {
                    set_bit(&mut new_zs[start..], k + l);
                }
            }
        }
        let mut adjacent_pairs: Vec<(usize, usize)> = Vec::new();
        // Adjacency of p (feasible side) and q (infeasible side) once |S| >= d - 2: when
        // either ray is tight on exactly d - 1 (independent) constraints, S has rank d - 2
        // and the face it spans is 2-dimensional with p and q as its extreme rays; when
        // both are degenerate, the rank of S decides (algebraic test).
        let decide =
            |p: usize, q: usize, s_buf: &[u64], cnt: u32, out: &mut Vec<(usize, usize)>| {
                if (cnt as usize) + 2 < d {
                    return;
                }
                if nondeg(p) || nondeg(q) || rank_of(k, l_count, c, s_buf, rank_tol) + 2 == d {
                    out.push((p, q));
                }
            };
        if !neg.is_empty() && words <= 2 {
            // Index every (d-2)-subset of the zero set of each feasible ray with at most d
            // zeros; an infeasible non-degenerate ray q finds its partners by dropping one
            // of its zeros at a time. Other rays are paired directly.
            let key = |z: &[u64]| z[0] as u128 | ((z.get(1).copied().unwrap_or(0) as u128) << 64);
            let mut head: HashMap<u128, u32, BuildHasherDefault<BitHasher>> =
                HashMap::with_capacity_and_hasher(pos.len() * (d - 1), Default::default());
            let mut chain: Vec<(u32, u32)> = Vec::with_capacity(pos.len() * (d - 1)); // (ray, next entry)
            let mut big: Vec<usize> = Vec::new();
            for &p in &pos {
                let zp = key(&zs[p * words..(p + 1) * words]);
                match nz[p] as usize {
                    x if x == d - 1 => {
                        let mut bits = zp;
                        while bits != 0 {
                            let b = bits & bits.wrapping_neg();
                            bits ^= b;
                            insert(&mut head, &mut chain, zp ^ b, p as u32);
                        }
                    }
                    x if x == d => {
                        let mut b1s = zp;
                        while b1s != 0 {
                            let b1 = b1s & b1s.wrapping_neg();
                            b1s ^= b1;
                            let mut b2s = b1s;
                            while b2s != 0 {
                                let b2 = b2s & b2s.wrapping_neg();
                                b2s ^= b2;
                                insert(&mut head, &mut chain, zp ^ b1 ^ b2, p as u32);
                            }
                        }
                    }
                    _ => big.push(p),
                }
            }
            for &q in &neg {
                let zq = &zs[q * words..(q + 1) * words];
                if nondeg(q) {
                    let kq = key(zq);
                    let mut bits = kq;
                    while bits != 0 {
                        let b = bits & bits.wrapping_neg();
                        bits ^= b;
                        let mut e = head.get(&(kq ^ b)).copied().unwrap_or(u32::MAX);
                        while e != u32::MAX {
                            let (p, next) = chain[e as usize];
                            adjacent_pairs.push((p as usize, q));
                            e = next;
                        }
                    }
                    for &p in &big {
                        let cnt = and_into(&mut s_buf, &zs[p * words..(p + 1) * words], zq);
                        decide(p, q, &s_buf, cnt, &mut adjacent_pairs);
                    }
                } else {
                    for &p in &pos {
                        let cnt = and_into(&mut s_buf, &zs[p * words..(p + 1) * words], zq);
                        decide(p, q, &s_buf, cnt, &mut adjacent_pairs);
                    }
                }
            }
        } else if !neg.is_empty() {
            for &p in &pos {
                for &q in &neg {
                    let cnt = and_into(
                        &mut s_buf,
                        &zs[p * words..(p + 1) * words],
                        &zs[q * words..(q + 1) * words],
                    );
                    decide(p, q, &s_buf, cnt, &mut adjacent_pairs);
                }
            }
        }
        for (p, q) in adjacent_pairs {
            and_into(
                &mut s_buf,
                &zs[p * words..(p + 1) * words],
                &zs[q * words..(q + 1) * words],
            );
            // New ray on the hyperplane: vals[p]·ray_q − vals[q]·ray_p (both weights > 0).
            let (vp, vq) = (&vals[p], vals[q].neg());
            let start = new_rays.len();
            for s in 0..d {
                let x = vp.mul(&rays[q * d + s]).add(&vq.mul(&rays[p * d + s]));
                new_rays.push(x);
            }
            T::normalize(&mut new_rays[start..]);
            let zstart = new_zs.len();
            new_zs.extend_from_slice(&s_buf);
            set_bit(&mut new_zs[zstart..], k + l);
        }
        rays = new_rays;
        zs = new_zs;
    }
    let nr = rays.len() / d;
    let mut coords = Vec::with_capacity(nr * k);
    let mut tight = Vec::with_capacity(nr * words);
    let mut count = 0;
    for r in 0..nr {
        let t = &rays[r * d + k];
        if t.sign(tol) <= 0 {
            continue; // cannot happen for positive constraints; kept for safety
        }
        for i in 0..k {
            coords.push(rays[r * d + i].div(t));
        }
        tight.extend_from_slice(&zs[r * words..(r + 1) * words]);
        count += 1;
    }
    Vertices {
        dim: k,
        count,
        coords,
        tight,
        words,
    }
}

/// The complementary vertex pairs of the two best-response polytopes, before
/// normalisation: `(x, y)` vertices of `P` and `Q`.
#[derive(Debug, Clone)]
pub struct VertexPairs<T> {
    /// Pairs of (vertex of P, vertex of Q), as coordinate vectors.
    pub pairs: Vec<(Vec<T>, Vec<T>)>,
    /// Whether some vertex has more labels than its polytope's dimension.
    pub degenerate: bool,
    /// Number of vertices of `P` and `Q` (the origin included).
    pub polytope_sizes: (usize, usize),
}

/// Enumerates the complementary vertex pairs for payoff matrices `a`, `b` (row-major
/// `m × n`, every entry positive).
pub fn complementary_pairs<T: Scalar>(
    m: usize,
    n: usize,
    a: &[T],
    b: &[T],
    tol_scale: f64,
) -> VertexPairs<T> {
    // P: z = x ∈ ℝᵐ, constraints c_j = column j of B.
    let bt: Vec<T> = (0..n)
        .flat_map(|j| (0..m).map(move |i| (i, j)))
        .map(|(i, j)| b[i * n + j].clone())
        .collect();
    let tol = DD_EPS * tol_scale;
    let p = polytope_vertices(m, n, &bt, tol);
    // Q: z = y ∈ ℝⁿ, constraints c_i = row i of A.
    let q = polytope_vertices(n, m, a, tol);
    let lw = (m + n).div_ceil(64);
    // Global labels: i < m row actions, m + j column actions.
    let mut p_labels: Vec<u64> = vec![0u64; p.count * lw];
    for v in 0..p.count {
        let t = &p.tight[v * p.words..(v + 1) * p.words];
        let w = &mut p_labels[v * lw..(v + 1) * lw];
        for bit in 0..m + n {
            if get_bit(t, bit) {
                set_bit(w, bit);
            }
        }
    }
    let mut q_labels: Vec<u64> = vec![0u64; q.count * lw];
    for v in 0..q.count {
        let t = &q.tight[v * q.words..(v + 1) * q.words];
        let w = &mut q_labels[v * lw..(v + 1) * lw];
        for j in 0..n {
            if get_bit(t, j) {
                set_bit(w, m + j);
            }
        }
        for i in 0..m {
            if get_bit(t, n + i) {
                set_bit(w, i);
            }
        }
    }
    let mut full = vec![0u64; lw];
    for bit in 0..m + n {
        set_bit(&mut full, bit);
    }
    // The origin is the vertex tight on every coordinate constraint.
    let p_origin = |v: usize| (0..m).all(|i| get_bit(&p.tight[v * p.words..], i));
    let q_origin = |v: usize| (0..n).all(|j| get_bit(&q.tight[v * q.words..], j));
    let p_deg = (0..p.count).any(|v| popcount(&p_labels[v * lw..(v + 1) * lw]) as usize > m);
    let q_deg = (0..q.count).any(|v| popcount(&q_labels[v * lw..(v + 1) * lw]) as usize > n);
    let mut pairs = Vec::new();
    let mut push = |xv: usize, yv: usize| {
        pairs.push((
            p.coords[xv * m..(xv + 1) * m].to_vec(),
            q.coords[yv * n..(yv + 1) * n].to_vec(),
        ));
    };
    // For each label, the set of Q vertices (origin excluded) carrying it, as a bitset
    // over vertex numbers; the partners of x are the intersection over the labels x lacks.
    let qw = q.count.div_ceil(64);
    let mut has: Vec<u64> = vec![0u64; (m + n) * qw];
    for v in (0..q.count).filter(|&v| !q_origin(v)) {
        for bit in 0..m + n {
            if get_bit(&q_labels[v * lw..(v + 1) * lw], bit) {
                has[bit * qw + v / 64] |= 1u64 << (v % 64);
            }
        }
    }
    let mut acc = vec![0u64; qw];
    for xv in 0..p.count {
        if p_origin(xv) {
            continue;
        }
        let lx = &p_labels[xv * lw..(xv + 1) * lw];
        let mut first = true;
        for bit in (0..m + n).filter(|&b| !get_bit(lx, b)) {
            let row = &has[bit * qw..(bit + 1) * qw];
            if first {
                acc.copy_from_slice(row);
                first = false;
            } else {
                for (a, r) in acc.iter_mut().zip(row) {
                    *a &= r;
                }
            }
        }
        if first {
            continue; // x has every label: only the origin of Q would complete it
        }
        for (w, &word) in acc.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                push(xv, w * 64 + b);
            }
        }
    }
    VertexPairs {
        pairs,
        degenerate: p_deg || q_deg,
        polytope_sizes: (p.count, q.count),
    }
}

fn normalized<T: Scalar>(v: &[T]) -> Vec<T> {
    let s = v.iter().fold(T::zero(), |acc, x| acc.add(x));
    v.iter().map(|x| x.div(&s)).collect()
}

/// The extreme equilibria of a game with how they were found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExtremeEquilibria {
    /// Every extreme equilibrium, verified, deduplicated, sorted by (row, col) probabilities.
    pub equilibria: Vec<Equilibrium>,
    /// Whether the game was seen to be degenerate (a vertex with surplus labels).
    pub degenerate: bool,
    /// Vertices of the best-response polytopes `P` and `Q` (origin included).
    pub polytope_sizes: (usize, usize),
}

/// Row-major copies of `a` and `b` mapped affinely onto `[1, 2]` (each player's payoffs
/// separately: `(u − min) / (max − min) + 1`, or all 1 when a player's payoffs are all
/// equal). A positive affine map changes no best response, and the fixed range makes the
/// zero tolerance independent of the game's units.
fn shifted_f64(game: &Game) -> (Vec<f64>, Vec<f64>, f64) {
    let (m, n) = game.shape();
    let conv = |mat: &nalgebra::DMatrix<f64>| {
        let (lo, hi) = (mat.min(), mat.max());
        let range = if hi > lo { hi - lo } else { 1.0 };
        (0..m)
            .flat_map(|i| (0..n).map(move |j| (i, j)))
            .map(|(i, j)| (mat[(i, j)] - lo) / range + 1.0)
            .collect::<Vec<f64>>()
    };
    let (a, b) = (conv(game.a()), conv(game.b()));
    // A constraint value on a unit ray is at most 1 + 2·(number of terms).
    let scale = 1.0 + 2.0 * (m.max(n) as f64);
    (a, b, scale)
}

/// Every extreme Nash equilibrium of `game` in floating point (see the module docs).
///
/// ```
/// use truce::game::Game;
/// use truce::stage::vertex::extreme_equilibria;
/// // Battle of the sexes: two pure equilibria and one mixed.
/// let g = Game::from_rows(&[vec![2.0, 0.0], vec![0.0, 1.0]],
///                         &[vec![1.0, 0.0], vec![0.0, 2.0]]).unwrap();
/// let found = extreme_equilibria(&g).unwrap();
/// assert_eq!(found.equilibria.len(), 3);
/// ```
pub fn extreme_equilibria(game: &Game) -> Result<ExtremeEquilibria, NotEquilibrium> {
    let (m, n) = game.shape();
    let (a, b, scale) = shifted_f64(game);
    let vp = complementary_pairs(m, n, &a, &b, scale);
    let mut equilibria: Vec<Equilibrium> = Vec::with_capacity(vp.pairs.len());
    for (x, y) in &vp.pairs {
        let e = Equilibrium::verify(game, normalized(x), normalized(y))?;
        if !equilibria.iter().any(|f| f.same_profile(&e, SAME_PROFILE)) {
            equilibria.push(e);
        }
    }
    sort_profiles(&mut equilibria);
    Ok(ExtremeEquilibria {
        equilibria,
        degenerate: vp.degenerate,
        polytope_sizes: vp.polytope_sizes,
    })
}

/// Why the exact enumeration failed (a found profile did not pass exact verification;
/// this would be a defect, reported rather than hidden).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("an exact vertex pair failed exact verification")]
pub struct ExactVerificationFailed;

/// Every extreme Nash equilibrium in exact rational arithmetic, each verified exactly,
/// deduplicated and sorted by (row, col) probabilities.
pub fn extreme_equilibria_exact(
    game: &Game,
) -> Result<Vec<ExactEquilibrium>, ExactVerificationFailed> {
    let (a, b) = exact_payoffs(game);
    extreme_equilibria_exact_from(&a, &b)
}

/// As [`extreme_equilibria_exact`], from exact payoff matrices.
pub fn extreme_equilibria_exact_from(
    a: &ExactMatrix,
    b: &ExactMatrix,
) -> Result<Vec<ExactEquilibrium>, ExactVerificationFailed> {
    extreme_equilibria_exact_degeneracy(a, b).map(|(e, _)| e)
}

/// As [`extreme_equilibria_exact_from`], with whether the game was seen to be degenerate
/// (a vertex with surplus labels, decided in exact arithmetic).
pub fn extreme_equilibria_exact_degeneracy(
    a: &ExactMatrix,
    b: &ExactMatrix,
) -> Result<(Vec<ExactEquilibrium>, bool), ExactVerificationFailed> {
    let (m, n) = (a.rows, a.cols);
    let shift = |mat: &ExactMatrix| -> Vec<BigRational> {
        let lo = mat
            .data
            .iter()
            .min()
            .cloned()
            .unwrap_or_else(<BigRational as Scalar>::zero);
        let one = <BigRational as Scalar>::one();
        mat.data.iter().map(|v| v - &lo + &one).collect()
    };
    let vp = complementary_pairs(m, n, &shift(a), &shift(b), 1.0);
    let mut out: Vec<ExactEquilibrium> = Vec::new();
    for (x, y) in vp.pairs {
        let e = ExactEquilibrium::verified(a, b, normalized(&x), normalized(&y))
            .ok_or(ExactVerificationFailed)?;
        if !out.iter().any(|f| f.row == e.row && f.col == e.col) {
            out.push(e);
        }
    }
    out.sort_by(|e, f| e.row.iter().chain(&e.col).cmp(f.row.iter().chain(&f.col)));
    Ok((out, vp.degenerate))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn game(a: &[&[f64]], b: &[&[f64]]) -> Game {
        let v = |m: &[&[f64]]| m.iter().map(|r| r.to_vec()).collect::<Vec<_>>();
        Game::from_rows(&v(a), &v(b)).unwrap()
    }

    #[test]
    fn unit_square_has_four_vertices() {
        // z ≥ 0, z0 ≤ 1, z1 ≤ 1 (constraints with positive coefficients only: use 1 and tiny
        // cross terms is not needed; the simplex z0 + z1 ≤ 1 has 3 vertices).
        let v = polytope_vertices(2, 1, &[1.0, 1.0], 1e-12);
        assert_eq!(v.count, 3);
        let v = polytope_vertices(2, 2, &[2.0, 1.0, 1.0, 2.0], 1e-12);
        assert_eq!(v.count, 4); // 0, (1/2,0), (0,1/2), (1/3,1/3)
    }

    #[test]
    fn degenerate_game_from_von_stengel() {
        // von Stengel (2002), Fig. 2.6-style degenerate 3x2 game: a continuum of
        // equilibria whose extreme points are listed.
        let g = game(
            &[&[3.0, 3.0], &[2.0, 5.0], &[0.0, 6.0]],
            &[&[3.0, 3.0], &[2.0, 6.0], &[3.0, 1.0]],
        );
        let e = extreme_equilibria(&g).unwrap();
        assert!(e.degenerate);
        assert_eq!(e.equilibria.len(), 3);
        let exact = extreme_equilibria_exact(&g).unwrap();
        assert_eq!(exact.len(), 3);
    }

    #[test]
    fn all_equal_payoffs_give_every_pure_profile() {
        let g = game(&[&[1.0, 1.0], &[1.0, 1.0]], &[&[1.0, 1.0], &[1.0, 1.0]]);
        let e = extreme_equilibria(&g).unwrap();
        assert_eq!(e.equilibria.len(), 4);
    }
}
