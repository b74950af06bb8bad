//! Validation: raw serde types → domain types. Every check that depends on more than
//! one value (actions named in payoffs and strategies, matrix shapes, ranges) lives
//! here, and every failure names the key path of the offending value and the fix.

use std::collections::{BTreeMap, HashMap, HashSet};

use nalgebra::DMatrix;

use super::raw::{RawCooperate, RawNumber, RawPlay, RawPlayer, RawScenario, RawStrategy};
use super::{
    CustomState, MAX_ACTIONS, MAX_PAYOFF, Scenario, StrategyKind, StrategySpec, Transition, Trigger,
};
use crate::game::{Action, Game, Player, PlayerInfo};
use crate::text::{TextError, TextKind, quoted};
use crate::tolerance::FILE_PLAY_SUM;

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A table key.
    Key(String),
    /// An array index (0-based).
    Index(usize),
}

/// A validation failure: where (key path) and what.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    /// Path from the document root to the offending value.
    pub path: Vec<Seg>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl Invalid {
    pub(super) fn at(path: &[Seg], message: impl Into<String>) -> Self {
        Invalid {
            path: path.to_vec(),
            message: message.into(),
        }
    }

    /// `payoffs.tariff[2]`-style rendering of the path.
    pub fn path_string(&self) -> String {
        let mut s = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    let bare = !k.is_empty()
                        && k.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                    if bare {
                        s.push_str(k);
                    } else {
                        s.push_str(&format!("{k:?}"));
                    }
                }
                Seg::Index(i) => s.push_str(&format!("[{i}]")),
            }
        }
        s
    }
}

pub(super) fn key(k: &str) -> Seg {
    Seg::Key(k.to_string())
}

pub(super) fn with(path: &[Seg], seg: Seg) -> Vec<Seg> {
    let mut p = path.to_vec();
    p.push(seg);
    p
}

/// Edit distance, for "did you mean" hints.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A hint naming the closest of `names` to `given`, if any is close.
pub fn did_you_mean<'a>(given: &str, names: impl IntoIterator<Item = &'a str>) -> String {
    // Case is compared last: "DELTA" is one step from "delta", not five.
    let lower = given.to_lowercase();
    let len = lower.chars().count();
    let limit = 2.max(given.len() / 3);
    // A value far longer than any name is no misspelling (and comparing it would be slow).
    if len > 2 * crate::text::MAX_NAME_CHARS {
        return String::new();
    }
    let best = names
        .into_iter()
        .filter_map(|n| {
            let other = n.to_lowercase();
            // The distance is at least the difference in length: skip what cannot be close.
            if other.chars().count().abs_diff(len) > limit {
                return None;
            }
            let d = edit_distance(&lower, &other);
            Some((d + usize::from(d == 0 && given != n), n))
        })
        .min_by_key(|(d, _)| *d);
    match best {
        Some((d, n)) if d <= limit => format!(" (did you mean {}?)", quoted(n)),
        _ => String::new(),
    }
}

/// Most characters of a number or an expression written as text (a 400-digit fraction
/// fits; parsing stays fast and exact below it).
pub const MAX_NUMBER_TEXT_CHARS: usize = 2_000;

/// Largest decimal exponent (`e…`) of a number inside a fraction; beyond it the exact
/// value would take more memory than any payoff needs.
const MAX_EXACT_EXPONENT: i64 = 10_000;

/// Why text is not a finite number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberTextError {
    /// Not a decimal nor a fraction of two decimals (it may be an expression).
    NotANumber,
    /// A decimal or fraction beyond the range of floating-point numbers (about ±1.8e308).
    OutOfRange,
    /// A fraction whose denominator is zero.
    ZeroDenominator,
}

/// A decimal `[+-]digits[.digits][(e|E)[+-]digits]` split into sign, digits and the
/// power of ten they are scaled by; `None` when the text is not such a decimal.
fn decimal_parts(s: &str) -> Option<(bool, &str, String, i64)> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(k) => (&body[..k], Some(&body[k + 1..])),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !digits(int) || !digits(frac) {
        return None;
    }
    let exp = match exponent {
        None => 0,
        Some(e) => {
            let e_digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if e_digits.is_empty() || !digits(e_digits) {
                return None;
            }
            // Any exponent longer than this is out of range whatever its digits.
            let magnitude: i64 = if e_digits.len() > 12 {
                i64::MAX / 4
            } else {
                e_digits.parse().ok()?
            };
            if e.starts_with('-') {
                -magnitude
            } else {
                magnitude
            }
        }
    };
    Some((neg, int, frac.to_string(), exp - frac.len() as i64))
}

/// The exact value of a decimal, for fractions.
fn exact_decimal(s: &str) -> Result<num_rational::BigRational, NumberTextError> {
    use num_bigint::BigInt;
    let (neg, int, frac, exp10) = decimal_parts(s).ok_or(NumberTextError::NotANumber)?;
    if exp10.abs() > MAX_EXACT_EXPONENT {
        return Err(NumberTextError::OutOfRange);
    }
    let mut digits: BigInt = format!("{int}{frac}")
        .parse()
        .map_err(|_| NumberTextError::NotANumber)?;
    if neg {
        digits = -digits;
    }
    let scale = num_traits::pow(BigInt::from(10), exp10.unsigned_abs() as usize);
    Ok(if exp10 >= 0 {
        num_rational::BigRational::from_integer(digits * scale)
    } else {
        num_rational::BigRational::new(digits, scale)
    })
}

/// Reads a number written as text: a decimal (`"-1.5e2"`) or a fraction of two decimals
/// (`"3/4"`, `"1e3/7"`). A fraction is divided exactly and then rounded once, so the
/// ratio of two 400-digit numbers is as accurate as any payoff.
pub fn read_number_text(t: &str) -> Result<f64, NumberTextError> {
    use num_traits::{ToPrimitive, Zero};
    let t = t.trim();
    match t.split_once('/') {
        None => {
            decimal_parts(t).ok_or(NumberTextError::NotANumber)?;
            let v: f64 = t.parse().map_err(|_| NumberTextError::NotANumber)?;
            if v.is_finite() {
                Ok(v)
            } else {
                Err(NumberTextError::OutOfRange)
            }
        }
        Some((p, q)) => {
            let (p, q) = (p.trim(), q.trim());
            // Both parts must be decimals before either is expanded.
            if decimal_parts(p).is_none() || decimal_parts(q).is_none() {
                return Err(NumberTextError::NotANumber);
            }
            let (p, q) = (exact_decimal(p)?, exact_decimal(q)?);
            if q.is_zero() {
                return Err(NumberTextError::ZeroDenominator);
            }
            match (p / q).to_f64() {
                Some(v) if v.is_finite() => Ok(v),
                _ => Err(NumberTextError::OutOfRange),
            }
        }
    }
}

/// Parses `p/q` or a decimal; `None` for anything else (including NaN, infinities and
/// values beyond the range of floating-point numbers). See [`read_number_text`] for why.
pub fn parse_number_text(t: &str) -> Option<f64> {
    read_number_text(t).ok()
}

