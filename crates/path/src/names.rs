//! Comparing names: distinguished names (RFC 5280 7.1), DNS names, IP
//! addresses and email addresses, for name chaining, name constraints and
//! the end-entity name check.

use cert::GeneralName;
use cert::der::{self, IssueSink, Reader, tag};
use cert::name::{Name, decode_string};

/// A distinguished name in a comparable form (RFC 5280 7.1): per RDN, its
/// attributes sorted, each string value prepared by the simplified RFC 4518
/// rules that section allows (leading and trailing spaces removed, inner
/// runs of spaces folded to one, case folded); values that are not strings
/// are compared as their DER.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NameKey(Vec<Vec<(Vec<u8>, Vec<u8>)>>);

impl NameKey {
    /// The comparable form of `name`.
    pub fn of(name: &Name<'_>) -> NameKey {
        NameKey(
            name.rdns
                .iter()
                .map(|rdn| {
                    let mut attrs: Vec<(Vec<u8>, Vec<u8>)> = rdn
                        .attrs
                        .iter()
                        .map(|a| (a.oid.as_bytes().to_vec(), prepare(&a.value)))
                        .collect();
                    attrs.sort();
                    attrs
                })
                .collect(),
        )
    }

    /// Whether the name has no RDNs.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `prefix`'s RDNs are the first RDNs of `self` (RFC 5280
    /// 4.2.1.10: a directoryName constraint covers the names beneath it).
    pub fn starts_with(&self, prefix: &NameKey) -> bool {
        self.0.starts_with(&prefix.0)
    }

    /// This name followed by one more RDN, given as the content octets of
    /// a RelativeDistinguishedName (the value of nameRelativeToCRLIssuer:
    /// RFC 5280 4.2.1.13 and 5.2.5 append it to the CRL issuer's name).
    /// `None` when they are not one or more AttributeTypeAndValue.
    pub fn child(&self, rdn_content: &[u8]) -> Option<NameKey> {
        let sink = IssueSink::default();
        let mut r = Reader::new(rdn_content, 0, &sink);
        let mut attrs = r
            .read_all(tag::SEQUENCE, |atv| {
                let mut ar = atv.reader(&sink);
                let oid = der::oid(&ar.read_required(tag::OID, "attribute type")?, &sink)?;
                let value = ar.read()?;
                ar.finish()?;
                Ok((oid.as_bytes().to_vec(), prepare(&value)))
            })
            .ok()?;
        if attrs.is_empty() {
            return None;
        }
        attrs.sort();
        let mut rdns = self.0.clone();
        rdns.push(attrs);
        Some(NameKey(rdns))
    }
}

/// A general name in a comparable form, for matching distribution point
/// names (RFC 5280 6.3.3 (b)(2)(i)) and certificate issuers (5.3.3):
/// directory names by the 7.1 rules, URIs exactly, DNS names without
/// regard to ASCII case. Other kinds are not compared (never equal).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum GeneralNameKey {
    /// A directoryName.
    Directory(NameKey),
    /// A uniformResourceIdentifier.
    Uri(Vec<u8>),
    /// A dNSName, lowercased.
    Dns(Vec<u8>),
}

impl GeneralNameKey {
    /// The comparable form of `name`, if it is of a kind that is compared.
    pub fn of(name: &GeneralName<'_>) -> Option<GeneralNameKey> {
        match name {
            GeneralName::DirectoryName(n) => Some(GeneralNameKey::Directory(NameKey::of(n))),
            GeneralName::Uri(u) => Some(GeneralNameKey::Uri(u.to_vec())),
            GeneralName::Dns(d) => Some(GeneralNameKey::Dns(d.to_ascii_lowercase())),
            _ => None,
        }
    }
}

/// The prepared form of one attribute value: a tag byte (string or not)
/// followed by the folded text or the raw TLV.
fn prepare(value: &cert::der::Tlv<'_>) -> Vec<u8> {
    match decode_string(value) {
        Ok(text) => {
            let mut out = vec![0u8];
            let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
            out.extend(folded.to_lowercase().into_bytes());
            out
        }
        Err(_) => {
            let mut out = vec![1u8];
            out.extend_from_slice(value.raw);
            out
        }
    }
}

/// Whether a dNSName is a preferred-syntax host name (RFC 1034 3.5 as
/// amended by RFC 1123 2.1: letters, digits, hyphens; labels of 1 to 63
/// octets not starting or ending with a hyphen), optionally with a
/// wildcard as the whole leftmost label when `wildcard` is set.
pub fn is_valid_dns_name(name: &[u8], wildcard: bool) -> bool {
    if name.is_empty() || name.len() > 253 {
        return false;
    }
    let mut labels = name.split(|&b| b == b'.').peekable();
    let mut first = true;
    while let Some(label) = labels.next() {
        let last = labels.peek().is_none();
        if first && wildcard && label == b"*" && !last {
            first = false;
            continue;
        }
        first = false;
        if cert::dns::label_problem(label).is_some() {
            return false;
        }
    }
    true
}

