//! Gambit's strategic-form file format (`.nfg`), version 1, for two players: reading
//! both the payoff form and the outcome form, and writing both.
//!
//! Format (Gambit documentation, "The strategic game (.nfg) file format"): a header
//! `NFG 1 R "title" { "player 1" "player 2" }`, the strategies as counts `{ 3 2 }` or
//! label lists `{ { "a" "b" "c" } { "x" "y" } }`, an optional comment string, then either
//! the payoffs of every profile (payoff form) or a list of outcomes `{ "name" u1 u2 }`
//! followed by one outcome number per profile (outcome form; 0 means all-zero payoffs).
//! Profiles are listed with player 1's strategy varying fastest. Sizes are checked
//! against [`super::MAX_ACTIONS`] and [`super::MAX_CELLS`] before anything is allocated.

use nalgebra::DMatrix;

use super::validate::{MAX_NUMBER_TEXT_CHARS, NumberTextError, read_number_text, text_problem};
use super::{MAX_ACTIONS, MAX_CELLS, MAX_PAYOFF, Scenario};
use crate::game::{Action, Game, PlayerInfo};
use crate::text::{TextKind, quoted};

/// A `.nfg` syntax or content error with its 1-based position.
#[derive(Debug, Clone, PartialEq)]
pub struct NfgError {
    /// Line.
    pub line: usize,
    /// Column.
    pub column: usize,
    /// What was wrong and what was expected.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    Str(String),
    Word(String),
}

struct Lexer<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    line: usize,
    col: usize,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Lexer {
            chars: text.char_indices().peekable(),
            line: 1,
            col: 1,
        }
    }

    fn bump(&mut self) -> Option<char> {
        let (_, c) = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn tokens(mut self) -> Result<Vec<(Tok, usize, usize)>, NfgError> {
        let mut out = Vec::new();
        while let Some(&(_, c)) = self.chars.peek() {
            let (line, col) = (self.line, self.col);
            if c.is_whitespace() || c == ',' {
                self.bump();
            } else if c == '{' {
                self.bump();
                out.push((Tok::Open, line, col));
            } else if c == '}' {
                self.bump();
                out.push((Tok::Close, line, col));
            } else if c == '"' {
                self.bump();
                let mut s = String::new();
                loop {
                    match self.bump() {
                        None => {
                            return Err(NfgError {
                                line,
                                column: col,
                                message: "unterminated string; close it with a double quote".into(),
                            });
                        }
                        Some('\\') => match self.bump() {
                            Some(e) => s.push(e),
                            None => continue,
                        },
                        Some('"') => break,
                        Some(ch) => s.push(ch),
                    }
                }
                out.push((Tok::Str(s), line, col));
            } else {
                let mut s = String::new();
                while let Some(&(_, ch)) = self.chars.peek() {
                    if ch.is_whitespace() || matches!(ch, '{' | '}' | '"' | ',') {
                        break;
                    }
                    s.push(ch);
                    self.bump();
                }
                out.push((Tok::Word(s), line, col));
            }
        }
        Ok(out)
    }
}

struct Parser {
    toks: Vec<(Tok, usize, usize)>,
    pos: usize,
    end: (usize, usize),
}

impl Parser {
    fn here(&self) -> (usize, usize) {
        self.toks.get(self.pos).map_or(self.end, |t| (t.1, t.2))
    }

