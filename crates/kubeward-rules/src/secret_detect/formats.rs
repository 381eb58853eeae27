//! The detectors, kept as data: one row per secret format, in the model of gitleaks (an id,
//! keywords for the prefilter, a regex, and a check on what the regex captured). Rows are
//! tried in order, and a generic row never reports what a specific row already did.
//!
//! Patterns are written with `\b`; they are compiled with ASCII word boundaries, which keeps
//! the lazy DFA on non-ASCII input.

/// How specific a detector is. Annotations use only [`Class::Format`]; env values and
/// ConfigMaps use both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// A token format with a distinctive prefix or structure (`ghp_…`, `AKIA…`, PEM blocks,
    /// JWTs, URLs with a password).
    Format,
    /// `password = …`-style assignments judged by their key name and the value's entropy.
    Generic,
}

/// What must hold for a regex match to be reported.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Check {
    /// The secret (capture group 1) reaches this entropy and is not an example or placeholder
    /// (`AKIAIOSFODNN7EXAMPLE`, `ghp_xxxx…`).
    Token { min_entropy: f64 },
    /// The header segment (group 1) decodes to a JSON object with an `alg` member.
    Jwt,
    /// `scheme://user:password@host`: group 1 is the scheme, group 2 the password, which must
    /// be a literal (not `${DB_PASSWORD}`, `$(PASS)`, `<password>`, `****`).
    UrlPassword,
    /// A `.dockerconfigjson` `auth` value (group 1): base64 of `user:password` with a literal
    /// password.
    DockerAuth,
    /// `key = value` (group 1 the key, group 2 the value): the key must be a sensitive name and
    /// the value must pass that name's length and entropy thresholds.
    Assignment,
}

pub(super) struct Format {
    /// Stable id of the detector (for tests and future configuration).
    pub id: &'static str,
    /// What was found, with its article, as messages print it.
    pub noun: &'static str,
    pub class: Class,
    /// Lower-case keywords, one of which must occur (ASCII case-insensitively) before the regex
    /// runs.
    pub keywords: &'static [&'static str],
    pub pattern: &'static str,
    pub check: Check,
}

