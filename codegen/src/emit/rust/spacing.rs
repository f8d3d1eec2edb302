//! Blank lines between items. prettyplease prints items back to back; a reader (and a diff
//! reviewer) finds one item per paragraph easier to follow. The output is ours alone (no
//! string literal spans lines), so a line-based pass is enough.

/// Inserts a blank line between two items at the same indentation: after a line that closes
/// one (`}` or `;`) and before one that opens the next (a doc comment or a keyword). Runs of
/// one-line declarations (`use`, `mod x;`) stay together, and so do match arms.
pub fn space_items(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (i, line) in lines.iter().enumerate() {
        if let Some(previous) = i.checked_sub(1).map(|p| lines[p]) {
            if starts_item(previous, line) {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// A one-line declaration, or the `cfg` that gates one.
fn is_declaration(line: &str) -> bool {
    let line = line.trim_start();
    [
        "use ",
        "pub use ",
        "mod ",
        "pub mod ",
        "#[cfg(",
        "#[rustfmt::skip]",
    ]
    .iter()
    .any(|d| line.starts_with(d))
}

fn starts_item(previous: &str, line: &str) -> bool {
    // Not `#[cfg(`: it also stands before match arms.
    const OPENERS: &[&str] = &[
        "///",
        "#[derive",
        "#[doc",
        "pub ",
        "pub(crate) ",
        "mod ",
        "impl ",
        "fn ",
        "const ",
        "use ",
        "struct ",
        "enum ",
    ];
    // A comment's text may end with either (a doc line ending in `;`): it closes nothing.
    let code = !previous.trim_start().starts_with("//");
    let closes = code && (previous.trim_end().ends_with('}') || previous.trim_end().ends_with(';'));
    let opens = OPENERS.iter().any(|o| line.trim_start().starts_with(o));
    closes
        && opens
        && indent(previous) == indent(line)
        && !(is_declaration(previous) && is_declaration(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_items_but_not_fields_or_uses() {
        let text = "use a::B;\nuse c::D;\npub struct A {\n    pub x: i64,\n    pub y: i64,\n}\n/// Doc.\npub struct B;\npub use self::a::*;\n#[cfg(feature = \"x\")]\npub use self::x::*;\nmatch x {\n    A => {\n    }\n    #[cfg(b)]\n    B => {}\n}\n";
        let expected = "use a::B;\nuse c::D;\n\npub struct A {\n    pub x: i64,\n    pub y: i64,\n}\n\n/// Doc.\npub struct B;\n\npub use self::a::*;\n#[cfg(feature = \"x\")]\npub use self::x::*;\nmatch x {\n    A => {\n    }\n    #[cfg(b)]\n    B => {}\n}\n";
        assert_eq!(space_items(text), expected);
    }

    #[test]
    fn a_doc_line_ending_like_code_stays_with_the_next() {
        let text = "/// One sentence;
/// the next (`A | B`).
/// Ends in a brace {}
pub enum E {}
";
        assert_eq!(space_items(text), text);
    }
}
