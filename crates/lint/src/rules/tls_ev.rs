//! (rules being written)

use crate::rule::Rule;

/// The rules of this file.
pub static RULES: &[Rule] = &[];
