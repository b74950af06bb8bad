//! Text from scenario files, made safe to keep and to show: which characters a name, a
//! title or a description may hold and how long each may be ([`check`], applied by
//! [`crate::scenario::validate`] and the `.nfg` reader to every string of a file), how
//! text is escaped on its way to a terminal ([`terminal_safe`]), and how it is shortened
//! for display ([`clip`], [`quoted`], [`window`]).
//!
//! The characters refused are those that act instead of being read: the C0 and C1
//! control characters (escape sequences, bell, carriage return, backspace…), DEL, the
//! bidirectional embeddings, overrides, isolates and marks (U+061C, U+200E, U+200F,
//! U+202A–U+202E, U+2066–U+2069) that reorder what a terminal or an editor shows, and
//! the zero-width and invisible formatting characters (U+200B–U+200D, U+2060–U+206F,
//! U+FEFF, U+FFF9–U+FFFB) and line and paragraph separators (U+2028, U+2029) that make
//! two different names look alike. Descriptions may also hold newlines and tabs.
//!
//! This module decides and escapes; it reports nothing itself: callers place an error at
//! the offending value's file position.

use std::borrow::Cow;
use std::fmt;

/// Most characters (Unicode scalar values) of a name: a player's, an action's, a
/// strategy's, a state's or a parameter's.
pub const MAX_NAME_CHARS: usize = 200;

/// Most characters of a scenario's title.
pub const MAX_TITLE_CHARS: usize = 2_000;

/// Most characters of a description or a source (the scenario's or an action's).
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;

/// What a string is, which settles its length limit and whether it may hold line breaks
/// and tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A name: one line, at most [`MAX_NAME_CHARS`].
    Name,
    /// A title: one line, at most [`MAX_TITLE_CHARS`].
    Title,
    /// A description or a source: newlines (LF or CRLF) and tabs allowed, at most
    /// [`MAX_DESCRIPTION_CHARS`].
    Description,
}

impl TextKind {
    /// The most characters a string of this kind may have.
    pub fn max_chars(self) -> usize {
        match self {
            TextKind::Name => MAX_NAME_CHARS,
            TextKind::Title => MAX_TITLE_CHARS,
            TextKind::Description => MAX_DESCRIPTION_CHARS,
        }
    }
}

/// Why a string was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextError {
    /// Longer than its kind allows.
    TooLong {
        /// Its length in characters.
        chars: usize,
        /// The limit.
        limit: usize,
    },
    /// It holds a character that acts instead of being read.
    Forbidden {
        /// 1-based position of the character, counted in characters.
        position: usize,
        /// The character.
        ch: char,
    },
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            TextError::TooLong { chars, limit } => {
                write!(
                    f,
                    "is {chars} characters long, more than the limit of {limit}"
                )
            }
            TextError::Forbidden { position, ch } => {
                write!(f, "holds {} at character {position}", char_name(ch))
            }
        }
    }
}

/// Whether `c` is a control or invisible formatting character (see the module docs):
/// refused in every scenario string, escaped on the way to a terminal.
pub fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

/// `U+001B (escape)`: the code point and, where it has a common name, the name.
pub fn char_name(c: char) -> String {
    let name = match c {
        '\u{0}' => "null",
        '\u{7}' => "bell",
        '\u{8}' => "backspace",
        '\t' => "tab",
        '\n' => "line feed",
        '\u{b}' => "vertical tab",
        '\u{c}' => "form feed",
        '\r' => "carriage return",
        '\u{1b}' => "escape",
        '\u{7f}' => "delete",
        '\u{85}' => "next line",
        '\u{9b}' => "control sequence introducer",
        '\u{61c}' => "arabic letter mark",
        '\u{200b}' => "zero width space",
        '\u{200c}' => "zero width non-joiner",
        '\u{200d}' => "zero width joiner",
        '\u{200e}' => "left-to-right mark",
        '\u{200f}' => "right-to-left mark",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        '\u{202a}' => "left-to-right embedding",
        '\u{202b}' => "right-to-left embedding",
        '\u{202c}' => "pop directional formatting",
        '\u{202d}' => "left-to-right override",
        '\u{202e}' => "right-to-left override",
        '\u{2060}' => "word joiner",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{feff}' => "zero width no-break space (byte order mark)",
        c if c <= '\u{9f}' => "a control character",
        _ => "an invisible formatting character",
    };
    format!("U+{:04X} ({name})", c as u32)
}

