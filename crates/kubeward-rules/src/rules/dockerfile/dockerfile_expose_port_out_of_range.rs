use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword, Stage, Word};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `EXPOSE` ports that are not a valid port: not a number, or outside 0 to 65535 (each end
    /// of a range `from-to` is checked, and `from` must not exceed `to`). The protocol suffix
    /// must be `/tcp`, `/udp` or `/sctp`. Ports given by a variable the file gives no value are
    /// left alone.
    ///
    /// ## Why it matters
    /// A mistyped port (`80800`) documents a port nothing listens on, and Docker rejects it when
    /// the container is created or run: the mistake surfaces late, in somebody else's pipeline.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// EXPOSE 80800
    /// EXPOSE 9000-8000/tcp
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20
    /// EXPOSE 8080 8000-9000/tcp 53/udp
    /// ```
    ///
    /// ## References
    /// hadolint DL3011; Trivy DS-0008.
    pub struct DockerfileExposePortOutOfRange {
        id: "dockerfile-expose-port-out-of-range",
        title: "Dockerfile EXPOSE port is not a valid port",
        severity: Severity::Medium,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "EXPOSE a port between 0 and 65535, optionally with `/tcp`, `/udp` or `/sctp`.",
        references: References {
            hadolint: &["DL3011"],
            trivy: &["DS-0008"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileExposePortOutOfRange {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, word, ports) in exposed_ports(df) {
            if let Err(problem) = ports {
                cx.report(
                    Some(stage),
                    word.span,
                    format!("EXPOSE `{}`: {problem}", word.text),
                );
            }
        }
    }
}

/// A port or range (`low`, `high`), or why the word is not one.
pub(crate) type Ports = Result<(u32, u32), String>;

/// Every word of every `EXPOSE` with the ports it names, after substituting the variables the
/// file gives values; words with unresolved variables are skipped.
pub(crate) fn exposed_ports(df: &Dockerfile) -> Vec<(&Stage, &Word, Ports)> {
    let mut out = Vec::new();
    for stage in &df.stages {
        let mut scope = df.variables(stage);
        for (offset, ins) in df.stage_instructions(stage).iter().enumerate() {
            if ins.keyword != Keyword::Expose {
                continue;
            }
            let at = stage.instructions.start + offset;
            let vars = scope.at(at);
            for word in &ins.words {
                let Some(text) = df.resolve(&word.text, vars) else {
                    continue;
                };
                out.push((stage, word, parse_ports(&text)));
            }
        }
    }
    out
}

fn parse_port(text: &str) -> Result<u32, String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("`{text}` is not a port number"));
    }
    match text.parse::<u32>() {
        Ok(n) if n <= 65535 => Ok(n),
        _ => Err(format!("port {text} is outside 0-65535")),
    }
}

pub(crate) fn parse_ports(text: &str) -> Ports {
    let (ports, protocol) = match text.split_once('/') {
        Some((p, proto)) => (p, Some(proto)),
        None => (text, None),
    };
    if let Some(proto) = protocol
        && !["tcp", "udp", "sctp"].contains(&proto.to_ascii_lowercase().as_str())
    {
        return Err(format!("`{proto}` is not a protocol (tcp, udp or sctp)"));
    }
    match ports.split_once('-') {
        Some((low, high)) => {
            let (low, high) = (parse_port(low)?, parse_port(high)?);
            if low > high {
                return Err(format!("the range starts at {low}, after its end {high}"));
            }
            Ok((low, high))
        }
        None => parse_port(ports).map(|p| (p, p)),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_ports;

    #[test]
    fn ports() {
        assert_eq!(parse_ports("22"), Ok((22, 22)));
        assert_eq!(parse_ports("20-25/TCP"), Ok((20, 25)));
        assert!(parse_ports("65536").is_err());
        assert!(parse_ports("99999999999999999999").is_err());
        assert!(parse_ports("80/http").is_err());
        assert!(parse_ports("abc").is_err());
        assert!(parse_ports("9-1").is_err());
    }
}
