//! The detector table: every format with positive and negative examples. All tokens here are
//! random strings in the right shape, not credentials.

use super::*;

/// Detector ids found in `text` with generic assignments on.
fn ids(text: &str) -> Vec<&'static str> {
    scan_text(text, Depth::WithGeneric)
        .into_iter()
        .map(|d| d.detector)
        .collect()
}

fn finds(detector: &str, text: &str) {
    assert_eq!(ids(text), vec![detector], "{text:?}");
}

fn misses(text: &str) {
    assert_eq!(ids(text), Vec::<&str>::new(), "{text:?}");
}

const PEM_BODY: &str = "f2rcDkdfrUnW5gcF+Ha6ili8GjHEAD6/Wj9KfzjsQGMrb9h+ImB+LK777pzNk8cL\n\
                        6j5IXAAjlsHUqJoUD/+Ydua+5ZMs1SWOpQaPRYpzbLGViYXjU2JgJngKtFI3OyV2\n";

#[test]
fn every_detector_compiles_and_has_lower_case_keywords() {
    let detector = &*DETECTOR;
    assert_eq!(
        detector.formats.len(),
        FORMATS.len(),
        "a pattern failed to compile"
    );
    assert_eq!(detector.named.len(), NAMED_FORMATS.len());
    assert!(detector.prefilter.is_some());
    for format in FORMATS {
        assert!(!format.keywords.is_empty(), "{}", format.id);
        for k in format.keywords {
            assert_eq!(*k, k.to_ascii_lowercase(), "{}", format.id);
        }
    }
    let mut ids: Vec<_> = FORMATS.iter().map(|f| f.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), FORMATS.len(), "detector ids are unique");
}

#[test]
fn private_keys() {
    for header in [
        "RSA PRIVATE KEY",
        "PRIVATE KEY",
        "EC PRIVATE KEY",
        "OPENSSH PRIVATE KEY",
        "ENCRYPTED PRIVATE KEY",
        "PGP PRIVATE KEY BLOCK",
    ] {
        finds(
            "private-key",
            &format!(
                "tls.key: |\n  -----BEGIN {header}-----\n  {PEM_BODY}  -----END {header}-----\n"
            ),
        );
    }
    // JSON-escaped, as in a GCP service-account key file.
    finds(
        "private-key",
        &format!(
            r#"{{"private_key": "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n"}}"#,
            &PEM_BODY[..64]
        ),
    );
    // Encrypted PEM headers between the banner and the key material.
    finds(
        "private-key",
        &format!(
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F2A\n\n{PEM_BODY}"
        ),
    );
    misses("-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----");
    misses("put the key between -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY-----");
    misses(&format!(
        "-----BEGIN CERTIFICATE-----\n{PEM_BODY}-----END CERTIFICATE-----"
    ));
    misses(&format!(
        "-----BEGIN PUBLIC KEY-----\n{PEM_BODY}-----END PUBLIC KEY-----"
    ));
}

