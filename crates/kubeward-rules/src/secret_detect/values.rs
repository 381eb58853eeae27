//! What a value is when it is not a secret: placeholders, references, booleans, numbers, paths,
//! URLs; which names announce a secret; and the entropy that separates a password from a word.

/// Shannon entropy of `s` in bits per byte: `0` for `aaaa`, `2` for `abcd`, about `4.7` for a
/// random 40-character base64 string. Short values cannot score high (at most `log2(len)`).
pub(crate) fn entropy(s: &str) -> f64 {
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[usize::from(b)] += 1;
    }
    let len = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / len;
            -p * p.log2()
        })
        .sum()
}

/// Whole values (compared case-insensitively) that stand in for a secret rather than being one.
const PLACEHOLDERS: &[&str] = &[
    "changeme",
    "change-me",
    "change_me",
    "changeit",
    "change-it",
    "replaceme",
    "replace-me",
    "replace_me",
    "todo",
    "tbd",
    "fixme",
    "xxx",
    "example",
    "placeholder",
    "dummy",
    "none",
    "null",
    "nil",
    "<nil>",
    "n/a",
    "na",
    "-",
    "redacted",
    "hidden",
    "masked",
    "secret",
    "password",
    "passwd",
    "token",
    "value",
    "undefined",
    "empty",
    "notset",
    "not-set",
    "unset",
];

/// Fragments (lower case) that mark a whole value as a placeholder wherever they appear.
const PLACEHOLDER_FRAGMENTS: &[&str] = &[
    "changeme",
    "change_me",
    "change-me",
    "replaceme",
    "replace_me",
    "replace-me",
    "replace_with",
    "replace-with",
    "placeholder",
    "example",
    "your-",
    "your_",
    "yourpassword",
    "yoursecret",
    "yourtoken",
    "<your",
    "insert-",
    "insert_",
    "redacted",
];

/// Whether `value` is empty or obviously a placeholder: `""`, `changeme`, `<password>`,
/// `${DB_PASSWORD}`, `{{ .Values.x }}`, `REPLACE_ME`, `xxxx`, `****`, `TODO`, `example`,
/// `your-api-key-here`, or a SOPS-encrypted `ENC[…]` value.
pub(crate) fn is_placeholder(value: &str) -> bool {
    let t = value.trim();
    if t.is_empty() {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    if PLACEHOLDERS.contains(&lower.as_str()) {
        return true;
    }
    if PLACEHOLDER_FRAGMENTS.iter().any(|f| lower.contains(f)) {
        return true;
    }
    let wrapped = |open: &str, close: &str| t.starts_with(open) && t.ends_with(close);
    if wrapped("<", ">")
        || wrapped("${", "}")
        || wrapped("$(", ")")
        || wrapped("{{", "}}")
        || wrapped("%", "%")
        || wrapped("[", "]")
        || wrapped("__", "__")
        || is_sops_encrypted(t)
    {
        return true;
    }
    // One character repeated (`xxxx`, `****`, `0000`), or only masking characters.
    let mut chars = t.chars();
    if let Some(first) = chars.next()
        && (chars.all(|c| c == first)
            || t.chars()
                .all(|c| matches!(c, 'x' | 'X' | '*' | '.' | '-' | '_' | '#')))
    {
        return true;
    }
    false
}

/// A value encrypted by SOPS: `ENC[AES256_GCM,data:…,iv:…,tag:…,type:str]` (or another cipher).
pub(crate) fn is_sops_encrypted(value: &str) -> bool {
    let t = value.trim();
    t.starts_with("ENC[") && t.ends_with(']')
}

/// Whether `value` refers to a secret kept elsewhere instead of holding one: Kubernetes
/// `$(VAR)` expansion, shell/envsubst `${VAR}` and `$VAR`, Helm/Jinja `{{ … }}`, Spring `#{…}`,
/// and secret-manager references (`vault:secret/data/db#password`, `arn:aws:secretsmanager:…`,
/// `ref+vault://…`).
pub(crate) fn is_reference(value: &str) -> bool {
    let t = value.trim();
    if t.contains("$(") || t.contains("${") || t.contains("{{") || t.contains("#{") {
        return true;
    }
    if let Some(rest) = t.strip_prefix('$')
        && rest
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c == '_')
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    ["vault:", "ref+", "arn:aws:", "arn:aws-", "secretref:", "@microsoft.keyvault("]
        .iter()
        .any(|p| lower.starts_with(p))
        // GCP Secret Manager resource names.
        || (lower.starts_with("projects/") && lower.contains("/secrets/"))
}