/// Whether `name` falls within the dNSName constraint `base` (RFC 5280
/// 4.2.1.10: names built by adding zero or more labels on the left). A
/// base with a leading period is taken, as many implementations do, to
/// mean subdomains only. Comparison ignores ASCII case. A wildcard name
/// `*.x` is within `base` when `x`'s subdomains all are, i.e. when `x`
/// itself is within the base and not equal to a leading-period base's
/// parent.
pub fn dns_within(name: &[u8], base: &[u8]) -> bool {
    let name = name.to_ascii_lowercase();
    let base = base.to_ascii_lowercase();
    if base.is_empty() {
        return true;
    }
    if let Some(sub) = base.strip_prefix(b".") {
        return name.len() > sub.len() + 1
            && name.ends_with(sub)
            && name[name.len() - sub.len() - 1] == b'.';
    }
    name == base
        || (name.len() > base.len()
            && name.ends_with(&base)
            && name[name.len() - base.len() - 1] == b'.')
}

/// Whether an rfc822Name `addr` falls within the constraint `base` (RFC
/// 5280 4.2.1.10): a whole mailbox, all mailboxes on one host, or (with a
/// leading period) on any host of a domain. Hosts compare case-insensitively;
/// local parts compare exactly.
pub fn email_within(addr: &[u8], base: &[u8]) -> bool {
    let Some(at) = addr.iter().rposition(|&b| b == b'@') else {
        return false;
    };
    let (local, host) = (&addr[..at], &addr[at + 1..]);
    if let Some(bat) = base.iter().rposition(|&b| b == b'@') {
        return &base[..bat] == local && base[bat + 1..].eq_ignore_ascii_case(host);
    }
    if base.starts_with(b".") {
        return dns_within(host, base);
    }
    host.eq_ignore_ascii_case(base)
}

/// Whether an iPAddress (4 or 16 octets) is within the constraint
/// `base` (address followed by mask, 8 or 32 octets; RFC 5280 4.2.1.10).
/// Addresses of the other family are outside.
pub fn ip_within(addr: &[u8], base: &[u8]) -> bool {
    if base.len() != addr.len() * 2 {
        return false;
    }
    let (net, mask) = base.split_at(addr.len());
    addr.iter()
        .zip(net)
        .zip(mask)
        .all(|((a, n), m)| a & m == n & m)
}

/// Whether an iPAddress name-constraint value is well formed: 8 or 32
/// octets whose mask is a run of ones followed by zeros (CIDR form,
/// RFC 4632 as RFC 5280 4.2.1.10 describes).
pub fn is_valid_ip_constraint(base: &[u8]) -> bool {
    if base.len() != 8 && base.len() != 32 {
        return false;
    }
    let mask = &base[base.len() / 2..];
    let mut seen_zero = false;
    for byte in mask {
        for bit in (0..8).rev() {
            let one = byte & (1 << bit) != 0;
            if one && seen_zero {
                return false;
            }
            seen_zero |= !one;
        }
    }
    true
}

/// The host part of a URI (RFC 3986 3.2.2), without userinfo and port.
pub fn uri_host(uri: &[u8]) -> Option<&[u8]> {
    let s = std::str::from_utf8(uri).ok()?;
    let rest = s.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port.split(']').next().map(|h| &h[1..])?
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty()).then_some(host.as_bytes())
}

/// Whether a presented dNSName (possibly with a leftmost `*` label)
/// matches the reference host name (RFC 6125 6.4.3, as the TLS BRs
/// 7.1.2.7.12 restrict it: the wildcard is the whole leftmost label and
/// stands for exactly one label).
pub fn dns_matches(presented: &[u8], reference: &str) -> bool {
    let reference = reference.trim_end_matches('.').as_bytes();
    if let Some(rest) = presented.strip_prefix(b"*.") {
        let Some(dot) = reference.iter().position(|&b| b == b'.') else {
            return false;
        };
        return dot > 0 && reference[dot + 1..].eq_ignore_ascii_case(rest);
    }
    presented.eq_ignore_ascii_case(reference)
}

