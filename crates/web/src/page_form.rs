//! Page forms as browsers send them: `application/x-www-form-urlencoded`, or
//! `multipart/form-data` (RFC 7578) when the form carries a file input. The
//! pages take both through [`FormData`], so one handler serves a form with or
//! without a file chosen, and no JavaScript is needed to upload.
//!
//! The multipart reader is small on purpose: the whole body is already in
//! memory (its size bounded by the route's body limit), parts are split on
//! the boundary of RFC 2046 5.1.1, and only the `Content-Disposition` (name,
//! filename) and `Content-Type` headers of each part are read.

use axum::http::{HeaderMap, header};
use serde::de::DeserializeOwned;

/// A page form's text fields, by name, in the order sent.
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    /// The value of `name`, empty when absent.
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or("").to_owned()
    }
    /// The value of `name` trimmed, `None` when absent or blank.
    pub fn opt(&self, name: &str) -> Option<&str> {
        self.get(name).map(str::trim).filter(|v| !v.is_empty())
    }
}

/// Most parts a form may have (the request form has about twenty fields).
const MAX_PARTS: usize = 64;

/// One file sent with a form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilePart {
    /// The form field.
    pub field: String,
    /// The file name the browser gave (shown, never used as a path).
    pub filename: String,
    /// The content.
    pub data: Vec<u8>,
}

/// A submitted page form: its text fields and its files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormData {
    fields: Vec<(String, String)>,
    files: Vec<FilePart>,
}

/// Why a form could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FormError {
    /// Neither form encoding.
    #[error("the form must be sent as application/x-www-form-urlencoded or multipart/form-data")]
    ContentType,
    /// The multipart body does not follow RFC 7578.
    #[error("malformed multipart form: {0}")]
    Multipart(&'static str),
    /// A text field is not UTF-8.
    #[error("form field \"{0}\" is not UTF-8 text")]
    NotText(String),
    /// The fields do not fit the form.
    #[error("form fields: {0}")]
    Fields(String),
}

impl FormData {
    /// Reads a form body of either encoding.
    pub fn read(headers: &HeaderMap, body: &[u8]) -> Result<FormData, FormError> {
        let ct = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let media = ct.split(';').next().unwrap_or_default().trim();
        if media.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
            let fields: Vec<(String, String)> =
                serde_urlencoded::from_bytes(body).map_err(|e| FormError::Fields(e.to_string()))?;
            return Ok(FormData {
                fields,
                files: Vec::new(),
            });
        }
        if media.eq_ignore_ascii_case("multipart/form-data") {
            let boundary = boundary(ct).ok_or(FormError::Multipart("no boundary parameter"))?;
            return parse_multipart(body, &boundary);
        }
        Err(FormError::ContentType)
    }

    /// The text fields as a typed form (the same rules as axum's `Form`).
    pub fn fields<T: DeserializeOwned>(&self) -> Result<T, FormError> {
        let encoded = serde_urlencoded::to_string(&self.fields)
            .map_err(|e| FormError::Fields(e.to_string()))?;
        serde_urlencoded::from_str(&encoded).map_err(|e| FormError::Fields(e.to_string()))
    }

    /// The file sent in `field`, when one was chosen (browsers send an empty
    /// part with an empty file name when none was).
    pub fn file(&self, field: &str) -> Option<&FilePart> {
        self.files
            .iter()
            .find(|f| f.field == field && !(f.filename.is_empty() && f.data.is_empty()))
    }
}

/// The `boundary` parameter of a multipart Content-Type (RFC 2046 5.1.1:
/// 1 to 70 characters, possibly quoted).
fn boundary(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if !k.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let v = v.trim().trim_matches('"');
        (!v.is_empty() && v.len() <= 70).then(|| v.to_owned())
    })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The next delimiter line at or after `from`: `close` (CRLF, `--`,
/// boundary) followed by `--` or by optional spaces and CRLF. A boundary
/// followed by anything else is part of the data (RFC 2046 5.1.1).
fn find_delimiter(body: &[u8], close: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let i = find(body, close, at)?;
        let mut rest = &body[i + close.len()..];
        if rest.starts_with(b"--") {
            return Some(i);
        }
        while let [b' ' | b'\t', tail @ ..] = rest {
            rest = tail;
        }
        if rest.starts_with(b"\r\n") {
            return Some(i);
        }
        at = i + 1;
    }
}

