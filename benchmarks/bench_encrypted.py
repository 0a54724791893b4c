"""An encrypted journal against a plain one with the same 10 years of entries.

Targets (issues 11 and 16): `painlog add pain 5` on an encrypted journal opened with the key
remembered by `encrypt --remember` (SQLCipher's raw key: no derivation) within 1.2x of a plain
one; `summary --json` over 10 years within 1.3x. With the passphrase from PAINLOG_PASSPHRASE
every command derives the key (256,000 rounds of PBKDF2-HMAC-SHA512): reported as it is.

The keyring is a stand-in (a `keyring` module reading a file, put first on PYTHONPATH), as in
tests/test_encryption.py: the real one's cost depends on the desktop's keyring service.

Run:  python benchmarks/bench_encrypted.py [--runs 15] [--entries 22000]
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import PAINLOG, build_journal, interleaved_medians, scratch_folder, ten_year_options

PASSPHRASE = "a benchmark passphrase of several words"
STAND_IN_KEYRING = """
import json, os
_FILE = os.environ["BENCH_KEYRING_FILE"]

def _all():
    try:
        with open(_FILE) as handle:
            return json.load(handle)
    except FileNotFoundError:
        return {}

def get_password(service, user):
    return _all().get(service + "|" + user)

def set_password(service, user, secret):
    found = _all()
    found[service + "|" + user] = secret
    with open(_FILE, "w") as handle:
        json.dump(found, handle)

def delete_password(service, user):
    found = _all()
    found.pop(service + "|" + user, None)
    with open(_FILE, "w") as handle:
        json.dump(found, handle)
"""


def main() -> None:
    args = ten_year_options(__doc__).parse_args()
    with scratch_folder() as folder:
        plain, encrypted = folder / "plain" / "j.db", folder / "encrypted" / "j.db"
        build_journal(plain, args.entries)
        encrypted.parent.mkdir()
        shutil.copy(plain, encrypted)
        (folder / "keyring.py").write_text(STAND_IN_KEYRING)
        keyring_file = folder / "keyring.json"
        from painlog.store.cipher import KEYRING_SERVICE, new_key
        from painlog.store.conversion import convert_journal

        key = new_key(PASSPHRASE)
        convert_journal(encrypted, None, key)
        keyring_file.write_text(
            json.dumps({f"{KEYRING_SERVICE}|{encrypted.resolve()}": key.stored()})
        )
        base = {k: v for k, v in os.environ.items() if k != "PAINLOG_PASSPHRASE"}
        path_with_keyring = os.pathsep.join([str(folder), base.get("PYTHONPATH", "")])
        environments = {
            "plain": {**base, "PAINLOG_DB": str(plain)},
            "remembered": {
                **base,
                "PAINLOG_DB": str(encrypted),
                "PYTHONPATH": path_with_keyring,
                "BENCH_KEYRING_FILE": str(keyring_file),
            },
            "passphrase": {**base, "PAINLOG_DB": str(encrypted), "PAINLOG_PASSPHRASE": PASSPHRASE},
        }
        ten_years = (date.today() - timedelta(days=3653)).isoformat()
        commands = {}
        for name, env in environments.items():
            commands[f"add_{name}"] = ([*PAINLOG, "add", "pain", "5"], env)
            if name != "passphrase":
                commands[f"summary_{name}"] = (
                    [*PAINLOG, "summary", "--json", "--since", ten_years],
                    env,
                )
        times = interleaved_medians(commands, args.runs)
        print(f"journal: {args.entries} entries over 10 years; {args.runs} runs each (medians)")
        for what, name, target in (
            ("add", "remembered", "<= 1.2x"),
            ("add", "passphrase", "reported"),
            ("summary", "remembered", "<= 1.3x"),
        ):
            plain_time, encrypted_time = times[f"{what}_plain"], times[f"{what}_{name}"]
            print(
                f"{what:8} plain {plain_time * 1000:7.1f} ms, encrypted ({name:10}) "
                f"{encrypted_time * 1000:7.1f} ms: {encrypted_time / plain_time:4.2f}x "
                f"(target {target})"
            )


if __name__ == "__main__":
    main()
