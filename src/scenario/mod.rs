//! Scenario files: the validated domain types, and loading from TOML, JSON and Gambit
//! `.nfg`.
//!
//! Raw serde types live in [`raw`]; [`validate`] turns them into a [`Scenario`] whose
//! invariants every later stage relies on (a valid [`Game`], discount factors in [0, 1),
//! noise in [0, 1], strategies that name only existing actions and states). Errors carry
//! the key path of the offending value; [`load`] maps it to `line:column` for TOML files.
//! This module reads text handed to it; reading the file itself is the caller's job
//! except in [`load_file`], the one entry point that touches the file system.

pub mod locate;
pub mod monitoring_section;
pub mod nfg;
pub mod raw;
pub mod repeated_section;
pub mod states_section;
pub mod validate;
pub mod write;

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::game::Game;
pub use crate::repeated::settings::{Discount, Horizon, Noise, RepeatedSpec};
pub use crate::repeated::strategy_spec::{
    CustomState, StrategyKind, StrategySpec, Transition, Trigger,
};

/// Largest absolute payoff accepted from a file: beyond it, f64 arithmetic on payoff
/// differences loses the precision the equilibrium checks need.
pub const MAX_PAYOFF: f64 = 1e12;

/// Most actions a player may have in a file (checked before anything is allocated).
pub const MAX_ACTIONS: usize = 5000;

/// Most cells (row actions × column actions) a game read from a file may have.
pub const MAX_CELLS: usize = 4_000_000;

/// Largest scenario file read, in bytes (256 MiB). A game of [`MAX_CELLS`] cells takes
/// about 40 MB as TOML with two-digit payoffs, 160 MB with every payoff in full 17-digit
/// precision (TOML, or `.nfg`), and 160 MB as the pretty JSON `truce convert` writes with
/// two-digit payoffs; a file beyond the limit is refused before it is parsed.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// A validated scenario: the game plus what the repeated-game analysis needs.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Short title.
    pub title: String,
    /// What the scenario models.
    pub description: Option<String>,
    /// What the payoffs are based on.
    pub source: Option<String>,
    /// The stage game.
    pub game: Game,
    /// Settings of the repeated game, when the file has a `[repeated]` section.
    pub repeated: Option<RepeatedSpec>,
    /// Strategies declared in `[[strategy]]` sections, in file order (none when the file
    /// declares `[monitoring]`: its strategies are public, in `public_strategies`).
    pub strategies: Vec<StrategySpec>,
    /// Imperfect public monitoring, when the file has a `[monitoring]` section (else the
    /// players see each other's actions).
    pub monitoring: Option<crate::monitoring::spec::MonitoringSpec>,
    /// The public strategies of a file with `[monitoring]`, in file order.
    pub public_strategies: Vec<crate::monitoring::spec::PublicStrategySpec>,
    /// The stochastic game of a file with `[[state]]` sections (`game` is then the stage
    /// game of its initial state).
    pub stochastic: Option<StateGame>,
    /// Named parameters that payoff expressions use (empty when the file has none).
    pub parameters: std::collections::BTreeMap<String, f64>,
    /// Sweeps declared in `[[sweep]]` sections, which `truce run` performs.
    pub sweeps: Vec<SweepRequest>,
    /// The file's raw form, kept so a parameter can be changed and the scenario rebuilt
    /// (`None` for games not read from TOML or JSON).
    pub raw: Option<Box<raw::RawScenario>>,
    /// What was changed or is doubtful in the file, for the reader to see (an `.nfg`
    /// file's empty or repeated strategy labels, made unique as truce needs; a detection
    /// rate below the false-alarm rate), each a line naming the file and, where known,
    /// line:column.
    pub warnings: Vec<String>,
    /// Warnings of validation still to be placed in the file (by key path); [`load`]
    /// turns them into lines of `warnings`.
    pub warnings_at: Vec<validate::Invalid>,
}

