//! Attachments: files stored once by SHA-256, with a size limit and a check
//! that the content is of the type it claims (by its first bytes, never
//! trusting the name or the declared type alone).

use sqlx::Row;

use crate::{Clock, Error, Registry, Result};

/// Largest attachment accepted.
pub const MAX_ATTACHMENT: usize = 10 * 1024 * 1024;

/// The file types accepted, with how their content is recognised.
pub const MEDIA_TYPES: [&str; 5] = [
    "application/pdf",
    "application/pkix-cert",
    "application/x-pem-file",
    "text/plain",
    "application/zip",
];

/// Metadata of a stored attachment.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Attachment {
    /// SHA-256 of the content, uppercase hex (the key).
    pub sha256: String,
    /// Media type, one of [`MEDIA_TYPES`].
    pub media_type: String,
    /// Size in bytes.
    pub size: i64,
    /// The file name given at upload (shown, never used as a path).
    pub filename: String,
    /// Who uploaded it first.
    pub uploaded_by: String,
    /// When, seconds since the epoch.
    pub uploaded_at: i64,
}

/// Whether `content` looks like `media_type` (magic bytes; text must be UTF-8).
fn content_matches(media_type: &str, content: &[u8]) -> bool {
    match media_type {
        "application/pdf" => content.starts_with(b"%PDF-"),
        "application/pkix-cert" => cert::Certificate::parse(content).is_ok(),
        "application/x-pem-file" => {
            std::str::from_utf8(content).is_ok_and(|s| s.contains("-----BEGIN "))
        }
        "text/plain" => std::str::from_utf8(content).is_ok() && !content.contains(&0),
        // Office documents (xlsx, docx) are zip containers.
        "application/zip" => content.starts_with(b"PK\x03\x04"),
        _ => false,
    }
}

/// The accepted type a file's content shows, for uploads whose declared
/// type cannot be trusted (browsers send `application/octet-stream` for
/// most files): PDF, zip (Office documents), a DER certificate, PEM, then
/// plain UTF-8 text.
pub fn sniff_media_type(content: &[u8]) -> Option<&'static str> {
    [
        "application/pdf",
        "application/zip",
        "application/pkix-cert",
        "application/x-pem-file",
        "text/plain",
    ]
    .into_iter()
    .find(|t| content_matches(t, content))
}

impl Registry {
    /// Stores a file (or finds it stored already) and returns its metadata.
    pub async fn put_attachment(
        &self,
        filename: &str,
        media_type: &str,
        content: &[u8],
        uploaded_by: &str,
        clock: &dyn Clock,
    ) -> Result<Attachment> {
        let bad = |reason: String| Error::BadInput {
            what: format!("attachment {filename:?}"),
            reason,
        };
        if content.is_empty() {
            return Err(bad("the file is empty".into()));
        }
        if content.len() > MAX_ATTACHMENT {
            return Err(bad(format!(
                "{} bytes is more than the limit of {MAX_ATTACHMENT}",
                content.len()
            )));
        }
        if !MEDIA_TYPES.contains(&media_type) {
            return Err(bad(format!(
                "type {media_type:?} is not accepted (accepted: {})",
                MEDIA_TYPES.join(", ")
            )));
        }
        if !content_matches(media_type, content) {
            return Err(bad(format!("the content is not {media_type}")));
        }
        let name: String = filename
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect();
        let sha256 = cert::hex_upper(&cert::digest::sha256(content));
        if let Some(a) = self.attachment(&sha256).await? {
            return Ok(a);
        }
        let a = Attachment {
            sha256: sha256.clone(),
            media_type: media_type.to_owned(),
            size: content.len() as i64,
            filename: name,
            uploaded_by: uploaded_by.to_owned(),
            uploaded_at: clock.now(),
        };
        sqlx::query(
            "INSERT INTO attachments (sha256, media_type, size, filename, content, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(sha256)
        .bind(a.media_type.clone())
        .bind(a.size)
        .bind(a.filename.clone())
        .bind(content.to_vec())
        .bind(a.uploaded_by.clone())
        .bind(a.uploaded_at)
        .execute(&self.pool)
        .await?;
        Ok(a)
    }

    /// Metadata of a stored attachment.
    pub async fn attachment(&self, sha256: &str) -> Result<Option<Attachment>> {
        let Some(key) = crate::link::normalize_hex(sha256) else {
            return Ok(None);
        };
        let row = sqlx::query(
            "SELECT sha256, media_type, size, filename, uploaded_by, uploaded_at FROM attachments WHERE sha256 = $1",
        )
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Attachment {
                sha256: r.try_get(0)?,
                media_type: r.try_get(1)?,
                size: r.try_get(2)?,
                filename: r.try_get(3)?,
                uploaded_by: r.try_get(4)?,
                uploaded_at: r.try_get(5)?,
            })
        })
        .transpose()
    }

    /// The content of a stored attachment, checked against its SHA-256.
    pub async fn attachment_content(&self, sha256: &str) -> Result<Option<(Attachment, Vec<u8>)>> {
        let Some(meta) = self.attachment(sha256).await? else {
            return Ok(None);
        };
        let content: Vec<u8> = sqlx::query("SELECT content FROM attachments WHERE sha256 = $1")
            .bind(meta.sha256.clone())
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        if cert::hex_upper(&cert::digest::sha256(&content)) != meta.sha256 {
            return Err(Error::Corrupt {
                what: format!("attachment {}", meta.sha256),
                reason: "the stored content does not match its SHA-256".into(),
            });
        }
        Ok(Some((meta, content)))
    }
}

#[cfg(test)]
mod sniff_tests {
    use super::sniff_media_type;

    #[test]
    fn content_decides_the_type() {
        assert_eq!(sniff_media_type(b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(sniff_media_type(b"PK\x03\x04rest"), Some("application/zip"));
        assert_eq!(
            sniff_media_type(b"-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n"),
            Some("application/x-pem-file")
        );
        assert_eq!(sniff_media_type(b"plain words"), Some("text/plain"));
        assert_eq!(sniff_media_type(b"\x00\x01\xff"), None);
    }
}
