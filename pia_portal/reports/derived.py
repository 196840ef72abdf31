"""Items the entries already say: 委託件数 is the number of 委託事項, 提供件数 and 移転件数 the number of
提供先 and 移転先. They are written from the entries, never typed, except where the form counts
something the entries do not list (a count without entries, or destinations listed in a 別紙,
which published reports count in more than one way)."""

from __future__ import annotations

from . import models as m


def derived_counts(file: m.PersonalInfoFile) -> dict[str, int]:
    """{attr: count} for the counts of `file` that its entries give."""
    counts = {}
    outsourcings = m.Outsourcing.objects.filter(version_id=file.version_id, file=file).count()
    if outsourcings:
        counts["outsourcing_count"] = outsourcings
    annexes = {kind or "PROVISION" for kind in m.Annex.objects.filter(version_id=file.version_id, file=file)
               .filter(rows__isnull=False).values_list("kind", flat=True)}
    for attr, model, kind in (("provision_count", m.ProvisionDestination, "PROVISION"),
                              ("transfer_count", m.TransferDestination, "TRANSFER")):
        listed = model.objects.filter(version_id=file.version_id, file=file).count()
        if listed and kind not in annexes:
            counts[attr] = listed
    return counts


def write_counts(file: m.PersonalInfoFile) -> list[str]:
    """Bring the counts of `file` up to date with its entries; the attrs that changed."""
    counts = derived_counts(file)
    changed = [attr for attr, value in counts.items() if getattr(file, attr) != value]
    for attr in changed:
        setattr(file, attr, counts[attr])
    if changed:
        file.save(update_fields=changed)
    return changed