/// The stochastic game of a file with `[[state]]` sections, with the players' actions
/// over all states (each state offers some of them).
#[derive(Debug, Clone)]
pub struct StateGame {
    /// The validated game.
    pub game: crate::stochastic::StochasticGame,
    /// The row player with every action of `[row]`.
    pub row: crate::game::PlayerInfo,
    /// The column player with every action of `[col]`.
    pub col: crate::game::PlayerInfo,
}

/// Most values of one sweep.
pub const MAX_SWEEP_POINTS: usize = 100_000;

/// What a sweep varies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SweepParameter {
    /// The common discount factor δ.
    Discount,
    /// The noise probability.
    Noise,
    /// A payoff parameter of the `[parameters]` table.
    Payoff(String),
    /// A rate of the short form of `[monitoring]`.
    Monitoring(MonitoringRate),
}

/// A rate of the short form of `[monitoring]`, which a sweep may vary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonitoringRate {
    /// `false_alarm`: the alarm's probability while both keep the truce.
    FalseAlarm,
    /// `detection`: its probability after a departure (both players' rates).
    Detection,
}

impl MonitoringRate {
    /// The key in the file.
    pub fn key(self) -> &'static str {
        match self {
            MonitoringRate::FalseAlarm => "false_alarm",
            MonitoringRate::Detection => "detection",
        }
    }
}

impl SweepParameter {
    /// The name shown in results: `delta`, `noise`, or the payoff parameter's.
    pub fn name(&self) -> &str {
        match self {
            SweepParameter::Discount => "delta",
            SweepParameter::Noise => "noise",
            SweepParameter::Payoff(n) => n,
            SweepParameter::Monitoring(r) => r.key(),
        }
    }
}

impl Serialize for SweepParameter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// A checked sweep request (the grid of a sweep): `parameter` from `from` to `to` in
/// `points` evenly spaced values, both ends included.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepRequest {
    /// What is varied (serialized as its name).
    pub parameter: SweepParameter,
    /// First value.
    pub from: f64,
    /// Last value.
    pub to: f64,
    /// Number of values (with 1, only `from`).
    pub points: usize,
}

impl SweepRequest {
    /// Checks a request against the payoff parameters `params`. The name is one of them
    /// (they take precedence), else `delta` or `noise`; `discount` always means the
    /// discount factor (the way to sweep it when a payoff parameter is called `delta`).
    /// The numbers are finite; `points` is from 1 to [`MAX_SWEEP_POINTS`]; a discount
    /// factor stays in [0, 1) and a noise probability in [0, 1]. The error names the
    /// offending field (`param`, `from`, `to` or `points`) and says what to change.
    pub fn new(
        name: &str,
        from: f64,
        to: f64,
        points: i64,
        params: &std::collections::BTreeMap<String, f64>,
    ) -> Result<SweepRequest, (&'static str, String)> {
        for (field, v) in [("from", from), ("to", to)] {
            if !v.is_finite() {
                return Err((field, format!("{field} = {v} is not a finite number")));
            }
        }
        if points < 1 || points as u64 > MAX_SWEEP_POINTS as u64 {
            return Err((
                "points",
                format!("POINTS {points}: give a whole number from 1 to {MAX_SWEEP_POINTS}"),
            ));
        }
        let parameter = match name {
            "discount" => SweepParameter::Discount,
            _ if params.contains_key(name) => SweepParameter::Payoff(name.to_string()),
            "delta" => SweepParameter::Discount,
            "noise" => SweepParameter::Noise,
            "false_alarm" => SweepParameter::Monitoring(MonitoringRate::FalseAlarm),
            "detection" => SweepParameter::Monitoring(MonitoringRate::Detection),
            _ => {
                const BUILT_IN: [&str; 4] = ["delta", "noise", "false_alarm", "detection"];
                let mut known: Vec<&str> = params.keys().map(String::as_str).collect();
                let hint = validate::did_you_mean(name, known.iter().copied().chain(BUILT_IN));
                known.extend(BUILT_IN);
                return Err((
                    "param",
                    format!(
                        "unknown parameter {}{hint}; this scenario can sweep: {}",
                        crate::text::quoted(name),
                        validate::listing(known.iter().copied())
                    ),
                ));
            }
        };
        // The ends are checked by the settings' own constructors.
        type Check = fn(f64) -> bool;
        let range: Option<(&str, Check)> = match parameter {
            SweepParameter::Discount => Some(("a discount factor lies in [0, 1)", |v| {
                Discount::common(v).is_ok()
            })),
            SweepParameter::Noise => Some(("a noise probability lies in [0, 1]", |v| {
                Noise::new(v).is_ok()
            })),
            SweepParameter::Monitoring(_) => {
                Some(("a probability lies in [0, 1]", |v| (0.0..=1.0).contains(&v)))
            }
            SweepParameter::Payoff(_) => None,
        };
        if let Some((what, inside)) = range {
            for (field, v) in [("from", from), ("to", to)] {
                if !inside(v) {
                    return Err((field, format!("{what}; {field} = {v} leaves it")));
                }
            }
        }
        Ok(SweepRequest {
            parameter,
            from,
            to,
            points: points as usize,
        })
    }

