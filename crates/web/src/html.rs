//! HTML building: escaping and the page layout. Every value that came from
//! input or storage goes through [`esc`]; the templates are plain Rust so the
//! compiler checks them and nothing is read from disk at run time.

use std::fmt::Write;

use axum::response::Html;

/// Escapes text for HTML element content and double-quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A form shown again, as filled in, under what was wrong with it
/// (`form_html` is HTML built from escaped parts).
pub fn form_again(
    title: &str,
    status: axum::http::StatusCode,
    message: &str,
    form_html: &str,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let body = format!("<p class=\"error-box\">{}</p>{form_html}", esc(message));
    (status, page(title, &body)).into_response()
}

/// A whole page: `title` is text (escaped here), `body` is HTML already built
/// from escaped parts.
pub fn page(title: &str, body: &str) -> Html<String> {
    let mut s = String::with_capacity(body.len() + 600);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · rootward</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head>\
         <body><header><a class=\"brand\" href=\"/\">rootward</a> \
         <nav><a href=\"/lint\">Lint</a> <a href=\"/search\">Certificates</a> <a href=\"/requests\">Requests</a> <a href=\"/dashboard\">Compliance</a> <a href=\"/incidents\">Incidents</a> <a href=\"/ceremonies\">Ceremonies</a> \
         <a href=\"/api/v1/openapi.json\">API</a></nav>\
         <form class=\"search\" method=\"get\" action=\"/search\">\
         <input name=\"q\" aria-label=\"Search certificates\" placeholder=\"name, fingerprint, serial\"></form>\
         </header><main><h1>{}</h1>\n{}</main></body></html>\n",
        esc(title),
        esc(title),
        body
    );
    Html(s)
}

/// The findings of one lint result as a table (or a line saying there are none).
pub fn findings_table(findings: &[lint::Finding]) -> String {
    if findings.is_empty() {
        return "<p class=\"ok\">No findings.</p>\n".to_owned();
    }
    let mut s = String::from(
        "<table class=\"findings\"><thead><tr><th>Severity</th><th>Code</th>\
         <th>Message</th><th>Citation</th><th>Location</th></tr></thead><tbody>\n",
    );
    for f in findings {
        let _ = writeln!(
            s,
            "<tr class=\"{sev}\"><td>{sev}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(f.code),
            esc(&f.message),
            esc(f.citation),
            esc(&f.location),
            sev = f.severity.as_str(),
        );
    }
    s.push_str("</tbody></table>\n");
    s
}

/// The stylesheet, served at `/static/style.css`.
pub const STYLE: &str = "\
body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff;line-height:1.45}
header{display:flex;gap:1.5em;align-items:center;padding:.6em 1.5em;background:#1d3557;color:#fff}
header a{color:#fff;text-decoration:none}header .brand{font-weight:700;font-size:1.15em}
header nav a{margin-right:1em}header form.search{margin-left:auto}
main{max-width:72em;margin:1.5em auto;padding:0 1.5em}
table{border-collapse:collapse;width:100%;margin:1em 0}th,td{border:1px solid #ccc;padding:.35em .6em;text-align:left;vertical-align:top}
th{background:#f1f3f5}td code,dd code{word-break:break-all}
tr.fatal td:first-child,tr.error td:first-child{color:#b00020;font-weight:600}
tr.warning td:first-child{color:#8a5a00;font-weight:600}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3em 1em}dt{font-weight:600}dd{margin:0}
textarea{width:100%;font-family:monospace}p.ok{color:#1b6e20;font-weight:600}
.error-box{border:1px solid #b00020;padding:.6em 1em;color:#b00020}
.md{white-space:pre-wrap;overflow-wrap:anywhere}p.missing{color:#8a5a00}
pre.report{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;border:1px solid #ccc;padding:.8em}
";

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>alert("x")</script>&'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"
        );
        assert_eq!(esc("CN=Plain, O=Text"), "CN=Plain, O=Text");
    }
}