/// The functions of the expression language (`exmex`'s default float operators): unary
/// ones take `f(x)`, binary ones `f(x, y)`.
const UNARY_FUNCTIONS: [&str; 26] = [
    "abs", "signum", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh",
    "acosh", "atanh", "floor", "round", "ceil", "trunc", "fract", "exp", "sqrt", "cbrt", "ln",
    "log2", "log10", "log",
];
const BINARY_FUNCTIONS: [&str; 3] = ["min", "max", "atan2"];

/// What is wrong with an expression, in the reader's words, or `None` when nothing this
/// check knows of is (the expression parser's own messages describe its internals, so
/// they are never shown). It looks at the tokens (numbers, names, operators, parentheses)
/// and at their order: a value, then an operator, then a value…
fn expression_problem(t: &str) -> Option<String> {
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Tok<'a> {
        Num(&'a str),
        Name(&'a str),
        Op(char),
        Open,
        Close,
        Comma,
    }
    let b = t.as_bytes();
    let mut toks = Vec::new();
    let mut k = 0;
    while k < t.len() {
        let c = t[k..].chars().next()?;
        let next_digit = |at: usize| b.get(at).is_some_and(|x| x.is_ascii_digit());
        if c.is_whitespace() {
            k += c.len_utf8();
        } else if c.is_ascii_digit() || (c == '.' && next_digit(k + 1)) {
            let start = k;
            while k < t.len() && (b[k].is_ascii_digit() || b[k] == b'.') {
                k += 1;
            }
            let num = &t[start..k];
            let exponent = matches!(b.get(k), Some(b'e' | b'E'))
                && (next_digit(k + 1)
                    || (matches!(b.get(k + 1), Some(b'+' | b'-')) && next_digit(k + 2)));
            if exponent {
                return Some(format!(
                    "scientific notation ({num}e…) is read in a number on its own, not inside an \
                     expression (write the number out: 0.001 for 1e-3)"
                ));
            }
            if num.matches('.').count() > 1 {
                return Some(format!("`{num}` is not a number"));
            }
            let name_len = t[k..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(t.len() - k);
            if name_len > 0 && t[k..].starts_with(|c: char| c.is_alphabetic() || c == '_') {
                let name = &t[k..k + name_len];
                return Some(format!(
                    "`{num}` is followed directly by `{name}` (for a product write `{num}*{name}`)"
                ));
            }
            toks.push(Tok::Num(num));
        } else if c.is_alphabetic() || c == '_' {
            let start = k;
            while let Some(x) = t[k..]
                .chars()
                .next()
                .filter(|x| x.is_alphanumeric() || *x == '_')
            {
                k += x.len_utf8();
            }
            toks.push(Tok::Name(&t[start..k]));
        } else {
            toks.push(match c {
                '+' | '-' | '*' | '/' | '^' => Tok::Op(c),
                '(' => Tok::Open,
                ')' => Tok::Close,
                ',' => Tok::Comma,
                _ => {
                    let what = if crate::text::is_hidden(c) {
                        crate::text::char_name(c)
                    } else {
                        format!("`{c}`")
                    };
                    return Some(format!(
                        "{what} is not part of an expression (numbers, [parameters] names, \
                         + - * / ^, parentheses and functions such as sqrt(x) are)"
                    ));
                }
            });
            k += c.len_utf8();
        }
    }
    if toks.is_empty() {
        return Some("the text is empty".into());
    }
    let function = |n: &str| UNARY_FUNCTIONS.contains(&n) || BINARY_FUNCTIONS.contains(&n);
    let shown = |tok: &Tok| match *tok {
        Tok::Num(x) | Tok::Name(x) => x.to_string(),
        Tok::Op(o) => o.to_string(),
        Tok::Open => "(".into(),
        Tok::Close => ")".into(),
        Tok::Comma => ",".into(),
    };
    let mut depth = 0usize;
    let mut want_value = true;
    for (i, tok) in toks.iter().enumerate() {
        let next = toks.get(i + 1);
        let missing_operator = || {
            Some(format!(
                "an operator is missing between `{}` and `{}`",
                shown(&toks[i - 1]),
                shown(tok)
            ))
        };
        match *tok {
            Tok::Name(n) if function(n) => {
                if next != Some(&Tok::Open) {
                    let args = if BINARY_FUNCTIONS.contains(&n) {
                        "its two arguments in parentheses: {n}(…, …)"
                    } else {
                        "its argument in parentheses: {n}(…)"
                    };
                    return Some(format!(
                        "`{n}` is a function, which takes {}",
                        args.replace("{n}", n)
                    ));
                }
                if !want_value {
                    return missing_operator();
                }
            }
            Tok::Name(n) if next == Some(&Tok::Open) => {
                return Some(format!(
                    "`{n}` is not a function (the functions include sqrt, exp, ln, log10, abs, \
                     floor, ceil, round, sin, cos, min and max)"
                ));
            }
            Tok::Num(_) | Tok::Name(_) => {
                if !want_value {
                    return missing_operator();
                }
                want_value = false;
            }
            Tok::Op(o) => {
                if want_value && o != '+' && o != '-' {
                    return Some(format!("`{o}` has no value before it"));
                }
                want_value = true;
            }
            Tok::Open => {
                if !want_value {
                    return missing_operator();
                }
                if next == Some(&Tok::Close) {
                    return Some("the parentheses `()` are empty".into());
                }
                depth += 1;
                want_value = true;
            }
            Tok::Close => {
                if depth == 0 {
                    return Some("`)` has no matching `(`".into());
                }
                if want_value {
                    return Some(format!(
                        "a value is missing after `{}`",
                        shown(&toks[i - 1])
                    ));
                }
                depth -= 1;
            }
            Tok::Comma => {
                if depth == 0 || want_value {
                    return Some(
                        "`,` belongs between the two arguments of min, max or atan2".into(),
                    );
                }
                want_value = true;
            }
        }
    }
    if depth > 0 {
        return Some("a `(` is not closed".into());
    }
    if want_value {
        return Some(format!(
            "it ends with `{}`, which needs a value after it",
            shown(&toks[toks.len() - 1])
        ));
    }
    None
}

/// The hint every unreadable payoff ends with.
const PAYOFF_FORMS: &str = "write an integer, a decimal, a fraction like \"3/4\" or an \
                            expression of [parameters] like \"3 - dependence\"";

/// Evaluates a payoff expression over the named parameters.
pub(super) fn expression(
    t: &str,
    params: &BTreeMap<String, f64>,
    path: &[Seg],
) -> Result<f64, Invalid> {
    use exmex::Express;
    let not_read = |why: &str| {
        Invalid::at(
            path,
            format!(
                "{} is not a number or an expression: {why}; {PAYOFF_FORMS}",
                quoted(t)
            ),
        )
    };
    if let Some(why) = expression_problem(t) {
        return Err(not_read(&why));
    }
    let expr = exmex::parse::<f64>(t).map_err(|_| not_read("it does not read as one"))?;
    let mut values = Vec::new();
    for name in expr.var_names() {
        match params.get(name) {
            Some(v) => values.push(*v),
            None => {
                let names: Vec<&str> = params.keys().map(String::as_str).collect();
                if names.is_empty() {
                    return Err(Invalid::at(
                        path,
                        format!(
                            "{} is not a number (write an integer, a decimal or a fraction like \"3/4\"), nor an expression of parameters: no [parameters] table defines {}",
                            quoted(t),
                            quoted(name)
                        ),
                    ));
                }
                return Err(Invalid::at(
                    path,
                    format!(
                        "{} uses {}, which is not a parameter{}; define it in a [parameters] table (defined: {})",
                        quoted(t),
                        quoted(name),
                        did_you_mean(name, names.iter().copied()),
                        listing(names.iter().copied())
                    ),
                ));
            }
        }
    }
    expr.eval(&values).map_err(|_| {
        Invalid::at(
            path,
            format!(
                "{} cannot be evaluated; check that each function has its argument in \
                 parentheses",
                quoted(t)
            ),
        )
    })
}

/// Parses a payoff written as a literal, as text (`"3/4"`, `"-1.5e2"`), or as an
/// expression of the scenario's parameters.
pub fn number(
    raw: &RawNumber,
    path: &[Seg],
    params: &BTreeMap<String, f64>,
) -> Result<f64, Invalid> {
    let too_large = |what: String| {
        Invalid::at(
            path,
            format!(
                "payoff {what} is too large (the limit is ±{MAX_PAYOFF:e}); rescale the payoffs"
            ),
        )
    };
    let v = match raw {
        RawNumber::Int(i) => *i as f64,
        RawNumber::Float(f) => *f,
        RawNumber::Text(t) => {
            let chars = t.chars().count();
            if chars > MAX_NUMBER_TEXT_CHARS {
                return Err(Invalid::at(
                    path,
                    format!(
                        "the payoff text is {chars} characters long, more than the limit of \
                         {MAX_NUMBER_TEXT_CHARS}; {PAYOFF_FORMS}"
                    ),
                ));
            }
            match read_number_text(t) {
                Ok(v) => v,
                Err(NumberTextError::OutOfRange) => return Err(too_large(quoted(t))),
                Err(NumberTextError::ZeroDenominator) => {
                    return Err(Invalid::at(
                        path,
                        format!(
                            "{} divides by zero; give a denominator other than 0",
                            quoted(t)
                        ),
                    ));
                }
                Err(NumberTextError::NotANumber) => {
                    let v = expression(t, params, path)?;
                    if !v.is_finite() {
                        return Err(Invalid::at(
                            path,
                            format!(
                                "{} evaluates to {v}, not a finite number; payoffs must be finite",
                                quoted(t)
                            ),
                        ));
                    }
                    v
                }
            }
        }
    };
    if !v.is_finite() {
        return Err(Invalid::at(
            path,
            format!("payoff {v} is not a finite number; payoffs must be finite"),
        ));
    }
    if v.abs() > MAX_PAYOFF {
        return Err(too_large(format!("{v:e}")));
    }
    Ok(v)
}

/// At most this many names are listed in a message (the rest are counted).
const LISTED_NAMES: usize = 20;

/// Names for a message: comma-separated, each cut to [`crate::text::QUOTED_CHARS`], at
/// most 20 of them and then how many more; `none` when there are none.
pub fn listing<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let mut shown = Vec::new();
    let mut more = 0usize;
    for n in names {
        if shown.len() < LISTED_NAMES {
            shown.push(crate::text::clip(n, crate::text::QUOTED_CHARS).into_owned());
        } else {
            more += 1;
        }
    }
    if shown.is_empty() {
        return "none".into();
    }
    let mut s = shown.join(", ");
    if more > 0 {
        s.push_str(&format!(" and {more} more"));
    }
    s
}

/// What is wrong with a string of the file under the rules of its kind
/// ([`crate::text::check`]), as a message that names it (`what`: "the action name") and
/// says the fix; `None` when nothing is.
pub(super) fn text_problem(s: &str, kind: TextKind, what: &str) -> Option<String> {
    let e = crate::text::check(s, kind).err()?;
    let fix = match (e, kind) {
        (TextError::TooLong { .. }, _) => "shorten it",
        (TextError::Forbidden { .. }, TextKind::Description) => {
            "remove it (control characters and invisible formatting characters such as \
             bidirectional overrides and zero-width spaces are not allowed; newlines and tabs \
             are)"
        }
        (TextError::Forbidden { .. }, _) => {
            "remove it (control characters, line breaks, tabs and invisible formatting \
             characters such as bidirectional overrides and zero-width spaces are not allowed)"
        }
    };
    Some(format!("{what} {} {e}; {fix}", quoted(s)))
}

/// [`text_problem`] as a validation error at `path`.
pub(super) fn text_rule(s: &str, kind: TextKind, what: &str, path: &[Seg]) -> Result<(), Invalid> {
    match text_problem(s, kind, what) {
        Some(m) => Err(Invalid::at(path, m)),
        None => Ok(()),
    }
}

fn player_info(raw: &RawPlayer, who: &str) -> Result<PlayerInfo, Invalid> {
    let base = [key(who)];
    let npath = with(&base, key("name"));
    if raw.name.trim().is_empty() {
        return Err(Invalid::at(
            &npath,
            "the player's name is empty; give a name",
        ));
    }
    text_rule(&raw.name, TextKind::Name, "the player's name", &npath)?;
    let apath = with(&base, key("actions"));
    if raw.actions.is_empty() {
        return Err(Invalid::at(
            &apath,
            "the action list is empty; give at least one action",
        ));
    }
    if raw.actions.len() > MAX_ACTIONS {
        return Err(Invalid::at(
            &apath,
            format!(
                "{} actions is more than the limit of {MAX_ACTIONS}",
                raw.actions.len()
            ),
        ));
    }
    let mut actions: Vec<Action> = Vec::with_capacity(raw.actions.len());
    let mut seen: HashSet<&str> = HashSet::with_capacity(raw.actions.len());
    for (k, a) in raw.actions.iter().enumerate() {
        let (name, description) = match a {
            super::raw::RawAction::Name(n) => (n, None),
            super::raw::RawAction::Full { name, description } => (name, description.as_ref()),
        };
        let p = with(&apath, Seg::Index(k));
        // A bare name's position is the string; a table's name is its `name` key.
        let name_path = match a {
            super::raw::RawAction::Name(_) => p.clone(),
            super::raw::RawAction::Full { .. } => with(&p, key("name")),
        };
        if name.trim().is_empty() {
            return Err(Invalid::at(&p, "empty action name; name every action"));
        }
        text_rule(name, TextKind::Name, "the action name", &name_path)?;
        if name.trim() != name {
            return Err(Invalid::at(
                &p,
                format!(
                    "action name {} has surrounding spaces; remove them",
                    quoted(name)
                ),
            ));
        }
        if !seen.insert(name.as_str()) {
            return Err(Invalid::at(
                &p,
                format!(
                    "duplicate action name {}; each action of a player needs its own name",
                    quoted(name)
                ),
            ));
        }
        if let Some(d) = description {
            text_rule(
                d,
                TextKind::Description,
                "the action's description",
                &with(&p, key("description")),
            )?;
        }
        actions.push(Action {
            name: name.clone(),
            description: description.cloned(),
        });
    }
    Ok(PlayerInfo {
        name: raw.name.clone(),
        actions,
    })
}

/// The payoff matrices of a `[payoffs]` table (at key path `base`) for the players' actions.
pub(super) fn payoff_matrices(
    payoffs: &BTreeMap<String, Vec<Vec<RawNumber>>>,
    row: &PlayerInfo,
    col: &PlayerInfo,
    params: &BTreeMap<String, f64>,
    base: &[Seg],
) -> Result<(DMatrix<f64>, DMatrix<f64>), Invalid> {
    let (m, n) = (row.actions.len(), col.actions.len());
    let matrix_form = payoffs.len() == 2
        && payoffs.contains_key("row")
        && payoffs.contains_key("col")
        && row.action_index("row").is_none()
        && row.action_index("col").is_none();
    let mut a = DMatrix::zeros(m, n);
    let mut b = DMatrix::zeros(m, n);
    if matrix_form {
        for (who, mat) in [("row", &mut a), ("col", &mut b)] {
            let p = with(base, key(who));
            let rows = &payoffs[who];
            if rows.len() != m {
                return Err(Invalid::at(
                    &p,
                    format!(
                        "{} rows, expected {m} (one per row action: {})",
                        rows.len(),
                        listing(row.actions.iter().map(|a| a.name.as_str()))
                    ),
                ));
            }
            for (i, r) in rows.iter().enumerate() {
                let pr = with(&p, Seg::Index(i));
                if r.len() != n {
                    return Err(Invalid::at(
                        &pr,
                        format!(
                            "{} entries, expected {n} (one per column action: {})",
                            r.len(),
                            listing(col.actions.iter().map(|a| a.name.as_str()))
                        ),
                    ));
                }
                for (j, v) in r.iter().enumerate() {
                    mat[(i, j)] = number(v, &with(&pr, Seg::Index(j)), params)?;
                }
            }
        }
        return Ok((a, b));
    }
    for name in payoffs.keys() {
        if row.action_index(name).is_none() {
            let hint = did_you_mean(name, row.actions.iter().map(|a| a.name.as_str()));
            return Err(Invalid::at(
                &with(base, key(name)),
                format!(
                    "{} is not an action of {}{hint}; payoff lines are named by row actions ({}), or give two matrices `row` and `col`",
                    quoted(name),
                    row.name,
                    listing(row.actions.iter().map(|a| a.name.as_str()))
                ),
            ));
        }
    }
    for (i, act) in row.actions.iter().enumerate() {
        let Some(cells) = payoffs.get(&act.name) else {
            return Err(Invalid::at(
                base,
                format!(
                    "no payoff line for row action {:?}; add `{} = [[u_row, u_col], …]` with one cell per column action",
                    act.name, act.name
                ),
            ));
        };
        let p = with(base, key(&act.name));
        if cells.len() != n {
            return Err(Invalid::at(
                &p,
                format!(
                    "{} cells, expected {n} (one [u_row, u_col] cell per column action: {})",
                    cells.len(),
                    listing(col.actions.iter().map(|a| a.name.as_str()))
                ),
            ));
        }
        for (j, cell) in cells.iter().enumerate() {
            let pc = with(&p, Seg::Index(j));
            if cell.len() != 2 {
                return Err(Invalid::at(
                    &pc,
                    format!(
                        "a cell has {} numbers, expected 2: [row payoff, column payoff]",
                        cell.len()
                    ),
                ));
            }
            a[(i, j)] = number(&cell[0], &with(&pc, Seg::Index(0)), params)?;
            b[(i, j)] = number(&cell[1], &with(&pc, Seg::Index(1)), params)?;
        }
    }
    Ok((a, b))
}

/// Each action's index by name, so a strategy's many references are looked up in constant
/// time (an automaton may name actions hundreds of thousands of times).
type ActionIndex<'a> = HashMap<&'a str, usize>;

fn action_index(info: &PlayerInfo) -> ActionIndex<'_> {
    info.actions
        .iter()
        .enumerate()
        .map(|(k, a)| (a.name.as_str(), k))
        .collect()
}

