//! Plain-HTTP URLs, IP address literals and cloud metadata endpoints in free text.
//!
//! Byte scans rather than regexes: the texts are every env value and ConfigMap of a repository,
//! and most contain neither `http://` nor digits in dotted form.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::ops::Range;

/// Cloud instance metadata services: the IMDS address of AWS, Azure, GCP, OCI, DigitalOcean
/// and OpenStack, ECS task credentials, the EKS Pod Identity agent, Alibaba Cloud, and AWS's
/// IPv6 IMDS.
const METADATA_IPS: &[IpAddr] = &[
    IpAddr::V4(Ipv4Addr::new(169, 254, 169, 254)),
    IpAddr::V4(Ipv4Addr::new(169, 254, 170, 2)),
    IpAddr::V4(Ipv4Addr::new(169, 254, 170, 23)),
    IpAddr::V4(Ipv4Addr::new(100, 100, 100, 200)),
    IpAddr::V6(Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254)),
    IpAddr::V6(Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x23)),
];

/// Host names that resolve to a metadata service (GCP; AWS inside a VPC).
const METADATA_HOSTS: &[&str] = &["metadata.google.internal", "instance-data.ec2.internal"];

/// Hosts of `http://` URLs that are identifiers, never fetched: XML namespaces and schema
/// locations, licence texts quoted in config headers.
const IDENTIFIER_HOSTS: &[&str] = &[
    "www.w3.org",
    "w3.org",
    "json-schema.org",
    "schemas.xmlsoap.org",
    "schemas.microsoft.com",
    "schemas.openxmlformats.org",
    "schemas.android.com",
    "xmlns.jcp.org",
    "xmlns.oracle.com",
    "java.sun.com",
    "maven.apache.org",
    "www.apache.org",
    "logging.apache.org",
    "jakarta.apache.org",
    "www.springframework.org",
    "www.eclipse.org",
    "purl.org",
    "ns.adobe.com",
    "www.opengis.net",
    "docs.oasis-open.org",
    "www.gnu.org",
    "opensource.org",
    "creativecommons.org",
];

/// What an address literal is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AddressKind {
    /// A cloud instance metadata endpoint (`169.254.169.254`, `fd00:ec2::254`, …).
    CloudMetadata,
    /// Any other address that is not exempt (loopback, unspecified, broadcast, netmasks,
    /// CIDR ranges and documentation ranges are).
    Other,
}

/// An IP address literal found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Address {
    /// The address in canonical form (`10.0.0.7`, `fd00:ec2::254`).
    pub text: String,
    pub kind: AddressKind,
    /// 1-based line within the text.
    pub line: usize,
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_metadata_ip(ip: IpAddr) -> bool {
    METADATA_IPS.contains(&ip)
        || matches!(ip, IpAddr::V6(v6) if v6.to_ipv4_mapped().is_some_and(|v4| METADATA_IPS.contains(&IpAddr::V4(v4))))
}

/// Loopback and unspecified addresses (`127.0.0.0/8`, `0.0.0.0`, `::1`, `::`, and their
/// IPv4-mapped forms).
fn is_local_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback() || v4.is_unspecified(),
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| v4.is_loopback() || v4.is_unspecified())
        }
    }
}

/// Addresses that are never a hard-coded endpoint: local ones, the broadcast address, netmasks
/// (`255.255.255.0`), and the documentation ranges (RFC 5737, RFC 3849).
fn is_exempt_ip(ip: IpAddr) -> bool {
    if is_local_ip(ip) {
        return true;
    }
    match ip {
        IpAddr::V4(v4) => {
            let bits = u32::from(v4);
            let [a, b, c, _] = v4.octets();
            v4.is_broadcast()
                || (bits.leading_ones() >= 8 && bits.leading_ones() + bits.trailing_zeros() == 32)
                || (a, b, c) == (192, 0, 2)
                || (a, b, c) == (198, 51, 100)
                || (a, b, c) == (203, 0, 113)
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            (s[0], s[1]) == (0x2001, 0x0db8)
        }
    }
}