    /// The name to write in a `[[sweep]]` table so that it reads back as this request.
    pub fn file_name(&self, params: &std::collections::BTreeMap<String, f64>) -> String {
        match self.parameter {
            SweepParameter::Discount if params.contains_key("delta") => "discount".into(),
            _ => self.parameter.name().to_string(),
        }
    }

    /// The grid's values in order: evenly spaced, rounded to 12 significant digits (so a
    /// value meant as 0.15 is 0.15, not a floating-point neighbour), the last exactly `to`.
    pub fn values(&self) -> Vec<f64> {
        if self.points == 1 {
            return vec![self.from];
        }
        let step = (self.to - self.from) / (self.points - 1) as f64;
        (0..self.points)
            .map(|k| {
                if k + 1 == self.points {
                    self.to
                } else {
                    let v = self.from + step * k as f64;
                    format!("{v:.11e}").parse().unwrap_or(v)
                }
            })
            .collect()
    }
}

impl Scenario {
    /// The scenario's monitoring with its public strategies, when it declares
    /// `[monitoring]`.
    pub fn monitored(&self) -> Option<crate::monitoring::analysis::Monitored> {
        self.monitoring
            .as_ref()
            .map(|spec| crate::monitoring::analysis::Monitored {
                spec: spec.clone(),
                strategies: self.public_strategies.clone(),
            })
    }

    /// A player with every action the file declares (in a stochastic game, the union of
    /// the states' actions; otherwise the stage game's).
    pub fn raw_player_info(&self, p: crate::game::Player) -> &crate::game::PlayerInfo {
        match (&self.stochastic, p) {
            (Some(sg), crate::game::Player::Row) => &sg.row,
            (Some(sg), crate::game::Player::Col) => &sg.col,
            (None, _) => self.game.player(p),
        }
    }

    /// A scenario holding just a game.
    pub fn from_game(title: impl Into<String>, game: Game) -> Self {
        Scenario {
            title: title.into(),
            description: None,
            source: None,
            game,
            repeated: None,
            strategies: Vec::new(),
            monitoring: None,
            public_strategies: Vec::new(),
            stochastic: None,
            parameters: Default::default(),
            sweeps: Vec::new(),
            raw: None,
            warnings: Vec::new(),
            warnings_at: Vec::new(),
        }
    }