    fn err<T>(&self, message: impl Into<String>) -> Result<T, NfgError> {
        let (line, column) = self.here();
        Err(NfgError {
            line,
            column,
            message: message.into(),
        })
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).map(|t| t.0.clone());
        self.pos += 1;
        t
    }

    fn expect_open(&mut self, what: &str) -> Result<(), NfgError> {
        match self.peek() {
            Some(Tok::Open) => {
                self.pos += 1;
                Ok(())
            }
            _ => self.err(format!("expected `{{` to open {what}")),
        }
    }

    fn string(&mut self, what: &str) -> Result<String, NfgError> {
        match self.peek() {
            Some(Tok::Str(s)) => {
                let s = s.clone();
                self.pos += 1;
                Ok(s)
            }
            _ => self.err(format!("expected a quoted string: {what}")),
        }
    }

    /// A quoted string that must follow the rules of `kind` (`label` names it in the
    /// message: "the title").
    fn text(&mut self, what: &str, kind: TextKind, label: &str) -> Result<String, NfgError> {
        let s = self.string(what)?;
        match text_problem(&s, kind, label) {
            Some(m) => {
                self.pos -= 1;
                self.err(m)
            }
            None => Ok(s),
        }
    }

    fn number(&mut self, what: &str) -> Result<f64, NfgError> {
        match self.peek() {
            Some(Tok::Word(w)) => {
                let shown = quoted(w);
                if w.chars().count() > MAX_NUMBER_TEXT_CHARS {
                    return self.err(format!(
                        "{shown} is longer than {MAX_NUMBER_TEXT_CHARS} characters, too long \
                         for a number ({what})"
                    ));
                }
                let v = match read_number_text(w) {
                    Ok(v) => v,
                    Err(NumberTextError::NotANumber) => {
                        return self.err(format!("{shown} is not a number ({what}); write an integer, a decimal or a fraction like 3/4"));
                    }
                    Err(NumberTextError::ZeroDenominator) => {
                        return self.err(format!(
                            "{shown} divides by zero ({what}); give a denominator other than 0"
                        ));
                    }
                    Err(NumberTextError::OutOfRange) => f64::INFINITY,
                };
                if v.abs() > MAX_PAYOFF {
                    return self.err(format!(
                        "{shown} is too large (the limit is ±{MAX_PAYOFF:e}); rescale the payoffs"
                    ));
                }
                self.pos += 1;
                Ok(v)
            }
            None => self.err(format!(
                "the file ends where {what} was expected; too few payoffs"
            )),
            _ => self.err(format!("expected a number: {what}")),
        }
    }

    fn count(&mut self, what: &str) -> Result<usize, NfgError> {
        match self.peek() {
            Some(Tok::Word(w)) => match w.parse::<usize>() {
                Ok(v) => {
                    self.pos += 1;
                    Ok(v)
                }
                Err(_) => self.err(format!("{} is not a whole number ({what})", quoted(w))),
            },
            None => self.err(format!("the file ends where {what} was expected")),
            _ => self.err(format!("expected a whole number: {what}")),
        }
    }
}

fn check_size(p: &Parser, m: usize, n: usize) -> Result<(), NfgError> {
    if m == 0 || n == 0 {
        return p.err("every player needs at least one strategy");
    }
    if m > MAX_ACTIONS || n > MAX_ACTIONS || m.saturating_mul(n) > MAX_CELLS {
        return p.err(format!(
            "a {m}x{n} game is larger than truce reads (at most {MAX_ACTIONS} strategies per player and {MAX_CELLS} cells)"
        ));
    }
    Ok(())
}

