"""``qualicert verify`` and ``qualicert trust-list export``: credentials from the command line.

``verify`` checks a QR payload, a VC file or a photo of a QR code, against the database
(online, the default) or against a signed trust list with no network (``--offline``).
It exits 0 when the verdict is VALID and 1 otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from qualicert.cli._common import console, err_console, readable_errors, session_scope, settings
from qualicert.credentials import qr, trust, verify
from qualicert.credentials.verdicts import Result, Verdict, result
from qualicert.ledger import keys, note

app = typer.Typer(help="The signed trust list of body keys and certificate status.")


@app.command("export")
@readable_errors
def export(
    out: Annotated[Path | None, typer.Option(help="Write here instead of standard output.")] = None,
) -> None:
    """Sign and print (or write) the trust list: body keys, statuses and the log's key."""
    conf = settings()
    name, private = keys.load_or_create(keys.log_key_path(conf.var_dir), conf.log_origin)
    with session_scope() as session:
        data = trust.build(session=session, log_vkey=note.verifier_for(name, private).vkey)
    signed = trust.sign(data, name, private)
    if out is None:
        typer.echo(signed, nl=False)
        return
    out.write_text(signed, "utf-8")
    console.print(f"trust list with {len(data['bodies'])} bodies written to {out}")


def _inputs(payload: str | None, file: Path | None, image: Path | None) -> tuple[str, Any]:
    given = [x for x in (payload, file, image) if x is not None]
    if len(given) != 1:
        raise typer.BadParameter("give exactly one of PAYLOAD, --file or --image")
    if file is not None:
        return "vc", json.loads(file.read_text("utf-8"))
    if image is not None:
        texts = [t for t in qr.read_image(image.read_bytes()) if t.startswith(qr.PREFIX)]
        return "qr", texts[0] if texts else None
    return "qr", payload


def _check(kind: str, value: Any, source: verify.Trust) -> Result:
    if value is None:
        return result(Verdict.MALFORMED, reason="no qualicert QR code found in the image")
    if kind == "vc":
        return verify.verify_vc(value, source)
    return verify.verify_qr(str(value), source)


@readable_errors
def verify_command(
    payload: Annotated[str | None, typer.Argument(help="A QR payload QC1:...")] = None,
    file: Annotated[Path | None, typer.Option(help="A VC JSON file.")] = None,
    image: Annotated[Path | None, typer.Option(help="An image with the QR code.")] = None,
    offline: Annotated[bool, typer.Option(help="Use --trust-list, not the database.")] = False,
    trust_list: Annotated[Path | None, typer.Option(help="A signed trust list file.")] = None,
    log_key: Annotated[
        str | None, typer.Option(help="The log's vkey to check the trust list with.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the verdict as JSON.")] = False,
) -> None:
    """Verify a credential: VALID, NOT_CURRENT, TAMPERED, UNKNOWN_ISSUER, NOT_FOUND, MALFORMED."""
    kind, value = _inputs(payload, file, image)
    if offline:
        if trust_list is None:
            raise typer.BadParameter("--offline needs --trust-list FILE")
        listed = trust.open_trust_list(trust_list.read_text("utf-8"), log_key)
        if not listed.pinned:
            err_console.print("note: trust list checked with the log key it names (not pinned)")
        outcome = _check(kind, value, verify.OfflineTrust(listed))
        outcome.details["status_as_of"] = listed.as_of
    else:
        with session_scope() as session:
            outcome = _check(kind, value, verify.OnlineTrust(session))
    _show(outcome, as_json)
    if outcome.verdict is not Verdict.VALID:
        raise typer.Exit(1)


def _show(outcome: Result, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(outcome.as_dict(), ensure_ascii=False))
        return
    colour = "green" if outcome.verdict is Verdict.VALID else "red"
    console.print(f"[{colour}]{outcome.verdict.value}[/{colour}] {outcome.message}")
    console.print(outcome.message_zh)
