//! `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}` and
//! `${VAR:?message}` substitution, as BuildKit does for `FROM`, `COPY`, `ENV`, `USER`, ….

/// The result of [`expand`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expanded {
    pub value: String,
    /// Variables used without a value (and without a default that applies), in order.
    pub unresolved: Vec<String>,
}

/// Substitutes variables in `text` (a word whose quotes were already removed). The escape
/// character keeps a `$` literal. `lookup` gives a variable's value, `None` when unset or unknown.
/// Never panics; a malformed `${` is kept as text.
pub fn expand(text: &str, escape: char, lookup: impl Fn(&str) -> Option<String>) -> Expanded {
    let mut out = Expanded::default();
    let chars: Vec<char> = text.chars().collect();
    expand_into(&chars, escape, &lookup, &mut out, 0);
    out
}

fn expand_into(
    chars: &[char],
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
    out: &mut Expanded,
    depth: usize,
) {
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == escape && chars.get(i + 1) == Some(&'$') {
            out.value.push('$');
            i += 2;
            continue;
        }
        if c != '$' {
            out.value.push(c);
            i += 1;
            continue;
        }
        match chars.get(i + 1) {
            Some('{') => {
                // Find the matching `}`, allowing nested `${…}` in the word.
                let mut level = 0usize;
                let mut end = None;
                let mut j = i + 2;
                while j < chars.len() {
                    match chars[j] {
                        '{' => level += 1,
                        '}' if level == 0 => {
                            end = Some(j);
                            break;
                        }
                        '}' => level -= 1,
                        _ => {}
                    }
                    j += 1;
                }
                let Some(end) = end else {
                    out.value.extend(&chars[i..]);
                    return;
                };
                let inner = &chars[i + 2..end];
                let name_len = inner
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
                    .count();
                let name: String = inner[..name_len].iter().collect();
                let rest = &inner[name_len..];
                let value = lookup(&name);
                let set_nonempty = value.as_deref().is_some_and(|v| !v.is_empty());
                let (op, word): (&[char], &[char]) = if rest.len() >= 2 && rest[0] == ':' {
                    (&rest[..2], &rest[2..])
                } else if !rest.is_empty() {
                    (&rest[..1], &rest[1..])
                } else {
                    (&[], &[])
                };
                let recurse = |out: &mut Expanded| {
                    if depth < 16 {
                        expand_into(word, escape, lookup, out, depth + 1);
                    } else {
                        out.value.extend(word);
                    }
                };
                match op {
                    [] => match value {
                        Some(v) => out.value.push_str(&v),
                        None => out.unresolved.push(name),
                    },
                    [':', '-'] if set_nonempty => {
                        out.value.push_str(value.as_deref().unwrap_or(""))
                    }
                    [':', '-'] => recurse(out),
                    ['-'] if value.is_some() => out.value.push_str(value.as_deref().unwrap_or("")),
                    ['-'] => recurse(out),
                    [':', '+'] if set_nonempty => recurse(out),
                    ['+'] if value.is_some() => recurse(out),
                    [':', '+'] | ['+'] => {}
                    [':', '?'] | ['?'] => match value {
                        Some(v) => out.value.push_str(&v),
                        None => out.unresolved.push(name),
                    },
                    _ => match value {
                        // `${VAR#pattern}` and other forms BuildKit may know: keep the value.
                        Some(v) => out.value.push_str(&v),
                        None => out.unresolved.push(name),
                    },
                }
                i = end + 1;
            }
            Some(n) if n.is_ascii_alphabetic() || *n == '_' => {
                let name: String = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
                    .collect();
                let len = name.chars().count();
                match lookup(&name) {
                    Some(v) => out.value.push_str(&v),
                    None => out.unresolved.push(name),
                }
                i += 1 + len;
            }
            _ => {
                out.value.push('$');
                i += 1;
            }
        }
    }
}
