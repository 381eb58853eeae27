//! Scalar resolution as Kubernetes does it.
//!
//! The API server and kubectl read YAML with `sigs.k8s.io/yaml` over a fork of go-yaml v2, which
//! follows YAML 1.1: `yes`/`on`/`y` are booleans and `0755` is octal. Verdicts must follow what
//! the API server would see, so plain scalars are resolved here with go-yaml v2's table
//! (`resolve.go`), not with the YAML 1.2 core schema the Rust parsers use.

use kubeward_model::Scalar;

/// Resolves an unquoted (plain) scalar the way go-yaml v2 does.
pub fn resolve_plain(text: &str) -> Scalar {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            return Scalar::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return Scalar::Bool(false);
        }
        ".nan" | ".NaN" | ".NAN" => return Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Scalar::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Scalar::Float(f64::NEG_INFINITY),
        _ => {}
    }
    let first = text.as_bytes()[0];
    match first {
        b'.' => {
            // go: strconv.ParseFloat(in, 64), which takes Go-style `_` between digits (`.5_5`).
            if go_underscores_ok(text) {
                let plain: String = text.chars().filter(|c| *c != '_').collect();
                if let Some(f) = parse_finite_float(&plain) {
                    return Scalar::Float(f);
                }
            }
            Scalar::Str
        }
        b'0'..=b'9' | b'+' | b'-' => {
            let plain: String = text.chars().filter(|c| *c != '_').collect();
            if let Some(i) = parse_go_int(&plain) {
                return i;
            }
            if let Some(f) = parse_finite_float(&plain) {
                return Scalar::Float(f);
            }
            Scalar::Str
        }
        _ => Scalar::Str,
    }
}

/// go-yaml's `yamlStyleFloat.MatchString` then `strconv.ParseFloat`. Go reports a range error
/// for a number too large for a float64 (`1e999`), and go-yaml then keeps the text as a string.
fn parse_finite_float(plain: &str) -> Option<f64> {
    if !is_yaml_float(plain) {
        return None;
    }
    plain.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Go's `underscoreOK` for a number without a base prefix: every `_` sits between two digits.
fn go_underscores_ok(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().all(|(i, c)| {
        *c != b'_'
            || (i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit))
    })
}

/// Resolves a scalar that carries an explicit core-schema tag (`!!str 123`, `!!int "5"`).
///
/// go-yaml v2 resolves the text as if it were plain and then checks it against the tag; a
/// mismatch (`!!int yes`) fails the whole document there, so what is returned for it matters
/// little. `!!float 1` is the one conversion it makes. Any other tag (`!!binary`, `!!merge`,
/// `!custom`) is not resolvable: the value is the text.
pub fn resolve_tagged(suffix: &str, text: &str) -> Scalar {
    match suffix {
        "str" | "timestamp" => Scalar::Str,
        "null" => Scalar::Null,
        "float" => match resolve_plain(text) {
            Scalar::Int(i) => Scalar::Float(i as f64),
            other => other,
        },
        "bool" | "int" => resolve_plain(text),
        _ => Scalar::Str,
    }
}

