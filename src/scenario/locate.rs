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
    let message = e.message().trim().to_string();
    let message = if message.contains("data did not match any variant") {
        format!("{message}; check the value's type against docs/scenarios.md")
    } else {
        message
    };
    LoadError {
        file: file.to_path_buf(),
        position,
        key: None,
        message: format!("invalid scenario TOML: {message}"),
        snippet: position.and_then(|(l, _)| line_of(text, l)),
    }
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
