//! Base64 decoding with the exact leniency of the consumers whose input we judge.
//!
//! A Secret's `data` values are decoded by the API server with Go's `base64.StdEncoding`
//! (through `encoding/json` for `[]byte`): the standard alphabet, `=` padding required,
//! carriage returns and line feeds skipped, non-zero trailing bits accepted. A hand-written
//! decoder matches that precisely (the `base64` crate rejects non-zero trailing bits, so it
//! would call some values undecodable that Kubernetes accepts) and saves a dependency. JWT
//! segments use the URL-safe alphabet without padding.

/// Which alphabet and padding rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Alphabet {
    /// `A-Z a-z 0-9 + /`, `=` padding to a multiple of 4 (Go `StdEncoding`).
    Standard,
    /// `A-Z a-z 0-9 - _`, padding optional (Go `RawURLEncoding`, also accepts padded input).
    UrlSafe,
}

fn value_of(byte: u8, alphabet: Alphabet) -> Option<u8> {
    match byte {
        b'A'..=b'Z' => Some(byte - b'A'),
        b'a'..=b'z' => Some(byte - b'a' + 26),
        b'0'..=b'9' => Some(byte - b'0' + 52),
        b'+' if alphabet == Alphabet::Standard => Some(62),
        b'/' if alphabet == Alphabet::Standard => Some(63),
        b'-' if alphabet == Alphabet::UrlSafe => Some(62),
        b'_' if alphabet == Alphabet::UrlSafe => Some(63),
        _ => None,
    }
}

/// Decodes `input`, or `None` when the API server (for [`Alphabet::Standard`]) would reject it.
pub(crate) fn decode(input: &str, alphabet: Alphabet) -> Option<Vec<u8>> {
    let symbols: Vec<u8> = input
        .bytes()
        .filter(|b| *b != b'\r' && *b != b'\n')
        .collect();
    let data_len = symbols
        .iter()
        .rposition(|b| *b != b'=')
        .map_or(0, |i| i + 1);
    let padding = symbols.len() - data_len;
    match alphabet {
        Alphabet::Standard => {
            if !symbols.len().is_multiple_of(4) || padding > 2 {
                return None;
            }
        }
        Alphabet::UrlSafe => {
            if padding > 2 || (padding > 0 && !symbols.len().is_multiple_of(4)) {
                return None;
            }
        }
    }
    // One or two padding characters are only valid after 2 or 3 data symbols of a quantum, and
    // a lone trailing symbol never encodes a byte.
    if data_len % 4 == 1 || (padding > 0 && (data_len % 4) + padding != 4) {
        return None;
    }
    let mut out = Vec::with_capacity(data_len * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for &byte in &symbols[..data_len] {
        let v = value_of(byte, alphabet)?;
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::{Alphabet, decode};

    fn std(s: &str) -> Option<String> {
        decode(s, Alphabet::Standard).map(|b| String::from_utf8(b).expect("utf-8"))
    }

    #[test]
    fn decodes_standard_base64_like_go() {
        assert_eq!(std("").as_deref(), Some(""));
        assert_eq!(std("Zg==").as_deref(), Some("f"));
        assert_eq!(std("Zm8=").as_deref(), Some("fo"));
        assert_eq!(std("Zm9v").as_deref(), Some("foo"));
        assert_eq!(std("c2VjcmV0").as_deref(), Some("secret"));
        // Line breaks are skipped (as in `base64 -w 76` output).
        assert_eq!(std("c2Vj\ncmV0\r\n").as_deref(), Some("secret"));
        // Non-zero trailing bits are accepted by Go's non-strict decoder.
        assert_eq!(std("Zh==").as_deref(), Some("f"));
    }

    #[test]
    fn rejects_what_the_api_server_rejects() {
        for bad in [
            "Zm9",          // missing padding
            "Zg=",          // short padding
            "Z===",         // a lone symbol
            "Zm9v!",        // outside the alphabet
            "c2VjcmV0 ",    // spaces are not skipped
            "hunter2",      // plain text
            "Zm9v\tYmFy",   // tabs are not skipped
            "Zm8=Zm8=",     // padding in the middle
            "-_-_",         // URL-safe alphabet
            "Zg====",       // too much padding
            "changeme-now", // plain text of a valid length
        ] {
            assert_eq!(std(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn decodes_url_safe_with_and_without_padding() {
        let raw = decode("eyJhbGciOiJIUzI1NiJ9", Alphabet::UrlSafe).expect("decodes");
        assert_eq!(raw, br#"{"alg":"HS256"}"#);
        assert_eq!(decode("-_8", Alphabet::UrlSafe), Some(vec![0xfb, 0xff]));
        assert_eq!(decode("-_8=", Alphabet::UrlSafe), Some(vec![0xfb, 0xff]));
        assert_eq!(decode("+/8=", Alphabet::UrlSafe), None);
    }
}
