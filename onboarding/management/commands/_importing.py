"""What the import commands share: reading the file within the limits, and saying what the
preview found."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from onboarding.preview import NotReady
from onboarding.reading import MAX_BYTES, FileRefused


def read_file(path):
    path = Path(path)
    if not path.is_file():
        raise CommandError(f"There is no file {path}.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise CommandError(
            f"{path} is {size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_BYTES // 1024 // 1024} MB. Split it, or leave out what is not needed."
        )
    return path.read_bytes()


def author(username, *, dry_run):
    if dry_run:
        return None
    if not username:
        raise CommandError(
            "Give --user USERNAME: the import is recorded as that person's (the records' "
            "history, and any progress update it records)."
        )
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"There is no active user {username!r}.")
    return user


def preview_or_refuse(make_preview):
    try:
        return make_preview()
    except FileRefused as refused:
        raise CommandError(str(refused)) from None


def report_and_apply(command, preview, *, by, dry_run, create_missing):
    """Print the preview and every problem; save unless --dry-run or there are problems."""
    for line in preview.summary_lines():
        command.stdout.write(line)
    for line in preview.change_lines():
        command.stdout.write(f"  changed: {line}")
    errors = preview.errors(create_missing)
    for problem in errors:
        command.stdout.write(f"  problem: {problem}")
    if errors:
        raise CommandError(preview.refusal(create_missing))
    if create_missing and (preview.missing_leads or preview.missing_partners):
        command.stdout.write("Missing lead specialists and partners will be created.")
    if dry_run:
        command.stdout.write("Dry run: no problems; nothing was saved.")
        return
    try:
        counts = preview.apply(by=by, create_missing=create_missing)
    except NotReady as error:
        raise CommandError(str(error)) from None
    done = ", ".join(f"{count} {what}" for what, count in counts.items() if count)
    done = done or "nothing to change"
    command.stdout.write(f"Saved: {done}.")