/// What validating one strategy needs: the players, their action indices and the key
/// path of the strategy.
pub(super) struct Ctx<'a> {
    game_row: &'a PlayerInfo,
    game_col: &'a PlayerInfo,
    row_index: &'a ActionIndex<'a>,
    col_index: &'a ActionIndex<'a>,
    /// Cells of the game, for the size of an automaton's transition table.
    cells: usize,
    pub(super) path: Vec<Seg>,
}

impl Ctx<'_> {
    pub(super) fn info(&self, p: Player) -> &PlayerInfo {
        match p {
            Player::Row => self.game_row,
            Player::Col => self.game_col,
        }
    }

    pub(super) fn action(&self, p: Player, name: &str, field: &[Seg]) -> Result<usize, Invalid> {
        let info = self.info(p);
        let index = match p {
            Player::Row => self.row_index,
            Player::Col => self.col_index,
        };
        index.get(name).copied().ok_or_else(|| {
            let hint = did_you_mean(name, info.actions.iter().map(|a| a.name.as_str()));
            Invalid::at(
                &[self.path.clone(), field.to_vec()].concat(),
                format!(
                    "unknown action {} of {} (the {p} player){hint}; the actions are {}",
                    quoted(name),
                    info.name,
                    listing(info.actions.iter().map(|a| a.name.as_str()))
                ),
            )
        })
    }

    pub(super) fn err(&self, field: &[Seg], msg: impl Into<String>) -> Invalid {
        Invalid::at(&[self.path.clone(), field.to_vec()].concat(), msg)
    }
}

