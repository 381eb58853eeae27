//! Sets of ports, per protocol, as sorted disjoint ranges: the unit NetworkPolicy rules allow.

use std::fmt;

/// A transport protocol NetworkPolicy ports can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    Tcp,
    Udp,
    Sctp,
}

impl Protocol {
    pub const ALL: [Protocol; 3] = [Protocol::Tcp, Protocol::Udp, Protocol::Sctp];

    /// `TCP`, `UDP`, `SCTP` (case-sensitive, as the API server reads them).
    pub fn parse(text: &str) -> Option<Protocol> {
        match text {
            "TCP" => Some(Protocol::Tcp),
            "UDP" => Some(Protocol::Udp),
            "SCTP" => Some(Protocol::Sctp),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Sctp => "SCTP",
        }
    }
}

/// The lowest port a policy can name.
pub const MIN_PORT: u16 = 1;
/// The highest port.
pub const MAX_PORT: u16 = 65535;

/// An inclusive range of ports of one protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortRange {
    pub protocol: Protocol,
    pub start: u16,
    pub end: u16,
}

impl fmt::Display for PortRange {
    /// `TCP/8080`, `TCP/8000-8080`, `TCP/*` (every port).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.protocol.name();
        if self.start == MIN_PORT && self.end == MAX_PORT {
            write!(f, "{p}/*")
        } else if self.start == self.end {
            write!(f, "{p}/{}", self.start)
        } else {
            write!(f, "{p}/{}-{}", self.start, self.end)
        }
    }
}

/// A set of (protocol, port) pairs. Ranges are kept sorted by protocol then port, disjoint and
/// merged with their neighbours, so equal sets compare equal and print the same.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct PortSet {
    ranges: Vec<PortRange>,
}

impl PortSet {
    pub fn empty() -> PortSet {
        PortSet::default()
    }

    /// Every port of every protocol.
    pub fn all() -> PortSet {
        PortSet {
            ranges: Protocol::ALL
                .iter()
                .map(|&protocol| PortRange {
                    protocol,
                    start: MIN_PORT,
                    end: MAX_PORT,
                })
                .collect(),
        }
    }

    /// Ports `start..=end` of `protocol` (empty when `end < start`).
    pub fn range(protocol: Protocol, start: u16, end: u16) -> PortSet {
        let mut set = PortSet::empty();
        set.insert(protocol, start, end);
        set
    }

    pub fn single(protocol: Protocol, port: u16) -> PortSet {
        PortSet::range(protocol, port, port)
    }

    pub fn ranges(&self) -> &[PortRange] {
        &self.ranges
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    pub fn is_all(&self) -> bool {
        *self == PortSet::all()
    }

    pub fn contains(&self, protocol: Protocol, port: u16) -> bool {
        self.ranges
            .iter()
            .any(|r| r.protocol == protocol && r.start <= port && port <= r.end)
    }

    /// Adds ports `start..=end` of `protocol`.
    pub fn insert(&mut self, protocol: Protocol, start: u16, end: u16) {
        let start = start.max(MIN_PORT);
        if end < start {
            return;
        }
        self.ranges.push(PortRange {
            protocol,
            start,
            end,
        });
        self.normalize();
    }

    /// Adds every port of `other`.
    pub fn union_with(&mut self, other: &PortSet) {
        if other.ranges.is_empty() {
            return;
        }
        if self.ranges.is_empty() {
            self.ranges.extend_from_slice(&other.ranges);
            return;
        }
        self.ranges.extend_from_slice(&other.ranges);
        self.normalize();
    }

    pub fn union(&self, other: &PortSet) -> PortSet {
        let mut out = self.clone();
        out.union_with(other);
        out
    }

    pub fn intersection(&self, other: &PortSet) -> PortSet {
        let (a, b) = (&self.ranges, &other.ranges);
        let mut out = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            let (x, y) = (a[i], b[j]);
            if x.protocol == y.protocol {
                let start = x.start.max(y.start);
                let end = x.end.min(y.end);
                if start <= end {
                    out.push(PortRange {
                        protocol: x.protocol,
                        start,
                        end,
                    });
                }
            }
            if (x.protocol, x.end) < (y.protocol, y.end) {
                i += 1;
            } else {
                j += 1;
            }
        }
        PortSet { ranges: out }
    }

    /// The ports of `self` that are not in `other`.
    pub fn difference(&self, other: &PortSet) -> PortSet {
        let mut out = Vec::new();
        for r in &self.ranges {
            let mut start = u32::from(r.start);
            let end = u32::from(r.end);
            for o in other.ranges.iter().filter(|o| o.protocol == r.protocol) {
                let (os, oe) = (u32::from(o.start), u32::from(o.end));
                if oe < start || os > end {
                    continue;
                }
                if os > start {
                    out.push(range_u32(r.protocol, start, os - 1));
                }
                start = oe + 1;
                if start > end {
                    break;
                }
            }
            if start <= end {
                out.push(range_u32(r.protocol, start, end));
            }
        }
        PortSet { ranges: out }
    }

