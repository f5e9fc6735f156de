"""The report to Veilig Thuis as PDF (WeasyPrint) and as JSON, from what the coordinator sent."""

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from zicht.signals.models import VeiligThuisReport

SECTION_TITLES = {
    "reason": "Aanleiding",
    "household": "Gezin",
    "signals": "Signalen",
    "weighing": "Afweging (afwegingskader)",
    "safety_plan": "Veiligheidsplan: risico's en maatregelen",
    "done": "Wat is er al gedaan",
}


def report_json(report: VeiligThuisReport, *, address: str | None = None) -> dict[str, Any]:
    """The report as data. ``address`` is the copy sent along, given only by the caller that
    revealed it (``reports.report_address_reveal``); otherwise it stays out."""
    data: dict[str, Any] = {
        "uuid": str(report.uuid),
        "reference": report.reference,
        "status": report.status,
        "veilig_thuis": report.veilig_thuis.name,
        "reporter_organisation": report.organisation.name,
        "reporter": report.drafted_by.get_full_name() or report.drafted_by.username,
        "sent_at": report.sent_at.isoformat() if report.sent_at else None,
        "sections": {key: report.content.get(key, "") for key in VeiligThuisReport.SECTIONS},
    }
    if report.include_address:
        data["address"] = address
    return data


def report_document(report: VeiligThuisReport, *, address: str | None = None):
    """The laid-out WeasyPrint document (its text can be checked before writing the PDF);
    the address only when the caller revealed it, as in ``report_json``."""
    from weasyprint import HTML

    with translation.override("nl"):
        html = render_to_string("signals/report_pdf.html", {
            "report": report, "address": address,
            "sections": [(SECTION_TITLES[k], report.content.get(k, ""))
                         for k in VeiligThuisReport.SECTIONS],
        })
    return HTML(string=html).render()


def report_pdf(report: VeiligThuisReport, *, address: str | None = None) -> bytes:
    return report_document(report, address=address).write_pdf()