pub(super) fn profile(
    ctx: &Ctx,
    c: &Option<RawCooperate>,
    kind: &str,
) -> Result<(usize, usize), Invalid> {
    match c {
        Some(RawCooperate::Profile(p)) => Ok((
            ctx.action(Player::Row, &p.row, &[key("cooperate"), key("row")])?,
            ctx.action(Player::Col, &p.col, &[key("cooperate"), key("col")])?,
        )),
        _ => Err(ctx.err(
            &[key("cooperate")],
            format!(
                "{kind} needs the cooperative profile: cooperate = {{ row = \"…\", col = \"…\" }}"
            ),
        )),
    }
}

fn required<'a>(
    ctx: &Ctx,
    v: &'a Option<String>,
    field: &str,
    kind: &str,
) -> Result<&'a str, Invalid> {
    v.as_deref().ok_or_else(|| {
        ctx.err(
            &[key(field)],
            format!("{kind} needs `{field}` (an action name)"),
        )
    })
}

fn tft_params(
    ctx: &Ctx,
    raw: &RawStrategy,
    me: Player,
) -> Result<(usize, Vec<(usize, usize)>), Invalid> {
    let opp = me.opponent();
    let two_by_two = ctx.info(me).actions.len() == 2 && ctx.info(opp).actions.len() == 2;
    let cooperate = match &raw.cooperate {
        Some(RawCooperate::Own(a)) => ctx.action(me, a, &[key("cooperate")])?,
        Some(RawCooperate::Profile(p)) => {
            let name = if me == Player::Row { &p.row } else { &p.col };
            let f = if me == Player::Row { "row" } else { "col" };
            ctx.action(me, name, &[key("cooperate"), key(f)])?
        }
        None if two_by_two => 0,
        None => {
            return Err(ctx.err(
                &[key("cooperate")],
                "give the own cooperative action: cooperate = \"…\"",
            ));
        }
    };
    let replies = match &raw.hostile {
        Some(map) => {
            let mut v = Vec::new();
            for (o, r) in map {
                let oi = ctx.action(opp, o, &[key("hostile"), key(o)])?;
                let ri = ctx.action(me, r, &[key("hostile"), key(o)])?;
                v.push((oi, ri));
            }
            v.sort_unstable();
            v
        }
        None if two_by_two => vec![(1, 1 - cooperate)],
        None => {
            return Err(ctx.err(
                &[key("hostile")],
                "give the hostile opponent moves and the reply to each: hostile = { opponent_action = \"own_reply\" }",
            ));
        }
    };
    Ok((cooperate, replies))
}

