"""Throughput of pkilint's TLS BR linter, in-process, on the pkilint TLS corpus.

Usage: python3 bench/pkilint_tls_bench.py [N]   (N certificates linted in total, default 1000)

Each file in tls_br/<type>/ is linted as the certificate type its directory
names (DV_FINAL_CERTIFICATE, ROOT_CA, ...), as pkilint's own tests do;
validators are built once per type, so only linting is timed. pkilint 0.13.3.
"""
import pathlib
import sys
import time

from pkilint import loader
from pkilint.cabf import serverauth
from pkilint.cabf.serverauth import serverauth_constants
from pkilint.pkix import certificate

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent / "shared/corpus/pkilint/tests/integration_certificate/tls_br"


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    docs = []
    for path in sorted(ROOT.rglob("*")):
        if not path.is_file():
            continue
        kind = path.relative_to(ROOT).parts[0].upper()
        pem = path.read_text().split("node_path,")[0]
        docs.append((kind, pem, path.name))
    validators = {}
    for kind, _, _ in docs:
        if kind not in validators:
            validators[kind] = certificate.create_pkix_certificate_validator_container(
                serverauth.create_decoding_validators(),
                serverauth.create_validators(serverauth_constants.CertificateType[kind]),
            )
    ldr = loader.RFC5280CertificateDocumentLoader()
    start = time.perf_counter()
    for i in range(n):
        kind, pem, name = docs[i % len(docs)]
        cert = ldr.load_pem_document(pem, name)
        validators[kind].validate(cert.root)
    elapsed = time.perf_counter() - start
    print(f"pkilint TLS: {n} certificates in {elapsed:.2f} s: {n / elapsed:.0f} certificates/s (one core)")


if __name__ == "__main__":
    main()
