//! S/MIME subscriber subject names (SMIME BR 7.1.4.2-7.1.4.2.6) and the
//! RFC 5280 subject attribute rules: for each rule a certificate that passes
//! and one that fails, built from the testkit presets.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use lint::{Generation, Linter, Options, Profile, ProfileChoice, Validation};
use testkit::name::{self as tn, Name};
use testkit::presets::{self, smime_leaf};
use testkit::{GeneralName, StringKind, ext};

type TV = testkit::Validation;
type TG = testkit::Generation;

fn profile(v: TV, g: TG) -> Profile {
    let v = match v {
        TV::Mailbox => Validation::Mailbox,
        TV::Organization => Validation::Organization,
        TV::Sponsored => Validation::Sponsored,
        TV::Individual => Validation::Individual,
    };
    let g = match g {
        TG::Legacy => Generation::Legacy,
        TG::Multipurpose => Generation::Multipurpose,
        TG::Strict => Generation::Strict,
    };
    Profile::Smime(v, g)
}

fn codes(der: &[u8], p: Profile) -> Vec<&'static str> {
    Linter::new()
        .lint_der(
            der,
            &Options {
                profile: ProfileChoice::Fixed(p),
                issuer: None,
            },
        )
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

/// The codes of a leaf of type `v`/`g` with `subject`.
fn with_subject(v: TV, g: TG, subject: &Name) -> Vec<&'static str> {
    codes(
        &smime_leaf(v, g).subject(subject).build_signed(),
        profile(v, g),
    )
}

/// The codes of a leaf of type `v`/`g` with `subject` and subjectAltName `san`.
fn with_subject_san(v: TV, g: TG, subject: &Name, san: &[GeneralName]) -> Vec<&'static str> {
    let b = smime_leaf(v, g)
        .subject(subject)
        .replace_extension(ext::subject_alt_name(san));
    codes(&b.build_signed(), profile(v, g))
}

fn org(org_id: &str) -> Name {
    Name::new()
        .c("DE")
        .o("Example Org")
        .org_id(org_id)
        .cn("Example Org")
}

fn org_codes(org_id: &str) -> Vec<&'static str> {
    with_subject(TV::Organization, TG::Strict, &org(org_id))
}

fn org_codes_c(country: &str, org_id: &str) -> Vec<&'static str> {
    let n = Name::new()
        .c(country)
        .o("Example Org")
        .org_id(org_id)
        .cn("Example Org");
    with_subject(TV::Organization, TG::Strict, &n)
}

fn mine() -> Vec<&'static str> {
    lint::rules::smime_names::RULES
        .iter()
        .map(|r| r.code)
        .collect()
}

#[test]
fn presets_pass_every_rule_of_this_file() {
    let mine = mine();
    for v in TV::ALL {
        for g in TG::ALL {
            let c = codes(&smime_leaf(v, g).build_signed(), profile(v, g));
            let hit: Vec<_> = c.iter().filter(|c| mine.contains(c)).collect();
            assert!(hit.is_empty(), "{v:?} {g:?}: {hit:?}");
        }
    }
}

#[test]
fn insignificant_value() {
    let code = "smime.subject.insignificant_value";
    let base = || Name::new().c("US").given_name("Alice").surname("Example");
    assert!(with_subject(TV::Individual, TG::Strict, &base().cn(".")).contains(&code));
    assert!(with_subject(TV::Individual, TG::Strict, &base().cn(" - ")).contains(&code));
    assert!(
        with_subject(
            TV::Individual,
            TG::Strict,
            &base().cn("Alice Example").l("N/A")
        )
        .contains(&code)
    );
    assert!(!with_subject(TV::Individual, TG::Strict, &base().cn("Alice Example")).contains(&code));
    // "Null" is a real surname.
    let null = Name::new()
        .c("US")
        .given_name("Jennifer")
        .surname("Null")
        .cn("Jennifer Null");
    assert!(!with_subject(TV::Individual, TG::Strict, &null).contains(&code));
}