/// IP address literals in `text` that are not exempt (see [`AddressKind`]), in text order.
/// Literals followed by `/<digits>` are CIDR ranges, not endpoints, and are skipped; so are
/// dotted runs glued to letters (`v1.2.3.4`, `app-1.2.3.4a`) and longer dotted sequences
/// (`1.3.6.1.4.1`).
pub(crate) fn ip_addresses(text: &str) -> Vec<Address> {
    let bytes = text.as_bytes();
    let mut found: Vec<(usize, IpAddr)> = Vec::new();
    let mut v6_ranges: Vec<Range<usize>> = Vec::new();
    // IPv6: runs of hex digits, colons and dots with at least two colons and a digit.
    let mut i = 0;
    while i < bytes.len() {
        let is_v6 = |b: u8| b.is_ascii_hexdigit() || b == b':' || b == b'.';
        if !is_v6(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_v6(bytes[i]) {
            i += 1;
        }
        let run = &text[start..i];
        let glued = (start > 0 && is_word_byte(bytes[start - 1]))
            || (i < bytes.len() && is_word_byte(bytes[i]));
        if glued
            || run.bytes().filter(|b| *b == b':').count() < 2
            || !run.bytes().any(|b| b.is_ascii_digit())
        {
            continue;
        }
        let candidate = run.trim_end_matches('.');
        if let Ok(ip) = candidate.parse::<Ipv6Addr>() {
            if bytes.get(i) == Some(&b'/') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
                v6_ranges.push(start..i);
                continue;
            }
            v6_ranges.push(start..i);
            found.push((start, IpAddr::V6(ip)));
        }
    }
    // IPv4: runs of digits and dots.
    let mut i = 0;
    while i < bytes.len() {
        let is_v4 = |b: u8| b.is_ascii_digit() || b == b'.';
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_v4(bytes[i]) {
            i += 1;
        }
        let glued = (start > 0 && (is_word_byte(bytes[start - 1]) || bytes[start - 1] == b'.'))
            || (i < bytes.len() && is_word_byte(bytes[i]));
        if glued || v6_ranges.iter().any(|r| r.contains(&start)) {
            continue;
        }
        let candidate = text[start..i].strip_suffix('.').unwrap_or(&text[start..i]);
        let Ok(ip) = candidate.parse::<Ipv4Addr>() else {
            continue;
        };
        if bytes.get(i) == Some(&b'/') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        found.push((start, IpAddr::V4(ip)));
    }
    found.sort_by_key(|(at, _)| *at);
    found
        .into_iter()
        .filter_map(|(at, ip)| {
            let kind = if is_metadata_ip(ip) {
                AddressKind::CloudMetadata
            } else if is_exempt_ip(ip) {
                return None;
            } else {
                AddressKind::Other
            };
            Some(Address {
                text: ip.to_string(),
                kind,
                line: line_of(text, at),
            })
        })
        .collect()
}

/// Metadata host names (`metadata.google.internal`) in `text`, with their lines.
pub(crate) fn metadata_hostnames(text: &str) -> Vec<(&'static str, usize)> {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    for host in METADATA_HOSTS {
        for (at, _) in lower.match_indices(host) {
            let bytes = lower.as_bytes();
            let before = bytes[..at].last().copied();
            let end = at + host.len();
            let boundary = |b: Option<u8>| b.is_none_or(|b| !(is_word_byte(b) || b == b'-'));
            // A final dot (FQDN or end of sentence) is fine; `…internal.example.com` is not.
            let after_ok = match bytes.get(end) {
                Some(b'.') => boundary(bytes.get(end + 1).copied()),
                other => boundary(other.copied()),
            };
            if boundary(before) && after_ok {
                found.push((*host, line_of(text, at)));
            }
        }
    }
    found.sort_by_key(|(_, line)| *line);
    found
}

