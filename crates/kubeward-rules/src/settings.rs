//! Rule options: the knobs a few rules read (target Kubernetes version, allowed registries,
//! required labels, …). Set from `.kubeward.yaml` (`settings:`) and flags; rules read them with
//! `cx.settings()`. Plain data: the same settings drive the scanner, the webhook and the audit.

use serde::Deserialize;
use std::fmt;
use std::str::FromStr;

/// A Kubernetes minor version (`1.37`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KubeVersion {
    pub major: u32,
    pub minor: u32,
}

impl KubeVersion {
    /// The newest stable Kubernetes release kubeward knows (the default target).
    pub const NEWEST: KubeVersion = KubeVersion::new(1, 37);

    pub const fn new(major: u32, minor: u32) -> Self {
        KubeVersion { major, minor }
    }

    pub fn at_least(self, major: u32, minor: u32) -> bool {
        self >= KubeVersion::new(major, minor)
    }
}

impl Default for KubeVersion {
    fn default() -> Self {
        KubeVersion::NEWEST
    }
}

impl fmt::Display for KubeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for KubeVersion {
    type Err = String;

    /// Accepts `1.37`, `v1.37` and `1.37.2` (the patch is ignored).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("invalid Kubernetes version `{s}` (expected e.g. 1.37)");
        let trimmed = s.trim().trim_start_matches('v');
        let mut parts = trimmed.split('.');
        let major = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let minor = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        if major != 1 {
            return Err(bad());
        }
        Ok(KubeVersion::new(major, minor))
    }
}

impl<'de> Deserialize<'de> for KubeVersion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // YAML `1.30` arrives as a float; accept strings and numbers alike.
        let value = serde_json::Value::deserialize(d)?;
        let text = match &value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => {
                return Err(serde::de::Error::custom(
                    "expected a version such as \"1.37\"",
                ));
            }
        };
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Options of the rules that have any. Unknown keys are rejected by the config loader.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// The Kubernetes version manifests are checked against (deprecated APIs, PSS version).
    pub kubernetes_version: KubeVersion,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            kubernetes_version: KubeVersion::NEWEST,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_order() {
        assert_eq!("1.30".parse::<KubeVersion>(), Ok(KubeVersion::new(1, 30)));
        assert_eq!(
            "v1.29.3".parse::<KubeVersion>(),
            Ok(KubeVersion::new(1, 29))
        );
        assert!("2.0".parse::<KubeVersion>().is_err());
        assert!(KubeVersion::new(1, 37).at_least(1, 35));
    }
}