#[test]
fn html_entity() {
    let code = "cabf.subject.html_entity";
    let bad = Name::new()
        .c("DE")
        .o("Steinway &amp; Sons")
        .org_id("VATDE-123456789");
    let good = Name::new()
        .c("DE")
        .o("Mustermann R&D GmbH")
        .org_id("VATDE-123456789");
    assert!(with_subject(TV::Organization, TG::Strict, &bad).contains(&code));
    assert!(!with_subject(TV::Organization, TG::Strict, &good).contains(&code));
    // CA/Browser Forum profiles only: an S/MIME CA, not an unclassified end entity.
    let b = || {
        smime_leaf(TV::Organization, TG::Strict)
            .subject(&bad)
            .build_signed()
    };
    assert!(codes(&b(), Profile::SmimeSubCa).contains(&code));
    assert!(!codes(&b(), Profile::EndEntity).contains(&code));
}

#[test]
fn mailbox_not_in_san() {
    let code = "smime.subject.mailbox_not_in_san";
    let person = |cn: &str| {
        Name::new()
            .c("US")
            .given_name("Alice")
            .surname("Example")
            .cn(cn)
    };
    assert!(with_subject(TV::Individual, TG::Strict, &person("bob@example.com")).contains(&code));
    // The domain compares case-insensitively, the local part exactly.
    assert!(
        !with_subject(TV::Individual, TG::Strict, &person("alice@EXAMPLE.com")).contains(&code)
    );
    assert!(with_subject(TV::Individual, TG::Strict, &person("Alice@example.com")).contains(&code));
    // A mailbox in a directoryName must be in the SAN too; an SmtpUTF8Mailbox counts.
    let dir = Name::new()
        .c("US")
        .given_name("Alice")
        .surname("x@example.com");
    let san = [
        GeneralName::Rfc822(presets::LEAF_EMAIL.into()),
        GeneralName::DirName(dir.clone()),
    ];
    assert!(
        with_subject_san(TV::Individual, TG::Strict, &person("Alice Example"), &san)
            .contains(&code)
    );
    let san = [
        GeneralName::Rfc822(presets::LEAF_EMAIL.into()),
        GeneralName::SmtpUtf8Mailbox("x@example.com".into()),
        GeneralName::DirName(dir),
    ];
    assert!(
        !with_subject_san(TV::Individual, TG::Strict, &person("Alice Example"), &san)
            .contains(&code)
    );
    // emailAddress included; without subjectAltName the missing extension
    // is the finding, not this one.
    let email = Name::new().cn(presets::LEAF_EMAIL).email("bob@example.com");
    assert!(with_subject(TV::Mailbox, TG::Strict, &email).contains(&code));
    let no_san = smime_leaf(TV::Mailbox, TG::Strict)
        .subject(&email)
        .remove_extension(ext::oid::SUBJECT_ALT_NAME)
        .build_signed();
    assert!(!codes(&no_san, profile(TV::Mailbox, TG::Strict)).contains(&code));
    let cn = Name::new().cn("山田花子@example.com");
    let san = [GeneralName::SmtpUtf8Mailbox("山田花子@example.com".into())];
    assert!(!with_subject_san(TV::Mailbox, TG::Strict, &cn, &san).contains(&code));
}

#[test]
fn common_name_not_mailbox() {
    let code = "smime.subject.common_name_not_mailbox";
    assert!(with_subject(TV::Mailbox, TG::Strict, &Name::new().cn("Alice")).contains(&code));
    assert!(
        !with_subject(
            TV::Mailbox,
            TG::Strict,
            &Name::new().cn(presets::LEAF_EMAIL)
        )
        .contains(&code)
    );
    assert!(
        !with_subject(
            TV::Mailbox,
            TG::Strict,
            &Name::new().email(presets::LEAF_EMAIL)
        )
        .contains(&code)
    );
}