const BOOLEAN_LIKE: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "y", "n", "enabled", "disabled", "enable",
    "disable", "required", "optional", "none", "auto",
];

const UNITS: &[&str] = &[
    "ns", "us", "ms", "s", "m", "h", "d", "w", "y", "k", "K", "M", "G", "T", "Ki", "Mi", "Gi",
    "Ti", "KB", "MB", "GB", "TB", "kb", "mb", "gb", "%", "x",
];

const FILE_EXTENSIONS: &[&str] = &[
    "txt",
    "pem",
    "key",
    "crt",
    "cer",
    "der",
    "p12",
    "pfx",
    "jks",
    "json",
    "yaml",
    "yml",
    "conf",
    "cfg",
    "ini",
    "env",
    "properties",
    "toml",
    "xml",
    "pub",
    "asc",
    "gpg",
    "keystore",
];

/// Whether `value` has the shape of a setting that is not a secret: a boolean, a number, a
/// duration or quantity (`30s`, `512Mi`), an absolute or relative path, a file name
/// (`token.txt`), a URL without credentials, or a sentence.
pub(crate) fn is_non_secret_shape(value: &str) -> bool {
    let t = value.trim();
    let lower = t.to_ascii_lowercase();
    if BOOLEAN_LIKE.contains(&lower.as_str()) {
        return true;
    }
    let digits_end = t
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || (*i == 0 && (*c == '-' || *c == '+'))))
        .map_or(t.len(), |(i, _)| i);
    let (number, unit) = t.split_at(digits_end);
    if number.bytes().any(|b| b.is_ascii_digit())
        && number.bytes().filter(|b| *b == b'.').count() <= 1
        && (unit.is_empty() || UNITS.contains(&unit))
    {
        return true;
    }
    if !t.contains(char::is_whitespace)
        && (t.starts_with('/')
            || t.starts_with("./")
            || t.starts_with("../")
            || t.starts_with("~/")
            || (t.len() > 2 && t.as_bytes()[1] == b':' && matches!(t.as_bytes()[2], b'\\' | b'/')))
    {
        return true;
    }
    if let Some((stem, ext)) = t.rsplit_once('.')
        && !stem.is_empty()
        && FILE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return true;
    }
    if is_url_without_password(t) {
        return true;
    }
    t.split_whitespace().count() >= 3
}

/// `scheme://…` with no `user:password@` part.
fn is_url_without_password(t: &str) -> bool {
    let Some((scheme, rest)) = t.split_once("://") else {
        return false;
    };
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
    {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    match authority.rsplit_once('@') {
        Some((userinfo, _)) => !userinfo.contains(':'),
        None => true,
    }
}

/// How strongly a name announces a secret: it decides how much randomness a value needs before
/// it is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Strength {
    /// `PASSWORD`, `PASSPHRASE`, `PRIVATE_KEY`, `SECRET_KEY`, `CLIENT_SECRET`: people choose
    /// these values, so even a word is a password.
    Strong,
    /// `SECRET`, `TOKEN`, `API_KEY`, `ACCESS_KEY`, `CREDENTIALS`: machine-generated values are
    /// expected; words and identifiers there are usually names of things.
    Weak,
}

/// A name that announces a secret, and what it announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SensitiveName {
    /// With its article: `a password`, `a secret`, `a token`, `an API key`, `a private key`,
    /// `a credential`.
    pub kind: &'static str,
    pub strength: Strength,
}