/// Most states of one strategy's automaton, a timed state counting once per round of it
/// (`after`). Exact values of a pair of strategies need a product automaton of at most
/// 3000 state pairs (`repeated::values`), so larger automata serve simulations and
/// tournaments; at this size those stay fast.
pub const MAX_STATES: usize = 100_000;

/// Most entries of one strategy's transition table: its states times the cells of the
/// game (one next state per joint profile), 8 bytes each — 400 MB.
pub const MAX_TRANSITIONS: usize = 50_000_000;

/// Refuses an automaton of `states` states whose transition table would exceed
/// [`MAX_TRANSITIONS`].
fn transition_budget(ctx: &Ctx, states: usize, field: &[Seg]) -> Result<(), Invalid> {
    let entries = states.saturating_mul(ctx.cells);
    if entries > MAX_TRANSITIONS {
        return Err(ctx.err(
            field,
            format!(
                "the strategy's automaton would have {states} states × {} cells = {entries} \
                 transitions, more than the limit of {MAX_TRANSITIONS}; use fewer states or a \
                 smaller game",
                ctx.cells
            ),
        ));
    }
    Ok(())
}

/// The states of a custom automaton by name, for its transitions and its start.
pub(super) struct StateIndex<'a> {
    names: Vec<&'a str>,
    by_name: HashMap<&'a str, usize>,
}

impl<'a> StateIndex<'a> {
    /// The index of states named `names`, in that order.
    pub(super) fn new(names: Vec<&'a str>) -> Self {
        let by_name = names.iter().enumerate().map(|(k, n)| (*n, k)).collect();
        StateIndex { names, by_name }
    }

    /// The state called `name`, or an error at `field` naming the closest state.
    pub(super) fn get(&self, ctx: &Ctx, name: &str, field: &[Seg]) -> Result<usize, Invalid> {
        self.by_name.get(name).copied().ok_or_else(|| {
            ctx.err(
                field,
                format!(
                    "unknown state {}{}; the states are {}",
                    quoted(name),
                    did_you_mean(name, self.names.iter().copied()),
                    listing(self.names.iter().copied())
                ),
            )
        })
    }
}

fn custom(ctx: &Ctx, raw: &RawStrategy, me: Player) -> Result<StrategyKind, Invalid> {
    let states = raw
        .states
        .as_ref()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            ctx.err(
                &[key("states")],
                "a custom strategy needs states: states.NAME = { play = \"action\", on = { … } }",
            )
        })?;
    // The automaton as run has one state per declared state and one per round of a timed
    // state; both its size and its transition table (a next state per cell of the game)
    // are bounded before anything is built.
    let size: usize = states
        .values()
        // An `after` out of its range gets its own message below.
        .map(|st| st.after.map_or(1, |k| k.clamp(1, 10_000) as usize))
        .sum();
    if size > MAX_STATES {
        let counted = if size == states.len() {
            String::new()
        } else {
            format!(" ({size} counting each round of a timed state)")
        };
        return Err(ctx.err(
            &[key("states")],
            format!(
                "the automaton has {} states{counted}, more than the limit of {MAX_STATES} a \
                 strategy may have; merge states or shorten the timed ones",
                states.len()
            ),
        ));
    }
    transition_budget(ctx, size, &[key("states")])?;
    let names: Vec<&str> = states.keys().map(String::as_str).collect();
    for name in &names {
        text_rule(
            name,
            TextKind::Name,
            "the state name",
            &[ctx.path.clone(), vec![key("states"), key(name)]].concat(),
        )?;
    }
    let index = StateIndex::new(names.clone());
    let state_index = |name: &str, field: &[Seg]| index.get(ctx, name, field);
    let start_name = raw.start.as_deref().ok_or_else(|| {
        ctx.err(
            &[key("start")],
            "a custom strategy needs `start`, the name of its first state",
        )
    })?;
    let start = state_index(start_name, &[key("start")])?;
    let opp = me.opponent();
    let mut out = Vec::new();
    for (sname, st) in states {
        let sp = [key("states"), key(sname)];
        let n_own = ctx.info(me).actions.len();
        let play = match &st.play {
            RawPlay::Action(a) => {
                let k = ctx.action(me, a, &[sp.to_vec(), vec![key("play")]].concat())?;
                let mut p = vec![0.0; n_own];
                p[k] = 1.0;
                p
            }
            RawPlay::Mixed(map) => {
                let mut p = vec![0.0; n_own];
                for (a, &w) in map {
                    let f = [sp.to_vec(), vec![key("play"), key(a)]].concat();
                    let k = ctx.action(me, a, &f)?;
                    if !(w.is_finite() && (0.0..=1.0).contains(&w)) {
                        return Err(ctx.err(&f, format!("probability {w} is outside [0, 1]")));
                    }
                    p[k] = w;
                }
                let s: f64 = p.iter().sum();
                if (s - 1.0).abs() > FILE_PLAY_SUM {
                    return Err(ctx.err(
                        &[sp.to_vec(), vec![key("play")]].concat(),
                        format!("probabilities sum to {s}, not 1"),
                    ));
                }
                p
            }
        };
        let mut on = Vec::new();
        for (trig, to) in st.on.iter().flatten() {
            let f = [sp.to_vec(), vec![key("on"), key(trig)]].concat();
            let trigger = match trig.split_once('+') {
                Some((r, c)) => Trigger::Profile(
                    ctx.action(Player::Row, r.trim(), &f)?,
                    ctx.action(Player::Col, c.trim(), &f)?,
                ),
                None => Trigger::Opponent(ctx.action(opp, trig, &f)?),
            };
            on.push(Transition {
                trigger,
                to: state_index(to, &f)?,
            });
        }
        let after = match (st.after, &st.then) {
            (None, None) => None,
            (Some(k), Some(t)) => {
                if !(1..=10_000).contains(&k) {
                    return Err(ctx.err(
                        &[sp.to_vec(), vec![key("after")]].concat(),
                        format!("after = {k}; give a number of rounds from 1 to 10000"),
                    ));
                }
                Some((
                    k as usize,
                    state_index(t, &[sp.to_vec(), vec![key("then")]].concat())?,
                ))
            }
            (Some(_), None) => {
                return Err(ctx.err(
                    &sp,
                    "`after` needs `then`, the state entered when the rounds are up",
                ));
            }
            (None, Some(_)) => {
                return Err(ctx.err(
                    &sp,
                    "`then` needs `after`, the number of rounds spent in this state",
                ));
            }
        };
        out.push(CustomState {
            name: sname.clone(),
            play,
            on,
            after,
        });
    }
    Ok(StrategyKind::Custom { start, states: out })
}

