//! A plain-text table with aligned columns (the first column left-aligned, the rest
//! left-aligned too: action names and payoff pairs read best that way).

/// Rows of cells under a header.
#[derive(Debug, Clone, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with the given header.
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Self {
        Table {
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row.
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// Renders with two spaces between columns and a rule under the header.
    pub fn render(&self, indent: usize) -> String {
        let ncols = self
            .rows
            .iter()
            .map(Vec::len)
            .chain([self.header.len()])
            .max()
            .unwrap_or(0);
        let mut widths = vec![0; ncols];
        for r in std::iter::once(&self.header).chain(&self.rows) {
            for (k, c) in r.iter().enumerate() {
                widths[k] = widths[k].max(c.chars().count());
            }
        }
        let pad = " ".repeat(indent);
        let line = |r: &Vec<String>| {
            let cells: Vec<String> = (0..ncols)
                .map(|k| {
                    let c = r.get(k).map_or("", String::as_str);
                    padded(c, widths[k])
                })
                .collect();
            format!("{pad}{}", cells.join("  ").trim_end())
        };
        let mut out = String::new();
        if !self.header.is_empty() {
            out.push_str(&line(&self.header));
            out.push('\n');
            let total: usize = widths.iter().sum::<usize>() + 2 * ncols.saturating_sub(1);
            out.push_str(&format!("{pad}{}\n", "-".repeat(total)));
        }
        for r in &self.rows {
            out.push_str(&line(r));
            out.push('\n');
        }
        out
    }
}

/// `s` followed by spaces up to `width` characters. (The formatter's own width, as in
/// `{s:<w$}`, panics beyond 65,535, and a column is as wide as its longest name.)
pub fn padded(s: &str, width: usize) -> String {
    let n = s.chars().count();
    let mut out = String::with_capacity(s.len() + width.saturating_sub(n));
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(n)));
    out
}

/// A number for humans: integers without decimals, others with up to 6 significant
/// decimals and no trailing zeros.
pub fn num(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, with
/// quotes doubled.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align() {
        let mut t = Table::new(["a", "bb"]);
        t.row(["ccc", "d"]);
        assert_eq!(t.render(0), "a    bb\n-------\nccc  d\n");
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(num(3.0), "3");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(1.0 / 3.0), "0.333333");
        assert_eq!(num(-0.0000001), "0");
    }
}