#[test]
fn common_name_not_organization_or_mailbox() {
    let code = "smime.subject.common_name_not_organization_or_mailbox";
    let n = |cn: &str| {
        Name::new()
            .c("DE")
            .o("Example Org")
            .org_id("VATDE-123456789")
            .cn(cn)
    };
    assert!(with_subject(TV::Organization, TG::Strict, &n("EXAMPLE ORG")).contains(&code));
    assert!(!with_subject(TV::Organization, TG::Strict, &n("Example Org")).contains(&code));
    assert!(!with_subject(TV::Organization, TG::Strict, &n(presets::LEAF_EMAIL)).contains(&code));
}

#[test]
fn common_name_not_pseudonym() {
    let code = "smime.subject.common_name_not_pseudonym";
    let n = |cn: &str| Name::new().c("US").pseudonym("Mark Twain").cn(cn);
    assert!(with_subject(TV::Individual, TG::Legacy, &n("Samuel Clemens")).contains(&code));
    assert!(with_subject(TV::Individual, TG::Strict, &n("MARK TWAIN")).contains(&code));
    assert!(!with_subject(TV::Individual, TG::Strict, &n("Mark Twain")).contains(&code));
    assert!(!with_subject(TV::Sponsored, TG::Strict, &n(presets::LEAF_EMAIL)).contains(&code));
    // Beside givenName the commonName may be the Personal Name: the mix is
    // reported by smime.subject.pseudonym_with_personal_name alone.
    let mixed = Name::new()
        .c("US")
        .given_name("Hanako")
        .pseudonym("Yamada")
        .cn("YAMADA Hanako");
    let c = with_subject(TV::Individual, TG::Strict, &mixed);
    assert!(!c.contains(&code) && c.contains(&"smime.subject.pseudonym_with_personal_name"));
}

#[test]
fn pseudonym_with_personal_name() {
    let code = "smime.subject.pseudonym_with_personal_name";
    let bad = Name::new()
        .c("US")
        .given_name("Alice")
        .pseudonym("Mark Twain")
        .cn("Mark Twain");
    assert!(with_subject(TV::Individual, TG::Strict, &bad).contains(&code));
    let good = Name::new().c("US").pseudonym("Mark Twain").cn("Mark Twain");
    assert!(!with_subject(TV::Individual, TG::Strict, &good).contains(&code));
}

#[test]
fn email_address_not_single_mailbox() {
    let code = "smime.subject.email_address_not_single_mailbox";
    let bad = Name::new().email("alice@example.com bob@example.com");
    assert!(with_subject(TV::Mailbox, TG::Strict, &bad).contains(&code));
    assert!(
        !with_subject(
            TV::Mailbox,
            TG::Strict,
            &Name::new().email(presets::LEAF_EMAIL)
        )
        .contains(&code)
    );
}

#[test]
fn dependent_attribute_missing() {
    let code = "smime.subject.dependent_attribute_missing";
    let base = || Name::new().o("Example Org").org_id("VATDE-123456789");
    assert!(
        with_subject(
            TV::Organization,
            TG::Multipurpose,
            &base().c("DE").street("Main St")
        )
        .contains(&code)
    );
    assert!(with_subject(TV::Organization, TG::Multipurpose, &base().st("Bayern")).contains(&code));
    assert!(
        with_subject(
            TV::Organization,
            TG::Multipurpose,
            &base().postal_code("80331")
        )
        .contains(&code)
    );
    let good = base()
        .c("DE")
        .l("Munich")
        .street("Main St")
        .postal_code("80331");
    assert!(!with_subject(TV::Organization, TG::Multipurpose, &good).contains(&code));
}

#[test]
fn country_code_invalid() {
    let code = "smime.subject.country_code_invalid";
    let n = |c: &str| Name::new().c(c).given_name("Alice").surname("Example");
    for bad in ["us", "XG", "ZZ", "UK", "EL"] {
        assert!(
            with_subject(TV::Individual, TG::Strict, &n(bad)).contains(&code),
            "{bad}"
        );
    }
    for good in ["US", "XX", "NA"] {
        assert!(
            !with_subject(TV::Individual, TG::Strict, &n(good)).contains(&code),
            "{good}"
        );
    }
}