/// Splits a multipart body into fields and files.
fn parse_multipart(body: &[u8], boundary: &str) -> Result<FormData, FormError> {
    let delimiter = format!("--{boundary}").into_bytes();
    let bad = FormError::Multipart;
    let mut pos = find(body, &delimiter, 0).ok_or(bad("no boundary in the body"))?;
    let mut close = delimiter.clone();
    close.splice(0..0, *b"\r\n");
    let mut form = FormData::default();
    let mut parts = 0;
    loop {
        pos += delimiter.len();
        if body[pos..].starts_with(b"--") {
            return Ok(form); // the close delimiter
        }
        // Transport padding (RFC 2046 5.1.1) may follow the boundary.
        while matches!(body.get(pos), Some(b' ' | b'\t')) {
            pos += 1;
        }
        if !body[pos..].starts_with(b"\r\n") {
            return Err(bad("a boundary line does not end with CRLF"));
        }
        pos += 2;
        parts += 1;
        if parts > MAX_PARTS {
            return Err(bad("too many parts"));
        }
        // The headers end at the first blank line; a part whose boundary
        // line is followed by one has none (its content is not headers).
        let (head_end, data_start) = if body[pos..].starts_with(b"\r\n") {
            (pos, pos + 2)
        } else {
            let end = find(body, b"\r\n\r\n", pos).ok_or(bad("a part has no header end"))?;
            (end, end + 4)
        };
        // Nor do they run past the next boundary line into another part.
        if find(&body[..head_end], &close, pos - 2).is_some() {
            return Err(bad("a part's headers are not ended by a blank line"));
        }
        let head = std::str::from_utf8(&body[pos..head_end])
            .map_err(|_| bad("part headers are not UTF-8"))?;
        let data_end = find_delimiter(body, &close, data_start)
            .ok_or(bad("a part is not closed by the boundary"))?;
        let (name, filename) = disposition(head).ok_or(bad("a part has no form-data name"))?;
        let data = body[data_start..data_end].to_vec();
        match filename {
            Some(filename) => form.files.push(FilePart {
                field: name,
                filename,
                data,
            }),
            None => {
                let text = String::from_utf8(data).map_err(|_| FormError::NotText(name.clone()))?;
                form.fields.push((name, text));
            }
        }
        pos = data_end + 2;
    }
}

/// `Content-Disposition: form-data; name="x"; filename="y"` (RFC 7578 4.2).
fn disposition(head: &str) -> Option<(String, Option<String>)> {
    let line = head.split("\r\n").find(|l| {
        l.split(':')
            .next()
            .is_some_and(|h| h.trim().eq_ignore_ascii_case("content-disposition"))
    })?;
    let value = line.split_once(':')?.1;
    let mut params = value.split(';');
    if !params.next()?.trim().eq_ignore_ascii_case("form-data") {
        return None;
    }
    let (mut name, mut filename) = (None, None);
    for p in params {
        let Some((k, v)) = p.split_once('=') else {
            continue;
        };
        let v = unquote(v.trim());
        match k.trim().to_ascii_lowercase().as_str() {
            "name" => name = Some(v),
            "filename" => filename = Some(v),
            _ => {}
        }
    }
    Some((name?, filename))
}

