//! Object identifiers used by rootward, as DER content octets.
//!
//! Generated once from dotted notation; each constant names its source.

use crate::Oid;

// Attribute types (X.520, RFC 5280 appendix A, PKCS #9)
/// `commonName` (2.5.4.3)
pub const COMMON_NAME: Oid<'static> = Oid::new(&[0x55, 0x04, 0x03]);
/// `surname` (2.5.4.4)
pub const SURNAME: Oid<'static> = Oid::new(&[0x55, 0x04, 0x04]);
/// `serialNumber` (2.5.4.5)
pub const SERIAL_NUMBER: Oid<'static> = Oid::new(&[0x55, 0x04, 0x05]);
/// `countryName` (2.5.4.6)
pub const COUNTRY_NAME: Oid<'static> = Oid::new(&[0x55, 0x04, 0x06]);
/// `localityName` (2.5.4.7)
pub const LOCALITY_NAME: Oid<'static> = Oid::new(&[0x55, 0x04, 0x07]);
/// `stateOrProvinceName` (2.5.4.8)
pub const STATE_OR_PROVINCE_NAME: Oid<'static> = Oid::new(&[0x55, 0x04, 0x08]);
/// `streetAddress` (2.5.4.9)
pub const STREET_ADDRESS: Oid<'static> = Oid::new(&[0x55, 0x04, 0x09]);
/// `organizationName` (2.5.4.10)
pub const ORGANIZATION_NAME: Oid<'static> = Oid::new(&[0x55, 0x04, 0x0a]);
/// `organizationalUnitName` (2.5.4.11)
pub const ORGANIZATIONAL_UNIT_NAME: Oid<'static> = Oid::new(&[0x55, 0x04, 0x0b]);
/// `title` (2.5.4.12)
pub const TITLE: Oid<'static> = Oid::new(&[0x55, 0x04, 0x0c]);
/// `businessCategory` (2.5.4.15)
pub const BUSINESS_CATEGORY: Oid<'static> = Oid::new(&[0x55, 0x04, 0x0f]);
/// `postalCode` (2.5.4.17)
pub const POSTAL_CODE: Oid<'static> = Oid::new(&[0x55, 0x04, 0x11]);
/// `name` (2.5.4.41)
pub const NAME: Oid<'static> = Oid::new(&[0x55, 0x04, 0x29]);
/// `givenName` (2.5.4.42)
pub const GIVEN_NAME: Oid<'static> = Oid::new(&[0x55, 0x04, 0x2a]);
/// `initials` (2.5.4.43)
pub const INITIALS: Oid<'static> = Oid::new(&[0x55, 0x04, 0x2b]);
/// `generationQualifier` (2.5.4.44)
pub const GENERATION_QUALIFIER: Oid<'static> = Oid::new(&[0x55, 0x04, 0x2c]);
/// `dnQualifier` (2.5.4.46)
pub const DN_QUALIFIER: Oid<'static> = Oid::new(&[0x55, 0x04, 0x2e]);
/// `pseudonym` (2.5.4.65)
pub const PSEUDONYM: Oid<'static> = Oid::new(&[0x55, 0x04, 0x41]);
/// `organizationIdentifier` (2.5.4.97)
pub const ORGANIZATION_IDENTIFIER: Oid<'static> = Oid::new(&[0x55, 0x04, 0x61]);
/// `emailAddress` (1.2.840.113549.1.9.1)
pub const EMAIL_ADDRESS: Oid<'static> =
    Oid::new(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01]);
/// `domainComponent` (0.9.2342.19200300.100.1.25)
pub const DOMAIN_COMPONENT: Oid<'static> =
    Oid::new(&[0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19]);
/// `userId` (0.9.2342.19200300.100.1.1)
pub const USER_ID: Oid<'static> =
    Oid::new(&[0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x01]);
