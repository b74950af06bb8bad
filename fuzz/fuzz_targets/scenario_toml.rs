//! Fuzz target: the toml reader must never panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(s) = truce::scenario::load(text, truce::scenario::Format::Toml, std::path::Path::new("fuzz.toml")) {
            // A scenario that loads must also survive the basic analysis and writing back.
            let _ = truce::stage::summary::summarize(&s.game);
            let _ = truce::scenario::write::to_toml(&s);
        }
    }
});