#[test]
fn aws_keys() {
    finds("aws-access-key-id", "AKIAZ7VQ2XK4M3P6R5TB");
    finds("aws-access-key-id", "id=ASIAZ7VQ2XK4M3P6R5TB;");
    misses("AKIAIOSFODNN7EXAMPLE");
    misses("AKIAXXXXXXXXXXXXXXXX");
    misses("AKIA1234567890123456");
    misses("XAKIAZ7VQ2XK4M3P6R5TB");
    misses("AKIAZ7VQ2XK4M3P6R5TBQ");
    finds(
        "aws-secret-access-key",
        "aws_secret_access_key = sdMlHUvTCQCyEZDz+TddJ8HyS5SUkCnD8zRA9a9S",
    );
    finds(
        "aws-secret-access-key",
        r#""SecretAccessKey": "sdMlHUvTCQCyEZDz+TddJ8HyS5SUkCnD8zRA9a9S""#,
    );
    misses("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    // 41 characters: not the AWS format, still a random value under a secret name.
    finds(
        "generic-assignment",
        "aws_secret_access_key = sdMlHUvTCQCyEZDz+TddJ8HyS5SUkCnD8zRA9a9Sx",
    );
    misses("aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}");
}

#[test]
fn github_gitlab_slack_stripe_google_and_others() {
    finds(
        "github-token",
        "GITHUB_TOKEN=ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d",
    );
    finds("github-token", "gho_KLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFR");
    misses("ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oO"); // too short
    misses("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    misses("ghx_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d");
    finds(
        "github-fine-grained-token",
        "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",
    );
    misses("github_pat_IBXuDL7DxtpYlSXpfKtHF4");
    finds("gitlab-token", "glpat-c7Tvo-hBKqFYY-kv5ZJr");
    misses("glpat-short");
    misses("glpat-xxxxxxxxxxxxxxxxxxxx");
    finds(
        "slack-token",
        "xoxb-06883106792-470822765444-VVPqzPptEJQzhkPkenG5ZFJo",
    );
    misses("xoxb-");
    misses("xoxq-06883106792-470822765444-VVPqzPptEJQzhkPkenG5ZFJo");
    finds(
        "slack-webhook",
        "https://hooks.slack.com/services/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",
    );
    misses("https://hooks.slack.com/services/");
    finds(
        "stripe-live-key",
        "STRIPE_KEY: sk_live_0B3JrTAwR4y9ojfljoQoaF1L",
    );
    misses("sk_test_0B3JrTAwR4y9ojfljoQoaF1L");
    misses("pk_live_0B3JrTAwR4y9ojfljoQoaF1L");
    finds(
        "google-api-key",
        "key=AIzaxHKas1VOqg6YYZYn9ZhyiA4uoRgnatmUdjA",
    );
    misses("AIzaxHKas1VOqg6YYZYn9ZhyiA4uoRgnatmUdj"); // 34 characters
    misses("AIzaxHKas1VOqg6YYZYn9ZhyiA4uoRgnatmUdjAB"); // 36 characters
    finds(
        "npm-token",
        "//registry.npmjs.org/:_authToken=npm_NyjOq9wMxEhh2FDEEtfjgVvVqE1SkHbn88Hx",
    );
    misses("npm_install");
    finds(
        "pypi-token",
        "pypi-AgEIcHlwaS5vcmcHp6bR1IqfEouHgxzNNAL5wIScGebcy8F5n3-YNBDRzrZSgqbjG3uhkWKFLf6",
    );
    finds(
        "sendgrid-key",
        "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",
    );
    misses("sg.example.com");
    finds(
        "azure-storage-key",
        "DefaultEndpointsProtocol=https;AccountName=kw;AccountKey=5di4PzJ59FHz5r1pY4OjE2jBMptUsGr7CmY+uCu3ZR1zTOlUcR64cXQLioDnkHIfxIq2HZt/PlJhx2jIclHkCi==;EndpointSuffix=core.windows.net",
    );
    misses("AccountName=kw;AccountKey=${STORAGE_KEY}");
}

#[test]
fn jwts() {
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJrdWJld2FyZC10ZXN0IiwiaWF0IjoxNzAwMDAwMDAwfQ.xuI5aHUQPFeNBTxaQWk8JzFalHlsZfYcMMDktXP-tKs";
    finds("jwt", jwt);
    finds("jwt", &format!("token: \"{jwt}\""));
    // Unsigned, still a bearer token somewhere.
    finds(
        "jwt",
        "eyJhbGciOiJub25lIn0.eyJzdWIiOiJrdWJld2FyZC10ZXN0In0.",
    );
    // A header without `alg` is not a JWT.
    misses("eyJ0eXAiOiJKV1QiLCJraWQiOiJ4MSJ9.eyJzdWIiOiJrdWJld2FyZC10ZXN0In0.xuI5aHUQPFeNBTxa");
    // Not base64url JSON.
    misses("eyJzzzzzzzzzzzz.eyJzzzzzzzzzzzz.abc");
    misses("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
}

#[test]
fn urls_with_passwords() {
    let what = |text: &str| {
        scan_text(text, Depth::KnownFormats)
            .into_iter()
            .map(|d| d.what)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        what("DATABASE_URL=postgres://app:Zq9xT2vLw8@db.prod.svc:5432/app"),
        vec!["a `postgres` connection string with a password"]
    );
    assert_eq!(
        what("redis://:Zq9xT2vLw8@redis:6379/0"),
        vec!["a `redis` connection string with a password"]
    );
    assert_eq!(
        what("jdbc:mysql://root:Zq9xT2vLw8@10.0.0.4/app"),
        vec!["a `mysql` connection string with a password"]
    );
    assert_eq!(
        what("https://deploy:Zq9xT2vLw8@git.corp.net/repo.git"),
        vec!["a URL with an embedded password"]
    );
    for text in [
        "postgres://app:${DB_PASSWORD}@db:5432/app",
        "postgres://$(DB_USER):$(DB_PASSWORD)@db:5432/app",
        "postgres://app@db:5432/app",
        "redis://:@redis:6379",
        "https://user:password@host",
        "mongodb://admin:<password>@cluster0.mongodb.net",
        "amqp://guest:****@rabbit:5672",
        "postgres://app:changeme@db/app",
        "http://host:8080/path@x",
    ] {
        assert_eq!(what(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn docker_config_auth_and_authorization_headers() {
    finds(
        "docker-config-auth",
        r#"{"auths":{"ghcr.io":{"auth":"cm9ib3Q6WGsydjlRbTdMcDRUeg=="}}}"#,
    );
    misses(r#"{"auths":{"ghcr.io":{"auth":"cm9ib3Q6Y2hhbmdlbWU="}}}"#); // robot:changeme
    misses(r#"{"auth": "bm9jb2xvbmF0YWxs"}"#); // no colon
    misses(r#"{"auth": "not base64!!"}"#);
    finds(
        "authorization-header",
        "Authorization: Bearer C6vWCBiJmpflvJfupxqZKm4bV3AyAVHn",
    );
    finds(
        "authorization-header",
        r#"headers: {"authorization": "token C6vWCBiJmpflvJfupxqZKm4bV3AyAVHn"}"#,
    );
    misses("Authorization: Bearer ${TOKEN}");
    misses("Authorization: Bearer xxxxxxxxxxxxxxxxxxxxxxxx");
}

#[test]
fn generic_assignments() {
    finds(
        "generic-assignment",
        "spring.datasource.password=Tr0ub4dor&3",
    );
    finds("generic-assignment", "  password: hunter22\n");
    finds("generic-assignment", r#"{"db": {"password": "hunter22"}}"#);
    finds("generic-assignment", "export DB_PASSWORD='s3cr3t-P4ss'");
    finds("generic-assignment", "--client-secret=Zx81kq_Pw7");
    finds(
        "generic-assignment",
        "jwt.secret = 9f8e7d6c5b4a39281706f5e4d3c2b1a0",
    );
    let d = &scan_text("a\nb\nredis.password = hunter22\n", Depth::WithGeneric)[0];
    assert_eq!(d.line, 3);
    assert_eq!(
        d.what,
        "a literal value for `redis.password` that looks like a password (entropy 2.8)"
    );
    for text in [
        "password: ${DB_PASSWORD}",
        "password = {{ .Values.password }}",
        "password=changeme",
        "password: <your-password>",
        "password:\n  valueFrom: x",
        "password_file=/run/secrets/db",
        "password-min-length: 12",
        "token_ttl=3600",
        "token_endpoint: https://auth.corp.net/token",
        "passwordSecretRef: {name: db, key: password}",
        "secret: true",
        "tokenizer: bert-base-uncased",
        "apiKeyHeader: X-Api-Key",
        "PWD=/home/app",
        "api_key = kubernetes",
        "secret_name: db-credentials",
        "secret = short",
    ] {
        misses(text);
    }
    // Known formats only: no generic assignments.
    assert!(scan_text("password=hunter22", Depth::KnownFormats).is_empty());
}

#[test]
fn specific_detectors_win_over_generic_assignments() {
    assert_eq!(
        ids("token: ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d"),
        vec!["github-token"]
    );
    assert_eq!(
        ids("aws_secret_access_key=sdMlHUvTCQCyEZDz+TddJ8HyS5SUkCnD8zRA9a9S"),
        vec!["aws-secret-access-key"]
    );
}

#[test]
fn several_detections_come_in_line_order() {
    let text = "a: glpat-c7Tvo-hBKqFYY-kv5ZJr\nb: AKIAZ7VQ2XK4M3P6R5TB\npassword: hunter22\n";
    let found = scan_text(text, Depth::WithGeneric);
    let got: Vec<_> = found.iter().map(|d| (d.line, d.detector)).collect();
    assert_eq!(
        got,
        vec![
            (1, "gitlab-token"),
            (2, "aws-access-key-id"),
            (3, "generic-assignment")
        ]
    );
}

#[test]
fn detections_never_contain_the_value() {
    let secrets = [
        "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d",
        "Zq9xT2vLw8",
        "hunter22",
        "AKIAZ7VQ2XK4M3P6R5TB",
    ];
    let text = format!(
        "t={}\nurl=postgres://u:{}@db/x\npassword={}\nid={}\n",
        secrets[0], secrets[1], secrets[2], secrets[3]
    );
    let found = scan_text(&text, Depth::WithGeneric);
    assert_eq!(found.len(), 4);
    for d in &found {
        for s in secrets {
            assert!(!d.what.contains(s), "{} leaks {s}", d.what);
        }
    }
}

#[test]
fn named_values() {
    let what = |name: &str, value: &str| {
        scan_named_value(name, value)
            .into_iter()
            .next()
            .map(|d| d.what)
    };
    assert_eq!(
        what("DB_PASSWORD", "hunter22").as_deref(),
        Some("a literal value that looks like a password (entropy 2.8)")
    );
    assert_eq!(
        what("GITHUB_TOKEN", "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d").as_deref(),
        Some("a GitHub token")
    );
    // A token format wins whatever the name.
    assert_eq!(
        what("CONFIG", "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d").as_deref(),
        Some("a GitHub token")
    );
    assert_eq!(
        what(
            "AWS_SECRET_ACCESS_KEY",
            "sdMlHUvTCQCyEZDz+TddJ8HyS5SUkCnD8zRA9a9S"
        )
        .as_deref(),
        Some("an AWS secret access key")
    );
    assert_eq!(
        what(
            "aws.secretAccessKey",
            "sdMlHUvTCQCyEZDz+TddJ8HyS5SUkCnD8zRA9a9S"
        )
        .as_deref(),
        Some("an AWS secret access key")
    );
    assert_eq!(
        what("API_KEY", "C6vWCBiJmpflvJfupxqZKm4bV3AyAVHn").as_deref(),
        Some("a literal value that looks like an API key (entropy 4.5)")
    );
    for (name, value) in [
        ("DB_PASSWORD", ""),
        ("DB_PASSWORD", "changeme"),
        ("DB_PASSWORD", "$(POSTGRES_PASSWORD)"),
        ("DB_PASSWORD", "/etc/db/password"),
        ("DB_PASSWORD_FILE", "hunter22"),
        ("REQUIRE_PASSWORD", "true"),
        ("PASSWORD_MIN_LENGTH", "12"),
        ("SECRET_NAME", "db-credentials"),
        ("TOKEN_TTL", "1h"),
        ("AUTH_TOKEN", "kubernetes"),
        ("LOG_LEVEL", "Zx81kq_Pw7Zx81kq_Pw7"),
        ("AWS_SECRET_ACCESS_KEY", "${AWS_SECRET_ACCESS_KEY}"),
        ("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"),
    ] {
        assert_eq!(what(name, value), None, "{name}={value}");
    }
    assert_eq!(
        what(
            "JAVA_OPTS",
            "-Xmx1g -Dspring.datasource.password=Tr0ub4dor -Dx=y"
        )
        .as_deref(),
        Some(
            "a literal value for `-Dspring.datasource.password` that looks like a password (entropy 2.9)"
        )
    );
}

#[test]
fn named_values_list_every_detection_formats_first() {
    let text = "db.password=hunter22\ntoken=glpat-c7Tvo-hBKqFYY-kv5ZJr\n";
    let found: Vec<_> = scan_named_value("app.properties", text)
        .into_iter()
        .map(|d| (d.line, d.detector))
        .collect();
    assert_eq!(found, vec![(2, "gitlab-token"), (1, "generic-assignment")]);
}