/// `jurisdictionLocalityName` (1.3.6.1.4.1.311.60.2.1.1)
pub const JURISDICTION_LOCALITY: Oid<'static> = Oid::new(&[
    0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3c, 0x02, 0x01, 0x01,
]);
/// `jurisdictionStateOrProvinceName` (1.3.6.1.4.1.311.60.2.1.2)
pub const JURISDICTION_STATE: Oid<'static> = Oid::new(&[
    0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3c, 0x02, 0x01, 0x02,
]);
/// `jurisdictionCountryName` (1.3.6.1.4.1.311.60.2.1.3)
pub const JURISDICTION_COUNTRY: Oid<'static> = Oid::new(&[
    0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x3c, 0x02, 0x01, 0x03,
]);
// Certificate extensions (RFC 5280 4.2 and others)
/// `subjectDirectoryAttributes` (2.5.29.9)
pub const SUBJECT_DIRECTORY_ATTRIBUTES: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x09]);
/// `subjectKeyIdentifier` (2.5.29.14)
pub const SUBJECT_KEY_IDENTIFIER: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x0e]);
/// `keyUsage` (2.5.29.15)
pub const KEY_USAGE: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x0f]);
/// `privateKeyUsagePeriod` (2.5.29.16)
pub const PRIVATE_KEY_USAGE_PERIOD: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x10]);
/// `subjectAltName` (2.5.29.17)
pub const SUBJECT_ALT_NAME: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x11]);
/// `issuerAltName` (2.5.29.18)
pub const ISSUER_ALT_NAME: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x12]);
/// `basicConstraints` (2.5.29.19)
pub const BASIC_CONSTRAINTS: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x13]);
/// `nameConstraints` (2.5.29.30)
pub const NAME_CONSTRAINTS: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x1e]);
/// `cRLDistributionPoints` (2.5.29.31)
pub const CRL_DISTRIBUTION_POINTS: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x1f]);
/// `certificatePolicies` (2.5.29.32)
pub const CERTIFICATE_POLICIES: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x20]);
/// `policyMappings` (2.5.29.33)
pub const POLICY_MAPPINGS: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x21]);
/// `authorityKeyIdentifier` (2.5.29.35)
pub const AUTHORITY_KEY_IDENTIFIER: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x23]);
/// `policyConstraints` (2.5.29.36)
pub const POLICY_CONSTRAINTS: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x24]);
/// `extKeyUsage` (2.5.29.37)
pub const EXT_KEY_USAGE: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x25]);
/// `freshestCRL` (2.5.29.46)
pub const FRESHEST_CRL: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x2e]);
/// `inhibitAnyPolicy` (2.5.29.54)
pub const INHIBIT_ANY_POLICY: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x36]);
/// `authorityInfoAccess` (1.3.6.1.5.5.7.1.1)
pub const AUTHORITY_INFO_ACCESS: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01]);
/// `subjectInfoAccess` (1.3.6.1.5.5.7.1.11)
pub const SUBJECT_INFO_ACCESS: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x0b]);
/// `qcStatements` (1.3.6.1.5.5.7.1.3)
pub const QC_STATEMENTS: Oid<'static> = Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x03]);
/// `id-pkix-ocsp-nocheck` (1.3.6.1.5.5.7.48.1.5)
pub const OCSP_NO_CHECK: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x05]);
/// `ctPrecertificatePoison` (1.3.6.1.4.1.11129.2.4.3)
pub const CT_PRECERT_POISON: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x03]);
/// `signedCertificateTimestampList` (1.3.6.1.4.1.11129.2.4.2)
pub const CT_SCT_LIST: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x02]);
/// `smimeCapabilities` (1.2.840.113549.1.9.15)
pub const SMIME_CAPABILITIES: Oid<'static> =
    Oid::new(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0f]);
/// `legalEntityIdentifier` (1.3.6.1.4.1.52266.1)
pub const LEI: Oid<'static> = Oid::new(&[0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0x98, 0x2a, 0x01]);
/// `leiRole` (1.3.6.1.4.1.52266.2)
pub const LEI_ROLE: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0x98, 0x2a, 0x02]);
/// `adobeTimestamp` (1.2.840.113583.1.1.9.1)
pub const ADOBE_TIMESTAMP: Oid<'static> =
    Oid::new(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x2f, 0x01, 0x01, 0x09, 0x01]);
/// `adobeArchiveRevInfo` (1.2.840.113583.1.1.9.2)
pub const ADOBE_ARCHIVE_REV_INFO: Oid<'static> =
    Oid::new(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x2f, 0x01, 0x01, 0x09, 0x02]);
/// `msCertificateTemplate` (1.3.6.1.4.1.311.21.7)
pub const MS_CERTIFICATE_TEMPLATE: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x15, 0x07]);
/// `msApplicationPolicies` (1.3.6.1.4.1.311.21.10)
pub const MS_APPLICATION_POLICIES: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x15, 0x0a]);
/// `netscapeCertType` (2.16.840.1.113730.1.1)
pub const NETSCAPE_CERT_TYPE: Oid<'static> =
    Oid::new(&[0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x01, 0x01]);
