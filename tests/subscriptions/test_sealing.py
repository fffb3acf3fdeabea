"""Webhook secrets sealed with AES-256-GCM under a key file only its owner can read."""

from __future__ import annotations

import os
import stat

import pytest

from qualicert.subscriptions import sealing


def test_a_sealed_secret_opens_for_its_own_subscription_only(tmp_path):
    key = sealing.load_or_create(sealing.key_path(tmp_path))
    sealed = sealing.seal(key, "whsec_abc", 7)
    assert b"whsec_abc" not in sealed
    assert sealing.unseal(key, sealed, 7) == "whsec_abc"
    with pytest.raises(ValueError, match="subscription 8"):
        sealing.unseal(key, sealed, 8)
    other = sealing.load_or_create(tmp_path / "other.key")
    with pytest.raises(ValueError, match="does not open"):
        sealing.unseal(other, sealed, 7)


def test_sealing_twice_gives_different_bytes(tmp_path):
    key = sealing.load_or_create(sealing.key_path(tmp_path))
    assert sealing.seal(key, "s", 1) != sealing.seal(key, "s", 1)


def test_the_key_file_is_made_once_with_mode_0600(tmp_path):
    path = sealing.key_path(tmp_path)
    first = sealing.load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) == 32
    assert sealing.load_or_create(path) == first


def test_a_key_file_readable_by_others_is_refused(tmp_path):
    path = sealing.key_path(tmp_path)
    sealing.load_or_create(path)
    os.chmod(path, 0o644)
    with pytest.raises(PermissionError, match="chmod 600"):
        sealing.load_or_create(path)


def test_a_key_of_the_wrong_size_is_refused(tmp_path):
    path = tmp_path / "short.key"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, b"c2hvcnQ=\n")
    os.close(fd)
    with pytest.raises(ValueError, match="32-byte"):
        sealing.load_or_create(path)