    /// Checks that the game is valid at every value of the payoff sweep `req` (nothing to
    /// check for δ and noise sweeps, whose ranges [`SweepRequest::new`] checks); the error
    /// gives the first value where it is not.
    pub fn check_sweep_grid(&self, req: &SweepRequest) -> Result<(), (f64, validate::Invalid)> {
        match &req.parameter {
            SweepParameter::Payoff(name) => {
                for v in req.values() {
                    self.with_parameter(name, v).map_err(|e| (v, e))?;
                }
            }
            SweepParameter::Monitoring(rate) => {
                for v in req.values() {
                    self.with_monitoring_rate(*rate, v).map_err(|e| (v, e))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The same scenario with the short form's `false_alarm` or `detection` (both
    /// players' rates) set to `value`.
    pub fn with_monitoring_rate(
        &self,
        rate: MonitoringRate,
        value: f64,
    ) -> Result<Scenario, validate::Invalid> {
        let short = matches!(
            self.monitoring.as_ref().map(|m| &m.form),
            Some(crate::monitoring::spec::MonitoringForm::ShortForm { .. })
        );
        let raw = self
            .raw
            .as_ref()
            .filter(|_| short)
            .ok_or_else(|| validate::Invalid {
                path: vec![],
                message: format!(
                    "{} is a rate of the short form of [monitoring] (false_alarm and detection), \
                 which this scenario does not declare; sweep a [parameters] value used in its \
                 signal table instead",
                    rate.key()
                ),
            })?;
        let mut raw = (**raw).clone();
        if let Some(m) = raw.monitoring.as_mut() {
            let v = raw::RawNumber::Float(value);
            match rate {
                MonitoringRate::FalseAlarm => m.false_alarm = Some(v),
                MonitoringRate::Detection => m.detection = Some(raw::RawDetection::Common(v)),
            }
        }
        let mut s = validate::scenario(raw)?;
        // A swept rate crossing the other is the sweep's point, not a mistake to warn of.
        s.warnings_at.clear();
        Ok(s)
    }

    /// The same scenario with parameter `name` set to `value` and every payoff expression
    /// evaluated again.
    pub fn with_parameter(&self, name: &str, value: f64) -> Result<Scenario, validate::Invalid> {
        let Some(raw) = &self.raw else {
            return Err(validate::Invalid {
                path: vec![],
                message: format!(
                    "parameter {name:?} cannot be set: this game has no [parameters] table"
                ),
            });
        };
        if !self.parameters.contains_key(name) {
            let names: Vec<&str> = self.parameters.keys().map(String::as_str).collect();
            return Err(validate::Invalid {
                path: vec![validate::Seg::Key("parameters".into())],
                message: format!(
                    "unknown parameter {}{}; the parameters are: {}",
                    crate::text::quoted(name),
                    validate::did_you_mean(name, names.iter().copied()),
                    if names.is_empty() {
                        "(none)".to_string()
                    } else {
                        names.join(", ")
                    }
                ),
            });
        }
        let mut raw = (**raw).clone();
        if let Some(p) = raw.parameters.as_mut() {
            p.insert(name.to_string(), value);
        }
        validate::scenario(raw)
    }
}

/// The file formats truce reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML, the human format.
    Toml,
    /// JSON with the same schema.
    Json,
    /// Gambit's strategic-form format.
    Nfg,
}

impl Format {
    /// The format named by a path's extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "toml" => Some(Format::Toml),
            "json" => Some(Format::Json),
            "nfg" => Some(Format::Nfg),
            _ => None,
        }
    }
}

/// A scenario that could not be loaded: which file, where, and what to do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.render())]
pub struct LoadError {
    /// The file.
    pub file: PathBuf,
    /// 1-based line and column, where the format has them.
    pub position: Option<(usize, usize)>,
    /// Key path of the offending value (`payoffs.tariff[2]`), when known.
    pub key: Option<String>,
    /// What was wrong and what was expected.
    pub message: String,
    /// The offending source line, for rendering with a caret.
    pub snippet: Option<String>,
}

impl LoadError {
    /// An error about the file as a whole.
    pub fn whole(file: &Path, message: impl Into<String>) -> Self {
        LoadError {
            file: file.to_path_buf(),
            position: None,
            key: None,
            message: message.into(),
            snippet: None,
        }
    }

    fn render(&self) -> String {
        self.render_styled(false)
    }

