//! Maps errors back to places in the source text: byte offsets to `line:column`, and a
//! validation error's key path to the span of that key in a TOML document.

use std::ops::Range;
use std::path::Path;

use toml_edit::{ImDocument, Item, Value};

use super::LoadError;
use super::validate::{Invalid, Seg};

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = text[start..offset].chars().count() + 1;
    (line, col)
}

/// The text of 1-based line `line`, if it exists.
pub fn line_of(text: &str, line: usize) -> Option<String> {
    text.lines()
        .nth(line.checked_sub(1)?)
        .map(|l| l.to_string())
}

/// A TOML parse or type error, placed at its span.
pub fn toml_syntax_error(text: &str, file: &Path, e: &toml::de::Error) -> LoadError {
    let position = e.span().map(|s| line_col(text, s.start));
    let message = plain_words(e.message().trim(), "a table");
    LoadError {
        file: file.to_path_buf(),
        position,
        key: None,
        message: format!("invalid scenario TOML: {message}"),
        snippet: position.and_then(|(l, _)| line_of(text, l)),
    }
}

/// A serde message in the words of the file: serde names the Rust types of the schema
/// (`f64`, `i64`) and its own data model (`sequence`, `map`), which mean nothing to the
/// reader of a scenario. `table` is what the format calls a map ("a table", "an object").
pub fn plain_words(message: &str, table: &str) -> String {
    let mut m = message.to_string();
    for (serde, plain) in [
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected i64", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected u64", "expected a whole number, 0 or more"),
        ("expected u32", "expected a whole number, 0 or more"),
        ("expected usize", "expected a whole number, 0 or more"),
        ("expected a sequence", "expected an array"),
        ("invalid type: sequence", "invalid type: array"),
    ] {
        m = m.replace(serde, plain);
    }
    m.replace("expected a map", &format!("expected {table}"))
        .replace(
            "invalid type: map",
            &format!(
                "invalid type: {}",
                table.trim_start_matches("a ").trim_start_matches("an ")
            ),
        )
}

fn value_span(v: &Value, rest: &[Seg]) -> Option<Range<usize>> {
    let here = v.span();
    let Some((seg, tail)) = rest.split_first() else {
        return here;
    };
    let deeper = match (seg, v) {
        (Seg::Index(i), Value::Array(arr)) => arr.get(*i).and_then(|x| value_span(x, tail)),
        (Seg::Key(k), Value::InlineTable(t)) => t.get(k).and_then(|x| value_span(x, tail)),
        _ => None,
    };
    deeper.or(here)
}

fn item_span(item: &Item, rest: &[Seg]) -> Option<Range<usize>> {
    match item {
        Item::Value(v) => value_span(v, rest),
        Item::Table(t) => {
            let Some((seg, tail)) = rest.split_first() else {
                return t.span();
            };
            match seg {
                Seg::Key(k) => t
                    .get(k)
                    .and_then(|x| item_span(x, tail))
                    .or_else(|| t.span()),
                Seg::Index(_) => t.span(),
            }
        }
        Item::ArrayOfTables(arr) => {
            let Some((seg, tail)) = rest.split_first() else {
                return arr.span();
            };
            match seg {
                Seg::Index(i) => arr.get(*i).and_then(|t| {
                    let wrapped = Item::Table(t.clone());
                    item_span(&wrapped, tail).or_else(|| t.span())
                }),
                Seg::Key(_) => arr.span(),
            }
        }
        Item::None => None,
    }
}

/// A validation error in a TOML file, placed at the span of its key path.
pub fn toml_validation_error(text: &str, file: &Path, e: Invalid) -> LoadError {
    let span = ImDocument::parse(text).ok().and_then(|doc| {
        let root = Item::Table(doc.as_table().clone());
        item_span(&root, &e.path)
    });
    let position = span.map(|s| line_col(text, s.start));
    LoadError {
        file: file.to_path_buf(),
        position,
        key: (!e.path.is_empty()).then(|| e.path_string()),
        message: e.message,
        snippet: position.and_then(|(l, _)| line_of(text, l)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_words_become_the_schema_words() {
        assert_eq!(
            plain_words("invalid type: string \"0.1\", expected f64", "a table"),
            "invalid type: string \"0.1\", expected a number"
        );
        assert_eq!(
            plain_words("invalid type: map, expected a sequence", "an object"),
            "invalid type: object, expected an array"
        );
    }

    #[test]
    fn offsets_to_lines_and_columns() {
        let t = "ab\ncd\nef";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 4), (2, 2));
        assert_eq!(line_col(t, 100), (3, 3));
    }

    #[test]
    fn key_paths_resolve_to_spans() {
        let t = "[payoffs]\nhold = [[1, 2], [3, 4]]\n";
        let e = Invalid {
            path: vec![
                Seg::Key("payoffs".into()),
                Seg::Key("hold".into()),
                Seg::Index(1),
            ],
            message: "x".into(),
        };
        let err = toml_validation_error(t, Path::new("f.toml"), e);
        assert_eq!(err.position, Some((2, 17)));
    }
}