/// `tlsFeature` (1.3.6.1.5.5.7.1.24)
pub const TLS_FEATURE: Oid<'static> = Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x18]);
// Extended key usages (RFC 5280 4.2.1.12 and others)
/// `anyExtendedKeyUsage` (2.5.29.37.0)
pub const ANY_EXTENDED_KEY_USAGE: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x25, 0x00]);
/// `id-kp-serverAuth` (1.3.6.1.5.5.7.3.1)
pub const KP_SERVER_AUTH: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01]);
/// `id-kp-clientAuth` (1.3.6.1.5.5.7.3.2)
pub const KP_CLIENT_AUTH: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02]);
/// `id-kp-codeSigning` (1.3.6.1.5.5.7.3.3)
pub const KP_CODE_SIGNING: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03]);
/// `id-kp-emailProtection` (1.3.6.1.5.5.7.3.4)
pub const KP_EMAIL_PROTECTION: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04]);
/// `id-kp-timeStamping` (1.3.6.1.5.5.7.3.8)
pub const KP_TIME_STAMPING: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08]);
/// `id-kp-OCSPSigning` (1.3.6.1.5.5.7.3.9)
pub const KP_OCSP_SIGNING: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x09]);
/// `msDocumentSigning` (1.3.6.1.4.1.311.10.3.12)
pub const KP_DOCUMENT_SIGNING: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x0a, 0x03, 0x0c]);
/// `ctPrecertificateSigning` (1.3.6.1.4.1.11129.2.4.4)
pub const KP_PRECERT_SIGNING: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x04]);
// Access methods (RFC 5280 4.2.2.1)
/// `id-ad-ocsp` (1.3.6.1.5.5.7.48.1)
pub const AD_OCSP: Oid<'static> = Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01]);
/// `id-ad-caIssuers` (1.3.6.1.5.5.7.48.2)
pub const AD_CA_ISSUERS: Oid<'static> = Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02]);
/// `id-ad-caRepository` (1.3.6.1.5.5.7.48.5)
pub const AD_CA_REPOSITORY: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x05]);
// Policies and qualifiers (RFC 5280 4.2.1.4, CA/B Forum)
/// `anyPolicy` (2.5.29.32.0)
pub const ANY_POLICY: Oid<'static> = Oid::new(&[0x55, 0x1d, 0x20, 0x00]);
/// `id-qt-cps` (1.3.6.1.5.5.7.2.1)
pub const QT_CPS: Oid<'static> = Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02, 0x01]);
/// `id-qt-unotice` (1.3.6.1.5.5.7.2.2)
pub const QT_UNOTICE: Oid<'static> = Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02, 0x02]);
/// `CABF domain-validated` (2.23.140.1.2.1)
pub const CABF_DV: Oid<'static> = Oid::new(&[0x67, 0x81, 0x0c, 0x01, 0x02, 0x01]);
/// `CABF organization-validated` (2.23.140.1.2.2)
pub const CABF_OV: Oid<'static> = Oid::new(&[0x67, 0x81, 0x0c, 0x01, 0x02, 0x02]);
/// `CABF individual-validated` (2.23.140.1.2.3)
pub const CABF_IV: Oid<'static> = Oid::new(&[0x67, 0x81, 0x0c, 0x01, 0x02, 0x03]);
/// `CABF extended-validation` (2.23.140.1.1)
pub const CABF_EV: Oid<'static> = Oid::new(&[0x67, 0x81, 0x0c, 0x01, 0x01]);
/// `CABF S/MIME arc` (2.23.140.1.5)
pub const CABF_SMIME: Oid<'static> = Oid::new(&[0x67, 0x81, 0x0c, 0x01, 0x05]);
// Other names (RFC 9598, Microsoft)
/// `id-on-SmtpUTF8Mailbox` (1.3.6.1.5.5.7.8.9)
pub const ON_SMTP_UTF8_MAILBOX: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x08, 0x09]);
/// `msUPN` (1.3.6.1.4.1.311.20.2.3)
pub const MS_UPN: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x14, 0x02, 0x03]);
// Public key algorithms (RFC 3279, RFC 5480, RFC 8410, FIPS 204/203)
/// `rsaEncryption` (1.2.840.113549.1.1.1)
pub const RSA_ENCRYPTION: Oid<'static> =
    Oid::new(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]);
