"""Throughput of pkilint's S/MIME linter, in-process, on the pkilint S/MIME corpus.

Usage: python3 bench/pkilint_bench.py [N]   (N certificates linted in total, default 2000)

Each file is linted with the validation level and generation its directory
names, exactly as rootward's conformance test does; validators are built once
per profile, so only linting is timed. pkilint 0.13.3 from PyPI.
"""
import pathlib
import sys
import time

from pkilint import loader
from pkilint.cabf import smime
from pkilint.cabf.smime import smime_constants
from pkilint.pkix import certificate

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent / "shared/corpus/pkilint/tests/integration_certificate/smime_br"


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    docs = []
    for path in sorted(ROOT.rglob("*.crttest")):
        v, g = path.relative_to(ROOT).parts[:2]
        pem = path.read_text().split("node_path,")[0]
        docs.append((v.upper(), g.upper(), pem, path.name))
    validators = {}
    for v, g, _, _ in docs:
        if (v, g) not in validators:
            validators[(v, g)] = certificate.create_pkix_certificate_validator_container(
                smime.create_decoding_validators(),
                smime.create_subscriber_validators(
                    smime_constants.ValidationLevel[v], smime_constants.Generation[g]
                ),
            )
    ldr = loader.RFC5280CertificateDocumentLoader()
    start = time.perf_counter()
    for i in range(n):
        v, g, pem, name = docs[i % len(docs)]
        cert = ldr.load_pem_document(pem, name)
        validators[(v, g)].validate(cert.root)
    elapsed = time.perf_counter() - start
    print(f"pkilint {n} certificates in {elapsed:.2f} s: {n / elapsed:.0f} certificates/s (one core)")


if __name__ == "__main__":
    main()
