//! Seeded starting points keyed by action names, so that listing a player's actions in
//! another order gives the same starts (up to that order).
//!
//! Start `k` gives each action the weight `−ln u`, where `u ∈ (0, 1)` is drawn from a
//! 64-bit hash of (the player, the action's name, `k`): the name's bytes are hashed with
//! FNV-1a (Fowler, Noll & Vo; Eastlake et al. 2019, draft-eastlake-fnv) and the result is
//! mixed with the SplitMix64 finaliser (Steele, Lea & Flood 2014, "Fast splittable
//! pseudorandom number generators", OOPSLA). The weights are then normalised: exponential
//! weights make a start uniformly distributed over the interior of the simplex (a flat
//! Dirichlet draw; Devroye 1986, *Non-Uniform Random Variate Generation*, §XI.4), and
//! every share is positive. Nothing depends on the position of an action in the list.

use crate::game::{Game, Player};

fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A number in (0, 1) drawn from `(player, name, k)`.
pub fn keyed_uniform(player: Player, name: &str, k: u64) -> f64 {
    let tag: &[u8] = match player {
        Player::Row => b"row\0",
        Player::Col => b"col\0",
    };
    let h = fnv1a(tag.iter().copied().chain(name.bytes()));
    let z = splitmix64(h ^ splitmix64(k));
    ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

/// `player`'s shares in seeded start `k` of `game` (module doc).
pub fn seeded_start(game: &Game, player: Player, k: u64) -> Vec<f64> {
    let w: Vec<f64> = (0..game.num_actions(player))
        .map(|a| -keyed_uniform(player, game.action_name(player, a), k).ln())
        .collect();
    // Summed in the order of the names, so that the shares agree to the last bit whatever
    // the order the actions are listed in.
    let mut order: Vec<usize> = (0..w.len()).collect();
    order.sort_by(|&a, &b| game.action_name(player, a).cmp(game.action_name(player, b)));
    let s: f64 = order.iter().map(|&k| w[k]).sum();
    w.iter().map(|v| v / s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::PlayerInfo;
    use nalgebra::DMatrix;

    fn named(rows: &[&str]) -> Game {
        let info = PlayerInfo::new("P", rows);
        let k = rows.len();
        Game::new(
            info.clone(),
            info,
            DMatrix::zeros(k, k),
            DMatrix::zeros(k, k),
        )
        .unwrap()
    }

    #[test]
    fn starts_follow_the_names_not_the_order() {
        let g = named(&["a", "b", "c"]);
        let h = named(&["c", "a", "b"]);
        for k in 0..5 {
            let x = seeded_start(&g, Player::Row, k);
            let z = seeded_start(&h, Player::Row, k);
            assert_eq!((x[0], x[1], x[2]), (z[1], z[2], z[0]));
            assert!(x.iter().all(|p| *p > 0.0));
            assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-15);
            // The two players' starts differ even where their names agree.
            assert_ne!(x, seeded_start(&g, Player::Col, k));
        }
        assert_ne!(
            seeded_start(&g, Player::Row, 0),
            seeded_start(&g, Player::Row, 1)
        );
    }

    #[test]
    fn draws_are_fixed_and_inside_the_unit_interval() {
        let u = keyed_uniform(Player::Row, "swerve", 3);
        assert_eq!(u, keyed_uniform(Player::Row, "swerve", 3));
        assert!(u > 0.0 && u < 1.0);
        // FNV-1a of the empty input is its offset basis.
        assert_eq!(fnv1a([]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(*b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
