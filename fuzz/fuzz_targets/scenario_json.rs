//! Fuzz target: the json reader must never panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A scenario that loads must also survive the basic analysis and writing back.
    truce::scenario::exercise(data, truce::scenario::Format::Json);
});
