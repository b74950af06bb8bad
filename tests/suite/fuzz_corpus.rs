//! The fuzz corpus keeps being exercised without a fuzzing toolchain: every committed input
//! of each target (`fuzz/corpus/<target>/`) goes through the targets' own entry point
//! ([`truce::scenario::exercise`]), and then a short, seeded mutation run — byte flips,
//! insertions, deletions, splices of two inputs and repeated chunks — feeds it variants of
//! them. A panic anywhere fails the test with the input that caused it.

use std::path::Path;

use truce::scenario::{Format, exercise};

/// Variants tried per target (a few seconds in all).
const MUTATIONS: usize = 3000;

/// Interesting bytes to insert: delimiters, quotes, digits, signs, controls, UTF-8.
const DICTIONARY: &[&[u8]] = &[
    b"[",
    b"]",
    b"{",
    b"}",
    b"\"",
    b"=",
    b",",
    b"\n",
    b"-",
    b"1e400",
    b"/0",
    b"NaN",
    b"inf",
    b"[[strategy]]\n",
    b"[repeated]\n",
    b"\x1b",
    b"\xe2\x80\xae",
    b"\0",
    b"999999999999",
];

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, inputs: &[Vec<u8>]) -> Vec<u8> {
    let mut v = inputs[rng.below(inputs.len())].clone();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(v.len() + 1);
        match rng.below(6) {
            0 if !v.is_empty() => {
                let k = rng.below(v.len());
                v[k] ^= 1 << rng.below(8);
            }
            1 => {
                let word = DICTIONARY[rng.below(DICTIONARY.len())];
                v.splice(at..at, word.iter().copied());
            }
            2 if !v.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(v.len());
                v.drain(at.min(end)..end);
            }
            3 => {
                let other = &inputs[rng.below(inputs.len())];
                let from = rng.below(other.len() + 1);
                v.truncate(at);
                v.extend_from_slice(&other[from..]);
            }
            4 if !v.is_empty() => {
                let start = rng.below(v.len());
                let end = (start + 1 + rng.below(32)).min(v.len());
                let chunk = v[start..end].to_vec();
                for _ in 0..1 + rng.below(8) {
                    v.splice(at..at, chunk.iter().copied());
                }
            }
            _ => {
                let digit = b'0' + rng.below(10) as u8;
                v.insert(at, digit);
            }
        }
    }
    v
}

fn exercise_target(target: &str, format: Format) {
    let inputs = corpus(target);
    assert!(inputs.len() > 100, "{target}: the corpus is missing");
    let loaded = inputs.iter().filter(|x| exercise(x, format)).count();
    assert!(loaded > 0, "{target}: no corpus input loads");
    let mut rng = Rng(0x7275_6365 ^ target.len() as u64);
    for _ in 0..MUTATIONS {
        let v = mutate(&mut rng, &inputs);
        let result = std::panic::catch_unwind(|| exercise(&v, format));
        assert!(
            result.is_ok(),
            "{target}: a panic on the input {:?}",
            String::from_utf8_lossy(&v)
        );
    }
}

#[test]
fn the_toml_corpus_and_its_variants_never_panic() {
    exercise_target("scenario_toml", Format::Toml);
}

#[test]
fn the_json_corpus_and_its_variants_never_panic() {
    exercise_target("scenario_json", Format::Json);
}

#[test]
fn the_nfg_corpus_and_its_variants_never_panic() {
    exercise_target("nfg", Format::Nfg);
}
