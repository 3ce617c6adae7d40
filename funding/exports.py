"""The Funding page's awards table as a spreadsheet, CSV or XLSX (vawg_tracker.downloads
makes both safe to open in Excel): the same FundingSummary, the same filters."""

from vawg_tracker.downloads import csv_response, xlsx_response

AWARD_COLUMNS = [
    "Reference",
    "Title",
    "Funding source",
    "Ring-fenced",
    "Partner organisation",
    "By and for",
    "Specialist VAWG provider",
    "Size",
    "Kind",
    "Status",
    "Starts",
    "Ends",
    "Financial year",
    "Awarded in the year (£)",
    "Spent to date (£)",
    "People supported",
    "Cost per person supported (£)",
]


def _yes(value):
    return "Yes" if value else "No"


def award_rows(summary):
    for award in summary.awards:
        organisation = award.organisation
        yield [
            award.reference,
            award.title,
            award.source.name,
            _yes(award.source.ring_fenced),
            organisation.name,
            _yes(organisation.by_and_for),
            _yes(organisation.specialist_vawg),
            organisation.get_size_band_display(),
            award.get_kind_display(),
            award.get_status_display(),
            award.starts_on,
            award.ends_on,
            summary.label,
            award.awarded,
            award.spent,
            "" if award.people is None else award.people,
            "" if award.cost_per_person is None else award.cost_per_person,
        ]


def awards_response(summary, file_format):
    name = f"funding-{summary.year}"
    if file_format == "xlsx":
        return xlsx_response(name, AWARD_COLUMNS, award_rows(summary), sheet="Awards")
    return csv_response(name, AWARD_COLUMNS, award_rows(summary))
