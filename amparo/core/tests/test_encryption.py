import pytest
from cryptography.fernet import Fernet
from django.db import connection

from amparo.core import encryption
from amparo.core.encryption import EncryptedTextField, decrypt, encrypt, lookup_hash


@pytest.fixture
def fresh_keys(settings):
    def use(keys):
        settings.AMPARO_FIELD_KEYS = keys
        for cached in (encryption._keys, encryption._fernet, encryption._lookup_key):
            cached.cache_clear()

    yield use
    use("")


def _runs(text, length):
    return {text[i:i + length] for i in range(len(text) - length + 1)}


def test_round_trip_and_the_stored_form_hides_the_value(fresh_keys):
    # What matters: no run of the plaintext survives in the stored form, and the value cannot be
    # read back without the key. (A Fernet token embeds its creation time, so any short digit
    # string such as "208" may occur in it by chance; six characters in a row cannot.)
    plaintext = "A-208-123-456"
    fresh_keys(Fernet.generate_key().decode())
    stored = encrypt(plaintext)
    assert stored.startswith("enc1:")
    assert not any(run in stored for run in _runs(plaintext, 6))
    assert decrypt(stored) == plaintext
    fresh_keys(Fernet.generate_key().decode())
    with pytest.raises(ValueError):
        decrypt(stored)


def test_lookup_hash_is_stable_keyed_and_empty_for_empty():
    assert lookup_hash("208123456") == lookup_hash("208123456") != lookup_hash("208123457")
    assert len(lookup_hash("208123456")) == 64 and lookup_hash("") == ""


def test_keys_can_be_rotated(fresh_keys):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    fresh_keys(old)
    stored = encrypt("SSN 123-45-6789")
    fresh_keys(f"{new},{old}")
    assert decrypt(stored) == "SSN 123-45-6789"
    fresh_keys(new)
    with pytest.raises(ValueError):
        decrypt(stored)


def test_the_field_writes_ciphertext_to_the_database(db):
    field = EncryptedTextField()
    prepared = field.get_prep_value("A-208-123-456")
    assert prepared.startswith("enc1:") and not any(run in prepared for run in _runs("A-208-123-456", 6))
    assert field.from_db_value(prepared, None, connection) == "A-208-123-456"
    assert field.get_prep_value("") == "" and field.get_prep_value(None) is None