/// A quoted-string value with `\"` and `\\` unescaped (browsers send
/// `%22` for quotes in names; both are accepted).
fn unquote(v: &str) -> String {
    let Some(inner) = v.strip_prefix('"').and_then(|s| s.strip_suffix('"')) else {
        return v.to_owned();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out.replace("%22", "\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn multipart_headers(b: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(&format!("multipart/form-data; boundary={b}")).unwrap(),
        );
        h
    }

    fn body(b: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, filename, data) in parts {
            out.extend_from_slice(format!("--{b}\r\n").as_bytes());
            match filename {
                Some(f) => out.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
                ),
                None => out.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                ),
            }
            out.extend_from_slice(data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{b}--\r\n").as_bytes());
        out
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct F {
        csrf: String,
        version: i64,
    }

    #[test]
    fn fields_and_files_are_separated() {
        let b = "----x42";
        let data = b"\x00\x01binary\r\n--not-a-boundary\r\n";
        let raw = body(
            b,
            &[
                ("csrf", None, b"tok"),
                ("version", None, b"3"),
                ("report", Some("kgr.pdf"), data),
                ("empty", Some(""), b""),
            ],
        );
        let f = FormData::read(&multipart_headers(b), &raw).unwrap();
        assert_eq!(
            f.fields::<F>().unwrap(),
            F {
                csrf: "tok".into(),
                version: 3
            }
        );
        let file = f.file("report").unwrap();
        assert_eq!(file.filename, "kgr.pdf");
        assert_eq!(file.data, data);
        assert!(f.file("empty").is_none(), "no file chosen");
    }

    #[test]
    fn a_boundary_followed_by_more_text_is_data() {
        let b = "bnd";
        let data = b"line\r\n--bndX not the end\r\nmore";
        let raw = body(b, &[("report", Some("r.txt"), data)]);
        let f = FormData::read(&multipart_headers(b), &raw).unwrap();
        assert_eq!(f.file("report").unwrap().data, data);
    }

    #[test]
    fn urlencoded_forms_read_the_same() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        let f = FormData::read(&h, b"csrf=a%20b&version=7").unwrap();
        assert_eq!(
            f.fields::<F>().unwrap(),
            F {
                csrf: "a b".into(),
                version: 7
            }
        );
    }

    #[test]
    fn malformed_bodies_are_errors_not_panics() {
        let h = multipart_headers("b");
        for raw in [
            &b""[..],
            b"--b",
            b"--bXX",
            b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated",
            b"--b\r\nno header end",
            b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--",
        ] {
            assert!(
                FormData::read(&h, raw).is_err(),
                "{:?}",
                String::from_utf8_lossy(raw)
            );
        }
        let mut no_boundary = HeaderMap::new();
        no_boundary.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("multipart/form-data"),
        );
        assert!(FormData::read(&no_boundary, b"x").is_err());
        assert_eq!(
            FormData::read(&HeaderMap::new(), b"x"),
            Err(FormError::ContentType)
        );
        // Too many parts.
        let many: Vec<(&str, Option<&str>, &[u8])> =
            (0..100).map(|_| ("a", None, &b"1"[..])).collect();
        assert!(FormData::read(&h, &body("b", &many)).is_err());
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let h = multipart_headers("bnd");
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for len in 0..400 {
            let mut raw = b"--bnd\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n".to_vec();
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                raw.push(b"-\r\nbnd a"[(seed % 8) as usize]);
            }
            let _ = FormData::read(&h, &raw);
        }
    }
    #[test]
    fn a_part_without_headers_is_not_read_as_its_own_data() {
        // The part's content looks like a part: it must not become a field.
        let h = multipart_headers("b");
        let raw =
            b"--b\r\n\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nforged\r\n--b--\r\n";
        assert_eq!(
            FormData::read(&h, raw),
            Err(FormError::Multipart("a part has no form-data name"))
        );
    }

    #[test]
    fn part_headers_do_not_run_into_the_next_part() {
        // The first part's headers have no blank line after them: they must
        // not swallow the second part (whose value would then be "a"'s).
        let h = multipart_headers("b");
        let raw = b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n--b\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\nv\r\n--b--\r\n";
        assert!(
            FormData::read(&h, raw).is_err(),
            "{:?}",
            FormData::read(&h, raw)
        );
    }

    #[test]
    fn boundary_edge_cases_are_errors_or_read_right() {
        let h = multipart_headers("b");
        let part = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n";
        // The boundary at the very end, with no "--" or CRLF after it: not a
        // delimiter (RFC 2046 5.1.1), so the part is never closed.
        let raw = format!("{part}1\r\n--b");
        assert_eq!(
            FormData::read(&h, raw.as_bytes()),
            Err(FormError::Multipart("a part is not closed by the boundary"))
        );
        // The close delimiter without its CRLF before it.
        let raw = format!("{part}1--b--");
        assert!(FormData::read(&h, raw.as_bytes()).is_err());
        // Non-UTF-8 header bytes.
        let raw = b"--b\r\nContent-Disposition: form-data; name=\"\xff\"\r\n\r\n1\r\n--b--";
        assert_eq!(
            FormData::read(&h, raw),
            Err(FormError::Multipart("part headers are not UTF-8"))
        );
        // The boundary inside data, not at a line start: data.
        let raw = format!("{part}x--b--y\r\n--b--");
        let f = FormData::read(&h, raw.as_bytes()).unwrap();
        assert_eq!(f.fields, vec![("a".to_owned(), "x--b--y".to_owned())]);
        // An empty value.
        let raw = format!("{part}\r\n--b--");
        let f = FormData::read(&h, raw.as_bytes()).unwrap();
        assert_eq!(f.fields, vec![("a".to_owned(), String::new())]);
        // 64 parts are read, 65 are refused.
        let many: Vec<(&str, Option<&str>, &[u8])> =
            (0..MAX_PARTS).map(|_| ("a", None, &b"1"[..])).collect();
        assert_eq!(
            FormData::read(&h, &body("b", &many)).unwrap().fields.len(),
            MAX_PARTS
        );
        let many: Vec<(&str, Option<&str>, &[u8])> =
            (0..=MAX_PARTS).map(|_| ("a", None, &b"1"[..])).collect();
        assert_eq!(
            FormData::read(&h, &body("b", &many)),
            Err(FormError::Multipart("too many parts"))
        );
    }

    #[test]
    fn work_is_linear_in_the_body() {
        // Bodies made to defeat the searches (near-boundaries, near header
        // ends, everywhere) cost about the same per byte at 1 and 8 MiB.
        let b = "x".repeat(70);
        let h = multipart_headers(&b);
        let make = |len: usize, with_part: bool| {
            let mut raw = format!("--{b}\r\n").into_bytes();
            if with_part {
                raw.extend_from_slice(
                    b"Content-Disposition: form-data; name=\"a\"; filename=\"f\"\r\n\r\n",
                );
            }
            let filler = format!("\r\n--{}\r\n\r", &b[..69]);
            while raw.len() < len {
                raw.extend_from_slice(filler.as_bytes());
            }
            raw
        };
        let time = |len: usize| {
            let start = std::time::Instant::now();
            for with_part in [false, true] {
                assert!(FormData::read(&h, &make(len, with_part)).is_err());
            }
            start.elapsed()
        };
        let small = time(1 << 20);
        let large = time(8 << 20);
        assert!(
            large < small * 24 + std::time::Duration::from_millis(200),
            "1 MiB: {small:?}, 8 MiB: {large:?}"
        );
    }
}