/// Parses a two-player `.nfg` file into a scenario (title from the header, comment as
/// description; no repeated-game settings).
pub fn parse(text: &str) -> Result<Scenario, NfgError> {
    let toks = Lexer::new(text).tokens()?;
    let end = text.lines().count().max(1);
    let last_col = text.lines().last().map_or(1, |l| l.chars().count() + 1);
    let mut p = Parser {
        toks,
        pos: 0,
        end: (end, last_col),
    };
    match p.next() {
        Some(Tok::Word(w)) if w == "NFG" => {}
        _ => {
            p.pos = 0;
            return p.err(
                "not a Gambit strategic-form file: it must start with `NFG 1 R` (or `NFG 1 D`)",
            );
        }
    }
    match p.peek() {
        Some(Tok::Word(w)) if w == "1" => p.pos += 1,
        _ => return p.err("unsupported .nfg version: expected `1` after NFG"),
    }
    match p.peek() {
        Some(Tok::Word(w)) if w == "R" || w == "D" => p.pos += 1,
        _ => return p.err("expected `R` or `D` after `NFG 1`"),
    }
    let title = p.text("the game's title", TextKind::Title, "the title")?;
    p.expect_open("the player names")?;
    let mut players = Vec::new();
    while let Some(Tok::Str(_)) = p.peek() {
        players.push(p.text("a player name", TextKind::Name, "the player name")?);
    }
    match p.next() {
        Some(Tok::Close) => {}
        _ => {
            p.pos -= 1;
            return p.err("expected `}` after the player names");
        }
    }
    if players.len() != 2 {
        p.pos -= 1;
        return p.err(format!(
            "the game has {} players; truce handles two-player games",
            players.len()
        ));
    }
    p.expect_open("the strategy counts or labels")?;
    let mut labels: Vec<Vec<String>> = Vec::new();
    match p.peek() {
        Some(Tok::Open) => {
            for k in 0..2 {
                p.expect_open(&format!("the strategy labels of player {}", k + 1))?;
                let mut ls = Vec::new();
                while let Some(Tok::Str(_)) = p.peek() {
                    if ls.len() >= MAX_ACTIONS {
                        return p.err(format!("more than {MAX_ACTIONS} strategies for one player"));
                    }
                    ls.push(p.text("a strategy label", TextKind::Name, "the strategy label")?);
                }
                match p.next() {
                    Some(Tok::Close) => {}
                    _ => {
                        p.pos -= 1;
                        return p.err("expected `}` after the strategy labels");
                    }
                }
                labels.push(ls);
            }
        }
        _ => {
            let m = p.count("player 1's number of strategies")?;
            let n = p.count("player 2's number of strategies")?;
            check_size(&p, m, n)?;
            labels = vec![
                (1..=m).map(|k| k.to_string()).collect(),
                (1..=n).map(|k| k.to_string()).collect(),
            ];
        }
    }
    match p.next() {
        Some(Tok::Close) => {}
        _ => {
            p.pos -= 1;
            return p.err("expected `}` after the strategies of exactly two players");
        }
    }
    let (m, n) = (labels[0].len(), labels[1].len());
    check_size(&p, m, n)?;
    // Gambit allows empty or repeated labels; truce needs unique names, so each such
    // label becomes `<label>#<position>` (`s#<position>` when empty), with a warning.
    let mut warnings = Vec::new();
    for (player, ls) in labels.iter_mut().enumerate() {
        let len = ls.len();
        for k in 0..len {
            let empty = ls[k].trim().is_empty();
            if empty || ls[..k].contains(&ls[k]) {
                let before = ls[k].clone();
                let base = if empty { "s" } else { ls[k].trim() };
                let mut renamed = format!("{base}#{}", k + 1);
                while ls.contains(&renamed) {
                    renamed.push('\'');
                }
                warnings.push(format!(
                    "strategy {} of player {} is labelled {before:?}, {}: renamed {renamed:?} (truce needs a unique name per action; give each strategy its own label to keep yours)",
                    k + 1,
                    player + 1,
                    if empty { "empty" } else { "like an earlier one" }
                ));
                ls[k] = renamed;
            }
        }
    }
    let comment = match p.peek() {
        Some(Tok::Str(_)) => Some(p.text("comment", TextKind::Description, "the comment")?),
        _ => None,
    };
    let mut a = DMatrix::zeros(m, n);
    let mut b = DMatrix::zeros(m, n);
    if let Some(Tok::Open) = p.peek() {
        p.pos += 1;
        let mut outcomes: Vec<(f64, f64)> = Vec::new();
        while let Some(Tok::Open) = p.peek() {
            p.pos += 1;
            if let Some(Tok::Str(_)) = p.peek() {
                p.pos += 1;
            }
            let u1 = p.number("player 1's payoff in an outcome")?;
            let u2 = p.number("player 2's payoff in an outcome")?;
            match p.next() {
                Some(Tok::Close) => {}
                _ => {
                    p.pos -= 1;
                    return p.err(
                        "an outcome has more than two payoffs; expected `}` after two payoffs",
                    );
                }
            }
            outcomes.push((u1, u2));
        }
        match p.next() {
            Some(Tok::Close) => {}
            _ => {
                p.pos -= 1;
                return p.err("expected `}` to close the outcome list");
            }
        }
        for k in 0..m * n {
            let o = p.count(&format!("the outcome number of profile {}", k + 1))?;
            let (i, j) = (k % m, k / m);
            match o {
                0 => {}
                o if o <= outcomes.len() => {
                    a[(i, j)] = outcomes[o - 1].0;
                    b[(i, j)] = outcomes[o - 1].1;
                }
                o => {
                    p.pos -= 1;
                    return p.err(format!(
                        "outcome {o} does not exist: there are {} outcomes",
                        outcomes.len()
                    ));
                }
            }
        }
    } else {
        for k in 0..m * n {
            let (i, j) = (k % m, k / m);
            a[(i, j)] = p.number(&format!(
                "player 1's payoff in profile {} of {}",
                k + 1,
                m * n
            ))?;
            b[(i, j)] = p.number(&format!(
                "player 2's payoff in profile {} of {}",
                k + 1,
                m * n
            ))?;
        }
    }
    if p.peek().is_some() {
        return p.err(format!(
            "unexpected data after the last of the {} profiles; too many payoffs or outcome numbers",
            m * n
        ));
    }
    let info = |name: &str, ls: &[String]| PlayerInfo {
        name: if name.trim().is_empty() {
            "player".into()
        } else {
            name.to_string()
        },
        actions: ls.iter().map(|l| Action::named(l.clone())).collect(),
    };
    let mut row = info(&players[0], &labels[0]);
    let mut col = info(&players[1], &labels[1]);
    if row.name == col.name {
        row.name = format!("{} (row)", row.name);
        col.name = format!("{} (column)", col.name);
    }
    let game = Game::new(row, col, a, b).map_err(|e| NfgError {
        line: 1,
        column: 1,
        message: e.to_string(),
    })?;
    let mut s = Scenario::from_game(title, game);
    s.description = comment.filter(|c| !c.trim().is_empty());
    s.warnings = warnings;
    Ok(s)
}