/// Last words of a name that say the value is about a secret, not the secret itself
/// (`PASSWORD_FILE`, `TOKEN_TTL`, `SECRET_NAME`, `PASSWORD_MIN_LENGTH`).
const NOT_SECRET_SUFFIXES: &[&str] = &[
    "NAME",
    "NAMES",
    "FILE",
    "FILES",
    "FILENAME",
    "PATH",
    "PATHS",
    "DIR",
    "DIRECTORY",
    "MOUNT",
    "LOCATION",
    "URL",
    "URI",
    "ENDPOINT",
    "HOST",
    "PORT",
    "TTL",
    "EXPIRY",
    "EXPIRES",
    "EXPIRATION",
    "LIFETIME",
    "TIMEOUT",
    "DURATION",
    "INTERVAL",
    "AGE",
    "LENGTH",
    "LEN",
    "SIZE",
    "BYTES",
    "BITS",
    "MIN",
    "MAX",
    "COUNT",
    "POLICY",
    "ENABLED",
    "DISABLED",
    "ENABLE",
    "DISABLE",
    "REQUIRED",
    "ALGORITHM",
    "ALG",
    "TYPE",
    "KIND",
    "MODE",
    "FORMAT",
    "SCHEME",
    "HEADER",
    "PREFIX",
    "ISSUER",
    "AUDIENCE",
    "SCOPE",
    "SCOPES",
    "PROVIDER",
    "STORE",
    "BACKEND",
    "ENGINE",
    "MANAGER",
    "REF",
    "VERSION",
    "FIELD",
    "PARAM",
    "HINT",
    "HELP",
    "DESCRIPTION",
    "MESSAGE",
    "LABEL",
    "TEXT",
    "HASHER",
    "HASH",
    "STRATEGY",
    "METHOD",
    "ROTATION",
    "REFRESH",
    "CACHE",
    "NAMESPACE",
    "KEYRING",
    "ID",
    "USER",
    "USERNAME",
];

/// Splits a name into upper-case words at `_`, `-`, `.`, `/`, spaces and lower-to-upper
/// camel-case boundaries: `spring.datasource.password` → `SPRING DATASOURCE PASSWORD`,
/// `clientSecret` → `CLIENT SECRET`.
pub(super) fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_uppercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether the name of an env var, ConfigMap key or assignment announces a secret.
/// `PWD` and `OLDPWD` alone are shell working directories, not passwords.
pub(crate) fn sensitive_name(name: &str) -> Option<SensitiveName> {
    let words = words(name);
    let last = words.last()?;
    // `SECRET_ID` (a Vault AppRole secret id) is a credential; other `*_ID`s are identifiers.
    let secret_id = last == "ID" && words.len() > 1 && words[words.len() - 2] == "SECRET";
    if NOT_SECRET_SUFFIXES.contains(&last.as_str()) && !secret_id {
        return None;
    }
    let strong = |kind| {
        Some(SensitiveName {
            kind,
            strength: Strength::Strong,
        })
    };
    let weak = |kind| {
        Some(SensitiveName {
            kind,
            strength: Strength::Weak,
        })
    };
    let pair = |a: &str, b: &str| {
        words.windows(2).any(|w| w[0] == a && w[1] == b)
            || words.iter().any(|w| w.ends_with(&format!("{a}{b}")))
    };
    if words
        .iter()
        .any(|w| w.contains("PASSWORD") || w.contains("PASSWD") || w.contains("PASSPHRASE"))
        || (words.len() > 1 && words.iter().any(|w| w == "PWD" || w == "PASS"))
    {
        return strong("a password");
    }
    if pair("PRIVATE", "KEY") {
        return strong("a private key");
    }
    if pair("SECRET", "KEY") || pair("CLIENT", "SECRET") || pair("SECRET", "ACCESS") {
        return strong("a secret");
    }
    if words
        .iter()
        .any(|w| w == "SECRETS" || w.ends_with("SECRET"))
    {
        return weak("a secret");
    }
    if words.iter().any(|w| w == "TOKENS" || w.ends_with("TOKEN")) {
        return weak("a token");
    }
    if pair("API", "KEY") || pair("ACCESS", "KEY") || pair("AUTH", "KEY") {
        return weak("an API key");
    }
    if words
        .iter()
        .any(|w| w == "CREDENTIAL" || w == "CREDENTIALS" || w == "CREDS")
    {
        return weak("a credential");
    }
    None
}

