//! QCStatements (RFC 3739 3.2.6; ETSI EN 319 412-5): the statementInfo of
//! the statements whose syntax is defined must follow it.
//!
//! ```asn1
//! QcEuLimitValue ::= MonetaryValue          -- 0.4.0.1862.1.2
//! MonetaryValue ::= SEQUENCE { currency Iso4217CurrencyCode, amount INTEGER, exponent INTEGER }
//! Iso4217CurrencyCode ::= CHOICE { alphabetic PrintableString (SIZE (3)), numeric INTEGER (1..999) }
//! QcEuRetentionPeriod ::= INTEGER           -- 0.4.0.1862.1.3
//! QcEuPDS ::= PdsLocations                  -- 0.4.0.1862.1.5
//! PdsLocations ::= SEQUENCE SIZE (1..MAX) OF PdsLocation
//! PdsLocation ::= SEQUENCE { url IA5String, language PrintableString (SIZE(2)) }
//! QcType ::= SEQUENCE OF OBJECT IDENTIFIER   -- 0.4.0.1862.1.6
//! QcCClegislation ::= SEQUENCE OF CountryName  -- 0.4.0.1862.1.7; PrintableString (SIZE (2))
//! ```
//! QcCompliance (…1.1) and QcSSCD (…1.4) carry no statementInfo.

use cert::der::{IssueSink, Reader, Tlv, tag};
use cert::ext::ExtValue;
use cert::oids;

use crate::finding::Severity;
use crate::rule::{Ctx, Out, Rule};

/// Why a statementInfo does not follow its syntax, if it does not.
fn info_problem(oid: cert::Oid<'_>, info: Option<Tlv<'_>>) -> Option<String> {
    let sink = IssueSink::default();
    let seq_of = |t: Tlv<'_>, each: &dyn Fn(Tlv<'_>) -> Option<String>| -> Option<String> {
        if t.tag != tag::SEQUENCE {
            return Some("is not a SEQUENCE".into());
        }
        let mut r = t.reader(&sink);
        let mut n = 0;
        while !r.is_empty() {
            match r.read() {
                Ok(e) => {
                    if let Some(p) = each(e) {
                        return Some(p);
                    }
                }
                Err(e) => return Some(e.to_string()),
            }
            n += 1;
        }
        (n == 0).then(|| "is an empty SEQUENCE".into())
    };
    let printable = |t: &Tlv<'_>, len: usize, what: &str| -> Option<String> {
        (t.tag != tag::PRINTABLE_STRING || t.value.len() != len)
            .then(|| format!("{what} is not a PrintableString of {len} characters"))
    };
    match oid {
        oids::QCS_COMPLIANCE | oids::QCS_SSCD => info.map(|_| "must be absent".into()),
        oids::QCS_RETENTION_PERIOD => match info {
            Some(t) if t.tag == tag::INTEGER => None,
            _ => Some("must be an INTEGER (years)".into()),
        },
        oids::QCS_LIMIT_VALUE => {
            let t = info?;
            if t.tag != tag::SEQUENCE {
                return Some("MonetaryValue is not a SEQUENCE".into());
            }
            let mut r = t.reader(&sink);
            let currency = r.read().ok()?;
            let ok_currency =
                currency.tag == tag::INTEGER || printable(&currency, 3, "currency").is_none();
            let amount = r.read_tag(tag::INTEGER).is_ok();
            let exponent = r.read_tag(tag::INTEGER).is_ok();
            (!(ok_currency && amount && exponent && r.is_empty())).then(|| {
                "MonetaryValue is not { currency, amount INTEGER, exponent INTEGER }".into()
            })
        }
        oids::QCS_PDS => seq_of(info?, &|loc| {
            if loc.tag != tag::SEQUENCE {
                return Some("a PdsLocation is not a SEQUENCE".into());
            }
            let mut lr = Reader::new(loc.value, loc.value_offset(), &sink);
            match (lr.read(), lr.read()) {
                (Ok(url), Ok(lang)) if lr.is_empty() => {
                    if url.tag != tag::IA5_STRING {
                        Some("a PdsLocation url is not an IA5String".into())
                    } else {
                        printable(&lang, 2, "a PdsLocation language")
                    }
                }
                _ => Some("a PdsLocation is not { url, language }".into()),
            }
        }),
        oids::QCS_TYPE => seq_of(info?, &|e| {
            (e.tag != tag::OID).then(|| "a QcType is not an OBJECT IDENTIFIER".into())
        }),
        oids::QCS_CC_LEGISLATION => seq_of(info?, &|e| printable(&e, 2, "a country name")),
        _ => None,
    }
}

fn statement_info_malformed(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(ExtValue::QcStatements(qs)) = ctx.cert.ext_value(oids::QC_STATEMENTS) else {
        return;
    };
    for (i, q) in qs.iter().enumerate() {
        if let Some(p) = info_problem(q.oid, q.info) {
            out.emit(
                format!("extensions.qcStatements[{i}].statementInfo"),
                format!(
                    "the statementInfo of QC statement {} {p}",
                    q.oid.name().map_or(q.oid.to_string(), str::to_owned)
                ),
            );
        }
    }
}

/// The rules of this file.
pub static RULES: &[Rule] = &[Rule {
    code: "etsi.qc_statement.info_malformed",
    severity: Severity::Error,
    citation: "ETSI EN 319 412-5 4.2, 4.3; RFC 3739 3.2.6",
    summary: "QC statements whose statementInfo syntax is defined follow it",
    pkilint: Some("itu.invalid_asn1_syntax"),
    check: statement_info_malformed,
    ..Rule::NEW
}];
