"""Hypothesis strategies for what a person (or a script) may type or post.

A generated body is a form's valid data with a few fields replaced by
another value the form offers or something hostile: odd text, markup,
numbers in disguise, a missing field.
Integer fields that a form may accept stay small: an accepted count of a
million nodes would be a real (simulated) cluster of a million nodes.
"""
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from hypothesis import strategies as st

MISSING = None  # the field is left out of the POST

HOSTILE_TEXT = (
    "", " ", "\t\n", "\x00", "<script>window.pwned=1</script>",
    "\"'><img src=x onerror=window.pwned=1>", "'; DROP TABLE cluster; --", "{{ 7*7 }}",
    "%(name)s %s %n", "../../etc/passwd", "\u202eevil", "\ufb00", "\u0663", "a" * 300,
    "key=value", "=", "k==v", ",,,", "\"unterminated", "k=v\nk=w", "kube_tag=\u0000",
    "\u00e9" * 20, "null", "[]", "{}",
)
NUMBERS_IN_DISGUISE = ("1e3", "0x1f", "-0", "+1", " 1 ", "1.5", "NaN", "Infinity", "\u0663",
                       "9" * 40, "-1", "1,000", "1_000", "")
PRINTABLE = st.characters(blacklist_categories=("Cs",))


def text():
    return st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(PRINTABLE, max_size=60))


def field(*offered):
    """One of the values the form offers, hostile text, or nothing at all."""
    hostile = st.one_of(text(), st.just(MISSING))
    return st.one_of(st.sampled_from(offered), hostile) if offered else hostile


def count(low=-3, high=12):
    """A node count: small, negative, or not a number at all."""
    return st.one_of(st.integers(low, high), st.sampled_from(NUMBERS_IN_DISGUISE),
                     st.just(MISSING))


def any_integer():
    """For fields whose accepted values create nothing: any size at all."""
    return st.one_of(st.integers(), st.integers(-5, 50), st.sampled_from(NUMBERS_IN_DISGUISE),
                     st.just(MISSING))


def labels_text():
    pair = st.tuples(st.sampled_from(("kube_tag", "boot_volume_size", "team", "a b", "", "x" * 70,
                                      "auto_scaling_enabled", "min_node_count", "<b>")),
                     st.one_of(st.sampled_from(("v1.30.6", "true", "3", "", "\"a,b\"", "<i>x")),
                               text()))
    lines = st.lists(pair, max_size=4).map(lambda pairs: "\n".join(f"{k}={v}" for k, v in pairs))
    return st.one_of(lines, text(), st.just(MISSING))


def checkbox():
    return st.sampled_from(("on", "", "true", "false", "0", MISSING))


def mutated(valid, *, changed=(1, 3), **alternatives):
    """A POST body: the form's ``valid`` data with some of its fields (between
    ``changed`` bounds) drawn from ``alternatives`` instead; a failure shrinks
    towards the fewest changed fields."""
    fewest, most = changed

    @st.composite
    def body(draw):
        data = dict(valid)
        names = st.sets(st.sampled_from(sorted(alternatives)), min_size=fewest, max_size=most)
        for name in draw(names):
            data[name] = draw(alternatives[name])
        return {name: value for name, value in data.items() if value is not MISSING}
    return body()


def csr(common_name="hyp"):
    """A PEM certificate signing request with a fresh key."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    request = x509.CertificateSigningRequestBuilder().subject_name(subject).sign(
        key, hashes.SHA256())
    return request.public_bytes(serialization.Encoding.PEM).decode()


VALID_CSR = csr()
_SIGNATURE_LINE = VALID_CSR.splitlines()[-2]
BROKEN_SIGNATURE = VALID_CSR.replace(_SIGNATURE_LINE, "A" * len(_SIGNATURE_LINE))