    /// One label per range: `TCP/8080`, `UDP/53`, `TCP/8000-8080`, `TCP/*`.
    pub fn labels(&self) -> Vec<String> {
        self.ranges.iter().map(ToString::to_string).collect()
    }

    /// Reads one label as [`PortSet::labels`] writes it; a bare number or range is TCP, `*` is
    /// every port of every protocol.
    pub fn parse_label(label: &str) -> Result<PortSet, String> {
        let label = label.trim();
        if label == "*" {
            return Ok(PortSet::all());
        }
        let (protocol, ports) = match label.split_once('/') {
            Some((p, rest)) => (
                Protocol::parse(&p.to_ascii_uppercase())
                    .ok_or_else(|| format!("unknown protocol `{p}` (expected TCP, UDP or SCTP)"))?,
                rest,
            ),
            None => (Protocol::Tcp, label),
        };
        let port = |s: &str| -> Result<u16, String> {
            s.trim()
                .parse::<u16>()
                .ok()
                .filter(|&p| p >= MIN_PORT)
                .ok_or_else(|| format!("`{s}` is not a port number (1-65535)"))
        };
        let (start, end) = match ports.split_once('-') {
            _ if ports == "*" => (MIN_PORT, MAX_PORT),
            Some((a, b)) => (port(a)?, port(b)?),
            None => {
                let p = port(ports)?;
                (p, p)
            }
        };
        if end < start {
            return Err(format!("port range `{ports}` ends before it starts"));
        }
        Ok(PortSet::range(protocol, start, end))
    }

    fn normalize(&mut self) {
        self.ranges.sort_unstable();
        let mut merged: Vec<PortRange> = Vec::with_capacity(self.ranges.len());
        for r in self.ranges.drain(..) {
            match merged.last_mut() {
                Some(last)
                    if last.protocol == r.protocol
                        && u32::from(r.start) <= u32::from(last.end) + 1 =>
                {
                    last.end = last.end.max(r.end);
                }
                _ => merged.push(r),
            }
        }
        self.ranges = merged;
    }
}

fn range_u32(protocol: Protocol, start: u32, end: u32) -> PortRange {
    // Both bounds come from u16 ports, adjusted by one inside the u16 range.
    PortRange {
        protocol,
        start: u16::try_from(start).unwrap_or(MAX_PORT),
        end: u16::try_from(end).unwrap_or(MAX_PORT),
    }
}

impl fmt::Display for PortSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.labels().join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(labels: &[&str]) -> PortSet {
        let mut out = PortSet::empty();
        for l in labels {
            out.union_with(&PortSet::parse_label(l).expect("valid label"));
        }
        out
    }

    #[test]
    fn ranges_merge_and_print() {
        let s = set(&["TCP/80", "TCP/81", "TCP/83-90", "UDP/53", "TCP/85"]);
        assert_eq!(s.labels(), ["TCP/80-81", "TCP/83-90", "UDP/53"]);
        assert_eq!(PortSet::all().labels(), ["TCP/*", "UDP/*", "SCTP/*"]);
        assert_eq!(set(&["*"]), PortSet::all());
        assert_eq!(set(&["8080"]).labels(), ["TCP/8080"]);
        assert_eq!(set(&["sctp/*"]).labels(), ["SCTP/*"]);
    }

    #[test]
    fn intersection_and_difference() {
        let a = set(&["TCP/80-100", "UDP/53", "TCP/443"]);
        let b = set(&["TCP/90-443", "UDP/*"]);
        assert_eq!(
            a.intersection(&b).labels(),
            ["TCP/90-100", "TCP/443", "UDP/53"]
        );
        assert_eq!(a.difference(&b).labels(), ["TCP/80-89"]);
        assert_eq!(
            PortSet::all().difference(&set(&["TCP/2-65534"])).labels(),
            ["TCP/1", "TCP/65535", "UDP/*", "SCTP/*"]
        );
        assert!(a.difference(&PortSet::all()).is_empty());
        assert_eq!(PortSet::all().intersection(&a), a);
    }

    #[test]
    fn bad_labels_are_errors() {
        assert!(PortSet::parse_label("ICMP/1").is_err());
        assert!(PortSet::parse_label("TCP/0").is_err());
        assert!(PortSet::parse_label("TCP/90-80").is_err());
        assert!(PortSet::parse_label("TCP/http").is_err());
    }
}