/// The library's strategy kinds, as `kind` names them.
const KINDS: [&str; 7] = [
    "always",
    "grim_trigger",
    "tit_for_tat",
    "tit_for_two_tats",
    "generous_tit_for_tat",
    "limited_punishment",
    "win_stay_lose_shift",
];

/// The built-in strategy a name would be read as, if any: a library kind (`tit_for_tat`)
/// or a classic rule of the tournament's field (`Tit For Tat`), compared without case,
/// spaces or punctuation — so a declared strategy never shares its name with one of
/// them in a report or a tournament.
pub fn built_in_strategy_name(name: &str) -> Option<&'static str> {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let given = key(name);
    KINDS
        .into_iter()
        .chain(
            crate::tournament::classics::Classic::reference_field()
                .into_iter()
                .map(|(n, _)| n),
        )
        .find(|b| key(b) == given)
}

/// A strategy's name: one line of visible characters without surrounding spaces, no
/// `:` (the command line's `always:ACTION` is built-in syntax) and not a built-in
/// strategy's name.
fn strategy_name(ctx: &Ctx, name: &str) -> Result<(), Invalid> {
    let at = [key("name")];
    if name.trim().is_empty() {
        return Err(ctx.err(&at, "the strategy's name is empty; give it a name"));
    }
    text_rule(
        name,
        TextKind::Name,
        "the strategy name",
        &[ctx.path.clone(), at.to_vec()].concat(),
    )?;
    if name.trim() != name {
        return Err(ctx.err(
            &at,
            format!(
                "strategy name {} has surrounding spaces; remove them",
                quoted(name)
            ),
        ));
    }
    if name.contains(':') {
        return Err(ctx.err(
            &at,
            format!(
                "strategy name {} holds `:`, which the command line reads as a built-in \
                 strategy (`always:ACTION`); choose a name without `:`",
                quoted(name)
            ),
        ));
    }
    if let Some(b) = built_in_strategy_name(name) {
        return Err(ctx.err(
            &at,
            format!(
                "strategy name {} is taken by the built-in strategy {}; choose another name so \
                 that reports and tournaments tell the two apart",
                quoted(name),
                quoted(b)
            ),
        ));
    }
    Ok(())
}

/// The player a strategy belongs to: `"row"` or `"col"`.
fn owner(ctx: &Ctx, raw: &RawStrategy) -> Result<Player, Invalid> {
    match raw.player.as_str() {
        "row" => Ok(Player::Row),
        "col" => Ok(Player::Col),
        other => Err(ctx.err(
            &[key("player")],
            format!(
                "player {} is not valid; write \"row\" or \"col\"",
                quoted(other)
            ),
        )),
    }
}

fn strategy(ctx: &Ctx, raw: &RawStrategy) -> Result<StrategySpec, Invalid> {
    let me = owner(ctx, raw)?;
    strategy_name(ctx, &raw.name)?;
    let public_only = [
        ("trigger", raw.trigger.is_some()),
        ("punish_rounds", raw.punish_rounds.is_some()),
        ("alarms_in_a_row", raw.alarms_in_a_row.is_some()),
    ];
    let signal_states = raw
        .states
        .iter()
        .flatten()
        .find(|(_, st)| st.on_signal.is_some());
    if raw.kind.as_deref() == Some("public_trigger") {
        return Err(ctx.err(
            &[key("kind")],
            "a public_trigger reads the public signal; declare the signals in a [monitoring] \
             section (e.g. false_alarm = 0.05 and detection = 0.8)",
        ));
    }
    if let Some((field, _)) = public_only.iter().find(|(_, given)| *given) {
        return Err(ctx.err(
            &[key(field)],
            format!(
                "`{field}` belongs to kind = \"public_trigger\", which reads the public signal of \
                 a [monitoring] section; remove it, or add [monitoring]"
            ),
        ));
    }
    if let Some((name, _)) = signal_states {
        return Err(ctx.err(
            &[key("states"), key(name), key("on_signal")],
            "on_signal reads the public signal; declare the signals in a [monitoring] section, \
             or write `on` transitions on the other side's actions",
        ));
    }
    let kind = match raw.kind.as_deref() {
        None => custom(ctx, raw, me)?,
        Some(k) if raw.states.is_some() => {
            return Err(ctx.err(
                &[key("states")],
                format!("a `{k}` strategy takes no states; drop `kind` for a custom automaton"),
            ));
        }
        Some("always") => StrategyKind::Always {
            action: ctx.action(
                me,
                required(ctx, &raw.action, "action", "always")?,
                &[key("action")],
            )?,
        },
        Some("grim_trigger") => StrategyKind::GrimTrigger {
            cooperate: profile(ctx, &raw.cooperate, "grim_trigger")?,
            punish: ctx.action(
                me,
                required(ctx, &raw.punish, "punish", "grim_trigger")?,
                &[key("punish")],
            )?,
        },
        Some("limited_punishment") => {
            let rounds = match raw.rounds {
                Some(k) if (1..=10_000).contains(&k) => k as usize,
                Some(k) => {
                    return Err(ctx.err(
                        &[key("rounds")],
                        format!("rounds = {k}; give a punishment length from 1 to 10000"),
                    ));
                }
                None => {
                    return Err(ctx.err(
                        &[key("rounds")],
                        "limited_punishment needs `rounds`, the length of the punishment",
                    ));
                }
            };
            StrategyKind::LimitedPunishment {
                cooperate: profile(ctx, &raw.cooperate, "limited_punishment")?,
                punish: ctx.action(
                    me,
                    required(ctx, &raw.punish, "punish", "limited_punishment")?,
                    &[key("punish")],
                )?,
                rounds,
            }
        }
        Some("win_stay_lose_shift") => StrategyKind::WinStayLoseShift {
            cooperate: profile(ctx, &raw.cooperate, "win_stay_lose_shift")?,
            shift: ctx.action(
                me,
                required(ctx, &raw.shift, "shift", "win_stay_lose_shift")?,
                &[key("shift")],
            )?,
        },
        Some(k @ ("tit_for_tat" | "tit_for_two_tats" | "generous_tit_for_tat")) => {
            let (cooperate, replies) = tft_params(ctx, raw, me)?;
            match k {
                "tit_for_tat" => StrategyKind::TitForTat { cooperate, replies },
                "tit_for_two_tats" => StrategyKind::TitForTwoTats { cooperate, replies },
                _ => {
                    let forgive = raw.forgive.unwrap_or(1.0 / 3.0);
                    if !(forgive.is_finite() && (0.0..=1.0).contains(&forgive)) {
                        return Err(ctx.err(
                            &[key("forgive")],
                            format!("forgive = {forgive} is outside [0, 1]; it is a probability"),
                        ));
                    }
                    StrategyKind::GenerousTitForTat {
                        cooperate,
                        replies,
                        forgive,
                    }
                }
            }
        }
        Some(other) => {
            return Err(ctx.err(
                &[key("kind")],
                format!("unknown strategy kind {}{}; the kinds are {}, or leave out `kind` and give `states`", quoted(other), did_you_mean(other, KINDS), KINDS.join(", ")),
            ));
        }
    };
    transition_budget(ctx, kind.automaton_states(), &[])?;
    Ok(StrategySpec {
        name: raw.name.clone(),
        player: me,
        kind,
    })
}

