//! `import --prune-overrides`: removes the entries that change nothing from `overrides.yaml`,
//! as a text edit, so that every comment, the order and the quoting of the rest stay as the
//! reviewer wrote them.
//!
//! An entry is the block of lines from its `- at:` line to the next entry's (or the end),
//! with the comment lines just above it. The edit is checked before it is written: the blocks
//! found must be the entries the YAML parser reads, in order, and the text left must parse to
//! the entries kept; otherwise nothing is written and the error says why.

use std::path::Path;

use super::error::ImportError;
use super::overrides::{self, Override};

/// Removes the entries `remove` (0-based indexes into `entries`) from the text of the file.
pub fn prune_text(
    path: &Path,
    text: &str,
    entries: &[Override],
    remove: &[usize],
) -> Result<String, ImportError> {
    let error = |message: String| ImportError::Parse {
        file: path.to_path_buf(),
        pointer: String::new(),
        message: format!("cannot remove the redundant overrides by a text edit: {message}"),
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let starts = entry_starts(&lines);
    if starts.len() != entries.len() {
        return Err(error(format!(
            "found {} entries written as `- at: ...`, the file has {}",
            starts.len(),
            entries.len()
        )));
    }
    for (start, entry) in starts.iter().zip(entries) {
        let at = lines[*start]
            .trim_start()
            .trim_start_matches('-')
            .trim_start()
            .trim_start_matches("at:")
            .trim();
        let at = at.trim_matches(|c| c == '"' || c == '\'');
        if at != entry.at {
            return Err(error(format!(
                "line {} reads `at: {at}` where the entry is `at: {}`",
                start + 1,
                entry.at
            )));
        }
    }
    // Each entry owns the comment lines right above it (the file's header is above
    // `overrides:`, so it stays).
    let begins: Vec<usize> = starts
        .iter()
        .map(|&start| {
            let mut begin = start;
            while begin > 0 && lines[begin - 1].trim_start().starts_with('#') {
                begin -= 1;
            }
            begin
        })
        .collect();
    let mut drop = vec![false; lines.len()];
    for &i in remove {
        let end = begins.get(i + 1).copied().unwrap_or_else(|| {
            // The last entry ends at the last line that is indented deeper than its dash.
            let dash = indent(lines[starts[i]]);
            let mut end = starts[i] + 1;
            while end < lines.len()
                && (lines[end].trim().is_empty() || indent(lines[end]) > dash)
                && !lines[end].trim_start().starts_with('#')
            {
                end += 1;
            }
            end
        });
        drop[begins[i]..end].iter_mut().for_each(|d| *d = true);
    }
    let pruned: String = lines
        .iter()
        .zip(&drop)
        .filter(|(_, d)| !**d)
        .map(|(l, _)| *l)
        .collect();
    let kept: Vec<Override> = entries
        .iter()
        .enumerate()
        .filter(|(i, _)| !remove.contains(i))
        .map(|(_, e)| e.clone())
        .collect();
    let reread = overrides::parse(path, &pruned).map_err(|e| error(e.to_string()))?;
    if reread != kept {
        return Err(error(
            "the edited text does not read as the entries kept".into(),
        ));
    }
    Ok(pruned)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The lines that start an entry: `- at:` at the indentation of the list's first item.
fn entry_starts(lines: &[&str]) -> Vec<usize> {
    let is_start = |l: &str| l.trim_start().starts_with("- at:");
    let Some(first) = lines.iter().position(|l| is_start(l)) else {
        return Vec::new();
    };
    let width = indent(lines[first]);
    (first..lines.len())
        .filter(|&i| is_start(lines[i]) && indent(lines[i]) == width)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# The header.
overrides:
  # About A.
  - at: A
    nullable: true
    evidence: \"a\"
  # About B,
  # on two lines.
  - at: B/properties/x
    optional: [x]
    evidence: b

  - at: C
    nullable: true   # trailing
    evidence: c
# The end.
";

    fn prune(remove: &[usize]) -> Result<String, ImportError> {
        let path = Path::new("overrides.yaml");
        let entries = overrides::parse(path, FILE).unwrap();
        prune_text(path, FILE, &entries, remove)
    }

    #[test]
    fn removes_an_entry_with_its_comments_and_keeps_the_rest() {
        let text = prune(&[1]).unwrap();
        assert_eq!(
            text,
            "# The header.\noverrides:\n  # About A.\n  - at: A\n    nullable: true\n    evidence: \"a\"\n  - at: C\n    nullable: true   # trailing\n    evidence: c\n# The end.\n"
        );
    }

    #[test]
    fn the_first_and_last_entries_go_but_the_header_and_footer_stay() {
        let text = prune(&[0, 2]).unwrap();
        assert_eq!(
            text,
            "# The header.\noverrides:\n  # About B,\n  # on two lines.\n  - at: B/properties/x\n    optional: [x]\n    evidence: b\n\n# The end.\n"
        );
    }
}