    /// The error as text, with ANSI colours when `colour` is set: the place in bold, the
    /// gutter in blue, the caret and the hint in bold red and green. Whatever came from
    /// the file is shown with its control characters escaped, the message is cut to
    /// [`MAX_MESSAGE_CHARS`] and the source line to a window of [`SNIPPET_CHARS`] around
    /// the caret.
    pub fn render_styled(&self, colour: bool) -> String {
        let paint = |code: &str, text: &str| {
            if colour {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        let mut place = crate::text::terminal_safe(&self.file.display().to_string()).into_owned();
        if let Some((l, c)) = self.position {
            place.push_str(&format!(":{l}:{c}"));
        }
        let mut s = paint("1", &place);
        s.push_str(": ");
        if let Some(k) = &self.key {
            let k = crate::text::clip(k, crate::text::MAX_NAME_CHARS);
            s.push_str(&format!("at `{}`: ", crate::text::terminal_safe(&k)));
        }
        let message = bounded_message(&self.message);
        match message.find("(did you mean") {
            Some(at) if colour => {
                let (head, tail) = message.split_at(at);
                let end = tail.find(')').map_or(tail.len(), |e| e + 1);
                s.push_str(head);
                s.push_str(&paint("32", &tail[..end]));
                s.push_str(&tail[end..]);
            }
            _ => s.push_str(&message),
        }
        if let (Some(line), Some((l, c))) = (&self.snippet, self.position) {
            let (line, caret) = crate::text::window(line, c, SNIPPET_CHARS);
            let width = l.to_string().len();
            let gutter = |n: &str| paint("34", &format!("{n:width$} |"));
            s.push_str(&format!(
                "\n{}\n{} {line}\n{} {}{}",
                gutter(""),
                gutter(&l.to_string()),
                gutter(""),
                " ".repeat(caret - 1),
                paint("1;31", "^")
            ));
        }
        s
    }
}

/// Most characters of an error message shown; a longer one (quoting a huge value, say)
/// keeps its beginning and its end, where the fix is.
pub const MAX_MESSAGE_CHARS: usize = 1000;

/// Characters of the offending source line shown under an error.
pub const SNIPPET_CHARS: usize = 100;

fn bounded_message(message: &str) -> String {
    let safe = crate::text::terminal_safe(message);
    let n = safe.chars().count();
    if n <= MAX_MESSAGE_CHARS {
        return safe.into_owned();
    }
    let head: String = safe.chars().take(MAX_MESSAGE_CHARS * 3 / 4).collect();
    let tail: String = safe.chars().skip(n - MAX_MESSAGE_CHARS / 4).collect();
    format!("{head} … {tail}")
}

/// The scenario if the game is valid at every value of each declared payoff sweep; else
/// the error of the first invalid value, placed at the sweep's `param`.
fn checked_sweeps(s: Scenario) -> Result<Scenario, validate::Invalid> {
    for (k, req) in s.sweeps.iter().enumerate() {
        s.check_sweep_grid(req).map_err(|(v, e)| {
            let at = e.path_string();
            validate::Invalid {
                path: vec![
                    validate::Seg::Key("sweep".into()),
                    validate::Seg::Index(k),
                    validate::Seg::Key("param".into()),
                ],
                message: format!(
                    "the game is not valid at {} = {}{}: {}; sweep a range that leaves it out",
                    req.parameter.name(),
                    v,
                    if at.is_empty() {
                        String::new()
                    } else {
                        format!(" (at `{at}`)")
                    },
                    e.message
                ),
            }
        })?;
    }
    Ok(s)
}

/// What the fuzz targets (`fuzz/`) and the corpus test run on arbitrary bytes: read them
/// as a scenario in `format`; one that loads must also survive the stage summary and being
/// written back. It returns whether the bytes loaded; what is tested is that it never
/// panics, whatever the bytes.
pub fn exercise(data: &[u8], format: Format) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    let name = match format {
        Format::Toml => "fuzz.toml",
        Format::Json => "fuzz.json",
        Format::Nfg => "fuzz.nfg",
    };
    match load(text, format, Path::new(name)) {
        Ok(s) => {
            let _ = crate::stage::summary::summarize(&s.game);
            let _ = write::to_toml(&s);
            true
        }
        Err(_) => false,
    }
}

/// Turns the scenario's warnings into lines naming `file` and, for those validation
/// placed by key path, the line and column in `text`.
fn placed_warnings(mut s: Scenario, text: &str, format: Format, file: &Path) -> Scenario {
    let mut lines: Vec<String> = s
        .warnings
        .iter()
        .map(|w| format!("{}: {w}", file.display()))
        .collect();
    for w in std::mem::take(&mut s.warnings_at) {
        let mut e = match format {
            Format::Toml => locate::toml_validation_error(text, file, w),
            _ => {
                let position =
                    locate::json_path_offset(text, &w.path).map(|o| locate::line_col(text, o));
                LoadError {
                    file: file.to_path_buf(),
                    position,
                    key: Some(w.path_string()),
                    message: w.message,
                    snippet: None,
                }
            }
        };
        e.snippet = None;
        lines.push(e.render());
    }
    s.warnings = lines;
    s
}

/// Loads and validates a scenario from text in the given format. `file` is used in
/// error messages only.
pub fn load(text: &str, format: Format, file: &Path) -> Result<Scenario, LoadError> {
    load_unplaced(text, format, file).map(|s| placed_warnings(s, text, format, file))
}

fn load_unplaced(text: &str, format: Format, file: &Path) -> Result<Scenario, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::whole(
            file,
            "the file is empty; a scenario needs [row], [col] and [payoffs] (see docs/scenarios.md)",
        ));
    }
    match format {
        Format::Toml => {
            let raw: raw::RawScenario =
                toml::from_str(text).map_err(|e| locate::toml_syntax_error(text, file, &e))?;
            validate::scenario(raw)
                .and_then(checked_sweeps)
                .map_err(|e| locate::toml_validation_error(text, file, e))
        }
        Format::Json => {
            let raw: raw::RawScenario = serde_json::from_str(text).map_err(|e| LoadError {
                file: file.to_path_buf(),
                position: Some((e.line(), e.column())),
                key: None,
                message: format!(
                    "invalid scenario JSON: {}",
                    locate::plain_words(&e.to_string(), "an object")
                ),
                snippet: locate::line_of(text, e.line()),
            })?;
            validate::scenario(raw)
                .and_then(checked_sweeps)
                .map_err(|e| {
                    let position = (!e.path.is_empty())
                        .then(|| locate::json_path_offset(text, &e.path))
                        .flatten()
                        .map(|o| locate::line_col(text, o));
                    LoadError {
                        file: file.to_path_buf(),
                        position,
                        key: Some(e.path_string()),
                        message: e.message,
                        snippet: position.and_then(|(l, _)| locate::line_of(text, l)),
                    }
                })
        }
        Format::Nfg => nfg::parse(text).map_err(|e| LoadError {
            file: file.to_path_buf(),
            position: Some((e.line, e.column)),
            key: None,
            message: e.message,
            snippet: locate::line_of(text, e.line),
        }),
    }
}