#[test]
fn mailbox_prohibited_attribute() {
    let code = "smime.subject.mailbox_prohibited_attribute";
    let bad = Name::new().c("US").cn(presets::LEAF_EMAIL);
    assert!(with_subject(TV::Mailbox, TG::Legacy, &bad).contains(&code));
    let other =
        Name::new()
            .cn(presets::LEAF_EMAIL)
            .attr("2.5.4.13", StringKind::Utf8, "For login only");
    assert!(with_subject(TV::Mailbox, TG::Legacy, &other).contains(&code));
    let good = Name::new()
        .cn(presets::LEAF_EMAIL)
        .serial_number("1234")
        .email(presets::LEAF_EMAIL);
    assert!(!with_subject(TV::Mailbox, TG::Legacy, &good).contains(&code));
}

#[test]
fn prohibited_attribute() {
    let code = "smime.subject.prohibited_attribute";
    let street = presets::smime_leaf_subject(TV::Sponsored)
        .l("Berlin")
        .street("Main St");
    assert!(with_subject(TV::Sponsored, TG::Strict, &street).contains(&code));
    assert!(!with_subject(TV::Sponsored, TG::Multipurpose, &street).contains(&code));
    let other = presets::smime_leaf_subject(TV::Sponsored).attr("2.5.4.13", StringKind::Utf8, "x");
    assert!(with_subject(TV::Sponsored, TG::Multipurpose, &other).contains(&code));
    assert!(!with_subject(TV::Sponsored, TG::Legacy, &other).contains(&code));
    let org_in_individual = presets::smime_leaf_subject(TV::Individual).o("Example Org");
    assert!(with_subject(TV::Individual, TG::Legacy, &org_in_individual).contains(&code));
    let title_in_org = presets::smime_leaf_subject(TV::Organization).title("CEO");
    assert!(with_subject(TV::Organization, TG::Legacy, &title_in_org).contains(&code));
}

#[test]
fn organization_attribute_missing() {
    let code = "smime.subject.organization_attribute_missing";
    let no_org_id = Name::new().c("DE").o("Example Org").cn("Example Org");
    assert!(with_subject(TV::Organization, TG::Strict, &no_org_id).contains(&code));
    let no_o = Name::new()
        .c("DE")
        .org_id("VATDE-123456789")
        .given_name("A")
        .surname("B");
    assert!(with_subject(TV::Sponsored, TG::Legacy, &no_o).contains(&code));
    let good = presets::smime_leaf_subject(TV::Organization);
    assert!(!with_subject(TV::Organization, TG::Strict, &good).contains(&code));
}

#[test]
fn personal_name_attribute_missing() {
    let code = "smime.subject.personal_name_attribute_missing";
    let cn_only = Name::new().c("US").cn("Alice Example");
    assert!(with_subject(TV::Individual, TG::Strict, &cn_only).contains(&code));
    assert!(with_subject(TV::Individual, TG::Multipurpose, &cn_only).contains(&code));
    assert!(!with_subject(TV::Individual, TG::Legacy, &cn_only).contains(&code));
    let pseudonym = Name::new().c("US").pseudonym("Mark Twain");
    assert!(!with_subject(TV::Individual, TG::Strict, &pseudonym).contains(&code));
}

#[test]
fn org_identifier_encoding() {
    let code = "smime.org_identifier.encoding";
    let ia5 =
        Name::new()
            .c("DE")
            .o("Example Org")
            .attr(tn::ORG_ID, StringKind::Ia5, "VATDE-123456789");
    assert!(with_subject(TV::Organization, TG::Strict, &ia5).contains(&code));
    let ps = Name::new().c("DE").o("Example Org").attr(
        tn::ORG_ID,
        StringKind::Printable,
        "VATDE-123456789",
    );
    assert!(!with_subject(TV::Organization, TG::Strict, &ps).contains(&code));
}

