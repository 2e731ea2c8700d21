//! The rule sets, one file per concern.

use crate::rule::Rule;

pub mod chain;
pub mod der;
pub mod general_names;
pub mod keys;
pub mod mozilla;
pub mod qc_statements;
pub mod rfc5280;
pub mod smime_ca;
pub mod smime_extensions;
pub mod smime_keys;
pub mod smime_names;
pub mod tls_ca;
pub mod tls_common;
pub mod tls_ev;
pub mod tls_subscriber;

/// Every rule, in catalogue order.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    [
        der::RULES,
        rfc5280::RULES,
        general_names::RULES,
        keys::RULES,
        smime_extensions::RULES,
        smime_keys::RULES,
        smime_names::RULES,
        smime_ca::RULES,
        tls_common::RULES,
        tls_subscriber::RULES,
        tls_ev::RULES,
        tls_ca::RULES,
        qc_statements::RULES,
        mozilla::RULES,
        chain::RULES,
    ]
    .into_iter()
    .flatten()
}

/// A value from a certificate for a finding's message: control characters
/// escaped (`\xNN`), cut after 200 characters with an ellipsis, so hostile
/// input cannot garble or flood a report.
pub(crate) fn show(bytes: &[u8]) -> String {
    show_str(&String::from_utf8_lossy(bytes))
}

/// [`show`] for text.
pub(crate) fn show_str(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars().take(200) {
        if c.is_control() {
            o.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            o.push(c);
        }
    }
    if s.chars().nth(200).is_some() {
        o.push('…');
    }
    o
}
