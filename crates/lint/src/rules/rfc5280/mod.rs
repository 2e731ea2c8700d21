//! RFC 5280 profile rules that apply to every certificate, whatever its
//! purpose: the TBSCertificate fields (4.1.2), the standard extensions
//! (4.2.1, 4.2.2), RFC 6818's update of 4.2.1.4, and the RFC 6962 CT
//! extensions.
//!
//! The check functions live in submodules by topic; the table is here.
//! Not covered here: TBSCertificate.signature vs signatureAlgorithm (keys
//! rules), GeneralName syntax (general_names rules), keyUsage bits per key
//! type (keys rules).

mod constraints;
mod extensions;
mod fields;
mod policies;
pub(crate) mod util;

use crate::finding::Severity;
use crate::profile::Profile;
use crate::rule::Rule;

/// Profiles where a non-critical nameConstraints is not an RFC 5280 error:
/// SMIME BR 7.1.2.2(f) allows it for S/MIME subordinate CAs and TLS BR
/// 7.1.2.5.2 / 7.1.2.10.8 for TLS CA certificates (each reported as a SHOULD
/// by those rule sets).
fn nc_must_be_critical(p: Profile) -> bool {
    !matches!(
        p,
        Profile::SmimeSubCa | Profile::TlsSubCa { .. } | Profile::TlsRoot
    )
}