/// `id-RSASSA-PSS` (1.2.840.113549.1.1.10)
pub const RSASSA_PSS: Oid<'static> =
    Oid::new(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a]);
/// `id-ecPublicKey` (1.2.840.10045.2.1)
pub const EC_PUBLIC_KEY: Oid<'static> = Oid::new(&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]);
/// `id-dsa` (1.2.840.10040.4.1)
pub const DSA: Oid<'static> = Oid::new(&[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01]);
/// `id-Ed25519` (1.3.101.112)
pub const ED25519: Oid<'static> = Oid::new(&[0x2b, 0x65, 0x70]);
/// `id-Ed448` (1.3.101.113)
pub const ED448: Oid<'static> = Oid::new(&[0x2b, 0x65, 0x71]);
/// `id-X25519` (1.3.101.110)
pub const X25519: Oid<'static> = Oid::new(&[0x2b, 0x65, 0x6e]);
/// `id-X448` (1.3.101.111)
pub const X448: Oid<'static> = Oid::new(&[0x2b, 0x65, 0x6f]);
/// `id-ml-dsa-44` (2.16.840.1.101.3.4.3.17)
pub const ML_DSA_44: Oid<'static> =
    Oid::new(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x11]);
/// `id-ml-dsa-65` (2.16.840.1.101.3.4.3.18)
pub const ML_DSA_65: Oid<'static> =
    Oid::new(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x12]);
/// `id-ml-dsa-87` (2.16.840.1.101.3.4.3.19)
pub const ML_DSA_87: Oid<'static> =
    Oid::new(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x13]);
/// `id-hash-ml-dsa-44-with-sha512` (2.16.840.1.101.3.4.3.32), HashML-DSA (FIPS 204 5.4)
pub const HASH_ML_DSA_44: Oid<'static> =
    Oid::new(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x20]);
/// `id-hash-ml-dsa-65-with-sha512` (2.16.840.1.101.3.4.3.33)
pub const HASH_ML_DSA_65: Oid<'static> =
    Oid::new(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x21]);
/// `id-hash-ml-dsa-87-with-sha512` (2.16.840.1.101.3.4.3.34)
pub const HASH_ML_DSA_87: Oid<'static> =
    Oid::new(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x22]);
/// `id-alg-ml-kem-512` (2.16.840.1.101.3.4.4.1)
pub const ML_KEM_512: Oid<'static> =
    Oid::new(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x01]);
/// `id-alg-ml-kem-768` (2.16.840.1.101.3.4.4.2)
pub const ML_KEM_768: Oid<'static> =
    Oid::new(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x02]);
/// `id-alg-ml-kem-1024` (2.16.840.1.101.3.4.4.3)
pub const ML_KEM_1024: Oid<'static> =
    Oid::new(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x03]);
/// `secp256r1` (1.2.840.10045.3.1.7)
pub const SECP256R1: Oid<'static> = Oid::new(&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]);
/// `secp384r1` (1.3.132.0.34)
pub const SECP384R1: Oid<'static> = Oid::new(&[0x2b, 0x81, 0x04, 0x00, 0x22]);
/// `secp521r1` (1.3.132.0.35)
pub const SECP521R1: Oid<'static> = Oid::new(&[0x2b, 0x81, 0x04, 0x00, 0x23]);
// Signature algorithms (RFC 3279, RFC 4055, RFC 5758, RFC 8410)
/// `md5WithRSAEncryption` (1.2.840.113549.1.1.4)
pub const MD5_WITH_RSA: Oid<'static> =
    Oid::new(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x04]);
/// `sha1WithRSAEncryption` (1.2.840.113549.1.1.5)
pub const SHA1_WITH_RSA: Oid<'static> =
    Oid::new(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05]);
/// `sha256WithRSAEncryption` (1.2.840.113549.1.1.11)
pub const SHA256_WITH_RSA: Oid<'static> =
    Oid::new(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]);
/// `sha384WithRSAEncryption` (1.2.840.113549.1.1.12)
pub const SHA384_WITH_RSA: Oid<'static> =
    Oid::new(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c]);