/// Which body form to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NfgForm {
    /// A payoff pair per profile.
    Payoff,
    /// An outcome list and an outcome number per profile.
    Outcome,
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Shortest decimal text that reads back as the same f64.
pub fn fmt_number(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Writes a scenario's game as `.nfg` in the given form (strategy labels are kept).
pub fn write(s: &Scenario, form: NfgForm) -> String {
    let g = &s.game;
    let (m, n) = g.shape();
    let labels = |p| {
        g.player(p)
            .actions
            .iter()
            .map(|a| quote(&a.name))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = format!(
        "NFG 1 R {} {{ {} {} }}\n{{ {{ {} }}\n{{ {} }}\n}}\n{}\n\n",
        quote(&s.title),
        quote(&g.player(crate::game::Player::Row).name),
        quote(&g.player(crate::game::Player::Col).name),
        labels(crate::game::Player::Row),
        labels(crate::game::Player::Col),
        quote(s.description.as_deref().unwrap_or("")),
    );
    match form {
        NfgForm::Payoff => {
            let cells: Vec<String> = (0..m * n)
                .map(|k| {
                    let (i, j) = (k % m, k / m);
                    format!(
                        "{} {}",
                        fmt_number(g.a()[(i, j)]),
                        fmt_number(g.b()[(i, j)])
                    )
                })
                .collect();
            out.push_str(&cells.join(" "));
            out.push('\n');
        }
        NfgForm::Outcome => {
            out.push_str("{\n");
            for k in 0..m * n {
                let (i, j) = (k % m, k / m);
                out.push_str(&format!(
                    "{{ {} {}, {} }}\n",
                    quote(&format!(
                        "{} {}",
                        g.action_name(crate::game::Player::Row, i),
                        g.action_name(crate::game::Player::Col, j)
                    )),
                    fmt_number(g.a()[(i, j)]),
                    fmt_number(g.b()[(i, j)])
                ));
            }
            out.push_str("}\n");
            let nums: Vec<String> = (1..=m * n).map(|k| k.to_string()).collect();
            out.push_str(&nums.join(" "));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payoff_form_with_counts() {
        let s = parse("NFG 1 R \"PD\" { \"A\" \"B\" } { 2 2 }\n3 3 5 0 0 5 1 1\n").unwrap();
        let g = &s.game;
        // player 1 varies fastest: profiles (1,1) (2,1) (1,2) (2,2)
        assert_eq!(g.pure_payoffs(0, 0), (3.0, 3.0));
        assert_eq!(g.pure_payoffs(1, 0), (5.0, 0.0));
        assert_eq!(g.pure_payoffs(0, 1), (0.0, 5.0));
        assert_eq!(g.action_name(crate::game::Player::Row, 1), "2");
    }

    #[test]
    fn outcome_form_with_labels_and_rationals() {
        let t = "NFG 1 R \"x\" { \"P1\" \"P2\" }\n{ { \"u\" \"d\" } { \"l\" \"r\" } }\n\"c\"\n{ { \"\" 3/4, 1e1 } { \"o2\" -2 .5 } }\n1 0 2 1\n";
        let s = parse(t).unwrap();
        let g = &s.game;
        assert_eq!(g.pure_payoffs(0, 0), (0.75, 10.0));
        assert_eq!(g.pure_payoffs(1, 0), (0.0, 0.0));
        assert_eq!(g.pure_payoffs(0, 1), (-2.0, 0.5));
        assert_eq!(s.description.as_deref(), Some("c"));
    }

    #[test]
    fn wrong_payoff_counts_and_huge_headers_are_errors() {
        assert!(parse("NFG 1 R \"\" { \"A\" \"B\" } { 1 2 } 1 2 3").is_err());
        assert!(parse("NFG 1 R \"\" { \"A\" \"B\" } { 1 1 } 1 2 3").is_err());
        let e = parse("NFG 1 R \"\" { \"A\" \"B\" } { 100000 100000 } 1 2").unwrap_err();
        assert!(e.message.contains("larger"), "{}", e.message);
        assert!(parse("NFG 1 R \"\" { \"A\" \"B\" \"C\" } { 1 1 1 } 1 2 3").is_err());
    }

    #[test]
    fn written_files_read_back() {
        let s = parse("NFG 1 R \"t\" { \"A\" \"B\" } { 2 3 }\n1 2 3 4 5 6 7 8 9 10 11.5 -12\n")
            .unwrap();
        for form in [NfgForm::Payoff, NfgForm::Outcome] {
            let back = parse(&write(&s, form)).unwrap();
            assert_eq!(back.game.a(), s.game.a());
            assert_eq!(back.game.b(), s.game.b());
        }
    }
}