/// Whether a plain-HTTP host is exempt: loopback (`localhost`, `127.0.0.1`, `::1`, `0.0.0.0`),
/// in-cluster Service names (a single label such as `api`, or `*.svc`, `*.svc.<domain>`,
/// `*.cluster.local`), metadata endpoints (their own rule), identifier URLs (XML namespaces),
/// and the names reserved for examples and tests (RFC 2606, RFC 6761).
fn is_exempt_http_host(host: &str) -> bool {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return is_local_ip(ip) || is_metadata_ip(ip) || is_exempt_ip(ip);
    }
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    if !host.contains('.') {
        return true;
    }
    if host.ends_with(".svc") || host.contains(".svc.") || host.ends_with(".cluster.local") {
        return true;
    }
    if METADATA_HOSTS.contains(&host) || IDENTIFIER_HOSTS.contains(&host) {
        return true;
    }
    ["example.com", "example.org", "example.net"]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
        || [".example", ".test", ".invalid"]
            .iter()
            .any(|suffix| host.ends_with(suffix))
}

/// `http://` URLs in `text` whose host is not exempt (see [`is_exempt_http_host`]), as the
/// `host[:port]` they point at (never the user info, path or query, which may hold secrets),
/// with their lines. URLs whose host is a template (`http://${HOST}`) are skipped.
pub(crate) fn plain_http_hosts(text: &str) -> Vec<(String, usize)> {
    const SCHEME: &[u8] = b"http://";
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i + SCHEME.len() <= bytes.len() {
        if !bytes[i..i + SCHEME.len()].eq_ignore_ascii_case(SCHEME)
            || (i > 0 && is_word_byte(bytes[i - 1]))
        {
            i += 1;
            continue;
        }
        let at = i;
        i += SCHEME.len();
        let rest = &text[i..];
        let end = rest
            .find(|c: char| c.is_whitespace() || "/?#\"'<>\\{}|^`,;()".contains(c))
            .unwrap_or(rest.len());
        let authority = &rest[..end];
        let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            match v6.split_once(']') {
                Some((inner, tail)) => (inner, tail.strip_prefix(':')),
                None => continue,
            }
        } else {
            match hostport.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (hostport, None),
            }
        };
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if host.is_empty()
            || !host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
            || is_exempt_http_host(&host)
        {
            continue;
        }
        let port = port.filter(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
        let shown = match (host.contains(':'), port) {
            (true, Some(p)) => format!("[{host}]:{p}"),
            (true, None) => format!("[{host}]"),
            (false, Some(p)) => format!("{host}:{p}"),
            (false, None) => host,
        };
        found.push((shown, line_of(text, at)));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ips(text: &str) -> Vec<(String, AddressKind)> {
        ip_addresses(text)
            .into_iter()
            .map(|a| (a.text, a.kind))
            .collect()
    }

    fn other(s: &str) -> (String, AddressKind) {
        (s.to_string(), AddressKind::Other)
    }

    fn metadata(s: &str) -> (String, AddressKind) {
        (s.to_string(), AddressKind::CloudMetadata)
    }

    #[test]
    fn finds_ipv4_literals() {
        assert_eq!(ips("10.0.3.17"), vec![other("10.0.3.17")]);
        assert_eq!(
            ips("jdbc:mysql://10.0.3.17:3306/app,192.168.1.5."),
            vec![other("10.0.3.17"), other("192.168.1.5")]
        );
        assert_eq!(ips("line one\nhost = 172.16.0.4\n")[0], other("172.16.0.4"));
        assert_eq!(ip_addresses("a\nb 8.8.8.8")[0].line, 2);
    }

    #[test]
    fn skips_exempt_and_non_address_ipv4() {
        for text in [
            "0.0.0.0:8080",
            "127.0.0.1",
            "127.1.2.3",
            "255.255.255.255",
            "255.255.255.0",
            "255.255.0.0",
            "10.0.0.0/8",
            "allow 192.168.0.0/16;",
            "v1.2.3.4",
            "app-1.2.3.4a",
            "1.3.6.1.4.1.2021",
            "1.2.3",
            "256.1.1.1",
            "192.0.2.10",
            "198.51.100.7",
            "203.0.113.99",
            "version 01.02.03.04",
        ] {
            assert_eq!(ips(text), vec![], "{text}");
        }
    }

    #[test]
    fn finds_ipv6_literals() {
        assert_eq!(ips("[fd12:3456::7]:8080"), vec![other("fd12:3456::7")]);
        assert_eq!(
            ips("addr=2a00:1450:4001:80b::200e"),
            vec![other("2a00:1450:4001:80b::200e")]
        );
        for text in [
            "::1",
            "[::]:80",
            "::",
            "2001:db8::1",
            "fd00::/8",
            "12:30:45",
            "std::vector",
            "00:1A:2B:3C:4D:5E",
            "Foo::Bar",
            "::ffff:127.0.0.1",
        ] {
            assert_eq!(ips(text), vec![], "{text}");
        }
    }

    #[test]
    fn marks_cloud_metadata_addresses() {
        assert_eq!(
            ips("http://169.254.169.254/latest/meta-data/"),
            vec![metadata("169.254.169.254")]
        );
        assert_eq!(
            ips("http://[fd00:ec2::254]/latest"),
            vec![metadata("fd00:ec2::254")]
        );
        assert_eq!(ips("169.254.170.2"), vec![metadata("169.254.170.2")]);
        assert_eq!(ips("100.100.100.200"), vec![metadata("100.100.100.200")]);
        assert_eq!(ips("169.254.20.10"), vec![other("169.254.20.10")]);
        assert_eq!(
            metadata_hostnames("url: http://Metadata.Google.Internal/computeMetadata/v1"),
            vec![("metadata.google.internal", 1)]
        );
        assert_eq!(
            metadata_hostnames("see metadata.google.internal."),
            vec![("metadata.google.internal", 1)]
        );
        assert_eq!(
            metadata_hostnames("metadata.google.internal.example.com"),
            vec![]
        );
        assert_eq!(metadata_hostnames("my-metadata.google.internal"), vec![]);
        assert_eq!(metadata_hostnames("metadata.google.internals"), vec![]);
    }

    #[test]
    fn finds_plain_http_hosts() {
        let hosts =
            |t: &str| -> Vec<String> { plain_http_hosts(t).into_iter().map(|(h, _)| h).collect() };
        assert_eq!(
            hosts("http://api.partner.net/v1?token=abc"),
            vec!["api.partner.net"]
        );
        assert_eq!(
            hosts("HTTP://Api.Partner.NET:8080/x"),
            vec!["api.partner.net:8080"]
        );
        assert_eq!(
            hosts("http://user:s3cr3t@files.corp.net/"),
            vec!["files.corp.net"]
        );
        assert_eq!(hosts("http://10.1.2.3:9000"), vec!["10.1.2.3:9000"]);
        assert_eq!(
            hosts("http://[2a00:1450::1]:80/"),
            vec!["[2a00:1450::1]:80"]
        );
        assert_eq!(hosts("a http://x.io b\nhttp://y.io"), vec!["x.io", "y.io"]);
        assert_eq!(plain_http_hosts("a\nhttp://y.io")[0].1, 2);
        for exempt in [
            "http://localhost:8080",
            "http://app.localhost",
            "http://127.0.0.1:9090/metrics",
            "http://[::1]:80",
            "http://0.0.0.0:8080",
            "http://api:8080",
            "http://api.prod.svc:8080",
            "http://api.prod.svc.cluster.local",
            "http://api.prod.svc.corp.internal",
            "http://169.254.169.254/latest",
            "http://metadata.google.internal/",
            "xmlns=\"http://www.w3.org/2001/XMLSchema-instance\"",
            "http://example.com/callback",
            "http://api.example.org",
            "http://svc.test",
            "http://${API_HOST}:8080",
            "http://{{ .Values.host }}",
            "http://$(API_HOST)/x",
            "https://api.partner.net",
            "shttp://x.io",
            "http://",
        ] {
            assert_eq!(hosts(exempt), Vec::<String>::new(), "{exempt}");
        }
    }
}