pub(super) static FORMATS: &[Format] = &[
    Format {
        id: "private-key",
        noun: "a private key",
        class: Class::Format,
        keywords: &["private key"],
        // The header, then key material within a few lines (`Proc-Type` headers of encrypted
        // PEM, JSON-escaped `\n`): a header alone, as in documentation, is not a key.
        pattern: r"-----BEGIN[ A-Z0-9]{0,24}PRIVATE KEY(?: BLOCK)?-----(?s:.{0,200}?)[A-Za-z0-9+/]{40}",
        check: Check::Token { min_entropy: 0.0 },
    },
    Format {
        id: "aws-access-key-id",
        noun: "an AWS access key ID",
        class: Class::Format,
        keywords: &["akia", "asia", "abia", "acca", "a3t"],
        pattern: r"\b((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})\b",
        check: Check::Token { min_entropy: 3.0 },
    },
    Format {
        id: "aws-secret-access-key",
        noun: "an AWS secret access key",
        class: Class::Format,
        keywords: &["secret_access_key", "secretaccesskey", "secret-access-key"],
        pattern: r#"(?i:secret[_.-]?access[_.-]?key)["']?[ \t]*(?::=|=>|=|:)[ \t]*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
        check: Check::Token { min_entropy: 4.0 },
    },
    Format {
        id: "github-token",
        noun: "a GitHub token",
        class: Class::Format,
        keywords: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        pattern: r"\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36})\b",
        check: Check::Token { min_entropy: 3.0 },
    },
    Format {
        id: "github-fine-grained-token",
        noun: "a GitHub fine-grained personal access token",
        class: Class::Format,
        keywords: &["github_pat_"],
        pattern: r"\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b",
        check: Check::Token { min_entropy: 3.0 },
    },
    Format {
        id: "gitlab-token",
        noun: "a GitLab token",
        class: Class::Format,
        keywords: &[
            "glpat-", "gldt-", "glrt-", "glcbt-", "glft-", "glsoat-", "glptt-",
        ],
        pattern: r"\b((?:glpat|gldt|glrt|glcbt|glft|glsoat)-[0-9A-Za-z_-]{20,}|glptt-[0-9a-f]{40})",
        check: Check::Token { min_entropy: 3.0 },
    },
    Format {
        id: "slack-token",
        noun: "a Slack token",
        class: Class::Format,
        keywords: &["xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxr-", "xoxs-"],
        pattern: r"\b(xox[abposr]-[0-9A-Za-z-]{10,})",
        check: Check::Token { min_entropy: 3.0 },
    },
    Format {
        id: "slack-webhook",
        noun: "a Slack webhook URL",
        class: Class::Format,
        keywords: &["hooks.slack.com"],
        pattern: r"(hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,})",
        check: Check::Token { min_entropy: 3.0 },
    },
    Format {
        id: "stripe-live-key",
        noun: "a Stripe live secret key",
        class: Class::Format,
        keywords: &["sk_live_", "rk_live_"],
        pattern: r"\b((?:sk|rk)_live_[0-9A-Za-z]{20,})\b",
        check: Check::Token { min_entropy: 3.0 },
    },
    Format {
        id: "google-api-key",
        noun: "a Google API key",
        class: Class::Format,
        keywords: &["aiza"],
        pattern: r"\b(AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)",
        check: Check::Token { min_entropy: 3.0 },
    },
    Format {
        id: "npm-token",
        noun: "an npm access token",
        class: Class::Format,
        keywords: &["npm_"],
        pattern: r"\b(npm_[A-Za-z0-9]{36})\b",
        check: Check::Token { min_entropy: 3.0 },
    },
    Format {
        id: "pypi-token",
        noun: "a PyPI API token",
        class: Class::Format,
        keywords: &["pypi-ageichlwas5vcmc"],
        pattern: r"\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})",
        check: Check::Token { min_entropy: 3.0 },
    },
    Format {
        id: "sendgrid-key",
        noun: "a SendGrid API key",
        class: Class::Format,
        keywords: &["sg."],
        pattern: r"\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})\b",
        check: Check::Token { min_entropy: 3.0 },
    },
    Format {
        id: "azure-storage-key",
        noun: "an Azure storage account key",
        class: Class::Format,
        keywords: &["accountkey="],
        pattern: r"(?i:AccountKey)=([A-Za-z0-9+/]{86}==)",
        check: Check::Token { min_entropy: 4.0 },
    },
    Format {
        id: "jwt",
        noun: "a JSON Web Token",
        class: Class::Format,
        keywords: &["eyj"],
        pattern: r"\b(eyJ[A-Za-z0-9_-]{8,})\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*",
        check: Check::Jwt,
    },
    Format {
        id: "url-password",
        noun: "a URL with an embedded password",
        class: Class::Format,
        keywords: &["://"],
        pattern: r#"\b([A-Za-z][A-Za-z0-9+.-]{1,30})://[^\s:/?#@"'<>\[\]]*:([^\s/?#@"'<>]+)@[A-Za-z0-9\[_]"#,
        check: Check::UrlPassword,
    },
    Format {
        id: "docker-config-auth",
        noun: "a container registry credential (`.dockerconfigjson` `auth`)",
        class: Class::Format,
        keywords: &["\"auth\""],
        pattern: r#""auth"[ \t]*:[ \t]*"([A-Za-z0-9+/=]{8,})""#,
        check: Check::DockerAuth,
    },
    Format {
        id: "authorization-header",
        noun: "an HTTP `Authorization` credential",
        class: Class::Format,
        keywords: &["authorization"],
        pattern: r#"(?i:authorization)["']?[ \t]*[:=][ \t]*["']?(?i:bearer|basic|token)[ \t]+([A-Za-z0-9._~+/=-]{16,})"#,
        check: Check::Token { min_entropy: 3.0 },
    },
    Format {
        id: "generic-assignment",
        noun: "a literal value assigned to a sensitive key",
        class: Class::Generic,
        keywords: &[
            "password",
            "passwd",
            "passphrase",
            "pwd",
            "secret",
            "token",
            "apikey",
            "api_key",
            "api-key",
            "api.key",
            "private_key",
            "privatekey",
            "private-key",
            "access_key",
            "accesskey",
            "access-key",
            "credential",
            "creds",
        ],
        pattern: r#"([A-Za-z0-9_.-]*(?i:password|passwd|passphrase|pwd|secret|token|api[_.-]?key|private[_.-]?key|access[_.-]?key|credentials?|creds)[A-Za-z0-9_.-]*)["']?[ \t]*(?::=|=>|=|:)[ \t]*["']?([^\s"'`,;&<>]+)"#,
        check: Check::Assignment,
    },
];

/// Detectors that need the name a value is stored under: the value alone is too generic to be
/// recognised (40 base64 characters could be anything), the name settles it.
pub(super) struct NamedFormat {
    pub id: &'static str,
    pub noun: &'static str,
    /// Upper-case words that must all appear in the name (see `values::words`).
    pub name_words: &'static [&'static str],
    /// Anchored regex the whole (trimmed) value must match.
    pub value: &'static str,
    pub min_entropy: f64,
}

pub(super) static NAMED_FORMATS: &[NamedFormat] = &[NamedFormat {
    id: "aws-secret-access-key",
    noun: "an AWS secret access key",
    name_words: &["SECRET", "ACCESS", "KEY"],
    value: r"^[A-Za-z0-9/+]{40}$",
    min_entropy: 4.0,
}];
