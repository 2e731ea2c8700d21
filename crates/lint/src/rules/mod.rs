//! The rule sets, one file per concern.

use crate::rule::Rule;

pub mod chain;
pub mod der;
pub mod general_names;
pub mod keys;
pub mod mozilla;
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
        mozilla::RULES,
        chain::RULES,
    ]
    .into_iter()
    .flatten()
}