/// The byte offset of the value at key path `path` in a JSON document (of the deepest
/// part of the path that exists), found by a small scanner over the JSON tokens; `None`
/// when the text is not JSON the scanner can follow.
pub fn json_path_offset(text: &str, path: &[Seg]) -> Option<usize> {
    let b = text.as_bytes();
    let mut at = skip_ws(b, 0);
    for seg in path {
        match (seg, b.get(at)?) {
            (Seg::Key(k), b'{') => {
                let mut p = skip_ws(b, at + 1);
                let mut found = None;
                while b.get(p)? != &b'}' {
                    let (key, after) = json_string(b, p)?;
                    p = skip_ws(b, after);
                    if b.get(p)? != &b':' {
                        return None;
                    }
                    p = skip_ws(b, p + 1);
                    if key == *k {
                        found = Some(p);
                        break;
                    }
                    p = skip_ws(b, skip_value(b, p)?);
                    if b.get(p) == Some(&b',') {
                        p = skip_ws(b, p + 1);
                    }
                }
                match found {
                    Some(p) => at = p,
                    None => return Some(at),
                }
            }
            (Seg::Index(i), b'[') => {
                let mut p = skip_ws(b, at + 1);
                let mut k = 0;
                while b.get(p)? != &b']' && k < *i {
                    p = skip_ws(b, skip_value(b, p)?);
                    if b.get(p) == Some(&b',') {
                        p = skip_ws(b, p + 1);
                    }
                    k += 1;
                }
                if b.get(p)? == &b']' {
                    return Some(at);
                }
                at = p;
            }
            _ => return Some(at),
        }
    }
    Some(at)
}

fn skip_ws(b: &[u8], mut p: usize) -> usize {
    while b.get(p).is_some_and(|c| c.is_ascii_whitespace()) {
        p += 1;
    }
    p
}

/// The string starting at `p` (a `"`), unescaped well enough to compare keys, and the
/// offset after its closing quote.
fn json_string(b: &[u8], p: usize) -> Option<(String, usize)> {
    if b.get(p)? != &b'"' {
        return None;
    }
    let mut out = Vec::new();
    let mut q = p + 1;
    loop {
        match *b.get(q)? {
            b'"' => return Some((String::from_utf8_lossy(&out).into_owned(), q + 1)),
            b'\\' => {
                out.push(*b.get(q + 1)?);
                q += 2;
            }
            c => {
                out.push(c);
                q += 1;
            }
        }
    }
}

/// The offset just after the JSON value starting at `p`.
fn skip_value(b: &[u8], p: usize) -> Option<usize> {
    match *b.get(p)? {
        b'"' => json_string(b, p).map(|(_, q)| q),
        open @ (b'{' | b'[') => {
            let close = if open == b'{' { b'}' } else { b']' };
            let mut q = skip_ws(b, p + 1);
            while b.get(q)? != &close {
                if open == b'{' {
                    let (_, after) = json_string(b, q)?;
                    q = skip_ws(b, after);
                    if b.get(q)? != &b':' {
                        return None;
                    }
                    q = skip_ws(b, q + 1);
                }
                q = skip_ws(b, skip_value(b, q)?);
                if b.get(q) == Some(&b',') {
                    q = skip_ws(b, q + 1);
                }
            }
            Some(q + 1)
        }
        _ => {
            let mut q = p;
            while b
                .get(q)
                .is_some_and(|c| !c.is_ascii_whitespace() && !matches!(c, b',' | b']' | b'}'))
            {
                q += 1;
            }
            (q > p).then_some(q)
        }
    }
}

#[cfg(test)]
mod json_tests {
    use super::*;

    #[test]
    fn json_paths_are_found() {
        let text = "{\n  \"row\": {\"name\": \"R\"},\n  \"payoffs\": {\"a\": [[1, 2], [3, \"x\\\"y\"]]},\n  \"sweep\": [{\"param\": \"k\", \"to\": 1.5}]\n}";
        let at = |p: &[Seg]| json_path_offset(text, p).map(|o| line_col(text, o));
        let key = |k: &str| Seg::Key(k.into());
        assert_eq!(
            at(&[key("payoffs"), key("a"), Seg::Index(1), Seg::Index(1)]),
            Some((3, 33))
        );
        assert_eq!(at(&[key("sweep"), Seg::Index(0), key("to")]), Some((4, 34)));
        // A missing key stops at the deepest part that exists.
        assert_eq!(at(&[key("row"), key("actions")]), Some((2, 10)));
        assert_eq!(json_path_offset("not json", &[key("x")]), Some(0));
    }
}