#[test]
fn org_identifier_format() {
    let code = "smime.org_identifier.format";
    for bad in [
        "GOV",
        "NTRFR+PARI-123",
        "NGB-12345678",
        "vatde-123",
        "VATDE_123",
    ] {
        assert!(org_codes(bad).contains(&code), "{bad}");
    }
    for good in [
        "GOVDE",
        "GOVDE+BY",
        "NTRDE-DER3306.HRB12345",
        "VATDE-123456789",
    ] {
        assert!(!org_codes(good).contains(&code), "{good}");
    }
}

#[test]
fn org_identifier_scheme() {
    let code = "smime.org_identifier.unknown_scheme";
    assert!(org_codes("TAXDE-123").contains(&code));
    assert!(!org_codes("VATDE-123").contains(&code));
}

#[test]
fn org_identifier_country() {
    let code = "smime.org_identifier.invalid_country";
    for bad in [
        "LEIDE-AEYE00EKXESVZUUEBP67",
        "INTDE",
        "VATXG-123",
        "NTRZZ-123",
        "GOVXG",
        "GOVXX",
    ] {
        assert!(org_codes(bad).contains(&code), "{bad}");
    }
    for good in ["LEIXG-AEYE00EKXESVZUUEBP67", "INTXG", "VATEL-123", "GOVDE"] {
        assert!(!org_codes(good).contains(&code), "{good}");
    }
}

#[test]
fn org_identifier_subdivision() {
    let code = "smime.org_identifier.subdivision_not_allowed";
    for bad in ["VATDE+BY-123", "LEIXG+PA-AEYE00EKXESVZUUEBP67", "INTXG+PA"] {
        assert!(org_codes(bad).contains(&code), "{bad}");
    }
    assert!(!org_codes("GOVDE+BY").contains(&code));
    assert!(!org_codes_c("US", "NTRUS+CA-12345678").contains(&code));
}

#[test]
fn org_identifier_reference_missing() {
    let code = "smime.org_identifier.reference_missing";
    assert!(org_codes("VATDE").contains(&code));
    assert!(org_codes("LEIXG-").contains(&code));
    assert!(!org_codes("GOVDE").contains(&code));
}

#[test]
fn org_identifier_reference_not_allowed() {
    let code = "smime.org_identifier.reference_not_allowed";
    assert!(org_codes("INTXG-123").contains(&code));
    assert!(org_codes("GOVDE-123").contains(&code));
    assert!(!org_codes("INTXG").contains(&code));
}

#[test]
fn org_identifier_country_mismatch() {
    let code = "smime.org_identifier.country_mismatch";
    assert!(org_codes("VATFR-123").contains(&code));
    assert!(org_codes_c("de", "VATDE-123").contains(&code));
    assert!(org_codes_c("EL", "VATEL-123").contains(&code));
    assert!(!org_codes_c("GR", "VATEL-123").contains(&code));
    assert!(!org_codes("VATDE-123").contains(&code));
    // LEI and INT are exempt.
    assert!(!org_codes("INTXG").contains(&code));
    assert!(!org_codes("LEIXG-AEYE00EKXESVZUUEBP67").contains(&code));
}

#[test]
fn lei_format_and_checksum() {
    let format = "smime.org_identifier.lei_format";
    let checksum = "smime.org_identifier.lei_checksum";
    let c = org_codes("LEIXG-ABC123");
    assert!(c.contains(&format) && !c.contains(&checksum));
    let c = org_codes("LEIXG-AEYE00EKXESVZUUEBP63");
    assert!(!c.contains(&format) && c.contains(&checksum));
    let c = org_codes("LEIXG-AEYE00EKXESVZUUEBP67");
    assert!(!c.contains(&format) && !c.contains(&checksum));
    assert!(lint::rules::smime_names::lei_checksum_valid(
        "AEYE00EKXESVZUUEBP67"
    ));
    assert!(!lint::rules::smime_names::lei_checksum_valid(
        "AEYE00EKXESVZUUEBP63"
    ));
}

#[test]
fn psd_format() {
    let code = "smime.org_identifier.psd_format";
    assert!(org_codes_c("BE", "PSDBE-12345").contains(&code));
    assert!(!org_codes_c("BE", "PSDBE-NBB-1234.567.890").contains(&code));
}