/// Validates a whole raw scenario.
/// The stochastic game of a file with `[[state]]` sections (`None` without them), and the
/// checks that tie the sections to the rest of the file.
fn stochastic_part(
    raw: &RawScenario,
    row: &PlayerInfo,
    col: &PlayerInfo,
    params: &BTreeMap<String, f64>,
    warnings: &mut Vec<Invalid>,
) -> Result<Option<super::StateGame>, Invalid> {
    if raw.state.is_empty() {
        if let Some(i) = &raw.initial {
            return Err(Invalid::at(
                &[key("initial")],
                format!(
                    "`initial = {}` names the first state of a stochastic game, and the file has \
                     no [[state]] sections; add them or drop `initial`",
                    quoted(i)
                ),
            ));
        }
        if raw.payoffs.is_empty() {
            return Err(Invalid::at(
                &[],
                "the file has no [payoffs]; give the payoffs of the game (or [[state]] sections, \
                 each with its own [state.payoffs], for a stochastic game)",
            ));
        }
        return Ok(None);
    }
    if !raw.payoffs.is_empty() {
        return Err(Invalid::at(
            &[key("payoffs")],
            "a file with [[state]] sections has no top-level [payoffs]: each state has its own \
             [state.payoffs]; move these payoffs into a state",
        ));
    }
    if raw.monitoring.is_some() {
        return Err(Invalid::at(
            &[key("monitoring")],
            "[monitoring] (imperfect public monitoring) is not available for stochastic games \
             ([[state]] sections); drop one of the two",
        ));
    }
    super::states_section::validate(
        &raw.state,
        raw.initial.as_deref(),
        row,
        col,
        params,
        warnings,
    )
    .map(|game| {
        Some(super::StateGame {
            game,
            row: row.clone(),
            col: col.clone(),
        })
    })
}

