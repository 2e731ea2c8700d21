//! Encoding: the certificate must be DER (MRSP 5.2; X.690 clauses 10-11).
//!
//! `cert` tolerates these departures so the rest of the certificate can be
//! checked; each becomes a finding here.

use cert::der::IssueKind;

use crate::finding::Severity;
use crate::rule::{Ctx, Out, Rule};

/// Code of the fatal finding for input that does not decode as a certificate.
pub const UNDECODABLE: &str = "der.certificate_undecodable";

fn undecodable(_: &Ctx<'_>, _: &mut Out<'_>) {
    // Emitted by the linter itself when decoding fails; listed for the catalogue.
}

fn issues(ctx: &Ctx<'_>, out: &mut Out<'_>, want: fn(&IssueKind) -> bool, what: &str) {
    for i in ctx.cert.der_issues.iter().filter(|i| want(&i.kind)) {
        out.emit(
            format!("byte {}", i.offset),
            format!("{what} at byte {}", i.offset),
        );
    }
}

fn non_minimal_length(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    issues(
        ctx,
        out,
        |k| matches!(k, IssueKind::NonMinimalLength),
        "length encoded in more octets than needed",
    );
}
fn boolean(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    issues(
        ctx,
        out,
        |k| matches!(k, IssueKind::NonCanonicalBoolean),
        "BOOLEAN TRUE not encoded as 0xFF",
    );
}
fn integer(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    issues(
        ctx,
        out,
        |k| matches!(k, IssueKind::NonMinimalInteger | IssueKind::EmptyInteger),
        "INTEGER not minimally encoded",
    );
}
fn default_value(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for i in &ctx.cert.der_issues {
        if let IssueKind::DefaultValueEncoded { field } = i.kind {
            out.emit(
                format!("byte {}", i.offset),
                format!(
                    "{field} encoded with its DEFAULT value at byte {}",
                    i.offset
                ),
            );
        }
    }
}
fn bits(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    issues(
        ctx,
        out,
        |k| {
            matches!(
                k,
                IssueKind::NonZeroPaddingBits | IssueKind::TrailingZeroBits
            )
        },
        "BIT STRING with non-zero padding bits or trailing zero bits in a named bit list",
    );
}
fn oid(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    issues(
        ctx,
        out,
        |k| matches!(k, IssueKind::NonMinimalOid),
        "OBJECT IDENTIFIER subidentifier with leading 0x80",
    );
}
fn set_order(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    issues(
        ctx,
        out,
        |k| matches!(k, IssueKind::UnsortedSetOf),
        "SET OF elements not sorted by their encodings",
    );
}
fn empty_rdn(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    issues(
        ctx,
        out,
        |k| matches!(k, IssueKind::EmptyRdn),
        "empty RelativeDistinguishedName in a Name",
    );
}

fn empty_sequence_of(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for i in &ctx.cert.der_issues {
        if let IssueKind::EmptySequenceOf { .. } = i.kind {
            out.emit(
                format!("byte {}", i.offset),
                format!("{} at byte {}", i.kind, i.offset),
            );
        }
    }
}

fn trailing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if !ctx.cert.trailing.is_empty() {
        out.emit(
            "certificate",
            format!(
                "{} bytes follow the Certificate SEQUENCE",
                ctx.cert.trailing.len()
            ),
        );
    }
}
fn extension_value(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for e in ctx.cert.extensions() {
        if let Err(err) = &e.parsed {
            let name = e
                .oid
                .name()
                .map(str::to_owned)
                .unwrap_or_else(|| e.oid.to_string());
            out.emit(
                format!("extensions.{name}"),
                format!("the {name} extension value does not decode: {err}"),
            );
        }
    }
}

/// The rules of this file.
pub static RULES: &[Rule] = &[
    Rule {
        code: UNDECODABLE,
        severity: Severity::Fatal,
        citation: "RFC 5280 4.1",
        summary: "The input decodes as an X.509 Certificate",
        pkilint: Some("itu.invalid_asn1_syntax"),
        check: undecodable,
        ..Rule::NEW
    },
    Rule {
        code: "der.extension_value_undecodable",
        severity: Severity::Error,
        citation: "RFC 5280 4.2",
        summary: "Every extension rootward knows decodes according to its ASN.1 definition",
        pkilint: Some("itu.invalid_asn1_syntax"),
        check: extension_value,
        ..Rule::NEW
    },
    Rule {
        code: "der.non_minimal_length",
        severity: Severity::Error,
        citation: "X.690 10.1; MRSP 5.2",
        summary: "Lengths use the fewest octets possible",
        check: non_minimal_length,
        ..Rule::NEW
    },
    Rule {
        code: "der.non_canonical_boolean",
        severity: Severity::Error,
        citation: "X.690 11.1; MRSP 5.2",
        summary: "BOOLEAN TRUE is encoded as 0xFF",
        check: boolean,
        ..Rule::NEW
    },
    Rule {
        code: "der.non_minimal_integer",
        severity: Severity::Error,
        citation: "X.690 8.3.2; MRSP 5.2",
        summary: "INTEGERs are minimally encoded",
        check: integer,
        ..Rule::NEW
    },
    Rule {
        code: "der.default_value_encoded",
        severity: Severity::Error,
        citation: "X.690 11.5; MRSP 5.2",
        summary: "Fields equal to their DEFAULT value are omitted",
        check: default_value,
        ..Rule::NEW
    },
    Rule {
        code: "der.bit_string_padding",
        severity: Severity::Error,
        citation: "X.690 11.2; MRSP 5.2",
        summary: "BIT STRING padding bits are zero and named bit lists have no trailing zero bits",
        // pkilint's DER decoder refuses such a value outright.
        pkilint: Some("itu.invalid_asn1_syntax"),
        check: bits,
        ..Rule::NEW
    },
    Rule {
        code: "der.non_minimal_oid",
        severity: Severity::Error,
        citation: "X.690 8.19.2; MRSP 5.2",
        summary: "OBJECT IDENTIFIER subidentifiers are minimally encoded",
        check: oid,
        ..Rule::NEW
    },
    Rule {
        code: "der.set_of_unsorted",
        severity: Severity::Error,
        citation: "X.690 11.6; MRSP 5.2",
        summary: "Multi-valued RDNs list their attributes in DER SET OF order",
        check: set_order,
        ..Rule::NEW
    },
    Rule {
        code: "der.empty_relative_distinguished_name",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.4",
        summary: "Every RelativeDistinguishedName holds at least one attribute (SET SIZE (1..MAX))",
        check: empty_rdn,
        ..Rule::NEW
    },
    Rule {
        code: "der.empty_sequence_of",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.4",
        summary: "A SEQUENCE SIZE (1..MAX) OF inside an extension (policyQualifiers) holds at least one element",
        // pkilint's decoder enforces the size constraint and refuses the value.
        pkilint: Some("itu.invalid_asn1_syntax"),
        check: empty_sequence_of,
        ..Rule::NEW
    },
    Rule {
        code: "der.trailing_data",
        severity: Severity::Error,
        citation: "X.690 10.1; MRSP 5.2",
        summary: "Nothing follows the Certificate SEQUENCE",
        check: trailing,
        ..Rule::NEW
    },
];
