"""An organisation's activities as a spreadsheet, CSV or XLSX (vawg_tracker.downloads makes
both safe to open in Excel): one set of columns and rows for both."""

from vawg_tracker.downloads import Column, download_response

ACTIVITY_COLUMNS = [
    "Date",
    "Until",
    "Quarter",
    Column("Action", width=50),
    Column("Kind", width=24),
    Column("Title", width=40),
    "People reached",
    "Sessions",
    "Hours",
    Column("Area", width=24),
    "State",
]


def activities_response(organisation, file_format):
    """The organisation's own activities, oldest first, as CSV or XLSX."""
    activities = organisation.activities.select_related("action").order_by("started_on", "id")

    def rows():
        for a in activities.iterator(chunk_size=1000):
            yield [
                a.started_on,
                a.ended_on,
                str(a.period),
                f"{a.action.reference} {a.action.title}",
                a.get_kind_display(),
                a.title,
                a.people_reached,
                a.sessions,
                a.hours,
                a.area,
                a.get_state_display(),
            ]

    return download_response(
        file_format, "activities", ACTIVITY_COLUMNS, rows(), sheet="Activities"
    )
