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
            // go: strconv.ParseFloat(in, 64)
            if is_yaml_float(text)
                && let Ok(f) = text.parse::<f64>()
            {
                return Scalar::Float(f);
            }
            Scalar::Str
        }
        b'0'..=b'9' | b'+' | b'-' => {
            let plain: String = text.chars().filter(|c| *c != '_').collect();
            if let Some(i) = parse_go_int(&plain) {
                return i;
            }
            if is_yaml_float(&plain)
                && let Ok(f) = plain.parse::<f64>()
            {
                return Scalar::Float(f);
            }
            Scalar::Str
        }
        _ => Scalar::Str,
    }
}

/// Resolves a scalar that carries an explicit core-schema tag (`!!str 123`, `!!int "5"`).
pub fn resolve_tagged(suffix: &str, text: &str) -> Scalar {
    match suffix {
        "str" | "binary" | "timestamp" => Scalar::Str,
        "null" => Scalar::Null,
        "bool" | "int" | "float" => match resolve_plain(text) {
            Scalar::Str => Scalar::Str,
            other => other,
        },
        _ => resolve_plain(text),
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
    let magnitude = u128::from_str_radix(digits, radix).ok()?;
    let value: i128 = if negative {
        -(magnitude as i128)
    } else {
        magnitude as i128
    };
    if let Ok(i) = i64::try_from(value) {
        Some(Scalar::Int(i))
    } else if !negative && u64::try_from(value).is_ok() {
        // ParseUint succeeded: a uint64 that does not fit i64. JSON sees a number.
        Some(Scalar::Float(value as f64))
    } else {
        None
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
    }
}