/// The text form of an iPAddress value: dotted decimal for IPv4, RFC 5952
/// for IPv6.
pub fn ip_text(addr: &[u8]) -> String {
    match addr.len() {
        4 => std::net::Ipv4Addr::new(addr[0], addr[1], addr[2], addr[3]).to_string(),
        16 => {
            let mut octets = [0u8; 16];
            octets.copy_from_slice(addr);
            std::net::Ipv6Addr::from(octets).to_string()
        }
        _ => addr.iter().map(|b| format!("{b:02x}")).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Name `C=US, O=Test` as DER, and the RDN content `CN=CRL1`.
    fn us_test() -> (Vec<u8>, Vec<u8>) {
        let c = [
            0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02, b'U', b'S',
        ];
        let o = [
            0x31, 0x0d, 0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x13, 0x04, b'T', b'e', b's',
            b't',
        ];
        let mut name = vec![0x30, (c.len() + o.len()) as u8];
        name.extend_from_slice(&c);
        name.extend_from_slice(&o);
        let cn = vec![
            0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x04, b'c', b'r', b'l', b'1',
        ];
        (name, cn)
    }

    fn name_key(der: &[u8]) -> NameKey {
        let sink = IssueSink::default();
        let t = Reader::new(der, 0, &sink).read().unwrap();
        NameKey::of(&Name::parse(t, &sink).unwrap())
    }

    #[test]
    fn relative_names_append_one_rdn() {
        let (name, cn) = us_test();
        let base = name_key(&name);
        let child = base.child(&cn).unwrap();
        assert!(child.starts_with(&base));
        assert_ne!(child, base);
        // The same name written out in full, with a PrintableString "CRL1"
        // (case and string type do not matter, RFC 5280 7.1).
        let mut full = name.clone();
        full.extend_from_slice(&[
            0x31, 0x0d, 0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x03, 0x13, 0x04, b'C', b'R', b'L',
            b'1',
        ]);
        full[1] += 15;
        assert_eq!(name_key(&full), child);
        assert_eq!(base.child(&[]), None);
        assert_eq!(base.child(&[0x30, 0x05, 0x06]), None);
    }

    #[test]
    fn general_names_compare_by_kind() {
        let a = GeneralNameKey::of(&GeneralName::Dns(b"CRL.Example.com"));
        assert_eq!(a, GeneralNameKey::of(&GeneralName::Dns(b"crl.example.com")));
        assert_ne!(
            GeneralNameKey::of(&GeneralName::Uri(b"http://a/x.crl")),
            GeneralNameKey::of(&GeneralName::Uri(b"http://a/X.crl"))
        );
        assert_eq!(GeneralNameKey::of(&GeneralName::Ip(&[10, 0, 0, 1])), None);
    }

    #[test]
    fn dns_constraints_add_labels_on_the_left() {
        assert!(dns_within(b"example.com", b"example.com"));
        assert!(dns_within(b"www.Example.com", b"example.COM"));
        assert!(!dns_within(b"notexample.com", b"example.com"));
        assert!(!dns_within(b"example.com", b".example.com"));
        assert!(dns_within(b"a.example.com", b".example.com"));
        assert!(dns_within(b"anything", b""));
    }

    #[test]
    fn email_constraints_by_mailbox_host_and_domain() {
        assert!(email_within(b"a@example.com", b"a@example.com"));
        assert!(!email_within(b"b@example.com", b"a@example.com"));
        assert!(email_within(b"b@EXAMPLE.com", b"example.com"));
        assert!(!email_within(b"b@mail.example.com", b"example.com"));
        assert!(email_within(b"b@mail.example.com", b".example.com"));
        assert!(!email_within(b"no-at-sign", b"example.com"));
    }

    #[test]
    fn ip_constraints_by_mask() {
        assert!(ip_within(
            &[192, 0, 2, 7],
            &[192, 0, 2, 0, 255, 255, 255, 0]
        ));
        assert!(!ip_within(
            &[192, 0, 3, 7],
            &[192, 0, 2, 0, 255, 255, 255, 0]
        ));
        assert!(!ip_within(&[192, 0, 2, 7], &[0; 32]));
        assert!(is_valid_ip_constraint(&[10, 0, 0, 0, 255, 0, 0, 0]));
        assert!(!is_valid_ip_constraint(&[10, 0, 0, 0, 255, 0, 255, 0]));
        assert!(!is_valid_ip_constraint(&[10, 0, 0, 0]));
    }

    #[test]
    fn wildcards_stand_for_one_label() {
        assert!(dns_matches(b"*.example.com", "www.example.com"));
        assert!(!dns_matches(b"*.example.com", "a.b.example.com"));
        assert!(!dns_matches(b"*.example.com", "example.com"));
        assert!(dns_matches(b"Example.com", "example.com."));
    }

    #[test]
    fn host_names() {
        assert!(is_valid_dns_name(b"a-b.example.com", false));
        assert!(!is_valid_dns_name(b"a_b.example.com", false));
        assert!(!is_valid_dns_name(b"*.example.com", false));
        assert!(is_valid_dns_name(b"*.example.com", true));
        assert!(!is_valid_dns_name(b"a.*.example.com", true));
        assert!(!is_valid_dns_name(b"-a.example.com", false));
        assert!(!is_valid_dns_name(b"", false));
    }

    #[test]
    fn uri_hosts() {
        assert_eq!(
            uri_host(b"https://u@Host.example:8443/x"),
            Some(&b"Host.example"[..])
        );
        assert_eq!(
            uri_host(b"http://[2001:db8::1]/"),
            Some(&b"2001:db8::1"[..])
        );
        assert_eq!(uri_host(b"urn:x"), None);
    }
}
