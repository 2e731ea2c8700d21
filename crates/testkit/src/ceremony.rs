//! Key ceremony scripts for tests: the shape of
//! `examples/ceremony/hierarchy.toml` with P-384 keys, written in a test's
//! directory and run with `ca::ceremony::run` (which needs the passphrases
//! `ROOT_PASSPHRASE` and `SUBCA_PASSPHRASE` from the test's secrets).

/// A ceremony script named `name` (quoted as a TOML string): a root key and
/// its self-signed certificate `root.pem` with common name `root_cn`, and
/// with `with_subca` an S/MIME sub-CA key, its CSR and its certificate
/// `subca.pem` issued by the root. Output goes to `out/` beside the script.
pub fn script(name: &str, root_cn: &str, with_subca: bool) -> String {
    let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let mut script = format!(
        r#"[ceremony]
name = "{name}"
date = "2026-01-15"
location = "Test room"
output_dir = "out"
participants = [
  {{ name = "Administrator", role = "Root operator" }},
  {{ name = "Qualified Auditor", role = "Witness" }},
]

[[step]]
id = "root-key"
action = "generate-key"
key = "root"
algorithm = "p384"
key_file = "root.p8"
passphrase_env = "ROOT_PASSPHRASE"
output = "root.pub.pem"

[[step]]
id = "self-sign-root"
action = "self-sign"
key = "root"
profile = "root-ca"
subject = {{ C = "JP", O = "Alpha Trust Services Ltd.", CN = "{root_cn}" }}
output = "root.pem"
"#,
        name = quote(name),
        root_cn = quote(root_cn),
    );
    if with_subca {
        script.push_str(
            r#"
[[step]]
id = "subca-key"
action = "generate-key"
key = "subca"
algorithm = "p384"
key_file = "subca.p8"
passphrase_env = "SUBCA_PASSPHRASE"
output = "subca.pub.pem"

[[step]]
id = "subca-csr"
action = "create-csr"
key = "subca"
subject = { C = "JP", O = "Alpha Sub-CA Operations Ltd.", CN = "Alpha S/MIME CA 1" }
output = "subca.csr"

[[step]]
id = "issue-subca"
action = "issue-from-csr"
key = "root"
profile = "smime-subca"
issuer_cert = "root.pem"
input = "subca.csr"
output = "subca.pem"
"#,
        );
    }
    script
}