/// Checks a string against the rules of its kind: no control or invisible formatting
/// character (descriptions may hold newlines, CRLF line ends and tabs) and no more
/// characters than [`TextKind::max_chars`].
pub fn check(s: &str, kind: TextKind) -> Result<(), TextError> {
    let limit = kind.max_chars();
    let chars = s.chars().count();
    if chars > limit {
        return Err(TextError::TooLong { chars, limit });
    }
    let mut it = s.chars().enumerate().peekable();
    while let Some((k, c)) = it.next() {
        let layout = kind == TextKind::Description
            && (c == '\n' || c == '\t' || (c == '\r' && it.peek().is_some_and(|x| x.1 == '\n')));
        if is_hidden(c) && !layout {
            return Err(TextError::Forbidden {
                position: k + 1,
                ch: c,
            });
        }
    }
    Ok(())
}

/// `text` with every control or invisible formatting character written as `\uXXXX`,
/// except newlines, tabs and CRLF line ends. The escape is JSON's, so a JSON document
/// passed through keeps its meaning (these characters can only occur inside its strings).
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    let layout = |s: &str, k: usize, c: char| {
        c == '\n' || c == '\t' || (c == '\r' && s.as_bytes().get(k + 1) == Some(&b'\n'))
    };
    if !text
        .char_indices()
        .any(|(k, c)| is_hidden(c) && !layout(text, k, c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (k, c) in text.char_indices() {
        if is_hidden(c) && !layout(text, k, c) {
            out.push_str(&format!("\\u{:04X}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` cut to at most `max_chars` characters (counted as Unicode scalar values, never
/// inside one), the last of them an ellipsis when anything was cut.
pub fn clip(text: &str, max_chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        None => Cow::Borrowed(text),
        Some(_) => {
            let keep = max_chars.saturating_sub(1);
            let end = text.char_indices().nth(keep).map_or(text.len(), |(k, _)| k);
            Cow::Owned(format!("{}…", &text[..end]))
        }
    }
}

/// Characters of a value quoted in an error message.
pub const QUOTED_CHARS: usize = 60;

/// A value from a file as an error message quotes it: in double quotes, with control
/// characters escaped, cut to [`QUOTED_CHARS`] characters.
pub fn quoted(text: &str) -> String {
    format!("{:?}", clip(text, QUOTED_CHARS))
}

/// A window of at most `width` characters of `line` around the 1-based character column
/// `col`, as an error shows the offending line above a caret: control characters
/// escaped, tabs shown as spaces, `…` where the line was cut. Returns the text and the
/// 1-based column of the caret in it.
pub fn window(line: &str, col: usize, width: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let at = col.saturating_sub(1).min(chars.len());
    let width = width.max(2);
    let start = if chars.len() <= width {
        0
    } else {
        at.saturating_sub(width / 2).min(chars.len() - width)
    };
    let end = (start + width).min(chars.len());
    let mut shown = String::new();
    let mut caret = 1;
    if start > 0 {
        shown.push('…');
        caret += 1;
    }
    for (k, &c) in chars[start..end].iter().enumerate() {
        let piece = match c {
            '\t' => " ".to_string(),
            c if is_hidden(c) => format!("\\u{:04X}", c as u32),
            c => c.to_string(),
        };
        if start + k < at {
            caret += piece.chars().count();
        }
        shown.push_str(&piece);
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_refuse_controls_and_invisible_characters() {
        assert_eq!(check("hold", TextKind::Name), Ok(()));
        assert_eq!(check("Côte d’Ivoire — δ", TextKind::Name), Ok(()));
        for (s, ch, position) in [
            ("a\u{1b}[2J", '\u{1b}', 2),
            ("bell\u{7}", '\u{7}', 5),
            ("two\nlines", '\n', 4),
            ("tab\there", '\t', 4),
            ("\u{202e}evil", '\u{202e}', 1),
            ("zero\u{200b}width", '\u{200b}', 5),
            ("iso\u{2066}late", '\u{2066}', 4),
            ("bom\u{feff}", '\u{feff}', 4),
            ("c1\u{9b}", '\u{9b}', 3),
        ] {
            assert_eq!(
                check(s, TextKind::Name),
                Err(TextError::Forbidden { position, ch }),
                "{s:?}"
            );
        }
    }

    #[test]
    fn descriptions_may_hold_lines_and_tabs_but_not_lone_carriage_returns() {
        assert_eq!(check("one\ntwo\r\nthree\tx", TextKind::Description), Ok(()));
        assert_eq!(
            check("over\rwrite", TextKind::Description),
            Err(TextError::Forbidden {
                position: 5,
                ch: '\r'
            })
        );
        assert!(check("a\nb", TextKind::Title).is_err());
    }

    #[test]
    fn lengths_are_counted_in_characters() {
        let name = "é".repeat(MAX_NAME_CHARS);
        assert_eq!(check(&name, TextKind::Name), Ok(()));
        let longer = format!("{name}é");
        assert_eq!(
            check(&longer, TextKind::Name),
            Err(TextError::TooLong {
                chars: MAX_NAME_CHARS + 1,
                limit: MAX_NAME_CHARS
            })
        );
        assert_eq!(
            TextError::TooLong {
                chars: 201,
                limit: 200
            }
            .to_string(),
            "is 201 characters long, more than the limit of 200"
        );
    }

    #[test]
    fn characters_are_named() {
        assert_eq!(char_name('\u{1b}'), "U+001B (escape)");
        assert_eq!(char_name('\u{202e}'), "U+202E (right-to-left override)");
        assert_eq!(char_name('\u{1}'), "U+0001 (a control character)");
    }

    #[test]
    fn terminal_text_keeps_layout_and_escapes_the_rest() {
        assert!(matches!(
            terminal_safe("plain δ\n\tx\r\n"),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            terminal_safe("a\u{1b}]0;pwned\u{7}b\u{202e}c\rd"),
            "a\\u001B]0;pwned\\u0007b\\u202Ec\\u000Dd"
        );
        // JSON keeps its meaning: the escape is JSON's own.
        let json = serde_json::to_string("x\u{202e}y").unwrap();
        let safe = terminal_safe(&json);
        assert_eq!(serde_json::from_str::<String>(&safe).unwrap(), "x\u{202e}y");
    }

    #[test]
    fn clipping_counts_characters_not_bytes() {
        assert_eq!(clip("hold", 4), "hold");
        assert_eq!(clip("holdout", 4), "hol…");
        assert_eq!(clip("ééééé", 3), "éé…");
        assert_eq!(quoted(&"x".repeat(1000)).chars().count(), QUOTED_CHARS + 2);
    }

    #[test]
    fn windows_of_long_lines_keep_the_caret_on_its_character() {
        let line = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let (shown, caret) = window(&line, 5001, 100);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.chars().count() <= 102);
        assert_eq!(shown.chars().nth(caret - 1), Some('X'));
        let (shown, caret) = window("a\u{1b}b", 3, 100);
        assert_eq!(shown, "a\\u001Bb");
        assert_eq!(shown.chars().nth(caret - 1), Some('b'));
        assert_eq!(window("short", 2, 100), ("short".to_string(), 2));
    }
}