/// The rules of this file.
pub static RULES: &[Rule] = &[
    // ----- version -----
    Rule {
        code: "rfc5280.version.extensions_require_v3",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.1",
        summary: "A certificate with an extensions field is version 3",
        pkilint: Some("pkix.certificate_version_is_not_v3"),
        zlint: Some("e_cert_extensions_version_not_3"),
        check: fields::version_extensions,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.version.unique_ids_require_v2_or_v3",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.1",
        summary: "A certificate with unique identifiers is version 2 or 3",
        zlint: Some("e_cert_unique_identifier_version_not_2_or_3"),
        check: fields::version_unique_ids,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.version.unknown",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.1",
        summary: "The version is v1, v2 or v3",
        check: fields::version_unknown,
        ..Rule::NEW
    },
    // ----- serial number -----
    Rule {
        code: "rfc5280.serial.not_positive",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.2",
        summary: "The serial number is a positive integer",
        pkilint: Some("pkix.certificate_serial_number_out_of_range"),
        zlint: Some("e_serial_number_not_positive"),
        check: fields::serial_not_positive,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.serial.too_long",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.2",
        summary: "The serial number is at most 20 octets long",
        pkilint: Some("pkix.certificate_serial_number_out_of_range"),
        zlint: Some("e_serial_number_longer_than_20_octets"),
        check: fields::serial_too_long,
        ..Rule::NEW
    },
    // ----- names -----
    Rule {
        code: "rfc5280.issuer.empty",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.4",
        summary: "The issuer is a non-empty distinguished name",
        pkilint: Some("pkix.name_empty"),
        zlint: Some("e_issuer_field_empty"),
        check: fields::issuer_empty,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject.empty_in_ca",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.6",
        summary: "A CA or CRL issuer certificate has a non-empty subject",
        zlint: Some("e_ca_subject_field_empty"),
        check: fields::ca_subject_empty,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject.empty_without_san",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.6",
        summary: "A certificate with an empty subject has a subjectAltName extension",
        zlint: Some("e_subject_empty_without_san"),
        check: fields::subject_empty_without_san,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject_alt_name.not_critical_with_empty_subject",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.6",
        summary: "When the subject is empty, subjectAltName is marked critical",
        pkilint: Some("pkix.san_extension_not_critical_empty_subject"),
        zlint: Some("e_ext_san_not_critical_without_subject"),
        check: fields::san_not_critical_empty_subject,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject_alt_name.critical_with_subject",
        severity: Severity::Warning,
        citation: "RFC 5280 4.2.1.6",
        summary: "When the subject is not empty, subjectAltName should be non-critical",
        pkilint: Some("pkix.san_extension_is_critical_non_empty_subject"),
        zlint: Some("w_ext_san_critical_with_subject_dn"),
        check: fields::san_critical_with_subject,
        ..Rule::NEW
    },
    Rule {
        code: "rfc4519.domain_component.not_a_label",
        severity: Severity::Error,
        citation: "RFC 4519 2.4; RFC 1034 3.1",
        summary: "Every subject domainComponent value is one DNS label: 1 to 63 octets, no dot",
        pkilint: Some("pkix.name_domain_components_invalid_domain_name"),
        check: fields::domain_component_label,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.name.string_characters",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.4; X.680 41.4",
        summary: "Issuer and subject attribute values of restricted string types hold only characters of their type (PrintableString, IA5String, VisibleString, NumericString, UTF8String, BMPString, UniversalString)",
        // pkilint's decoder refuses such a value.
        pkilint: Some("itu.invalid_asn1_syntax"),
        zlint: Some("e_subject_printable_string_badalpha"),
        check: fields::name_string_characters,
        ..Rule::NEW
    },
    // ----- validity -----
    Rule {
        code: "rfc5280.validity.time_undecodable",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.5",
        summary: "notBefore and notAfter are readable UTCTime or GeneralizedTime values",
        pkilint: Some("pkix.invalid_time_syntax"),
        check: fields::time_undecodable,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.validity.utctime_format",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.5.1",
        summary: "UTCTime values have the form YYMMDDHHMMSSZ (seconds present, Zulu time)",
        pkilint: Some("pkix.invalid_time_syntax"),
        check: fields::utctime_format,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.validity.generalized_time_format",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.5.2",
        summary: "GeneralizedTime values have the form YYYYMMDDHHMMSSZ (seconds, no fraction, Zulu time)",
        pkilint: Some("pkix.invalid_time_syntax"),
        check: fields::generalized_time_format,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.validity.wrong_time_type",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.5",
        summary: "Dates through 2049 are UTCTime, dates from 2050 are GeneralizedTime",
        pkilint: Some("pkix.wrong_time_useful_type"),
        zlint: Some("e_wrong_time_format_pre2050"),
        check: fields::wrong_time_type,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.validity.negative",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.5",
        summary: "notAfter is not earlier than notBefore",
        pkilint: Some("pkix.certificate_negative_validity_period"),
        check: fields::negative_validity,
        ..Rule::NEW
    },
    // ----- unique identifiers -----
    Rule {
        code: "rfc5280.unique_id.issuer_present",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.8",
        summary: "issuerUniqueID is absent (conforming CAs do not generate unique identifiers)",
        pkilint: Some("pkix.issuer_unique_id_present"),
        zlint: Some("e_cert_contains_unique_identifier"),
        check: fields::issuer_unique_id,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.unique_id.subject_present",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.8",
        summary: "subjectUniqueID is absent (conforming CAs do not generate unique identifiers)",
        pkilint: Some("pkix.subject_unique_id_present"),
        zlint: Some("e_cert_contains_unique_identifier"),
        check: fields::subject_unique_id,
        ..Rule::NEW
    },
    // ----- the extensions list -----
    Rule {
        code: "rfc5280.extensions.empty",
        severity: Severity::Error,
        citation: "RFC 5280 4.1",
        summary: "When the extensions field is present it holds at least one extension (SIZE (1..MAX))",
        check: fields::extensions_empty,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.extensions.duplicate",
        severity: Severity::Error,
        citation: "RFC 5280 4.2",
        summary: "No extension appears more than once",
        pkilint: Some("pkix.unique_extension"),
        zlint: Some("e_ext_duplicate_extension"),
        check: fields::duplicate_extensions,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.extensions.empty_sequence",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1",
        summary: "Extensions defined as SEQUENCE SIZE (1..MAX) OF have at least one element",
        zlint: Some("e_ext_cannot_be_empty_sequence"),
        check: extensions::empty_sequence,
        ..Rule::NEW
    },
    // ----- criticality -----
    Rule {
        code: "rfc5280.authority_key_identifier.critical",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.1",
        summary: "authorityKeyIdentifier is not critical",
        pkilint: Some("pkix.authority_key_identifier_critical"),
        zlint: Some("e_ext_authority_key_identifier_critical"),
        check: extensions::aki_critical,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject_key_identifier.critical",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.2",
        summary: "subjectKeyIdentifier is not critical",
        pkilint: Some("pkix.certificate_skid_extension_critical"),
        zlint: Some("e_ext_subject_key_identifier_critical"),
        check: extensions::ski_critical,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.key_usage.not_critical",
        severity: Severity::Warning,
        citation: "RFC 5280 4.2.1.3",
        summary: "keyUsage should be critical",
        pkilint: Some("pkix.key_usage_extension_not_critical"),
        zlint: Some("w_ext_key_usage_not_critical"),
        check: extensions::key_usage_not_critical,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.certificate_policies.cps_uri_syntax",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.4; RFC 3986 4.3",
        summary: "Every CPS pointer qualifier is an absolute URI",
        pkilint: Some("pkix.invalid_uri_syntax"),
        check: policies::cps_uri_syntax,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.certificate_policies.cps_not_ia5",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.4",
        summary: "Every CPS pointer qualifier is an IA5String (CPSuri ::= IA5String)",
        check: policies::cps_not_ia5,
        ..Rule::NEW
    },
    Rule {
        code: "rfc3161.ext_key_usage.time_stamping_not_critical",
        severity: Severity::Error,
        citation: "RFC 3161 2.3",
        summary: "A certificate with id-kp-timeStamping (a TSA certificate) marks extKeyUsage critical",
        pkilint: Some("pkix.extended_key_usage_extension_with_timestamping_not_critical"),
        check: extensions::eku_time_stamping_not_critical,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.policy_mappings.not_critical",
        severity: Severity::Warning,
        citation: "RFC 5280 4.2.1.5",
        summary: "policyMappings should be critical",
        zlint: Some("w_ext_policy_map_not_critical"),
        check: extensions::policy_mappings_not_critical,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.issuer_alt_name.critical",
        severity: Severity::Warning,
        citation: "RFC 5280 4.2.1.7",
        summary: "issuerAltName should not be critical",
        zlint: Some("w_ext_ian_critical"),
        check: extensions::ian_critical,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject_directory_attributes.critical",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.8",
        summary: "subjectDirectoryAttributes is not critical",
        pkilint: Some("pkix.subject_directory_attributes_extension_critical"),
        zlint: Some("e_ext_subject_directory_attr_critical"),
        check: extensions::sda_critical,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.basic_constraints.not_critical",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.9",
        summary: "In a CA certificate (cA TRUE), basicConstraints is critical",
        pkilint: Some("pkix.basic_constraints_extension_not_critical"),
        zlint: Some("e_basic_constraints_not_critical"),
        check: extensions::basic_constraints_not_critical,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.name_constraints.not_critical",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.10",
        summary: "nameConstraints is critical (S/MIME and TLS CA profiles relax this to SHOULD)",
        applies: nc_must_be_critical,
        pkilint: Some("pkix.certificate_name_constraints_extension_not_critical"),
        zlint: Some("e_ext_name_constraints_not_critical"),
        check: extensions::name_constraints_not_critical,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.policy_constraints.not_critical",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.11",
        summary: "policyConstraints is critical",
        zlint: Some("e_ext_policy_constraints_not_critical"),
        check: extensions::policy_constraints_not_critical,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.ext_key_usage.critical_with_any",
        severity: Severity::Warning,
        citation: "RFC 5280 4.2.1.12",
        summary: "extKeyUsage containing anyExtendedKeyUsage should not be critical",
        zlint: Some("w_eku_critical_improperly"),
        check: extensions::eku_critical_with_any,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.crl_distribution_points.critical",
        severity: Severity::Warning,
        citation: "RFC 5280 4.2.1.13",
        summary: "cRLDistributionPoints should not be critical",
        pkilint: Some("pkix.certificate_crldp_extension_critical"),
        zlint: Some("w_ext_crl_distribution_marked_critical"),
        check: extensions::crldp_critical,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.inhibit_any_policy.not_critical",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.14",
        summary: "inhibitAnyPolicy is critical",
        zlint: Some("e_inhibit_any_policy_not_critical"),
        check: extensions::inhibit_any_policy_not_critical,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.freshest_crl.critical",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.15",
        summary: "freshestCRL is not critical",
        zlint: Some("e_ext_freshest_crl_marked_critical"),
        check: extensions::freshest_crl_critical,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.authority_info_access.critical",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.2.1",
        summary: "authorityInfoAccess is not critical",
        pkilint: Some("pkix.authority_information_access_extension_critical"),
        zlint: Some("e_ext_aia_marked_critical"),
        check: extensions::aia_critical,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject_info_access.critical",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.2.2",
        summary: "subjectInfoAccess is not critical",
        pkilint: Some("pkix.subject_information_access_extension_critical"),
        zlint: Some("e_subject_info_access_marked_critical"),
        check: extensions::sia_critical,
        ..Rule::NEW
    },
    // ----- key identifiers -----
    Rule {
        code: "rfc5280.authority_key_identifier.missing",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.1",
        summary: "Every certificate except a self-signed CA certificate has authorityKeyIdentifier",
        pkilint: Some("pkix.authority_key_identifier_extension_absent"),
        check: extensions::aki_missing,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.authority_key_identifier.key_id_missing",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.1",
        summary: "authorityKeyIdentifier contains keyIdentifier (except in self-signed CA certificates)",
        pkilint: Some("pkix.authority_key_identifier_keyid_missing"),
        zlint: Some("e_ext_authority_key_identifier_no_key_identifier"),
        check: extensions::aki_key_id_missing,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.authority_key_identifier.issuer_without_serial",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.1",
        summary: "authorityCertIssuer appears only together with authorityCertSerialNumber",
        pkilint: Some("pkix.aki_with_cert_issuer_but_serial_number_absent"),
        check: extensions::aki_issuer_without_serial,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.authority_key_identifier.serial_without_issuer",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.1",
        summary: "authorityCertSerialNumber appears only together with authorityCertIssuer",
        pkilint: Some("pkix.aki_with_serial_number_but_cert_issuer_absent"),
        check: extensions::aki_serial_without_issuer,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject_key_identifier.ca_missing",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.2",
        summary: "A CA certificate (cA TRUE) has subjectKeyIdentifier",
        pkilint: Some("pkix.certificate_skid_ca_missing"),
        zlint: Some("e_ext_subject_key_identifier_missing_ca"),
        check: extensions::ski_ca_missing,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.subject_key_identifier.end_entity_missing",
        severity: Severity::Warning,
        citation: "RFC 5280 4.2.1.2",
        summary: "An end-entity certificate should have subjectKeyIdentifier",
        pkilint: Some("pkix.certificate_skid_end_entity_missing"),
        zlint: Some("w_ext_subject_key_identifier_missing_sub_cert"),
        // TLS BR 7.1.2.7.6 makes SKI NOT RECOMMENDED in TLS subscriber
        // certificates, overriding this RFC 5280 SHOULD for those profiles.
        applies: not_tls_subscriber,
        check: extensions::ski_ee_missing,
        ..Rule::NEW
    },
    // ----- keyUsage and basicConstraints -----
    Rule {
        code: "rfc5280.key_usage.ca_missing",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.3",
        summary: "A CA certificate (cA TRUE) has keyUsage",
        pkilint: Some("pkix.ca_certificate_no_ku_extension"),
        zlint: Some("e_ca_key_usage_missing"),
        check: extensions::ca_key_usage_missing,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.key_usage.ca_without_key_cert_sign",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.3; RFC 5280 4.2.1.9",
        summary: "A CA certificate's keyUsage asserts keyCertSign",
        pkilint: Some("pkix.ca_certificate_keycertsign_keyusage_not_set"),
        check: extensions::ca_without_key_cert_sign,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.key_usage.key_cert_sign_without_ca",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.3; RFC 5280 4.2.1.9",
        summary: "keyCertSign is asserted only when basicConstraints asserts cA",
        pkilint: Some("pkix.ee_certificate_keycertsign_keyusage_set"),
        zlint: Some("e_ext_key_usage_cert_sign_without_ca"),
        check: extensions::key_cert_sign_without_ca,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.key_usage.no_bits",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.3",
        summary: "keyUsage, when present, has at least one bit set",
        pkilint: Some("pkix.no_ku_bits_set"),
        zlint: Some("e_ext_key_usage_without_bits"),
        check: extensions::key_usage_no_bits,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.basic_constraints.path_len_without_ca",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.9",
        summary: "pathLenConstraint appears only when cA is asserted",
        pkilint: Some("pkix.basic_constraints.has_pathlen_for_non_ca"),
        check: extensions::path_len_without_ca,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.basic_constraints.path_len_without_key_cert_sign",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.9",
        summary: "pathLenConstraint appears only when keyUsage asserts keyCertSign",
        check: extensions::path_len_without_key_cert_sign,
        ..Rule::NEW
    },
    // ----- certificatePolicies and policyMappings -----
    Rule {
        code: "rfc5280.certificate_policies.duplicate_policy",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.4",
        summary: "No policy OID appears more than once in certificatePolicies",
        pkilint: Some("pkix.duplicate_certificate_policy_oids"),
        zlint: Some("e_ext_cert_policy_duplicate"),
        check: policies::duplicate_policy,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.certificate_policies.any_policy_unknown_qualifier",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.4",
        summary: "Qualifiers of anyPolicy are limited to id-qt-cps and id-qt-unotice",
        pkilint: Some("pkix.certificate_policies_anypolicy_has_prohibited_qualifier"),
        zlint: Some("e_ext_cert_policy_disallowed_any_policy_qualifier"),
        check: policies::any_policy_qualifier,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.certificate_policies.has_qualifier",
        severity: Severity::Notice,
        citation: "RFC 5280 4.2.1.4",
        summary: "Policy information terms are recommended to consist of only an OID",
        pkilint: Some("pkix.certificate_policies_policy_has_qualifier"),
        // TLS profiles have their own, stricter qualifier rules (TLS BR
        // 7.1.2.7.9, 7.1.2.10.5), which report qualifiers instead.
        applies: not_tls,
        check: policies::has_qualifier,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.certificate_policies.explicit_text_encoding",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.4",
        summary: "explicitText is not encoded as VisibleString or BMPString (UTF8String, or IA5String)",
        pkilint: Some("pkix.rfc5280_certificate_policies_invalid_explicit_text_encoding"),
        check: policies::explicit_text_encoding,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.certificate_policies.explicit_text_ia5string",
        // RFC 6818 3 says MUST NOT, but RFC 5280 4.2.1.4 (which the S/MIME BR
        // definition of Extant S/MIME CA cites as the reference) allows it:
        // reported as a warning since the two RFCs conflict.
        severity: Severity::Warning,
        citation: "RFC 6818 3",
        summary: "explicitText should be UTF8String rather than IA5String",
        pkilint: Some("pkix.rfc6818_certificate_policies_invalid_explicit_text_encoding"),
        zlint: Some("e_ext_cert_policy_explicit_text_ia5_string"),
        check: policies::explicit_text_ia5,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.certificate_policies.explicit_text_length",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.4",
        summary: "explicitText is 1 to 200 characters long",
        zlint: Some("e_ext_cert_policy_explicit_text_too_long"),
        check: policies::explicit_text_length,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.certificate_policies.explicit_text_control_character",
        severity: Severity::Warning,
        citation: "RFC 6818 3",
        summary: "explicitText should not contain control characters (U+0000-U+001F, U+007F-U+009F)",
        pkilint: Some("pkix.certificate_policies_explicit_text_has_control_character"),
        zlint: Some("w_ext_cert_policy_explicit_text_includes_control"),
        check: policies::explicit_text_control,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.certificate_policies.notice_ref",
        severity: Severity::Warning,
        citation: "RFC 5280 4.2.1.4",
        summary: "User notices should not use noticeRef",
        // pkilint's metadata spells it noticeRef; its findings say noticeref.
        pkilint: Some("pkix.certificate_policies_usernotice_has_noticeref"),
        zlint: Some("w_ext_cert_policy_contains_noticeref"),
        check: policies::notice_ref,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.policy_mappings.any_policy",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.5",
        summary: "Policies are not mapped to or from anyPolicy",
        zlint: Some("e_ext_policy_map_any_policy"),
        check: policies::mapping_any_policy,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.policy_mappings.in_end_entity",
        severity: Severity::Notice,
        citation: "RFC 5280 4.2.1.5",
        summary: "policyMappings is meant for CA certificates",
        pkilint: Some("pkix.end_entity_policy_mappings_extension_present"),
        check: policies::mapping_in_ee,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.policy_constraints.empty",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.11",
        summary: "policyConstraints has requireExplicitPolicy or inhibitPolicyMapping",
        zlint: Some("e_ext_policy_constraints_empty"),
        check: extensions::policy_constraints_empty,
        ..Rule::NEW
    },
    // ----- nameConstraints -----
    Rule {
        code: "rfc5280.name_constraints.in_end_entity",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.10",
        summary: "nameConstraints appears only in CA certificates",
        pkilint: Some("pkix.name_constraints_in_ee_certificate"),
        zlint: Some("e_ext_name_constraints_not_in_ca"),
        check: extensions::name_constraints_in_ee,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.name_constraints.no_subtrees",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.10",
        summary: "nameConstraints has permittedSubtrees or excludedSubtrees",
        pkilint: Some("pkix.name_constraints_no_subtrees"),
        zlint: Some("e_name_constraint_empty"),
        check: constraints::no_subtrees,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.name_constraints.minimum_not_zero",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.10",
        summary: "GeneralSubtree minimum is zero",
        pkilint: Some("pkix.name_constraints_non_default_minimum"),
        zlint: Some("e_name_constraint_minimum_non_zero"),
        check: constraints::minimum,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.name_constraints.maximum_present",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.10",
        summary: "GeneralSubtree maximum is absent",
        pkilint: Some("pkix.name_constraints_maximum_specified"),
        zlint: Some("e_name_constraint_maximum_not_absent"),
        check: constraints::maximum,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.name_constraints.ip_not_cidr",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.10",
        summary: "iPAddress constraints are CIDR ranges (RFC 4632): a prefix mask and no address bits outside it",
        pkilint: Some("pkix.ip_address_name_constraint_invalid_cidr"),
        check: constraints::ip_cidr,
        ..Rule::NEW
    },
    // ----- CRL distribution points -----
    Rule {
        code: "rfc5280.crl_distribution_points.no_name_or_issuer",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.13",
        summary: "Each DistributionPoint has distributionPoint or cRLIssuer",
        pkilint: Some("pkix.distribution_point_does_not_contain_name_or_issuer"),
        zlint: Some("e_distribution_point_incomplete"),
        check: constraints::dp_without_name_or_issuer,
        ..Rule::NEW
    },
    // ----- Certificate Transparency -----
    Rule {
        code: "rfc5280.ct_poison.not_critical",
        severity: Severity::Error,
        citation: "RFC 6962 3.1",
        summary: "The CT precertificate poison extension is critical",
        check: constraints::poison_not_critical,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.ct_poison.with_sct_list",
        severity: Severity::Error,
        citation: "RFC 6962 3.1; RFC 6962 3.3",
        summary: "A precertificate (poison extension) carries no SCT list",
        pkilint: Some("pkix.ct_precert_poison_and_sctlist_extensions_present"),
        zlint: Some("e_precert_with_sct_list"),
        check: constraints::poison_with_scts,
        ..Rule::NEW
    },
    Rule {
        code: "rfc5280.sct_list.empty",
        severity: Severity::Error,
        citation: "RFC 6962 3.3",
        summary: "An embedded SCT list contains at least one SCT",
        pkilint: Some("pkix.sct_list_empty"),
        zlint: Some("e_empty_sct_list"),
        check: constraints::sct_list_empty,
        ..Rule::NEW
    },
];

/// Every profile but the TLS subscriber ones.
fn not_tls_subscriber(p: Profile) -> bool {
    !matches!(p, Profile::TlsSubscriber(_))
}

/// Every non-TLS profile.
fn not_tls(p: Profile) -> bool {
    !p.is_tls()
}