/// `sha512WithRSAEncryption` (1.2.840.113549.1.1.13)
pub const SHA512_WITH_RSA: Oid<'static> =
    Oid::new(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d]);
/// `ecdsa-with-SHA1` (1.2.840.10045.4.1)
pub const ECDSA_WITH_SHA1: Oid<'static> = Oid::new(&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01]);
/// `ecdsa-with-SHA256` (1.2.840.10045.4.3.2)
pub const ECDSA_WITH_SHA256: Oid<'static> =
    Oid::new(&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]);
/// `ecdsa-with-SHA384` (1.2.840.10045.4.3.3)
pub const ECDSA_WITH_SHA384: Oid<'static> =
    Oid::new(&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03]);
/// `ecdsa-with-SHA512` (1.2.840.10045.4.3.4)
pub const ECDSA_WITH_SHA512: Oid<'static> =
    Oid::new(&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04]);
/// `id-dsa-with-sha1` (1.2.840.10040.4.3, RFC 3279 2.2.2)
pub const DSA_WITH_SHA1: Oid<'static> = Oid::new(&[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x03]);
/// `id-dsa-with-sha224` (2.16.840.1.101.3.4.3.1, RFC 5758 3.1)
pub const DSA_WITH_SHA224: Oid<'static> =
    Oid::new(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x01]);
/// `id-dsa-with-sha256` (2.16.840.1.101.3.4.3.2, RFC 5758 3.1)
pub const DSA_WITH_SHA256: Oid<'static> =
    Oid::new(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x02]);
/// `id-sha256` (2.16.840.1.101.3.4.2.1)
pub const SHA256: Oid<'static> = Oid::new(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]);
/// `id-sha384` (2.16.840.1.101.3.4.2.2)
pub const SHA384: Oid<'static> = Oid::new(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02]);
/// `id-sha512` (2.16.840.1.101.3.4.2.3)
pub const SHA512: Oid<'static> = Oid::new(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03]);
/// `id-sha1` (1.3.14.3.2.26)
pub const SHA1: Oid<'static> = Oid::new(&[0x2b, 0x0e, 0x03, 0x02, 0x1a]);
/// `id-mgf1` (1.2.840.113549.1.1.8)
pub const MGF1: Oid<'static> = Oid::new(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08]);
// QC statements (RFC 3739, ETSI EN 319 412-5)
/// `id-qcs-pkixQCSyntax-v2` (1.3.6.1.5.5.7.11.2)
pub const QCS_PKIX_SYNTAX_V2: Oid<'static> =
    Oid::new(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x0b, 0x02]);
/// `id-etsi-qcs-QcCompliance` (0.4.0.1862.1.1)
pub const QCS_COMPLIANCE: Oid<'static> = Oid::new(&[0x04, 0x00, 0x8e, 0x46, 0x01, 0x01]);
/// `id-etsi-qcs-QcLimitValue` (0.4.0.1862.1.2)
pub const QCS_LIMIT_VALUE: Oid<'static> = Oid::new(&[0x04, 0x00, 0x8e, 0x46, 0x01, 0x02]);
/// `id-etsi-qcs-QcRetentionPeriod` (0.4.0.1862.1.3)
pub const QCS_RETENTION_PERIOD: Oid<'static> = Oid::new(&[0x04, 0x00, 0x8e, 0x46, 0x01, 0x03]);
/// `id-etsi-qcs-QcSSCD` (0.4.0.1862.1.4)
pub const QCS_SSCD: Oid<'static> = Oid::new(&[0x04, 0x00, 0x8e, 0x46, 0x01, 0x04]);
/// `id-etsi-qcs-QcPDS` (0.4.0.1862.1.5)
pub const QCS_PDS: Oid<'static> = Oid::new(&[0x04, 0x00, 0x8e, 0x46, 0x01, 0x05]);
/// `id-etsi-qcs-QcType` (0.4.0.1862.1.6)
pub const QCS_TYPE: Oid<'static> = Oid::new(&[0x04, 0x00, 0x8e, 0x46, 0x01, 0x06]);
/// `id-etsi-qcs-QcCClegislation` (0.4.0.1862.1.7)
pub const QCS_CC_LEGISLATION: Oid<'static> = Oid::new(&[0x04, 0x00, 0x8e, 0x46, 0x01, 0x07]);
/// `id-etsi-psd2-qcStatement` (0.4.0.19495.2)
pub const QCS_PSD2: Oid<'static> = Oid::new(&[0x04, 0x00, 0x81, 0x98, 0x27, 0x02]);

