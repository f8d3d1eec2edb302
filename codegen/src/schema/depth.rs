//! A guard run before a YAML file is parsed: refuse nesting deeper than any schema needs.
//!
//! The YAML parser takes time quadratic in the depth of flow collections (`[[[[...`: 100,000
//! levels in a 200 KB file took a minute), so depth is measured first, by a scan that costs one
//! pass over the text and parses nothing. It counts flow brackets outside quoted scalars and
//! comments, and block nesting by indentation (a `- ` entry opening a level of its own). It
//! may count a little more than the parser would (a bracket inside a plain scalar), never less
//! than the flow depth; the limit is far above what a schema nests.

/// The deepest nesting a schema file may have. Voucherify's schemas nest less than 30 levels
/// (indentation and brackets together).
pub const MAX_DEPTH: usize = 100;

/// Where a file first nests deeper than [`MAX_DEPTH`]: 1-based line and column, or `None`.
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut flow = 0usize;
    // Indentation columns of the open block levels, innermost last.
    let mut block: Vec<usize> = Vec::new();
    let mut quote: Option<u8> = None;
    for (line_index, line) in text.lines().enumerate() {
        let bytes = line.as_bytes();
        let mut i = 0;
        if quote.is_none() && flow == 0 {
            // Block nesting: the indentation, then each `- ` or `? ` that opens an entry.
            let mut column = bytes.iter().take_while(|&&b| b == b' ').count();
            let content = &bytes[column..];
            if !content.is_empty() && content[0] != b'#' {
                while block.last().is_some_and(|&open| open > column) {
                    block.pop();
                }
                loop {
                    if block.last().is_none_or(|&open| open < column) {
                        block.push(column);
                        if block.len() > MAX_DEPTH {
                            return Some((line_index + 1, column + 1));
                        }
                    }
                    let rest = &bytes[column..];
                    let opens_entry = matches!(rest.first(), Some(b'-' | b'?'))
                        && rest.get(1).is_none_or(|&b| b == b' ');
                    if !opens_entry {
                        break;
                    }
                    column += 1 + rest[1..].iter().take_while(|&&b| b == b' ').count();
                    if column >= bytes.len() {
                        break;
                    }
                }
            }
            i = column.min(bytes.len());
        }
        // Flow brackets, outside quoted scalars and comments.
        while i < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(b'"') if b == b'\\' => i += 1,
                Some(q) if b == q => {
                    // `''` inside a single-quoted scalar is an escaped quote.
                    if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 1;
                    } else {
                        quote = None;
                    }
                }
                Some(_) => {}
                None => {
                    let after_space = i == 0 || matches!(bytes[i - 1], b' ' | b'\t');
                    let starts_scalar =
                        i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'[' | b'{' | b',' | b':');
                    match b {
                        b'#' if after_space => break,
                        b'"' | b'\'' if starts_scalar => quote = Some(b),
                        b'[' | b'{' => {
                            flow += 1;
                            if flow + block.len() > MAX_DEPTH {
                                return Some((line_index + 1, i + 1));
                            }
                        }
                        b']' | b'}' => flow = flow.saturating_sub(1),
                        _ => {}
                    }
                }
            }
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_flow_nesting_is_refused_at_its_place() {
        let text = format!(
            "name: A\ntype: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert_eq!(too_deep(&text), Some((2, 7 + MAX_DEPTH - 1)));
        let text = format!("x: {}\n", "{a: ".repeat(100_000));
        assert_eq!(too_deep(&text), Some((1, 4 + (MAX_DEPTH - 1) * 4)));
    }

    #[test]
    fn deep_block_nesting_is_refused_at_its_place() {
        let mut text = String::new();
        for level in 0..200 {
            text.push_str(&format!("{}k{level}:\n", " ".repeat(level)));
        }
        assert_eq!(too_deep(&text), Some((MAX_DEPTH + 1, MAX_DEPTH + 1)));
        let text = format!("x:\n  {}y\n", "- ".repeat(1000));
        assert_eq!(too_deep(&text), Some((2, 1 + 2 * MAX_DEPTH)));
    }

    #[test]
    fn brackets_in_quotes_and_comments_do_not_count() {
        let brackets = "[".repeat(MAX_DEPTH * 2);
        for text in [
            format!("a: \"{brackets}\"\n"),
            format!("a: '{brackets}'\n"),
            format!("a: 'it''s {brackets}'\n"),
            format!("a: \"\\\" {brackets}\"\n"),
            format!("a: 1 # {brackets}\n"),
            format!("# {brackets}\n"),
            format!("a: [x, \"{brackets}\", {{b: '{brackets}'}}]\n"),
        ] {
            assert_eq!(too_deep(&text), None, "{text}");
        }
        // A quote inside a plain scalar opens nothing.
        let text = format!("a: don't\nb: {}{}\n", "[".repeat(50), "]".repeat(50));
        assert_eq!(too_deep(&text), None);
    }

    #[test]
    fn the_shipped_schemas_are_far_from_the_limit() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
        let mut files = vec![root.join("envelope.yaml"), root.join("overrides.yaml")];
        for dir in ["events", "objects"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("schemas folder") {
                files.push(entry.expect("entry").path());
            }
        }
        for file in files {
            let text = std::fs::read_to_string(&file).expect("readable");
            assert_eq!(too_deep(&text), None, "{}", file.display());
        }
    }
}