/// Validates a whole raw scenario.
pub fn scenario(raw: RawScenario) -> Result<Scenario, Invalid> {
    for (field, value, kind) in [
        ("title", &raw.title, TextKind::Title),
        ("description", &raw.description, TextKind::Description),
        ("source", &raw.source, TextKind::Description),
    ] {
        if let Some(v) = value {
            text_rule(v, kind, &format!("the {field}"), &[key(field)])?;
        }
    }
    let row = player_info(&raw.row, "row")?;
    let col = player_info(&raw.col, "col")?;
    if row.actions.len() * col.actions.len() > super::MAX_CELLS {
        return Err(Invalid::at(
            &[],
            format!("the game has more than {} cells", super::MAX_CELLS),
        ));
    }
    let params = raw.parameters.clone().unwrap_or_default();
    for (name, v) in &params {
        if name.chars().count() > crate::text::MAX_NAME_CHARS {
            return Err(Invalid::at(
                &[key("parameters"), key(name)],
                format!(
                    "parameter name {} is longer than {} characters; shorten it",
                    quoted(name),
                    crate::text::MAX_NAME_CHARS
                ),
            ));
        }
        let ok_name = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !ok_name {
            return Err(Invalid::at(
                &[key("parameters"), key(name)],
                format!(
                    "parameter name {} is not usable in expressions; use letters, digits and _ (starting with a letter or _)",
                    quoted(name)
                ),
            ));
        }
        // A name the expression language reads as something else (a constant such as `E`
        // or `PI`, a function such as `sqrt`) would be silently shadowed in the payoffs.
        let reads_as_itself = {
            use exmex::Express;
            exmex::parse::<f64>(name).is_ok_and(|e| e.var_names() == [name.to_string()])
        };
        if !reads_as_itself {
            return Err(Invalid::at(
                &[key("parameters"), key(name)],
                format!(
                    "parameter name {name:?} is taken by the expression language (a constant such \
                     as E or PI, or a function); choose another name"
                ),
            ));
        }
        if !v.is_finite() {
            return Err(Invalid::at(
                &[key("parameters"), key(name)],
                format!("parameter {name} = {v} is not a finite number"),
            ));
        }
    }
    let mut warnings = Vec::new();
    let stochastic = stochastic_part(&raw, &row, &col, &params, &mut warnings)?;
    let game = match &stochastic {
        // The stage game of the initial state stands for the game where one is needed
        // (with one state, it is the repeated game).
        Some(sg) => sg.game.game(sg.game.initial()).clone(),
        None => {
            let (a, b) = payoff_matrices(&raw.payoffs, &row, &col, &params, &[key("payoffs")])?;
            Game::new(row.clone(), col.clone(), a, b)
                .map_err(|e| Invalid::at(&[key("payoffs")], e.to_string()))?
        }
    };
    let repeated = raw
        .repeated
        .as_ref()
        .map(|r| super::repeated_section::validate(r, &game))
        .transpose()?;
    let (row_index, col_index) = (action_index(&row), action_index(&col));
    let signal_names = raw
        .monitoring
        .as_ref()
        .map(super::monitoring_section::signal_names)
        .transpose()?;
    let mut strategies: Vec<StrategySpec> = Vec::with_capacity(raw.strategy.len());
    let mut public_strategies = Vec::new();
    let mut names: HashSet<&str> = HashSet::with_capacity(raw.strategy.len());
    for (k, s) in raw.strategy.iter().enumerate() {
        let ctx = Ctx {
            game_row: &row,
            game_col: &col,
            row_index: &row_index,
            col_index: &col_index,
            cells: row.actions.len() * col.actions.len(),
            path: vec![key("strategy"), Seg::Index(k)],
        };
        let name = match &signal_names {
            None => {
                let spec = strategy(&ctx, s)?;
                strategies.push(spec);
                &s.name
            }
            Some(signals) => {
                let me = owner(&ctx, s)?;
                strategy_name(&ctx, &s.name)?;
                let spec = super::monitoring_section::public_strategy(&ctx, s, me, signals)?;
                public_strategies.push(spec);
                &s.name
            }
        };
        if !names.insert(name.as_str()) {
            return Err(ctx.err(
                &[key("name")],
                format!(
                    "duplicate strategy name {}; strategy names must be unique",
                    quoted(name)
                ),
            ));
        }
    }
    let monitoring = match &raw.monitoring {
        None => None,
        Some(m) => {
            let sources = super::monitoring_section::TruceSources {
                declared: repeated.as_ref().and_then(|r| r.truce),
                strategies: public_strategies
                    .iter()
                    .find_map(crate::monitoring::spec::PublicStrategySpec::cooperate),
            };
            Some(super::monitoring_section::validate(
                m,
                &game,
                &params,
                &sources,
                &mut warnings,
            )?)
        }
    };
    let mut sweeps = Vec::with_capacity(raw.sweep.len());
    for (k, w) in raw.sweep.iter().enumerate() {
        let end = |field: &str, v: &RawNumber| -> Result<f64, Invalid> {
            let at = [key("sweep"), Seg::Index(k), key(field)];
            match v {
                RawNumber::Int(i) => Ok(*i as f64),
                RawNumber::Float(f) => Ok(*f),
                RawNumber::Text(t) => read_number_text(t).map_err(|e| {
                    let why = match e {
                        NumberTextError::NotANumber => "is not a number",
                        NumberTextError::OutOfRange => {
                            "is beyond the range of floating-point numbers"
                        }
                        NumberTextError::ZeroDenominator => "divides by zero",
                    };
                    Invalid::at(
                        &at,
                        format!(
                            "{} {why}; give a number or a fraction such as \"1/3\"",
                            quoted(t)
                        ),
                    )
                }),
            }
        };
        let (from, to) = (end("from", &w.from)?, end("to", &w.to)?);
        let req = super::SweepRequest::new(&w.param, from, to, w.points, &params)
            .map_err(|(field, m)| Invalid::at(&[key("sweep"), Seg::Index(k), key(field)], m))?;
        sweeps.push(req);
    }
    Ok(Scenario {
        title: raw.title.clone().unwrap_or_default(),
        description: raw.description.clone(),
        source: raw.source.clone(),
        game,
        repeated,
        strategies,
        monitoring,
        public_strategies,
        stochastic,
        parameters: params,
        sweeps,
        raw: Some(Box::new(raw)),
        warnings: Vec::new(),
        warnings_at: warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_text_forms() {
        assert_eq!(parse_number_text("3/4"), Some(0.75));
        assert_eq!(parse_number_text(" -1.5e2 "), Some(-150.0));
        assert_eq!(parse_number_text("nan"), None);
        assert_eq!(parse_number_text("inf"), None);
        assert_eq!(parse_number_text("1/0"), None);
        assert_eq!(parse_number_text("x"), None);
        assert_eq!(parse_number_text(".5"), Some(0.5));
        assert_eq!(parse_number_text("5."), Some(5.0));
        assert_eq!(parse_number_text("+2E-1"), Some(0.2));
        assert_eq!(parse_number_text("1e"), None);
        assert_eq!(parse_number_text("."), None);
        assert_eq!(parse_number_text("1/2/3"), None);
    }

    #[test]
    fn fractions_of_big_numbers_are_divided_exactly() {
        let (p, q) = ("9".repeat(400), "7".repeat(399));
        let v = read_number_text(&format!("{p}/{q}")).unwrap();
        assert!((v - 90.0 / 7.0).abs() < 1e-12, "{v}");
        assert_eq!(read_number_text("1e400/1e399"), Ok(10.0));
        assert_eq!(read_number_text("-0.5e-400/1e-400"), Ok(-0.5));
        assert_eq!(read_number_text("1e400"), Err(NumberTextError::OutOfRange));
        assert_eq!(read_number_text(&p), Err(NumberTextError::OutOfRange));
        assert_eq!(
            read_number_text(&format!("{p}/3")),
            Err(NumberTextError::OutOfRange)
        );
        assert_eq!(
            read_number_text("1e99999999999999999/1"),
            Err(NumberTextError::OutOfRange)
        );
        assert_eq!(
            read_number_text("3/0.0"),
            Err(NumberTextError::ZeroDenominator)
        );
        // Fractions of small integers are the correctly rounded quotient, as before.
        assert_eq!(read_number_text("1/3"), Ok(1.0 / 3.0));
        assert_eq!(read_number_text("-22/7"), Ok(-22.0 / 7.0));
    }

    #[test]
    fn unreadable_payoffs_are_explained_in_plain_words() {
        let params: BTreeMap<String, f64> = [("p".to_string(), 1.0)].into();
        let (p400, q400) = ("9".repeat(400), "7".repeat(399));
        let big = format!("{p400}/{q400}");
        for (text, words) in [
            ("1e400", "too large"),
            (p400.as_str(), "too large"),
            ("foo(p)", "`foo` is not a function"),
            ("p(2)", "`p` is not a function"),
            ("()", "the parentheses `()` are empty"),
            ("1/2x", "`2` is followed directly by `x`"),
            ("p+", "it ends with `+`"),
            ("(p", "a `(` is not closed"),
            ("p)", "`)` has no matching `(`"),
            ("2e3*p", "scientific notation"),
            ("p $ 2", "`$` is not part of an expression"),
            ("p p", "an operator is missing between `p` and `p`"),
            ("sqrt p", "`sqrt` is a function"),
            (
                "1 min 2",
                "`min` is a function, which takes its two arguments",
            ),
            ("*p", "`*` has no value before it"),
            ("", "the text is empty"),
            ("1/0", "divides by zero"),
            ("p\u{1b}", "U+001B (escape)"),
        ] {
            let e = number(&RawNumber::Text(text.into()), &[], &params).unwrap_err();
            assert!(e.message.contains(words), "{text:?}: {}", e.message);
            for internal in ["wlog", "ops and", "node"] {
                assert!(!e.message.contains(internal), "{text:?}: {}", e.message);
            }
        }
        let v = number(&RawNumber::Text(big), &[], &params).unwrap();
        assert!((v - 90.0 / 7.0).abs() < 1e-12);
        for (text, value) in [
            ("-p", -1.0),
            ("2^-1", 0.5),
            ("sqrt(4) * p", 2.0),
            ("(p)", 1.0),
            ("min(3, p)", 1.0),
            ("max(p, 2) / 4", 0.5),
        ] {
            let v = number(&RawNumber::Text(text.into()), &[], &params).unwrap();
            assert!((v - value).abs() < 1e-12, "{text}: {v}");
        }
        let long = "1".repeat(MAX_NUMBER_TEXT_CHARS + 1);
        let e = number(&RawNumber::Text(long), &[], &params).unwrap_err();
        assert!(
            e.message.contains("more than the limit of 2000"),
            "{}",
            e.message
        );
    }

    #[test]
    fn expressions_use_parameters() {
        let params: BTreeMap<String, f64> = [("dep".to_string(), 1.5)].into();
        let v = number(&RawNumber::Text("3 - dep/2".into()), &[], &params).unwrap();
        assert!((v - 2.25).abs() < 1e-12);
        assert_eq!(
            number(&RawNumber::Text("1/2".into()), &[], &params).unwrap(),
            0.5
        );
        let e = number(&RawNumber::Text("3 - depp".into()), &[], &params).unwrap_err();
        assert!(e.message.contains("did you mean \"dep\""), "{}", e.message);
    }

    #[test]
    fn hints_name_the_closest_action() {
        assert_eq!(
            did_you_mean("tarif", ["hold", "tariff"]),
            " (did you mean \"tariff\"?)"
        );
        assert_eq!(did_you_mean("zzzzzz", ["hold", "tariff"]), "");
        assert_eq!(
            did_you_mean("HOLD", ["hold", "tariff"]),
            " (did you mean \"hold\"?)"
        );
    }

    #[test]
    fn path_rendering() {
        let e = Invalid::at(&[key("payoffs"), key("tariff"), Seg::Index(2)], "x");
        assert_eq!(e.path_string(), "payoffs.tariff[2]");
    }
}