/// Short names for the identifiers above, for display in messages.
pub static NAMES: &[(Oid<'static>, &str)] = &[
    (COMMON_NAME, "commonName"),
    (SURNAME, "surname"),
    (SERIAL_NUMBER, "serialNumber"),
    (COUNTRY_NAME, "countryName"),
    (LOCALITY_NAME, "localityName"),
    (STATE_OR_PROVINCE_NAME, "stateOrProvinceName"),
    (STREET_ADDRESS, "streetAddress"),
    (ORGANIZATION_NAME, "organizationName"),
    (ORGANIZATIONAL_UNIT_NAME, "organizationalUnitName"),
    (TITLE, "title"),
    (BUSINESS_CATEGORY, "businessCategory"),
    (POSTAL_CODE, "postalCode"),
    (NAME, "name"),
    (GIVEN_NAME, "givenName"),
    (INITIALS, "initials"),
    (GENERATION_QUALIFIER, "generationQualifier"),
    (DN_QUALIFIER, "dnQualifier"),
    (PSEUDONYM, "pseudonym"),
    (ORGANIZATION_IDENTIFIER, "organizationIdentifier"),
    (EMAIL_ADDRESS, "emailAddress"),
    (DOMAIN_COMPONENT, "domainComponent"),
    (USER_ID, "userId"),
    (JURISDICTION_LOCALITY, "jurisdictionLocalityName"),
    (JURISDICTION_STATE, "jurisdictionStateOrProvinceName"),
    (JURISDICTION_COUNTRY, "jurisdictionCountryName"),
    (SUBJECT_DIRECTORY_ATTRIBUTES, "subjectDirectoryAttributes"),
    (SUBJECT_KEY_IDENTIFIER, "subjectKeyIdentifier"),
    (KEY_USAGE, "keyUsage"),
    (PRIVATE_KEY_USAGE_PERIOD, "privateKeyUsagePeriod"),
    (SUBJECT_ALT_NAME, "subjectAltName"),
    (ISSUER_ALT_NAME, "issuerAltName"),
    (BASIC_CONSTRAINTS, "basicConstraints"),
    (NAME_CONSTRAINTS, "nameConstraints"),
    (CRL_DISTRIBUTION_POINTS, "cRLDistributionPoints"),
    (CERTIFICATE_POLICIES, "certificatePolicies"),
    (POLICY_MAPPINGS, "policyMappings"),
    (AUTHORITY_KEY_IDENTIFIER, "authorityKeyIdentifier"),
    (POLICY_CONSTRAINTS, "policyConstraints"),
    (EXT_KEY_USAGE, "extKeyUsage"),
    (FRESHEST_CRL, "freshestCRL"),
    (INHIBIT_ANY_POLICY, "inhibitAnyPolicy"),
    (AUTHORITY_INFO_ACCESS, "authorityInfoAccess"),
    (SUBJECT_INFO_ACCESS, "subjectInfoAccess"),
    (QC_STATEMENTS, "qcStatements"),
    (OCSP_NO_CHECK, "id-pkix-ocsp-nocheck"),
    (CT_PRECERT_POISON, "ctPrecertificatePoison"),
    (CT_SCT_LIST, "signedCertificateTimestampList"),
    (SMIME_CAPABILITIES, "smimeCapabilities"),
    (LEI, "legalEntityIdentifier"),
    (LEI_ROLE, "leiRole"),
    (ADOBE_TIMESTAMP, "adobeTimestamp"),
    (ADOBE_ARCHIVE_REV_INFO, "adobeArchiveRevInfo"),
    (MS_CERTIFICATE_TEMPLATE, "msCertificateTemplate"),
    (MS_APPLICATION_POLICIES, "msApplicationPolicies"),
    (NETSCAPE_CERT_TYPE, "netscapeCertType"),
    (TLS_FEATURE, "tlsFeature"),
    (ANY_EXTENDED_KEY_USAGE, "anyExtendedKeyUsage"),
    (KP_SERVER_AUTH, "id-kp-serverAuth"),
    (KP_CLIENT_AUTH, "id-kp-clientAuth"),
    (KP_CODE_SIGNING, "id-kp-codeSigning"),
    (KP_EMAIL_PROTECTION, "id-kp-emailProtection"),
    (KP_TIME_STAMPING, "id-kp-timeStamping"),
    (KP_OCSP_SIGNING, "id-kp-OCSPSigning"),
    (KP_DOCUMENT_SIGNING, "msDocumentSigning"),
    (KP_PRECERT_SIGNING, "ctPrecertificateSigning"),
    (AD_OCSP, "id-ad-ocsp"),
    (AD_CA_ISSUERS, "id-ad-caIssuers"),
    (AD_CA_REPOSITORY, "id-ad-caRepository"),
    (ANY_POLICY, "anyPolicy"),
    (QT_CPS, "id-qt-cps"),
    (QT_UNOTICE, "id-qt-unotice"),
    (CABF_DV, "CABF domain-validated"),
    (CABF_OV, "CABF organization-validated"),
    (CABF_IV, "CABF individual-validated"),
    (CABF_EV, "CABF extended-validation"),
    (CABF_SMIME, "CABF S/MIME arc"),
    (ON_SMTP_UTF8_MAILBOX, "id-on-SmtpUTF8Mailbox"),
    (MS_UPN, "msUPN"),
    (RSA_ENCRYPTION, "rsaEncryption"),
    (RSASSA_PSS, "id-RSASSA-PSS"),
    (EC_PUBLIC_KEY, "id-ecPublicKey"),
    (DSA, "id-dsa"),
    (ED25519, "id-Ed25519"),
    (ED448, "id-Ed448"),
    (X25519, "id-X25519"),
    (X448, "id-X448"),
    (ML_DSA_44, "id-ml-dsa-44"),
    (ML_DSA_65, "id-ml-dsa-65"),
    (ML_DSA_87, "id-ml-dsa-87"),
    (HASH_ML_DSA_44, "id-hash-ml-dsa-44-with-sha512"),
    (HASH_ML_DSA_65, "id-hash-ml-dsa-65-with-sha512"),
    (HASH_ML_DSA_87, "id-hash-ml-dsa-87-with-sha512"),
    (ML_KEM_512, "id-alg-ml-kem-512"),
    (ML_KEM_768, "id-alg-ml-kem-768"),
    (ML_KEM_1024, "id-alg-ml-kem-1024"),
    (SECP256R1, "secp256r1"),
    (SECP384R1, "secp384r1"),
    (SECP521R1, "secp521r1"),
    (MD5_WITH_RSA, "md5WithRSAEncryption"),
    (SHA1_WITH_RSA, "sha1WithRSAEncryption"),
    (SHA256_WITH_RSA, "sha256WithRSAEncryption"),
    (SHA384_WITH_RSA, "sha384WithRSAEncryption"),
    (SHA512_WITH_RSA, "sha512WithRSAEncryption"),
    (ECDSA_WITH_SHA1, "ecdsa-with-SHA1"),
    (ECDSA_WITH_SHA256, "ecdsa-with-SHA256"),
    (ECDSA_WITH_SHA384, "ecdsa-with-SHA384"),
    (ECDSA_WITH_SHA512, "ecdsa-with-SHA512"),
    (DSA_WITH_SHA1, "id-dsa-with-sha1"),
    (DSA_WITH_SHA224, "id-dsa-with-sha224"),
    (DSA_WITH_SHA256, "id-dsa-with-sha256"),
    (SHA256, "id-sha256"),
    (SHA384, "id-sha384"),
    (SHA512, "id-sha512"),
    (SHA1, "id-sha1"),
    (MGF1, "id-mgf1"),
    (QCS_PKIX_SYNTAX_V2, "id-qcs-pkixQCSyntax-v2"),
    (QCS_COMPLIANCE, "id-etsi-qcs-QcCompliance"),
    (QCS_LIMIT_VALUE, "id-etsi-qcs-QcLimitValue"),
    (QCS_RETENTION_PERIOD, "id-etsi-qcs-QcRetentionPeriod"),
    (QCS_SSCD, "id-etsi-qcs-QcSSCD"),
    (QCS_PDS, "id-etsi-qcs-QcPDS"),
    (QCS_TYPE, "id-etsi-qcs-QcType"),
    (QCS_CC_LEGISLATION, "id-etsi-qcs-QcCClegislation"),
    (QCS_PSD2, "id-etsi-psd2-qcStatement"),
];
