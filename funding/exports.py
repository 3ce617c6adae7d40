"""The Funding page's awards table as a spreadsheet, CSV or XLSX (vawg_tracker.downloads
makes both safe to open in Excel): the same FundingSummary, the same filters."""

from vawg_tracker.downloads import Column, download_response, money

AWARD_COLUMNS = [
    Column("Reference", width=14),
    Column("Title", width=40),
    Column("Funding source", width=36),
    "Ring-fenced",
    Column("Partner organisation", width=36),
    "By and for",
    "Specialist VAWG provider",
    Column("Size", width=16),
    Column("Kind", width=16),
    "Status",
    "Starts",
    "Ends",
    "Financial year",
    money("Awarded in the year (£)"),
    money("Spent to date (£)"),
    "People supported",
    money("Cost per person supported (£)"),
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
            award.people,
            award.cost_per_person,
        ]


def awards_response(summary, file_format):
    name = f"funding-{summary.year}"
    return download_response(file_format, name, AWARD_COLUMNS, award_rows(summary), sheet="Awards")
