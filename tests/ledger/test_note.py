"""C2SP signed notes and tlog checkpoints."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from qualicert.ledger.note import (
    EM_DASH,
    Checkpoint,
    Verifier,
    generate_key,
    key_id,
    open_checkpoint,
    open_note,
    parse_signer_key,
    sign_note,
    signature_line,
    signer_key,
    verifier_for,
)

# golang.org/x/mod, sumdb/note/note.go (package documentation) and note_test.go (TestSign,
# TestOpen, TestNewVerifier, TestNewSigner, TestVerifierList): the reference implementation
# of the signed-note format that C2SP signed-note specifies.
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
PETER_SIG = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
ENOCH_SIG = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"


def test_reference_keys_parse_and_re_encode():
    verifier = Verifier.parse(PETER_VKEY)
    assert verifier.name == "PeterNeumann"
    assert verifier.key_id == bytes.fromhex("c74f20a3")
    assert verifier.vkey == PETER_VKEY
    name, private_key = parse_signer_key(PETER_SKEY)
    assert name == "PeterNeumann"
    assert signer_key(name, private_key) == PETER_SKEY
    assert verifier_for(name, private_key) == verifier
    assert Verifier.parse(ENOCH_VKEY).key_id == bytes.fromhex("af0cfe78")


def test_signing_reproduces_the_reference_note():
    # Ed25519 is deterministic (RFC 8032), so the signature must be the published one.
    name, private_key = parse_signer_key(PETER_SKEY)
    assert sign_note(TEXT, name, private_key) == TEXT + "\n" + PETER_SIG
    assert PETER_SIG.startswith(EM_DASH + " ")


def test_open_verifies_known_keys_and_ignores_unknown_ones():
    note = TEXT + "\n" + PETER_SIG + ENOCH_SIG
    assert open_note(note, [PETER_VKEY]) == (TEXT, ["PeterNeumann"])
    assert open_note(note, [PETER_VKEY, ENOCH_VKEY]) == (TEXT, ["PeterNeumann", "EnochRoot"])
    assert open_note(note.encode(), [Verifier.parse(ENOCH_VKEY)]) == (TEXT, ["EnochRoot"])
    with pytest.raises(ValueError, match="no signature by a known key"):
        open_note(note, [])
    # duplicated signatures are verified once
    assert open_note(TEXT + "\n" + PETER_SIG * 3, [PETER_VKEY]) == (TEXT, ["PeterNeumann"])


def test_a_bad_signature_by_a_known_key_rejects_the_note():
    # TestOpen: "Invalid signature" inserts ABCD into the base64 at position 60.
    bad = PETER_SIG[:60] + "ABCD" + PETER_SIG[60:]
    with pytest.raises(ValueError, match="invalid signature for key PeterNeumann\\+c74f20a3"):
        open_note(TEXT + "\n" + bad, [PETER_VKEY])


def test_tampered_text_fails():
    tampered = TEXT.replace("answer", "Answer") + "\n" + PETER_SIG
    with pytest.raises(ValueError, match="invalid signature"):
        open_note(tampered, [PETER_VKEY])


def test_a_signature_under_another_key_id_is_ignored():
    raw = base64.b64decode(PETER_SIG.split()[-1])
    other_id = "— PeterNeumann " + base64.b64encode(b"\x00\x00\x00\x00" + raw[4:]).decode() + "\n"
    with pytest.raises(ValueError, match="no signature by a known key"):
        open_note(TEXT + "\n" + other_id, [PETER_VKEY])
    # the same name with a different key is a different key: ignored, not failed
    impostor = verifier_for("PeterNeumann", Ed25519PrivateKey.generate())
    with pytest.raises(ValueError, match="no signature by a known key"):
        open_note(TEXT + "\n" + PETER_SIG, [impostor])
    assert open_note(TEXT + "\n" + other_id + PETER_SIG, [PETER_VKEY])[1] == ["PeterNeumann"]


@pytest.mark.parametrize(
    "note",
    [
        # TestOpen: "Invalid encoded message syntax".
        TEXT,
        TEXT + "\n",
        TEXT + "\n" + PETER_SIG[:-1],
        "\x01" + TEXT + "\n" + PETER_SIG,
        TEXT
        + "\n"
        + "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
        TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
        # and more: too many signatures, a bad prefix, base64 that is not, too short
        TEXT + "\n" + PETER_SIG * 101,
        TEXT + "\n" + PETER_SIG.replace("—", "-"),
        TEXT + "\n" + "— PeterNeumann x08go/ZJ!\n",
        TEXT + "\n" + "— PeterNeumann AAAAAA==\n",
    ],
)
def test_malformed_notes_are_refused(note):
    with pytest.raises(ValueError, match=r"note|signature|base64"):
        open_note(note, [PETER_VKEY])


def test_non_utf8_note_is_refused():
    with pytest.raises(ValueError, match="UTF-8"):
        open_note(b"\xff" + (TEXT + "\n" + PETER_SIG).encode(), [PETER_VKEY])


def test_mangled_verifier_keys_are_refused():
    # TestNewVerifier: every proper substring and every single-byte increment fails.
    bad = [
        PETER_VKEY[i:j] for i in range(len(PETER_VKEY)) for j in range(i + 1, len(PETER_VKEY) + 1)
    ]
    bad.remove(PETER_VKEY)
    bad += [
        PETER_VKEY[:i] + chr(ord(c) + 1) + PETER_VKEY[i + 1 :] for i, c in enumerate(PETER_VKEY)
    ]
    bad += [
        "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",  # wrong length
        "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # unknown algorithm
    ]
    for vkey in bad:
        with pytest.raises(ValueError, match="key"):
            Verifier.parse(vkey)


def test_mangled_signer_keys_are_refused():
    # TestNewSigner: every proper substring and every single-byte increment fails.
    skey = PETER_SKEY
    bad = [skey[i:j] for i in range(len(skey)) for j in range(i + 1, len(skey) + 1)]
    bad.remove(skey)
    bad += [skey[:i] + chr(ord(c) + 1) + skey[i + 1 :] for i, c in enumerate(skey)]
    for candidate in bad:
        with pytest.raises(ValueError, match="key"):
            parse_signer_key(candidate)


def test_generated_keys_round_trip_with_text_holding_blank_lines():
    skey, vkey = generate_key("qualicert.example/log")
    name, private_key = parse_signer_key(skey)
    # The text is separated from the signatures by the LAST blank line (C2SP signed-note).
    text = "first line\n\nafter a blank line\n"
    note = sign_note(text, name, private_key)
    assert open_note(note, [vkey]) == (text, ["qualicert.example/log"])
    assert Verifier.parse(vkey).key_id == key_id(name, private_key.public_key().public_bytes_raw())


def test_cosigned_note_verifies_both_keys():
    _, a = parse_signer_key(generate_key("log.example")[0])
    _, b = parse_signer_key(generate_key("witness.example")[0])
    note = sign_note(TEXT, "log.example", a) + signature_line(TEXT, "witness.example", b)
    verifiers = [verifier_for("log.example", a), verifier_for("witness.example", b)]
    assert open_note(note, verifiers)[1] == ["log.example", "witness.example"]


def test_signing_refuses_bad_text_and_names():
    _, key = parse_signer_key(PETER_SKEY)
    with pytest.raises(ValueError, match="newline"):
        sign_note("no newline", "name", key)
    with pytest.raises(ValueError, match="control character"):
        sign_note("tab\there\n", "name", key)
    for name in ["", "a b", "a+b", "a\u3000b"]:
        with pytest.raises(ValueError, match="key name"):
            sign_note(TEXT, name, key)


# -- checkpoints ------------------------------------------------------------------------------

# C2SP tlog-checkpoint, the example at the top of the specification.
SPEC_CHECKPOINT = (
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
)


def test_parse_the_spec_checkpoint():
    checkpoint = Checkpoint.parse(SPEC_CHECKPOINT)
    assert checkpoint.origin == "example.com/behind-the-sofa"
    assert checkpoint.size == 20852163
    assert checkpoint.root_hash == base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")
    assert checkpoint.extensions == ()
    assert checkpoint.format() == SPEC_CHECKPOINT


@given(
    st.text(st.characters(min_codepoint=0x21, max_codepoint=0x2FFF), min_size=1, max_size=40),
    st.integers(0, 2**63),
    st.binary(min_size=32, max_size=32),
    st.lists(
        st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1), max_size=3
    ),
)
def test_checkpoint_round_trip(origin, size, root_hash, extensions):
    checkpoint = Checkpoint(origin, size, root_hash, tuple(extensions))
    assert Checkpoint.parse(checkpoint.format()) == checkpoint


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", "newline"),
        ("example.com/log\n5\n", "origin, tree size and root hash"),
        ("\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "origin line is empty"),
        ("example.com/log\n05\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "leading zeros"),
        ("example.com/log\n-5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "decimal"),
        ("example.com/log\n+5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "decimal"),
        ("example.com/log\n 5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "decimal"),
        ("example.com/log\n\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "decimal"),
        ("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jx\n", "32 bytes"),
        ("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n", "base64"),
        ("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n", "canonical"),
        ("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I=\n", "base64"),
        ("example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n", "extension"),
    ],
)
def test_malformed_checkpoints_are_refused(text, message):
    with pytest.raises(ValueError, match=message):
        Checkpoint.parse(text)


def test_signed_checkpoint_round_trip():
    skey, vkey = generate_key("qualicert.example/log")
    name, key = parse_signer_key(skey)
    checkpoint = Checkpoint(name, 8, bytes(range(32)), ("extension line",))
    note = sign_note(checkpoint.format(), name, key)
    assert open_checkpoint(note, [vkey]) == (checkpoint, [name])
    with pytest.raises(ValueError, match="invalid signature"):
        open_checkpoint(note.replace("\n8\n", "\n9\n"), [vkey])


def test_checkpoint_fields_are_checked():
    with pytest.raises(ValueError, match="origin"):
        Checkpoint("", 1, bytes(32))
    with pytest.raises(ValueError, match="size"):
        Checkpoint("o", -1, bytes(32))
    with pytest.raises(ValueError, match="32 bytes"):
        Checkpoint("o", 1, bytes(31))
    with pytest.raises(ValueError, match="extension"):
        Checkpoint("o", 1, bytes(32), ("",))