#[test]
fn german_ntr_not_euid() {
    let code = "smime.org_identifier.german_ntr_not_euid";
    for bad in [
        "NTRDE-HRB12345",
        "NTRDE-DER3306HRB12345",
        "NTRDE-FRR3306.HRB12345",
        "NTRDE+BE-DER3306.HRB12345",
    ] {
        assert!(org_codes(bad).contains(&code), "{bad}");
    }
    assert!(!org_codes("NTRDE-DER3306.HRB12345").contains(&code));
    assert!(!org_codes_c("FR", "NTRFR-123456789").contains(&code));
}

#[test]
fn email_address_not_in_san() {
    let code = "rfc5280.subject.email_address_not_in_san";
    let n = |e: &str| Name::new().cn(presets::LEAF_EMAIL).email(e);
    assert!(with_subject(TV::Mailbox, TG::Strict, &n("bob@example.com")).contains(&code));
    assert!(!with_subject(TV::Mailbox, TG::Strict, &n(presets::LEAF_EMAIL)).contains(&code));
    // Applies to every profile, and when subjectAltName is absent.
    let b = smime_leaf(TV::Mailbox, TG::Strict)
        .subject(&n(presets::LEAF_EMAIL))
        .remove_extension(ext::oid::SUBJECT_ALT_NAME);
    assert!(codes(&b.build_signed(), Profile::EndEntity).contains(&code));
}

#[test]
fn upper_bounds() {
    let long = |n: usize| "a".repeat(n);
    let cases: [(&str, &str, usize); 9] = [
        ("rfc5280.subject.common_name_too_long", tn::CN, 64),
        ("rfc5280.subject.organization_name_too_long", tn::O, 64),
        (
            "rfc5280.subject.organizational_unit_name_too_long",
            tn::OU,
            64,
        ),
        ("rfc5280.subject.locality_name_too_long", tn::L, 128),
        ("rfc5280.subject.state_name_too_long", tn::ST, 128),
        ("rfc5280.subject.title_too_long", tn::TITLE, 64),
        ("rfc5280.subject.pseudonym_too_long", tn::PSEUDONYM, 128),
        ("rfc5280.subject.given_name_too_long", tn::GIVEN_NAME, 32768),
        ("rfc5280.subject.surname_too_long", tn::SURNAME, 32768),
    ];
    for (code, oid, max) in cases {
        let at_max = Name::new().attr(oid, StringKind::Utf8, &long(max));
        let over = Name::new().attr(oid, StringKind::Utf8, &long(max + 1));
        let c = |n: &Name| {
            codes(
                &smime_leaf(TV::Individual, TG::Legacy)
                    .subject(n)
                    .build_signed(),
                Profile::EndEntity,
            )
        };
        assert!(!c(&at_max).contains(&code), "{code} at {max}");
        assert!(c(&over).contains(&code), "{code} over {max}");
    }
    // Characters, not octets: 64 two-octet characters fit ub-common-name.
    let cn = Name::new().cn(&"é".repeat(64));
    let c = codes(
        &smime_leaf(TV::Individual, TG::Legacy)
            .subject(&cn)
            .build_signed(),
        Profile::EndEntity,
    );
    assert!(!c.contains(&"rfc5280.subject.common_name_too_long"));
    let serial = Name::new().serial_number(&"1".repeat(65));
    let c = codes(
        &smime_leaf(TV::Individual, TG::Legacy)
            .subject(&serial)
            .build_signed(),
        Profile::EndEntity,
    );
    assert!(c.contains(&"rfc5280.subject.serial_number_too_long"));
    let email = Name::new().email(&format!("{}@example.com", "a".repeat(250)));
    let c = codes(
        &smime_leaf(TV::Individual, TG::Legacy)
            .subject(&email)
            .build_signed(),
        Profile::EndEntity,
    );
    assert!(c.contains(&"rfc5280.subject.email_address_too_long"));
}