/// The minimum length and entropy a value needs under a name of this strength.
fn thresholds(strength: Strength) -> (usize, f64) {
    match strength {
        Strength::Strong => (6, 2.0),
        Strength::Weak => (8, 2.5),
    }
}

/// An identifier made of lower-case words (`db-credentials`, `app_secret`): under a weak name
/// such as `SECRET` or `TOKEN` it names a thing rather than being a generated value.
fn is_word_identifier(t: &str) -> bool {
    t.split(['-', '_', '.'])
        .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase()))
}

/// Whether `value`, found under a name of `strength`, looks like a literal secret; returns its
/// entropy. Placeholders, references, non-secret shapes and values below the strength's
/// length and entropy thresholds are not.
pub(crate) fn assess_value(value: &str, strength: Strength) -> Option<f64> {
    let t = value.trim();
    if is_placeholder(t) || is_reference(t) || is_non_secret_shape(t) {
        return None;
    }
    if strength == Strength::Weak && is_word_identifier(t) {
        return None;
    }
    let (min_len, min_entropy) = thresholds(strength);
    let e = entropy(t);
    (t.chars().count() >= min_len && e >= min_entropy).then_some(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_grows_with_randomness() {
        assert_eq!(entropy(""), 0.0);
        assert_eq!(entropy("aaaa"), 0.0);
        assert!((entropy("abcd") - 2.0).abs() < 1e-9);
        assert!(entropy("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz") > 4.0);
        assert!(entropy("disabled") < 3.0);
    }

    #[test]
    fn placeholders() {
        for p in [
            "",
            "  ",
            "changeme",
            "CHANGEME",
            "ChangeMe123",
            "REPLACE_ME",
            "<password>",
            "<base64-encoded-token>",
            "${DB_PASSWORD}",
            "$(DB_PASSWORD)",
            "{{ .Values.password }}",
            "%PASSWORD%",
            "[REDACTED]",
            "__PASSWORD__",
            "xxx",
            "XXXXXXXX",
            "********",
            "x-x-x",
            "TODO",
            "example",
            "my-example-password",
            "your-api-key-here",
            "REPLACE_WITH_REAL_TOKEN",
            "password",
            "null",
            "ENC[AES256_GCM,data:Tr7o=,iv:1=,tag:2=,type:str]",
        ] {
            assert!(is_placeholder(p), "{p:?} should be a placeholder");
        }
        for real in [
            "hunter22",
            "s3cr3t-P4ss",
            "postgres",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "x9",
        ] {
            assert!(!is_placeholder(real), "{real:?} is not a placeholder");
        }
    }

    #[test]
    fn references() {
        for r in [
            "$(DB_PASSWORD)",
            "postgres://$(DB_USER):$(DB_PASSWORD)@db/app",
            "${TOKEN}",
            "$TOKEN",
            "{{ .Values.token }}",
            "#{systemEnvironment['X']}",
            "vault:secret/data/db#password",
            "ref+vault://secret/db#/password",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
            "projects/shop-prod/secrets/db-password/versions/latest",
            "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/)",
        ] {
            assert!(is_reference(r), "{r:?} is a reference");
        }
        for literal in ["hunter22", "$ecretP4ss", "pa$$word", "a$(b"] {
            assert_eq!(is_reference(literal), literal.contains("$("), "{literal:?}");
        }
    }

    #[test]
    fn non_secret_shapes() {
        for v in [
            "true",
            "False",
            "disabled",
            "3600",
            "-1",
            "0.5",
            "30s",
            "512Mi",
            "/etc/secrets/password",
            "./token",
            "~/creds",
            "C:\\secrets\\token",
            "token.txt",
            "tls.key",
            "https://vault.internal:8200/v1/auth",
            "postgres://app@db:5432/app",
            "op://vault/item/field",
            "Use at least twelve characters",
        ] {
            assert!(is_non_secret_shape(v), "{v:?} has a non-secret shape");
        }
        for v in [
            "hunter22",
            "postgres://app:s3cr3t@db:5432/app",
            "12ab34cd56",
            "correct horse",
        ] {
            assert!(!is_non_secret_shape(v), "{v:?} could be a secret");
        }
    }

    #[test]
    fn sensitive_names() {
        let kind = |n: &str| sensitive_name(n).map(|s| (s.kind, s.strength));
        use Strength::*;
        assert_eq!(kind("DB_PASSWORD"), Some(("a password", Strong)));
        assert_eq!(kind("dbPassword"), Some(("a password", Strong)));
        assert_eq!(
            kind("spring.datasource.password"),
            Some(("a password", Strong))
        );
        assert_eq!(kind("POSTGRESPASSWORD"), Some(("a password", Strong)));
        assert_eq!(kind("DB_PWD"), Some(("a password", Strong)));
        assert_eq!(kind("PWD"), None);
        assert_eq!(kind("OLDPWD"), None);
        assert_eq!(kind("JWT_PRIVATE_KEY"), Some(("a private key", Strong)));
        assert_eq!(kind("privateKey"), Some(("a private key", Strong)));
        assert_eq!(kind("DJANGO_SECRET_KEY"), Some(("a secret", Strong)));
        assert_eq!(kind("clientSecret"), Some(("a secret", Strong)));
        assert_eq!(kind("AWS_SECRET_ACCESS_KEY"), Some(("a secret", Strong)));
        assert_eq!(kind("JWT_SECRET"), Some(("a secret", Weak)));
        assert_eq!(kind("VAULT_SECRET_ID"), Some(("a secret", Weak)));
        assert_eq!(kind("GITHUB_TOKEN"), Some(("a token", Weak)));
        assert_eq!(kind("authToken"), Some(("a token", Weak)));
        assert_eq!(kind("STRIPE_API_KEY"), Some(("an API key", Weak)));
        assert_eq!(kind("apiKey"), Some(("an API key", Weak)));
        assert_eq!(
            kind("GOOGLE_APPLICATION_CREDENTIALS_JSON"),
            Some(("a credential", Weak))
        );
        for not in [
            "DB_PASSWORD_FILE",
            "PASSWORD_MIN_LENGTH",
            "SECRET_NAME",
            "TOKEN_TTL",
            "TOKEN_ENDPOINT",
            "tokenizer",
            "SECRETARY",
            "API_KEY_HEADER",
            "passwordSecretRef",
            "AWS_ACCESS_KEY_ID",
            "LOG_LEVEL",
            "",
            "KEY",
        ] {
            assert_eq!(kind(not), None, "{not}");
        }
    }

    #[test]
    fn values_need_the_strengths_length_and_entropy() {
        use Strength::*;
        assert!(assess_value("hunter22", Strong).is_some());
        assert!(assess_value("postgres", Strong).is_some());
        assert!(assess_value("admin", Strong).is_none(), "too short");
        assert!(assess_value("passpass", Strong).is_none(), "entropy 1.5");
        assert!(assess_value("true", Strong).is_none());
        assert!(assess_value("/run/secrets/db", Strong).is_none());
        assert!(assess_value("$(DB_PASSWORD)", Strong).is_none());
        assert!(assess_value("changeme", Strong).is_none());
        let e = assess_value("9f8e7d6c5b4a39281706f5e4d3c2b1a0", Weak).expect("hex token");
        assert!(e > 3.5, "{e}");
        assert!(assess_value("kubernetes", Weak).is_none(), "a word");
        assert!(
            assess_value("db-credentials", Weak).is_none(),
            "an identifier"
        );
        assert!(
            assess_value("s3cr3t", Weak).is_none(),
            "too short for a weak name"
        );
        assert!(assess_value("s3cr3t-1111", Weak).is_some(), "entropy 2.55");
        assert!(assess_value("aaaabbbbcc", Weak).is_none(), "entropy 1.5");
        assert!(assess_value("Zx81!kq_Pw", Weak).is_some());
    }
}