/// go-yaml v2's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseInt(s, 0, 64)` then `ParseUint`, plus go-yaml's `0b`/`-0b` fallback.
fn parse_go_int(s: &str) -> Option<Scalar> {
    let (negative, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let (radix, digits) = if let Some(rest) = body.strip_prefix("0x").or(body.strip_prefix("0X")) {
        (16, rest)
    } else if let Some(rest) = body.strip_prefix("0o").or(body.strip_prefix("0O")) {
        (8, rest)
    } else if let Some(rest) = body.strip_prefix("0b").or(body.strip_prefix("0B")) {
        (2, rest)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    // Anything past u64 fails both ParseInt and ParseUint; checked, never wrapping arithmetic.
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if negative {
        // ParseInt: down to i64::MIN; ParseUint takes no sign.
        let value = 0i128 - i128::from(magnitude);
        i64::try_from(value).ok().map(Scalar::Int)
    } else if let Ok(i) = i64::try_from(magnitude) {
        Some(Scalar::Int(i))
    } else {
        // ParseUint succeeded: a uint64 that does not fit i64. JSON sees a number.
        Some(Scalar::Float(magnitude as f64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_booleans() {
        for t in [
            "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE",
        ] {
            assert_eq!(resolve_plain(t), Scalar::Bool(true), "{t}");
        }
        for f in [
            "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE",
        ] {
            assert_eq!(resolve_plain(f), Scalar::Bool(false), "{f}");
        }
        assert_eq!(resolve_plain("yEs"), Scalar::Str);
    }

    #[test]
    fn go_integers() {
        assert_eq!(resolve_plain("0755"), Scalar::Int(0o755));
        assert_eq!(resolve_plain("0o755"), Scalar::Int(0o755));
        assert_eq!(resolve_plain("0x1F"), Scalar::Int(31));
        assert_eq!(resolve_plain("0b101"), Scalar::Int(5));
        assert_eq!(resolve_plain("-12"), Scalar::Int(-12));
        assert_eq!(resolve_plain("+12"), Scalar::Int(12));
        assert_eq!(resolve_plain("1_000"), Scalar::Int(1000));
        assert_eq!(resolve_plain("0"), Scalar::Int(0));
        // Not valid octal, but a valid YAML float.
        assert_eq!(resolve_plain("08"), Scalar::Float(8.0));
    }

    #[test]
    fn floats_nulls_and_strings() {
        assert_eq!(resolve_plain("1.5"), Scalar::Float(1.5));
        assert_eq!(resolve_plain("1e3"), Scalar::Float(1000.0));
        assert_eq!(resolve_plain(".5"), Scalar::Float(0.5));
        assert_eq!(resolve_plain("~"), Scalar::Null);
        assert_eq!(resolve_plain(""), Scalar::Null);
        assert_eq!(resolve_plain("100m"), Scalar::Str);
        assert_eq!(resolve_plain("1Gi"), Scalar::Str);
        assert_eq!(resolve_plain("2001-12-14"), Scalar::Str);
        assert_eq!(resolve_plain("-"), Scalar::Str);
        assert_eq!(resolve_plain("1.2.3"), Scalar::Str);
        assert_eq!(resolve_plain("nginx:1.25"), Scalar::Str);
    }

    #[test]
    fn tags_override_resolution() {
        assert_eq!(resolve_tagged("str", "yes"), Scalar::Str);
        assert_eq!(resolve_tagged("int", "12"), Scalar::Int(12));
        // go-yaml's one conversion: an int under `!!float`.
        assert_eq!(resolve_tagged("float", "1"), Scalar::Float(1.0));
        assert_eq!(resolve_tagged("bool", "on"), Scalar::Bool(true));
        assert_eq!(resolve_tagged("null", ""), Scalar::Null);
        // Not resolvable in go-yaml v2: the text stays a string.
        assert_eq!(resolve_tagged("binary", "aGk="), Scalar::Str);
        assert_eq!(resolve_tagged("timestamp", "2001-12-14"), Scalar::Str);
        assert_eq!(resolve_tagged("merge", "yes"), Scalar::Str);
        assert_eq!(resolve_tagged("custom", "12"), Scalar::Str);
    }

    /// Every entry of go-yaml v2's `resolveMapList`, and nothing near it.
    #[test]
    fn go_yaml_v2_resolve_map() {
        for (texts, want) in [
            (&["y", "Y", "yes", "Yes", "YES"][..], Scalar::Bool(true)),
            (&["true", "True", "TRUE"], Scalar::Bool(true)),
            (&["on", "On", "ON"], Scalar::Bool(true)),
            (&["n", "N", "no", "No", "NO"], Scalar::Bool(false)),
            (&["false", "False", "FALSE"], Scalar::Bool(false)),
            (&["off", "Off", "OFF"], Scalar::Bool(false)),
            (&["", "~", "null", "Null", "NULL"], Scalar::Null),
            (
                &[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"],
                Scalar::Float(f64::INFINITY),
            ),
            (
                &["-.inf", "-.Inf", "-.INF"],
                Scalar::Float(f64::NEG_INFINITY),
            ),
        ] {
            for t in texts {
                assert_eq!(resolve_plain(t), want, "{t:?}");
            }
        }
        for t in [".nan", ".NaN", ".NAN"] {
            assert!(
                matches!(resolve_plain(t), Scalar::Float(f) if f.is_nan()),
                "{t}"
            );
        }
        // Mixed case and near misses are strings (YAML 1.1's table is exact).
        for t in [
            "yEs", "oN", "ofF", "tRUE", "nULL", "NuLL", "~~", ".NaN.", "+.nan", "-.nan", ".iNf",
            "inf", "nan", "+inf", "Infinity", "<<", "yes!", " yes",
        ] {
            assert_eq!(resolve_plain(t), Scalar::Str, "{t:?}");
        }
    }

    /// The 'D'/'S' branch: ParseInt(base 0) after removing `_`, then ParseUint, then a
    /// `yamlStyleFloat` float, then `0b`/`-0b`.
    #[test]
    fn go_yaml_v2_numbers() {
        let ints = [
            ("0", 0),
            ("-0", 0),
            ("+0", 0),
            ("00", 0),
            ("0o0", 0),
            ("0o644", 0o644),
            ("0O644", 0o644),
            ("0644", 420),
            ("-0644", -420),
            ("0x_1F", 31),
            ("0X1f", 31),
            ("-0x1F", -31),
            ("+0x1F", 31),
            ("0b1010", 10),
            ("-0b1010", -10),
            ("0B11", 3),
            ("1_000_000", 1_000_000),
            ("1__", 1),
            ("9223372036854775807", i64::MAX),
            ("-9223372036854775808", i64::MIN),
            ("-0x8000000000000000", i64::MIN),
        ];
        for (t, want) in ints {
            assert_eq!(resolve_plain(t), Scalar::Int(want), "{t}");
        }
        // ParseUint: a uint64 past i64 is still a number.
        assert_eq!(
            resolve_plain("18446744073709551615"),
            Scalar::Float(18446744073709551615u64 as f64)
        );
        assert_eq!(
            resolve_plain("0xFFFFFFFFFFFFFFFF"),
            Scalar::Float(u64::MAX as f64)
        );
        let floats = [
            ("1.5", 1.5),
            ("-1.5", -1.5),
            ("+.5", 0.5),
            ("1.", 1.0),
            ("1e3", 1000.0),
            ("1E+3", 1000.0),
            ("1.5e-3", 0.0015),
            ("08", 8.0),
            ("09.5", 9.5),
            ("-08", -8.0),
            ("1_0.5", 10.5),
            // Past u64, still a float.
            ("18446744073709551616", 18446744073709551616.0),
            ("-9223372036854775809", -9223372036854775809.0),
            // Underflow is no error in Go.
            ("1e-400", 0.0),
        ];
        for (t, want) in floats {
            assert_eq!(resolve_plain(t), Scalar::Float(want), "{t}");
        }
        let strings = [
            "0x",
            "0b",
            "0o",
            "0b102",
            "0o8",
            "0xG",
            "1e",
            "1e+",
            "e3",
            "+",
            "-",
            "--1",
            "1.2.3",
            "1:20",
            "190:20:30",
            "12h",
            "100m",
            "0.5Gi",
            "1,000",
            "0x1p3",
            "__1",
            // Go reports a range error, and go-yaml keeps the text.
            "1e999",
            "-1e999",
            "0x10000000000000000",
            "-0x8000000000000001",
            "-0x80000000000000000000000000000000",
            "0xffffffffffffffffffffffffffffffff",
            // Timestamps are strings when decoded into interface{}.
            "2001-12-14",
            "2001-12-14t21:59:43.10-05:00",
            "2001-12-14 21:59:43.10",
        ];
        for t in strings {
            assert_eq!(resolve_plain(t), Scalar::Str, "{t:?}");
        }
    }

    /// The '.' branch: `strconv.ParseFloat(in)` without the regexp or `_` removal.
    #[test]
    fn go_yaml_v2_dot_floats() {
        assert_eq!(resolve_plain(".5"), Scalar::Float(0.5));
        assert_eq!(resolve_plain(".5e1"), Scalar::Float(5.0));
        // Go float syntax allows `_` between digits.
        assert_eq!(resolve_plain(".5_5"), Scalar::Float(0.55));
        for t in [
            ".", "._5", ".5_", ".5e", ".e5", "..5", ".5.", ".5e999", ".x",
        ] {
            assert_eq!(resolve_plain(t), Scalar::Str, "{t:?}");
        }
    }
}
