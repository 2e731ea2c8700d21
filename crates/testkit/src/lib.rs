//! Test support for rootward: build X.509 certificates as DER, including
//! deliberately broken ones, so lint rules can be tested with a passing and a
//! failing certificate.
//!
//! - [`der`]: a minimal DER writer (also for invalid encodings).
//! - [`keys`]: cached aws-lc-rs key pairs with SPKI, signing and key IDs.
//! - [`name`]: distinguished names.
//! - [`ext`]: extension encoders.
//! - [`cert`]: [`CertBuilder`], every TBSCertificate field settable.
//! - [`presets`]: compliant root, S/MIME subordinate CA and S/MIME leaves.
//! - [`time`], [`pem`]: date arithmetic and PEM output.
//!
//! This is test-only code: invalid input panics with a descriptive message.
#![allow(clippy::expect_used)]

pub mod ceremony;
pub mod cert;
pub mod crl;
pub mod der;
pub mod ext;
pub mod keys;
pub mod name;
pub mod pem;
pub mod presets;
pub mod time;

pub use cert::{CertBuilder, Version};
pub use der::StringKind;
pub use ext::{Extension, GeneralName, KeyUsage, PolicyInfo};
pub use keys::{Key, KeyType, SigAlg};
pub use name::Name;
pub use presets::{Generation, Validation};