/// Reads and loads the scenario file at `path`, choosing the format by extension.
pub fn load_file(path: &Path) -> Result<Scenario, LoadError> {
    if path.is_dir() {
        return Err(LoadError::whole(
            path,
            "this is a directory; give a scenario file (.toml, .json or .nfg)",
        ));
    }
    let format = Format::from_path(path).ok_or_else(|| {
        LoadError::whole(path, "unknown file type; give a .toml, .json or .nfg file")
    })?;
    let cannot_read = |e: std::io::Error| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file; check the path".to_string(),
            std::io::ErrorKind::PermissionDenied => {
                "permission denied; make the file readable".to_string()
            }
            _ => format!("cannot read the file: {e}"),
        };
        LoadError::whole(path, why)
    };
    // Read at most one byte past the limit, whatever the file claims to be: a device
    // (`/dev/zero`), a pipe or a growing file has no trustworthy length.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::whole(
            path,
            format!(
                "the file is larger than {} MiB, the limit for a scenario file (the largest \
                 game truce reads, {MAX_CELLS} cells, takes about 160 MB even with every payoff \
                 in full precision); check the path, or write the payoffs with fewer digits",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = at
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        LoadError {
            file: path.to_path_buf(),
            position: Some((line, col)),
            key: None,
            message: format!(
                "the file is not valid UTF-8 (bad byte at offset {at}); save it as UTF-8"
            ),
            snippet: None,
        }
    })?;
    let mut scenario = load(&text, format, path)?;
    if format == Format::Nfg && scenario.title.is_empty() {
        scenario.title = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    Ok(scenario)
}
